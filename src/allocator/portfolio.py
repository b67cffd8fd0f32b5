"""`solver.method: auto` on a book between the two paths' home ground: both, within one deadline.

With two cores free to the program's own process, on a small book or one the exact path
should prove in the time left (SIDE_BY_SIDE_NEED), the two paths run side by side, each for
the whole time left (`side_by_side`): the exact MIP, built and solved in a process of its own,
and the decomposition here. Run one after the other, each had part of the time, and the plan
kept could fall short of the better path alone (on GAP type D, 80 agents by 1,600 jobs, at
10 s: 6.5% short of the decomposition alone; on the bank churn book, 10,000 customers at
20 s, 0.65% short of either path alone). An exact plan proved optimal stops the
decomposition; the exact path is always waited for, so the plan kept does not depend on
which process finished first.

Else (one core, a worker process of a sweep or a cluster, or a larger book) they run one
after the other. On a small book (the exact path should prove it in half the time limit) the
exact path comes first, for EXACT_SHARE of the time left (`exact_first`). On a larger book
the decomposition comes first, for at most a share of the time left that grows with the book
(`decomposition_share`; all of it where the rest would be too little for the exact path; on
the books measured it stops sooner, on its counts): a plan, its multipliers and a certified
bound. Unless that plan already proves the gap target, the whole
MIP is then built and solved for the time left, started from that plan, and stopped as soon
as its plan is within the gap target of the lower of the two bounds (HiGHS takes no outside
dual bound: its backend compares each plan it finds with the bound given,
`SolveOptions.known_bound`).

The better plan is kept (the decomposition's on a tie), with the lower bound of the two; the
run records both attempts and why it kept the plan it did (allocator.attempts). Stops are
counts or proofs unless the clock stops them, so the same inputs give the same plan; a run
the clock stopped records it (`stopped_on: time_limit`).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from allocator.attempts import Attempt, Clock, attempt_of, skipped
from allocator.backends import SolveResult, Status, get_backend
from allocator.backends.base import SolveOptions, StoppedOn, seconds_given
from allocator.backends.guarded import (
    Built,
    ForkedSolve,
    main_process,
    may_fork,
    solve_by_deadline,
)
from allocator.campaigns.rows import added_columns, with_contacts_made
from allocator.decomposition import Decomposed
from allocator.decomposition.search.multipliers import Progress
from allocator.decomposition_path import decomposed_outcome, decomposition_solve
from allocator.exact_path import exact_outcome, exact_solve, hinted, rounded, timed_build
from allocator.method_choice import HOPELESS, estimated_exact_seconds
from allocator.outcome import Hint, Outcome
from allocator.preparation import Prepared
from allocator.problem import AllocationProblem, build_problem

DECOMPOSITION_SHARE = (0.5, 0.9)
"""The most of the time left the decomposition may take before the exact path starts (one
after the other): the first share on a book the exact path should prove in half the time
limit, the second on one it should need HOPELESS times the limit for, log-linear between
(`decomposition_share`)."""
EXACT_SHARE = 0.5
"""On a small book, the most of the time left the exact path may take before the decomposition
starts (where the exact path has not proved its answer by then)."""
SIDE_BY_SIDE_CORES = 2
"""A book's two paths run side by side (one process each) where this many cores are free to
this process; else one after the other."""
SIDE_BY_SIDE_NEED = 1.0
"""A book larger than a small one runs side by side only where the exact path should need at
most this many times the time left: beyond, the MIP's build and root LP take a core from the
decomposition for nothing. On the bank churn book (10,000 customers; HiGHS should need 3.6
times 19 s) on a busy machine, HiGHS beside the decomposition found no plan in 20 s, and the
decomposition beside it stopped at a 0.58% gap where alone it proved 0.03% in 10 s; at 5 s
it got no further than its first plan, 0.61% short of alone."""
EXACT_SECONDS = 1.0
"""The exact path is not started (or not solved, once built) with less time left than this."""
START_COLUMNS = 20_000
"""`solver.method: exact` on a MIP of this many columns or more starts HiGHS from the
decomposition's plan (`started_exact`). On the generated GAP books of type E, 40 RMs by 800
customers (32,000 columns), and types D and E, 80 by 1,600 (128,000), HiGHS alone ended 243%
above the best known plan at 10 s or without a plan; at 60 s, 7.5% and 178% above it on the
two larger, where the decomposition is within 1% in 10 s."""
START_SHARE = 0.15
"""The most of the time left the decomposition takes to find the exact path's start."""


@dataclass(frozen=True)
class Exact:
    """The exact path's attempt: its model and result, unless there was no time for it."""

    attempt: Attempt
    problem: AllocationProblem | None = None
    result: SolveResult | None = None


