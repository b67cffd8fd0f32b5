"""plan.xlsx: the plan's tables as formatted sheets (numbers as numbers, frozen headers,
column widths from the content). Books too large for a sheet point to customer_plan.parquet."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from allocator.report.figures import infinity_text
from allocator.report.formats import (
    MULTIPLE_COLUMNS,
    TERM_COLUMNS,
    counted_cells,
    is_percent,
    percent_cells,
    shares_shown,
)
from allocator.report.language import Words
from allocator.report.workbook_saving import (
    FORMULA_LEADS,
    Table,
    TableSheet,
    data_cell,
    formatted,
    save_reproducibly,
    table_sheet,
)
from allocator.run_contents import CSV_PLAN_LIMIT

SHEET_ROWS = 100_000
"""Customer plans longer than this stay in customer_plan.parquet, a calendar's contacts in
offer_plan.csv (POINTED)."""
POINTED = {"customer plan": ("sheet_in_files_customers",
                             {"parquet": "customer_plan.parquet", "csv": "customer_plan.csv"}),
           "contacts": ("sheet_in_file_contacts", {"file": "offer_plan.csv"})}
"""The sheets of one row per customer or contact: past SHEET_ROWS rows, the message that
counts them and names the files that hold them, and those files (pointed_to)."""
PARQUET_ONLY = ("sheet_in_file_customers", {"file": "customer_plan.parquet"})
"""The customer plan's sheet past CSV_PLAN_LIMIT customers, where no CSV copy is written."""
HEADER = PatternFill("solid", fgColor="1F3864")
UPLIFT_OVER_TODAY = "uplift over today's RM books"
"""The summary sheet's item of the plan's uplift over today's RM books kept (a percentage)."""


def write_workbook(path: Path, sheets: dict[str, pd.DataFrame], words: Words | None = None,
                   filters: bool = False) -> None:
    """One formatted sheet per table, in order, labelled in the report's language; with
    `filters`, a filter on every sheet's header row."""
    save_reproducibly(filled_workbook(sheets, words or Words(), filters, cells=False), path)


ITEM_SHEETS = ("summary", "assumptions")
"""Sheets of items and values, each value formatted by its item (_format_items)."""


def filled_workbook(sheets: dict[str, pd.DataFrame], words: Words, filters: bool = False,
                    cells: bool = True) -> Workbook:
    """write_workbook's workbook, in memory (verify reads its cells); without `cells`, each
    table's rows are kept as its sheet's table and become cells only as the workbook is
    saved (workbook_saving), the same bytes."""
    book = Workbook()
    book.remove(book.active)
    for title, frame in sheets.items():
        pointed = title in POINTED and len(frame) > SHEET_ROWS
        as_table = not (cells or pointed or title in ITEM_SHEETS or frame.empty)
        sheet = table_sheet(book, words.term(title)[:31]) if as_table else book.create_sheet(
            words.term(title)[:31])
        if pointed:
            sheet.append([pointed_to(title, len(frame), words)])
            continue
        _fill(sheet, frame, words)
        if title in ITEM_SHEETS:
            _format_items(sheet, words.term("gap"), words.term(UPLIFT_OVER_TODAY))
        if filters:
            sheet.auto_filter.ref = sheet.dimensions
    return book


def pointed_to(title: str, rows: int, words: Words) -> str:
    """What a sheet of POINTED past SHEET_ROWS `rows` says: how many there are and the files
    of the run folder that hold them, customer_plan.csv only where it is written (up to
    CSV_PLAN_LIMIT customers, report.run_files)."""
    message, files = PARQUET_ONLY if title == "customer plan" and rows > CSV_PLAN_LIMIT \
        else POINTED[title]
    return words(message, count=rows, **files)


def _format_items(sheet: Worksheet, gap: str, uplift: str) -> None:
    """A sheet of items and values: items in bold, each value formatted by its size (amounts
    in whole units, prices with cents, counts whole, the items named `gap` and `uplift` as
    percentages)."""
    for item, value in sheet.iter_rows(min_row=2, max_col=2):
        item.font = Font(bold=True)
        number = value.value
        if isinstance(number, int | float) and not isinstance(number, bool):
            value.number_format = (
                "0.0000%" if item.value == gap else "0.00%" if item.value == uplift
                else "#,##0" if isinstance(number, int) or abs(number) >= 100 else "#,##0.00")
            value.alignment = Alignment(horizontal="right")


def _fill(sheet: Worksheet, frame: pd.DataFrame, words: Words) -> None:
    """Formats follow the column's own name; headers and the engine's terms are translated;
    shares are written as the reports show them (formats.shares_shown)."""
    _append(sheet, words.headers(frame))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = HEADER
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    styles = [_column_styles(sheet, str(name), frame[name]) for name in frame.columns]
    _format_rows(sheet, frame, styles)
    shown = words.localized(shares_shown(frame), TERM_COLUMNS)
    values = [[_cell(v) for v in shown.iloc[:, index]] for index in range(shown.shape[1])]
    if isinstance(sheet, TableSheet):
        sheet.table = Table(values, styles)
    else:
        for row in zip(*values, *styles, strict=True):
            sheet.append([data_cell(sheet, value, style) for value, style in
                          zip(row[:len(values)], row[len(values):], strict=True)])
    dress_sheet(sheet, sheet.dimensions, len(frame.columns))
    for index, name in enumerate(frame.columns, start=1):
        numeric = _numeric(frame[name])
        sample = [_width(words.column(name))] + [
            _width(f"{v:,.2f}" if numeric and isinstance(v, float) else str(v))
            for v in frame[name].head(200)]
        sheet.column_dimensions[get_column_letter(index)].width = min(max(sample) + 2, 60)


