"""An edit of manifest.json's own fields fails verify, naming the field: against the
manifest's own digest (from the run folder alone, a deleted field included), against the saved
scenario it repeats, and against the digests the run registry kept when the run was written
(also after `allocate runs` read it again), which finds an edit whose digest was computed
again. A manifest written before it held a digest verifies as before, with a note."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from allocator.manifest_digest import MANIFEST_DIGEST, sealed
from allocator.report.renderer import RENDERER
from allocator.runs import OUTPUTS
from tests.builders import offer, world
from tests.faults.cli import answer

BOARD = "Approved by board"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("edits")
    scenario = world(folder / "book", [{"customer_id": "A", "tier_key": 2.0},
                                       {"customer_id": "B"}],
                     offers={"mail": offer(10.0, 1.0)},
                     output={"dir": str(folder / "book" / "reports"), "baselines": False,
                             "steps": False})
    code, said = answer("run", scenario, "--label", "Plan A", "--note", "why")
    assert code == 0, said
    [made] = (folder / "book" / "reports" / "world").iterdir()
    return made


@pytest.fixture
def manifest(run: Path) -> Iterator[Path]:
    """The run's manifest, put back as written after the test."""
    path = run / "manifest.json"
    written = path.read_bytes()
    yield path
    path.write_bytes(written)


def _edit(path: Path, field: str, value: object) -> None:
    data = json.loads(path.read_text())
    data[field] = value
    path.write_text(json.dumps(data, indent=2))


def _verified(run: Path) -> tuple[int, str]:
    code, said = answer("verify", run)
    return code, " ".join(said.split())


@pytest.mark.parametrize(("field", "key"), [("label", "output.label"),
                                            ("note", "output.note")])
def test_a_label_or_note_unlike_the_saved_scenario_is_named(run: Path, manifest: Path,
                                                            field: str, key: str) -> None:
    _edit(manifest, field, BOARD)
    code, said = _verified(run)
    assert code == 1, said
    assert f"its '{field}' ('{BOARD}') differs from the saved scenario's {key}" in said


def _rewrite(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data, indent=2))


def _spend(data: dict[str, Any]) -> None:
    data["kpis"]["spend"] = 1.0


EDITS: dict[str, tuple[Callable[[dict[str, Any]], object], str]] = {
    "label deleted": (lambda d: d.pop("label"), "label (removed)"),
    "note deleted": (lambda d: d.pop("note"), "note (removed)"),
    "applied edited": (lambda d: d.update(applied=["--use board_approved"]), "applied"),
    "spend edited": (_spend, "kpis"),
    "steps edited": (lambda d: d.update(steps={}), "steps"),
    "timings edited": (lambda d: d.update(timings={}), "timings"),
    "format edited": (lambda d: d.update(format=4), "format"),
    "field added": (lambda d: d.update(approved_by="board"), "approved_by (added)"),
}


@pytest.mark.parametrize("edit", EDITS)
def test_any_field_edited_in_a_copied_folder_fails_naming_it(run: Path, tmp_path: Path,
                                                             edit: str) -> None:
    copy = tmp_path / "copy"  # no registry above it: the manifest's own digest alone
    shutil.copytree(run, copy)
    change, named = EDITS[edit]
    _rewrite(copy / "manifest.json", change)
    code, said = _verified(copy)
    assert code == 1, said
    assert (f"- manifest.json: edited after the run: its fields {named} differ "
            f"from its own digest ('{MANIFEST_DIGEST}')") in said


