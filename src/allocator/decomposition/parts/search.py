"""The decomposition of a book in parts: the multiplier search runs here; each part's work runs
wherever the runner puts it (this process, or the workers of a Dask cluster that hold the
parts). Out go multipliers and each part's share of every limit; back come block values, row
usage and plan values. The plans stay with their parts.

Each part's repair keeps its share of every limit (parts.apportion), so together they keep
the whole book's. The results are added up in part order, so the same parts give the same
plan, bound and objective on any runner.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from allocator.backends.base import StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.coupling_rows import soft_families
from allocator.decomposition.parts.local_prices import exact_local_start
from allocator.decomposition.parts.part import (
    Part,
    Piece,
    Totals,
    apportion,
    evaluate,
    one_part_per_rm,
    package_part,
    packages_chosen,
    plan_totals,
    rebalanced,
    repaired,
    totals,
)
from allocator.decomposition.search.bundle import Cut
from allocator.decomposition.search.components import held_rows, moved_families
from allocator.decomposition.search.multipliers import (
    Progress,
    Search,
    Settings,
    price_of,
    search_over,
)
from allocator.decomposition.search.packages import combinations, fixed
from allocator.decomposition.search.stopping import final_stop, relative_gap, stop_reason
from allocator.decomposition.solve import BRANCH_ITERATIONS, LARGE_BOOK
from allocator.decomposition.subproblems import solve_subproblems
from allocator.scenario.schema import Scenario
from allocator.valuation import PackageOptions, ValuedBook

TOLERANCE = 1e-9
REPAIR_ROUNDS = 4
"""Rounds of repairs of the parts that found no plan, with what the others left them."""


class Runner(Protocol):
    """Runs a part's work: submit returns a handle (a value, or a future), gather the values."""

    def submit(self, function: Callable[..., Any], *args: Any) -> Any: ...

    def gather(self, handles: list[Any]) -> list[Any]: ...


class InProcess:
    """Every part's work in this process, one part after another."""

    def submit(self, function: Callable[..., Any], *args: Any) -> Any:
        return function(*args)

    def gather(self, handles: list[Any]) -> list[Any]:
        return list(handles)


@dataclass(frozen=True)
class Candidate:
    objective: float
    plans: list[Any]
    """Each part's plan (Repaired), as the runner holds it."""
    packages: np.ndarray
    """The chosen package options (a mask)."""


@dataclass(frozen=True)
class Given:
    """A plan to start from as the best so far where it keeps every row (the run's own, for a
    re-run at a moved limit: decomposition/steps.py): the candidate and its use of every
    stacked row, the parts' and the packages' added up."""

    best: Candidate
    usage: np.ndarray


@dataclass(frozen=True)
class InParts:
    best: Candidate | None
    bound: float
    iterations: int
    history: tuple[tuple[float, float | None], ...]
    multipliers: list[np.ndarray]
    families: list[Coupling]
    disproved: bool = False
    """The bound fell below the lowest value any plan can have: no plan exists."""
    floor: float = -np.inf
    """That lowest value (-inf where it is not known)."""
    stopped_on: StoppedOn = StoppedOn.ITERATIONS
    """What stopped the search (search/stopping.py); TIME_LIMIT if the clock stopped
    any part of the solve."""


@dataclass
class _Evaluation:
    lam: list[np.ndarray]
    usage: np.ndarray
    """Per part (rows, the packages' part last), its choice's usage of every stacked row."""


