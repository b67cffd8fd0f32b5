"""A message that names a row of an input table names it as the user sees it in the file: the
CSV file's line, the sheet's row, whatever title lines sit above the header (the user who opens
the file at that number finds that row), in English and in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator.book.csv_lines import CsvLines
from allocator.book.row_places import DATA_ROWS, RowPlaces
from allocator.errors import UserError
from tests.conftest import DATA, tiny_scenario
from tests.test_csv_title import one_line
from tests.test_source_forms import titled_workbook
from tests.test_table_input import CUSTOMERS, load

Writer = Callable[[str, dict[str, Any]], Path]
TITLE = ["Customer extract 2026-11-30", "Bank of Somewhere"]
"""Two title lines above each table: its header is line (row) 3, its first row line 4."""
WORDS = {".csv": (("on lines", "of the file"), "文件"),
         ".xlsx": (("in rows", "of the sheet"), "工作表")}
"""How a message names a CSV file's lines and a sheet's rows, in English and in Chinese."""


def titled(path: Path, table: pd.DataFrame) -> Path:
    """`table` below the two title lines, as a CSV file or a workbook's sheet by the suffix."""
    if path.suffix == ".csv":
        path.write_text("".join(f"{line}\n" for line in TITLE) + table.to_csv(index=False))
        return path
    return titled_workbook(path, table, [[line] for line in TITLE])


def refused(write_yaml: Writer, role: str, path: Path) -> tuple[str, str]:
    """The refusal of the tiny scenario with its `role` table read from `path`, on one line,
    in English and in Chinese."""
    raw = tiny_scenario()
    raw["data"][role] = {"path": str(path)}
    with pytest.raises(UserError) as err:
        load(write_yaml("scenario.yaml", raw))
    return one_line(err.value)


def table(role: str) -> pd.DataFrame:
    return CUSTOMERS.copy() if role == "customers" else pd.read_csv(DATA / "tiny" / f"{role}.csv")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize(("role", "column", "at", "lines"), [
    ("customers", "customer_id", 3, "5, 7"),  # C02's rows: the 2nd and the 4th
    ("rms", "rm_id", 2, "5, 6"),  # RM2's rows: the 2nd and the 3rd
])
def test_a_repeated_id_below_two_title_lines_is_named_by_its_lines_in_the_file(
        write_yaml: Writer, tmp_path: Path, suffix: str, role: str, column: str, at: int,
        lines: str) -> None:
    frame = table(role)
    frame.loc[at, column] = frame.loc[1, column]
    english, chinese = refused(write_yaml, role, titled(tmp_path / f"{role}{suffix}", frame))
    (where, of), whole = WORDS[suffix]
    repeated = frame.loc[1, column]
    assert f"2 rows repeat an id (ids: {repeated} {where} {lines} {of})" in english, english
    assert f"2 行编号重复（编号：{repeated}（{whole}第 {lines.replace(', ', '、')} 行））" \
        in chinese, chinese


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_row_without_an_id_below_two_title_lines_is_named_by_its_line_in_the_file(
        write_yaml: Writer, tmp_path: Path, suffix: str) -> None:
    frame = CUSTOMERS.astype({"aum": object})
    frame.loc[4, ["customer_id", "aum"]] = [None, "lots"]  # the 5th customer: line 8
    english, chinese = refused(write_yaml, "customers",
                               titled(tmp_path / f"customers{suffix}", frame))
    (_, of), whole = WORDS[suffix]
    row = "line" if suffix == ".csv" else "row"
    assert f"'aum': 1 row is not a number (e.g. 'lots') (ids: (blank: {row} 8 {of}))" \
        in english, english
    assert f"'customer_id': 1 row has no value (ids: (blank: {row} 8 {of}))" in english, english
    assert f"字段 'aum'：1 行不是数字（例如“lots”）（编号：（空白：{whole}第 8 行））" \
        in chinese, chinese


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_long_offer_id_below_two_title_lines_is_named_by_its_line_in_the_file(
        write_yaml: Writer, tmp_path: Path, suffix: str) -> None:
    offers = table("offers")
    offers.loc[2, "offer_id"] = "o" * 300  # the 3rd offer: line 6
    english, chinese = refused(write_yaml, "offers", titled(tmp_path / f"offers{suffix}", offers))
    assert "column 'offer_id': rows holding more than 200 characters: 1 (rows 6;" in english, \
        english
    assert "字段 'offer_id' 有 1 行超过 200 个字符（行号 6；" in chinese, chinese


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_long_offer_id_in_a_table_without_a_title_is_named_as_before(
        write_yaml: Writer, tmp_path: Path, suffix: str) -> None:
    offers = table("offers")
    offers.loc[2, "offer_id"] = "o" * 300  # the 3rd offer: line 4 below the header
    path = tmp_path / f"offers{suffix}"
    if suffix == ".csv":
        offers.to_csv(path, index=False)
    else:
        titled_workbook(path, offers, [])
    english, chinese = refused(write_yaml, "offers", path)
    assert "(rows 4;" in english, english
    assert "（行号 4；" in chinese, chinese


