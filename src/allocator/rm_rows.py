"""The constraint table's rows per RM: the RM and the group (grade and region) each is of.

Pure: tables and names in, tables and names out; the drivers (allocator.driver_ranking), the
details' and the appendix's constraint tables (report.paper, report.appendix) read them alike.
"""

from __future__ import annotations

import pandas as pd

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

