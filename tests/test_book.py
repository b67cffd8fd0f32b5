"""The customer book: every source format, column mapping, and each bad-input case."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from allocator.book import load_book
from allocator.errors import InputOutputError, UserError
from allocator.scenario import load_scenario
from tests.conftest import DATA, tiny_scenario

Writer = Callable[[str, dict[str, Any]], Path]
CUSTOMERS = pd.read_csv(DATA / "tiny" / "customers.csv", dtype={"incumbent_rm": str})


def scenario_with_customers(write_yaml: Writer, frame: pd.DataFrame, tmp_path: Path,
                            suffix: str = ".csv", **source: Any) -> Path:
    path = tmp_path / f"customers{suffix}"
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    elif suffix == ".xlsx":
        frame.to_excel(path, index=False)
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(path), **source}
    return write_yaml("scenario.yaml", raw)


def load(path: Path) -> Any:
    return load_book(load_scenario(path).scenario)


def test_tiny_book_loads(tiny: Path) -> None:
    book = load(tiny)
    assert len(book.customers) == 9  # C10 is closed
    assert set(book.offers) == {"fund", "loan", "card"}
    assert book.offers["fund"].eligible_tiers == ["private", "wealth", "premier"]
    assert book.offers["loan"].quota == 3
    assert book.offers["card"].eligible_tiers is None
    excluded = book.exclusions.set_index("reason")["customers"].to_dict()
    assert excluded == {"closed account": 1, "do not contact": 1}
    assert book.customers["incumbent_rm"].tolist()[:4] == ["RM1", "RM2", "RM2", None]
    assert book.customers["do_not_contact"].dtype == bool


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx"])
def test_every_file_format_gives_the_same_book(
    write_yaml: Writer, tmp_path: Path, tiny: Path, suffix: str
) -> None:
    book = load(scenario_with_customers(write_yaml, CUSTOMERS, tmp_path, suffix))
    pd.testing.assert_frame_equal(book.customers, load(tiny).customers, check_dtype=False)


def test_a_folder_of_parquet_files_is_one_book(write_yaml: Writer, tmp_path: Path,
                                               tiny: Path) -> None:
    folder = tmp_path / "customers"
    for region, part in CUSTOMERS.groupby("region", sort=False):
        (folder / f"region={region}").mkdir(parents=True)
        part.drop(columns="region").to_parquet(folder / f"region={region}" / "part-0.parquet",
                                               index=False)
    (folder / "_SUCCESS").write_text("")
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(folder)}
    book = load(write_yaml("s.yaml", raw))
    expected = load(tiny).customers
    # parts in path order: region=North before region=South
    order = expected.sort_values("region", kind="stable").reset_index(drop=True)
    pd.testing.assert_frame_equal(book.customers[order.columns], order, check_dtype=False)
    assert book.inputs["customers"] == folder


def test_a_folder_without_parquet_files_is_named(write_yaml: Writer, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(tmp_path / "empty")}
    with pytest.raises(UserError, match=r"empty: the folder holds no Parquet files"):
        load(write_yaml("s.yaml", raw))


def test_a_folder_hash_changes_with_any_part(tmp_path: Path) -> None:
    from allocator.runs import file_sha256

    (tmp_path / "d").mkdir()
    CUSTOMERS.iloc[:5].to_parquet(tmp_path / "d" / "a.parquet")
    CUSTOMERS.iloc[5:].to_parquet(tmp_path / "d" / "b.parquet")
    before = file_sha256(tmp_path / "d")
    CUSTOMERS.iloc[5:7].to_parquet(tmp_path / "d" / "b.parquet")
    assert file_sha256(tmp_path / "d") != before
    assert file_sha256(tmp_path / "d") == file_sha256(tmp_path / "d")


def test_duckdb_query_source(write_yaml: Writer, tmp_path: Path) -> None:
    database = tmp_path / "bank.duckdb"
    with duckdb.connect(str(database)) as con:
        con.register("frame", CUSTOMERS)
        con.execute("CREATE TABLE clients AS SELECT * FROM frame")
    raw = tiny_scenario()
    raw["data"]["customers"] = {"database": str(database),
                                "query": "SELECT * FROM clients WHERE region = 'North'"}
    book = load(write_yaml("s.yaml", raw))
    assert book.customers["customer_id"].tolist() == ["C01", "C02", "C03", "C04", "C05"]


def test_column_mapping_and_only_needed_columns(
    write_yaml: Writer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    frame = CUSTOMERS.rename(columns={"aum": "TOTAL_ASSETS", "customer_id": "CUST_NO"})
    frame["free_text_notes"] = "anything, not read"
    path = scenario_with_customers(write_yaml, frame, tmp_path, ".parquet",
                                   columns={"aum": "TOTAL_ASSETS", "customer_id": "CUST_NO"})
    import pyarrow.parquet as pq

    asked: list[list[str]] = []
    original = pq.read_table

    def spy(source: Any, columns: list[str] | None = None, **kw: Any) -> Any:
        asked.append(list(columns or []))
        return original(source, columns=columns, **kw)

    monkeypatch.setattr(pq, "read_table", spy)
    book = load(path)
    assert book.customers["aum"].iloc[0] == 8_000_000
    assert book.customers["customer_id"].iloc[0] == "C01"
    assert asked and "free_text_notes" not in asked[0] and "TOTAL_ASSETS" in asked[0]


def bad_case(write_yaml: Writer, tmp_path: Path, change: Callable[[pd.DataFrame], pd.DataFrame]
             ) -> str:
    path = scenario_with_customers(write_yaml, change(CUSTOMERS.copy()), tmp_path)
    with pytest.raises(UserError) as err:
        load(path)
    message = str(err.value)
    assert str(tmp_path / "customers.csv") in message
    return message


def test_missing_required_column(write_yaml: Writer, tmp_path: Path) -> None:
    message = bad_case(write_yaml, tmp_path, lambda f: f.rename(columns={"aum": "assets"}))
    assert "missing required column 'aum'" in message
    assert "data.customers.columns" in message


def test_missing_required_columns_are_listed_with_commas(write_yaml: Writer,
                                                        tmp_path: Path) -> None:
    message = bad_case(write_yaml, tmp_path,
                       lambda f: f.rename(columns={"aum": "assets", "region": "area"}))
    assert "missing required columns 'region', 'aum'. Columns found:" in message


def test_duplicate_customer_id(write_yaml: Writer, tmp_path: Path) -> None:
    def duplicate(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[3, "customer_id"] = "C02"
        return frame

    message = bad_case(write_yaml, tmp_path, duplicate)
    assert "column 'customer_id': 2 rows repeat an id (ids: C02 on lines 3, 5 of the file)" \
        in message


def test_each_repeated_id_is_named_once_with_its_rows(write_yaml: Writer,
                                                      tmp_path: Path) -> None:
    """Seven rows hold C01 and two C05: each id is shown once, C01 with its first five lines
    in the file (the header is line 1) and a count of the rest."""
    def duplicate(frame: pd.DataFrame) -> pd.DataFrame:
        frame = pd.concat([frame] + [frame.iloc[[0]]] * 6 + [frame.iloc[[4]]],
                          ignore_index=True)
        return frame

    path = scenario_with_customers(write_yaml, duplicate(CUSTOMERS.copy()), tmp_path)
    with pytest.raises(UserError) as err:
        load(path)
    n = len(CUSTOMERS)
    rows = ", ".join(str(row) for row in [2, n + 2, n + 3, n + 4, n + 5])
    assert f"9 rows repeat an id (ids: C01 on lines {rows} and 2 more of the file, C05 on " \
        f"lines 6, {n + 8} of the file)" in str(err.value), err.value
    assert f"9 行编号重复（编号：C01（文件第 {rows.replace(', ', '、')} 行等 7 行）、C05（文件第 " \
        f"6、{n + 8} 行））" in err.value.shown("zh"), err.value.shown("zh")


def test_missing_required_value(write_yaml: Writer, tmp_path: Path) -> None:
    def blank(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[[1, 4], "region"] = None
        return frame

    assert "column 'region': 2 rows have no value (ids: C02, C05)" in bad_case(
        write_yaml, tmp_path, blank)


def test_negative_balance(write_yaml: Writer, tmp_path: Path) -> None:
    def negative(frame: pd.DataFrame) -> pd.DataFrame:
        frame.loc[2, "aum"] = -5
        frame.loc[7, "loans"] = -1
        return frame

    message = bad_case(write_yaml, tmp_path, negative)
    assert "column 'aum': 1 row is negative (ids: C03); an amount of one customer or RM in " \
        "the book's currency cannot be negative" in message
    assert "column 'loans': 1 row is negative (ids: C08)" in message


def test_an_incumbent_rm_not_in_the_rm_table_is_kept_as_a_departed_rm(
        write_yaml: Writer, tmp_path: Path) -> None:
    """Not refused: an RM who has left the bank (allocator.book.readiness warns of it)."""
    frame = CUSTOMERS.copy()
    frame.loc[0, "incumbent_rm"] = "RM99"
    frame.to_csv(tmp_path / "customers.csv", index=False)
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(tmp_path / "customers.csv")}
    book = load(write_yaml("scenario.yaml", raw))
    assert book.customers["incumbent_rm"].tolist()[0] == "RM99"


def _numbered_book(write_yaml: Writer, tmp_path: Path, incumbents: list[float | None]) -> Path:
    """The tiny book in Parquet with its RMs numbered 1..4: the RM table's ids stored as
    integers, the customers' incumbents as `incumbents` (floats: a column with blanks)."""
    rms = pd.read_csv(DATA / "tiny" / "rms.csv")
    rms["rm_id"] = rms["rm_id"].str[2:].astype(int)
    rms.to_parquet(tmp_path / "rms.parquet", index=False)
    customers = CUSTOMERS.copy()
    customers["incumbent_rm"] = pd.Series(incumbents + [None] * (len(customers) - len(
        incumbents)), dtype=float)
    customers.to_parquet(tmp_path / "customers.parquet", index=False)
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(tmp_path / "customers.parquet")}
    raw["data"]["rms"] = {"path": str(tmp_path / "rms.parquet")}
    return write_yaml("scenario.yaml", raw)


