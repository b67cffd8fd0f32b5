"""Tables as banks export them: encodings, and every kind of damaged or implausible content
named with the file, the column and the rows."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml

from allocator.book import load_book
from allocator.encodings import csv_encoding
from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.builders import world
from tests.conftest import DATA, tiny_scenario
from tests.test_zh_everywhere import allocate

Writer = Callable[[str, dict[str, Any]], Path]
CUSTOMERS = pd.read_csv(DATA / "tiny" / "customers.csv", dtype={"incumbent_rm": str})
HEADER = (",".join(CUSTOMERS.columns) + "\n").encode()
NAMES = {"C01": "张伟", "C02": "李娜-上海", "C03": "José", "C04": "Zoë Müller"}


def scenario_with(write_yaml: Writer, path: Path, **source: Any) -> Path:
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(path), **source}
    return write_yaml("scenario.yaml", raw)


def load(path: Path) -> Any:
    return load_book(load_scenario(path).scenario)


def named(names: dict[str, str]) -> pd.DataFrame:
    frame = CUSTOMERS.copy()
    frame["customer_id"] = frame["customer_id"].replace(names)
    return frame


@pytest.mark.parametrize(("encoding", "names", "found"), [
    ("gbk", {k: v for k, v in NAMES.items() if k in ("C01", "C02")}, "gbk"),
    ("gb18030", {"C01": "张伟𠀀"}, "gb18030"),  # a character only GB18030 holds
    ("latin-1", {"C03": "José", "C04": "André"}, "latin-1"),
    ("latin-1", {"C03": "Françoise", "C04": "Müller"}, "latin-1"),  # decodes as GBK too
    ("gbk", {"C01": "王堃", "C02": "张伟", "C03": "李娜"}, "gbk"),  # 堃 is outside GB2312
    ("utf-8-sig", NAMES, "utf-8-sig"),
    ("utf-8", NAMES, "utf-8"),
])
def test_auto_reads_each_encoding(write_yaml: Writer, tmp_path: Path, encoding: str,
                                  names: dict[str, str], found: str) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(named(names).to_csv(index=False).encode(encoding))
    assert csv_encoding(path, "auto") == found
    book = load(scenario_with(write_yaml, path))
    assert set(names.values()) <= set(book.customers["customer_id"])


def test_a_declared_encoding_is_used(write_yaml: Writer, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    names = {"C03": "Müller"}  # ü then l pairs up as one rare GBK character
    path.write_bytes(named(names).to_csv(index=False).encode("latin-1"))
    assert csv_encoding(path, "auto") == "latin-1"
    book = load(scenario_with(write_yaml, path, encoding="latin-1"))
    assert "Müller" in set(book.customers["customer_id"])


def test_a_wrong_declared_encoding_names_the_line(write_yaml: Writer, tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    path.write_bytes(named({"C02": "李娜"}).to_csv(index=False).encode("gbk"))
    with pytest.raises(UserError, match=r"customers.csv: line 3, byte 1 \(0x..\) is not utf-8, "
                                        r"the encoding the scenario declares for it \(data."
                                        r"customers.encoding\); set data.customers.encoding"):
        load(scenario_with(write_yaml, path, encoding="utf-8"))


@pytest.mark.parametrize(("value", "said"), [
    ("inf", r"infinite or beyond ±1e\+15 .*\(ids: C02, C05\); give finite numbers"),
    ("-inf", r"infinite or beyond ±1e\+15 .*\(ids: C02, C05\); give finite numbers"),
    ("1e308", r"outside -1,000,000,000,000..1,000,000,000,000 \(ids: C02, C05\); an amount"),
    ("1e13", r"outside -1,000,000,000,000..1,000,000,000,000 \(ids: C02, C05\); an amount"),
])
def test_numbers_that_are_not_finite_or_too_large_name_column_and_rows(
        write_yaml: Writer, tmp_path: Path, value: str, said: str) -> None:
    """An infinity is said to be one; a finite number beyond the column's range (an amount:
    allocator.book.ranges) is refused with the range."""
    frame = CUSTOMERS.astype({"revenue_12m": object})
    frame.loc[[1, 4], "revenue_12m"] = value
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    with pytest.raises(UserError, match=r"column 'revenue_12m': 2 rows are " + said):
        load(scenario_with(write_yaml, path))


def test_infinite_numbers_in_parquet_are_refused(write_yaml: Writer, tmp_path: Path) -> None:
    frame = CUSTOMERS.astype({"aum": float})
    frame.loc[0, "aum"] = float("inf")
    path = tmp_path / "customers.parquet"
    frame.to_parquet(path, index=False)
    with pytest.raises(UserError, match=r"column 'aum': 1 row is infinite .*\(ids: C01\)"):
        load(scenario_with(write_yaml, path))


def test_a_missing_propensity_column_names_the_offer(write_yaml: Writer, tmp_path: Path
                                                     ) -> None:
    raw = tiny_scenario()
    raw["offers"] = {"extra": {"channel": "email", "margin": 10.0, "propensity_column": "p_extra"}}
    with pytest.raises(UserError, match="offers.extra.propensity_column 'p_extra': no such "
                                        "customer column"):
        load(write_yaml("s.yaml", raw))


@pytest.mark.parametrize(("name", "content", "message"), [
    ("customers.csv", b"", "the file is empty or its first line is blank"),
    ("customers.csv", bytes(range(256)) * 8, "unprintable characters"),
    # a carriage return alone within the first line: never the csv module's "universal-newline"
    ("customers.csv", b"customer_id,\x9b\rb\x00\n", "unprintable characters"),
    ("customers.csv", HEADER + bytes(range(256)) * 8, "line 2 does not have the header's"),
    ("customers.parquet", b"PAR1garbage", "cannot read the file .*check that it is complete"),
])
def test_damaged_files_are_named(write_yaml: Writer, tmp_path: Path, name: str,
                                 content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=f"{name}: .*{message}"):
        load(scenario_with(write_yaml, path))


def test_a_truncated_parquet_file_is_named(write_yaml: Writer, tmp_path: Path) -> None:
    path = tmp_path / "customers.parquet"
    CUSTOMERS.to_parquet(path, index=False)
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(UserError, match="customers.parquet: cannot read the file"):
        load(scenario_with(write_yaml, path))


def test_a_column_named_twice_in_the_header_is_refused(write_yaml: Writer, tmp_path: Path
                                                       ) -> None:
    path = tmp_path / "customers.csv"
    text = CUSTOMERS.to_csv(index=False).replace("deposits", "aum", 1)
    path.write_text(text)
    with pytest.raises(UserError, match="names these columns more than once: aum"):
        load(scenario_with(write_yaml, path))


@pytest.mark.parametrize(("value", "what"), [("abc", "is not a number"),
                                             ("inf", "is infinite or beyond"),
                                             ("", "has no value")])
def test_the_tiering_metric_must_be_a_number_for_every_customer(
        write_yaml: Writer, tmp_path: Path, value: str, what: str) -> None:
    frame = CUSTOMERS.assign(score_x=[str(i) for i in range(len(CUSTOMERS))])
    frame.loc[3, "score_x"] = value
    path = tmp_path / "customers.csv"
    frame.to_csv(path, index=False)
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(path)}
    raw["tiering"] = {"method": "thresholds", "metric": "score_x",
                      "thresholds": {"private": 8, "wealth": 5, "premier": 2}}
    with pytest.raises(UserError, match=f"column 'score_x': 1 row {what}.*ids: C04"):
        load(write_yaml("s.yaml", raw))


@pytest.mark.parametrize(("column", "value"), [("customer_id", "C\x00"),
                                               ("customer_id", "C\x1b[31m"), ("region", "R\x02")])
def test_control_characters_in_a_table_are_named_before_the_solve(
        tmp_path: Path, column: str, value: str) -> None:
    path = world(tmp_path, [{"customer_id": "A"}, {"customer_id": "B", column: value}])
    result = allocate(str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2 and "Traceback" not in result.stderr, result.stderr
    said = " ".join(result.stderr.split())
    assert f"{column}" in said and "control characters" in said
    assert not list((tmp_path / "out").rglob("manifest.json"))  # no run folder written


def allocate_here(*args: str) -> tuple[int, str]:
    """The exit code and the words on screen of `allocate ARGS`, run in this process, its
    terminal wide enough for long paths on one line."""
    result = allocate(*args, width=1000)
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.parametrize(("encoding", "names"), [
    ("gbk", {"C01": "张伟", "C02": "李娜-上海"}), ("latin-1", {"C03": "José", "C04": "André"})])
def test_a_found_encoding_is_recorded_shown_and_warned_about(
        write_yaml: Writer, tmp_path: Path, encoding: str, names: dict[str, str]) -> None:
    """validate prints each CSV table's codec; a run warns naming the file and the key to set,
    and its manifest records the codec per table; a declared encoding draws no warning."""
    import json

    path = tmp_path / "customers.csv"
    path.write_bytes(named(names).to_csv(index=False).encode(encoding))
    scenario = scenario_with(write_yaml, path)
    code, said = allocate_here("validate", str(scenario))
    assert code == 0, said
    assert f"data.customers: {path} read as {encoding}" in said
    assert "data.rms: " in said and "read as utf-8" in said
    assert f"{path}: read as {encoding}, not UTF-8" in said
    assert f"set data.customers.encoding: {encoding}" in said
    code, said = allocate_here("run", str(scenario), "--out", str(tmp_path / "out"))
    assert code == 0, said
    assert f"set data.customers.encoding: {encoding}" in said
    [manifest] = (tmp_path / "out").rglob("manifest.json")
    inputs = json.loads(manifest.read_text(encoding="utf-8"))["inputs"]
    assert inputs["customers"]["encoding"] == encoding
    assert inputs["rms"]["encoding"] == "utf-8"
    code, said = allocate_here("validate", str(scenario), "--set", "output.language=zh")
    assert f"{path}：按 {encoding} 读取，不是 UTF-8" in said and "data.customers.encoding" in said
    declared = scenario_with(write_yaml, path, encoding=encoding)
    code, said = allocate_here("validate", str(declared))
    assert code == 0 and "not UTF-8" not in said and f"read as {encoding}" in said


def test_a_utf8_file_with_one_stray_byte_is_refused_naming_its_line(write_yaml: Writer,
                                                                     tmp_path: Path) -> None:
    """3,000 UTF-8 names and one latin-1 byte in the last row: read as latin-1 every name
    would be garbled, so auto refuses, naming the file, the line and the key to set."""
    path = tmp_path / "customers.csv"
    frame = pd.concat([CUSTOMERS.iloc[[0]]] * 3001, ignore_index=True)
    frame["customer_id"] = [f"张伟{i}" for i in range(3000)] + ["José"]
    text = frame.to_csv(index=False, lineterminator="\n")
    head, _, last = text.rstrip("\n").rpartition("\n")
    path.write_bytes((head + "\n").encode("utf-8") + (last + "\n").encode("latin-1"))
    with pytest.raises(UserError) as refused:
        load(scenario_with(write_yaml, path))
    said = str(refused.value)
    assert str(path) in said and "line 3002" in said and "data.customers.encoding" in said
    assert refused.value.chinese and "第 3002 行" in refused.value.chinese


def test_a_latin1_file_without_utf8_sequences_is_still_detected(tmp_path: Path) -> None:
    path = tmp_path / "customers.csv"
    frame = pd.concat([CUSTOMERS.iloc[[0]]] * 50, ignore_index=True)
    frame["customer_id"] = [f"José Müller {i}" for i in range(50)]
    path.write_bytes(frame.to_csv(index=False).encode("latin-1"))
    assert csv_encoding(path, "auto") == "latin-1"


def test_a_data_file_that_is_a_pipe_is_refused_as_not_a_regular_file(
        write_yaml: Writer, tmp_path: Path) -> None:
    """A FIFO would block a reader: bad input (exit 2), not a missing file (exit 4)."""
    import os

    path = tmp_path / "customers.csv"
    os.mkfifo(path)
    code, said = allocate_here("validate", str(scenario_with(write_yaml, path)))
    assert code == 2 and "customers.csv: not a regular file" in said


@pytest.mark.parametrize(("column", "line", "byte"), [("region", 2, 1), ("name", 3, 23)])
def test_a_declared_encoding_is_checked_over_the_whole_file(tmp_path: Path, column: str,
                                                            line: int, byte: int) -> None:
    """A GBK file declared UTF-8 is refused naming the file, the line, the byte, the declared
    encoding and the key, also where the GBK bytes sit in a column allocator does not read."""
    rows = [{"customer_id": "A", "name": "x"}, {"customer_id": "B", "name": "y"}]
    rows[line - 2][column] = "华东"
    path = world(tmp_path, rows)
    table = tmp_path / "customers.csv"
    table.write_bytes(table.read_text(encoding="utf-8").encode("gbk"))
    raw = yaml.safe_load(path.read_text())
    raw["data"]["customers"]["encoding"] = "utf-8"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = allocate_here("validate", str(path))
    assert code == 2, said
    assert (f"{table}: line {line}, byte {byte} (0xbb) is not utf-8, the encoding the scenario "
            "declares for it (data.customers.encoding)") in said
    assert "or to auto" in said and not list(tmp_path.rglob("manifest.json"))
    raw["output"]["language"] = "zh"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = allocate_here("validate", str(path))
    assert code == 2 and f"第 {line} 行第 {byte} 个字节（0xbb）不是情景为它声明的编码" in said


@pytest.mark.parametrize("column", ["customer_id", "region", "incumbent_rm"])
def test_an_overlong_text_in_the_customers_is_refused_and_shown_cut(tmp_path: Path,
                                                                   column: str) -> None:
    """An id (a region, an incumbent RM) of 100,000 characters is refused when read, naming
    the column and the limit, and the message shows the value cut, not whole."""
    path = world(tmp_path, [{"customer_id": "A"}, {"customer_id": "B", column: "Z" * 100_000}])
    code, said = allocate_here("validate", str(path))
    assert code == 2, said[:2000]
    assert f"column '{column}': 1 row holds more than 200 characters" in said
    assert "Z" * 61 not in said and len(said) < 2_000
    assert ("Z" * 60 + "…(100,000)" in said) == (column == "customer_id")


def test_an_overlong_rm_id_and_offer_id_are_refused(write_yaml: Writer, tmp_path: Path
                                                    ) -> None:
    rms = pd.read_csv(DATA / "tiny" / "rms.csv")
    rms.loc[1, "grade"] = "g" * 201
    rms.to_csv(tmp_path / "rms.csv", index=False)
    raw = tiny_scenario()
    raw["data"]["rms"]["path"] = str(tmp_path / "rms.csv")
    with pytest.raises(UserError, match="column 'grade': 1 row holds more than 200 characters"):
        load(write_yaml("s.yaml", raw))
    offers = pd.read_csv(DATA / "tiny" / "offers.csv")
    offers.loc[2, "offer_id"] = "o" * 5000
    offers.to_csv(tmp_path / "offers.csv", index=False)
    raw = tiny_scenario()
    raw["data"]["offers"]["path"] = str(tmp_path / "offers.csv")
    with pytest.raises(UserError) as refused:
        load(write_yaml("s.yaml", raw))
    said = str(refused.value)
    assert "column 'offer_id': rows holding more than 200 characters: 1 (rows 4;" in said
    assert len(said) < 1_000 and "…(5,000)" in said


def test_dates_read_as_amounts_are_named_as_dates(write_yaml: Writer, tmp_path: Path) -> None:
    frame = CUSTOMERS.assign(aum=pd.Timestamp("2020-01-01"))
    path = tmp_path / "customers.parquet"
    frame.to_parquet(path, index=False)
    with pytest.raises(UserError, match=r"column 'aum': 10 rows hold dates or times, not "
                                        r"numbers \(e.g. '2020-01-01 00:00:00'"):
        load(scenario_with(write_yaml, path))
