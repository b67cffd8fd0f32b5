"""A CSV table's decimal mark: Excel's semicolon CSV (or tab-separated text) where the decimal
mark is a comma reads as the same table (points between thousands too), a source may say which
mark its file uses, and a decimal comma that is not read is refused alike in every column, in
English and Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator.errors import UserError
from tests.conftest import DATA, tiny_scenario
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


@pytest.mark.parametrize("sep", [";", "\t", "|"])
def test_a_csv_with_decimal_commas_reads_as_the_same_table(
        write_yaml: Writer, tmp_path: Path, tiny: Path, sep: str) -> None:
    """Separated by semicolons (Excel's CSV where the decimal mark is a comma), tabs (its text
    exports) or bars: a decimal comma is found and read."""
    path = written(tmp_path / "customers.csv", CUSTOMERS, sep=sep)
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


def test_decimal_commas_not_read_are_refused_alike_in_every_column(
        write_yaml: Writer, tmp_path: Path) -> None:
    """A comma-separated file is read with points (a decimal comma there stands only in
    quotes): its decimal commas are refused, each column told the same."""
    frame = with_cells(aum=["1.234,56", "12,44"])
    english, chinese = _refusal(write_yaml, written(tmp_path / "c.csv", frame, sep=","))
    for column, examples in (("aum", "'1.234,56', '12,44'"),
                             ("pd", "'0,005', '0,01', '0,02'")):
        assert (f"column '{column}': " in english
                and f"not numbers (e.g. {examples}): written with a decimal comma" in english)
    # aum, tenure_years and pd, each told the same
    assert english.count('say so beside its path in the scenario (decimal: ",")') == 3
    assert "write plain numbers" not in english
    assert chinese.count("使用了小数逗号") == 3 and "（decimal: \",\"）" in chinese


def test_a_decimal_comma_where_the_source_says_points_is_refused_by_its_line(
        write_yaml: Writer, tmp_path: Path) -> None:
    """decimal: "." and one 0,005 among decimal points: that cell is to be written with a
    point, and decimal: "," (which would refuse every other decimal) is not offered."""
    path = points_file(tmp_path / "c.csv", pd=["0,005"])
    english, chinese = _refusal(write_yaml, path, decimal=".")
    assert (f'{path}: the source says decimal: ".", but these numbers are written with a '
            "decimal comma") in english
    assert "column 'pd', line 2 (0,005)" in english
    assert ("write them with a decimal point as the file's other numbers (12,44 as 12.44, "
            "1.234,56 as 1234.56).") in english
    assert 'decimal: ","' not in english and 'decimal: ","' not in chinese
    assert "字段“pd”，第 2 行（0,005）" in chinese
    assert "请与文件中其余数字一样以小数点书写" in chinese


def test_decimal_commas_throughout_where_the_source_says_points_ask_for_commas(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = written(tmp_path / "c.csv", with_cells(aum=["1.234,56"]))
    english, chinese = _refusal(write_yaml, path, decimal=".")
    assert (f'{path}: the source says decimal: ".", but the file writes its decimals with a '
            "comma") in english
    assert "column 'aum', line 2 (1.234,56)" in english
    assert "column 'pd', lines 2, 3, 4" in english
    assert 'say decimal: "," beside the file\'s path in the scenario instead' in english
    assert "write them with a decimal point" not in english
    assert '请在情景中该文件路径旁改为注明 decimal: ","' in chinese


@pytest.mark.parametrize("name", ["customers.xlsx", "customers.parquet"])
def test_a_decimal_mark_is_said_of_csv_files_only(
        write_yaml: Writer, tmp_path: Path, name: str) -> None:
    with pytest.raises(UserError) as caught:
        load(scenario_with(write_yaml, tmp_path / name, decimal=","))
    said = " ".join(str(caught.value).split())
    assert "data.customers: decimal: ',' says how a CSV file writes its numbers" in said, said
    assert "请在此处去掉 decimal" in " ".join(caught.value.chinese.split())


def points_file(path: Path, **cells: list[str]) -> Path:
    """The tiny customers in a semicolon file of decimal points, the first cells of some
    columns written as given."""
    frame = CUSTOMERS.copy()
    for column, values in cells.items():
        frame[column] = [*values, *frame[column].iloc[len(values):].astype(str)]
    return written(path, frame, decimal=".")


def test_points_between_thousands_no_mark_settles_are_refused(
        write_yaml: Writer, tmp_path: Path) -> None:
    """1.760 in a semicolon file that shows no decimal mark could be 1760 (Excel's #.##0 where
    the decimal mark is a comma) or 1.76: it is refused, never read as either."""
    path = points_file(tmp_path / "c.csv", aum=["460.000", "12.500.000"])
    english, chinese = _refusal(write_yaml, path)
    assert f"{path}: numbers written as whole numbers with points between their thousands" \
        in english
    assert "column 'aum', lines 2, 3 (e.g. 460.000, 12.500.000)" in english
    assert 'decimal: "," (1.760 read as 1760) or decimal: "." (1.760 read as 1.76)' in english
    assert "字段“aum”，第 2, 3 行（例如 460.000、12.500.000）" in chinese
    assert '请在情景中该文件路径旁注明：decimal: ","（1.760 读作 1760）' in chinese


def rm_scenario(write_yaml: Writer, path: Path, **source: Any) -> Path:
    raw = tiny_scenario()
    raw["data"]["rms"] = {"path": str(path), **source}
    return write_yaml("scenario.yaml", raw)


def rm_hours(path: Path, hours: list[str], sep: str = "\t") -> Path:
    """The tiny RMs, their capacity hours written as given, in a file separated by `sep`."""
    frame = pd.read_csv(DATA / "tiny" / "rms.csv")
    frame["capacity_hours"] = hours
    frame.to_csv(path, index=False, sep=sep)
    return path


def test_points_between_thousands_in_a_tab_separated_file_are_refused(
        write_yaml: Writer, tmp_path: Path) -> None:
    """Excel's tab-separated text where the decimal mark is a comma writes 1760 hours as
    1.760: refused as in a semicolon file, never read as 1.76."""
    path = rm_hours(tmp_path / "rms.txt", ["1.760", "40", "1.760", "40"])
    with pytest.raises(UserError) as caught:
        load(rm_scenario(write_yaml, path))
    english, chinese = " ".join(str(caught.value).split()), " ".join(caught.value.chinese.split())
    assert (f"{path}: numbers written as whole numbers with points between their thousands, "
            "in a file separated by tabs that shows no decimal mark") in english
    assert "column 'capacity_hours', lines 2, 4 (e.g. 1.760, 1.760)" in english
    assert 'decimal: "," (1.760 read as 1760) or decimal: "." (1.760 read as 1.76)' in english
    assert f"{path}：文件以制表符分隔" in chinese
    assert "字段“capacity_hours”，第 2, 4 行（例如 1.760、1.760）" in chinese
    assert '请在情景中该文件路径旁注明：decimal: ","（1.760 读作 1760）' in chinese


@pytest.mark.parametrize(("hours", "sep", "read"), [
    (["1.760", "37,5", "1.760", "40"], "\t", [1760.0, 37.5, 1760.0, 40.0]),  # commas found
    (["1.5", "2.25", "100", "40"], "\t", [1.5, 2.25, 100.0, 40.0]),  # points, as before
    (["1.760", "40", "100", "40"], ",", [1.76, 40.0, 100.0, 40.0]),  # commas: points
])
def test_a_file_reads_the_decimal_mark_its_separator_and_numbers_allow(
        write_yaml: Writer, tmp_path: Path, hours: list[str], sep: str, read: list[float]
) -> None:
    path = rm_hours(tmp_path / "rms.txt", hours, sep)
    rms = load(rm_scenario(write_yaml, path)).rms
    assert rms["capacity_hours"].tolist() == read


@pytest.mark.parametrize(("decimal", "read"), [(",", [460000.0, 700000.0]),
                                               (".", [460.0, 700.0])])
def test_points_between_thousands_read_as_the_source_says(
        write_yaml: Writer, tmp_path: Path, decimal: str, read: list[float]) -> None:
    frame = CUSTOMERS.copy()
    frame["aum"] = ["460.000", "700.000", *frame["aum"].iloc[2:].astype(str)]
    path = written(tmp_path / "c.csv", frame, decimal=decimal)
    customers = load(scenario_with(write_yaml, path, decimal=decimal)).customers
    assert customers["aum"].iloc[:2].tolist() == read
    assert customers["pd"].iloc[:2].tolist() == [0.005, 0.01]


def test_a_decimal_point_in_the_column_settles_points_between_thousands(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = points_file(tmp_path / "c.csv", aum=["1.760", "7000.5"])
    assert load(scenario_with(write_yaml, path)).customers["aum"].iloc[:2].tolist() == [
        1.76, 7000.5]


@pytest.mark.parametrize("decimal", [{"decimal": ","}, {}])
def test_a_point_that_groups_no_thousands_is_refused_among_decimal_commas(
        write_yaml: Writer, tmp_path: Path, decimal: dict[str, str]) -> None:
    """Declared or found, a file of decimal commas reads a point only between thousands (664.500
    is 664500): 1860.37 or 0.123 is refused, never read as 1860.37 or as 123."""
    cells = ({"revenue_12m": ["1860.37", "664.500"], "pd": ["0.123"]} if decimal
             else {"revenue_12m": ["1234.567", "664.500"]})
    path = written(tmp_path / "c.csv", with_cells(**cells))
    english, chinese = _refusal(write_yaml, path, **decimal)
    if decimal:
        assert f'{path}: the source says decimal: ",", but these numbers hold a point' in english
        assert "column 'revenue_12m', line 2 (1860.37)" in english
        assert "column 'pd', line 2 (0.123)" in english
        assert "数据源注明 decimal: \",\"" in chinese and "字段“pd”，第 2 行（0.123）" in chinese
    else:
        assert f"{path}: the file writes its decimals with a comma" in english
        assert "column 'revenue_12m', line 2 (1234.567)" in english
        assert "字段“revenue_12m”，第 2 行（1234.567）" in chinese
    grouped = with_cells(revenue_12m=["664.500"])
    customers = load(scenario_with(write_yaml, written(tmp_path / "g.csv", grouped), **decimal))
    assert customers.customers["revenue_12m"].iloc[0] == 664500.0


def test_the_rows_whose_decimal_mark_disagrees_with_the_rest_are_named(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = written(tmp_path / "c.csv", with_cells(aum=["1,501.01"]))
    english, chinese = _refusal(write_yaml, path)
    assert (f"{path}: the file's numbers write their decimals with a comma (12,44), but these "
            "rows write a decimal point") in english
    assert "column 'aum', line 2 (1,501.01)" in english
    assert "written with a decimal comma" not in english
    assert "以下各行使用了小数点" in chinese and "字段“aum”，第 2 行（1,501.01）" in chinese
    points = points_file(tmp_path / "p.csv", aum=["1.234,56"])
    english, chinese = _refusal(write_yaml, points)
    assert "these rows write a decimal comma" in english
    assert "column 'aum', line 2 (1.234,56)" in english and "以下各行使用了小数逗号" in chinese


@pytest.mark.parametrize("space", [" ", "\u00a0", "\u202f"])
def test_spaces_between_thousands_are_refused_saying_so(
        write_yaml: Writer, tmp_path: Path, space: str) -> None:
    """1 234,56 as French Excel writes it: never read, and said to be so."""
    path = written(tmp_path / "c.csv", with_cells(aum=[f"8{space}000{space}000,5"]))
    english, chinese = _refusal(write_yaml, path)
    assert "written with spaces between thousands, which are not read" in english
    assert "write the numbers without spaces (1 234,56 as 1234,56)" in english
    assert '(decimal: ",")' in english and "write plain numbers" not in english
    assert "千位之间有空格，无法读取" in chinese and "请去掉数字中的空格" in chinese
