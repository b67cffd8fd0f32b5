"""The calendar's tables for the reports: one row per activity with what the plan does with
it, one row per contact (the customer, its day, week, month, channel, offer and activity), and
each customer's contacts and schedule in words."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.campaigns.activities import activities_of, scheduled_terms
from allocator.report.formats import joined_per_owner
from allocator.report.language import Words
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


CONTACT_COLUMNS = (c.CUSTOMER_ID, "day", "week", "month", "channel", "offer", "activity")


def contact_table(calendar: CalendarSection, specs: dict[str, OfferSpec],
                  offer_plan: pd.DataFrame) -> pd.DataFrame:
    """One row per contact, each customer's by day (customers in the offer plan's order):
    its day, week (days 1-7 are week 1), month (of `calendar.month_days` days, as RM hours
    count them), channel, offer and activity."""
    at = _activity_at(calendar, offer_plan[c.OFFER_ID])
    offer, day = scheduled_terms(calendar)
    channel = activities_of(calendar, specs).channel
    frame = pd.DataFrame({
        c.CUSTOMER_ID: offer_plan[c.CUSTOMER_ID].astype(str).to_numpy(), "day": day[at],
        "week": (day[at] - 1) // 7 + 1, "month": (day[at] - 1) // calendar.month_days + 1,
        "channel": channel[at], "offer": offer[at],
        "activity": offer_plan[c.OFFER_ID].astype(str).to_numpy()})
    order = np.lexsort((frame["activity"].to_numpy(), frame["day"].to_numpy(),
                        pd.factorize(frame[c.CUSTOMER_ID])[0]))
    return frame.iloc[order].reset_index(drop=True)


def contact_sheet(calendar: CalendarSection, specs: dict[str, OfferSpec],
                  offer_plan: pd.DataFrame, most: int) -> pd.DataFrame:
    """plan.xlsx's contacts: contact_table, or past `most` contacts a frame of as many rows
    and no columns, not built (the sheet then points to offer_plan.csv)."""
    if len(offer_plan) > most:
        return pd.DataFrame(index=pd.RangeIndex(len(offer_plan)))
    return contact_table(calendar, specs, offer_plan)


def schedules(calendar: CalendarSection, specs: dict[str, OfferSpec], customer: np.ndarray,
              activity: np.ndarray, n: int, words: Words) -> tuple[np.ndarray, np.ndarray]:
    """Per customer 0..n-1 (`customer`, `activity`: each contact's customer position and
    activity id): how many contacts, and their schedule in `words` ("day 45 call centre:
    personal loan (Loan call Q1); day 104 SMS: ..."), by day; blank without one."""
    at = _activity_at(calendar, activity)
    offer, day = scheduled_terms(calendar)
    channel = activities_of(calendar, specs).channel
    said = np.array([words("schedule_contact", day=day[a], channel=words.term(channel[a]),
                           offer=words.term(offer[a]), activity=words.term(name))
                     for a, name in enumerate(calendar.activities)], dtype=object)
    order = np.lexsort((np.asarray(activity, dtype=str), day[at], customer))
    owner = np.asarray(customer, dtype=np.int64)
    return np.bincount(owner, minlength=n), joined_per_owner(
        said[at[order]], owner[order], n, words.sep("list"))


def _activity_at(calendar: CalendarSection, ids: object) -> np.ndarray:
    """Each id's position among the calendar's activities."""
    return pd.Index(list(calendar.activities)).get_indexer(pd.Index(ids).astype(str))


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
