"""Which of a table's first rows is its header, in a workbook's sheet and in a CSV file alike:
the first that holds every required column (but for case and spaces), else the first row. A
report's layout often puts a title, a date or a note above the table ("Customer extract
2026-11-30"), which is skipped, never read as the header; a row further down than HEADER_ROWS
is data."""

from __future__ import annotations

from collections.abc import Sequence

from allocator.book.headers import loose

HEADER_ROWS = 10
"""How many of a table's first rows may hold its header: a title, a date and a note or two
above a table; a row further down is data."""

Rows = Sequence[tuple[int, Sequence[str]]]
"""A table's first rows, each its number (1-based, as the file or the spreadsheet numbers it)
and its values, as text."""


def header_row(rows: Rows, needed: Sequence[str]) -> int:
    """The number of the header row among `rows`: the first that holds every `needed` name but
    for case and spaces, else the first (0 when there is no row)."""
    return next((number for number, values in rows if holds(values, needed)),
                rows[0][0] if rows else 0)


def holds(values: Sequence[str], needed: Sequence[str]) -> bool:
    """Whether a row's `values` hold every `needed` name, but for case and spaces."""
    return {loose(name) for name in needed} <= {loose(value) for value in values}
