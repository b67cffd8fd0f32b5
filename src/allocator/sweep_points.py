"""A sweep's points planned chain by chain: each point prepared, solved from the plan of the
point before it, written to its own run folder inside the sweep folder, and summed up as the
sweep table's row (a failed point's row keeps its error for the message).

A chain runs in this process, in forked processes that inherit the book the whole sweep reads
(`share`), or as one task on a Dask cluster.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from typing import Any

from allocator import columns as c
from allocator.backends.highs_threads import forget_scheduler
from allocator.closeness import BasePlan, base_of_plan, base_of_run
from allocator.cluster import connected, map_on_cluster
from allocator.errors import AllocatorError, UserError
from allocator.headcount import net_of_cost
from allocator.optimize import Hint, Outcome, optimize
from allocator.preparation import Preparer, book_may_refuse
from allocator.report.naming import scenario_words
from allocator.report.plan_tables import rm_books, tier_plan
from allocator.report.run_files import digest_of, infeasible_files, plan_files
from allocator.runs import write_run
from allocator.scenario import LoadedScenario
from allocator.staging import reached
from allocator.sweep_chains import Chain, Task
from allocator.sweep_folder import save_row
from allocator.sweeps import book_kept
from allocator.valuation import ValuedBook

FAILURE = "_failure"
"""A failed point's row key: its error's exit code and message (English, Chinese)."""

_SHARED: Preparer | None = None
"""What this process read before planning the points (read_first: the book every point reads,
with jobs the centre point prepared; or the centre point's book): the points planned here start
from it, forked workers inherit it."""


def share(preparer: Preparer | None) -> None:
    """The points planned in this process (and forked from it) start from `preparer` (None:
    each chain reads its own)."""
    global _SHARED
    _SHARED = preparer


def read_first(loaded: LoadedScenario, keys: Sequence[str], jobs: int) -> Preparer | None:
    """What this process reads before any point is planned, for the points to start from
    (share): `loaded`, the centre point's scenario; `keys`, the varied keys. A book every
    point reads is read (AllocatorError if it cannot be: no point could be planned); with
    `jobs` > 1, the centre point prepared too, for forked workers to start from (if that
    fails, its point reports why). Where the points' books differ and the book may refuse an
    override whatever its value (book_may_refuse: `--vary offers.zz.cost=1,2`, `--vary
    rules.add_rms.premeir_rm=0,5`), the centre's book is read: a key it refuses whatever its
    value is refused before any point, by its --vary as written; another refusal is its
    point's to say."""
    preparer = Preparer()
    if book_kept(keys):
        preparer.read(loaded)
        if jobs > 1:
            with suppress(AllocatorError):
                preparer.prepare(loaded)
        return preparer
    if not book_may_refuse(loaded):
        return None
    try:
        preparer.read(loaded)
    except UserError as exc:
        if exc.every_value:
            raise
        return None
    return preparer


def plan_here(chains: list[Chain], jobs: int) -> list[dict[str, Any]]:
    """In this process, or in up to `jobs` forked processes that inherit the shared book (a
    single chain too: this process never solves, as a solver's threads do not survive a fork)."""
    if jobs > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=min(jobs, len(chains)), mp_context=context,
                                 initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            return [row for part in pool.map(_plan_chain, chains) for row in part]
    return [row for chain in chains for row in _plan_chain(chain)]


PARENT_CHECK_SECONDS = 1.0
"""How often a forked worker looks whether the sweep's process still runs."""


def die_with_parent(parent: int) -> None:
    """A forked worker ends when the sweep's process (`parent`) does, even killed by SIGKILL,
    which no handler sees: never left planning its points alone, holding their memory. It
    first forgets the HiGHS scheduler it inherited, should the sweep's process have run one
    (a library caller's, a test's): its threads stayed in the parent, and a solve waiting
    for them would hang."""
    forget_scheduler()
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(143)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def plan_on_dask(chains: list[Chain], address: str) -> list[dict[str, Any]]:
    """One chain per task on the cluster; each reuses what it prepared as a local chain does."""
    with connected(address) as client:
        parts = map_on_cluster(client, _plan_chain, chains, "planning the sweep's points")
    return [row for part in parts for row in part]


@dataclass(frozen=True)
class Previous:
    """The point planned before: its hint (for a start on the same valued book) and its plan
    (the base the next point keeps the most of)."""

    hint: Hint | None
    valued: ValuedBook | None
    base: BasePlan


def _plan_chain(chain: Chain) -> list[dict[str, Any]]:
    """A chain's points in order, each prepared through one Preparer, starting from the last
    plan found on the same valued book and keeping it wherever a plan as good within the gap
    allows (the first point: the chain's start)."""
    preparer = _SHARED or Preparer()
    rows: list[dict[str, Any]] = []
    previous = chain_start(chain)
    for task in chain.tasks:
        row, outcome = _plan_point(task, previous, preparer)
        rows.append(row)
        if outcome is not None and outcome.plan is not None:
            previous = Previous(outcome.hint, outcome.prepared.valued, base_of_plan(
                outcome.plan, outcome.prepared.valued.customers[c.CUSTOMER_ID],
                f"point {task[0]}"))
    return rows


def chain_start(chain: Chain) -> Previous | None:
    """The plan a chain's first point keeps: the sweep's base, or a point planned before
    (one whose folder is damaged is skipped: the point is planned from today's books)."""
    if chain.start is None:
        return None
    try:
        return Previous(None, None, base_of_run(chain.start, chain.source))
    except (AllocatorError, OSError, ValueError):
        if not chain.start.is_relative_to(chain.tasks[0][3]):  # the --base, not a point
            raise
        return None


def _plan_point(task: Task, previous: Previous | None, preparer: Preparer
                ) -> tuple[dict[str, Any], Outcome | None]:
    index, point, loaded, staging = task
    row: dict[str, Any] = {"point": index, **point}
    try:
        reached("read")
        prepared = preparer.prepare(loaded)
        reached("solve")
        same = previous is not None and previous.valued is prepared.valued
        outcome = optimize(prepared, hint=previous.hint if same and previous else None,
                           base=previous.base if previous else None)
        files = plan_files(outcome) if outcome.plan is not None else infeasible_files(outcome)
        folder = write_run(staging, f"point-{index:03d}", digest_of(outcome), files)
        row.update(_kpis(outcome), gap_target=loaded.scenario.solver.gap, tightened=0,
                   warm_started=outcome.warm_started, folder=str(folder.relative_to(staging)))
        save_row(staging, row)
        reached("point")
    except AllocatorError as error:
        row.update(status="error", diagnosis=error.shown(loaded.scenario.output.language
                                                         ).splitlines()[0])
        row[FAILURE] = (error.exit_code, str(error), error.chinese)
        return row, None
    return row, outcome


def _kpis(outcome: Outcome) -> dict[str, Any]:
    row: dict[str, Any] = {"status": outcome.result.status.value, "objective": outcome.objective,
                           "bound": outcome.result.bound, "gap": outcome.gap,
                           "stopped_on": outcome.result.stopped_on}
    prepared = outcome.prepared
    if outcome.plan is None:  # what must give, in the run's language; no RMs of no plan
        words = scenario_words(prepared.loaded.scenario)
        row["diagnosis"] = words.sep("list").join(
            words.shortfall(s, outcome.diagnosed_on) for s in outcome.diagnosis)
        return row
    row.update(net_of_cost(prepared.book.rms, prepared.loaded.scenario, outcome.objective,
                           outcome.result.bound), rms=len(prepared.book.rms))
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
