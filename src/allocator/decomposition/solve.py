"""The decomposition path: the multiplier search with periodic repair, as one solve call.

Returns the best repaired plan, the lowest dual value seen (a certified upper bound) and the
multipliers of that bound, which price each coupling row (decomposed.py: the plan polished, the
result read). Here: the search loop with its repairs, its starting prices (given, or a sample's
and the component LPs' on a large book), perturbed repairs once the bound has settled, and
branching on the packages.

Every choice inside is a count (iterations, evaluations, LP iterations, moves), so a solve that
stops on anything but its time limit gives the same plan on any machine; the wall clock only
stops a search (clock.py), and the result says what stopped it (`stopped_on`).
"""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import replace
from functools import partial

import numpy as np

from allocator import columns as c
from allocator.backends.base import Status, StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling, limits_value, lowest_value, reachable_rows
from allocator.decomposition.coupling_rows import couplings, soft_families
from allocator.decomposition.decomposed import (
    Decomposed,
    disproved,
    finish,
    solve_result,
    within_target,
)
from allocator.decomposition.early_ranges import EarlyRanges
from allocator.decomposition.repair.queue import LARGE_BOOK, OVERLAP_ABOVE, OVERLAP_LAG, RepairQueue
from allocator.decomposition.repair.restore import Repaired, given_plan
from allocator.decomposition.search.along import lowest_along
from allocator.decomposition.search.balance import balance_rm_hours
from allocator.decomposition.search.component_search import component_search
from allocator.decomposition.search.components import (
    component_prices,
    components,
    local_families,
)
from allocator.decomposition.search.multipliers import Progress, Search, Settings, new_search
from allocator.decomposition.search.packages import branch
from allocator.decomposition.search.sampling import sample_book
from allocator.decomposition.search.stopping import relative_gap, stop_reason
from allocator.decomposition.subproblems import (
    MANDATORY,
    Choice,
    Customers,
    customer_structure,
    solve_subproblems,
)
from allocator.problem import Decisions, decisions_of
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook

WARM_START_ITERATIONS = 30
WARM_START_BLOCKS = (128, 128)
"""A large book's sample searches for starting prices this many iterations (a count, not a
clock, so the same book starts from the same prices), with this many blocks: its prices
matter, not its bound, and a smaller model LP gets them sooner."""
SAMPLE_SIZES = (20_000, 100_000)
LOCAL_SAMPLE_SIZES = (20_000, 200_000)
"""A component search on a sample (component_search.py) takes a few seconds where the search
over all multipliers takes a minute, so its sample can be larger, and larger is better: the 1M
book's component LPs' bound at the book-wide prices of a sample of 50,000 customers is 1,875.42M; of
100,000, 1,875.18M; of 200,000, 1,875.00M (13 s); of 300,000, 1,874.96M (17 s)."""
DIVERSIFY_PATIENCE = 4
"""Perturbed repairs in a row without a better plan after which the perturbations stop."""
BRANCH_ITERATIONS = 100
"""Each combination's decomposition stops after this many iterations: a count, not a clock (the
time left only stops it, and the solve records that), so the same book gives the same plan and
bound."""


def decompose(valued: ValuedBook, scenario: Scenario, d: Decisions, settings: Settings,
              progress: Progress | None = None, ranges_apart: bool = False) -> Decomposed:
    """The decomposition's plan, bound and multipliers; with `ranges_apart`, their ranges
    begun in a forked process once the search stops (early_ranges.py; the result's
    `early_ranges`, for its prices: whoever asks for them closes them)."""
    deadline = Deadline(settings.time_limit, settings.ended)
    soft = soft_families(scenario)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families, settings.blocks)
    built = deadline.elapsed()
    has_rm = np.zeros(len(cs.kind), dtype=bool)
    has_rm[d.x.customer] = True
    stranded = (cs.kind == MANDATORY) & ~has_rm
    if stranded.any():
        ids = valued.customers[c.CUSTOMER_ID].to_numpy()[stranded]
        return Decomposed(solve_result(Status.INFEASIBLE, None, None, deadline, StoppedOn.PROOF),
                          uncovered=tuple(ids))
    search = new_search(families, soft, d, cs)
    search.floor = lowest_value(families, soft, d)
    first_rms = _starting_prices(search, valued, scenario, settings, (d, cs), deadline)
    history: list[tuple[float, float | None]] = []
    lag = OVERLAP_LAG if len(cs.kind) > OVERLAP_ABOVE else 0
    early = EarlyRanges.wanted(d, cs, families, soft) if ranges_apart else None
    try:
        with RepairQueue(d, cs, families, lag, settings.rms) as repairs:
            repairs.better(given_plan(d, families, settings.plan))
            ended = _search(d, cs, search, repairs, settings, deadline, (progress, history),
                            (first_rms, early))
            if early is not None and not search.disproved:
                early.begin(search.best_lam or search.lam())
            repairs.collect(None)
            if search.disproved:
                return disproved(search, deadline, ended[0], history)
            at_bound = ended[2]
            if at_bound is not None and _repair_at_bound(search, repairs, settings, deadline):
                repairs.better(repairs.repaired(at_bound, repairs.rounding(at_bound)))
            _diversified(d, cs, families, search, repairs, settings, deadline,
                         (progress, ended[0]))
        best = repairs.best
        if best is not None and _branches(search, best, settings, deadline):
            best = _branch_on_packages(valued, scenario, d, cs, families, search, best,
                                       settings, deadline)
        found = finish(d, cs, families, search, best, settings, deadline, ended[:2], history)
    except BaseException:  # Ctrl-C, an error: the ranges are not wanted
        if early is not None:
            early.close()
        raise
    return replace(found, reachable=reachable_rows(families), built=(d, families, cs),
                   stages={"columns": round(built, 4), "repair": round(sum(repairs.took), 4)},
                   early_ranges=early)


