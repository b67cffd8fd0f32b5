"""A sheet of plan.xlsx holding its table's rows in another order (the Parquet plan and its CSV
shuffled alike) is said once, naming the first row out of place; its cells are compared row by
row matched by key, so an edited cell is still named, at its row in the sheet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from allocator.errors import speak
from allocator.report.language import Words
from allocator.workbook_check import Shown, sheet_difference

TABLE = pd.DataFrame({"tier": ["a", "b", "c"], "customers": [1, 2, 3]})


def _book(tmp_path: Path, rows: list[tuple[object, ...]], language: str = "en") -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = Words(language).term("tiers")[:31]
    for row in [tuple(Words(language).headers(TABLE)), *rows]:
        sheet.append(row)
    book.save(tmp_path / "plan.xlsx")
    return tmp_path / "plan.xlsx"


def _said(path: Path, language: str = "en") -> str | None:
    speak(language, pin=True)
    return sheet_difference(Shown("tiers", TABLE, "tier", "tier_summary.csv"), path,
                            Words(language))


def test_rows_in_another_order_are_said_once(tmp_path: Path) -> None:
    rows: list[tuple[object, ...]] = [("c", 3), ("a", 1), ("b", 2)]
    assert _said(_book(tmp_path, rows)) == (
        "sheet 'tiers' holds the same rows as tier_summary.csv in another order (row 2: tier c "
        "in the sheet, a in tier_summary.csv): the run writes both in one order, so one was "
        "rewritten after the run; their rows were matched by tier to compare their cells")
    assert _said(_book(tmp_path, rows, "zh"), "zh") == (
        "工作表“客户分层”与 tier_summary.csv 的行相同但顺序不同（第 2 行：工作表中为 tier c，"
        "tier_summary.csv 中为 a）：运行按同一顺序写出两者，可见其一在运行后被改写；"
        "已按 tier 对应各行后比较其单元格")


def test_a_cell_edited_among_reordered_rows_is_named_at_its_sheet_row(tmp_path: Path) -> None:
    said = _said(_book(tmp_path, [("c", 3), ("a", 9), ("b", 2)]))
    assert said is not None and said.endswith(
        "; sheet 'tiers': row 3 (tier a), column B 'customers' differ from what the run wrote")


@pytest.mark.parametrize("rows", [[("a", 1), ("b", 2), ("c", 3)], [("a", 1), ("b", 2), ("d", 3)]])
def test_the_same_order_or_other_rows_are_compared_cell_by_cell(
        tmp_path: Path, rows: list[tuple[object, ...]]) -> None:
    said = _said(_book(tmp_path, rows))
    assert said is None or "another order" not in said
