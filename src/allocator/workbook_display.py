"""What plan.xlsx shows of its values, as the run writes it: every cell's number format one the
writer uses (report/workbook.py), no hidden sheet, row or column, and no conditional format,
data validation or filter criterion, none of which the run writes; then its looks
(workbook_looks). A cell whose value is 322405.76 shown as "922,406" by a format, or a row of
the customer plan hidden, changes what a reader sees though every value stays right.

Read from the workbook's XML parts (no cell is loaded unless a format is wrong), so a sheet of
100,000 customers costs a scan, not a load."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree

from openpyxl.styles.numbers import BUILTIN_FORMATS

from allocator.errors import told
from allocator.workbook_looks import book_difference, sheet_looks, wrong_looks
from allocator.workbook_views import sheet_parts

WRITTEN_FORMATS = frozenset({"General", "#,##0", "#,##0.00", '#,##0.0"×"', "0.0000%",
                             *(f"0.{'0' * digits}%" for digits in range(1, 7))})
"""The number formats report/workbook.py writes: amounts whole or with cents, multiples with
×, percentages with one to six decimals."""
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
LINE_TAG = re.compile(rb"<(?:\w+:)?(row|col)\b([^>]*)>")
ATTRIBUTE = re.compile(rb"(\w+)=\"([^\"]*)\"")
HIDING = re.compile(rb"\bhidden=\"(?:1|true)\"|\b(?:ht|width)=\"0(?:\.0*)?\"")
"""What hides a row or column: hidden, or a height or width of 0."""
HIDING_ALL_ROWS = re.compile(rb"<(?:\w+:)?sheetFormatPr\b[^>]*\bzeroHeight=\"(?:1|true)\"")
RULES = {"workbook_conditional_format": re.compile(rb"<(?:\w+:)?conditionalFormatting\b"),
         "workbook_data_validation": re.compile(rb"<(?:\w+:)?dataValidation\b"),
         "workbook_filter_criterion": re.compile(rb"<(?:\w+:)?filterColumn\b")}
"""Message of each rule that changes what a sheet shows, and where it is written."""
STYLED_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+\d+)\"[^>]*?\bs=\"(\d+)\"")


def display_difference(book: zipfile.ZipFile) -> str | None:
    """The first way plan.xlsx shows its values other than the run wrote them, named by sheet
    and cell, row or column; None when it shows them as written, or when its parts cannot be
    read (a damaged workbook, which the sheets' readers name)."""
    try:
        return _display_difference(book)
    except (KeyError, ValueError, ElementTree.ParseError):
        return None


def _display_difference(book: zipfile.ZipFile) -> str | None:
    sheets = sheet_parts(book)
    for title, state, _ in sheets:
        if state != "visible":
            return told("workbook_hidden_sheet", sheet=title)
    found = book_difference(book)
    wrong, looks = _wrong_formats(book), _wrong_looks(book)
    for title, _, part in sheets:
        if found is not None:
            break
        if part in book.namelist():  # a sheet without its part: the sheets' readers name it
            xml = book.read(part)
            found = (_sheet_difference(xml, title, wrong) or sheet_looks(xml, title)
                     or _styled_cell(xml, title, looks))
    return found


def _wrong_looks(book: zipfile.ZipFile) -> set[int]:
    if "xl/styles.xml" not in book.namelist():
        return set()  # every cell plain
    return wrong_looks(ElementTree.fromstring(book.read("xl/styles.xml")))


def _styled_cell(xml: bytes, title: str, looks: set[int]) -> str | None:
    """The first cell of a style whose font, fill or alignment the writer never writes."""
    if looks:
        for cell, style in STYLED_CELL.findall(xml):
            if int(style) in looks:
                return told("workbook_cell_style", sheet=title, cell=cell.decode())
    return None


def _wrong_formats(book: zipfile.ZipFile) -> dict[int, str]:
    """Cell style index -> its number format, for each style whose format the writer never
    uses."""
    if "xl/styles.xml" not in book.namelist():
        return {}  # every cell General
    styles = ElementTree.fromstring(book.read("xl/styles.xml"))
    codes: dict[int, str] = {int(k): v for k, v in BUILTIN_FORMATS.items()}
    for number_format in styles.iter(f"{MAIN}numFmt"):
        codes[int(number_format.get("numFmtId", "0"))] = str(number_format.get("formatCode"))
    cell_styles = styles.find(f"{MAIN}cellXfs")
    wrong = {}
    for index, style in enumerate([] if cell_styles is None else cell_styles):
        code = codes.get(int(style.get("numFmtId", "0")), "?")
        if code not in WRITTEN_FORMATS:
            wrong[index] = code
    return wrong


def _sheet_difference(xml: bytes, title: str, wrong: dict[int, str]) -> str | None:
    """What in one sheet's XML shows its values other than written."""
    hidden = _hidden_line(xml) if HIDING.search(xml) else None
    if hidden is not None:
        kind, attributes = hidden
        if kind == b"row":
            return told("workbook_hidden_row", sheet=title, row=attributes.get(b"r", b"?").decode())
        return told("workbook_hidden_column", sheet=title,
                    column=_letter(int(attributes.get(b"min", b"1"))))
    if HIDING_ALL_ROWS.search(xml):
        return told("workbook_hidden_row", sheet=title, row="*")
    for message, pattern in RULES.items():
        if pattern.search(xml):
            return told(message, sheet=title)
    if wrong:
        for cell, style in STYLED_CELL.findall(xml):
            if int(style) in wrong:
                return told("workbook_number_format", sheet=title, cell=cell.decode(),
                            format=wrong[int(style)])
    return None


def _hidden_line(xml: bytes) -> tuple[bytes, dict[bytes, bytes]] | None:
    """(row or col, its attributes) of the first row or column the sheet hides."""
    for tag in LINE_TAG.finditer(xml):
        if HIDING.search(tag[2]):
            return tag[1], dict(ATTRIBUTE.findall(tag[2]))
    return None


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(column)
