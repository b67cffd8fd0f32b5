"""An edit of manifest.json's own metadata (which no hash in the manifest can cover) fails
verify, naming the field: against the saved scenario it repeats, and against the digests the
run registry kept when the run was written (also after `allocate runs` read it again)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

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


@pytest.mark.parametrize(("field", "value"), [
    ("label", BOARD), ("applied", ["--use board_approved"]), ("created", "2020-01-01"),
    ("timings", {}), ("scenario_files", ["board.yaml"])])
def test_any_field_unlike_the_registered_one_is_named(run: Path, manifest: Path, field: str,
                                                      value: object) -> None:
    _edit(manifest, field, value)
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
