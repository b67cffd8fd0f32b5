"""Text columns (ids, regions, branches) read from a CSV file as written, whatever its decimal
mark: 04 stays 04 and 1.001 is never 1001, a text such as 1,5 is no decimal comma; a Parquet
book's ids stored as numbers still match a CSV RM table, and two tables that write one
region as the same number in two ways are told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.preparation import prepare
from allocator.report.language import Words
from tests.conftest import DATA, tiny_scenario
from tests.test_table_input import load

Writer = Callable[[str, dict[str, Any]], Path]
REGIONS = {"North": "1.001", "South": "1.002"}


def tables(customers: pd.DataFrame, regions: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The tiny customers given and the tiny RMs, their regions renamed by `regions`."""
    rms = pd.read_csv(DATA / "tiny" / "rms.csv")
    customers, rms = customers.copy(), rms.copy()
    customers["region"] = customers["region"].map(regions)
    rms["region"] = rms["region"].map(regions)
    return customers, rms


def tiny_customers() -> pd.DataFrame:
    return pd.read_csv(DATA / "tiny" / "customers.csv", dtype={"incumbent_rm": str})


def scenario(write_yaml: Writer, customers: Path, rms: Path, **source: Any) -> Path:
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(customers), **source}
    raw["data"]["rms"] = {"path": str(rms)}
    raw["output"]["dir"] = str(customers.parent / "reports")
    return write_yaml("scenario.yaml", raw)


@pytest.mark.parametrize("decimal", [{}, {"decimal": ","}])
def test_regions_written_with_a_point_are_read_as_written_among_decimal_commas(
        write_yaml: Writer, tmp_path: Path, decimal: dict[str, str]) -> None:
    """A semicolon file of decimal commas (found or declared) whose regions are 1.001 and
    1.002, beside a comma-separated RM table of the same regions: its customers are in their
    regions (never 1001) and in reach of their RMs; its numbers read with decimal commas."""
    customers, rms = tables(tiny_customers(), REGIONS)
    customers.to_csv(tmp_path / "customers.csv", index=False, sep=";", decimal=",")
    rms.to_csv(tmp_path / "rms.csv", index=False)
    assert "1.001;" in (tmp_path / "customers.csv").read_text()
    path = scenario(write_yaml, tmp_path / "customers.csv", tmp_path / "rms.csv", **decimal)
    prepared = prepare(path)
    assert set(prepared.book.customers["region"]) == {"1.001", "1.002"}
    assert prepared.book.customers["pd"].iloc[:2].tolist() == [0.005, 0.01]
    assert [w.message for w in prepared.readiness.warnings] == []


@pytest.mark.parametrize(("cells", "sep", "decimal"), [
    ({"branch": "1,5"}, ";", {}), ({"region": "4,5"}, ";", {}),
    ({"branch": "2.5"}, ";", {"decimal": ","}),
])
def test_a_text_written_as_a_number_plays_no_part_in_the_decimal_mark(
        write_yaml: Writer, tmp_path: Path, cells: dict[str, str], sep: str,
        decimal: dict[str, str]) -> None:
    """Branch 1,5 or region 4,5 in a semicolon file of decimal points, branch 2.5 in one of
    decimal commas: read as written, never refused as a decimal mark out of place, and the
    numbers read as the file writes them."""
    customers = tiny_customers()
    for column, value in cells.items():
        customers[column] = value
    mark = decimal.get("decimal", ".")
    customers.to_csv(tmp_path / "customers.csv", index=False, sep=sep, decimal=mark)
    book = load(scenario(write_yaml, tmp_path / "customers.csv",
                         DATA / "tiny" / "rms.csv", **decimal))
    for column, value in cells.items():
        assert set(book.customers[column]) == {value}
    assert book.customers["pd"].iloc[:2].tolist() == [0.005, 0.01]
    assert book.customers["aum"].iloc[0] == 8000000.0