def portfolio(prepared: Prepared, timings: dict[str, float], clock: Clock,
              progress: Progress | None, hint: Hint | None) -> Outcome:
    """Both paths side by side where they may be (`side_by_side`); else the decomposition,
    then the exact MIP from its plan for the time left; the better plan."""
    need = estimated_exact_seconds(len(prepared.valued.customers)) / max(clock.left(), 1e-9)
    if need <= SIDE_BY_SIDE_NEED and may_run_side_by_side():
        return side_by_side(prepared, timings, clock, progress, hint)
    left = clock.left()
    given = left * decomposition_share(need)
    if left - given < EXACT_SECONDS:  # too little for the exact path after it: all of it
        given = left
    found = decomposition_solve(prepared, given, hint, progress, last_mip=given == left)
    timings["decompose"] = timings["solve"] = round(found.result.seconds, 4)
    timings.update(found.stages)
    first = attempt_of("decomposition", given, found.result)
    warm = hint is not None and hint.multipliers is not None
    if _settled(found, prepared.loaded.scenario.solver.gap):
        why = "decomposition_proved" if found.result.values is not None else "decomposition_settled"
        return decomposed_outcome(prepared, timings, found, clock.after,
                                  (warm, clock.record("decomposition", why, first)))
    exact = _exact(prepared, timings, clock, found)
    timings["solve"] = round(found.result.seconds + (exact.result.seconds if exact.result
                                                     else 0.0), 4)
    return _kept(prepared, timings, clock, (found, exact), (first, exact.attempt), warm)


def exact_first(prepared: Prepared, timings: dict[str, float], clock: Clock,
                progress: Progress | None, hint: Hint | None) -> Outcome:
    """A small book: both paths side by side where two cores are free and this is the
    program's own process (side_by_side); else
    the exact path for EXACT_SHARE of the time left, as its own outcome if it proves its
    answer, then the decomposition for the rest of the time, the better plan kept."""
    if may_run_side_by_side():
        return side_by_side(prepared, timings, clock, progress, hint)
    problem = timed_build(prepared, timings)
    share = replace(clock.options, time_limit=min(clock.options.time_limit,
                                                  clock.left() * EXACT_SHARE))
    result, warm = exact_solve(problem, prepared.loaded.scenario.solver.backend, share, hint)
    timings["solve"] = round(result.seconds, 4)
    attempt = attempt_of("exact", warm[1], result)
    proved = result.status in (Status.OPTIMAL, Status.INFEASIBLE)
    if proved or clock.left() < EXACT_SECONDS:
        why = "small_book" if proved else "decomposition_no_time"
        outcome = Outcome(prepared, problem.decisions, result, "exact", problem,
                          timings=timings, warm_started=warm[0],
                          attempts=clock.record("exact", why, attempt))
        return exact_outcome(outcome, clock.after)
    given = clock.left()
    found = decomposition_solve(prepared, given, hint, progress)
    timings["decompose"] = round(found.result.seconds, 4)
    timings.update(found.stages)
    timings["solve"] = round(found.result.seconds + result.seconds, 4)
    second = attempt_of("decomposition", given, found.result)
    exact = Exact(attempt, problem, result)
    return _kept(prepared, timings, clock, (found, exact), (attempt, second), warm[0])


def side_by_side(prepared: Prepared, timings: dict[str, float], clock: Clock,
                 progress: Progress | None, hint: Hint | None) -> Outcome:
    """The exact path in a process of its own (its model built there, so the decomposition
    starts at once) and the decomposition here, at once, each for the whole time left, as
    each would have it alone: so the plan kept, the better of the two, is at least as good as
    either path's alone. An exact plan proved optimal (or a book proved to have none) is the
    outcome as on the exact path alone, and stops the decomposition beside it, whose plan it
    makes moot. The exact path is always waited for (to its proof or its time limit): a run
    that kept whichever path finished first would keep a plan that depends on the two
    processes' speeds."""
    options = clock.options
    backend = get_backend(prepared.loaded.scenario.solver.backend)
    start, given = time.perf_counter(), seconds_given(options)
    exact = ForkedSolve(backend, partial(_built, prepared, options, hint), options)
    left = clock.left()
    try:
        found = decomposition_solve(prepared, left, hint, progress,
                                    ended=lambda: exact.done() and _proved(exact.answer))
    except BaseException:  # an interrupt, or an error: the exact solve is not waited for
        exact.stop()
        raise
    result = exact.result()
    problem = exact.built.problem if exact.built is not None else None
    timings["build"] = round(exact.built.seconds, 4) if exact.built is not None else 0.0
    timings["decompose"] = round(found.result.seconds, 4)
    timings.update(found.stages)
    timings["solve"] = round(time.perf_counter() - start, 4)
    attempt = attempt_of("exact", given, result)
    warmed = (problem is not None and hinted(problem, options, hint)[1]
              and backend.supports.warm_start)
    if (_proved(result) and problem is not None) or result.status == Status.INFEASIBLE:
        problem = problem or timed_build(prepared, timings)
        outcome = Outcome(prepared, problem.decisions, result, "exact", problem,
                          timings=timings, warm_started=warmed,
                          attempts=clock.record("exact", "small_book", attempt))
        return exact_outcome(outcome, clock.after)
    second = attempt_of("decomposition", left, found.result)
    return _kept(prepared, timings, clock, (found, Exact(attempt, problem, result)),
                 (attempt, second), warmed)