def _repair_at_bound(search: Search, repairs: RepairQueue, settings: Settings,
                     deadline: Deadline) -> bool:
    """Whether the best bound's choice, left unrepaired when the search stopped, is repaired:
    the best plan is not within the gap target, and either there is no plan yet or the last
    repair's time is still left (at a million customers one repair took 115 s on a busy
    machine, past the deadline; if the clock stops it now, the solve records that)."""
    if within_target(search, repairs.best, settings):
        return False
    return repairs.best is None or not deadline.passed(repairs.expected())


def _branches(search: Search, best: Repaired, settings: Settings, deadline: Deadline) -> bool:
    """Whether to branch on packages: a gap remains, and the clock has not stopped the solve
    (if it stops it now, the solve records that)."""
    return (settings.branch_packages and relative_gap(search.bound, best.objective)
            > settings.gap and not deadline.passed())


def _search(d: Decisions, cs: Customers, search: Search, repairs: RepairQueue,
            settings: Settings, deadline: Deadline,
            shown: tuple[Progress | None, list[tuple[float, float | None]]],
            given: tuple[np.ndarray | None, EarlyRanges | None] = (None, None)
            ) -> tuple[int, StoppedOn, Choice | None]:
    """The multiplier search, handing every few iterations the choice at the best bound so
    far to the repairs (or, if that one was repaired already, the current choice). A search
    from given prices (a sample's, a neighbouring point's) first repairs the unpriced choice,
    every customer's own best: those prices are not yet this book's, and the unpriced plan
    is the better start (a given plan that keeps every row, the run's own for a re-run at a
    moved limit, is better still: that repair is skipped); but given `first_rms` (the
    component LPs' RMs at the starting prices), the first repair is the first choice's from
    those RMs. The repairs due at an iteration are taken in before its choice is handed over,
    and the search stops there if one is within the gap target: on a large book a repair
    takes seconds, and one begun then would be waited for and its plan not needed. Returns
    the number of iterations, what stopped the search, and the best bound's choice if it is
    still to be repaired; the repairs still running are the caller's to collect. `given`:
    the first RMs, and the ranges to begin each time the search is about to wait for a repair
    (of its best multipliers then; ended if the search goes on after the wait, its core
    the search's again)."""
    progress, history = shown
    first_rms, early = given
    iteration, at_bound, fresh, reason = 0, None, False, StoppedOn.ITERATIONS
    every = settings.repair_every * (2 if len(cs.kind) > LARGE_BOOK else 1)
    started = bool(search.mu.any())
    if started and first_rms is None and repairs.best is None:
        # the first plan comes from the unpriced choice, unless a given plan keeps every row
        repairs.submit(0, solve_subproblems(d, cs, [np.zeros(len(f.limits))
                                                    for f in search.families]))
    for iteration in range(1, settings.max_iterations + 1):
        choice = solve_subproblems(d, cs, search.lam())
        dual = search.dual_value(choice)
        if search.improves(dual):
            at_bound, fresh = choice, True
        if iteration == 1 and first_rms is not None:
            repairs.submit_from(iteration, choice, first_rms)
        elif (iteration % every == 1 or every == 1) and not (started and iteration == 1):
            _collect(repairs, iteration, (search, early))  # a plan due now may end the search
            if within_target(search, repairs.best, settings):
                reason = StoppedOn.GAP
                break
            repairs.submit(iteration, at_bound if fresh and at_bound is not None else choice)
            fresh = False
        _collect(repairs, iteration, (search, early))
        search.update(dual, partial(search.cut, choice))
        objective = None if repairs.best is None else repairs.best.objective
        history.append((search.bound, objective))
        if progress is not None:
            progress(iteration, search.bound, objective)
        stop = stop_reason(search, objective, settings, deadline,
                           2 * repairs.expected())  # the running repair, the last one
        if stop is not None:
            reason = stop
            break
        if early is not None:
            early.close()
    return iteration, reason, at_bound if fresh else None


