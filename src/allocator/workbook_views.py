"""What a reader of plan.xlsx sees beyond its cells and their styles, held to what
report/workbook.py writes: each sheet's view (zoom, frozen panes, selection, gridlines, the
tab selected), its filter range, its tab colour and default sizes, its print setup, no element
the writer never writes (merged cells, a drawing or picture, a table), and the workbook's
window (the sheet it opens on, the tabs bar), print titles and theme. Each is compared with an
empty workbook whose sheets the writer's own dress_sheet dresses for tables of the same shape,
so a moved frozen pane or a changed filter range is named by its sheet.

Read from the workbook's XML parts, the sheets' data cut out unparsed (a sheet of 100,000
customers is scanned for its shape, never loaded)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string

from allocator.errors import told
from allocator.report.workbook import dress_sheet

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DOCUMENT_RELATION = ("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
                     "id")
THEME = "xl/theme/theme1.xml"
DATA_START = re.compile(rb"<(?:\w+:)?sheetData\b[^>]*?(/?)>")
DATA_END = re.compile(rb"</(?:\w+:)?sheetData>")
ROW_NUMBER = re.compile(rb"<(?:\w+:)?row\b[^>]*?\br=\"(\d+)\"")
ROW_END = re.compile(rb"</(?:\w+:)?row>")
CELL_COLUMN = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+)\d+\"")
CHECKED_ELSEWHERE = frozenset({"dimension", "cols", "sheetData", "hyperlinks",
                               "sheetProtection", "conditionalFormatting", "dataValidations"})
"""A sheet's elements compared elsewhere (its cells, column widths, hyperlinks, protection,
rules: workbook_check, workbook_looks, workbook_display) or no more than a hint to readers
(dimension)."""
MESSAGES = {"sheetPr": "workbook_sheet_properties", "sheetViews": "workbook_sheet_view",
            "sheetFormatPr": "workbook_default_sizes", "printOptions": "workbook_print_setup",
            "pageMargins": "workbook_print_setup", "pageSetup": "workbook_print_setup",
            "headerFooter": "workbook_print_setup", "rowBreaks": "workbook_print_setup",
            "colBreaks": "workbook_print_setup"}
"""The message naming a difference in each element of a sheet the writer writes."""
BOOK_MESSAGES = {"bookViews": "workbook_window", "definedNames": "workbook_print_names"}


@dataclass(frozen=True)
class Shape:
    """The extent of a table on a sheet: its last column and its last row."""

    columns: int
    rows: int

    @property
    def table(self) -> str:
        return f"A1:{get_column_letter(self.columns)}{self.rows}"


def sheet_parts(book: zipfile.ZipFile) -> list[tuple[str, str, str]]:
    """(title, state, part) of each sheet, in the workbook's order."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    relations = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): str(r.get("Target", ""))
               for r in relations.iter(f"{RELATIONS}Relationship")}
    found = []
    for sheet in workbook.iter(f"{MAIN}sheet"):
        target = targets.get(sheet.get(DOCUMENT_RELATION), "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        found.append((str(sheet.get("name")), sheet.get("state", "visible"), part))
    return found


def views_difference(book: zipfile.ZipFile) -> str | None:
    """The first sheet view, filter range, print setup or element of a sheet, or the first
    window, print title or theme of the workbook, that differs from what the writer writes;
    None where none does."""
    sheets = [(title, book.read(part)) for title, _, part in sheet_parts(book)
              if part in book.namelist()]
    cut = [(title, *_cut_data(xml)) for title, xml in sheets]
    with zipfile.ZipFile(_dressed([(title, _shape(data)) for title, _, data in cut])) as wanted:
        wanted_sheets = [_cut_data(wanted.read(part))[0]
                         for _, _, part in sheet_parts(wanted)]
        for (title, found, _), expected in zip(cut, wanted_sheets, strict=False):
            difference = _sheet_difference(title, found, expected)
            if difference is not None:
                return difference
        return _book_difference(book, wanted)


def _cut_data(xml: bytes) -> tuple[bytes, bytes]:
    """(the sheet's XML without its sheetData, the sheetData)."""
    start = DATA_START.search(xml)
    if start is None:
        return xml, b""
    if start[1]:  # <sheetData/>
        return xml[:start.start()] + xml[start.end():], b""
    end = DATA_END.search(xml, start.end())
    stop = len(xml) if end is None else end.end()
    return xml[:start.start()] + xml[stop:], xml[start.end():stop]


def _shape(data: bytes) -> Shape | None:
    """The table's extent on a sheet: the header row's last column and the last row; None
    for a sheet of one cell (a customer plan too long for a sheet points to its files) or
    none."""
    tail = data[-65536:]
    rows = [int(m) for m in ROW_NUMBER.findall(tail)] or [int(m)
                                                          for m in ROW_NUMBER.findall(data)]
    end = ROW_END.search(data)
    header = CELL_COLUMN.findall(data[:end.start() if end else len(data)])
    if not rows or not header:
        return None
    shape = Shape(max(column_index_from_string(c.decode()) for c in header), rows[-1])
    return None if shape.columns == 1 and shape.rows == 1 else shape


def _dressed(sheets: list[tuple[str, Shape | None]]) -> io.BytesIO:
    """An empty workbook of these sheets, each dressed as the writer dresses a table of its
    shape."""
    book = Workbook()
    book.remove(book.active)
    for title, shape in sheets:
        sheet = book.create_sheet(title)
        if shape is not None:
            dress_sheet(sheet, shape.table, shape.columns)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def _sheet_difference(title: str, found: bytes, wanted: bytes) -> str | None:
    have, want = _elements(found), _elements(wanted)
    for tag in [*have, *(t for t in want if t not in have)]:
        if tag in CHECKED_ELSEWHERE or _same(have.get(tag), want.get(tag)):
            continue
        if tag == "autoFilter":
            return told("workbook_filter_range", sheet=title, found=_range(have.get(tag)),
                        wanted=_range(want.get(tag)))
        if tag not in MESSAGES:
            return told("workbook_foreign_element", sheet=title, element=tag)
        return told(MESSAGES[tag], sheet=title,
                    detail=_detail(have.get(tag), want.get(tag)) or tag)
    return None


def _detail(have: Element | None, want: Element | None) -> str | None:
    """The first attribute, of the element or one within it, whose value differs: "pane
    topLeftCell C3 (the run writes A2)"."""
    tag = _tag(have if have is not None else want)
    found = {} if have is None else dict(have.attrib)
    wanted = {} if want is None else dict(want.attrib)
    for name in sorted({*found, *wanted}):
        if found.get(name) != wanted.get(name):
            return told("workbook_view_detail", element=tag, attribute=_tag(name),
                        found=found.get(name, "—"), wanted=wanted.get(name, "—"))
    if (have is not None and want is not None
            and (have.text or "").strip() != (want.text or "").strip()):
        return told("workbook_view_detail", element=tag, attribute=have.get("name", ""),
                    found=(have.text or "").strip(), wanted=(want.text or "").strip())
    children = {_key(child): child for child in ([] if want is None else want)}
    seen = {_key(child): child for child in ([] if have is None else have)}
    for key in [*seen, *(k for k in children if k not in seen)]:
        if not _same(seen.get(key), children.get(key)):
            return _detail(seen.get(key), children.get(key))
    return None


def _book_difference(book: zipfile.ZipFile, wanted: zipfile.ZipFile) -> str | None:
    have = _elements(book.read("xl/workbook.xml"))
    want = _elements(wanted.read("xl/workbook.xml"))
    for tag, message in BOOK_MESSAGES.items():
        if not _same(have.get(tag), want.get(tag)):
            return told(message, detail=_detail(have.get(tag), want.get(tag)) or tag)
    if THEME in book.namelist() and _canonical_xml(book.read(THEME)) != _canonical_xml(
            wanted.read(THEME)):
        return told("workbook_theme")
    return None


def _elements(xml: bytes) -> dict[str, Element]:
    """Each child element of the part's root, by its tag."""
    return {_tag(child): child for child in ElementTree.fromstring(xml)}


def _same(have: Element | None, want: Element | None) -> bool:
    if have is None or want is None:
        return have is want
    return _canonical_xml(ElementTree.tostring(have)) == _canonical_xml(
        ElementTree.tostring(want))


def _key(element: Element) -> tuple[str, str, str]:
    """An element among its siblings: its tag, and the name and sheet of a defined name."""
    return _tag(element), element.get("name", ""), element.get("localSheetId", "")


def _tag(element: Element | str | None) -> str:
    name = element if isinstance(element, str) else "" if element is None else element.tag
    return name.rpartition("}")[2]


def _canonical_xml(xml: bytes) -> str:
    return ElementTree.canonicalize(xml.decode("utf-8"), strip_text=True)


def _range(element: Element | None) -> str:
    """The range of a sheet's filter, or "—" where it has none."""
    return "—" if element is None else str(element.get("ref", "—"))