class _Solve:
    """One decomposition over parts: the search's state and the best plan so far."""

    def __init__(self, runner: Runner, parts: list[Any], packages: Part,
                 scenario: Scenario, settings: Settings) -> None:
        self.runner, self.parts, self.packages = runner, parts, packages
        told: list[Totals] = runner.gather([runner.submit(totals, p) for p in parts])
        told.append(totals(packages))
        self.families = whole_book_rows(packages.families, scenario, told)
        self.reach = np.vstack([t.use for t in told[:-1]])
        one_part_per_rm(self.families, self.reach)
        self.customers = sum(t.customers for t in told)
        self.offsets = np.cumsum([0] + [t.blocks for t in told])
        sizes = np.cumsum([len(f.limits) for f in self.families])[:-1]
        value = np.vstack([t.value for t in told]).sum(axis=0)
        prices = np.split(price_of(value, np.vstack([t.use for t in told]).sum(axis=0)), sizes)
        soft = soft_families(scenario)
        empty = np.zeros(0, dtype=np.int64)
        self.search: Search = search_over(self.families, soft, prices, int(self.offsets[-1]),
                                          empty, empty, _fewest(told))
        if not soft:  # a soft row's worst penalty needs the whole book's rows: no floor then
            self.search.floor = sum(t.worst for t in told)
        if settings.start is not None:  # a sample's, or the search before branching's
            self.search.start_from(settings.start)
        self.best: Candidate | None = None

    def evaluated(self) -> tuple[_Evaluation, Cut, float]:
        """The parts' answers at the current multipliers: evaluation, cut and dual value."""
        lam = self.search.lam()
        runner = self.runner
        pieces: list[Piece] = runner.gather([runner.submit(evaluate, p, lam)
                                             for p in self.parts])
        pieces.append(evaluate(self.packages, lam))
        rows = sum(len(f.limits) for f in self.families)
        usage = np.vstack([np.bincount(p.rows, p.use, rows) for p in pieces])
        all_rows = np.concatenate([p.rows for p in pieces])
        cut = Cut(np.concatenate([p.values for p in pieces]),
                  np.concatenate([p.blocks + o for p, o in zip(pieces, self.offsets,
                                                               strict=False)]),
                  all_rows, self.search.slopes(all_rows, np.concatenate([p.use for p in pieces])))
        return _Evaluation(lam, usage), cut, self.search.dual_of(float(cut.values.sum()))

    def exact_local(self) -> bool:
        """Start from the search's multipliers with the component-local rows' exact, from each
        part's component LPs (local_prices.py), whose pairs taken whole the parts keep for
        their first repair; False where no row is component-local."""
        rows = (moved_families(self.search), held_rows(self.search))
        parts, exact = exact_local_start(self.runner, self.parts, self.search.lam(), rows,
                                         self.reach)
        if parts is self.parts:
            return False
        self.parts = parts
        self.search.start_from(exact)
        return True

    def repair(self, at: _Evaluation, from_whole: bool = False) -> None:
        """Every part's choice at these multipliers made into a plan within its share of
        every limit (its RMs first from the pairs its component LPs took whole if
        `from_whole`); parts that find none try again with what the others left of theirs
        (parts.rebalanced). Kept if all parts found one and together they beat the best
        plan."""
        runner = self.runner
        chosen, fixed = packages_chosen(self.packages, at.lam)
        shares = apportion(self.families, at.usage[:-1], self.reach, fixed)
        plans: list[Any] = [None] * len(self.parts)
        values, usage = np.zeros(len(self.parts)), np.zeros_like(shares)
        planned = np.zeros(len(self.parts), dtype=bool)
        for _ in range(REPAIR_ROUNDS):
            todo = np.flatnonzero(~planned)
            tried = [runner.submit(repaired, self.parts[i], at.lam, shares[i], from_whole)
                     for i in todo]
            found = runner.gather([runner.submit(plan_totals, self.parts[i], plan)
                                   for i, plan in zip(todo, tried, strict=True)])
            for i, plan, totals_of_plan in zip(todo, tried, found, strict=True):
                if totals_of_plan is not None:
                    plans[i], planned[i] = plan, True
                    values[i], usage[i] = totals_of_plan
            if planned.all():
                break
            shares = rebalanced(self.families, shares, usage, planned)
        if not planned.all():
            return
        objective = float(values.sum()) + float(self.packages.d.s.value[chosen].sum())
        if self.best is None or objective > self.best.objective:
            self.best = Candidate(objective, plans, chosen)


def _fewest(told: list[Totals]) -> np.ndarray | None:
    """Per RM hours row, the fewest hours of any customer of the book: its parts' least."""
    found = [t.fewest for t in told if t.fewest is not None]
    return np.min(np.vstack(found), axis=0) if found else None


def whole_book_rows(families: list[Coupling], scenario: Scenario,
                    told: list[Totals]) -> list[Coupling]:
    """The coupling rows with the whole book's limits: as any part has them, but the
    continuity minimum counts every part's incumbents."""
    limit = scenario.rules.continuity.max_reassignments
    if limit is None:
        return families
    need = float(max(sum(t.incumbents for t in told) - limit, 0))
    return [f if f.name != "continuity" else _with_limit(f, need) for f in families]


def _with_limit(family: Coupling, limit: float) -> Coupling:
    return replace(family, limits=np.array([limit]))


def solve_in_parts(runner: Runner, parts: list[Any], shape: ValuedBook, options: PackageOptions,
                   scenario: Scenario, settings: Settings, progress: Progress | None = None,
                   deadline: Deadline | None = None, given: Given | None = None,
                   exact_local: bool = False) -> InParts:
    """The decomposition over parts (each a Part, or the runner's handle to one) and the
    package options (priced here, as one more part on `shape`, a skeleton of the book):
    bound, best plan, multipliers, starting from the `given` plan where it keeps every row,
    and from the settings' start with the component-local rows' multipliers exact if
    `exact_local` (local_prices.py). Where a gap remains, branches on the packages. The
    clock (`deadline`, default: the time limit from now) only stops searches, and is
    recorded."""
    deadline = deadline or Deadline(settings.time_limit)
    packages = package_part(shape, scenario, options)
    solved = _searched(runner, parts, packages, scenario, settings, (progress, deadline),
                       given, exact_local)
    if settings.branch_packages and solved.best is not None and relative_gap(
            solved.bound, solved.best.objective) > settings.gap and not deadline.passed():
        solved = _branched(runner, parts, shape, packages, scenario, settings, solved,
                           deadline)
    return _stopped(solved, settings, deadline)


