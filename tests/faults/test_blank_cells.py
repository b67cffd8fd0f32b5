"""Only an empty cell of a table is missing: 'nan' or 'NaN' written where a number is expected
is refused naming the file, column and lines (it used to be read as a blank, and the default
applied: an offer free of cost, or without a quota), and 'inf' is refused as any infinity is; a
line the CSV parser cannot split is named by its number, never by its contents."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import world
from tests.faults.cli import answer, answer_in_chinese


def _plain(said: str) -> str:
    return " ".join(said.split())


def _with_offer_table(folder: Path, rows: str) -> Path:
    """A book whose offers come from offers.csv (`rows` below its header)."""
    path = world(folder, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})
    (folder / "offers.csv").write_text("offer_id,channel,cost,margin,propensity,quota\n" + rows)
    text = path.read_text()
    path.write_text(text.replace("data:\n", "data:\n  offers: {path: offers.csv}\n", 1))
    return path


@pytest.mark.parametrize(("row", "column"), [
    ("mail,email,nan,10,0.5,", "cost"),
    ("mail,email,1,10,0.5,NaN", "quota"),
    ("mail,email,1,nan,0.5,", "margin"),
])
def test_nan_text_in_the_offer_table_is_refused_with_column_and_line(
        tmp_path: Path, row: str, column: str) -> None:
    path = _with_offer_table(tmp_path, "call,email,1,5,0.5,\n" + row + "\n")
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert "offers.csv" in said and f"column '{column}', line 3:" in said, said


@pytest.mark.parametrize(("row", "column"), [("mail,email,inf,10,0.5,", "cost"),
                                             ("mail,email,1,-inf,0.5,", "margin")])
def test_inf_text_in_the_offer_table_is_refused_naming_the_offer(
        tmp_path: Path, row: str, column: str) -> None:
    path = _with_offer_table(tmp_path, row + "\n")
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert "offers.csv" in said and "mail" in said and column in said, said


def test_a_propensity_above_one_in_the_offer_table_says_what_the_column_takes(
        tmp_path: Path) -> None:
    """In the scenario's words, of the form the cell holds (a number, not a mapping per
    tier), never the validation library's ("Input should be a valid dictionary")."""
    path = _with_offer_table(tmp_path, "mail,email,1,10,2,\n")
    code, said = answer("validate", path)
    assert code == 2, said
    assert "offer 'mail': propensity: expected a value of at most 1, got 2" in _plain(said), said
    assert "Input should" not in said and "mapping" not in said


def test_an_empty_cell_of_the_offer_table_takes_the_default(tmp_path: Path) -> None:
    path = _with_offer_table(tmp_path, "mail,email,,10,0.5,\n")
    code, said = answer("validate", path)
    assert code == 0, said


@pytest.mark.parametrize(("name", "column"), [("customers.csv", "aum"),
                                              ("rms.csv", "capacity_hours")])
def test_nan_text_in_the_customer_or_rm_table_is_refused(tmp_path: Path, name: str,
                                                         column: str) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}])
    table = tmp_path / name
    lines = table.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index(column)] = "nan"
    table.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")
    code, said = answer("validate", path)
    assert code == 2, said
    assert f"column '{column}', line 2:" in _plain(said), said


def test_a_line_the_csv_parser_cannot_split_is_named_without_its_contents(
        tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}])
    table = tmp_path / "customers.csv"
    lines = table.read_text().splitlines()
    lines[2] += ",Wang Xiaoming 13800138000"
    table.write_text("\n".join(lines) + "\n")
    fields = len(lines[0].split(","))
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert (f"line 3 does not have the header's count of fields ({fields + 1} against "
            f"{fields})") in said, said
    assert "Wang" not in said and "13800138000" not in said, said
    code, said = answer_in_chinese("validate", path, "--set", "output.language=zh")
    assert code == 2 and f"第 3 行的字段数与表头不符（{fields + 1} 个" in _plain(said), said


def test_a_nan_value_in_a_parquet_offer_table_is_refused_a_null_is_missing(
        tmp_path: Path) -> None:
    """A Parquet file holds a NaN apart from a null (pandas writes NaN as null): the NaN is
    refused naming the column and row, the null reads as a missing value."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = _with_offer_table(tmp_path, "")
    text = path.read_text().replace("offers.csv", "offers.parquet")
    path.write_text(text)
    table = {"offer_id": ["call", "mail"], "channel": ["email", "email"],
             "margin": [5.0, 10.0], "propensity": [0.5, 0.5]}
    pq.write_table(pa.table({**table, "cost": pa.array([1.0, float("nan")])}),
                   tmp_path / "offers.parquet")
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert "offers.parquet" in said and "'cost'" in said and "row 2:" in said, said
    pq.write_table(pa.table({**table, "cost": pa.array([1.0, None], pa.float64())}),
                   tmp_path / "offers.parquet")
    code, said = answer("validate", path)
    assert code == 0, said


def test_a_row_without_an_id_is_named_by_its_place_in_either_language(tmp_path: Path) -> None:
    """A blank id is no id to name its row by: the message gives the row's line in the CSV
    file instead (the header is line 1), in the run's language (it once said "(blank)" in
    English in a Chinese run), and counts past the examples in that language too."""
    customers: list[dict[str, object]] = [{"customer_id": f"C{i}"} for i in range(18)]
    customers[2]["customer_id"] = customers[5]["customer_id"] = None
    for row in customers[6:]:
        row["tier_key"] = "lots"  # not a number: 12 rows, more than the examples listed
    path = world(tmp_path, customers, output={"dir": str(tmp_path / "reports")})
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert "2 rows have no value (ids: (blank: line 4 of the file), (blank: line 7 of the " \
        "file))" in said, said
    assert "(ids: C6, C7, C8, C9, C10, C11, C12, C13, C14, C15 (and 2 more))" in said, said
    code, said = answer_in_chinese("validate", path, "--set", "output.language=zh")
    assert code == 2, said
    said = _plain(said)
    assert "（空白：文件第 4 行）、（空白：文件第 7 行）" in said, said
    assert "C15（另有 2 个）" in said, said
    assert "blank" not in said and "more" not in said, said