def test_ids_read_as_floats_match_the_same_ids_stored_as_integers(
        write_yaml: Writer, tmp_path: Path) -> None:
    book = load(_numbered_book(write_yaml, tmp_path, [1.0, 2.0, 2.0, None, 4.0]))
    assert book.rms["rm_id"].tolist() == ["1", "2", "3", "4"]
    assert book.customers["incumbent_rm"].tolist()[:4] == ["1", "2", "2", None]


def test_an_incumbent_id_the_rm_table_lacks_is_kept_as_written(write_yaml: Writer,
                                                                 tmp_path: Path) -> None:
    book = load(_numbered_book(write_yaml, tmp_path, [5.5, 2.0, 9.0]))
    assert book.customers["incumbent_rm"].tolist()[:3] == ["5.5", "2", "9"]


def test_risk_level_out_of_range(write_yaml: Writer, tmp_path: Path) -> None:
    def out_of_range(frame: pd.DataFrame) -> pd.DataFrame:
        frame["risk_tolerance"] = frame["risk_tolerance"].astype(float)
        frame.loc[5, "risk_tolerance"] = 7
        frame.loc[6, "risk_tolerance"] = 2.5
        return frame

    message = bad_case(write_yaml, tmp_path, out_of_range)
    assert ("column 'risk_tolerance': 2 rows are not whole numbers from 1 to 5 (ids: C06, C07)"
            in message)  # 2.5 is inside 1..5: it is not whole