def started_exact(prepared: Prepared, problem: AllocationProblem, timings: dict[str, float],
                  clock: Clock, progress: Progress | None, hint: Hint | None
                  ) -> Outcome | None:
    """`solver.method: exact` on a large MIP: the decomposition's plan, found in START_SHARE of
    the time left, starts the whole MIP, solved for the rest of it and stopped once its plan
    is within the gap target of the lower of the two bounds. The exact plan is kept unless it
    is worse than its start (a solver may reject a start). A start already within the gap
    target of its certified bound is the plan: the MIP could only confirm it, which took HiGHS
    16 s on a generated book of 20,000 customers. None where the decomposition found no plan
    to start from: the exact path then runs alone for the time left."""
    given = clock.left() * START_SHARE
    found = decomposition_solve(prepared, given, hint, progress, last_mip=False)
    timings["decompose"] = round(found.result.seconds, 4)
    timings.update(found.stages)
    if found.result.values is None or found.uncovered:
        return None
    first = attempt_of("decomposition", given, found.result)
    warm = hint is not None and hint.multipliers is not None
    if _settled(found, prepared.loaded.scenario.solver.gap):  # the MIP would only confirm it
        timings["solve"] = round(found.result.seconds, 4)
        return decomposed_outcome(prepared, timings, found, clock.after,
                                  (warm, clock.record("decomposition", "decomposition_proved",
                                                      first)), problem)
    exact = _exact(prepared, timings, clock, found, problem)
    timings["solve"] = round(found.result.seconds + (exact.result.seconds if exact.result
                                                     else 0.0), 4)
    return _kept(prepared, timings, clock, (found, exact), (first, exact.attempt), warm,
                 started=True)


def decomposition_share(need: float) -> float:
    """The decomposition's share of the time left, run first, where the exact path should
    need `need` times the time left: the more, the less it could do with the rest (on the
    bank churn book, 10,000 customers at 20 s, half of what reading left stopped the
    decomposition at a 10% gap where alone it reached 0.03%)."""
    low, high = DECOMPOSITION_SHARE
    where = np.log(max(need, 0.5) / 0.5) / np.log(HOPELESS / 0.5)
    return float(low + (high - low) * min(where, 1.0))


def may_run_side_by_side() -> bool:
    """Whether two cores are free to this process and it is the program's own process (a
    worker's fork of a fork has crashed in HiGHS)."""
    return cores() >= SIDE_BY_SIDE_CORES and may_fork() and main_process()


def _built(prepared: Prepared, options: SolveOptions, hint: Hint | None
           ) -> tuple[AllocationProblem, SolveOptions]:
    """The whole MIP and its solve's options (from the hint's plan where it fits): run in
    the exact path's own process."""
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    return problem, hinted(problem, options, hint)[0]


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def _proved(result: object) -> bool:
    if isinstance(result, Built):
        result = result.result
    return isinstance(result, SolveResult) and result.status in (Status.OPTIMAL,
                                                                 Status.INFEASIBLE)


def _kept(prepared: Prepared, timings: dict[str, float], clock: Clock,
          both: tuple[Decomposed, Exact], tried: tuple[Attempt, Attempt],
          warm: bool, started: bool = False) -> Outcome:
    """The better of the two paths' plans (on a tie the decomposition's, or the exact path's
    where the decomposition's plan `started` it), with the lower of their bounds."""
    found, exact = both
    better = _better(found, exact, ties_to_exact=started)
    if better is None:
        why = "exact_no_time" if exact.result is None else "decomposition_better"
        bound = _lowest(found.result.bound, exact.result.bound if exact.result else None)
        found = replace(found, result=_combined(found.result, found.result.objective, bound,
                                                exact, prepared))
        return decomposed_outcome(prepared, timings, found, clock.after,
                                  (warm, clock.record("decomposition", why, *tried)),
                                  exact.problem)
    problem, result = exact.problem, exact.result
    assert problem is not None and result is not None
    kept = _combined(result, better, _lowest(found.result.bound, result.bound), exact, prepared)
    outcome = Outcome(prepared, problem.decisions, kept, "exact", problem, timings=timings,
                      hint=Hint(None, found.multipliers or None), warm_started=warm,
                      attempts=clock.record("exact", "exact_started" if started
                                            else "exact_better", *tried))
    return exact_outcome(outcome, clock.after)