def _collect(repairs: RepairQueue, iteration: int,
             ranging: tuple[Search, EarlyRanges | None]) -> None:
    """Take in the repairs due by this iteration, first beginning the ranges of the best
    multipliers if one is still running (the search waits for it)."""
    search, early = ranging
    if early is not None and repairs.waits(iteration):
        early.begin(search.best_lam or search.lam())
    repairs.collect(iteration)


def _diversified(d: Decisions, cs: Customers, families: list[Coupling], search: Search,
                 repairs: RepairQueue, settings: Settings, deadline: Deadline,
                 shown: tuple[Progress | None, int] = (None, 0)) -> None:
    """Once the bound has settled: repairs from randomly perturbed best multipliers (seeded),
    while a gap remains and the clock allows (it records if it stops them). Prices at the
    dual optimum leave many ties; nearby prices break them differently, and some of those
    plans are better. With a second thread, two run at a time; their plans are taken in
    order. They stop after DIVERSIFY_PATIENCE in a row find no better plan: the restricted
    MIPs at the end (decomposed.polished) improve a plan more for the time."""
    rng = np.random.default_rng(settings.seed)
    lam = search.best_lam or search.lam()
    progress, iteration = shown

    def perturbed(shaken: list[np.ndarray]) -> Future[Repaired | None]:
        choice = solve_subproblems(d, cs, shaken)  # here: its LP solve is queued in order
        return repairs.pool.submit(repairs.repaired, choice, repairs.rounding(choice))

    fruitless = [0]  # perturbed repairs in a row that found no better plan

    def settled() -> bool:
        return (within_target(search, repairs.best, settings) or fruitless[0] >= DIVERSIFY_PATIENCE
                or deadline.passed(repairs.expected()))

    def take(future: Future[Repaired | None]) -> None:
        better = repairs.better(future.result())
        fruitless[0] = 0 if better else fruitless[0] + 1
        if better and progress is not None and repairs.best:
            progress(iteration, search.bound, repairs.best.objective)

    running: list[Future[Repaired | None]] = []
    for _ in range(settings.perturbations):
        if settled():
            break
        shaken = [m * rng.uniform(0.7, 1.3, len(m)) for m in lam]
        running.append(perturbed(shaken))
        if len(running) == repairs.workers:
            take(running.pop(0))
    for future in running:
        if not settled():
            take(future)


def _branch_on_packages(valued: ValuedBook, scenario: Scenario, d: Decisions, cs: Customers,
                        families: list[Coupling], search: Search, best: Repaired,
                        settings: Settings, deadline: Deadline) -> Repaired:
    lam = search.best_lam or search.lam()
    constant = limits_value(families, lam)

    def searched(fixed: Decisions, prices: tuple[np.ndarray, ...], seconds: float
                 ) -> tuple[float | None, float, np.ndarray | None]:
        inner = replace(settings, time_limit=seconds, start=prices, branch_packages=False,
                        warm_start_above=len(cs.kind) + 1, plan=None, last_mip=False,
                        max_iterations=min(settings.max_iterations, BRANCH_ITERATIONS))
        found = decompose(valued, scenario, fixed, inner)
        deadline.record(found.result.stopped_on)
        bound = found.result.bound if found.result.bound is not None else np.inf
        return found.result.objective, bound, found.result.values

    def solve_fixed(fixed: Decisions, prices: tuple[np.ndarray, ...], seconds: float
                    ) -> tuple[float | None, float, np.ndarray | None]:
        """The combination searched from the bound's multipliers; where its repairs find no
        plan, again from the solve's given start (a neighbouring limit's multipliers), whose
        priced choices the repairs meet differently."""
        value, bound, values = searched(fixed, prices, seconds)
        if values is not None or settings.start is None or deadline.passed():
            return value, bound, values
        value, again, values = searched(fixed, settings.start, deadline.left())
        return value, min(bound, again), values

    soft = soft_families(scenario)
    hard = [f for f in families if f.family not in soft]
    bound, found = branch(d, cs, hard, lam, constant, best.objective, deadline, solve_fixed)
    search.bound = min(search.bound, bound)
    if found is None:
        return best
    value, values, combo = found
    n_x, n_y = d.layout.n_x, d.layout.n_y
    s = np.zeros(len(d.s.tier), dtype=bool)
    s[list(combo)] = values[n_x + n_y:] > 0.5
    return Repaired(values[:n_x] > 0.5, values[n_x:n_x + n_y] > 0.5, s, value)


