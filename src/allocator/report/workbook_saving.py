"""plan.xlsx saved as openpyxl saves it, byte for byte, in a fraction of the time: a table's
rows are kept as values and styles (a TableSheet's Table), not as openpyxl's cells, and the
cells of plain numbers and text are serialized as strings (openpyxl builds a cell object and
an XML element for each of them: at 60,000 customers, 780,000 cells took most of the run
folder's writing); every other cell is made and written by openpyxl itself. The zip is
written once, with fixed times (the same plan gives the same bytes), not saved and then
copied.

Style ids are taken from openpyxl's list of cell styles in the order its writer takes them,
so the stylesheet it writes after the sheets is the one it would write.
tests/test_workbook_saving.py holds the bytes to openpyxl's own save of the same sheets as
cells."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell._writer import write_cell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = datetime(2000, 1, 1)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
CORE = "docProps/core.xml"
"""The part where openpyxl stamps the save time."""
FORMULA_LEADS = ("=", "+", "-", "@")
"""Text beginning with these could be read as a formula (an id such as =HYPERLINK(...)): it is
written as text, marked so that editing the cell keeps it text."""
LONGEST_TEXT = 32_767
"""openpyxl cuts text longer than this."""


@dataclass
class Table:
    """A sheet's rows below its header: each column's values and each cell's style (None for
    none), as openpyxl's cells would hold them."""

    values: list[list[object]]
    styles: list[list[StyleArray | None]]


class TableSheet(Worksheet):
    """A sheet whose rows below the header are a Table until it is saved."""

    table: Table | None = None

    def calculate_dimension(self) -> str:
        if self.table is None or not self.table.values:
            return str(super().calculate_dimension())
        rows, columns = len(self.table.values[0]) + 1, len(self.table.values)
        return f"A1:{get_column_letter(columns)}{rows}"  # as the cells of every row span


def table_sheet(book: Workbook, title: str) -> TableSheet:
    """A new sheet at the end of `book` whose rows will be a Table."""
    sheet = TableSheet(parent=book, title=title)
    book._add_sheet(sheet)
    return sheet


def formatted(sheet: Worksheet, style: StyleArray | None, number_format: str) -> StyleArray:
    """`style` with `number_format`, set as openpyxl sets it on a cell (registering it)."""
    probe = Cell(sheet, style_array=style)
    probe.number_format = number_format
    return probe._style


def data_cell(sheet: Worksheet, value: object, style: StyleArray | None, row: int | None = None,
              column: int | None = None) -> Cell:
    """A cell of a table (a copy of `style`); text that could be read as a formula stays
    text."""
    cell = Cell(sheet, row=row, column=column, value=value, style_array=style)
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def save_reproducibly(book: Workbook, path: Path) -> None:
    """Save `book` at `path` with fixed document and zip entry times."""
    book.properties.created = book.properties.modified = FIXED_TIME
    with zipfile.ZipFile(path, "w") as archive:
        _BookWriter(book, _FixedTimes(archive)).save()


class _FixedTimes:
    """The zip openpyxl writes into: every entry deflated, dated 2000-01-01, the save time in
    core.xml fixed too."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive

    def writestr(self, name: str, data: str | bytes) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        if name == CORE:
            data = MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
        entry = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
        entry.compress_type = zipfile.ZIP_DEFLATED
        self.archive.writestr(entry, data)

    def write(self, filename: str, name: str) -> None:
        self.writestr(name, Path(filename).read_bytes())

    def namelist(self) -> list[str]:
        return self.archive.namelist()

    def close(self) -> None:
        """The archive is closed by its owner."""


class _BookWriter(ExcelWriter):
    """openpyxl's writer of a workbook, its sheets' rows written by _SheetWriter."""

    def write_worksheet(self, ws: Worksheet) -> None:
        from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing

        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws)
        writer.write()
        ws._rels = writer._rels
        self._archive.write(writer.out, ws.path[1:])
        self.manifest.append(ws)
        writer.cleanup()


class _SheetWriter(WorksheetWriter):
    """openpyxl's writer of a sheet, each row's cells of numbers and text as strings, a
    TableSheet's table after its header."""

    def write_rows(self) -> None:
        table = self.ws.table if isinstance(self.ws, TableSheet) else None
        if table is None:
            super().write_rows()
            return
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            for row_idx, row in self.rows():  # the header
                self.write_row(xf, row, row_idx)
            _write_table(xf, self.ws, table)
        self.xf.send(None)

    def write_row(self, xf: Any, row: Sequence[Cell], row_idx: int) -> None:
        if row_idx in self.ws.row_dimensions or any(
                cell._comment is not None or cell._hyperlink for cell in row):
            super().write_row(xf, row, row_idx)  # what the sheets of a run never hold
            return
        out = xf._file  # the text writer of the sheet's part
        out(f'<row r="{row_idx}">')
        for cell in row:
            styled = cell.has_style
            if cell._value is None and not styled:
                continue
            text = _cell_text(cell, styled)
            if text is None:
                write_cell(xf, self.ws, cell, styled)
            else:
                out(text)
        out("</row>")