def test_one_row_out_of_range_is_said_of_one_row(write_yaml: Writer, tmp_path: Path) -> None:
    def out_of_range(frame: pd.DataFrame) -> pd.DataFrame:
        frame["risk_tolerance"] = frame["risk_tolerance"].astype(float)
        frame.loc[6, "risk_tolerance"] = 2.5
        return frame

    message = bad_case(write_yaml, tmp_path, out_of_range)
    assert ("column 'risk_tolerance': 1 row does not hold a whole number from 1 to 5 (ids: C07)"
            in message)


def test_unparseable_number(write_yaml: Writer, tmp_path: Path) -> None:
    def text(frame: pd.DataFrame) -> pd.DataFrame:
        frame["revenue_12m"] = frame["revenue_12m"].astype(object)
        frame.loc[1, "revenue_12m"] = "7,000 EUR"
        return frame

    message = bad_case(write_yaml, tmp_path, text)
    assert "column 'revenue_12m': 1 row is not a number (e.g. '7,000 EUR') (ids: C02)" in message


def test_a_value_that_is_not_a_number_is_reported_once(write_yaml: Writer,
                                                       tmp_path: Path) -> None:
    def text(frame: pd.DataFrame) -> pd.DataFrame:
        frame["aum"] = frame["aum"].astype(object)
        frame.loc[0, "aum"] = "abc"
        frame.loc[1, "aum"] = None
        return frame

    message = bad_case(write_yaml, tmp_path, text)
    assert "problems in the data: 2" in message and "1 row has no value (ids: C02)" in message
    assert "column 'aum': 1 row is not a number (e.g. 'abc') (ids: C01)" in message


