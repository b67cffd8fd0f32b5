"""A file given as a scenario that holds none is said so in words: a data table by its name,
with how a scenario names its tables and how one is run; a YAML value that is no mapping by
what it holds (text, a number), never a type of the code. English and Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.conftest import DATA

HEAD = "a scenario is a mapping of sections (name:, data:, ...), each written as 'section:' " \
       "at the start of its line; this file holds"
HEAD_ZH = "情景应是由各节（name:、data: 等）组成的映射，每节在行首写作“节名:”；此文件的内容是"


@pytest.mark.parametrize(("text", "held", "held_zh"), [
    ("42\n", "a number", "一个数字"), ("1.5\n", "a number", "一个数字"),
    ("hello\nworld\n", "plain text", "纯文本"), ("true\n", "a true or false value", "一个真假值"),
    ("- a\n- b\n", "a list", "一个列表"), ("2026-01-01\n", "a date", "一个日期"),
])
def test_a_file_that_holds_no_mapping_says_what_it_holds(
        tmp_path: Path, text: str, held: str, held_zh: str) -> None:
    path = tmp_path / "n.yaml"
    path.write_text(text)
    with pytest.raises(UserError) as err:
        load_scenario(path)
    assert str(err.value) == f"{path}: {HEAD} {held}."
    assert err.value.shown("zh") == f"{path}：{HEAD_ZH}{held_zh}。"


@pytest.mark.parametrize("name", ["customers.csv", "customers.parquet", "rms.xlsx"])
def test_a_data_table_given_as_the_scenario_is_named_one(tmp_path: Path, name: str) -> None:
    """A CSV file's text, a Parquet file's or a workbook's bytes alike, before they are read
    as YAML (not UTF-8, not a mapping)."""
    path = tmp_path / name
    path.write_bytes((DATA / "tiny" / "customers.csv").read_bytes() if name.endswith(".csv")
                     else b"PAR1\xc0\x87\x00")
    suffix = path.suffix
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert " ".join(result.output.split()) == (
        f"error: {path}: this looks like a data table ({suffix}), not a scenario. A scenario is "
        f"a YAML file whose data: section names the tables (data: {{customers: {{path: "
        f"customers{suffix}}}, rms: ...}}); plan one with `allocate SCENARIO.yaml`, or check it "
        "with `allocate validate SCENARIO.yaml`.")
    chinese = CliRunner().invoke(app, ["validate", str(path), "--set", "output.language=zh"])
    assert "".join(chinese.output.split()) == "".join((
        f"错误：{path}：这看起来是数据表（{suffix}），而不是情景。情景是 YAML 文件，其 data: 节指明"
        f"各数据表（data: {{customers: {{path: customers{suffix}}}, rms: ...}}）；请以 `allocate "
        "情景文件.yaml` 规划，或以 `allocate validate 情景文件.yaml` 检查。").split())
