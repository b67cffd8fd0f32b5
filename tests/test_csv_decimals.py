"""A CSV table's decimal mark: Excel's semicolon CSV where the decimal mark is a comma reads as
the same table (points between thousands too), a source may say which mark its file uses, and a
decimal comma that is not read is refused alike in every column, in English and Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator.errors import UserError
from tests.test_table_input import CUSTOMERS, load, scenario_with

Writer = Callable[[str, dict[str, Any]], Path]


def written(path: Path, frame: pd.DataFrame, sep: str = ";", decimal: str = ",") -> Path:
    frame.to_csv(path, index=False, sep=sep, decimal=decimal)
    return path


def with_cells(**cells: list[str]) -> pd.DataFrame:
    """The tiny customers with the first cells of some columns written as given, the others
    of those columns with a decimal comma."""
    frame = CUSTOMERS.copy()
    for column, values in cells.items():
        frame[column] = [*values, *(str(value).replace(".", ",")
                                    for value in frame[column].iloc[len(values):])]
    return frame


def test_a_semicolon_csv_with_decimal_commas_reads_as_the_same_table(
        write_yaml: Writer, tmp_path: Path, tiny: Path) -> None:
    path = written(tmp_path / "customers.csv", CUSTOMERS)
    assert "0,005" in path.read_text()
    book = load(scenario_with(write_yaml, path))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers)


def test_points_between_thousands_are_read_with_the_decimal_commas(
        write_yaml: Writer, tmp_path: Path) -> None:
    """1.234,56 is 1234.56 and 700.000 is 700000 in a table that writes decimal commas,
    never 1.234 or 700."""
    frame = with_cells(aum=["8.000.000,5", "700.000", "460000"], pd=["0,005", "0,01"])
    customers = load(scenario_with(write_yaml, written(tmp_path / "c.csv", frame))).customers
    assert customers["aum"].iloc[:3].tolist() == [8000000.5, 700000.0, 460000.0]
    assert customers["pd"].iloc[:2].tolist() == [0.005, 0.01]


def test_a_semicolon_csv_of_decimal_points_reads_them_as_before(
        write_yaml: Writer, tmp_path: Path) -> None:
    frame = with_cells(aum=["1.234", "700000.5"])
    path = written(tmp_path / "c.csv", frame, decimal=".")
    assert load(scenario_with(write_yaml, path)).customers["aum"].iloc[:2].tolist() == [
        1.234, 700000.5]


def test_a_declared_decimal_comma_reads_a_tab_separated_file(
        write_yaml: Writer, tmp_path: Path, tiny: Path) -> None:
    path = written(tmp_path / "customers.txt", CUSTOMERS, sep="\t")
    book = load(scenario_with(write_yaml, path, decimal=","))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers)


def _refusal(write_yaml: Writer, path: Path, **source: Any) -> tuple[str, str]:
    with pytest.raises(UserError) as caught:
        load(scenario_with(write_yaml, path, **source))
    return " ".join(str(caught.value).split()), " ".join(caught.value.chinese.split())


@pytest.mark.parametrize(("frame", "source"), [
    # both marks in one file: which one a cell such as 1.234 uses is unknown
    (with_cells(aum=["1.234,56", "12,44"], revenue_12m=["7000.5"]), {}),
    (with_cells(aum=["1.234,56", "12,44"]), {"decimal": "."}),  # said: points
])
def test_decimal_commas_not_read_are_refused_alike_in_every_column(
        write_yaml: Writer, tmp_path: Path, frame: pd.DataFrame, source: dict[str, str]
) -> None:
    english, chinese = _refusal(write_yaml, written(tmp_path / "c.csv", frame), **source)
    for column, examples in (("aum", "['1.234,56', '12,44']"),
                             ("pd", "['0,005', '0,01', '0,02']")):
        assert (f"column '{column}': " in english
                and f"not numbers (e.g. {examples}): written with a decimal comma" in english)
    # aum, tenure_years and pd, each told the same
    assert english.count('say so beside its path in the scenario (decimal: ",")') == 3
    assert "write plain numbers" not in english
    assert chinese.count("使用了小数逗号") == 3 and "（decimal: \",\"）" in chinese


@pytest.mark.parametrize("name", ["customers.xlsx", "customers.parquet"])
def test_a_decimal_mark_is_said_of_csv_files_only(
        write_yaml: Writer, tmp_path: Path, name: str) -> None:
    with pytest.raises(UserError) as caught:
        load(scenario_with(write_yaml, tmp_path / name, decimal=","))
    said = " ".join(str(caught.value).split())
    assert "data.customers: decimal: ',' says how a CSV file writes its numbers" in said, said
    assert "请在此处去掉 decimal" in " ".join(caught.value.chinese.split())
