"""Sweeps and runs on a Dask cluster the test starts itself (LocalCluster, 2 worker processes):
the same answers as here, and a worker killed mid-run fails the run cleanly."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import pandas as pd
import pytest
from distributed import Client, LocalCluster

from allocator import api
from allocator.cluster import ClusterError, OnCluster
from allocator.decomposition.parts.book import check_in_parts, plan_in_parts
from allocator.decomposition.parts.priced import parts_sensitivity
from allocator.decomposition.parts.search import InProcess
from allocator.decomposition.search.multipliers import Settings
from allocator.errors import UserError
from allocator.preparation import prepare
from allocator.sweep_run import run_sweep
from tests.test_cli import ROOT, allocate
from tests.test_decomposition import DEMO, scaled
from tests.test_parts import partitioned_book, solved_in_parts, whole_plan
from tests.test_sweep import loans
from tests.test_sweep_keys import book, points_match

SWEEP = ["risk.loss_cap=50,150,300,400"]


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    # allowed-failures 0: a task whose worker dies fails at once instead of being retried
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
            silence_logs=40) as local:
        yield local


@pytest.mark.long
def test_a_sweep_on_dask_matches_the_local_sweep(cluster: LocalCluster, tmp_path: Path) -> None:
    here = run_sweep(loans(tmp_path), SWEEP, output=tmp_path / "here")
    there = run_sweep(loans(tmp_path), SWEEP, sets=[
        "execution.engine=dask", f"execution.address={cluster.scheduler_address}"],
        output=tmp_path / "there")
    columns = ["risk.loss_cap", "status", "objective", "bound"]
    pd.testing.assert_frame_equal(here.table[columns], there.table[columns])
    assert there.table.loc[0, "status"] == "infeasible"  # recorded, the others still ran
    planned = there.table[there.table["status"] == "optimal"]
    assert len(planned) == 3
    for folder in planned["folder"]:
        assert api.verify_run(there.folder / folder).ok
    assert (there.folder / "report.html").exists()


def test_a_valuation_key_swept_on_dask_gives_each_point_its_plan_alone(
        cluster: LocalCluster, tmp_path: Path) -> None:
    # four points in two tasks of two: the second point of each reuses what the first read
    points_match(book(tmp_path), "rules.continuity.bonus=0,0.5,0.2,0.7", [
        "execution.engine=dask", f"execution.address={cluster.scheduler_address}"])


@pytest.mark.long
def test_cli_run_and_sweep_take_dask(cluster: LocalCluster, tmp_path: Path) -> None:
    address = cluster.scheduler_address
    result = allocate(str(loans(tmp_path)), "--dask", address, "--set", "risk.loss_cap=300",
                      "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "expected value 700" in result.stdout
    sweep = allocate("sweep", str(loans(tmp_path)), "--vary", "risk.loss_cap=150,300",
                     "--dask", address, "--out", str(tmp_path / "out"))
    assert sweep.returncode == 0, sweep.stderr
    os.environ["ALLOCATOR_DASK_CONNECT_SECONDS"] = "2"  # the CLI runs in a child process
    try:
        unreachable = allocate(str(loans(tmp_path)), "--dask", "tcp://127.0.0.1:9")
    finally:
        del os.environ["ALLOCATOR_DASK_CONNECT_SECONDS"]
    assert unreachable.returncode == 4 and "cannot reach the Dask scheduler" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr


def test_an_unreachable_scheduler_is_an_io_error_saying_what_to_check(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from allocator.cluster import connected
    from allocator.errors import InputOutputError

    monkeypatch.setenv("ALLOCATOR_DASK_CONNECT_SECONDS", "1")
    with pytest.raises(InputOutputError) as unreachable, connected("tcp://127.0.0.1:9"):
        pass
    said = " ".join(str(unreachable.value).split())
    assert unreachable.value.exit_code == 4 and "tcp://127.0.0.1:9" in said
    assert "ALLOCATOR_DASK_ADDRESS" in said and "--dask" in said


def test_engine_dask_needs_an_address(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="needs the scheduler's 'address'"):
        api.run(loans(tmp_path), sets=["execution.engine=dask"])


@pytest.mark.long
def test_a_worker_killed_mid_run_fails_cleanly_and_a_rerun_succeeds(
        cluster: LocalCluster, tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "demo.yaml"
    sets = ["execution.engine=dask", f"execution.address={cluster.scheduler_address}",
            "data.generate.customers=1500", "rules.continuity.max_reassignments=30"]
    varies = ["budget.total=30000:45000:5000"]
    out = tmp_path / "reports"
    with Client(cluster.scheduler_address) as client:
        killer = threading.Thread(target=_kill_a_busy_worker, args=(client,), daemon=True)
        killer.start()
        with pytest.raises(ClusterError, match="a Dask worker died while planning"):
            run_sweep(scenario, varies, sets=sets, output=out)
        killer.join()
        assert not [p for p in (out / "demo").iterdir() if p.name.startswith((".", "sweep"))]
        client.wait_for_workers(2, timeout=60)
    again = run_sweep(scenario, varies, sets=sets, output=out)
    assert (again.table["status"] == "optimal").all() and len(again.table) == 4


def _kill_a_busy_worker(client: Client) -> None:
    """Wait until a worker is planning, then kill its process."""
    pids: dict[str, Any] = client.run(os.getpid)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        busy = [worker for worker, tasks in client.processing().items() if tasks]
        if busy:
            time.sleep(0.2)
            os.kill(pids[busy[0]], signal.SIGKILL)
            return
        time.sleep(0.05)


def test_a_book_in_parts_on_dask_gives_the_local_answer(cluster: LocalCluster) -> None:
    prepared = prepare(DEMO, scaled(3000, 4))
    here, plan_here = solved_in_parts(prepared, 3)
    with Client(cluster) as client:
        there, plan_there = solved_in_parts(prepared, 3, OnCluster(client, "testing"))
    assert here.best is not None and there.best is not None
    assert (here.bound, here.best.objective, here.iterations) == (
        there.bound, there.best.objective, there.iterations)
    pd.testing.assert_frame_equal(plan_here.assignments, plan_there.assignments)
    pd.testing.assert_frame_equal(plan_here.offers, plan_there.offers)
    pd.testing.assert_frame_equal(plan_here.packages, plan_there.packages)


def test_a_partitioned_book_on_dask_is_read_and_planned_by_the_workers(
        cluster: LocalCluster, tmp_path: Path) -> None:
    scenario = partitioned_book(tmp_path, 1200, 2)
    settings = Settings(time_limit=30, gap=5e-4)
    here = plan_in_parts(InProcess(), scenario, settings)
    with Client(cluster) as client:
        runner = OnCluster(client, "testing")
        there = plan_in_parts(runner, scenario, settings)
        plan_there = whole_plan(there, runner)
        checked_there = check_in_parts(runner, there)  # measured on the workers
        ranged_there = parts_sensitivity(runner, there, scenario.scenario)  # ranged there too
    checked_here = check_in_parts(InProcess(), here)
    ranged_here = parts_sensitivity(InProcess(), here, scenario.scenario)
    here_known, there_known = ranged_here.sensitivity, ranged_there.sensitivity
    assert here_known is not None and there_known is not None
    assert here_known.ranges and here_known.ranges == there_known.ranges
    assert ranged_here.prices == ranged_there.prices
    assert checked_there.ok and checked_here.ok
    pd.testing.assert_frame_equal(checked_here.constraints, checked_there.constraints)
    assert here.solved.best is not None and there.solved.best is not None
    assert (here.solved.bound, here.solved.best.objective) == (
        there.solved.bound, there.solved.best.objective)
    plan_here = whole_plan(here, InProcess())
    pd.testing.assert_frame_equal(plan_here.assignments, plan_there.assignments)
    pd.testing.assert_frame_equal(plan_here.offers, plan_there.offers)


@pytest.mark.long
def test_a_200k_book_in_parts_gives_the_same_plan_on_dask_and_here(
        cluster: LocalCluster, tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path / "book", 200_000, 11)
    sets = [*[s for s in scaled(200_000, 11) if not s.startswith("data.")],
            "solver.gap=0.001"]  # within 0.1%: the same answer, sooner
    here = api.run(loaded.path, sets=[*sets, "execution.book=parts"], output=tmp_path / "here")
    there = api.run(loaded.path, sets=[*sets, "execution.engine=dask",  # auto: in parts
                                       f"execution.address={cluster.scheduler_address}"],
                    output=tmp_path / "there")
    assert here.outcome.parts is not None and there.outcome.parts is not None
    assert here.outcome.objective is not None and here.outcome.gap is not None
    assert (here.outcome.objective, here.outcome.result.bound) == (
        there.outcome.objective, there.outcome.result.bound)
    assert here.outcome.gap <= 0.001
    for table in ("customer_plan", "offer_plan"):
        pd.testing.assert_frame_equal(pd.read_parquet(here.folder / table),
                                      pd.read_parquet(there.folder / table))
    assert api.verify_run(there.folder).ok


@pytest.mark.long
def test_a_worker_killed_during_a_run_in_parts_fails_it_cleanly(
        cluster: LocalCluster, tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path / "book", 20_000, 12)
    sets = [*[s for s in scaled(20_000, 12) if not s.startswith("data.")],
            "execution.engine=dask", f"execution.address={cluster.scheduler_address}"]
    out = tmp_path / "reports"
    with Client(cluster.scheduler_address) as client:
        killer = threading.Thread(target=_kill_a_busy_worker, args=(client,), daemon=True)
        killer.start()
        with pytest.raises(ClusterError, match="a Dask worker died while planning"):
            api.run(loaded.path, sets=sets, output=out)
        killer.join()
        assert not (out / "demo").exists() or not list((out / "demo").iterdir())
        client.wait_for_workers(2, timeout=60)
    again = api.run(loaded.path, sets=sets, output=out)
    assert again.outcome.parts is not None and api.verify_run(again.folder).ok
