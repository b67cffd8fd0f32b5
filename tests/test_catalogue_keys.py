"""No two catalogue files define the same key. The catalogue is merged from many files
(`report/language.py` and every `*_words.py`): the messages of the reports and of the errors,
each an English and a Chinese text, and the names of terms and columns in each language. A key
written in two files is merged silently, one text winning over the other by the order of the
merge, so each key has one home."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

import allocator
from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.builders import world

SOURCE = Path(allocator.__file__).parent

Places = dict[str, dict[str, list[str]]]
"""A kind of catalogue -> key -> the places (file:line dictionary) that define it."""


def catalogue_files(root: Path) -> list[Path]:
    """The files the catalogue is merged from."""
    return sorted([root / "report" / "language.py", *root.rglob("*_words.py")])


def catalogue_kind(name: str) -> str | None:
    """The kind of catalogue a module-level dictionary named `name` is part of: messages (each
    in English and Chinese), or the words of one kind in one language (TERMS_ZH, COLUMNS_EN);
    None for anything else."""
    if name == "MESSAGES" or name.endswith("_MESSAGES"):
        return "MESSAGES"
    found = re.search(r"(?:^|_)([A-Z]+_(?:EN|ZH))$", name)
    return found.group(1) if found else None


def _dictionary(node: ast.stmt) -> tuple[str, ast.Dict] | None:
    """The name and the literal of a module-level `NAME = {...}` or `NAME: type = {...}`."""
    if isinstance(node, ast.AnnAssign):
        target, value = node.target, node.value
    elif isinstance(node, ast.Assign) and len(node.targets) == 1:
        target, value = node.targets[0], node.value
    else:
        return None
    if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
        return target.id, value
    return None


def defined_keys(files: list[Path], root: Path) -> Places:
    """Every key each catalogue dictionary of `files` writes, with where it is written."""
    places: Places = defaultdict(lambda: defaultdict(list))
    for path in files:
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            found = _dictionary(node)
            kind = catalogue_kind(found[0]) if found else None
            if found is None or kind is None:
                continue
            name, literal = found
            for key in literal.keys:
                if isinstance(key, ast.Constant) and isinstance(key.value, str):
                    where = f"{path.relative_to(root)}:{key.lineno} {name}"
                    places[kind][key.value].append(where)
    return places


def defined_twice(places: Places) -> list[str]:
    return [f"{kind} '{key}': {', '.join(where)}" for kind, keys in sorted(places.items())
            for key, where in sorted(keys.items()) if len(where) > 1]


def test_no_two_catalogue_files_define_the_same_key() -> None:
    places = defined_keys(catalogue_files(SOURCE), SOURCE)
    assert {"MESSAGES", "TERMS_EN", "TERMS_ZH", "COLUMNS_EN", "COLUMNS_ZH"} <= set(places)
    messages = {where.split(" ")[-1] for wheres in places["MESSAGES"].values()
                for where in wheres}
    assert {"MESSAGES", "ERROR_MESSAGES", "RESULT_MESSAGES", "VERIFY_ERROR_MESSAGES",
            "INPUT_ERROR_MESSAGES"} <= messages
    assert defined_twice(places) == []


def test_a_key_written_in_two_catalogue_files_is_found(tmp_path: Path) -> None:
    """In either language, and between the reports' and the errors' messages."""
    report = tmp_path / "report"
    report.mkdir()
    (report / "language.py").write_text('MESSAGES = {"none": ("none", "无")}\n'
                                        'TERMS_ZH = {"rm": "客户经理"}\n', encoding="utf-8")
    (report / "error_words.py").write_text(
        'ERROR_MESSAGES: dict[str, tuple[str, str]] = {"none": ("none", "无"), "x": ("x", "x")}\n'
        'COLUMNS_EN: dict[str, str] = {"rms": "RMs"}\n', encoding="utf-8")
    (report / "paper_words.py").write_text(
        'PAPER_TERMS_ZH = {"rm": "客户经理", "app": "手机银行"}\n'
        'PAPER_COLUMNS_EN = {"rms": "RMs"}\nSENSES = {"le": "≤"}\n', encoding="utf-8")
    said = defined_twice(defined_keys(catalogue_files(tmp_path), tmp_path))
    assert said == ["COLUMNS_EN 'rms': report/error_words.py:2 COLUMNS_EN, "
                    "report/paper_words.py:2 PAPER_COLUMNS_EN",
                    "MESSAGES 'none': report/error_words.py:1 ERROR_MESSAGES, "
                    "report/language.py:1 MESSAGES",
                    "TERMS_ZH 'rm': report/language.py:2 TERMS_ZH, "
                    "report/paper_words.py:1 PAPER_TERMS_ZH"]


def test_an_empty_list_of_names_is_worded_by_the_catalogue(tmp_path: Path) -> None:
    """A label of a package when the scenario has none: the packages are "none", "无"."""
    scenario = world(tmp_path, [{"customer_id": "A"}])
    with pytest.raises(UserError) as caught:
        load_scenario(scenario, ["labels.packages.gold.zh=金卡"])
    assert "unknown package 'gold'. The packages are: none." in str(caught.value)
    assert "未知的服务包“gold”。已有服务包：无。" in caught.value.shown("zh")