def _cell_text(cell: Cell, styled: bool) -> str | None:
    """A cell of a number, text or nothing as openpyxl serializes it; None for any other."""
    value, kind = cell._value, cell.data_type
    head = f'<c r="{cell.coordinate}" s="{cell.style_id}"' if styled else \
        f'<c r="{cell.coordinate}"'
    if value is None:
        return None if kind in ("s", "f", "d") else f'{head} t="{kind}" />'
    if kind == "n" and type(value) in (int, float) and math.isfinite(value):
        return f'{head} t="n"><v>{value:.16g}</v></c>'
    if kind == "s" and type(value) is str and value:
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and value != stripped else ""
        return f'{head} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>'
    return None


def _write_table(xf: Any, sheet: Worksheet, table: Table) -> None:
    """The table's rows, from the sheet's second, as openpyxl writes its cells."""
    out: Callable[[str], None] = xf._file
    letters = [get_column_letter(k) for k in range(1, len(table.values) + 1)]
    styles = _Styles(sheet.parent)
    for number, row in enumerate(zip(*table.values, strict=True), start=2):
        out(f'<row r="{number}">')
        for column, value in enumerate(row):
            style = table.styles[column][number - 2]
            lead = type(value) is str and value.startswith(FORMULA_LEADS)
            if lead:
                style = styles.quoted(style)
            styled = styles.styled(style)
            if value is None and not styled:
                continue
            head = f'<c r="{letters[column]}{number}"'
            if styled:
                head += f' s="{styles.index(style)}"'
            text = _table_text(head, value, lead)
            if text is None:  # openpyxl's own cell
                cell = data_cell(sheet, value, style, number, column + 1)
                write_cell(xf, sheet, cell, cell.has_style)
            else:
                out(text)
        out("</row>")


class _Styles:
    """Cell styles' ids in the workbook's list, taken in the order the cells are written."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.ids: dict[int, int] = {}
        self.quotes: dict[int, StyleArray] = {}
        self.any: dict[int, bool] = {}

    def styled(self, style: StyleArray | None) -> bool:
        if style is None:
            return False
        key = id(style)
        if key not in self.any:
            self.any[key] = any(style)
        return self.any[key]

    def index(self, style: StyleArray) -> int:
        key = id(style)
        if key not in self.ids:
            self.ids[key] = self.book._cell_styles.add(style)
        return self.ids[key]

    def quoted(self, style: StyleArray | None) -> StyleArray:
        key = id(style)
        if key not in self.quotes:
            quoted = StyleArray(style) if style is not None else StyleArray()
            quoted.quotePrefix = 1
            self.quotes[key] = quoted
        return self.quotes[key]


def _table_text(head: str, value: object, text: bool) -> str | None:
    """A table's cell as openpyxl serializes it, for a number, plain text (`text`: a formula's
    lead kept as text) or nothing; None for any other."""
    if value is None:
        return f'{head} t="n" />'
    if type(value) in (int, float):
        return f'{head} t="n"><v>{value:.16g}</v></c>' if math.isfinite(value) else None  # type: ignore[arg-type]
    if type(value) is not str or not value or len(value) > LONGEST_TEXT or (
            not text and (value.startswith("=") or value in ERROR_CODES)) or \
            ILLEGAL_CHARACTERS_RE.search(value):
        return None
    stripped = value.strip()
    space = ' xml:space="preserve"' if stripped and value != stripped else ""
    return f'{head} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>'