def test_an_edited_field_is_named_in_chinese(run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    _rewrite(copy / "manifest.json", lambda d: (d.pop("label"), _spend(d)))
    code, said = answer("verify", copy, "--language", "zh")
    assert code == 1, said
    assert ("在运行后已被修改：其字段kpis、label（已删除）与其自身的摘要（“manifest_sha256”）不一致"
            in "".join(said.split())), said
    shutil.copy(run / "manifest.json", copy / "manifest.json")
    _rewrite(copy / "manifest.json", _as_format_2)
    code, said = answer("verify", copy, "--language", "zh")
    assert code == 0 and "manifest.json没有其自身的摘要" in "".join(said.split()), said


def test_a_deleted_digest_or_one_edited_with_its_field_fails(run: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    path = copy / "manifest.json"
    _rewrite(path, lambda d: d.pop(MANIFEST_DIGEST))
    code, said = _verified(copy)
    assert code == 1 and f"it lacks its own digest ('{MANIFEST_DIGEST}')" in said, said
    shutil.copy(run / "manifest.json", path)
    _rewrite(path, lambda d: (d.pop("note"), d[MANIFEST_DIGEST]["fields"].pop("note")))
    code, said = _verified(copy)
    assert code == 1, said
    assert "edited after the run: its content differs from its own digest" in said


def test_a_manifest_written_before_the_digest_verifies_with_a_note(run: Path,
                                                                   tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    _rewrite(copy / "manifest.json", _as_format_2)
    code, said = _verified(copy)
    assert code == 0 and "plan passes every check" in said, said
    assert "manifest.json holds no digest of its own (written by an older allocator)" in said


def test_a_manifest_of_a_newer_format_verifies_with_a_note_saying_so(run: Path,
                                                                     tmp_path: Path) -> None:
    """Checked as this version's format (nothing skipped), and said."""
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    path = copy / "manifest.json"
    path.write_text(json.dumps(sealed({**json.loads(path.read_text()), "format": 99})))
    code, said = _verified(copy)
    assert code == 0 and "plan passes every check" in said, said
    assert "manifest.json states format 99, newer than the 3 this allocator reads: checked " \
           "as format 3" in " ".join(said.split()), said
    _rewrite(path, lambda d: d.update(note="edited"))  # the digest is still checked
    assert _verified(copy)[0] == 1


def _as_format_2(data: dict[str, Any]) -> None:
    """A manifest as format 2 wrote it: no digest, no renderer's fingerprint."""
    data.pop(MANIFEST_DIGEST)
    data.pop(RENDERER)
    data.update(format=2)


@pytest.mark.parametrize(("change", "fields", "since"), [
    (lambda d: (d.pop(MANIFEST_DIGEST), d.update(format=2)), f"'{RENDERER}'", 3),
    (lambda d: d.update(format=2), f"'{MANIFEST_DIGEST}', '{RENDERER}'", 3),
    (lambda d: (_as_format_2(d), d.pop("format")), f"'{OUTPUTS}'", 2),
])
def test_a_manifest_whose_format_was_set_back_fails_naming_what_it_holds(
        run: Path, tmp_path: Path, change: Callable[[dict[str, Any]], object], fields: str,
        since: int) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    _rewrite(copy / "manifest.json", change)
    code, said = _verified(copy)
    assert code == 1, said
    assert f"but holds {fields}, which no manifest before format {since} holds" in said, said
    code, said = answer("verify", copy, "--language", "zh")
    assert code == 1 and "其格式被改回了旧版本" in "".join(said.split()), said


def test_an_edit_whose_digest_was_computed_again_is_named_by_the_registry(
        run: Path, manifest: Path) -> None:
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps(sealed({**data, "applied": ["--use board_approved"]})))
    code, said = _verified(run)
    assert code == 1, said
    assert ("its fields applied differ from those registry.duckdb registered when the run "
            "was written") in said


@pytest.mark.parametrize(("field", "value"), [
    ("label", BOARD), ("applied", ["--use board_approved"]), ("created", "2020-01-01"),
    ("timings", {}), ("scenario_files", ["board.yaml"])])
def test_any_field_unlike_the_registered_one_is_named(run: Path, manifest: Path, field: str,
                                                      value: object) -> None:
    data = json.loads(manifest.read_text())
    manifest.write_text(json.dumps(sealed({**data, field: value})))
    for _ in range(2):  # and after `allocate runs` has read the edited manifest again
        code, said = _verified(run)
        assert code == 1, said
        assert (f"its fields {field} differ from those registry.duckdb registered when the "
                "run was written") in said
        assert answer("runs", "--reports", run.parents[1])[0] == 0


def test_an_unedited_manifest_still_verifies_after_runs_reads_it(run: Path,
                                                                 manifest: Path) -> None:
    manifest.touch()  # read again by the registry, unchanged
    assert answer("runs", "--reports", run.parents[1])[0] == 0
    code, said = _verified(run)
    assert code == 0 and "plan passes every check" in said, said
