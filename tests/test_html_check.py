"""verify renders report.html's title, key figures and assumptions box again from the run
folder and requires each verbatim: an amount, the title or an assumption edited, the
manifest's hashes made to match the edit the way an insider would, is named."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from allocator import api
from tests.builders import offer, reseal, world


def _run(root: Path, language: str) -> Path:
    path = world(root, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 offers={"o": offer(100, cost=1)}, budget={"total": 2},
                 output={"language": language})
    return api.run(path).folder


RUNS: dict[str, Path] = {}


def _run_once(language: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run in `language`, made once (the English one serves both fixtures)."""
    if language not in RUNS:
        RUNS[language] = _run(tmp_path_factory.mktemp(language), language)
    return RUNS[language]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run_once("en", tmp_path_factory)


@pytest.fixture(scope="module", params=["en", "zh"])
def either(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _run_once(request.param, tmp_path_factory)


def _findings(folder: Path, tmp_path: Path, old: str, new: str) -> list[str]:
    copy = Path(shutil.copytree(folder, tmp_path / "run"))
    page = copy / "report.html"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")
    reseal(copy)
    return [v.detail for v in api.verify_run(copy).violations if v.label == "report.html"]


def test_an_edited_amount_is_named(either: Path, tmp_path: Path) -> None:
    assert api.verify_run(either).ok
    value = re.search(r'<div class="value">([\d,]+) EUR</div>',
                      (either / "report.html").read_text(encoding="utf-8"))
    assert value is not None
    shown = value.group(0)
    assert len(_findings(either, tmp_path, shown, shown.replace(value.group(1), "961,869"))) == 1


def test_an_edited_title_is_named(folder: Path, tmp_path: Path) -> None:
    title = re.search(r"<title>(.*?)</title>", (folder / "report.html").read_text(
        encoding="utf-8"))
    assert title is not None
    assert _findings(folder, tmp_path, title.group(0), "<title>approved</title>")


def test_an_edited_assumption_is_named(folder: Path, tmp_path: Path) -> None:
    text = (folder / "report.html").read_text(encoding="utf-8")
    box = re.search(r'<section class="assumptions".*?</section>', text, re.S)
    assert box is not None
    cell = re.findall(r"<td>([^<]*\d[^<]*)</td>", box.group(0))[0]
    assert _findings(folder, tmp_path, f"<td>{cell}</td>", f"<td>{cell}9</td>")
