"""A usage error of a command line that names Chinese (a zh scenario, --language zh,
--set output.language=zh) is told in Chinese alone, "Possible options" included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.cli.usage_words import usage_in_chinese

DEMO_ZH = str(Path(__file__).parent.parent / "scenarios" / "demo_zh.yaml")
DEMO = str(Path(__file__).parent.parent / "scenarios" / "demo.yaml")


@pytest.mark.parametrize("args", [
    ["run", DEMO_ZH, "--bogus"],
    ["run", DEMO, "--bogus", "--set", "output.language=zh"],
    ["sweep", DEMO_ZH],
    ["compare", "somewhere", "--language", "zh"],
])
def test_a_usage_error_on_a_chinese_command_line_is_told_in_chinese_alone(args: list[str]
                                                                          ) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "错误：" in result.output and "--help”查看用法" in result.output
    for english in ("Usage:", "Error:", "Possible options", "Missing", "Try '"):
        assert english not in result.output, result.output


def test_a_chinese_run_folder_says_the_language_of_explains_usage_error(tmp_path: Path) -> None:
    manifest = {"resolved_scenario": {"output": {"language": "zh"}}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = CliRunner().invoke(app, ["explain", str(tmp_path)])
    assert result.exit_code == 2 and "错误：缺少参数“customer_id”。" in result.output
    assert "Missing argument" not in result.output


def test_possible_options_read_in_chinese() -> None:
    assert usage_in_chinese("No such option: --bogus (Possible options: --base, --out)") == (
        "错误：没有此选项：--bogus（可用的选项：--base, --out）")
