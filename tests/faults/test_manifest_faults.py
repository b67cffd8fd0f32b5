"""A damaged manifest.json (cut short, holding NaN or Infinity, which JSON does not have, or an
entry of another kind than the run writes) is refused by every command that reads a run folder
with one line naming the file (exit 2), fails `verify` as a damaged file of the folder (exit 1,
as a file that changed), and is skipped by `runs` with a warning naming it."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from allocator.json_files import strict_loads
from tests.faults.cli import answer, answer_in_chinese
from tests.test_zh_everywhere import english_words

Damage = Callable[[str], str]


def _cut(text: str) -> str:
    return text[:300]


def _edited(change: Callable[[dict[str, Any]], None]) -> Damage:
    def damage(text: str) -> str:
        manifest = json.loads(text)
        change(manifest)
        return json.dumps(manifest, indent=2)  # NaN and Infinity as Python writes them
    return damage


def _set(key: str, value: object, within: str | None = None) -> Damage:
    def change(manifest: dict[str, Any]) -> None:
        (manifest[within] if within else manifest)[key] = value
    return _edited(change)


DAMAGES = {"cut short": (_cut, "not valid JSON"),
           "NaN objective": (_set("objective", float("nan"), "solver"), "NaN is not a JSON"),
           "infinite gap": (_set("gap", float("inf"), "solver"), "Infinity is not a JSON"),
           "text objective": (_set("objective", "x", "solver"), "'solver.objective' entry"),
           "listed scenario": (_set("resolved_scenario", [1]), "'resolved_scenario' entry"),
           "numbered outputs": (_set("outputs", 3), "'outputs' entry"),
           "text kpis": (_set("kpis", "many"), "'kpis' entry"),
           "huge number": (lambda text: text.replace('"solver": {', '"solver": {"x": '
                                                     + "9" * 5000 + ", ", 1), "not valid JSON"),
           "deep nesting": (lambda text: "[" * 100_000 + "]" * 100_000, "not valid JSON")}


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from allocator import api
    from tests.builders import two_customers

    return api.run(two_customers(tmp_path_factory.mktemp("book"))).folder


def _damaged(run: Path, store: Path, damage: Damage) -> Path:
    copy = store / "world" / run.name
    shutil.copytree(run, copy)
    manifest = copy / "manifest.json"
    manifest.write_text(damage(manifest.read_text(encoding="utf-8")), encoding="utf-8")
    return copy


@pytest.mark.damages_manifests
@pytest.mark.parametrize("name", DAMAGES)
def test_every_command_refuses_a_damaged_manifest_naming_it(run: Path, tmp_path: Path,
                                                            name: str) -> None:
    damage, said = DAMAGES[name]
    copy = _damaged(run, tmp_path / "store", damage)
    commands = [("report", copy, "--pdf"), ("report", copy), ("explain", copy, "A"), ("compare", run, copy, "--out", tmp_path / "out"),
                ("compare", copy, run, "--out", tmp_path / "out")]
    for command in commands:
        code, output = answer(*command)
        words = " ".join(output.split())
        assert code == 2, (command, output)
        assert f"{copy / 'manifest.json'}:" in words and said in words, (command, output)
        assert len(output.strip().splitlines()) <= 4, output  # one message, however wrapped
    assert not (copy / "report.pdf").exists()
    code, output = answer("verify", copy)
    words = " ".join(output.split())
    assert code == 1, output
    assert "- manifest.json: damaged (" in words and said in words, output
    assert f"verify failed: violations in {copy}: 1" in words, output


@pytest.mark.damages_manifests
def test_verify_under_a_chinese_locale_says_a_damaged_manifest_in_chinese_alone(
        run: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run's own language cannot be read: the locale's is used, for every line alike."""
    copy = _damaged(run, tmp_path / "store", lambda text: text[:text.index('": "') + 5])  # in a string
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    code, output = answer_in_chinese("verify", copy)
    words = "".join(output.split())
    assert code == 1, output
    assert "-文件manifest.json：已损坏" in words and "校验未通过" in words, output
    assert "violated" not in output and "verify failed" not in output, output
    assert "字符串未结束" in words and "Unterminated" not in output, output  # the parser's too


