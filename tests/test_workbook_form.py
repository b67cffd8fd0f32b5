"""verify reads plan.xlsx whole: its sheets by name and order as the run writes them, no
formula, comment or part the run never writes, its assumptions sheet as the manifest writes it
again and its summary sheet's currency; each edit, the manifest's hashes made to match it the
way an insider would, is named."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.workbook.workbook import Workbook

from allocator import api
from tests.builders import reseal, two_customers


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api.run(two_customers(tmp_path_factory.mktemp("book"))).folder


def _edited(folder: Path, tmp_path: Path, edit: Callable[[Workbook], None]) -> list[str]:
    """verify's findings on plan.xlsx edited, the hashes resealed."""
    copy = Path(shutil.copytree(folder, tmp_path / "run"))
    book = load_workbook(copy / "plan.xlsx")
    edit(book)
    book.save(copy / "plan.xlsx")
    reseal(copy)
    return [v.detail for v in api.verify_run(copy).violations if v.label == "plan.xlsx"]


def _set(book: Workbook, sheet: str, item: str, value: object) -> None:
    for row in book[sheet].iter_rows(min_row=2):
        if row[0].value == item:
            row[1].value = value
            return
    raise AssertionError(f"no {item} in {sheet}")


def test_the_workbook_as_written_passes(folder: Path, tmp_path: Path) -> None:
    assert api.verify_run(folder).ok
    assert _edited(folder, tmp_path, lambda book: None) == []  # saved again by openpyxl


def test_an_added_sheet_with_a_formula_is_named(folder: Path, tmp_path: Path) -> None:
    def add(book: Workbook) -> None:
        book.create_sheet("notes")["A1"] = '=HYPERLINK("http://example.com","open")'

    found = _edited(folder, tmp_path, add)
    assert any("formula" in d for d in found), found


def test_an_added_sheet_is_named(folder: Path, tmp_path: Path) -> None:
    found = _edited(folder, tmp_path, lambda book: book.create_sheet("notes").append(["x"]))
    assert any("its sheets are" in d and "notes" in d for d in found), found


def test_a_comment_is_named(folder: Path, tmp_path: Path) -> None:
    def comment(book: Workbook) -> None:
        book["tiers"]["A1"].comment = Comment("approved", "ops")

    found = _edited(folder, tmp_path, comment)
    assert any("comment" in d for d in found), found


def test_comments_name_their_first_part_and_count_the_rest(folder: Path, tmp_path: Path) -> None:
    def comment(book: Workbook) -> None:
        for sheet in ("tiers", "offers"):
            book[sheet]["A1"].comment = Comment("approved", "ops")

    found = _edited(folder, tmp_path, comment)
    assert any(re.search(r"holds xl/comments/\w+\.xml \(and [1-9]\d* more\), which no run", d)
               for d in found), found


def test_the_budget_of_the_assumptions_sheet_is_named(folder: Path, tmp_path: Path) -> None:
    sheet = load_workbook(folder / "plan.xlsx")["assumptions"]
    budget = next(row for row in sheet.iter_rows(min_row=2) if "udget" in str(row[0].value))
    item = str(budget[0].value)
    found = _edited(folder, tmp_path, lambda book: _set(book, "assumptions", item, "9 EUR"))
    assert any("assumptions" in d for d in found), found


def test_the_currency_of_the_summary_sheet_is_named(folder: Path, tmp_path: Path) -> None:
    found = _edited(folder, tmp_path, lambda book: _set(book, "summary", "currency", "USD"))
    assert any("currency" in d for d in found), found


def _summary_amount(book: Workbook) -> str:
    """The cell of the summary sheet's first amount of 100 or more (shown as #,##0)."""
    for row in book["summary"].iter_rows(min_row=2):
        if isinstance(row[1].value, float | int) and abs(row[1].value) >= 100:
            return str(row[1].coordinate)
    raise AssertionError("no amount in the summary sheet")


def _disguise(book: Workbook) -> None:
    cell = book["summary"][_summary_amount(book)]
    cell.number_format = '"922,406"'


def _hide_row(book: Workbook) -> None:
    book["customer plan"].row_dimensions[3].hidden = True


def _hide_column(book: Workbook) -> None:
    book["tiers"].column_dimensions["B"].hidden = True


def _hide_sheet(book: Workbook) -> None:
    book["offers"].sheet_state = "hidden"


def _colour_rule(book: Workbook) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font

    book["tiers"].conditional_formatting.add(
        "B2:B9", CellIsRule(operator="greaterThan", formula=["0"], font=Font(color="FFFFFF")))


def _validation(book: Workbook) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    rule = DataValidation(type="list", formula1='"yes,no"')
    book["rm books"].add_data_validation(rule)
    rule.add("A2")


@pytest.mark.parametrize(("edit", "named"), [
    (_disguise, "sheet 'summary', cell B"), (_disguise, 'number format "922,406"'), (_hide_row, "sheet 'customer plan': row 3 is hidden"),
    (_hide_column, "sheet 'tiers': column B is hidden"), (_hide_sheet, "sheet 'offers' is hidden"),
    (_colour_rule, "sheet 'tiers' has a conditional format"),
    (_validation, "sheet 'rm books' has a data validation")])
def test_an_edit_of_what_a_sheet_shows_is_named(folder: Path, tmp_path: Path,
                                                edit: Callable[[Workbook], None],
                                                named: str) -> None:
    """The values stay right; what a reader sees does not: a summary amount shown as another
    number, a customer's row, a column or a sheet hidden, a rule that paints or restricts."""
    found = _edited(folder, tmp_path, edit)
    assert any(named in d for d in found), found

