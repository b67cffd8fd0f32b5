"""A table whose columns carry pandas' nullable types (Int64, Float64, boolean, string, a pyarrow
type, a category), as a Parquet file written from pandas or a DuckDB query gives them, reads as
the same table in plain types: a blank in an optional column is the plain column's blank, one
in a required column is refused by the same message, never a crash."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.book import Book, load_book
from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.conftest import DATA, tiny_scenario

Writer = Callable[[str, dict[str, Any]], Path]
TABLES = {role: pd.read_csv(DATA / "tiny" / f"{role}.csv", dtype={"incumbent_rm": str})
          for role in ("customers", "rms", "offers")}
WHOLE = ("Int64", "Int32", "UInt32", "Float64", "int64[pyarrow]", "double[pyarrow]")
FRACTIONS = ("Float64", "Float32", "double[pyarrow]")
FLAGS = ("boolean", "bool[pyarrow]")
TEXTS = ("string", "string[pyarrow]", "category")
CASES = [
    *(("customers", column, dtype) for column in ("aum", "age", "products_held",
                                                  "recency_days", "risk_tolerance", "loans")
      for dtype in WHOLE),
    *(("customers", column, dtype) for column in ("pd", "tenure_years") for dtype in FRACTIONS),
    *(("customers", column, dtype) for column in ("closed", "do_not_contact") for dtype in FLAGS),
    *(("customers", column, dtype) for column in ("customer_id", "region", "branch",
                                                  "incumbent_rm", "previous_tier")
      for dtype in TEXTS),
    *(("rms", column, dtype) for column in ("capacity_hours", "max_book") for dtype in WHOLE),
    *(("rms", "grade", dtype) for dtype in TEXTS),
    *(("offers", column, dtype) for column in ("quota", "cost", "risk_level")
      for dtype in WHOLE),
    *(("offers", column, dtype) for column in ("eligible_tiers", "channel") for dtype in TEXTS),
]


def _written(write_yaml: Writer, folder: Path, role: str, table: pa.Table) -> Path:
    """The tiny scenario with its `role` table the Parquet file of `table`."""
    path = folder / f"{role}.parquet"
    pq.write_table(table, path)
    raw = tiny_scenario()
    raw["data"][role] = {"path": str(path)}
    return write_yaml(f"{folder.name}.yaml", raw)


def _plain(table: pa.Table) -> pa.Table:
    """The same values without pandas' types: no pandas metadata, a category as its values."""
    for at, field in enumerate(table.schema):
        if pa.types.is_dictionary(field.type):
            table = table.set_column(at, field.name, table[at].cast(field.type.value_type))
    return table.replace_schema_metadata(None)


def _read(scenario: Path) -> Book | str:
    """The book of the scenario, or what refuses it, in English and in Chinese, its folder
    left out."""
    try:
        return load_book(load_scenario(scenario).scenario)
    except UserError as exc:
        return (str(exc) + "\n" + exc.shown("zh")).replace(str(scenario.parent / "typed"),
                                                           "").replace(
            str(scenario.parent / "plain"), "")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(CASES), st.sets(st.integers(0, 2), max_size=2))
def test_a_typed_column_with_blanks_reads_as_its_plain_column(
        write_yaml: Writer, tmp_path: Path, case: tuple[str, str, str], blanks: set[int]
) -> None:
    role, column, dtype = case
    frame = TABLES[role].copy()
    values = frame[column].astype(object).where(frame[column].notna(), None)
    values[sorted(blanks)] = None
    typed = pa.Table.from_pandas(frame.assign(**{column: values.astype(dtype)}),
                                 preserve_index=False)
    for name in ("typed", "plain"):
        (tmp_path / name).mkdir(exist_ok=True)
    read_typed = _read(_written(write_yaml, tmp_path / "typed", role, typed))
    read_plain = _read(_written(write_yaml, tmp_path / "plain", role, _plain(typed)))
    if isinstance(read_plain, str) or isinstance(read_typed, str):
        assert read_typed == read_plain
        return
    pd.testing.assert_frame_equal(read_typed.customers, read_plain.customers)
    pd.testing.assert_frame_equal(read_typed.rms, read_plain.rms)
    assert read_typed.offers == read_plain.offers


