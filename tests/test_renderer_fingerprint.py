"""A run folder written by another version of allocator verifies: its manifest records the
fingerprint of the renderer that wrote its pages, and where that is not today's, summary.md and
report.html (whose wording a later version may change) are held by their SHA-256 alone, said in
one line, while every figure is still checked against the plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from allocator import api
from allocator.manifest_digest import sealed
from allocator.report.renderer import RENDERER, renderer_fingerprint
from allocator.runs import MANIFEST
from tests.builders import reseal, two_customers

OTHER = "0" * 64
NOTE = ("summary.md and report.html were written by another version of allocator: checked by "
        "hash only")
EARLIER_WORDING = {"summary.md": ("## Tiers", "## Tiers of the book"),
                   "report.html": ("<title>", "<title>Plan: ")}
"""A heading as an earlier version might have worded it, in each page."""


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's run of two customers (planned once; tests edit copies)."""
    return api.run(two_customers(tmp_path_factory.mktemp("book"))).folder


@pytest.fixture
def folder(planned: Path, tmp_path: Path) -> Path:
    """A fresh copy of the module's run folder, without the registry beside it: the folder as
    copied from elsewhere."""
    return Path(shutil.copytree(planned, tmp_path / planned.name))


def _recorded(folder: Path, renderer: str | None) -> None:
    """The manifest with `renderer` as its recorded fingerprint (None: none), resealed."""
    path = folder / MANIFEST
    data = json.loads(path.read_text(encoding="utf-8"))
    data.pop(RENDERER, None)
    if renderer is not None:
        data[RENDERER] = renderer
    path.write_text(json.dumps(sealed(data)), encoding="utf-8")
    reseal(folder)


def _worded_as_before(folder: Path) -> None:
    for name, (today, before) in EARLIER_WORDING.items():
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert today in text, (name, today)
        path.write_text(text.replace(today, before, 1), encoding="utf-8")


def test_a_run_records_the_renderer_and_verifies_its_pages_in_full(folder: Path) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    assert manifest[RENDERER] == renderer_fingerprint()
    report = api.verify_run(folder)
    assert report.ok and not any(NOTE in note for note in report.file_notes)
    _worded_as_before(folder)
    reseal(folder)
    broken = {v.label for v in api.verify_run(folder).hard_violations}
    assert {"summary.md", "report.html"} <= broken, broken


@pytest.mark.parametrize("renderer", [OTHER, None])
def test_pages_of_another_renderer_are_checked_by_hash_only(folder: Path,
                                                            renderer: str | None) -> None:
    _worded_as_before(folder)
    _recorded(folder, renderer)
    report = api.verify_run(folder)
    assert report.ok, [v.detail for v in report.hard_violations]
    assert any(note.startswith(NOTE) for note in report.file_notes), report.file_notes
    assert not report.constraints.empty  # every limit still measured against the plan


def test_an_edited_page_of_another_renderer_still_fails(folder: Path) -> None:
    _recorded(folder, OTHER)
    path = folder / "summary.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nAll approved.\n", encoding="utf-8")
    broken = {v.label for v in api.verify_run(folder).hard_violations}
    assert broken == {"summary.md"}, broken


def test_an_edited_table_of_another_renderer_still_fails(folder: Path) -> None:
    _recorded(folder, OTHER)
    path = folder / "tier_summary.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",1,", ",2,", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reseal(folder)
    broken = {v.label for v in api.verify_run(folder).hard_violations}
    assert "tier_summary.csv" in broken, broken
