"""verify holds how plan.xlsx looks to what the writer writes: a hyperlink, a row height or
column width that hides, a white or one-point font, a strike, an indent, a fill, a defined
name or a protection, each the manifest's hashes resealed to match, is named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook

from tests.test_workbook_form import _edited, folder  # noqa: F401  (the module's run)


def _link(book: Workbook) -> None:
    book["summary"]["B6"].hyperlink = "http://evil.example/"


def _row_height(book: Workbook) -> None:
    book["customer plan"].row_dimensions[3].height = 0.1


def _column_width(book: Workbook) -> None:
    book["tiers"].column_dimensions["B"].width = 0.1


def _cell(change: Callable[[object], None]) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        change(book["customer plan"]["B2"])
    return edit


def _name(book: Workbook) -> None:
    book.defined_names["evil"] = DefinedName("evil", attr_text="'tiers'!$A$1")


def _protect(book: Workbook) -> None:
    book["tiers"].protection.sheet = True


STYLE = "sheet 'customer plan', cell B2: a font, fill or alignment the run never writes"


@pytest.mark.parametrize(("edit", "said"), [
    (_link, "part xl/worksheets/_rels/sheet1.xml.rels: a hyperlink"),
    (_row_height, "sheet 'customer plan': a row height is set"),
    (_column_width, "sheet 'tiers': a column 0.1 wide"),
    (_cell(lambda c: setattr(c, "font", Font(color="FFFFFF"))), STYLE),
    (_cell(lambda c: setattr(c, "font", Font(size=1))), STYLE),
    (_cell(lambda c: setattr(c, "font", Font(strike=True))), STYLE),
    (_cell(lambda c: setattr(c, "font", Font(bold=True, color="FFFFFF"))), STYLE),
    (_cell(lambda c: setattr(c, "alignment", Alignment(indent=40))), STYLE),
    (_cell(lambda c: setattr(c, "fill", PatternFill("solid", fgColor="000000"))), STYLE),
    (_name, "a defined name the run never writes"),
    (_protect, "sheet 'tiers': protected"),
])
def test_a_change_of_how_a_sheet_looks_is_named(folder: Path, tmp_path: Path,  # noqa: F811
                                                edit: Callable[[Workbook], None],
                                                said: str) -> None:
    found = _edited(folder, tmp_path, edit)
    assert any(said in " ".join(detail.split()) for detail in found), found
