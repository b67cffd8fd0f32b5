"""Tables in the forms spreadsheets write them: a sheet's table below blank rows, a workbook whose
first sheet is not the table; each read, or refused naming what to write in the scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator.errors import UserError
from tests.test_table_input import CUSTOMERS, load, scenario_with

Writer = Callable[[str, dict[str, Any]], Path]


def one_line(error: UserError) -> tuple[str, str]:
    return " ".join(str(error).split()), error.chinese


def workbook(path: Path, sheets: dict[str, pd.DataFrame], startrow: int = 0) -> Path:
    with pd.ExcelWriter(path) as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False, startrow=startrow)
    return path


@pytest.mark.parametrize("sheet", [None, "Customers"])
def test_a_table_below_blank_rows_is_read_from_its_first_filled_row(
        write_yaml: Writer, tmp_path: Path, tiny: Path, sheet: str | None) -> None:
    path = workbook(tmp_path / "customers.xlsx", {"Customers": CUSTOMERS}, startrow=2)
    given = {} if sheet is None else {"sheet": sheet}
    book = load(scenario_with(write_yaml, path, **given))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers, check_dtype=False)


def test_a_formula_below_blank_rows_is_named_by_its_row_in_the_sheet(
        write_yaml: Writer, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append([])
    for row in [list(CUSTOMERS.columns), *CUSTOMERS.astype(object).where(
            CUSTOMERS.notna(), None).to_numpy().tolist()]:
        sheet.append(row)
    at = list(CUSTOMERS.columns).index("aum") + 1
    for row in (5, 8):  # the header is row 3: the 2nd and 5th customers
        sheet.cell(row=row, column=at, value=f"=2*{row}")
    book.save(tmp_path / "customers.xlsx")
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, tmp_path / "customers.xlsx"))
    english, chinese = one_line(err.value)
    assert "column 'aum': a formula whose value was never computed is in 2 of its cells " \
           "(rows 5, 8)" in english, english
    assert "第 5、8 行" in chinese, chinese


def test_a_first_sheet_without_the_columns_names_the_sheet_that_has_them(
        write_yaml: Writer, tmp_path: Path, tiny: Path) -> None:
    cover = pd.DataFrame({"Notes": ["book of June"]})
    path = workbook(tmp_path / "customers.xlsx", {"Cover": cover, "Customers": CUSTOMERS,
                                                  "RMs": CUSTOMERS[["customer_id"]]})
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path))
    english, chinese = one_line(err.value)
    assert "customers.xlsx: sheet 'Cover' lacks the required columns 'customer_id', " \
           "'region'" in english, english
    assert "(columns found: Notes); the workbook's sheet 'Customers' has every required " \
           "column: name it with data.customers.sheet beside the path (sheet: Customers)." \
           in english, english
    assert "customers.xlsx：工作表“Cover”缺少必需的字段" in chinese, chinese
    assert "该工作簿的工作表“Customers”含有全部必需字段：请在情景中该路径旁用 " \
           "data.customers.sheet 指明它（sheet: Customers）。" in chinese, chinese
    book = load(scenario_with(write_yaml, path, sheet="Customers"))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers, check_dtype=False)


def test_a_sheet_without_the_columns_names_the_workbook_s_other_sheets(
        write_yaml: Writer, tmp_path: Path) -> None:
    lacking = CUSTOMERS.drop(columns="aum")
    path = workbook(tmp_path / "customers.xlsx", {"Cover": pd.DataFrame({"Notes": ["x"]}),
                                                  "Customers": lacking})
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path, sheet="Customers"))
    english, chinese = one_line(err.value)
    assert "customers.xlsx: sheet 'Customers' lacks the required column 'aum'. Columns " \
           "found: customer_id, region" in english, english
    assert "If the table is on another of the workbook's sheets ('Cover'), name it with " \
           "data.customers.sheet beside the path (sheet: NAME); else add the column, or map " \
           "it under data.customers.columns" in english, english
    assert "工作表“Customers”缺少必需的字段 'aum'" in chinese, chinese
    assert "若该表在工作簿的其他工作表（'Cover'）中，请在情景中该路径旁用 data.customers.sheet " \
           "指明" in chinese, chinese


def test_the_only_sheet_without_the_columns_is_named(write_yaml: Writer, tmp_path: Path
                                                     ) -> None:
    path = workbook(tmp_path / "customers.xlsx", {"Book": CUSTOMERS.drop(columns="aum")})
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path))
    english, chinese = one_line(err.value)
    assert "customers.xlsx: sheet 'Book' lacks the required column 'aum'. Columns found: " \
           "customer_id" in english, english
    assert "another of the workbook's sheets" not in english
    assert "工作表“Book”缺少必需的字段 'aum'。已有字段：customer_id" in chinese, chinese