def test_a_nullable_age_left_blank_is_read_as_no_age(write_yaml: Writer, tmp_path: Path
                                                     ) -> None:
    customers = TABLES["customers"].astype({"age": "Int64", "aum": "Int64"})
    customers.loc[1, "age"] = pd.NA
    (tmp_path / "typed").mkdir()
    book = _read(_written(write_yaml, tmp_path / "typed", "customers",
                          pa.Table.from_pandas(customers)))
    assert isinstance(book, Book) and pd.isna(book.customers["age"].iloc[1])
    customers.loc[1, "aum"] = pd.NA
    said = _read(_written(write_yaml, tmp_path / "typed", "customers",
                          pa.Table.from_pandas(customers)))
    assert "column 'aum': 1 row has no value (ids: C02); fill it in, or remove those rows." \
        in said, said
    assert "字段 'aum'：1 行没有取值（编号：C02）" in said, said


@pytest.mark.parametrize("blank", ["age", "aum"])
def test_a_database_query_with_a_blank_whole_number_is_read(
        write_yaml: Writer, tmp_path: Path, blank: str) -> None:
    """DuckDB gives a whole-number column with a NULL as Int32 or Int64."""
    database = tmp_path / "bank.duckdb"
    customers = TABLES["customers"].astype({"aum": "int64"})
    customers.loc[1, blank] = None
    with duckdb.connect(str(database)) as con:
        con.register("frame", customers)
        con.execute(f"CREATE TABLE clients AS SELECT * REPLACE (CAST({blank} AS INTEGER) AS "
                    f"{blank}) FROM frame")
    raw = tiny_scenario()
    raw["data"]["customers"] = {"database": str(database), "query": "SELECT * FROM clients"}
    read = _read(write_yaml("s.yaml", raw))
    if blank == "age":
        assert isinstance(read, Book) and pd.isna(read.customers["age"].iloc[1])
    else:
        assert "column 'aum': 1 row has no value (ids: C02)" in read, read


def test_narrower_numbers_are_read_wide(write_yaml: Writer, tmp_path: Path) -> None:
    # a float16 aum summed past 65,504 overflowed, and numpy's warning reached the terminal
    frame = TABLES["customers"].assign(aum=60_000.0)
    narrow = frame.astype({"aum": "float16", "pd": "float32", "risk_tolerance": "int8",
                           "products_held": "uint8"})
    (tmp_path / "typed").mkdir()
    scenario = _written(write_yaml, tmp_path / "typed", "customers",
                        pa.Table.from_pandas(narrow, preserve_index=False))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        book = _read(scenario)
    assert isinstance(book, Book), book
    assert {column: str(book.customers[column].dtype) for column in (
        "aum", "pd", "risk_tolerance", "products_held")} == {
        "aum": "float64", "pd": "float64", "risk_tolerance": "int64", "products_held": "int64"}
    assert book.customers["aum"].sum() == 60_000.0 * len(book.customers) > 65_504


def test_the_command_line_prints_no_library_s_warning(
        write_yaml: Writer, monkeypatch: pytest.MonkeyPatch) -> None:
    from allocator.cli import app, validate

    def warned(*args: Any, **kwargs: Any) -> Any:
        warnings.warn("overflow encountered in cast", RuntimeWarning, stacklevel=1)
        return load_scenario(*args, **kwargs)

    monkeypatch.setattr(validate, "load_scenario", warned)
    monkeypatch.setattr("sys.warnoptions", [])
    with warnings.catch_warnings(record=True) as shown, pytest.raises(SystemExit) as done:
        warnings.simplefilter("always")  # as python shows a warning: each once, on stderr
        app.main(["validate", str(write_yaml("s.yaml", tiny_scenario()))])
    assert done.value.code == 0
    assert [str(warning.message) for warning in shown] == []
