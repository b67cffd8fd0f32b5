"""`allocate import bigler` on an instance whose tables break the format: refused in one line
naming the file, the column and the lines (exit 2); a missing folder or a file given for it
is an input that cannot be read (exit 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SHARED
from tests.faults.cli import answer, answer_in_chinese

GS1 = SHARED / "bigler-customer-assignment" / "GS1"


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "GS1"
    folder.mkdir()
    for name in ("table1.csv", "table3.csv", "table4.csv"):
        shutil.copy(GS1 / name, folder / name)
    lines = (GS1 / "table2.csv").read_text().splitlines()[:200]  # a few customers
    (folder / "table2.csv").write_text("\n".join(lines) + "\n")
    return folder


def _set(path: Path, line: int, column: str, value: str) -> None:
    rows = [row.split(",") for row in path.read_text().splitlines()]
    rows[line - 1][rows[0].index(column)] = value
    path.write_text("\n".join(",".join(row) for row in rows) + "\n")


@pytest.mark.parametrize(("file", "column", "value", "said"), [
    ("table1.csv", "Activity", "x", "not a finite number"),
    ("table1.csv", "Activity", "2.5", "not a whole number"),
    ("table1.csv", "Cost", "nan", "not a finite number"),
    ("table1.csv", "Activity", "1", "the same id as an earlier line"),
    ("table2.csv", "ExpectedProfit", "inf", "not a finite number"),
    ("table2.csv", "Activity", "99999", "no such activity in table1.csv"),
    ("table2.csv", "ResponseProbability", "1.5", "a probability lies between 0 and 1"),
    ("table3.csv", "Bound", "-1e400", "not a finite number"),
    ("table3.csv", "TargetProducts", "zz", "a product no activity of table1.csv targets"),
    ("table4.csv", "Lag", "", "not a finite number"),
    ("table4.csv", "Lag", "1e300", "outside 0 to 1,000,000"),
    ("table1.csv", "Day", "-5", "outside 0 to 1,000,000"),
    ("table2.csv", "ExpectedProfit", "1e308",
     "beyond ±1e+15, the largest a scenario and its data take")])
@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_bad_cell_is_named_by_file_column_and_line(tmp_path: Path, file: str, column: str,
                                                     value: str, said: str) -> None:
    folder = _copy(tmp_path)
    _set(folder / file, 3, column, value)
    code, output = answer("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2, output
    assert f"{file}: column {column}, line 3: {said}" in " ".join(output.split()), output
    assert not (tmp_path / "out" / "scenario.yaml").exists()


@pytest.mark.parametrize("repeat", ["1,13,999,0.5", "1,13,7.512908805402001,0.0178700081"])
@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_pair_given_twice_is_refused_naming_its_lines(tmp_path: Path, repeat: str,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    """Another profit, or the same: which line is meant is for the table's owner to say."""
    folder = _copy(tmp_path)
    with (folder / "table2.csv").open("a") as table:
        table.write(f"{repeat}\n2,6,0.5,0.5\n{repeat}\n")
    code, output = answer("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2, output
    assert ("table2.csv: columns Customer and Activity: 5 lines give a customer an activity it "
            "has on another line (customer 1, activity 13 on lines 2, 201, 203; customer 2, "
            "activity 6 on lines 4, 202); give each customer an activity once: remove the "
            "repeated lines, or merge them into one.") in output, output
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, output = answer_in_chinese("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2 and ("（客户 1 的活动 13：第 2、201、203 行；客户 2 的活动 6：第 4、202 行）"
                          in output), output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("file", "column", "value", "said"), [
    ("table1.csv", "Day", "0", "column Day, line 3: expected a value of at least 1, got 0 (the "
     "scenario's calendar.activities.a2.day)"),
    ("table1.csv", "Day", "4000", "column Day, line 3: expected a value of at most 3660, got "
     "4000 (the scenario's calendar.horizon)"),
    ("table3.csv", "Bound", "-1002", "column Bound, line 3: expected a value of at least 0, got "
     "-1002.0 (the scenario's calendar.channel_limits.rule_2.min)"),
    ("table3.csv", "StartDay", "60", "line 3: end day 28 is before start day 60 (the "
     "scenario's calendar.channel_limits.rule_2)"),
    ("table4.csv", "Lag", "0", "column Lag, line 3: expected a value of at least 1, got 0 (the "
     "scenario's calendar.conflicts.conflict_2.lag)")])
