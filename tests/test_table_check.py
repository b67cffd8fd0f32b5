"""verify derives every table people read again (the CSVs from the Parquet plan, the saved
inputs and the checker's recomputation; plan.xlsx's sheets from those CSVs, the manifest and
the checker) and names the file or sheet, the row and the column of an edited number, even
when the manifest's hashes were made to match."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from tests.builders import reseal as _reseal
from tests.test_workbook_check import edit, planned


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = planned(tmp_path_factory.mktemp("tables"))
    assert api.verify_run(folder).ok
    return folder


@pytest.fixture
def folder(run_folder: Path, tmp_path: Path) -> Path:
    """A fresh copy of the module's run folder (its raw data stays where the run read it)."""
    import shutil

    copy = tmp_path / run_folder.name
    shutil.copytree(run_folder, copy)
    return copy


@pytest.mark.parametrize(("name", "column", "key"), [
    ("customer_plan.csv", "clv", None),
    ("offer_plan.csv", "propensity", "customer_id A offer_id o"),
    ("rm_books.csv", "hours", "rm_id R1"),
    ("tier_summary.csv", "package_cost", "tier top"),
    ("offer_summary.csv", "value", "offer_id o"),
    ("constraints.csv", "used", "constraint rm_capacity label R1"),
])
def test_an_edited_number_in_a_csv_is_named(folder: Path, name: str, column: str,
                                            key: str | None) -> None:
    path = folder / name
    table = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    row = 0 if key is None else _row(table, key)
    table.loc[row, column] = str(float(table.loc[row, column] or 0) + 7.5)
    table.to_csv(path, index=False, lineterminator="\n")
    _reseal(folder)
    broken = [v.detail for v in api.verify_run(folder).hard_violations if v.label == name]
    assert broken
    if key is not None:
        assert f"line {row + 2} ({key}), column '{column}'" in broken[0]


def _row(table: pd.DataFrame, key: str) -> int:
    words = key.split(" ")
    pairs = dict(zip(words[::2], words[1::2], strict=True))
    match = pd.Series(True, index=table.index)
    for column, value in pairs.items():
        match &= table[column] == value
    return int(match.idxmax())


@pytest.mark.parametrize(("sheet", "row", "header", "key"), [
    ("rm books", 2, "hours", "rm_id R1"),
    ("offers", 2, "expected_sales", "offer_id o"),
    ("constraints", 2, "limit", None),
    ("summary", 5, "value or text", None),
    ("summary", 12, "value or text", None),
])
def test_an_edited_number_in_a_sheet_is_named(folder: Path, sheet: str, row: int,
                                              header: str, key: str | None) -> None:
    edit(folder, sheet, row, header, 12345.5)
    _reseal(folder)
    [broken] = [v.detail for v in api.verify_run(folder).hard_violations
                if v.label == "plan.xlsx"]
    assert f"sheet '{sheet}': row {row}" in broken
    if key is not None:
        assert f"row {row} ({key})" in broken


def test_an_edited_text_in_a_sheet_is_named(folder: Path) -> None:
    edit(folder, "summary", 4, "value or text", "exact (CBC)")
    _reseal(folder)
    [broken] = [v.detail for v in api.verify_run(folder).hard_violations
                if v.label == "plan.xlsx"]
    assert "sheet 'summary': row" in broken


@pytest.mark.parametrize("name", ["offer_summary.csv", "constraints.csv", "rm_books.csv"])
def test_a_csv_whose_header_is_edited_is_named_with_its_missing_columns(folder: Path,
                                                                         name: str) -> None:
    """A header written with ';' for ',' (the hash made to match) is a failed verify naming
    the file and the columns it lacks, not a crash."""
    path = folder / name
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([lines[0].replace(",", ";"), *lines[1:]]), encoding="utf-8")
    _reseal(folder)
    broken = {v.label: v.detail for v in api.verify_run(folder).hard_violations}
    assert "lacks the columns" in broken[name]
    assert "plan.xlsx" not in broken


@pytest.mark.parametrize(("name", "column", "key"), [
    ("rm_books.csv", "hours", "rm_id R1"),
    ("tier_summary.csv", "package_cost", "tier top"),
    ("offer_summary.csv", "value", "offer_id o"),
])
def test_an_edited_csv_names_only_itself(folder: Path, name: str, column: str,
                                         key: str) -> None:
    """plan.xlsx still shows the right numbers: verify names the edited CSV alone."""
    path = folder / name
    table = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    row = _row(table, key)
    table.loc[row, column] = str(float(table.loc[row, column] or 0) + 7.5)
    table.to_csv(path, index=False, lineterminator="\n")
    _reseal(folder)
    broken = {v.label: v.detail for v in api.verify_run(folder).hard_violations}
    assert set(broken) == {name}, broken


def test_an_edited_headline_in_summary_md_is_named(folder: Path) -> None:
    """summary.md is what a committee reads: its expected value, edited and its hash made to
    match, fails verify naming the file and the line."""
    path = folder / "summary.md"
    lines = path.read_text(encoding="utf-8").split("\n")
    (number,) = [n for n, line in enumerate(lines) if line.startswith("- Expected value of the plan: **")]
    lines[number] = "- Expected value of the plan: **9,999,999**"
    path.write_text("\n".join(lines), encoding="utf-8")
    _reseal(folder)
    broken = {v.label: v.detail for v in api.verify_run(folder).hard_violations}
    assert set(broken) == {"summary.md"}, broken
    assert broken["summary.md"].startswith(
        f"line {number + 1} '- Expected value of the plan: **9,999,999**'")


def test_a_chinese_run_s_edited_csv_is_named_in_chinese(tmp_path: Path) -> None:
    folder = planned(tmp_path, "zh")
    path = folder / "rm_books.csv"
    table = pd.read_csv(path, keep_default_na=False, na_values=[""], dtype=str)
    row = _row(table, "rm_id R1")
    table.loc[row, "hours"] = str(float(table.loc[row, "hours"] or 0) + 7.5)
    table.to_csv(path, index=False, lineterminator="\n")
    _reseal(folder)
    broken = [v.detail for v in api.verify_run(folder).hard_violations
              if v.label == "rm_books.csv"]
    assert broken and broken[0].startswith(f"第 {row + 2} 行（rm_id R1）的“hours”列"), broken
    assert "与 customer_plan.parquet 及校验器重新计算的结果不同" in broken[0]
