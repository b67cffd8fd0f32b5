"""A CSV table below a title line or a few ("Customer extract 2026-11-30") is read from the line
that holds its columns, as a workbook's sheet is; a file whose header is missing is refused
naming the file, the columns it needs and the line read as its header."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator import api
from allocator.book.csv_header import csv_header, header_line
from allocator.errors import UserError
from tests.conftest import DATA
from tests.test_table_input import CUSTOMERS, load, scenario_with

Writer = Callable[[str, dict[str, Any]], Path]
TITLES = ["Customer extract 2026-11-30\n",  # no separator at all
          "Customer extract, November 2026;\n\n",  # a separator or two, then a blank line
          "Bank of Somewhere\nCustomer extract\nAs of: 2026-11-30\n"]


def titled(path: Path, title: str, sep: str = ",", encoding: str = "utf-8") -> Path:
    path.write_bytes((title + CUSTOMERS.to_csv(index=False, sep=sep)).encode(encoding))
    return path


def one_line(error: UserError) -> tuple[str, str]:
    return " ".join(str(error).split()), " ".join(error.chinese.split())


@pytest.mark.parametrize("title", TITLES)
def test_a_csv_below_a_title_reads_as_the_same_table_without_it(
        write_yaml: Writer, tmp_path: Path, tiny: Path, title: str) -> None:
    path = titled(tmp_path / "customers.csv", title)
    book = load(scenario_with(write_yaml, path))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers)
    assert header_line(path, "utf-8", ["customer_id", "aum"])[0] == title.count("\n") + 1


@pytest.mark.parametrize(("sep", "encoding"), [(";", "gbk"), ("\t", "utf-16"), ("|", "utf-8-sig")])
def test_a_titled_csv_keeps_its_declared_encoding_and_its_headers_separator(
        write_yaml: Writer, tmp_path: Path, tiny: Path, sep: str, encoding: str) -> None:
    path = titled(tmp_path / "customers.csv", "客户明细, 2026-11-30\n", sep, encoding)
    book = load(scenario_with(write_yaml, path, encoding=encoding))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers)


def test_a_titled_csv_plans_as_the_same_csv_without_its_title(
        write_yaml: Writer, tmp_path: Path, tiny: Path) -> None:
    path = titled(tmp_path / "customers.csv", TITLES[2])
    titled_run = api.run(scenario_with(write_yaml, path), output=tmp_path / "titled")
    plain_run = api.run(tiny, output=tmp_path / "plain")
    for name in ("customer_plan.csv", "offer_plan.csv", "rm_books.csv"):
        assert (titled_run.folder / name).read_bytes() == (plain_run.folder / name).read_bytes()


def test_a_plain_csvs_header_is_its_first_line_as_before() -> None:
    path = DATA / "tiny" / "customers.csv"
    assert header_line(path, "utf-8", ["customer_id"])[0] == 1
    assert csv_header(path, "customers.csv", "utf-8", ["customer_id"]) == list(CUSTOMERS.columns)


def test_a_bad_line_below_a_title_is_named_by_its_line_in_the_file(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = titled(tmp_path / "customers.csv", TITLES[2])  # the header is line 4
    lines = path.read_text().splitlines()
    lines[5] += ",extra"  # the second customer
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(UserError, match=r"customers.csv: line 6 "):
        load(scenario_with(write_yaml, path))


def test_a_csv_without_its_header_names_the_file_the_columns_and_the_line_read(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_text("Customer extract 2026-11-30\n" + CUSTOMERS.to_csv(index=False, header=False))
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path))
    english, chinese = one_line(err.value)
    assert "customers.csv: missing required columns 'customer_id', 'region', 'aum'" in english
    assert "Columns found: Customer extract 2026-11-30." in english, english
    assert "Line 1 was read as the header (none of the file's first 10 lines holds every " \
           "required column): make the line naming the columns the file's first, removing a " \
           "title or note above it, or adding it where the file has none." in english, english
    assert "customers.csv：缺少必需的字段 'customer_id', 'region', 'aum'" in chinese, chinese
    assert "第 1 行被读作表头（该文件前 10 行中没有一行含有全部必需字段）：请让列出字段名的那一行" \
           "成为文件的第一行：删除其上方的标题或备注，文件没有这一行时请加上。" in chinese, chinese


def test_a_nan_below_a_title_is_named_by_its_line_in_the_file(
        write_yaml: Writer, tmp_path: Path) -> None:
    frame = CUSTOMERS.astype({"aum": object})
    frame.loc[1, "aum"] = "nan"  # the second customer: line 6 below a title of three lines
    path = tmp_path / "customers.csv"
    path.write_text(TITLES[2] + frame.to_csv(index=False))
    with pytest.raises(UserError, match=r"customers.csv.*'aum'.*\b6\b"):
        load(scenario_with(write_yaml, path))
