"""verify re-checks plan.xlsx: its customer sheet against the Parquet plan and its tiers sheet
against tier_summary.csv; an edited cell (an RM, an offer, a tier's package, a value) fails,
named by sheet, row and column, in English and Chinese runs alike."""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from allocator import api
from allocator.report.language import Words
from tests.builders import offer, world
from tests.builders import reseal as _reseal
from tests.test_zh_everywhere import allocate

PACKAGES = {"basic": {"cost_per_customer": 0, "uplift": 0.0},
            "premium": {"cost_per_customer": 1, "uplift": 0.5, "tiers": ["top"]}}


def planned(folder: Path, language: str = "en") -> Path:
    path = world(folder, [{"customer_id": "A", "tier_key": 2.0, "revenue_12m": 100.0},
                          {"customer_id": "B"}],
                 rms=[{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 100},
                      {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 100}],
                 fit=[("A", "R1", 5.0), ("B", "R2", 3.0)], offers={"o": offer(100, cost=1)},
                 packages=PACKAGES, output={"language": language})
    return api.run(path).folder


@pytest.fixture(scope="module")
def planned_en(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's English run (planned once; tests edit copies)."""
    return planned(tmp_path_factory.mktemp("en"))


@pytest.fixture
def folder(planned_en: Path, tmp_path: Path) -> Path:
    """A fresh copy of the module's English run (its raw data stays where the run read it)."""
    return Path(shutil.copytree(planned_en, tmp_path / planned_en.name))


def edit(folder: Path, sheet: str, row: int, header: str, value: object,
         language: str = "en") -> str:
    """Set one cell of plan.xlsx (its column found by header); returns its column letter."""
    words = Words(language)  # type: ignore[arg-type]
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    page = book[words.term(sheet)]
    [cell] = [c for c in page[1] if c.value == words.column(header)]
    page.cell(row=row, column=cell.column).value = value
    book.save(folder / "plan.xlsx")
    return str(cell.column_letter)


@pytest.mark.parametrize(("sheet", "row", "header", "value", "key"), [
    ("customer plan", 2, "rm_id", "R2", "customer_id A"),
    ("customer plan", 3, "offers", None, "customer_id B"),
    ("customer plan", 2, "coverage_value", 6.5, "customer_id A"),
    ("customer plan", 3, "clv", "lots", "customer_id B"),
    ("tiers", 2, "package", "basic", "tier top"),
])
def test_an_edited_cell_fails_verify_naming_sheet_row_and_column(
        folder: Path, sheet: str, row: int, header: str, value: object, key: str) -> None:
    assert api.verify_run(folder).ok
    letter = edit(folder, sheet, row, header, value)
    _reseal(folder)  # past the hash check: the sheet itself is compared
    [broken] = [v for v in api.verify_run(folder).hard_violations if v.label == "plan.xlsx"]
    shown = Words().column(header)  # the sheet's header, in words
    assert f"sheet '{sheet}': row {row} ({key}), column {letter} '{shown}'" in broken.detail


def test_allocate_verify_fails_on_an_edited_rm(folder: Path) -> None:
    edit(folder, "customer plan", 2, "rm_id", "R2")
    hashed = allocate("verify", str(folder))  # the hash names the file first
    assert hashed.exit_code != 0 and "plan.xlsx" in hashed.stdout + hashed.stderr
    _reseal(folder)
    result = allocate("verify", str(folder))
    assert result.exit_code != 0
    said = " ".join((result.stdout + result.stderr).split())
    assert "Traceback" not in said
    assert "plan.xlsx" in said and "sheet 'customer plan': row 2 (customer_id A), column E 'RM id'" in said


def test_a_chinese_workbook_is_read_in_its_own_language(tmp_path: Path) -> None:
    folder = planned(tmp_path, "zh")
    assert api.verify_run(folder).ok
    edit(folder, "customer plan", 2, "rm_id", "R2", "zh")
    _reseal(folder)
    [broken] = [v for v in api.verify_run(folder).violations if v.label == "plan.xlsx"]
    words = Words("zh")
    assert f"工作表“{words.term('customer plan')}”：第 2 行" in broken.detail
    assert words.column("rm_id") in broken.detail


def test_a_missing_row_or_sheet_is_named(folder: Path) -> None:
    book = openpyxl.load_workbook(folder / "plan.xlsx")
    book["customer plan"].delete_rows(3)
    del book["tiers"]
    book.save(folder / "plan.xlsx")
    _reseal(folder)
    details = [v.detail for v in api.verify_run(folder).violations if v.label == "plan.xlsx"]
    assert details[:2] == ["sheet 'customer plan': 1 row where the run wrote 2",
                           "has no sheet 'tiers'"]
    assert details[2].startswith("its sheets are summary, assumptions, rm books,")
