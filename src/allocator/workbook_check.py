"""plan.xlsx's sheets against the tables they show: the customer sheet against the Parquet
plan, customer_plan.parquet, the tiers sheet against tier_summary.csv. A sheet must hold its
table's rows and columns as the run wrote them (headers and the engine's terms in the run's
language, ids by their labels), so an edited RM, offer or tier package in the workbook is found
and named by its sheet, row and column."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from allocator.errors import UserError, listed, shown_id, told
from allocator.report.figures import infinity_text
from allocator.report.formats import TERM_COLUMNS, shares_shown
from allocator.report.language import Words
from allocator.report.workbook import SHEET_ROWS

CUSTOMERS = "customer plan"


@dataclass(frozen=True)
class Cell:
    """A cell of the sheet that differs from the plan."""

    row: int
    """The sheet's row number (1 is the header)."""
    column: int
    """The sheet's column number (1 is A)."""


@dataclass(frozen=True)
class Shown:
    """A table and the sheet of plan.xlsx that shows it."""

    sheet: str
    """The sheet's name in English (its title is in the run's language)."""
    table: pd.DataFrame
    key: str
    """The column that names a row (customer_id, tier)."""
    source: str = ""
    """The file the table is read from (customer_plan.parquet), named where the sheet holds
    its rows in another order."""


def sheet_difference(shown: Shown, path: Path, words: Words, most: int = 5) -> str | None:
    """What in the workbook's sheet differs from its table, or None where nothing does (or a
    customer plan too long for a sheet points to the Parquet file instead)."""
    plan = shown.table
    if shown.sheet == CUSTOMERS and len(plan) > SHEET_ROWS:
        return None
    title = words.term(shown.sheet)[:31]
    rows = sheet_rows(path, title)
    if rows is None:
        return told("sheet_missing", title=title)
    header = words.headers(plan)
    if [_text(v) for v in rows[0]] != header:
        return told("sheet_header_differs", title=title)
    if len(rows) - 1 != len(plan):
        return told("sheet_rows_differ", title=title, rows=len(rows) - 1, wrote=len(plan))
    at = _sheet_order(shown, rows[1:])
    order = None if at is None else told(
        "sheet_rows_order", title=title, source=shown.source or told("sheet_its_table"),
        key=shown.key, **_first_moved(shown, rows[1:], at))
    at = np.arange(len(plan)) if at is None else at
    cells = _differing(plan, words, [rows[1 + int(i)] for i in at])
    if not cells:
        return order
    ids = plan[shown.key].astype(str).to_numpy()
    named = [told("sheet_cell", row=int(at[cell.row - 2]) + 2, key=shown.key,
                  id=shown_id(ids[cell.row - 2]), column=get_column_letter(cell.column),
                  header=_header(header, cell.column))
             for cell in cells[:most]]
    said = told("sheet_cells_differ", title=title,
                cells=listed(named, len(cells), told("sheet_cells_joint")))
    return said if order is None else f"{order}; {said}"


def _sheet_order(shown: Shown, rows: list[tuple[object, ...]]) -> np.ndarray | None:
    """Where the sheet holds the table's rows in another order (each row named once by its
    key, the same keys in both): per row of the table, its position among the sheet's rows;
    None where the order is the same, or the rows are not the same (cell by cell then)."""
    column = list(shown.table.columns).index(shown.key)
    want = [_text(v) for v in shown.table[shown.key].tolist()]
    have = [_text(row[column]) if column < len(row) else "" for row in rows]
    if want == have or len(set(want)) != len(want) or set(want) != set(have):
        return None
    position = {key: n for n, key in enumerate(have)}
    return np.array([position[key] for key in want], dtype=np.int64)


