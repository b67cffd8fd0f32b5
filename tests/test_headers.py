"""Headers typed by hand: a column is read whatever its case and the spaces around it, and a
header that looks like a column the table lacks is refused, never silently dropped (a
do-not-contact flag, a quota or an offer's tiers would be lost)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.book import load_book
from allocator.book.headers import headed, lookalikes, repeated
from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.conftest import DATA, tiny_scenario

Writer = Callable[[str, dict[str, Any]], Path]
CUSTOMERS = pd.read_csv(DATA / "tiny" / "customers.csv", dtype={"incumbent_rm": str})
OFFERS = pd.read_csv(DATA / "tiny" / "offers.csv")


def _load(write_yaml: Writer, tmp_path: Path, customers: pd.DataFrame | None = None,
          offers: pd.DataFrame | None = None) -> Any:
    raw = tiny_scenario()
    for role, frame in (("customers", customers), ("offers", offers)):
        if frame is not None:
            frame.to_csv(tmp_path / f"{role}.csv", index=False)
            raw["data"][role]["path"] = str(tmp_path / f"{role}.csv")
    return load_book(load_scenario(write_yaml("s.yaml", raw)).scenario)


def _typed(name: str, upper: list[bool], spaces: tuple[int, int]) -> str:
    letters = "".join(ch.upper() if up else ch for ch, up in zip(name, upper + [False] * 99,
                                                                 strict=False))
    return " " * spaces[0] + letters + " " * spaces[1]


@settings(max_examples=12, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.booleans(), min_size=30, max_size=30),
       st.tuples(st.integers(0, 2), st.integers(0, 2)), st.data())
def test_headers_in_any_case_and_spacing_give_the_same_book(
        write_yaml: Writer, tmp_path: Path, upper: list[bool], spaces: tuple[int, int],
        data: st.DataObject) -> None:
    """Every customer and offer header retyped with capitals and spaces around it: the same
    book (flags, quotas, eligible tiers and all)."""
    customers = CUSTOMERS.rename(columns=lambda n: _typed(n, upper, spaces))
    shift = data.draw(st.integers(0, 5))
    offers = OFFERS.rename(columns=lambda n: _typed(n, upper[shift:], spaces[::-1]))
    book = _load(write_yaml, tmp_path, customers, offers)
    plain = _load(write_yaml, tmp_path, CUSTOMERS, OFFERS)
    pd.testing.assert_frame_equal(book.customers, plain.customers)
    assert book.offers == plain.offers
    pd.testing.assert_frame_equal(book.exclusions, plain.exclusions)


def test_a_quota_headed_quota_with_a_capital_is_kept(write_yaml: Writer, tmp_path: Path
                                                     ) -> None:
    book = _load(write_yaml, tmp_path, offers=OFFERS.rename(columns={"quota": "Quota"}))
    assert book.offers["loan"].quota == 3


@pytest.mark.parametrize(("table", "header", "column"), [
    ("offers", "eligible_tierz", "eligible_tiers"),
    ("customers", "do_not_contct", "do_not_contact"),
])
def test_a_header_like_a_missing_column_is_refused_in_both_languages(
        write_yaml: Writer, tmp_path: Path, table: str, header: str, column: str) -> None:
    frame = (OFFERS if table == "offers" else CUSTOMERS).rename(columns={column: header})
    with pytest.raises(UserError) as caught:
        _load(write_yaml, tmp_path, **{table: frame})
    assert f"{table}.csv: column '{header}' (like '{column}'): not read, though it looks " \
        f"like a column the table lacks. Rename it to that name, or map it under " \
        f"data.{table}.columns" in str(caught.value), caught.value
    assert f"字段“{header}”（像“{column}”）：未被读取" in caught.value.shown("zh")


def test_a_header_read_by_its_mapping_or_unlike_any_column_is_left_alone() -> None:
    wanted = ["customer_id", "do_not_contact", "quota", "age"]
    available = ["CUST_NO", " Do_Not_Contact", "notes", "aged_band", "Quota", "QUOTA"]
    mapping = headed(wanted, {"customer_id": "CUST_NO"}, available)
    # two headers read as 'quota': neither is taken, the column is absent
    assert mapping == {"customer_id": "CUST_NO", "do_not_contact": " Do_Not_Contact",
                       "quota": "quota", "age": "age"}
    assert lookalikes(mapping, available) == [("Quota", "quota"), ("QUOTA", "quota")]
    assert lookalikes(headed(wanted[:2], {}, available[:4]), available[:4]) == []


def test_an_id_header_in_another_case_is_read_as_text_with_its_zeros(
        write_yaml: Writer, tmp_path: Path) -> None:
    """'Customer_ID' and 'Incumbent_RM' are the id columns: read as text, as under their own
    names ('007' stays '007', never 7)."""
    customers = CUSTOMERS.assign(customer_id=[f"00{i}" for i in range(len(CUSTOMERS))])
    customers = customers.rename(columns={"customer_id": "Customer_ID",
                                          "incumbent_rm": "Incumbent_RM"})
    book = _load(write_yaml, tmp_path, customers)
    assert book.customers["customer_id"].iloc[0] == "000"
    assert book.customers["incumbent_rm"].tolist()[:2] == ["RM1", "RM2"]


def test_a_mapping_to_a_header_the_table_lacks_is_refused(write_yaml: Writer,
                                                          tmp_path: Path) -> None:
    """`columns: {do_not_contact: DNC}` with no DNC header would read no flag at all (and
    leave the table's own do_not_contact unread): refused, naming the key and the headers. A
    mapping that differs from its header in case alone is read."""
    CUSTOMERS.to_csv(tmp_path / "customers.csv", index=False)
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(tmp_path / "customers.csv"),
                                "columns": {"do_not_contact": "DNC"}}
    with pytest.raises(UserError) as caught:
        load_book(load_scenario(write_yaml("s.yaml", raw)).scenario)
    assert "customers.csv: data.customers.columns maps do_not_contact: 'DNC', but the table " \
        "has no such column (columns found: customer_id," in str(caught.value)
    assert "但表中没有该字段" in caught.value.shown("zh")
    raw["data"]["customers"]["columns"] = {"do_not_contact": "Do_Not_Contact"}
    book = load_book(load_scenario(write_yaml("s.yaml", raw)).scenario)
    assert book.customers["do_not_contact"].sum() == 1


def test_a_column_of_its_own_that_looks_like_a_measure_is_left_unread() -> None:
    """'lead' beside an absent 'ead', 'frequency_24m' beside an absent 'frequency_12m': columns
    of their own, not misspellings of a column whose loss drops a rule. Left unread."""
    for wanted, header in (["offer_id", "ead"], "lead"), (["customer_id", "frequency_12m"],
                                                          "frequency_24m"):
        available = [wanted[0], header]
        assert lookalikes(headed(wanted, {}, available), available) == []


def test_two_headers_that_read_as_one_column_are_refused(write_yaml: Writer,
                                                         tmp_path: Path) -> None:
    customers = CUSTOMERS.rename(columns={"do_not_contact": "Do_Not_Contact"})
    customers["do_not_contact "] = customers["Do_Not_Contact"]
    with pytest.raises(UserError) as caught:
        _load(write_yaml, tmp_path, customers)
    assert "the header names these columns more than once: 'Do_Not_Contact', " \
        "'do_not_contact '" in str(caught.value)
    assert repeated(["do_not_contact"], ["Do_Not_Contact", "do_not_contact "]) == [
        "Do_Not_Contact", "do_not_contact "]


def test_parquet_parts_whose_columns_differ_are_refused(write_yaml: Writer,
                                                        tmp_path: Path) -> None:
    """Read as one table, a part whose flag is headed in another case would read blank:
    refused, naming the part and the columns."""
    folder = tmp_path / "parts"
    folder.mkdir()
    CUSTOMERS.iloc[:5].to_parquet(folder / "part-0.parquet")
    CUSTOMERS.iloc[5:].rename(columns={"do_not_contact": "Do_Not_Contact"}).to_parquet(
        folder / "part-1.parquet")
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(folder)}
    with pytest.raises(UserError) as caught:
        load_book(load_scenario(write_yaml("s.yaml", raw)).scenario)
    assert "part-1.parquet has Do_Not_Contact that part-0.parquet lacks, and lacks " \
        "do_not_contact" in str(caught.value)
    assert "各分片文件的字段不一致" in caught.value.shown("zh")
