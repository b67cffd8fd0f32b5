"""Repairs of priced choices, run beside the multiplier search, and the best plan so far.

Each repair turns a priced choice into a plan (restore.py), its RMs from the assignment LP's
(assignment.py) where the book has one; on small books the plan is then improved by local
search (local_search.py).
"""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.memory import release_freed_memory
from allocator.decomposition.repair.assignment import assignment_lp, assignment_pays
from allocator.decomposition.repair.local_search import SWAP_CUSTOMERS, improve
from allocator.decomposition.repair.restore import Repaired, held_hours, repair
from allocator.decomposition.subproblems import Choice, Customers
from allocator.problem import Decisions

OVERLAP_ABOVE = 5_000
OVERLAP_LAG = 5
"""Above OVERLAP_ABOVE customers a repair runs beside the search and its plan is taken
OVERLAP_LAG iterations later."""
LARGE_BOOK = 2_000_000
"""Above this many customers a repair costs more than the iterations between two repairs and
holds copies of the book's choices: repairs run half as often, one at a time."""


class RepairQueue:
    """Repairs of priced choices and the best plan so far. Above OVERLAP_ABOVE customers they
    run on a second thread while the search goes on (numpy and HiGHS release the GIL), and
    each is collected a fixed number of iterations after it was handed over, so the same
    inputs give the same plan however long each step takes."""

    def __init__(self, d: Decisions, cs: Customers, families: list[Coupling], lag: int,
                 rms: np.ndarray | None = None) -> None:
        self.d, self.cs, self.families, self.lag = d, cs, families, lag
        self.best: Repaired | None = None
        self.seconds = 0.0
        """How long the last repair took: it tells the search only when to stop ahead of
        its time limit (expected), never what to do."""
        self.took: list[float] = []
        """How long each repair took (on this thread or beside the search), for the run's
        timings."""
        self.pending: list[tuple[int, Future[Repaired | None]]] = []
        self.workers = 2 if lag and len(cs.kind) <= LARGE_BOOK else 1
        self.pool = ThreadPoolExecutor(max_workers=self.workers)
        pays = assignment_pays(d, cs)
        self.rms = rms if pays and rms is not None and len(rms) == len(d.x.value) else None
        """RMs every repair starts from in place of the assignment LP's (given RMs)."""
        self.assignment = assignment_lp(d, cs, families) if self.rms is None and pays else None
        self.solves = ThreadPoolExecutor(max_workers=1)
        """The assignment LP's solves, one at a time in the order asked: each starts warm from
        the one before, so that order must not depend on which repair thread runs first."""
        if self.assignment is not None:  # its first solve, beside the search's first steps
            self.solves.submit(self.assignment.prepare)
        self.submitted = 0

    def __enter__(self) -> RepairQueue:
        return self

    def __exit__(self, *_: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        self.solves.shutdown(wait=True, cancel_futures=True)

    def submit(self, iteration: int, choice: Choice) -> None:
        """Repair the choice beside the search: from the assignment LP's RMs once its first
        solve should be done. Before, only the first choice is repaired from its own RMs (a
        plan early on); the others would take the cores the LP's first solve needs, for
        plans the LP's soon beat (50k book with N/300 RMs: 2.9 s instead of 3.4 s). Given
        RMs in its place, every choice is repaired from them."""
        if self.rms is not None:
            self.submit_from(iteration, choice, self.rms)
            return
        assign = self.assignment is not None and self.submitted >= self.assignment.first_use
        self.submitted += 1
        if self.assignment is not None and not assign and self.submitted > 1:
            return
        rounding = self.rounding(choice) if assign else None
        self.pending.append((iteration + self.lag,
                             self.pool.submit(self.repaired, choice, rounding)))

    def submit_from(self, iteration: int, choice: Choice, assigned: np.ndarray) -> None:
        """Repair the choice beside the search from these RMs (a mask over the x columns)."""
        self.submitted += 1
        self.pending.append((iteration + self.lag,
                             self.pool.submit(self.repaired, choice, _given(assigned))))

    def collect(self, iteration: int | None) -> None:
        """Take in the repairs due by this iteration (all of them for None)."""
        while self.pending and (iteration is None or self.pending[0][0] <= iteration):
            self.better(self.pending.pop(0)[1].result())

    def waits(self, iteration: int) -> bool:
        """Whether taking in the repairs due by this iteration waits for one still running."""
        return any(due <= iteration and not running.done() for due, running in self.pending)

    def expected(self) -> float:
        """How long a repair should take: on large books, as long as the last one (on small
        books they take no time worth keeping)."""
        return self.seconds if self.lag else 0.0

    def rounding(self, choice: Choice) -> Future[np.ndarray | None] | None:
        """The assignment LP's RMs for the choice, queued now (the given RMs in its place;
        None without either)."""
        if self.rms is not None:
            return _given(self.rms)
        if self.assignment is None:
            return None
        return self.solves.submit(self.assignment.rounded, choice.gain)

    def repaired(self, choice: Choice, rounding: Future[np.ndarray | None] | None
                 ) -> Repaired | None:
        began = time.perf_counter()
        found = candidate(self.d, self.cs, self.families, choice,
                          None if rounding is None else rounding.result())
        if len(self.cs.kind) > LARGE_BOOK:  # its gigabyte of temporaries, back at once
            release_freed_memory()
        self.seconds = time.perf_counter() - began
        self.took.append(self.seconds)
        return found

    def better(self, candidate: Repaired | None) -> bool:
        """Keep the candidate if it beats the best plan; True if it did."""
        if candidate is None or (self.best is not None
                                 and candidate.objective <= self.best.objective):
            return False
        self.best = candidate
        return True


def _given(rms: np.ndarray) -> Future[np.ndarray | None]:
    given: Future[np.ndarray | None] = Future()
    given.set_result(rms)
    return given


def candidate(d: Decisions, cs: Customers, families: list[Coupling], choice: Choice,
              assigned: np.ndarray | None = None) -> Repaired | None:
    """The priced choice repaired into a plan, its RMs from `assigned` (the assignment LP's)
    where given (from the choice's own if that fails); on small books, also improved by local
    search."""
    candidate = repair(d, cs, families, choice, assigned)
    if candidate is not None and len(cs.kind) <= SWAP_CUSTOMERS:
        candidate = held_hours(d, cs, families, improve(d, families, candidate))
    return candidate