def _first_moved(shown: Shown, rows: list[tuple[object, ...]], at: np.ndarray
                 ) -> dict[str, object]:
    """The first sheet row whose key is not the table's row there: its number, the key the
    sheet holds and the one the table has."""
    first = int(np.flatnonzero(at != np.arange(len(at)))[0])
    column = list(shown.table.columns).index(shown.key)
    return {"row": first + 2, "found": shown_id(_text(rows[first][column])),
            "wanted": shown_id(_text(shown.table[shown.key].iloc[first]))}


def _header(header: list[str], column: int) -> str:
    return header[column - 1] if column <= len(header) else told("sheet_beyond")


def sheet_rows(path: Path, title: str) -> list[tuple[object, ...]] | None:
    """The rows of the workbook's sheet `title` as values (None if it has no such sheet)."""
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # any reader's parse error: a damaged workbook
        lines = str(exc).strip().splitlines()
        raise UserError.said("run_file_unreadable", path=path,
                             reason=lines[0] if lines else type(exc).__name__) from None
    try:
        if title not in book.sheetnames:
            return None
        return [tuple(row) for row in book[title].iter_rows(values_only=True)]
    finally:
        book.close()


def _differing(plan: pd.DataFrame, words: Words, rows: list[tuple[object, ...]]) -> list[Cell]:
    """The differing cells, row by row; a share as the workbook writes it (shares_shown), or
    whole (as a workbook written before did)."""
    shown, written = words.localized(plan, TERM_COLUMNS), shares_shown(plan)
    width = len(plan.columns)
    found: list[Cell] = []
    for index, name in enumerate(plan.columns):
        sheet = [row[index] if index < len(row) else None for row in rows]
        same = (_same_numbers(plan[name], sheet) | _same_numbers(written.iloc[:, index], sheet)
                if _numeric(plan[name]) else _same_texts(shown.iloc[:, index], sheet))
        found += [Cell(int(r) + 2, index + 1) for r in np.flatnonzero(~same)]
    found += [Cell(r + 2, width + 1) for r, row in enumerate(rows)
              if any(v is not None for v in row[width:])]
    return sorted(found, key=lambda cell: (cell.row, cell.column))


def _numeric(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column)
                and not pd.api.types.is_bool_dtype(column))


def _same_numbers(expected: pd.Series, sheet: list[object]) -> np.ndarray:
    """Per cell, whether it holds the plan's number: an infinite one as the reports show it
    ("∞", "-∞"), or blank as a workbook written before showed it; text or a flag is never
    the plan's."""
    values = np.array([_number(v) for v in sheet], dtype=float)
    planned = expected.to_numpy(dtype=float, na_value=np.nan)
    blank = np.array([v is None or v == "" for v in sheet], dtype=bool)
    stray = np.isnan(values) & ~blank
    same = np.isclose(planned, values, rtol=1e-9, atol=1e-9, equal_nan=True)
    return (same | (np.isinf(planned) & blank)) & ~stray


def _number(value: object) -> float:
    """A numeric cell's value; "∞" and "-∞" are infinite; blank, other text or a flag NaN."""
    if isinstance(value, str):
        return INFINITIES.get(value, math.nan)
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return math.nan
    return float(value)


INFINITIES = {infinity_text(math.inf): math.inf, infinity_text(-math.inf): -math.inf}
"""An infinite number's cell, as the reports show it, and its value."""


def _same_texts(expected: pd.Series, sheet: list[object]) -> np.ndarray:
    planned = [_text(v) for v in expected.tolist()]
    return np.array([a == _text(b) for a, b in zip(planned, sheet, strict=True)], dtype=bool)


def same_cell(expected: object, cell: object) -> bool:
    """Whether a cell shows the value as text (blank for nothing, whole numbers without .0)."""
    return _text(expected) == _text(cell)


def _text(value: object) -> str:
    """A cell as text: blank and NaN as nothing, whole numbers without a trailing .0."""
    if value is None or (not isinstance(value, str | tuple) and bool(pd.isna(value))):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, np.generic):
        return _text(value.item())
    return str(value)
