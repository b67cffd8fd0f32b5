"""The report's last pages: every constraint row, one compact table per constraint family
under the family's heading, with only the columns some row of the family fills. Pure: the
constraint table in, tables out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.rm_rows import PER_RM_FAMILIES, row_groups

CONSTRAINT_ROWS = 400
"""Longer constraint tables show their binding rows first; constraints.csv has them all."""


def constraint_rows(constraints: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """Binding rows first when the table is too long to show whole, each RM's row with its
    grade and region; the steps measured are told where the page opens, and stay in
    constraints.csv."""
    shown = constraints.drop(columns=[c for c in constraints if c.startswith(("step_", "cut_"))
                                      or c == "identity"])
    per_rm = shown["constraint"].isin(PER_RM_FAMILIES)
    shown.insert(shown.columns.get_loc("label") + 1, "rm_group",
                 row_groups(shown, groups).where(per_rm))
    if len(shown) <= CONSTRAINT_ROWS:
        return shown
    order = np.argsort(~shown["binding"].to_numpy(dtype=bool), kind="stable")
    return shown.iloc[np.sort(order[:CONSTRAINT_ROWS])]


RM_FAMILIES_SHOWN = frozenset({"coverage", "rm_capacity", "rm_book_size", "rm_min_load",
                               "continuity", "rm_offer_link", "rm_month_hours"})
"""The constraint families about RMs: a book without RMs to plan has nothing under them."""


def applying(constraints: pd.DataFrame, with_rms: bool) -> pd.DataFrame:
    """The constraint rows that apply to the book: the families about RMs only for a book
    `with_rms` to plan (RM_FAMILIES_SHOWN)."""
    if with_rms or "family" not in constraints:
        return constraints
    return constraints[~constraints["family"].isin(RM_FAMILIES_SHOWN)]


def family_tables(rows: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The rows by constraint family, families in their first row's order: each family's
    rows without the family column (its heading names it) and without the columns none of
    its rows fills."""
    tables = []
    for family in pd.unique(rows["family"]):
        part = rows[rows["family"] == family].drop(columns="family")
        tables.append((str(family), part.loc[:, [filled(part[name]) for name in part]]))
    return tables


def filled(column: pd.Series) -> bool:
    """Whether some cell of the column holds a value (not missing, not empty text)."""
    present = column.notna()
    if not pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column):
        present &= column.astype(str).str.strip() != ""
    return bool(present.any())