def test_rows_are_numbered_from_the_header_down_in_one_place() -> None:
    assert [RowPlaces("csv", 3).number(at) for at in (0, 4)] == [4, 8]
    assert RowPlaces("sheet", 1).numbers([0, 2]).tolist() == [2, 4]
    assert DATA_ROWS.number(0) == 1  # a Parquet file's, a query's: no header line
    assert [RowPlaces("csv", 1).said("data_blank_id"), RowPlaces("sheet", 2).said("data_x"),
            DATA_ROWS.said("data_blank_id")] == ["data_blank_id_line", "data_x_sheet",
                                                 "data_blank_id"]


def with_blank_lines(path: Path, table: pd.DataFrame, title: list[str], below: int) -> Path:
    """`table` as a CSV file below the `title` lines, two blank lines (one ended by a Windows
    line break) after its `below`-th row, which the reader skips."""
    lines = table.to_csv(index=False).splitlines()
    body = [*title, *lines[:below + 1], "", "\r", *lines[below + 1:]]
    path.write_text("\n".join(body) + "\n")
    return path


@pytest.mark.parametrize("title", [[], TITLE])
def test_a_repeated_id_below_blank_lines_is_named_by_its_line_in_an_editor(
        write_yaml: Writer, tmp_path: Path, title: list[str]) -> None:
    frame = table("customers")
    frame.loc[3, "customer_id"] = frame.loc[1, "customer_id"]  # the 2nd row and the 4th
    path = with_blank_lines(tmp_path / "customers.csv", frame, title, below=2)
    english, chinese = refused(write_yaml, "customers", path)
    second, fourth = len(title) + 3, len(title) + 7  # two blank lines above the 4th row
    repeated = frame.loc[1, "customer_id"]
    assert f"(ids: {repeated} on lines {second}, {fourth} of the file)" in english, english
    assert f"（编号：{repeated}（文件第 {second}、{fourth} 行））" in chinese, chinese


@pytest.mark.parametrize("title", [[], TITLE])
def test_a_bad_value_below_a_blank_line_is_named_by_its_line_in_an_editor(
        write_yaml: Writer, tmp_path: Path, title: list[str]) -> None:
    frame = CUSTOMERS.astype({"aum": object})
    frame.loc[4, ["customer_id", "aum"]] = [None, "lots"]  # the 5th customer
    path = with_blank_lines(tmp_path / "customers.csv", frame, title, below=1)
    english, chinese = refused(write_yaml, "customers", path)
    line = len(title) + 1 + 5 + 2  # the header, five rows, two blank lines
    assert f"'aum': 1 row is not a number (e.g. 'lots') (ids: (blank: line {line} of the " \
        "file))" in english, english
    assert f"字段 'aum'：1 行不是数字（例如“lots”）（编号：（空白：文件第 {line} 行））" \
        in chinese, chinese


def test_a_text_over_two_lines_and_a_blank_line_count_in_a_csv_rows_lines(
        tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('id,note\nA,one\n\nB,"two\nlines"\nC,three\n')
    places = RowPlaces("csv", 1, CsvLines(path, "utf-8", 1, ","))
    assert places.numbers([0, 1, 2]).tolist() == [2, 4, 6]
    assert places.number(4) == 8  # past the rows counted: a line a row


@pytest.mark.parametrize("title", [[], TITLE])
def test_a_line_of_the_wrong_fields_below_a_blank_line_is_named_by_its_line_in_an_editor(
        write_yaml: Writer, tmp_path: Path, title: list[str]) -> None:
    path = with_blank_lines(tmp_path / "customers.csv", table("customers"), title, below=1)
    lines = path.read_text().splitlines()
    at = len(title) + 1 + 1 + 2 + 2  # the header, a row, two blank lines, the 2nd row below
    lines[at - 1] += ",extra"
    path.write_text("\n".join(lines) + "\n")
    english, chinese = refused(write_yaml, "customers", path)
    assert f"customers.csv: line {at} does not have the header's count of fields" in english, \
        english
    assert f"customers.csv：第 {at} 行的字段数与表头不符" in chinese, chinese
