"""The Chinese catalogue names each concept with one word: an override (a named override, a
`--set`) is 调整项, never 覆盖 (which is an RM's coverage: 客户经理覆盖, 已覆盖); the plans made
by the rules banks use today are 经验法则方案, never 经验规则."""

from __future__ import annotations

import ast
from pathlib import Path

import allocator
from allocator.report.language import Words
from tests.test_catalogue_keys import catalogue_files

SOURCE = Path(allocator.__file__).parent


def catalogue_pairs(files: list[Path]) -> list[tuple[str, str]]:
    """Every (English, Chinese) message of the catalogue files, and every (key, Chinese) entry of
    their dictionaries of Chinese words."""
    pairs: list[tuple[str, str]] = []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Tuple) and len(node.elts) == 2 and all(
                    isinstance(part, ast.Constant) and isinstance(part.value, str)
                    for part in node.elts):
                english, chinese = (part.value for part in node.elts)  # type: ignore[attr-defined]
                pairs.append((english, chinese))
            if isinstance(node, ast.Dict):
                pairs.extend((key.value, value.value) for key, value in zip(node.keys, node.values, strict=True)
                             if isinstance(key, ast.Constant) and isinstance(value, ast.Constant)
                             and isinstance(key.value, str) and isinstance(value.value, str))
    return pairs


def test_an_override_is_one_word_in_chinese() -> None:
    pairs = catalogue_pairs(catalogue_files(SOURCE))
    overrides = [(en, zh) for en, zh in pairs
                 if "overrid" in en.lower() or en in {"applied", "a_overrides"}]
    assert len(overrides) >= 4
    assert [zh for _, zh in overrides if "覆盖" in zh] == []
    assert all("调整项" in zh for en, zh in overrides if en.startswith("override '"))
    words = Words("zh")
    assert words("a_overrides") == "已应用的调整项"
    assert words.column("applied") == "调整项"


def test_rule_of_thumb_plans_are_one_word_in_chinese() -> None:
    pairs = catalogue_pairs(catalogue_files(SOURCE))
    assert [zh for _, zh in pairs if "经验规则" in zh] == []
    rule_of_thumb = [zh for en, zh in pairs if "rule-of-thumb" in en or "rules banks use" in en]
    assert len(rule_of_thumb) >= 3
    assert all("经验法则" in zh for zh in rule_of_thumb)
