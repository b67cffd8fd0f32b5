"""plan.xlsx shows a limit or range end that has none as summary.md does ("∞", "-∞"), never
as a blank cell that reads as a missing value; verify reads such a cell as the infinite number
it stands for, and still reads the blank cell of a workbook written before."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from allocator import api
from allocator.report.cell_texts import format_cell
from allocator.report.language import Words
from allocator.report.workbook import write_workbook
from allocator.workbook_check import Shown, sheet_difference
from allocator.workbook_rewritten import same_value


def constraints() -> pd.DataFrame:
    return pd.DataFrame({"constraint": ["rm_hours", "budget", "loss_cap"],
                         "label": ["RM00001", "total", "total"],
                         "range_low": [204.0, -math.inf, 10.0],
                         "range_high": [math.inf, 50_000.0, math.inf]})


def cells(path: Path) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=2)]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_infinite_range_end_shows_as_the_reports_show_it(tmp_path: Path,
                                                            language: str) -> None:
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"constraints": constraints()}, Words(language))  # type: ignore[arg-type]
    rows = cells(path)
    assert [row[2:] for row in rows] == [(204, "∞"), ("-∞", 50_000), (10, "∞")]
    assert (format_cell(math.inf), format_cell(-math.inf)) == ("∞", "-∞")  # summary.md's
    shown = Shown("constraints", constraints(), "label")
    assert sheet_difference(shown, path, Words(language)) is None  # type: ignore[arg-type]


def test_a_workbook_written_before_with_blank_infinities_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"constraints": constraints()})
    book = openpyxl.load_workbook(path)
    for row in book.worksheets[0].iter_rows(min_row=2):
        for cell in row:
            if cell.value in ("∞", "-∞"):
                cell.value = None  # as a run before wrote it
    book.save(path)
    assert sheet_difference(Shown("constraints", constraints(), "label"), path, Words()) is None
    assert same_value(None, "∞") and same_value("∞", "∞") and same_value("-∞", "-∞")


@pytest.mark.parametrize("edited", ["-∞", "no limit", 0, 1e300])
def test_an_infinite_cell_edited_is_found(tmp_path: Path, edited: object) -> None:
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"constraints": constraints()})
    book = openpyxl.load_workbook(path)
    book.worksheets[0]["D2"] = edited  # RM00001's range high, ∞
    book.save(path)
    found = sheet_difference(Shown("constraints", constraints(), "label"), path, Words())
    assert found is not None and "RM00001" in found and "column D" in found
    assert not same_value(edited, "∞")


def test_a_run_shows_its_unbounded_ranges_and_passes_verify(demo_run: api.Run) -> None:
    table = pd.read_csv(demo_run.folder / "constraints.csv")
    sheet = openpyxl.load_workbook(demo_run.folder / "plan.xlsx", read_only=True)["constraints"]
    rows = list(sheet.iter_rows(values_only=True))
    at = {name: rows[0].index(name) for name in ("range low", "range high")}
    for column, name in (("range_high", "range high"), ("range_low", "range low")):
        infinite = table.index[table[column].abs() == math.inf]
        assert len(infinite), column
        assert {rows[i + 1][at[name]] for i in infinite} <= {"∞", "-∞"}
        assert all(rows[i + 1][at[name]] == format_cell(table.at[i, column]) for i in infinite)
    assert api.verify_run(demo_run.folder).ok