def test_all_problems_reported_together_with_at_most_ten_ids(
    write_yaml: Writer, tmp_path: Path
) -> None:
    frame = pd.concat([CUSTOMERS] * 3, ignore_index=True)
    frame["customer_id"] = [f"X{i:02d}" for i in range(len(frame))]
    frame["pd"] = 1.5
    frame.loc[0, "aum"] = -1
    message = bad_case(write_yaml, tmp_path, lambda _: frame)
    assert "problems in the data: 2" in message
    assert "30 rows are outside 0..1" in message
    assert "(and 20 more)" in message


def test_mapped_column_named_in_errors(write_yaml: Writer, tmp_path: Path) -> None:
    frame = CUSTOMERS.rename(columns={"aum": "TOTAL_ASSETS"})
    frame.loc[0, "TOTAL_ASSETS"] = -3
    path = scenario_with_customers(write_yaml, frame, tmp_path, columns={"aum": "TOTAL_ASSETS"})
    with pytest.raises(UserError, match=r"column 'aum' \(source column 'TOTAL_ASSETS'\)"):
        load(path)


def test_missing_file_is_named(write_yaml: Writer, tmp_path: Path) -> None:
    raw = tiny_scenario()
    raw["data"]["rms"]["path"] = str(tmp_path / "nowhere.csv")
    with pytest.raises(InputOutputError, match=r"nowhere.csv: no such file"):
        load(write_yaml("s.yaml", raw))


def test_bad_offer_row_is_named(write_yaml: Writer, tmp_path: Path) -> None:
    offers = pd.read_csv(DATA / "tiny" / "offers.csv")
    offers.loc[1, "channel"] = "pigeon"
    offers.to_csv(tmp_path / "offers.csv", index=False)
    raw = tiny_scenario()
    raw["data"]["offers"]["path"] = str(tmp_path / "offers.csv")
    with pytest.raises(UserError, match=r"offers.csv: offer 'loan': channel") as caught:
        load(write_yaml("s.yaml", raw))
    assert "：产品“loan”：channel：应为 " in caught.value.shown("zh")
    assert "'pigeon'" in caught.value.shown("zh")


