"""How plan.xlsx looks beyond its number formats, held to what report/workbook.py writes: the
writer's three fonts, two fills and two alignments (a white or one-point font, a strike, an
indent or a fill can hide or change what a cell shows), no row height (a row 0.1 high is as
good as hidden), column widths within the writer's range, no hyperlink or external link, no
defined name but those of the filters and print titles, no sheet or workbook protection.
Read from the workbook's XML parts, as workbook_display reads the rest."""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree
from xml.etree.ElementTree import Element

from allocator.errors import told

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
Look = frozenset[tuple[str, frozenset[tuple[str, str]]]]
"""An element's children, each its tag and attributes: a font, a fill or an alignment."""


def _look(*children: tuple[str, dict[str, str]]) -> Look:
    return frozenset((tag, frozenset(attributes.items())) for tag, attributes in children)


PLAIN_FONT = _look(("name", {"val": "Calibri"}), ("family", {"val": "2"}),
                   ("color", {"theme": "1"}), ("sz", {"val": "11"}), ("scheme", {"val": "minor"}))
BOLD = _look(("b", {"val": "1"}))
HEADER_FONT = _look(("b", {"val": "1"}), ("color", {"rgb": "00FFFFFF"}))
NO_FILL = _look(("patternFill", {}))
NO_ALIGNMENT: frozenset[tuple[str, str]] = frozenset()
RIGHT = frozenset({("horizontal", "right")})
WRAPPED_TOP = frozenset({("vertical", "top"), ("wrapText", "1")})
WRITTEN_LOOKS = {(PLAIN_FONT, NO_FILL, NO_ALIGNMENT), (PLAIN_FONT, NO_FILL, RIGHT),
                 (BOLD, NO_FILL, NO_ALIGNMENT), (HEADER_FONT, "header", WRAPPED_TOP)}
"""(font, fill, alignment) of each kind of cell the writer writes: values, numbers on the
item sheets, items in bold, and the header row (white on the dark fill)."""
HEADER_COLOUR = "001F3864"
WIDTHS = (2.0, 60.0)
"""The narrowest and widest column the writer sets (a sample's width plus 2, at most 60)."""
WRITTEN_NAMES = ("_xlnm._FilterDatabase", "_xlnm.Print_Titles")
SHEET_RULES = {"workbook_hyperlink": re.compile(rb"<(?:\w+:)?hyperlink\b"),
               "workbook_protection": re.compile(rb"<(?:\w+:)?sheetProtection\b"),
               "workbook_row_height": re.compile(rb"<(?:\w+:)?row\b[^>]*\bht=\"")}
COLUMN_WIDTH = re.compile(rb"<(?:\w+:)?col\b[^>]*\bwidth=\"([^\"]*)\"")
EXTERNAL = re.compile(rb"TargetMode=\"External\"|/relationships/hyperlink\"")


def book_difference(book: zipfile.ZipFile) -> str | None:
    """A defined name, workbook protection or external link the writer never writes."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    for name in workbook.iter(f"{MAIN}definedName"):
        if name.get("name") not in WRITTEN_NAMES:
            return told("workbook_defined_name")
    protection = workbook.find(f"{MAIN}workbookProtection")
    if protection is not None and protection.attrib:
        return told("workbook_protection", sheet="*")
    for part in book.namelist():
        if part.endswith(".rels") and EXTERNAL.search(book.read(part)):
            return told("workbook_external_link", part=part)
    return None


def sheet_looks(xml: bytes, title: str) -> str | None:
    """A hyperlink, protection, row height or column width in one sheet the writer never
    writes."""
    for message, pattern in SHEET_RULES.items():
        if pattern.search(xml):
            return told(message, sheet=title)
    for width in COLUMN_WIDTH.findall(xml):
        if not WIDTHS[0] <= float(width) <= WIDTHS[1]:
            return told("workbook_column_width", sheet=title, width=width.decode())
    return None


def wrong_looks(styles: Element) -> set[int]:
    """The cell style indexes whose font, fill and alignment no cell the writer writes has."""
    fonts = [_children(font) for font in _items(styles, "fonts")]
    fills = [_fill(fill) for fill in _items(styles, "fills")]
    wrong = set()
    for index, style in enumerate(_items(styles, "cellXfs")):
        alignment = style.find(f"{MAIN}alignment")
        look = (_at(fonts, style.get("fontId")), _at(fills, style.get("fillId")),
                NO_ALIGNMENT if alignment is None else frozenset(alignment.attrib.items()))
        if look not in WRITTEN_LOOKS or style.get("borderId", "0") != "0":
            wrong.add(index)
    return wrong


def _items(styles: Element, section: str) -> list[Element]:
    found = styles.find(f"{MAIN}{section}")
    return [] if found is None else list(found)


def _children(element: Element) -> Look:
    return frozenset((child.tag.removeprefix(MAIN), frozenset(child.attrib.items()))
                     for child in element)


def _fill(fill: Element) -> Look | str:
    """A fill's look; "header" for the writer's dark header fill."""
    pattern = fill.find(f"{MAIN}patternFill")
    colour = None if pattern is None else pattern.find(f"{MAIN}fgColor")
    if (pattern is not None and pattern.get("patternType") == "solid" and colour is not None
            and dict(colour.attrib) == {"rgb": HEADER_COLOUR} and len(pattern) == 1):
        return "header"
    return _children(fill)


def _at(items: list[Look | str] | list[Look], index: str | None) -> Look | str | None:
    position = int(index or "0")
    return items[position] if 0 <= position < len(items) else None