def _stopped(solved: InParts, settings: Settings, deadline: Deadline) -> InParts:
    """The solve with what stopped it (stopping.final_stop)."""
    best = solved.best
    within = best is not None and relative_gap(solved.bound, best.objective) <= settings.gap
    return replace(solved, stopped_on=final_stop(deadline, within, solved.stopped_on))


def _branched(runner: Runner, parts: list[Any], shape: ValuedBook, packages: Part,
              scenario: Scenario, settings: Settings, solved: InParts, deadline: Deadline
              ) -> InParts:
    """The search again for each combination of packages that could beat the best plan
    (packages.py), best bound first, from the best multipliers, each for at most
    BRANCH_ITERATIONS iterations, until the clock stops them (which it records)."""
    d = packages.d
    combos = combinations(d)
    ps = _priced_packages(packages, solved.multipliers)
    best_value = sum(float(ps[d.s.tier == t].max()) for t in set(d.s.tier.tolist()))
    bounds = {k: solved.bound - best_value + float(ps[list(k)].sum()) for k in combos}
    best = solved.best
    assert best is not None
    for combo in sorted(combos, key=lambda k: -bounds[k]):
        if bounds[combo] <= best.objective or deadline.passed():
            continue
        inner = replace(settings, start=tuple(solved.multipliers), branch_packages=False,
                        max_iterations=min(settings.max_iterations, BRANCH_ITERATIONS))
        found = _searched(runner, parts, package_part(shape, scenario, fixed(d, combo).s),
                          scenario, inner, (None, deadline))
        bounds[combo] = min(bounds[combo], found.bound)
        if found.best is not None and found.best.objective > best.objective:
            chosen = np.zeros(len(d.s.tier), dtype=bool)
            chosen[list(combo)] = found.best.packages
            best = replace(found.best, packages=chosen)
    bound = max(max(bounds.values(), default=solved.bound), best.objective)
    return replace(solved, best=best, bound=min(solved.bound, bound))


def _keeps(families: list[Coupling], usage: np.ndarray) -> bool:
    """Whether a use of every stacked row keeps every family's limits."""
    rows = np.split(usage, np.cumsum([len(f.limits) for f in families])[:-1])
    return all((f.sign * (used - f.limits) <= TOLERANCE * np.maximum(1.0, np.abs(f.limits))
                ).all() for f, used in zip(families, rows, strict=True))


def _priced_packages(part: Part, lam: list[np.ndarray]) -> np.ndarray:
    return solve_subproblems(part.d, part.cs, lam).priced_s


def _searched(runner: Runner, parts: list[Any], packages: Part, scenario: Scenario,
              settings: Settings, shown: tuple[Progress | None, Deadline],
              given: Given | None = None, exact_local: bool = False) -> InParts:
    """The multiplier search over the parts, from the `given` plan where it keeps every row
    (and with the component-local rows' multipliers exact if `exact_local`, the first repair
    from the pairs their LPs take whole), repairing every few iterations, until a count or
    the deadline stops it."""
    progress, deadline = shown
    solve = _Solve(runner, parts, packages, scenario, settings)
    from_whole = exact_local and solve.exact_local()
    if given is not None and _keeps(solve.families, given.usage):
        solve.best = given.best
    search, history = solve.search, []
    at_bound: _Evaluation | None = None
    fresh, iteration, reason = False, 0, StoppedOn.ITERATIONS
    every = settings.repair_every * (2 if solve.customers > LARGE_BOOK else 1)
    for iteration in range(1, settings.max_iterations + 1):
        evaluation, cut, dual = solve.evaluated()
        if search.improves(dual):
            at_bound, fresh = evaluation, True
        if iteration % every == 1 or every == 1:
            solve.repair(at_bound if fresh and at_bound is not None else evaluation,
                         from_whole and iteration == 1)
            fresh = False
        search.update(dual, lambda: cut)  # noqa: B023 (called at once)
        objective = None if solve.best is None else solve.best.objective
        history.append((search.bound, objective))
        if progress is not None:
            progress(iteration, search.bound, objective)
        stop = stop_reason(search, objective, settings, deadline)
        if stop is not None:
            reason = stop
            break
    if fresh and at_bound is not None and not search.disproved:
        solve.repair(at_bound)
    return InParts(solve.best, float(search.bound), iteration, tuple(history),
                   search.best_lam or search.lam(), solve.families, search.disproved,
                   search.floor, reason)
