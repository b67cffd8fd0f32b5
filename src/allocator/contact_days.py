"""Under a campaign calendar, offer_plan.csv's day of each contact against the day its activity
runs. The Parquet plan's schedules and plan.xlsx's contacts sheet are derived again from the
calendar's days (table_check, workbook_rewritten); offer_plan.csv states each contact's day
itself, so a day that is not a whole day of the horizon, or not its activity's day, is named
here by line, customer and activity, with the day found and the day the activity runs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.errors import cut, listed, shown_id, told
from allocator.scenario.calendar import CalendarSection

DAY = "day"
SHOWN = 5
"""How many wrong days a message names (with how many more there are)."""


def contact_days_difference(table: pd.DataFrame, calendar: CalendarSection) -> str | None:
    """What of offer_plan.csv's contact days differs from its activities' days (None where
    every contact of a calendar activity is on its activity's day); a contact of an offer
    that is no activity is named by the checker, not here."""
    if DAY not in table.columns:
        return told("table_lacks_columns", columns=DAY)
    runs = pd.Series({name: a.day for name, a in calendar.activities.items()}, dtype=float)
    activity = table[c.OFFER_ID].astype(object).where(table[c.OFFER_ID].notna(), "").astype(str)
    wanted = activity.map(runs).to_numpy(dtype=float)
    found = pd.to_numeric(table[DAY], errors="coerce").to_numpy(dtype=float)
    whole = (np.isfinite(found) & (found == np.round(found)) & (found >= 1)
             & (found <= calendar.horizon))
    wrong = np.flatnonzero(~np.isnan(wanted) & ~(whole & (found == wanted)))
    if not len(wrong):
        return None
    named = [told("contact_day", line=int(at) + 2, customer=shown_id(table[c.CUSTOMER_ID].iloc[at]),
                  activity=cut(activity.iloc[at]), day=_day_text(table[DAY].iloc[at]),
                  why=told("contact_day_outside", horizon=calendar.horizon) if not whole[at]
                  else told("contact_day_other"), runs=int(wanted[at]))
             for at in wrong[:SHOWN]]
    return told("contact_days_wrong", rows=listed(named, len(wrong), told("sheet_cells_joint")))


def _day_text(value: object) -> str:
    """A day as the file holds it: a whole number without its '.0', a blank as "(blank)"."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or str(value) == "":
        return told("blank_day")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return cut(value)
