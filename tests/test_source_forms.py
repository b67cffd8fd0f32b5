"""Tables in the forms spreadsheets write them: a sheet's table below blank rows or a title, a
workbook whose first sheet is not the table, text separated by semicolons, tabs or bars, and
UTF-16 text (Excel's "Unicode text"); each read, or refused naming what to write in the
scenario."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator.book.csv_header import separator
from allocator.encodings import csv_encoding
from allocator.errors import UserError
from tests.conftest import tiny_scenario
from tests.test_table_input import CUSTOMERS, allocate_here, load, named, scenario_with

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


def titled_workbook(path: Path, table: pd.DataFrame, above: list[list[object]]) -> Path:
    """A workbook whose one sheet holds the rows `above` (a title, a blank row...), then the
    table's header and rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in [*above, list(table.columns),
                *table.astype(object).where(table.notna(), None).to_numpy().tolist()]:
        sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("above", [[["Customer book Q3 2026"], []],
                                   [["Customer book Q3 2026"]],
                                   [[], ["Customer book", None, "as of 30 June"], ["source: CRM"]]])
def test_a_table_below_a_title_is_read_from_the_row_that_holds_its_columns(
        write_yaml: Writer, tmp_path: Path, tiny: Path, above: list[list[object]]) -> None:
    path = titled_workbook(tmp_path / "customers.xlsx", CUSTOMERS, above)
    book = load(scenario_with(write_yaml, path))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers, check_dtype=False)


def test_a_header_found_in_another_case_below_a_title_is_read(
        write_yaml: Writer, tmp_path: Path, tiny: Path) -> None:
    table = CUSTOMERS.rename(columns={"customer_id": "Customer_ID ", "aum": "AUM"})
    path = titled_workbook(tmp_path / "customers.xlsx", table, [["Customer book"], []])
    book = load(scenario_with(write_yaml, path))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers, check_dtype=False)


def test_no_row_with_the_columns_below_a_title_names_the_row_read_as_the_header(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = titled_workbook(tmp_path / "customers.xlsx", CUSTOMERS.drop(columns="aum"),
                           [[], ["Customer book Q3 2026"], []])
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path))
    english, chinese = one_line(err.value)
    assert "customers.xlsx: sheet 'Sheet' lacks the required columns 'customer_id', " \
           "'region', 'aum'" in english, english
    assert "Columns found: Customer book Q3 2026." in english, english
    assert "Row 2 was read as the header (none of the sheet's first 10 filled rows holds " \
           "every required column): remove a title or note above the header, so that the " \
           "header is the sheet's first filled row." in english, english
    assert "工作表“Sheet”缺少必需的字段 'customer_id'" in chinese, chinese
    assert "第 2 行被读作表头（该工作表前 10 个非空行中没有一行含有全部必需字段）：请删除表头上方" \
           "的标题或备注，使表头成为该工作表的第一个非空行。" in chinese, chinese


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


@pytest.mark.parametrize("mark", [";", "\t", "|"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_separated_otherwise_than_by_commas_is_read(
        write_yaml: Writer, tmp_path: Path, tiny: Path, mark: str, encoding: str) -> None:
    """Excel's semicolon CSV and tab-separated "Unicode text" (UTF-16 with its byte-order
    mark), a database's bar-separated export, and UTF-16 written without a mark."""
    path = tmp_path / "customers.txt"
    path.write_bytes(CUSTOMERS.to_csv(index=False, sep=mark).encode(encoding))
    assert csv_encoding(path, "auto") == encoding
    book = load(scenario_with(write_yaml, path))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers, check_dtype=False)


@pytest.mark.parametrize(("header", "mark"), [
    ("customer_id,region,aum", ","),
    ("customer_id;region;aum", ";"),
    ("customer_id\tregion\taum", "\t"),
    ("customer_id|region|aum", "|"),
    ("customer_id,region,notes;kept", ","),  # a name holding a semicolon
    ("customer_id;region;revenue (12m, EUR)", ";"),  # a name holding a comma
    ('customer_id,"a;b;c",aum', ","),  # quoted
    ("customer_id;region,aum", ","),  # a tie
    ("customer_id", ","),
])
def test_the_separator_is_the_one_that_splits_the_header_most(header: str, mark: str) -> None:
    assert separator(header) == mark


def test_a_line_of_a_semicolon_file_is_named_with_its_separators(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    text = CUSTOMERS.to_csv(index=False, sep=";").splitlines()
    text[3] += ";extra"
    path.write_text("\n".join(text) + "\n")
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path))
    english, chinese = one_line(err.value)
    assert "customers.csv: line 4 does not have the header's count of fields" in english
    assert "check that line's semicolons and quotes (a text that holds one is written in " \
           "double quotes)" in english, english
    assert "请检查该行的分号和引号（含分号的文本须加双引号）" in chinese, chinese


def test_utf16_may_be_declared_and_is_no_guess_to_confirm(write_yaml: Writer, tmp_path: Path
                                                          ) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(CUSTOMERS.to_csv(index=False, sep="\t").encode("utf-16"))
    declared = scenario_with(write_yaml, path, encoding="UTF-16")
    assert len(load(declared).customers) == 9
    code, said = allocate_here("validate", str(scenario_with(write_yaml, path)))
    assert code == 0, said
    assert f"data.customers: {path} read as utf-16" in said and "not UTF-8" not in said


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf16_declared_reads_a_file_without_a_byte_order_mark(
        write_yaml: Writer, tmp_path: Path, order: str) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(CUSTOMERS.to_csv(index=False, sep="\t").encode(order))
    assert len(load(scenario_with(write_yaml, path, encoding="utf-16")).customers) == 9


@pytest.mark.parametrize(("written", "declared"), [("utf-8", "utf-16"), ("gbk", "UTF-16")])
def test_a_file_declared_utf16_that_is_not_names_the_key_and_its_encoding(
        write_yaml: Writer, tmp_path: Path, written: str, declared: str) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(named({"C01": "张伟"}).to_csv(index=False).encode(written))
    with pytest.raises(UserError) as err:
        load(scenario_with(write_yaml, path, encoding=declared))
    english, chinese = one_line(err.value)
    assert "customers.csv: the file does not read as utf-16, the encoding the scenario " \
           "declares for it (data.customers.encoding): it starts with no byte-order mark" \
           in english, english
    assert f"Set data.customers.encoding to auto to have its encoding found, or to the " \
           f"encoding the file is in ({written})." in english, english
    assert "该文件不能按情景为它声明的编码 utf-16（data.customers.encoding）读取" in chinese
    assert f"请将 data.customers.encoding 设为 auto 由程序识别，或设为文件实际所用的编码" \
           f"（{written}）。" in chinese, chinese


def test_an_unknown_encoding_lists_utf16(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["data"]["customers"]["encoding"] = "utf-32"
    code, said = allocate_here("validate", str(write_yaml("s.yaml", raw)))
    assert code == 2 and "unknown encoding 'utf-32'; use auto, utf-8, utf-8-sig, utf-16, " \
                         "gbk" in said, said
