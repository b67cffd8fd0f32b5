"""How report columns are shown, shared by the terminal tables and the workbook."""

from __future__ import annotations

PERCENT_WORDS = ("share", "utilization", "gap")


def is_percent(column: object) -> bool:
    """Columns holding fractions shown as percentages (shares, utilization, gaps)."""
    return any(word in str(column) for word in PERCENT_WORDS)
