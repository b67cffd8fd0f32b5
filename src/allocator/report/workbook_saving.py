"""plan.xlsx saved as openpyxl saves it, byte for byte, in a fraction of the time: the cells
of plain numbers and text are serialized as strings (openpyxl builds an XML element for each
of them: at 60,000 customers, 780,000 cells took most of the run folder's writing), every
other cell by openpyxl itself; the zip is written once, with fixed times (the same plan gives
the same bytes), not saved and then copied.

Style ids are taken from openpyxl (`cell.style_id`) in the order it takes them, so the
stylesheet it writes after the sheets is the one it would write. tests/test_workbook_saving.py
holds the bytes to openpyxl's own save."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.cell._writer import write_cell
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = datetime(2000, 1, 1)
MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")
CORE = "docProps/core.xml"
"""The part where openpyxl stamps the save time."""


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
    """openpyxl's writer of a sheet, each row's cells of numbers and text as strings."""

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