def test_a_region_with_a_leading_zero_keeps_it_in_the_plan(write_yaml: Writer,
                                                           tmp_path: Path) -> None:
    """Region 04 in comma-separated tables: 04 in customer_plan.csv and rm_books.csv, never 4."""
    customers, rms = tables(tiny_customers(), {"North": "04", "South": "05"})
    customers.to_csv(tmp_path / "customers.csv", index=False)
    rms.to_csv(tmp_path / "rms.csv", index=False)
    path = scenario(write_yaml, tmp_path / "customers.csv", tmp_path / "rms.csv")
    result = CliRunner().invoke(app, ["run", str(path)])
    assert result.exit_code == 0, result.output
    assert "without any RM" not in result.output
    [folder] = (tmp_path / "reports" / "tiny").iterdir()
    for name in ("customer_plan.csv", "rm_books.csv"):
        plan = pd.read_csv(folder / name, dtype=str)
        assert set(plan["region"]) == {"04", "05"}, name


def test_a_parquet_book_of_numeric_ids_matches_a_csv_rm_table(write_yaml: Writer,
                                                              tmp_path: Path) -> None:
    """Regions and incumbent RMs a Parquet file stores as numbers (floats, with a blank)
    match the CSV RM table's 4 and 7: 4.0 reads 4."""
    customers, rms = tables(tiny_customers(), {"North": 4.0, "South": 5.0})
    rm_ids = {"RM1": "7", "RM2": "8", "RM3": "9", "RM4": "10"}
    customers["incumbent_rm"] = customers["incumbent_rm"].map(rm_ids).astype(float)
    rms["rm_id"] = rms["rm_id"].map(rm_ids)
    rms["region"] = rms["region"].astype(int)
    assert customers["incumbent_rm"].isna().any()
    customers.to_parquet(tmp_path / "customers.parquet")
    rms.to_csv(tmp_path / "rms.csv", index=False)
    prepared = prepare(scenario(write_yaml, tmp_path / "customers.parquet",
                                tmp_path / "rms.csv"))
    assert set(prepared.book.customers["region"]) == {"4", "5"}
    assert set(prepared.book.customers["incumbent_rm"].dropna()) <= {"7", "8", "9", "10"}
    assert [w.message for w in prepared.readiness.warnings] == []


def test_two_tables_writing_a_region_as_one_number_in_two_ways_are_told(
        write_yaml: Writer, tmp_path: Path) -> None:
    """Region 04 among the customers and 4 among the RMs, incumbent RM 007 and RM 7.0: no
    match, as text is read as written, and a warning names each pair, in English and
    Chinese."""
    customers, rms = tables(tiny_customers(), {"North": "04", "South": "05"})
    rms["region"] = rms["region"].replace({"04": "4"})
    customers["incumbent_rm"] = customers["incumbent_rm"].replace({"RM3": "007"})
    rms["rm_id"] = rms["rm_id"].replace({"RM3": "7.0"})
    customers.to_csv(tmp_path / "customers.csv", index=False)
    rms.to_csv(tmp_path / "rms.csv", index=False)
    path = scenario(write_yaml, tmp_path / "customers.csv", tmp_path / "rms.csv")
    english = CliRunner().invoke(app, ["validate", str(path)]).output
    said = " ".join(english.split())
    assert ("region: the customer table and the RM table write these as the same number in "
            "two ways, which do not match, as text is read as written: 04 / 4 (customers / "
            "RMs); write each the same way in both tables.") in said
    assert "incumbent_rm: the customer table and the RM table write these as the same " \
           "number in two ways" in said and "007 / 7.0 (customers / RMs)" in said
    told = [w.text(Words("zh")) for w in prepare(path).readiness.warnings
            if w.message == "ready_written_otherwise"]
    assert told[0] == ("region：客户表与客户经理表将以下各项写成同一数字的不同形式，文本按原样"
                       "读取，因此两者不相匹配：04 / 4（客户表 / 客户经理表）；请在两表中采用"
                       "相同写法。")
    assert told[1].startswith("incumbent_rm：") and "007 / 7.0（客户表 / 客户经理表）" in told[1]
