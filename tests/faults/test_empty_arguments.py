"""An empty argument (`--out "$FOLDER"` with FOLDER unset) is refused, naming the option or
the argument's place, in the command line's language: as a path it read as the current
folder, and a run or comparison went there unasked. So is a blank path of the scenario's (its
output folder, a table's file), naming the key."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.builders import world
from tests.faults.cli import answer, answer_in_chinese
from tests.test_cli import ROOT

DEMO = str(ROOT / "scenarios" / "demo.yaml")


@pytest.mark.parametrize(("args", "named"), [
    (["run", DEMO, "--out", ""], "the value after --out is empty"),
    (["run", DEMO, "--out", " "], "the value after --out is empty or blank"),
    (["run", DEMO, "--out="], "the value after --out is empty"),
    (["run", DEMO, "--out= "], "the value after --out is empty"),
    (["run", DEMO, "--base", ""], "the value after --base is empty"),
    (["sweep", DEMO, "--vary", "budget.total=1m,2m", "--out", ""],
     "the value after --out is empty"),
    (["compare", "", "elsewhere"], "the argument after 'compare' is empty"),
    (["verify", " "], "the argument after 'verify' is empty"),
    (["report", "--pdf", ""], "the argument after '--pdf' is empty"),  # a switch: no value
    (["runs", "--reports", ""], "the value after --reports is empty"),
    (["validate", ""], "the argument after 'validate' is empty"),
    (["generate", " "], "the argument after 'generate' is empty"),
])
def test_an_empty_argument_is_refused_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer(*args)
    assert code == 2, said
    assert named in " ".join(said.split()), said
    assert list(tmp_path.iterdir()) == []  # nothing went into the current folder


def test_an_empty_argument_is_refused_in_the_command_lines_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for language in (["--set", "output.language=zh"], ["--set=output.language=zh"]):
        code, said = answer_in_chinese("run", DEMO, *language, "--out", "")
        assert code == 2, said
        assert "--out 之后的取值为空" in said and "empty" not in said, said
        assert "shell" not in said, said
    assert list(tmp_path.iterdir()) == []


def test_a_blank_after_an_option_the_command_lacks_is_that_option_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer("run", DEMO, "--bogus", "", prefix="Error:")
    assert code == 2 and "No such option: --bogus" in said, said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("given", "origin"), [
    (["--set", "output.dir="], "--set output.dir=: output.dir:"),
    (["--set", "output.dir=  "], "--set output.dir=  : output.dir:"),
    (["--set", "output.dir=''"], "--set output.dir='': output.dir:"),
])
def test_a_blank_output_folder_by_set_is_refused_as_an_empty_out_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, given: list[str], origin: str) -> None:
    """As a path it read as the current folder: the run folders and the registry went
    there."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(f"extends: {DEMO}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in ("run", "validate"):
        code, said = answer(command, scenario, *given)
        assert code == 2, said
        assert f"{origin} the folder of the runs is empty or blank" in said, said
        assert ("an unset variable?): give one, or leave output.dir out for its default "
                "(reports, in the scenario file's folder)") in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


