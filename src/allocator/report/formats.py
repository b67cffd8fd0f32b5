"""How report columns are shown, shared by the terminal tables and the workbook: which
columns hold shares, shares used, multiples, limits, the engine's terms or ids, which rows count
or hold shares, and a table as display text (view), each value as cell_texts.py writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator.families import COUNTED
from allocator.report.cell_texts import (
    format_cell,
    limit_text,
    multiple_text,
    percent_shown,
    used_shown,
)
from allocator.report.language import Words

PERCENT_WORDS = ("share", "utilization", "gap", "uplift", "base_rate", "predicted", "observed")


MULTIPLE_COLUMNS = ("roi",)
"""Columns holding a multiple (value per unit spent), shown with ×: 685×, 2.55×."""


LIMIT_COLUMNS = ("limit",)
"""Columns holding a limit as the scenario gives it: shown with the decimals it has
(limit_text)."""


COUNTED_ROWS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "constraint": (COUNTED | {"coverage_mandatory", "coverage_optional", "contact",
                              "package_choice"}, ("limit", "used", "slack")),
    "kpi": (frozenset({"customers", "covered", "reassignments", "rms", "rm_moves"}), ()),
}
"""Rows that count (offers against a quota, customers, RMs) in tables whose columns also hold
amounts: column naming the row -> (the counting rows, the columns they count in; () for every
numeric column). Their counts are shown whole: 90 of a quota of 90, never 90.00. The constraints
that count are the counted families' (allocator.families) and those counting customers covered,
offers per customer and packages chosen."""


PERCENT_ROWS: dict[str, frozenset[str]] = {"kpi": frozenset({"coverage_share", "gap"})}
"""Rows that hold shares in tables whose columns also hold amounts: column naming the row ->
the rows. Their numbers are shown as percentages (99.0%, never 0.99)."""
QUANTITY_COLUMNS = ("marginal_value",)
"""Columns of prices written with their units ("1.22 EUR per EUR of budget", with_units):
aligned as numbers, in a column wide enough for a price and a short unit on one line
(report.html's `qty` cells)."""
PARTS_COLUMNS = ("rms",)
"""Columns whose text cells say a group's parts ("1 of 3 RMs at 99.7%, 2 at 16.2-19.8%"):
report.html's `parts` cells, wide enough to read in a few lines."""
AMOUNT_COLUMNS = ("loosening_worth",)
"""Columns of amounts written with their currency ("4,660 EUR"): set as numbers."""
NUMBER_TEXT = re.compile(r"^[-+−]?[\d,]*\.?\d+(%|×)?$")
"""A cell's text that is a number (4,097, -0.001%, 2.55×): aligned right like one."""


def percent_cells(frame: pd.DataFrame) -> np.ndarray:
    """Rows x columns: the numeric cells of rows that hold shares (PERCENT_ROWS)."""
    cells = np.zeros(frame.shape, dtype=bool)
    numeric = np.array([pd.api.types.is_numeric_dtype(frame[name])
                        and not pd.api.types.is_bool_dtype(frame[name])
                        for name in frame.columns], dtype=bool)
    for column, rows in PERCENT_ROWS.items():
        if column in frame.columns:
            cells |= np.outer(frame[column].astype(str).isin(rows).to_numpy(), numeric)
    return cells


def counted_cells(frame: pd.DataFrame) -> np.ndarray:
    """Rows x columns: the cells of rows that count (COUNTED_ROWS), shown whole."""
    cells = np.zeros(frame.shape, dtype=bool)
    for column, (rows, columns) in COUNTED_ROWS.items():
        if column in frame.columns:
            counting = frame[column].astype(str).isin(rows).to_numpy()
            where = np.array([not columns or name in columns for name in frame.columns])
            cells |= np.outer(counting, where)
    return cells


def is_percent(column: object) -> bool:
    """Columns holding fractions shown as percentages (shares, utilization, gaps)."""
    return any(word in str(column) for word in PERCENT_WORDS)


ID_COLUMNS = ("tier", "previous_tier", "package", "offer_id", "grade", "region", "channel",
              "offers", "activity", "offer", "products")
"""Columns of ids that the scenario's labels name (offers: a customer's offers, '|' between;
a calendar's activity, its offer and the products it promotes)."""
TERM_COLUMNS = ("status", "sense", "family", "constraint", "binding", "reason", "effect", "item",
                "label", "knee", "warm_started", "baseline", "meets_every_limit",
                "method", "within_gap", "value_within_gap", "coverage_value_within_gap",
                "falls_short", "kpi", "change", "net_within_gap", "identity", "rm_group",
                "price_note", "step_note", "cut_note", "column", "target", *ID_COLUMNS)
"""Columns whose values are the engine's own words, translated in reports, or ids, shown by
their labels."""


USE_COLUMNS = ("use_share", "max_use_share", "utilization", "rm_utilization")
"""Columns holding the share of a limit used (a comparison's also as utilization_a, _b):
written by use_text."""
FULL_TOLERANCE = 1e-9
"""A share this close to 1 is full: hours summed in floating point."""


def is_use(column: object) -> bool:
    """Columns holding the share of a limit used (USE_COLUMNS), a run's of two compared too."""
    name = str(column)
    return any(name.removesuffix(side) in USE_COLUMNS for side in ("", "_a", "_b"))


def shares_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each share of a column of shares (is_use, is_percent) as the reports write
    it (used_shown, percent_shown), still a number: what plan.xlsx holds, so a share reads
    the same digits in the workbook as in summary.md and report.html."""
    shown = frame.copy(deep=False)
    for index, name in enumerate(frame.columns):
        column = frame.iloc[:, index]
        if not pd.api.types.is_float_dtype(column) or not is_percent(name):
            continue
        written = used_shown if is_use(name) else percent_shown
        shown.isetitem(index, column.map(written, na_action="ignore"))
    return shown


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    kind: str = ""
    """What report.html sets it as beyond a number or a text: "qty", a price with its unit
    (QUANTITY_COLUMNS); "parts", a group's parts (PARTS_COLUMNS)."""


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    highlight: bool = False


@dataclass(frozen=True)
class TableView:
    headers: list[str]
    rows: list[Row]


def whole_columns(frame: pd.DataFrame) -> list[bool]:
    """Which float columns hold whole numbers only (counts, quotas): shown without decimals."""
    return [pd.api.types.is_float_dtype(frame[name]) and bool(
        (frame[name].dropna() % 1 == 0).all()) for name in frame.columns]


def shown_cell(value: object, percent: bool, whole: bool, style: str, used: bool,
               words: Words) -> str:
    """A cell of a view: a multiple with × (`style` "multiple"), a limit that is not whole
    with its decimals ("limit"), anything else by format_cell."""
    if style and isinstance(value, float | np.floating) and np.isfinite(value):
        if style == "multiple":
            return multiple_text(float(value))
        if not percent and not float(value).is_integer():
            return limit_text(float(value))
    return format_cell(value, percent, words, whole, used)


def view(frame: pd.DataFrame, words: Words, highlight: str | None = None) -> TableView:
    """A table as display text: translated headers and terms, numbers formatted by column."""
    percent = [is_percent(name) for name in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[name])
               and not pd.api.types.is_bool_dtype(frame[name]) for name in frame.columns]
    flags = (frame[highlight].to_numpy(dtype=bool) if highlight in frame.columns
             else np.zeros(len(frame), dtype=bool))
    whole = whole_columns(frame)
    styles = ["multiple" if name in MULTIPLE_COLUMNS else "limit" if name in LIMIT_COLUMNS
              else "" for name in frame.columns]
    used = [is_use(name) for name in frame.columns]
    kinds = ["" if n else "qty" if name in QUANTITY_COLUMNS else "parts"
             if name in PARTS_COLUMNS else "" for n, name in zip(numeric, frame.columns,
                                                                 strict=True)]
    numeric = [n or name in AMOUNT_COLUMNS for n, name in zip(numeric, frame.columns,
                                                               strict=True)]
    rows = [Row([_view_cell(shown_cell(v, p or share, w or counted, m, u, words), n, q)
                 for v, p, n, q, w, m, u, counted, share in zip(
                     row, percent, numeric, kinds, whole, styles, used, counts, shares,
                     strict=True)],
                bool(flag))
            for row, flag, counts, shares in zip(
                words.localized(frame, TERM_COLUMNS).itertuples(index=False), flags,
                counted_cells(frame), percent_cells(frame), strict=True)]
    return TableView(words.headers(frame), rows)