def _starting_prices(search: Search, valued: ValuedBook, scenario: Scenario,
                     settings: Settings, book: tuple[Decisions, Customers], deadline: Deadline
                     ) -> np.ndarray | None:
    """Start from given multipliers (a neighbouring sweep point's), or, for a large book,
    from a sample's book-wide ones with the component-local rows' (RM hours...) exact for those
    (components.py; balanced, balance.py, where a component was left out); otherwise from
    zero. Returns the pairs the component LPs take whole (a mask over the x columns) if every
    component was solved."""
    d, cs = book
    given = settings.start
    if given is not None and [len(m) for m in given] == [len(f.limits) for f in
                                                          search.families]:
        search.start_from(given if settings.along is None else lowest_along(
            d, cs, search.families, list(given), settings.along))
    elif len(cs.kind) > settings.warm_start_above:
        component = components(d)
        local = local_families(search, d, component)
        _warm_start(search, valued, scenario, settings, (any(local), deadline))
        exact = component_prices(search, d, cs, (component, local))
        if exact is not None:
            search.start_from(exact.multipliers)
        if exact is None or exact.whole is None:
            balance_rm_hours(search, d, cs)
        else:
            return exact.whole
    return None


def _warm_start(search: Search, valued: ValuedBook, scenario: Scenario, settings: Settings,
                local: tuple[bool, Deadline]) -> None:
    """Start from the prices of a scaled-down sample of the book (a larger one if the book
    has component-local rows: its search is faster), searched until its counts run out or the
    deadline passes (which it then records)."""
    size = sample_size(settings, len(valued.customers), local[0])
    sample, sample_scenario, _ = sample_book(valued, scenario, size)
    start = sample_prices(sample, sample_scenario, settings, search.families, *local)
    if start is not None:
        search.start_from(start)


def sample_size(settings: Settings, customers: int, local: bool = False) -> int:
    """Customers in the sample that gives a large book its starting prices: a tenth of the
    book within SAMPLE_SIZES, a fifth within LOCAL_SAMPLE_SIZES if it has component-local
    rows."""
    if settings.sample_size:
        return settings.sample_size
    share, sizes = (5, LOCAL_SAMPLE_SIZES) if local else (10, SAMPLE_SIZES)
    return int(np.clip(customers // share, *sizes))


def sample_prices(sample: ValuedBook, scenario: Scenario, settings: Settings,
                  families: list[Coupling], local: bool = True,
                  deadline: Deadline | None = None) -> list[np.ndarray] | None:
    """The multipliers a short search on a sample (and its scaled limits) ends with, for
    these rows (zero for rows the sample does not have); None if the sample has none. The
    search is over the book-wide multipliers with the component-local ones exact where the
    sample has component-local rows (component_search.py), else over all of them: at once if
    the book has no component-local rows (not `local`), without building the sample's columns
    twice to find out. The search over all of them stops at `deadline` (default: the time
    limit from now)."""
    found = _component_sample_prices(sample, scenario) if local else None
    if found is None:
        found = _searched_sample_prices(sample, scenario, settings,
                                        deadline or Deadline(settings.time_limit))
    if found is None:
        return None
    start = [found.get(f.name, np.zeros(len(f.limits))) for f in families]
    if all(len(m) == len(f.limits) for m, f in zip(start, families, strict=True)):
        return start
    return None


def _component_sample_prices(sample: ValuedBook, scenario: Scenario
                             ) -> dict[str, np.ndarray] | None:
    d = decisions_of(sample)
    families = couplings(sample, scenario, d)
    cs = customer_structure(sample, scenario, d, families, WARM_START_BLOCKS)
    found = component_search(d, cs, families, soft_families(scenario))
    if found is None:
        return None
    return {f.name: m for f, m in zip(families, found, strict=True)}


def _searched_sample_prices(sample: ValuedBook, scenario: Scenario, settings: Settings,
                            deadline: Deadline) -> dict[str, np.ndarray] | None:
    budget = replace(settings, time_limit=deadline.left(),
                     gap=settings.gap / 2, max_iterations=WARM_START_ITERATIONS,
                     perturbations=0, branch_packages=False, blocks=WARM_START_BLOCKS, plan=None,
                     warm_start_above=len(sample.customers) + 1,  # no warm start of a sample
                     last_mip=False)
    found = decompose(sample, scenario, decisions_of(sample), budget)
    deadline.record(found.result.stopped_on)
    if found.result.status == Status.INFEASIBLE:
        return None  # an uncoverable or disproved sample has no prices
    # Its prices count even when it has no plan: scaled-down RMs can be too small to pack its
    # largest customers, which the priced relaxation does not see.
    return dict(zip(found.families, found.multipliers, strict=True))
