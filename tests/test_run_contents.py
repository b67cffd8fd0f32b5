"""verify requires every file the run wrote, by what its manifest says of the run: a file
deleted together with its hash in manifest.json is named missing; a file no run writes, put
in the folder and hashed, is named too; the files an editor or the OS leaves beside the
files it shows (an open workbook's lock, a folder's thumbnails) are not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from allocator import api
from allocator.errors import UserError
from allocator.folder_check import refuse_changed
from allocator.run_folder import read_manifest
from allocator.runs import output_hashes
from tests.builders import reseal, two_customers


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api.run(two_customers(tmp_path_factory.mktemp("book"))).folder


def _named(folder: Path) -> list[tuple[str, str]]:
    return [(v.label, v.detail) for v in api.verify_run(folder).violations]


def test_the_run_as_written_passes(folder: Path) -> None:
    assert api.verify_run(folder).ok


def test_files_deleted_with_their_hashes_are_named_missing(folder: Path, tmp_path: Path
                                                          ) -> None:
    copy = shutil.copytree(folder, tmp_path / "run")
    names = ["summary.md", "report.html", "plan.xlsx", "customer_plan.csv", "constraints.csv",
             "baselines.csv", "inputs/fit_scores.csv"]
    for name in names:
        (copy / name).unlink()
    reseal(copy)
    report = api.verify_run(copy)
    assert not report.ok
    found = _named(copy)
    assert all((name, "missing: the run wrote it, it is gone") in found for name in names)


def test_a_file_no_run_writes_is_named(folder: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(folder, tmp_path / "run")
    (copy / "notes.txt").write_text("=HYPERLINK(\"http://x\")\n", encoding="utf-8")
    reseal(copy)
    assert not api.verify_run(copy).ok
    assert [label for label, _ in _named(copy)] == ["notes.txt"]



BYSTANDERS = ["~$plan.xlsx", ".~lock.plan.xlsx#", ".DS_Store", "Thumbs.db", "desktop.ini",
              "._plan.xlsx", "inputs/.DS_Store"]
"""What Excel, LibreOffice, macOS and Windows leave beside the files they show."""


def test_the_files_an_editor_or_the_os_leaves_are_no_change_to_the_run(
        folder: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(folder, tmp_path / "run")
    for name in BYSTANDERS:
        (copy / name).write_bytes(b"\x00owner")
    assert api.verify_run(copy).ok
    refuse_changed(copy, read_manifest(copy), "base_folder_changed")
    assert set(output_hashes(copy)) == set(output_hashes(folder))


@pytest.mark.parametrize("name", ["~plan.xlsx", ".~lock.plan.xlsx", "plan.xlsx#", ".hidden"])
def test_another_stray_file_beside_them_is_still_refused(folder: Path, tmp_path: Path,
                                                         name: str) -> None:
    copy = shutil.copytree(folder, tmp_path / "run")
    for bystander in BYSTANDERS:
        (copy / bystander).write_bytes(b"\x00owner")
    (copy / name).write_text("a file of the user's", encoding="utf-8")
    assert [(label, "no run writes" in detail) for label, detail in _named(copy)] == [
        (name, True)]
    with pytest.raises(UserError, match="no run writes"):
        refuse_changed(copy, read_manifest(copy), "base_folder_changed")
