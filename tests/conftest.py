"""Shared fixtures: the tiny hand-made book, a scenario writer, the shared data folder."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from allocator import api
from allocator.errors import speak_afresh

DATA = Path(__file__).parent / "data"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"


@pytest.fixture(scope="session")
def demo_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The reports folder of the session's English demo runs."""
    return tmp_path_factory.mktemp("demo_reports")


@pytest.fixture(scope="session")
def demo_run(demo_reports: Path) -> api.Run:
    """The demo planned once per test process, in English. Tests only read its folder: a test
    that edits files edits a copy (shutil.copytree)."""
    return api.run(DEMO, output=demo_reports)


@pytest.fixture(scope="session")
def demo_rerun(demo_run: api.Run, demo_reports: Path) -> api.Run:
    """The demo planned a second time into the same reports folder (read only, as demo_run)."""
    return api.run(DEMO, output=demo_reports)


@pytest.fixture(scope="session")
def demo_zh_run(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    """The demo planned once per test process, in Chinese (read only, as demo_run)."""
    return api.run(DEMO, sets=["output.language=zh"], output=tmp_path_factory.mktemp("demo_zh"))


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    """A copy of tests/data/tiny in a temporary folder; returns the scenario path."""
    folder = tmp_path / "tiny"
    shutil.copytree(DATA / "tiny", folder)
    return folder / "scenario.yaml"


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, dict[str, Any]], Path]:
    def write(name: str, content: dict[str, Any]) -> Path:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(content, sort_keys=False))
        return path

    return write


def tiny_scenario() -> dict[str, Any]:
    """The tiny scenario as a dict, with absolute data paths."""
    raw: dict[str, Any] = yaml.safe_load((DATA / "tiny" / "scenario.yaml").read_text())
    for role in ("customers", "rms", "offers"):
        raw["data"][role]["path"] = str(DATA / "tiny" / raw["data"][role]["path"])
    return raw


def strict_json(path: Path) -> Any:
    """The JSON file's data; fails on NaN or Infinity, which JSON does not have."""
    def refuse(constant: str) -> None:
        raise ValueError(f"{path}: {constant} is not JSON")

    return json.loads(path.read_text(encoding="utf-8"), parse_constant=refuse)


def unwrapped(output: str) -> str:
    """`output` with each paragraph the terminal wrapped on one line again: a line standing in
    (not a bullet's, "  - ") joined to the one before it, by a space where the line broke at
    one, by none where it broke within Chinese (between two of its characters or marks, or
    after a mark)."""
    def joined(found: re.Match[str]) -> str:
        left, right = found[1], found[2]
        return "" if not left.isascii() and (not right.isascii() or not left.isalnum()) else " "

    return re.sub(r"(?<=(\S))\n +(?=(?!- )(\S))", joined, output)


@pytest.fixture(autouse=True)
def _manifests_are_strict_json(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every manifest a test writes under its tmp_path parses with a strict JSON parser (but
    those a test marked `damages_manifests` breaks on purpose)."""
    yield
    if request.node.get_closest_marker("damages_manifests"):
        return
    folder = getattr(request.node, "funcargs", {}).get("tmp_path")
    if isinstance(folder, Path) and folder.is_dir():
        for path in sorted(folder.rglob("manifest.json")):
            if path.is_file():  # a pipe of that name would block the reader forever
                strict_json(path)


@pytest.fixture(autouse=True)
def _english_until_told() -> None:
    """Each test starts as a command does: its errors and findings in English until a
    scenario, a run folder or --language names a language (no test inherits another's)."""
    speak_afresh()
