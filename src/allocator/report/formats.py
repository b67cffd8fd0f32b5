"""How report columns are shown, shared by the terminal tables and the workbook."""

from __future__ import annotations

import numpy as np

PERCENT_WORDS = ("share", "utilization", "gap")


def is_percent(column: object) -> bool:
    """Columns holding fractions shown as percentages (shares, utilization, gaps)."""
    return any(word in str(column) for word in PERCENT_WORDS)


TERM_COLUMNS = ("status", "sense", "family", "constraint", "binding", "reason", "effect", "item",
                "label", "knee", "warm_started")
"""Columns whose values are the engine's own words, translated in reports."""


def format_cell(value: object, percent: bool = False) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        value = float(value)
        if np.isnan(value):
            return ""
        if percent:
            return f"{value:.1%}"
        if abs(value) < 100:
            return f"{value:,.2f}"
        return f"{value / 1e6:,.1f}M" if abs(value) >= 1e7 else f"{value:,.0f}"
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)
