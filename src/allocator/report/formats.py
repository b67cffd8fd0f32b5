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
                "falls_short", "kpi", "change", "net_within_gap", "identity", *ID_COLUMNS)
"""Columns whose values are the engine's own words, translated in reports, or ids, shown by
their labels."""


def format_cell(value: object, percent: bool = False, words: Words | None = None) -> str:
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
        if abs(value) < 100:
            return f"{value:,.2f}"
        return f"{value / 1e6:,.1f}M" if abs(value) >= 1e7 else f"{value:,.0f}"
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


def view(frame: pd.DataFrame, words: Words, highlight: str | None = None) -> TableView:
    """A table as display text: translated headers and terms, numbers formatted by column."""
    percent = [is_percent(name) for name in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[name])
               and not pd.api.types.is_bool_dtype(frame[name]) for name in frame.columns]
    flags = (frame[highlight].to_numpy(dtype=bool) if highlight in frame.columns
             else np.zeros(len(frame), dtype=bool))
    rows = [Row([Cell(format_cell(v, p, words), n) for v, p, n in zip(row, percent, numeric,
                                                                strict=True)], bool(flag))
            for row, flag in zip(words.localized(frame, TERM_COLUMNS).itertuples(index=False),
                                 flags, strict=True)]
    return TableView(words.headers(frame), rows)
