"""A sweep's table: its points' rows (without what a failed point keeps for the message), each
point's change against its neighbour, noise band and verdict placed after the gap, and the
frontier of a sweep over one numeric key."""

from __future__ import annotations

from typing import Any

import pandas as pd

from allocator.sweep_points import FAILURE
from allocator.sweeps import frontier, neighbours


def points_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The points' rows as a table (without what a failed point keeps for the message)."""
    return pd.DataFrame([{k: v for k, v in row.items() if k != FAILURE} for row in rows])


def frontier_of(table: pd.DataFrame, keys: list[str]) -> pd.DataFrame | None:
    """The frontier of a sweep over one numeric key with at least two planned points."""
    planned = table.get("objective", pd.Series(dtype=float)).notna().sum()
    if len(keys) == 1 and _numeric(table[keys[0]]) and planned >= 2:
        return frontier(table, keys[0])
    return None


def flagged(table: pd.DataFrame, keys: list[str], zipped: bool) -> pd.DataFrame:
    """The table with each point's change against its neighbour, noise band and verdict
    placed after the gap."""
    if "objective" not in table:
        return table
    flags = neighbours(table, keys, zipped)
    at = table.columns.get_loc("gap") + 1
    return pd.concat([table.iloc[:, :at], flags, table.iloc[:, at:]], axis=1)


def _numeric(column: pd.Series) -> bool:
    return bool(pd.to_numeric(column, errors="coerce").notna().all())
