"""Where a table's rows stand in its source, as the user sees them there. A message that names
a row of an input table (a repeated id, a row without one, an offer id too long, a 'nan' cell,
a formula never computed) names it by the CSV file's line or the sheet's row number, whatever
title lines sit above the header ("Customer extract 2026-11-30"), so that the user who opens
the file at that number finds that row; a source with no header line of its own (Parquet, a
query's result, a generated book) numbers its rows from 1. The reader (allocator.book.sources)
says where the header stands, and every such message numbers its rows by `RowPlaces.number`,
the one place that adds the header's position to a row's index.

A CSV file's blank line among its rows is skipped as it is read, and a quoted text may run over
several lines: a CSV file's rows are numbered by the lines the file holds them on, counted
(allocator.book.csv_lines), so a row below either is named by its own line, as an editor
shows it (an empty row of a sheet is read as a row, and numbered)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from allocator.book.csv_lines import CsvLines

Kind = Literal["data", "csv", "sheet"]
"""How the user numbers the rows: a source's rows from 1, a CSV file's lines, a sheet's rows."""

SAID = {"data": "", "csv": "_line", "sheet": "_sheet"}
"""The suffix of a catalogue message's key that names rows of each kind ("row 3 of the data",
"line 4 of the file", "row 4 of the sheet")."""


@dataclass(frozen=True)
class RowPlaces:
    """Where the rows of a table read from a source stand in it."""

    kind: Kind = "data"
    header: int = 0
    """The number of the header's line (a CSV file) or row (a sheet), 1-based as the file or
    the spreadsheet numbers it; 0 where the source has no header line."""
    lines: CsvLines | None = field(default=None, compare=False)
    """A CSV file's lines its rows start on (blank lines and a text's line breaks among them);
    None where each row stands on the line (row) below the one above it."""

    def number(self, index: int) -> int:
        """The number the user sees for the table's row at `index` (0: the first under the
        header)."""
        return int(self.numbers(np.asarray([index]))[0])

    def numbers(self, indexes: np.ndarray | list[int]) -> np.ndarray:
        """`number` of each of `indexes`."""
        if self.lines is not None:
            return self.lines.numbers(np.asarray(indexes))
        return self.header + 1 + np.asarray(indexes)

    def said(self, key: str) -> str:
        """The catalogue key of message `key` that names rows of this kind (`key` itself for a
        source's rows, `key`_line for a CSV file's, `key`_sheet for a sheet's)."""
        return key + SAID[self.kind]


DATA_ROWS = RowPlaces()
"""A source's rows numbered from 1: a Parquet file, a query's result, a generated book."""