def _numeric(column: pd.Series) -> bool:
    return bool(pd.api.types.is_numeric_dtype(column)
                and not pd.api.types.is_bool_dtype(column))


def _column_styles(sheet: Worksheet, name: str, column: pd.Series) -> list[StyleArray | None]:
    """Each cell's style in a column of the table: the number format of a numeric column
    (amounts below 100 with cents where the column shows whole amounts), none for others.
    Each format is set once, on a cell of its own, as openpyxl registers it; the cells share
    its style."""
    if not _numeric(column):
        return [None] * len(column)
    style = _style(name, column)
    formats = ["#,##0.00" if small else style for small in _with_cents(name, column, style)]
    arrays = {f: formatted(sheet, None, f) for f in dict.fromkeys(formats)}  # in first order
    return [arrays[number_format] for number_format in formats]


def dress_sheet(sheet: Worksheet, table: str, columns: int) -> None:
    """How a sheet of a table shows it, whatever its values: the header row frozen, a filter
    over the table's range `table` (A1:L3), printed as _print_setup says. verify dresses an
    empty sheet so to hold a workbook's sheet views to the run's."""
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = table
    _print_setup(sheet, columns)


WIDE_COLUMNS = 7
"""A sheet of more columns than this is printed landscape."""


def _print_setup(sheet: Worksheet, columns: int) -> None:
    """Printed one page wide (as many pages long as it needs), landscape when wide, the header
    row repeated on every page: no sheet is split into pages side by side."""
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if columns > WIDE_COLUMNS else "portrait"
    sheet.print_title_rows = "1:1"


def _format_rows(sheet: Worksheet, frame: pd.DataFrame, styles: list[list[StyleArray | None]]
                 ) -> None:
    """Rows of shares among amounts (a comparison's coverage and gap) as percentages with the
    decimals the row needs, rows of counts whole: a coverage of 571/577 reads 99.0%, never 1,
    a gap of 0.00092% never 0. `styles`: each column's cells' styles, changed here."""
    for row, column in zip(*np.nonzero(counted_cells(frame)), strict=True):
        styles[column][row] = formatted(sheet, styles[column][row], "#,##0")
    shares = percent_cells(frame)
    for row in np.nonzero(shares.any(axis=1))[0]:
        columns = np.nonzero(shares[row])[0]
        style = percent_style(frame.iloc[int(row), columns])
        for column in columns:
            styles[column][row] = formatted(sheet, styles[column][row], style)


PER_UNIT_COLUMNS = ("marginal_value", "range_low", "range_high", "marginal")
"""Values per unit of a limit and the range they hold over: shown with cents whatever their
size (a marginal value of 1.22 never reads 1)."""


def _style(name: str, column: pd.Series) -> str:
    """A numeric column's format: percentages with the decimals their smallest non-zero share
    needs (a gap of 0.01% never reads 0.0%), multiples with ×, small numbers with cents."""
    if is_percent(name):
        return percent_style(column)
    if name in MULTIPLE_COLUMNS:
        return '#,##0.0"×"'
    if name not in PER_UNIT_COLUMNS and _whole(column):
        return "#,##0"  # counts, quotas and minimums: 2, never 2.00
    return "#,##0.00" if name in PER_UNIT_COLUMNS or _small(column) else "#,##0"


def percent_style(shares: pd.Series) -> str:
    """A percentage format with the decimals the smallest non-zero share needs: one, or more
    below 1% (a gap of 0.01% never reads 0.0%)."""
    values = pd.to_numeric(shares, errors="coerce").abs()
    smallest = values[values > 0].min()
    digits = 1 if pd.isna(smallest) or smallest >= 0.01 else min(
        6, 1 - int(np.floor(np.log10(smallest * 100))))
    return f"0.{'0' * digits}%"


def _with_cents(name: str, column: pd.Series, style: str) -> list[bool]:
    """The cells of a column of amounts shown whole that the page shows with cents: those
    below 100 (a tier's expected loss of 7.23 beside 898 reads 7.23, as on the page)."""
    if style != "#,##0" or name in PER_UNIT_COLUMNS or _whole(column):
        return [False] * len(column)
    values = pd.to_numeric(column, errors="coerce").abs()
    return list((values < 100).to_numpy(dtype=bool))


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """A row; text that could be read as a formula stays text."""
    sheet.append(values)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str) and value.startswith(FORMULA_LEADS):
            cell = sheet.cell(row=sheet.max_row, column=column)
            cell.data_type = "s"
            cell.quotePrefix = True


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _whole(column: pd.Series) -> bool:
    values = pd.to_numeric(column, errors="coerce").dropna()
    return bool(len(values)) and bool((values % 1 == 0).all())


def _small(column: pd.Series) -> bool:
    values = pd.to_numeric(column, errors="coerce").abs()
    return bool(values.max(skipna=True) < 100) if values.notna().any() else False


def _cell(value: object) -> object:
    """A value as its cell holds it: nothing for no value; an infinite limit or range end as
    the reports show it (a workbook keeps no infinity: it would be a blank cell)."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, float) and np.isinf(value):
        return infinity_text(value)
    if isinstance(value, np.generic):
        return value.item()
    return value
