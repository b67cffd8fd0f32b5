"""Run a sweep: every point planned (in parallel processes when asked), each into its own run
folder inside one sweep folder, which is renamed into place when all points are done.

Each chunk of neighbouring points prepares them through one `Preparer`: a point reuses the
book read, tiered or valued for the point before whenever what that stage reads of the
scenario is unchanged, and starts from the point before's plan only on the same valued book.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import shutil
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocator.cluster import connected, map_on_cluster, threads
from allocator.errors import AllocatorError
from allocator.optimize import Hint, Outcome, optimize
from allocator.preparation import Preparer
from allocator.registry import try_sync
from allocator.report.html import sweep_report
from allocator.report.language import Language, Words
from allocator.report.plan_tables import rm_books, tier_plan
from allocator.report.run_files import digest_of, infeasible_files, plan_files
from allocator.runs import write_run
from allocator.scenario import LoadedScenario, load_scenario
from allocator.sweeps import book_kept, expand, frontier
from allocator.valuation import ValuedBook

_SHARED: Preparer | None = None
"""The first point prepared in this process, inherited by forked workers."""


@dataclass(frozen=True)
class SweepRun:
    folder: Path
    table: pd.DataFrame
    frontier: pd.DataFrame | None
    language: Language = "en"


def run_sweep(scenario: str | Path, varies: Sequence[str], zipped: bool = False, jobs: int = 1,
              sets: Sequence[str] = (), use: Sequence[str] = (), output: Path | None = None
              ) -> SweepRun:
    """Plan every point of the sweep; a failing point is recorded, the others still run."""
    global _SHARED
    points = expand(varies, zipped)
    loaded = [load_scenario(scenario, sets, use, point=point) for point in points]
    spec = loaded[0].scenario
    root = Path(output if output is not None else spec.output.dir) / spec.name
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".sweep-", dir=root))
    try:
        tasks = [(i, point, scenario_i, staging) for i, (point, scenario_i)
                 in enumerate(zip(points, loaded, strict=True))]
        if spec.execution.engine == "dask":
            rows = _plan_on_dask(tasks, jobs, str(spec.execution.address))
        else:
            _SHARED = _first_prepared(loaded[0]) if jobs > 1 and book_kept(
                list(points[0])) else None
            rows = _plan_here(tasks, jobs)
        table = pd.DataFrame(rows)
        keys = list(points[0])
        curve = frontier(table, keys[0]) if len(keys) == 1 and _numeric(table[keys[0]]) else None
        table.to_csv(staging / "sweep.csv", index=False, lineterminator="\n")
        if curve is not None:
            curve.to_csv(staging / "frontier.csv", index=False, lineterminator="\n")
        words = Words(spec.output.language)
        (staging / "report.html").write_text(sweep_report(spec.name, table, curve, words),
                                             encoding="utf-8")
        (staging / "sweep.json").write_text(json.dumps(
            {"scenario": str(scenario), "vary": list(varies), "zip": zipped, "set": list(sets),
             "use": list(use), "points": len(points), "engine": spec.execution.engine},
            indent=2) + "\n")
        folder = _rename(staging, root, varies)
        try_sync(root.parent)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        _SHARED = None
    return SweepRun(folder, table, curve, spec.output.language)


Task = tuple[int, dict[str, Any], LoadedScenario, Path]


def _chunks(tasks: list[Task], parts: int) -> list[list[Task]]:
    """Neighbouring points together, so each can start from the one before."""
    return [[tasks[i] for i in chunk] for chunk in
            np.array_split(np.arange(len(tasks)), max(min(parts, len(tasks)), 1)) if len(chunk)]


def _plan_here(tasks: list[Task], jobs: int) -> list[dict[str, Any]]:
    """In this process, or in `jobs` forked processes that inherit the shared book."""
    work = _chunks(tasks, jobs)
    if len(work) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return [row for part in pool.map(_plan_chunk, work) for row in part]
    return _plan_chunk(work[0]) if work else []


def _first_prepared(loaded: LoadedScenario) -> Preparer | None:
    """The first point prepared here, for forked workers to start from (None if it fails:
    its point then reports why)."""
    preparer = Preparer()
    try:
        preparer.prepare(loaded)
    except AllocatorError:
        return None
    return preparer


def _plan_on_dask(tasks: list[Task], jobs: int, address: str) -> list[dict[str, Any]]:
    """One chunk of neighbouring points per task on the cluster (as many chunks as it runs at
    once, or `jobs`); each chunk reuses what it prepared as a local chunk does."""
    with connected(address) as client:
        work = _chunks(tasks, jobs if jobs > 1 else threads(client))
        parts = map_on_cluster(client, _plan_chunk, work, "planning the sweep's points")
    return [row for part in parts for row in part]


Start = tuple[Hint, ValuedBook]
"""A solved point's hint and the valued book it was solved on."""


def _plan_chunk(tasks: list[Task]) -> list[dict[str, Any]]:
    """Neighbouring points in order, each prepared through one Preparer and starting from the
    last plan found on the same valued book."""
    preparer = _SHARED or Preparer()
    rows, start = [], None
    for task in tasks:
        row, outcome = _plan_point(task, start, preparer)
        rows.append(row)
        if outcome is not None and outcome.hint is not None and outcome.plan is not None:
            start = (outcome.hint, outcome.prepared.valued)
    return rows


def _plan_point(task: Task, start: Start | None, preparer: Preparer
                ) -> tuple[dict[str, Any], Outcome | None]:
    index, point, loaded, staging = task
    row: dict[str, Any] = {"point": index, **point}
    try:
        prepared = preparer.prepare(loaded)
        same = start is not None and start[1] is prepared.valued
        outcome = optimize(prepared, hint=start[0] if same and start is not None else None)
        files = plan_files(outcome) if outcome.plan is not None else infeasible_files(outcome)
        folder = write_run(staging, f"point-{index:03d}", digest_of(outcome), files)
        row.update(_kpis(outcome), warm_started=outcome.warm_started,
                   folder=str(folder.relative_to(staging)))
    except AllocatorError as error:
        row.update(status="error", diagnosis=str(error).splitlines()[0])
        return row, None
    return row, outcome


def _kpis(outcome: Outcome) -> dict[str, Any]:
    row: dict[str, Any] = {"status": outcome.result.status.value, "objective": outcome.objective,
                           "bound": outcome.result.bound, "gap": outcome.gap}
    if outcome.plan is None:
        row["diagnosis"] = "; ".join(s.describe() for s in outcome.diagnosis)
        return row
    tiers = tier_plan(outcome)
    books = rm_books(outcome)
    row.update(spend=float(tiers["budget"].sum()),
               expected_loss=float(tiers["expected_loss"].sum()),
               rm_utilization=float(books["hours"].sum() / max(books["capacity_hours"].sum(),
                                                               1e-9)))
    for tier, covered, customers in zip(tiers["tier"], tiers["covered"], tiers["customers"],
                                        strict=True):
        row[f"coverage_{tier}"] = covered / customers if customers else None
    return row


def _numeric(column: pd.Series) -> bool:
    return bool(pd.to_numeric(column, errors="coerce").notna().all())


def _rename(staging: Path, root: Path, varies: Sequence[str]) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    digest = hashlib.sha256("|".join(varies).encode()).hexdigest()[:8]
    for attempt in range(1, 1000):
        final = root / f"sweep-{stamp}-{digest}" if attempt == 1 else (
            root / f"sweep-{stamp}-{digest}-{attempt}")
        if not final.exists():
            staging.rename(final)
            return final
    raise RuntimeError(f"{root}: no free sweep folder name")
