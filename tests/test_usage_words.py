"""A usage error of the command line is told in Chinese too (the parser speaks English)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.cli.usage_words import usage_in_chinese


def test_usage_messages_read_in_chinese() -> None:
    assert usage_in_chinese("Missing argument 'customer_id'.") == "错误：缺少参数“customer_id”。"
    assert usage_in_chinese("No such option: --bugdet") == "错误：没有此选项：--bugdet"
    assert usage_in_chinese("Got unexpected extra arguments (a b)") == "错误：多余的参数（a b）"
    assert usage_in_chinese("something else") is None


def test_explain_without_a_customer_says_so_in_the_locales_language(tmp_path: Path) -> None:
    locale = {"LC_ALL": None, "LC_MESSAGES": None}
    english = CliRunner().invoke(app, ["explain", str(tmp_path)],
                                 env={"LANG": "C.UTF-8", **locale})
    assert english.exit_code == 2
    assert "Missing argument 'customer_id'." in english.output
    assert "缺少" not in english.output
    chinese = CliRunner().invoke(app, ["explain", str(tmp_path)],
                                 env={"LANG": "zh_CN.UTF-8", **locale})
    assert chinese.exit_code == 2
    assert "错误：缺少参数“customer_id”。" in chinese.output
    assert "Missing argument" not in chinese.output
