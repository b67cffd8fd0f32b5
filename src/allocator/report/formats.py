"""How report columns are shown, shared by the terminal tables and the workbook."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator.report.language import Words

PERCENT_WORDS = ("share", "utilization", "gap", "uplift", "base_rate", "predicted", "observed")


def is_percent(column: object) -> bool:
    """Columns holding fractions shown as percentages (shares, utilization, gaps)."""
    return any(word in str(column) for word in PERCENT_WORDS)


ID_COLUMNS = ("tier", "previous_tier", "package", "offer_id", "grade", "region", "channel",
              "offers")
"""Columns of ids that the scenario's labels name (offers: a customer's offers, '|' between)."""
TERM_COLUMNS = ("status", "sense", "family", "constraint", "binding", "reason", "effect", "item",
                "label", "knee", "warm_started", "baseline", "meets_every_limit",
                "method", "within_gap", "value_within_gap", "coverage_value_within_gap",
                "falls_short", "kpi", "change", "net_within_gap", "identity", "rm_group",
                *ID_COLUMNS)
"""Columns whose values are the engine's own words, translated in reports, or ids, shown by
their labels."""


def format_cell(value: object, percent: bool = False, words: Words | None = None,
                whole: bool = False) -> str:
    """A cell as text; `whole`: the column holds whole numbers only (counts, quotas), shown
    without decimals. Large amounts are shown in full, never as 17.7M beside 4,319,005."""
    if isinstance(value, bool | np.bool_):
        return (words or Words()).term("yes" if value else "no")
    if isinstance(value, float | np.floating):
        value = float(value)
        if np.isnan(value):
            return ""
        if np.isinf(value):
            return "∞" if value > 0 else "-∞"
        if percent:
            return f"{value:.1%}"
        digits = 2 if abs(value) < 100 and not whole else 0
        return f"{round(value, digits) + 0.0:,.{digits}f}"  # + 0.0: never -0.00
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


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


def view(frame: pd.DataFrame, words: Words, highlight: str | None = None) -> TableView:
    """A table as display text: translated headers and terms, numbers formatted by column."""
    percent = [is_percent(name) for name in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[name])
               and not pd.api.types.is_bool_dtype(frame[name]) for name in frame.columns]
    flags = (frame[highlight].to_numpy(dtype=bool) if highlight in frame.columns
             else np.zeros(len(frame), dtype=bool))
    whole = whole_columns(frame)
    rows = [Row([Cell(format_cell(v, p, words, w), n)
                 for v, p, n, w in zip(row, percent, numeric, whole, strict=True)], bool(flag))
            for row, flag in zip(words.localized(frame, TERM_COLUMNS).itertuples(index=False),
                                 flags, strict=True)]
    return TableView(words.headers(frame), rows)