@pytest.mark.parametrize(("written", "said_of"), [
    ('""', "empty or blank (got '';"),
    ('"  "', "empty or blank (got '  ';"),
])
def test_a_blank_output_folder_in_the_scenario_file_is_refused_by_its_file_and_key(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str, said_of: str) -> None:
    """Not read as the scenario file's own folder, nor as a folder named by two spaces."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(f"extends: {DEMO}\noutput: {{dir: {written}}}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, said = answer("run", scenario)
    assert code == 2, said
    assert f"{scenario}: output.dir: the folder of the runs is {said_of}" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


@pytest.mark.parametrize("key", ["customers", "rms"])
@pytest.mark.parametrize("written", ["", "  "])
def test_a_blank_table_path_in_the_scenario_file_is_refused_by_its_file_and_key(
        tmp_path: Path, key: str, written: str) -> None:
    """Not read as the scenario file's own folder, which as a folder of Parquet files passed
    for the table, or failed on columns it lacked."""
    scenario = world(tmp_path, [{"customer_id": "A"}])
    pd.read_csv(tmp_path / f"{key}.csv").to_parquet(tmp_path / "table.parquet")
    text = scenario.read_text(encoding="utf-8").replace(f"{key}.csv", repr(written))
    scenario.write_text(text, encoding="utf-8")
    code, said = answer("validate", scenario)
    assert code == 2, said
    assert (f"{scenario}: data.{key}.path: the path is empty or blank (got {written!r}; an "
            "unset variable?), and would read as the scenario file's own folder (from --set, "
            "the current folder): give the path of the data") in said, said


@pytest.mark.parametrize("given", ["data.customers.path=", "data.rms.path=  ",
                                   "data.rms.path=''", "data.customers.database="])
def test_a_blank_table_path_by_set_is_refused_by_its_key(tmp_path: Path, given: str) -> None:
    """Not read as the current folder."""
    scenario = world(tmp_path, [{"customer_id": "A"}])
    key = given.partition("=")[0]
    for command in ("run", "validate"):
        code, said = answer(command, scenario, "--set", given)
        assert code == 2, said
        assert f"--set {given}: {key}: the path is empty or blank" in said, said
    assert not (tmp_path / "reports").exists()


def test_a_blank_table_path_is_refused_in_chinese(tmp_path: Path) -> None:
    scenario = world(tmp_path, [{"customer_id": "A"}], output={"language": "zh"})
    code, said = answer_in_chinese("validate", scenario, "--set", "data.customers.path=")
    assert code == 2, said
    assert ("--set data.customers.path=：data.customers.path：路径为空或空白（给出的是 ''；是否"
            "引用了未设置的变量？），会被当作情景文件所在的目录（由 --set 给出时为当前目录）："
            "请给出数据的路径") in said, said


@pytest.mark.parametrize("written", ['" reports"', '"reports "', '"out/ runs"', '"out /runs"'])
def test_an_output_folder_with_whitespace_at_an_end_of_a_name_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, written: str) -> None:
    """As a scenario's name with a space is: a folder no listing tells from another."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(f"extends: {DEMO}\noutput: {{dir: {written}}}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, said = answer("run", scenario)
    assert code == 2, said
    assert (f"{scenario}: output.dir: a folder's name in it starts or ends with whitespace "
            f"(got '{written[1:-1]}'), and would read as the name without it; write the name "
            "without the whitespace") in said, said
    code, said = answer("validate", DEMO, "--set", f"output.dir={written}")
    assert code == 2 and "output.dir: a folder's name in it starts or ends" in said, said
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


@pytest.mark.parametrize("command", [["run", DEMO], ["sweep", DEMO, "--vary", "budget.total=1m,2m"],
                                     ["fit", DEMO], ["import", "bigler", "GS1"]])
@pytest.mark.parametrize("folder", [" x", "x ", "out/ runs", "out /runs"])
def test_an_out_with_whitespace_at_an_end_of_a_name_is_refused_as_output_dir_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str],
        folder: str) -> None:
    """As the scenario's output.dir, by its words: a folder no listing tells from another."""
    monkeypatch.chdir(tmp_path)
    code, said = answer(*command, "--out", folder)
    assert code == 2, said
    assert (f"error: --out: a folder's name in it starts or ends with whitespace (got "
            f"'{folder}'), and would read as the name without it; write the name without the "
            "whitespace") in said, said
    assert list(tmp_path.iterdir()) == []


def test_an_out_with_whitespace_at_an_end_is_refused_in_the_command_lines_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer_in_chinese("run", DEMO, "--set", "output.language=zh", "--out=out ")
    assert code == 2, said
    assert ("错误：选项 --out：其中的目录名以空白开头或结尾（给出的是 'out '），看起来与不带空白的"
            "名称无异；请去掉名称首尾的空白") in said, said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("folder", [" x", "x ", "out/ book"])
def test_a_book_folder_with_whitespace_at_an_end_of_a_name_is_refused_as_output_dir_is(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, folder: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer("generate", folder, "--customers", "10")
    assert code == 2, said
    assert (f"error: out_dir: a folder's name in it starts or ends with whitespace (got "
            f"'{folder}'), and would read as the name without it; write the name without the "
            "whitespace") in said, said
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, said = answer_in_chinese("generate", folder, "--customers", "10")
    assert code == 2 and f"错误：参数 out_dir：其中的目录名以空白开头或结尾（给出的是 '{folder}'）" in said
    assert list(tmp_path.iterdir()) == []


def test_a_blank_output_folder_is_refused_in_chinese(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer_in_chinese("run", DEMO, "--set", "output.language=zh",
                                   "--set", "output.dir=")
    assert code == 2, said
    assert ("--set output.dir=：output.dir：存放各次运行的目录为空或空白（给出的是 ''；是否引用了"
            "未设置的变量？）：请给出目录，或省略 output.dir 以用其默认值（情景文件所在目录中的 "
            "reports）") in said, said
    code, said = answer_in_chinese("run", DEMO, "--set", "output.language=zh",
                                   "--set", "output.dir=' out'")
    assert code == 2, said
    assert ("output.dir：其中的目录名以空白开头或结尾（给出的是 ' out'），看起来与不带空白的名称"
            "无异；请去掉名称首尾的空白") in said, said
    assert list(tmp_path.iterdir()) == []
