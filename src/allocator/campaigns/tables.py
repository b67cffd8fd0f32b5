"""The calendar's table for the reports: one row per activity with what the plan does with it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.campaigns.activities import activities_of
from allocator.scenario.calendar import CalendarSection
from allocator.scenario.schema import OfferSpec

ACTIVITY_COLUMNS = ("activity", "offer", "day", "week", "channel", "products",
                    "cost_per_contact", "contacts", "spend", "expected_sales", "value")


def activity_table(calendar: CalendarSection, specs: dict[str, OfferSpec],
                   offer_plan: pd.DataFrame) -> pd.DataFrame:
    """Per activity, by day: its offer, week, channel, products and cost per contact; the
    plan's contacts, their spend, expected sales (response probabilities summed) and value."""
    acts = activities_of(calendar, specs)
    made = offer_plan.groupby(c.OFFER_ID).agg(
        contacts=(c.OFFER_ID, "size"), spend=("cost", "sum"),
        expected_sales=("propensity", "sum"), value=("value", "sum"))
    made = made.reindex(list(acts.ids), fill_value=0)
    frame = pd.DataFrame({
        "activity": list(acts.ids),
        "offer": [calendar.activities[a].offer for a in acts.ids],
        "day": acts.day, "week": (acts.day - 1) // 7 + 1, "channel": acts.channel,
        "products": ["|".join(sorted(p)) for p in acts.products],
        "cost_per_contact": acts.cost,
        "contacts": made["contacts"].to_numpy(dtype=np.int64),
        "spend": made["spend"].to_numpy(dtype=float),
        "expected_sales": made["expected_sales"].to_numpy(dtype=float),
        "value": made["value"].to_numpy(dtype=float)})
    return frame.sort_values(["day", "activity"], kind="stable").reset_index(drop=True)


RM_HOURS_COLUMNS = ("first_day", "last_day", "grade", "rms", "rm_hours", "hours_per_month",
                    "utilization")


def rm_hours_table(constraints: pd.DataFrame) -> pd.DataFrame:
    """Per month of RM contacts and RM grade: the hours the grade's RMs give their customers'
    RM contacts against their hours per month (the checker's rows of rm_month_hours, labelled
    grade / RM / days)."""
    rows = constraints[constraints["constraint"] == "rm_month_hours"]
    if rows.empty:
        return pd.DataFrame(columns=list(RM_HOURS_COLUMNS))
    parts = rows["label"].astype(str).str.split(" / ", expand=True)
    days = parts[2].str.split("-", expand=True).astype(int)
    frame = pd.DataFrame({"first_day": days[0], "last_day": days[1], "grade": parts[0],
                          "rm_id": parts[1], "used": rows["used"].astype(float),
                          "limit": rows["limit"].astype(float)})
    out = frame.groupby(["first_day", "last_day", "grade"], sort=True).agg(
        rms=("rm_id", "nunique"), rm_hours=("used", "sum"),
        hours_per_month=("limit", "sum")).reset_index()
    out["utilization"] = np.divide(out["rm_hours"], out["hours_per_month"],
                                   out=np.zeros(len(out)), where=out["hours_per_month"] > 0)
    return out[list(RM_HOURS_COLUMNS)]
