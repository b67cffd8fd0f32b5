"""A table on a workbook's sheet (.xlsx, .xlsm). Its header is the first of the sheet's first
filled rows that holds every required column (but for case and spaces), else its first filled
row (allocator.book.header_rows, as a CSV file's): a report's layout often leaves rows blank
above the table, or puts a title or a note there ("Customer book Q3 2026"), which are skipped,
never read as a header. A sheet that lacks the
table's columns is named with the row read as its header, and with the workbook's other sheets,
and with the one that holds them all where exactly one does: a cover or notes sheet put first
is the usual cause, and `sheet:` its fix."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from allocator.book.excel_formulas import refuse_uncomputed_formulas
from allocator.book.header_rows import HEADER_ROWS, header_row, holds
from allocator.book.row_places import RowPlaces
from allocator.errors import UserError, catalogued, cut, in_a_row, resolved


@dataclass(frozen=True)
class Sheet:
    """A worksheet's name and its first filled rows (up to HEADER_ROWS): each its number
    (1-based, as the spreadsheet numbers it) and its filled values, as text."""

    name: str
    rows: tuple[tuple[int, tuple[str, ...]], ...]


def sheet_header(path: Path, sheet: str | None, label: str, key: str, needed: Sequence[str]
                 ) -> list[str]:
    """The column names of the workbook's sheet (its first by default), read from its header
    row (`needed`: the source names of the table's required columns); an unknown sheet, or one
    with no value at all, is refused naming the workbook's other sheets."""
    sheets = workbook_sheets(path)
    names = [s.name for s in sheets]
    if sheet is not None and sheet not in names:
        raise UserError.said("sheet_unknown", label=label, sheet=cut(sheet), key=f"{key}.sheet",
                             names=in_a_row(f"'{cut(n)}'" for n in names))
    row = header_row(_chosen(sheets, sheet).rows, needed)
    header = [] if row == 0 else [str(n) for n in pd.read_excel(
        path, sheet_name=sheet or 0, skiprows=row - 1, nrows=0)]
    if not header:
        shown = _chosen(sheets, sheet).name
        others = [f"'{cut(n)}'" for n in names if n != shown]
        raise UserError.said("sheet_empty", label=label, sheet=cut(shown), key=f"{key}.sheet",
                             others=in_a_row(others) or "—")
    return header


def sheet_rows(path: Path, sheet: str | None, names: list[str], text: dict[str, str],
               label: str) -> tuple[pd.DataFrame, RowPlaces]:
    """The `names` columns of the table on the sheet (`text` among them read as text), under
    its header row (the first that holds them all, as it holds the required ones), and where
    its rows stand on the sheet; a formula whose value was never computed is refused."""
    places = RowPlaces("sheet", max(header_row(_chosen(workbook_sheets(path), sheet).rows,
                                               names), 1))
    frame = pd.read_excel(path, sheet_name=sheet or 0, usecols=names, dtype=text,
                          keep_default_na=False, na_values=[""], skiprows=places.header - 1)
    refuse_uncomputed_formulas(path, sheet or 0, frame, label, places)
    return frame, places


def missing_on_sheet(path: Path, sheet: str | None, key: str, needed: list[str]
                     ) -> tuple[str, dict[str, object]]:
    """The message of required columns the sheet lacks, and its fields beyond the columns:
    the sheet read and the row read as its header; the workbook's one other sheet with a row
    that has every `needed` name (the source names of the required columns), else its other
    sheets, if any."""
    sheets = workbook_sheets(path)
    chosen = _chosen(sheets, sheet)
    others = [s for s in sheets if s.name != chosen.name]
    holding = [s.name for s in others if any(holds(values, needed) for _, values in s.rows)]
    note = catalogued("sheet_header_row", row=header_row(chosen.rows, needed), rows=HEADER_ROWS)
    fields: dict[str, object] = {"sheet": cut(chosen.name), "key": key,
                                 "header_note": note[0], "header_note_zh": note[1]}
    if len(holding) == 1:
        given = yaml.safe_dump({"sheet": holding[0]}, allow_unicode=True).strip()
        return "missing_columns_sheet_found", {**fields, "other": cut(holding[0]),
                                               "given": given}
    if others:
        return "missing_columns_other_sheets", {
            **fields, "others": ", ".join(f"'{cut(s.name)}'" for s in others)}
    return "missing_columns_sheet", fields


def workbook_sheets(path: Path) -> tuple[Sheet, ...]:
    """The workbook's sheets in order, each with its first filled rows (read once per file
    and version: the header, the rows and an error's advice ask again)."""
    stat = path.stat()
    return _sheets(resolved(path), stat.st_mtime_ns, stat.st_size)


def _chosen(sheets: tuple[Sheet, ...], sheet: str | None) -> Sheet:
    """The sheet named `sheet`, else the first."""
    return next((s for s in sheets if s.name == sheet), sheets[0])


@lru_cache(maxsize=16)
def _sheets(path: Path, modified: int, size: int) -> tuple[Sheet, ...]:
    """`modified` and `size` tell the file's versions apart."""
    import openpyxl  # pandas' own reader of .xlsx files

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return tuple(_first_rows(worksheet) for worksheet in book.worksheets)
    finally:
        book.close()


def _first_rows(worksheet: object) -> Sheet:
    """The worksheet's first HEADER_ROWS rows holding a value (a cell of only spaces holds
    none)."""
    found: list[tuple[int, tuple[str, ...]]] = []
    rows = worksheet.iter_rows(min_row=1, values_only=True)  # type: ignore[attr-defined]
    for number, values in enumerate(rows, start=1):
        filled = tuple(str(value) for value in values if not _blank(value))
        if filled:
            found.append((number, filled))
        if len(found) == HEADER_ROWS:
            break
    return Sheet(worksheet.title, tuple(found))  # type: ignore[attr-defined]


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
