"""The constraint table's rows per RM: the RM and the group (grade and region) each is of, and
which are of an RM that can hold no customer (keepable.can_hold), whose price no driver shows.

Pure: tables and names in, tables and names out; the drivers (allocator.driver_ranking), the
details' and the appendix's constraint tables (report.paper, report.appendix) read them alike.
"""

from __future__ import annotations

import pandas as pd

from allocator.keepable import can_hold
from allocator.sensitivity import RM_FAMILIES

PER_RM_FAMILIES = (*RM_FAMILIES, "rm_month_hours")
"""Limits with a row per RM (an RM-month's row per RM and month): the drivers, the watch list
and the constraint table show them by grade and region (and month)."""
MONTHLY = "rm_month_hours"
"""The family whose rows are an RM's month: labelled grade / RM / first-last day."""


def row_rms(rows: pd.DataFrame) -> pd.Series:
    """The RM of each row per RM: its label, or an RM-month's middle part."""
    labels = rows["label"].astype(str)
    monthly = rows["constraint"] == MONTHLY
    return labels.where(~monthly, labels.str.split(" / ").str[1])


def row_groups(rows: pd.DataFrame, rm_groups: dict[str, str]) -> pd.Series:
    """The group of each row per RM (`rm_groups`: RM id -> group): its RM's group, with an
    RM-month's days after it ("premier_rm / R2 / 29-56"); a row of an unknown RM, its label."""
    labels = rows["label"].astype(str)
    group = row_rms(rows).map(rm_groups).astype(object)
    months = (rows["constraint"] == MONTHLY) & group.notna()
    days = labels[months].str.split(" / ").str[-1]
    group[months] = group[months].astype(str) + " / " + days
    return group.where(group.notna(), labels)


def holding_none(rms: pd.DataFrame) -> tuple[str, ...]:
    """The ids of the RMs of the RM table `rms` that can hold no customer (keepable.can_hold:
    0 capacity hours or a max_book of 0), in order: the RMs `of_holding` leaves out."""
    holding = can_hold(rms)
    return tuple(sorted(str(rm) for rm in holding.index[~holding.to_numpy()]))


def of_holding(table: pd.DataFrame, none: tuple[str, ...]) -> pd.DataFrame:
    """The constraint `table` without the rows per RM of the RMs `none` (`holding_none`): the
    price of such an RM's limit is that of a limit no plan can use (one more hour gives no
    customer the hours it needs), so it counts in no grade's or region's row, neither its limit
    nor its price, and a grade or region of none but such RMs has no row."""
    if not none:
        return table
    idle = table["constraint"].isin(PER_RM_FAMILIES) & row_rms(table).isin(none)
    return table[~idle.to_numpy()]