def _view_cell(text: str, numeric: bool, kind: str = "") -> Cell:
    """A cell, aligned as a number when its column is numeric or its text reads as one (a
    column of figures already written as text, such as gaps in percent) or is a price with
    its unit (`kind` "qty"); a group's parts (`kind` "parts") only where it is no number."""
    number = numeric or bool(NUMBER_TEXT.match(text.replace(" ", "")))
    if kind == "parts" and (number or not text):
        kind = ""
    return Cell(text, number or kind == "qty", kind)


def without_blank_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` without the columns that say nothing: none of whose cells holds anything
    (missing or blank text), or a yes/no column that is no in every row (says_nothing). A
    column of notes that no row needs is not shown, nor a drivers' "at least" column where no
    worth is a lower bound."""
    if frame.empty:
        return frame
    return frame.drop(columns=[column for column in frame.columns
                               if says_nothing(frame[column])])


def says_nothing(column: pd.Series) -> bool:
    """Whether every cell of `column` is missing, blank text or a no (False); numbers, a 0
    among them, say something."""
    return all(not value.strip() if isinstance(value, str) else
               value is False or value is np.False_ or bool(pd.isna(value)) for value in column)


def joined_per_owner(labels: np.ndarray, owner: np.ndarray, n: int, sep: str) -> np.ndarray:
    """Per owner 0..n-1: its labels joined by `sep` in their order (NaN where it has none),
    one vectorized pass per label rank instead of a join per owner."""
    order = np.argsort(owner, kind="stable")
    owner, labels = owner[order], labels[order]
    rank = np.arange(len(owner)) - np.searchsorted(owner, owner)
    out = np.full(n, np.nan, dtype=object)
    for k in range(int(rank.max(initial=-1)) + 1):
        at = rank == k
        out[owner[at]] = labels[at] if k == 0 else out[owner[at]] + sep + labels[at]
    return out