def test_offer_in_both_places_is_an_error(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["offers"] = {"fund": {"channel": "rm", "margin": 10}}
    with pytest.raises(UserError, match="both in the scenario's 'offers' section") as caught:
        load(write_yaml("s.yaml", raw))
    assert "(by the file, a named override, --set or --vary) and in data.offers (" in str(
        caught.value)
    assert "offers.csv); keep one: an offer of the table is changed in the table" in str(
        caught.value)


def test_fit_scores_are_read_and_checked(write_yaml: Writer, tmp_path: Path) -> None:
    (tmp_path / "fit.csv").write_text("customer_id,rm_id,score\nC01,RM1,500\nC02,RM9,3\n")
    raw = tiny_scenario()
    raw["data"]["fit_scores"] = {"path": str(tmp_path / "fit.csv")}
    with pytest.raises(UserError, match=r"column 'rm_id': 1 row names an unknown RM \(ids: C02/RM9"):
        load(write_yaml("s.yaml", raw))
    (tmp_path / "fit.csv").write_text("customer_id,rm_id,score\nC01,RM1,500\nC10,RM3,3\n")
    book = load(write_yaml("s.yaml", raw))
    assert book.fit_scores[["customer_id", "rm_id", "score"]].to_dict("records") == [
        {"customer_id": "C01", "rm_id": "RM1", "score": 500.0}]  # C10 is closed
    assert book.fit_scores["hours"].isna().all()
    (tmp_path / "fit.csv").write_text("customer_id,rm_id,score,hours\nC01,RM1,500,-2\n")
    with pytest.raises(UserError, match=r"column 'hours': 1 row is negative"):
        load(write_yaml("s.yaml", raw))


def test_a_generated_offer_is_changed_field_by_field() -> None:
    # `--set offers.credit_card.margin=80` on a generated book changes that margin only: the
    # other fields and the other seven offers stay as generated.
    demo = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"
    generated = load_book(load_scenario(demo).scenario).offers
    changed = load_book(load_scenario(demo, ["offers.credit_card.margin=80"]).scenario).offers
    assert list(changed) == list(generated) and len(changed) == 8
    assert changed["credit_card"].margin == 80
    assert changed["credit_card"] == generated["credit_card"].model_copy(update={"margin": 80})
    assert all(changed[k] == generated[k] for k in generated if k != "credit_card")


def test_the_customer_check_copies_no_column_it_keeps_as_read() -> None:
    """The check works on a shallow copy (copy-on-write): the table as read is left as it
    was, and a column the check keeps as it is shares its memory (a million customers'
    calendar columns are 2.4 GB, which a deep copy held twice)."""
    import numpy as np

    from allocator.book.validation import check_customers

    raw = pd.DataFrame({"customer_id": ["a", "b"], "region": ["r", "r"], "aum": [1.0, 2.0],
                        "revenue_12m": [1.0, 1.0], "risk_tolerance": [3, 3], "pd": [0.0, 0.0],
                        "value_1": [3.0, np.nan]})
    before = raw.copy()
    checked = check_customers(raw, "customers.csv", {}, [], (), ["value_1"], [], True)
    pd.testing.assert_frame_equal(raw, before)
    assert "deposits" in checked and "deposits" not in raw
    assert np.shares_memory(checked["value_1"].to_numpy(), raw["value_1"].to_numpy())


@pytest.mark.parametrize(("column", "rows", "said", "said_zh"), [
    ("aum", (3, 6), "is in 2 of its cells (rows 3, 6)", "第 3、6 行"),
    ("deposits", (3, 6), "is in 2 of its cells (rows 3, 6)", "第 3、6 行"),
    ("aum", (5,), "is in one of its cells (row 5)", "第 5 行"),  # not '1 of its cells (rows 5)'
])
def test_a_formula_never_computed_is_named_with_what_to_do(
        write_yaml: Writer, tmp_path: Path, column: str, rows: tuple[int, ...], said: str,
        said_zh: str) -> None:
    """A workbook written by a program holds formulas without their values: a required column
    ('aum') is not 'missing', an optional one ('deposits') does not silently take its default;
    both are named as formulas, with the sheet, the column, the rows and what to do."""
    import openpyxl

    frame = CUSTOMERS.assign(deposits=1.0)
    path = scenario_with_customers(write_yaml, frame, tmp_path, ".xlsx", sheet="Book")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Book"
    sheet.append(list(frame.columns))
    for row in frame.itertuples(index=False):
        sheet.append(list(row))
    at = list(frame.columns).index(column) + 1
    for row in rows:
        sheet.cell(row=row, column=at, value=f"=2*{row}")  # no cached value stored
    workbook.save(tmp_path / "customers.xlsx")
    with pytest.raises(UserError) as err:
        load(path)
    english, chinese = str(err.value), err.value.chinese
    assert f"customers.xlsx: sheet 'Book', column '{column}'" in english, english
    assert f"formula whose value was never computed {said}, and reads" in english, english
    assert "Excel or LibreOffice" in english and "paste the values" in english
    assert "从未计算过取值的公式" in chinese and said_zh in chinese, chinese


def test_a_sheet_the_workbook_lacks_is_named_with_the_sheets_it_has(
        write_yaml: Writer, tmp_path: Path) -> None:
    path = scenario_with_customers(write_yaml, CUSTOMERS, tmp_path, ".xlsx", sheet="Book")
    with pytest.raises(UserError) as err:
        load(path)
    english = " ".join(str(err.value).split())
    assert "customers.xlsx: the workbook has no sheet 'Book' (data.customers.sheet); its " \
           "sheets: 'Sheet1'." in english, english
    assert "工作簿中没有工作表“Book”" in err.value.chinese


@pytest.mark.parametrize(("written", "said"), [
    (["12,44", "9558,3"], "written with a decimal comma"),
    (["1,234", "2,500"], "write plain numbers without thousands separators"),
])
def test_a_decimal_comma_is_told_as_one_not_as_a_thousands_separator(
        write_yaml: Writer, tmp_path: Path, written: list[str], said: str) -> None:
    """12,44 is twelve and a bit: the usual advice, to drop the separators, would make it
    1244. A comma before three digits stays the thousands separator it looks like."""
    def commas(frame: pd.DataFrame) -> pd.DataFrame:
        frame["aum"] = frame["aum"].astype(object)
        frame.loc[[0, 1], "aum"] = written
        return frame

    message = bad_case(write_yaml, tmp_path, commas)
    assert said in message, message