@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_value_the_scenario_refuses_is_named_where_the_tables_give_it(
        tmp_path: Path, file: str, column: str, value: str, said: str) -> None:
    """Refused before anything is written, where `allocate validate` would refuse the
    scenario written, in its words."""
    folder = _copy(tmp_path)
    _set(folder / file, 3, column, value)
    code, output = answer("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2, output
    assert f"error: {file}: {said}; correct the table." in output, output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_value_the_scenario_refuses_is_named_in_chinese(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    folder = _copy(tmp_path)
    _set(folder / "table1.csv", 3, "Day", "0")
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "notes.txt").write_text("kept")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, output = answer_in_chinese("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2, output
    assert ("错误：table1.csv：字段 Day，第 3 行：取值应不小于 1，给出的是 0（即情景中的 "
            "calendar.activities.a2.day）；请更正该表。") in output, output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["notes.txt"]


@pytest.mark.parametrize("file", ["table1.csv", "table2.csv"])
@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_table_of_its_header_alone_is_refused(tmp_path: Path, file: str) -> None:
    folder = _copy(tmp_path)
    for name in ("table1.csv", "table2.csv", "table3.csv", "table4.csv"):
        if name >= file:
            header = (folder / name).read_text().splitlines()[0]
            (folder / name).write_text(header + "\n")
    code, output = answer("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2, output
    assert (f"error: {file}: holds its header alone; an instance has at least one activity "
            "(table1.csv) and one customer eligible for one (table2.csv).") in output, output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_wrong_header_names_the_missing_column(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "table1.csv").read_text()
    (folder / "table1.csv").write_text(text.replace("Activity", "Activty", 1))
    code, output = answer("import", "bigler", folder, "--out", tmp_path / "out")
    assert code == 2 and "table1.csv: no column Activity (its header reads Activty, Day," in " ".join(
        output.split()), output


@pytest.mark.skipif(not GS1.is_dir(), reason="the public instances are not here")
def test_a_header_split_by_no_separator_is_shown_as_read(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    folder = _copy(tmp_path)
    text = (folder / "table2.csv").read_text()
    (folder / "table2.csv").write_text(text.replace(",", ":"))
    code, output = answer("import", "bigler", folder, "--out", tmp_path / "out")
    said = " ".join(output.split())
    assert code == 2, output
    assert ("table2.csv: no column Customer, Activity, ExpectedProfit, ResponseProbability "
            "(its header reads Customer:Activity:ExpectedProfit:ResponseProbability); the "
            "table's columns are Customer, Activity, ExpectedProfit, ResponseProbability: "
            "write its header so, the names separated by commas.") in said, output
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, output = answer_in_chinese("import", "bigler", folder, "--out", tmp_path / "out")
    assert ("table2.csv：缺少字段 Customer、Activity、ExpectedProfit、ResponseProbability（其表头为 "
            "Customer:Activity:ExpectedProfit:ResponseProbability）；该表的字段为 Customer、") in output


def test_a_missing_folder_or_a_file_is_no_instance(tmp_path: Path) -> None:
    code, output = answer("import", "bigler", tmp_path / "nowhere", "--out", tmp_path / "o")
    assert code == 4 and "no such folder" in output, output
    junk = tmp_path / "junk.txt"
    junk.write_text("x")
    code, output = answer("import", "bigler", junk, "--out", tmp_path / "o")
    assert code == 4 and "a file, not a folder" in output, output
