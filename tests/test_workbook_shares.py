"""plan.xlsx shows a share with the digits summary.md and report.html give it: the share of a
limit used cut towards full (use_text: 99.66% reads 99.6%, where Excel's own rounding of the
fraction would read 99.7%), any other share rounded as percent_text does; the cell stays a
number, and verify reads the sheet against its table by the same rule."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import openpyxl
import pandas as pd

from allocator.report.cell_texts import percent_text, use_text
from allocator.report.language import Words
from allocator.report.workbook import write_workbook
from allocator.workbook_check import Shown, sheet_difference

USED = [0.9966, 0.99649, 1.00041, 0.5]
"""Shares of RM hours used: 99.6%, 99.6%, 100.1% and 50.0% in the reports (Excel would round
the first and the third to 99.7% and 100.0%)."""
COVERED = [0.99651, 0.00012345, 0.5, 0.25]
"""Other shares: 99.7%, 0.012%, 50.0%, 25.0% in the reports."""


def rm_books() -> pd.DataFrame:
    return pd.DataFrame({"rm_id": ["R1", "R2", "R3", "R4"], "utilization": USED,
                         "coverage_share": COVERED})


def excel_text(value: float, number_format: str) -> str:
    """What Excel shows of a number in a percentage format ("0.0%"): rounded half away from
    zero at the format's decimals."""
    digits = len(number_format.rstrip("%").partition(".")[2])
    shown = Decimal(repr(value * 100)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return f"{shown}%"


def written(tmp_path: Path) -> tuple[Path, list[list[str]]]:
    """plan.xlsx of the RM books, and each share column's cells as Excel shows them."""
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"rm books": rm_books()})
    sheet = openpyxl.load_workbook(path).worksheets[0]
    columns = [[excel_text(cell.value, cell.number_format) for cell in column[1:]]
               for column in sheet.iter_cols(min_col=2, max_col=3)]
    assert all(isinstance(cell.value, float) for column in sheet.iter_cols(min_col=2, max_col=3)
               for cell in column[1:])  # still numbers
    return path, columns


def percents(texts: list[str]) -> list[float]:
    """Percentages as numbers: 99.60% and 99.6% alike (a column's format may show more
    decimals than a share needs: the same figure)."""
    return [float(text.removesuffix("%")) for text in texts]


def test_a_workbook_shows_each_share_as_the_reports_write_it(tmp_path: Path) -> None:
    _, (used, covered) = written(tmp_path)
    reported = [use_text(share) for share in USED]
    assert reported == ["99.6%", "99.6%", "100.1%", "50.0%"]
    assert used == reported  # Excel alone read the first 99.7%, the third 100.0%
    reported = [percent_text(share) for share in COVERED]
    assert reported == ["99.7%", "0.012%", "50.0%", "25.0%"]
    assert percents(covered) == percents(reported)


def test_verify_reads_the_shares_by_the_same_rule(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    shown = Shown("rm books", rm_books(), "rm_id")
    assert sheet_difference(shown, path, Words()) is None
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["B2"].value = 0.9  # an edited share is still found
    book.save(path)
    difference = sheet_difference(shown, path, Words())
    assert difference is not None and "row 2 (rm_id R1), column B" in difference, difference


def test_a_workbook_written_with_whole_shares_still_verifies(tmp_path: Path) -> None:
    path, _ = written(tmp_path)
    book = openpyxl.load_workbook(path)
    for row, (used, covered) in enumerate(zip(USED, COVERED, strict=True), start=2):
        book.worksheets[0].cell(row=row, column=2).value = used
        book.worksheets[0].cell(row=row, column=3).value = covered
    book.save(path)
    assert sheet_difference(Shown("rm books", rm_books(), "rm_id"), path, Words()) is None
