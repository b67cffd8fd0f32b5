"""Every error a user can meet is worded in the catalogue, in both languages: no error of
allocator's own is built from an English string literal in the code (it would reach a Chinese
run in English). The catalogue's entries come through `Error.said(key, ...)`."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from pathlib import Path

import allocator
from allocator.errors import AllocatorError, ScenarioValueError

SOURCE = Path(allocator.__file__).parent


def _own_errors() -> set[str]:
    """The names of allocator's error classes and of the scenario checks' refusal (every
    subclass, once every module is loaded), and the name the schema imports the refusal by."""
    for module in pkgutil.walk_packages([str(SOURCE)], "allocator."):
        importlib.import_module(module.name)
    found, todo = set(), [AllocatorError, ScenarioValueError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found | {"Refusal"}


def _worded_in_code(node: ast.expr) -> bool:
    """Whether an argument holds words written in the code: a literal or an f-string with
    letters of its own (not only the punctuation that joins catalogue texts), or one joined."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and re.search("[A-Za-z]", node.value) is not None
    if isinstance(node, ast.JoinedStr):
        return any(_worded_in_code(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _worded_in_code(node.left) or _worded_in_code(node.right)
    return False


def _called(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(
        func, ast.Attribute) else ""


def test_no_error_is_worded_outside_the_catalogue() -> None:
    names = _own_errors()
    sites = []
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and _called(node) in names
                    and any(_worded_in_code(arg) for arg in node.args)):
                sites.append(f"{path.relative_to(SOURCE)}:{node.lineno}")
    assert not sites, "errors worded in the code, not in the catalogue: " + ", ".join(sites)
