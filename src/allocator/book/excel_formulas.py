"""Formula cells of an input workbook whose value was never computed. A workbook keeps each
formula's last computed value beside it; one written by a program (openpyxl, a report
generator) and never opened in a spreadsheet holds the formula alone, which every reader
takes for an empty cell: a required value "missing", an optional one silently its default.
Such cells are refused naming the file, the sheet, the column and the rows."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allocator.book.row_places import RowPlaces
from allocator.errors import UserError, cut, examples


def refuse_uncomputed_formulas(path: Path, sheet: str | int, frame: pd.DataFrame,
                               label: str, places: RowPlaces) -> None:
    """UserError naming the first column of `frame` (read from the sheet, under its column
    names on the header row `places` gives) that has blank cells holding a formula, by their
    rows in the sheet; reads the sheet's formulas only where `frame` has blanks."""
    blank = frame.isna().to_numpy()
    if not blank.any():
        return
    import openpyxl  # pandas' own reader of .xlsx files

    book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    try:
        worksheet = book[sheet] if isinstance(sheet, str) else book.worksheets[sheet]
        formulas = _formula_rows(worksheet, list(frame.columns), blank, places)
        name = worksheet.title
    finally:
        book.close()
    for column, rows in formulas.items():
        raise UserError.said("formula_not_computed", label=label, sheet=cut(name),
                             column=column, count=len(rows), rows=examples(rows))


def _formula_rows(worksheet: object, columns: list[str], blank: np.ndarray, places: RowPlaces
                  ) -> dict[str, list[int]]:
    """Per column of `columns`, the sheet rows (1-based, as the spreadsheet numbers them)
    whose cell holds a formula where the frame read a blank."""
    rows = worksheet.iter_rows(min_row=places.header,  # type: ignore[attr-defined]
                               values_only=True)
    header = [None if name is None else str(name) for name in next(rows, ())]
    positions = {name: header.index(name) for name in columns if name in header}
    found: dict[str, list[int]] = {}
    for index, values in enumerate(rows):
        if index >= len(blank):
            break
        for position, name in enumerate(columns):
            at = positions.get(name)
            if (at is not None and blank[index, position] and at < len(values)
                    and isinstance(values[at], str) and values[at].startswith("=")):
                found.setdefault(name, []).append(places.number(index))
    return found
