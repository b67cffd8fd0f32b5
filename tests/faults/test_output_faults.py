"""Writing what a run leaves besides its folder: a registry that cannot be written is said,
and the complete folder is listed later; bad input leaves no output folder behind, and
listing runs writes nothing where there are none."""

from __future__ import annotations

import errno
import resource
from pathlib import Path
from typing import Any

import pytest

from allocator import run_index
from tests.builders import offer, world
from tests.faults.cli import answer
from tests.faults.test_interrupts import every_folder_verifies


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return world(tmp_path / "book", [{"customer_id": "A"}], offers={"o": offer(100, cost=20)},
                 budget={"total": 100})


def test_a_registry_that_cannot_be_written_is_said_and_the_run_is_listed_later(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"

    def too_large(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EFBIG, "File too large", str(out / run_index.FILE))

    with monkeypatch.context() as patched:
        patched.setattr(run_index, "_synced", too_large)
        code, said = answer("run", scenario, "--out", out)
    [folder] = [p for p in out.glob("world/*") if p.is_dir()]
    text = " ".join(said.split())
    assert code == 0 and (f"{out / run_index.FILE}: the run registry could not be written "
                          f"(File too large), so this run is not listed yet; its folder "
                          f"{folder} is complete, and the next `allocate runs` rebuilds the "
                          "registry and lists it.") in text, said
    every_folder_verifies(out, 1)


def test_bad_input_leaves_no_output_folder_it_made(scenario: Path, tmp_path: Path) -> None:
    """A header-only customers file: exit 2, and the folders the run or the sweep made for
    its output are gone again; a folder that was there before stays."""
    customers = scenario.parent / "customers.csv"
    customers.write_text(customers.read_text().splitlines()[0] + "\n")
    there = tmp_path / "there"
    there.mkdir()
    ran, _ = answer("run", scenario)  # output.dir: book/reports
    swept, _ = answer("sweep", scenario, "--vary", "budget.total=50,100", "--out",
                      tmp_path / "new" / "sweeps")
    kept, _ = answer("run", scenario, "--out", there)
    assert (ran, swept, kept) == (2, 2, 2)
    assert not (scenario.parent / "reports").exists() and not (tmp_path / "new").exists()
    assert there.is_dir() and list(there.iterdir()) == []


def test_runs_of_a_folder_without_runs_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "reports"
    empty.mkdir()
    code, said = answer("runs", "--reports", empty)
    assert code == 0 and "No runs yet" in said and list(empty.iterdir()) == [], said


def test_a_file_size_limit_on_the_registry_is_said_and_the_run_listed_later(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file size limit of 100 KiB (as `ulimit -f 100`) while the registry is written: its
    write fails, one line says so, exit 0; `allocate runs` lists the run afterwards."""
    out = tmp_path / "out"
    synced = run_index._synced

    def limited(*args: Any, **kwargs: Any) -> Any:
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100 * 1024, hard))
        try:
            return synced(*args, **kwargs)
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))

    with monkeypatch.context() as patched:
        patched.setattr(run_index, "_synced", limited)
        code, said = answer("run", scenario, "--out", out)
    [folder] = [p for p in out.glob("world/*") if p.is_dir()]
    assert code == 0 and (
        f"{out / run_index.FILE}: the run registry could not be written (File too large), so "
        f"this run is not listed yet; its folder {folder} is complete, and the next `allocate "
        "runs` rebuilds the registry and lists it.") in " ".join(said.split()), said
    code, said = answer("runs", "--reports", out)
    assert code == 0 and str(folder) in said, said
    every_folder_verifies(out, 1)


def test_a_database_address_the_scenario_does_not_use_is_said_without_its_password(
        scenario: Path, tmp_path: Path) -> None:
    code, said = answer("run", scenario, "--out", tmp_path / "out", "--db-url",
                        "postgresql://planner:s3cret@db.example:5432/bank")
    text = " ".join(said.split())
    assert code == 0 and (f"warning: --db-url: {scenario} reads no table from a PostgreSQL "
                          "server, so the database address given is not used.") in text, said
    assert "s3cret" not in said and "db.example" not in said
