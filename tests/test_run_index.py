"""The run registry: rows per run, rebuilt from the folders, consistent after interruptions."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from allocator import api
from allocator.run_index import FILE, sync
from tests.builders import offer, world
from tests.test_cli import allocate


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 100})
    root = tmp_path / "reports"
    api.run(path, output=root)
    api.run(path, sets=["budget.total=10"], output=root)
    return root


def test_each_run_has_a_row(reports: Path) -> None:
    table = sync(reports)
    assert len(table) == 2 and set(table["status"]) == {"optimal"}
    assert sorted(table["objective"]) == pytest.approx([0.0, 50.0])
    assert set(table["applied"]) == {"", "--set budget.total=10"}
    assert (reports / FILE).exists()


def test_rebuilt_and_kept_consistent(reports: Path) -> None:
    before = sync(reports)
    (reports / FILE).unlink()
    assert sync(reports)["folder"].tolist() == before["folder"].tolist()
    (reports / "world" / ".20990101T000000Z-deadbeef-x").mkdir()  # an interrupted run
    shutil.rmtree(reports / before["folder"].iloc[0])
    after = sync(reports)
    assert after["folder"].tolist() == before["folder"].tolist()[1:]
    (reports / FILE).write_bytes(b"not a database")
    assert len(sync(reports)) == 1


def test_cli_runs_filters(reports: Path) -> None:
    result = allocate("runs", "--reports", str(reports), "--status", "optimal")
    assert result.returncode == 0 and "(2 matching)" in " ".join(result.stdout.split())
    result = allocate("runs", "--reports", str(reports), "--scenario", "nothing")
    assert "(0 matching)" in " ".join(result.stdout.split())