def _settled(found: Decomposed, gap: float) -> bool:
    """Whether the decomposition leaves nothing for the exact path: a customer no RM may
    serve, no plan possible, or a plan within the gap target of its bound."""
    result = found.result
    if found.uncovered or result.status == Status.INFEASIBLE:
        return True
    return result.gap is not None and result.gap <= gap


def _exact(prepared: Prepared, timings: dict[str, float], clock: Clock,
           found: Decomposed, problem: AllocationProblem | None = None) -> Exact:
    """The whole MIP (`problem`, where already built) for the time left, started from the
    decomposition's plan and stopped once within the gap target of its bound; skipped when too
    little time is left to start it, or once it is built."""
    if clock.left() < EXACT_SECONDS:
        return Exact(skipped("exact", clock.left()), problem)
    problem = problem or timed_build(prepared, timings)
    options = replace(clock.options, known_bound=found.result.bound,
                      start=started(problem, found.result.values))
    given = seconds_given(options)
    if given < EXACT_SECONDS:
        return Exact(skipped("exact", given), problem)
    start = time.perf_counter()
    backend = get_backend(prepared.loaded.scenario.solver.backend)
    result = solve_by_deadline(backend, problem, options)
    result = replace(result, seconds=time.perf_counter() - start)
    objective = rounded(problem, result.values)[1] if result.values is not None else None
    return Exact(attempt_of("exact", given, result, objective), problem, result)


def started(problem: AllocationProblem, values: np.ndarray | None) -> np.ndarray | None:
    """The decomposition's plan as a start of the whole MIP: its decisions, the RM contacts
    they make (the added columns), and each soft row's slack at what the plan takes past that
    row's limit."""
    if values is None or len(values) > problem.n_cols:
        return None
    full = np.zeros(problem.n_cols)
    full[:len(values)] = values
    full = with_contacts_made(problem, full)
    first = max(len(values), int(added_columns(problem).max(initial=-1)) + 1)
    slack = np.arange(first, problem.n_cols)
    if len(slack) == 0:
        return full
    columns = problem.matrix.tocsc()[:, slack]
    rows, signs = columns.indices, columns.data
    activity = (problem.matrix @ full)[rows]
    past = np.where(signs < 0, activity - problem.row_upper[rows],
                    problem.row_lower[rows] - activity) / np.abs(signs)
    full[slack] = np.maximum(np.nan_to_num(past, neginf=0.0, posinf=0.0), 0.0)
    return full


def _better(found: Decomposed, exact: Exact, ties_to_exact: bool = False) -> float | None:
    """The exact plan's value if it is better than the decomposition's, or as good where ties
    go to it (none if not)."""
    if exact.problem is None or exact.result is None or exact.result.values is None:
        return None
    value = rounded(exact.problem, exact.result.values)[1]
    rival = found.result.objective
    if rival is None:
        return value
    tolerance = 1e-9 * max(1.0, abs(rival))
    if value < rival - tolerance or (value <= rival + tolerance and not ties_to_exact):
        return None
    return value


def _lowest(*bounds: float | None) -> float | None:
    known = [b for b in bounds if b is not None]
    return min(known) if known else None


def _combined(result: SolveResult, objective: float | None, bound: float | None, exact: Exact,
              prepared: Prepared) -> SolveResult:
    """The kept plan's result with the lower bound of the two paths: proven where that bound
    is within the gap target of the plan; else stopped as the paths were."""
    if objective is None:
        return replace(result, bound=bound)
    gap = max((bound if bound is not None else np.inf) - objective, 0.0) / max(abs(objective),
                                                                                1.0)
    if gap <= prepared.loaded.scenario.solver.gap:
        stop = result.stopped_on if result.status == Status.OPTIMAL else StoppedOn.GAP
        return replace(result, status=Status.OPTIMAL, bound=bound, stop=stop)
    timed = exact.result is not None and exact.result.stopped_on == StoppedOn.TIME_LIMIT
    stop = StoppedOn.TIME_LIMIT if timed else result.stopped_on
    return replace(result, status=Status.FEASIBLE, bound=bound, stop=stop)