@pytest.mark.parametrize("text", ["", "{", '{"a" 1}', '{"a": 1,}', "[1] x", '"abc', "{\"a\": \x01}"])
def test_every_reason_the_json_parser_gives_has_chinese_words(text: str) -> None:
    from allocator.report.error_words import JSON_REASONS_ZH, json_reason_zh

    with pytest.raises(json.JSONDecodeError) as raised:
        json.loads(text)
    assert raised.value.msg in JSON_REASONS_ZH, raised.value.msg
    assert json_reason_zh("NaN is not a JSON number") == "NaN 不是 JSON 数字"


@pytest.mark.damages_manifests
@pytest.mark.parametrize("name", DAMAGES)
def test_runs_skips_a_damaged_manifest_with_a_warning(run: Path, tmp_path: Path,
                                                      name: str) -> None:
    damage, _ = DAMAGES[name]
    store = tmp_path / "store"
    copy = _damaged(run, store, damage)
    shutil.copytree(run, store / "world" / "whole")
    code, output = answer("runs", "--reports", store)
    words = " ".join(output.split())
    assert code == 0, output
    assert f"{copy / 'manifest.json'}: skipped" in words, output
    assert "whole" in words, output


@pytest.mark.damages_manifests
@pytest.mark.parametrize("name", DAMAGES)
def test_runs_in_chinese_says_why_it_skips_a_damaged_manifest_in_chinese(
        run: Path, tmp_path: Path, name: str) -> None:
    """The JSON parser's reason by its Chinese words (before: its English pasted in)."""
    store = tmp_path / "store"
    copy = _damaged(run, store, DAMAGES[name][0])
    code, output = answer("runs", "--reports", store, "--language", "zh", prefix="警告：")
    assert code == 4, output
    warning = output[:output.index("。") + 1]
    assert f"{copy / 'manifest.json'}：已跳过，不是可读取的运行清单（" in warning, output
    entries = {"kpis", "outputs", "resolved_scenario"}  # the manifest's own, by their ids
    assert not english_words(warning) - {"JSON", "NaN", "Infinity", *entries}, warning


@pytest.mark.damages_manifests
def test_runs_says_a_manifest_not_utf8_or_cut_short_where_in_chinese(run: Path,
                                                                    tmp_path: Path) -> None:
    store = tmp_path / "store"
    copy = _damaged(run, store, lambda text: text)
    for written, said in ((b"\xff{}", "不是 UTF-8 文本（第 1 个字节为 0xff）"),
                          (b'{"a": 1,', "此处应为双引号括起的键名：第 1 行第 9 列")):
        (copy / "manifest.json").write_bytes(written)
        code, output = answer("runs", "--reports", store, "--language", "zh", prefix="警告：")
        assert code == 4 and f"运行清单（{said}）。" in output, output


@pytest.mark.parametrize("text", ['{"a": NaN}', '{"a": [1, Infinity]}', '{"a": -Infinity}'])
def test_json_read_back_refuses_what_json_does_not_have(text: str) -> None:
    with pytest.raises(json.JSONDecodeError, match="is not a JSON number"):
        strict_loads(text)
    assert strict_loads('{"a": "NaN", "b": null}') == {"a": "NaN", "b": None}


@pytest.mark.parametrize("text", ['{"format": 2, "outputs": {}, "x": NaN}', '{"format": 2,'])
def test_verify_of_a_sweep_fails_a_damaged_sweep_json_naming_it(tmp_path: Path,
                                                                text: str) -> None:
    """It holds the hashes of the sweep's other files: the sweep fails, on one line."""
    from allocator.sweep_check import check_sweep

    (tmp_path / "sweep.json").write_text(text, encoding="utf-8")
    found = check_sweep(tmp_path)
    assert len(found) == 1 and found[0].label == "sweep.json", found
    assert found[0].detail.startswith("damaged ("), found
