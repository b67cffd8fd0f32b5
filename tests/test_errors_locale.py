"""An error told before any scenario or run folder is read speaks the locale's language; the
command line's --language, and a scenario's output.language once it is read, come first."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.builders import world
from tests.conftest import unwrapped
from tests.test_bigler import instance
from tests.test_zh_everywhere import allocate

LOCALES = ("LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def chinese_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in LOCALES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")


@pytest.mark.usefixtures("chinese_locale")
def test_missing_paths_are_told_in_chinese_under_a_chinese_locale(tmp_path: Path) -> None:
    missing = allocate("run", str(tmp_path / "nosuch.yaml"))
    assert missing.exit_code != 0
    said = unwrapped(missing.output)  # as the terminal wrapped it
    assert "情景文件不存在" in said and "no such" not in said
    compared = allocate("compare", str(tmp_path / "x"), str(tmp_path / "y"))
    assert compared.exit_code != 0
    assert "运行结果目录" in compared.output and "folder" not in compared.output
    verified = allocate("verify", str(tmp_path / "x"))
    assert "folder" not in verified.output and "错误" in verified.output


@pytest.mark.usefixtures("chinese_locale")
def test_the_command_line_and_the_run_speak_before_the_locale(tmp_path: Path) -> None:
    told = allocate("compare", str(tmp_path / "x"), str(tmp_path / "y"), "--language", "en")
    assert "folder" in told.output and "运行结果目录" not in told.output
    scenario = world(tmp_path, [{"customer_id": "A"}])
    (tmp_path / "customers.csv").unlink()  # found missing once the scenario is read
    english = allocate("run", str(scenario)).output
    assert "customers.csv" in english and "错误" not in english, english
    chinese = allocate("run", str(scenario), "--set", "output.language=zh").output
    assert "customers.csv" in chinese and "错误" in chinese, chinese


def test_missing_paths_are_told_in_english_under_another_locale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in LOCALES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LC_ALL", "C.UTF-8")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")  # LC_ALL comes first
    missing = unwrapped(allocate("run", str(tmp_path / "nosuch.yaml")).output)
    assert "no such scenario file" in missing and "情景" not in missing


@pytest.mark.usefixtures("chinese_locale")
def test_generate_and_import_say_what_they_wrote_in_the_locale_s_language(
        tmp_path: Path) -> None:
    """They read no scenario: the locale speaks (before: English whatever the locale)."""
    generated = allocate("generate", str(tmp_path / "book"), "--customers", "20")
    assert generated.exit_code == 0, generated.output
    said = "".join(generated.output.split())
    assert said.startswith("已将20位客户、") and said.endswith(f"写入{tmp_path / 'book'}"), said
    out = tmp_path / "imported"
    imported = allocate("import", "bigler", str(instance(tmp_path / "tables", 0.7)), "--out",
                        str(out))
    assert imported.exit_code == 0, imported.output
    scenario = out / "scenario.yaml"
    assert "".join(imported.output.split()) == f"已写入{scenario}；规划请用：allocate{scenario}"
