"""The decomposition path: the large-book search for the time left (from a neighbouring
point's multipliers where given), its plan checked and priced; or what must give when it finds
none, or the error saying why it has none."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from allocator.attempts import Attempts, Clock, attempt_of
from allocator.backends import SolveOptions, SolveResult, Status
from allocator.decomposition.priced import decomposition_priced
from allocator.decomposition.search.multipliers import Progress, Settings
from allocator.decomposition.solve import Decomposed, decompose
from allocator.diagnosis import WHOLE_BOOK, Shortfall, diagnose, diagnose_at_scale
from allocator.errors import InfeasibleError, NoPlanError
from allocator.forked_call import APART_ABOVE
from allocator.method_choice import estimated_exact_seconds
from allocator.no_plan import no_plan_message
from allocator.outcome import Hint, Outcome, checked_plan
from allocator.preparation import Prepared, lap
from allocator.pricing import Priced, Solved, names_of, price_limits
from allocator.problem import AllocationProblem, build_problem, decisions_of
from allocator.shortfall_causes import explained


def decomposed(prepared: Prepared, timings: dict[str, float], progress: Progress | None,
               hint: Hint | None, why: tuple[Clock, str]) -> Outcome:
    """The decomposition path alone, for the time the clock leaves; `why`: the clock and why
    the run took this path (one of attempts.REASONS)."""
    clock = why[0]
    given = clock.left()
    found = decomposition_solve(prepared, given, hint, progress,
                                ranges_apart=len(prepared.valued.customers) > APART_ABOVE)
    try:
        timings["solve"] = round(found.result.seconds, 4)
        timings.update(found.stages)
        record = clock.record("decomposition", why[1], attempt_of("decomposition", given,
                                                                  found.result))
        return decomposed_outcome(prepared, timings, found, clock.after,
                                  (hint is not None and hint.multipliers is not None, record))
    finally:
        if found.early_ranges is not None:
            found.early_ranges.close()


def decomposition_solve(prepared: Prepared, seconds: float, hint: Hint | None,
                        progress: Progress | None, ended: Callable[[], bool] | None = None,
                        last_mip: bool = True, ranges_apart: bool = False) -> Decomposed:
    """The decomposition for `seconds` at most (or until `ended` says so), from the hint's
    multipliers where given; `last_mip` as in Settings (off where the exact MIP follows);
    `ranges_apart` as in decompose (the caller closes them)."""
    scenario = prepared.loaded.scenario
    prices = hint.multipliers if hint is not None else None
    settings = Settings(time_limit=seconds, gap=scenario.solver.gap, start=prices,
                        seed=scenario.solver.seed, ended=ended, last_mip=last_mip)
    return decompose(prepared.valued, scenario, decisions_of(prepared.valued), settings,
                     progress, ranges_apart)


def decomposed_outcome(prepared: Prepared, timings: dict[str, float], found: Decomposed,
                       options: SolveOptions, run: tuple[bool, Attempts],
                       problem: AllocationProblem | None = None) -> Outcome:
    """A decomposition's outcome: its plan checked and priced (on `problem`, the whole MIP,
    where already built), or its diagnosis, or the error saying why it has no plan. `run`:
    whether it started from given multipliers, and the record of the run's paths."""
    scenario, valued = prepared.loaded.scenario, prepared.valued
    outcome = Outcome(prepared, decisions_of(valued), found.result, "decomposition",
                      problem=problem, timings=timings,
                      hint=Hint(None, found.multipliers or None), warm_started=run[0],
                      attempts=run[1])
    if found.uncovered:
        shortfall = Shortfall("coverage_mandatory", "coverage", float(len(found.uncovered)),
                              float(len(found.uncovered)), len(found.uncovered),
                              found.uncovered)
        return replace(outcome, diagnosis=(shortfall,))
    result = found.result
    basis = None
    # No plan found on a book the elastic LP covers whole: that LP proves what must give (its
    # shortfalls hold for every plan), where the search ended without a proof of its own
    unproven = result.values is None and len(valued.customers) <= WHOLE_BOOK
    if result.status == Status.INFEASIBLE or unproven:
        start = time.perf_counter()
        shortfalls, basis = diagnose_at_scale(valued, scenario, options)
        timings["diagnose"] = lap(start)
        if shortfalls:
            return replace(outcome, diagnosis=explained(shortfalls, valued, outcome.decisions.y),
                           diagnosed_on=basis)
        if result.status != Status.INFEASIBLE:
            basis = None  # the LP keeps every limit: a plan may exist that the search missed
        whole = _whole_numbers_diagnosis(prepared, options) if unproven else ()
        timings["diagnose"] = lap(start)
        if whole:
            return replace(outcome, diagnosis=explained(whole, valued, outcome.decisions.y))
    if result.values is None or result.objective is None:
        error = InfeasibleError if result.status == Status.INFEASIBLE else NoPlanError
        searched = replace(result, seconds=_seconds_spent(timings, result))
        raise error(*no_plan_message(scenario, searched, basis, found.prices))
    plan = Solved(result.values, result.objective, result.bound)
    return checked_plan(outcome, result.values, result.objective, timings,
                        lambda: _decomposition_prices(prepared, plan, found,
                                                      (options, problem)),
                        apart=len(valued.customers) > APART_ABOVE)


def _seconds_spent(timings: dict[str, float], result: SolveResult) -> float:
    """The seconds the solve took, both paths where both ran (`timings["solve"]`, else the
    result's own), and the diagnosis after it where one ran."""
    return timings.get("solve", result.seconds) + timings.get("diagnose", 0.0)


def _whole_numbers_diagnosis(prepared: Prepared, options: SolveOptions) -> tuple[Shortfall, ...]:
    """What must give in whole numbers (the elastic MIP, as on the exact path), where the
    search found no plan, the elastic LP keeps every limit, and the exact path would solve the
    book within the time limit: some books have a plan only in fractions (a customer split
    between two RMs)."""
    scenario = prepared.loaded.scenario
    if estimated_exact_seconds(len(prepared.valued.customers)) > scenario.solver.time_limit:
        return ()
    return tuple(diagnose(build_problem(prepared.valued, scenario), options))


def _decomposition_prices(prepared: Prepared, plan: Solved, found: Decomposed,
                          solve: tuple[SolveOptions, AllocationProblem | None]) -> Priced:
    """A book the LP covers whole (WHOLE_BOOK customers) is priced as on the exact path, by
    the LP with the plan's packages fixed, ranges included; a larger one by the
    decomposition's multipliers with their ranges. The steps re-run the decomposition
    (allocator.decomposition.priced)."""
    valued, scenario = prepared.valued, prepared.loaded.scenario
    lp = None
    if len(valued.customers) <= WHOLE_BOOK:
        options, problem = solve
        problem = problem or build_problem(valued, scenario)
        full = np.zeros(problem.n_cols)
        full[:len(plan.values)] = plan.values
        lp = price_limits(problem, replace(plan, values=full), options, names_of(valued),
                          measure_steps_too=False)
    return decomposition_priced(valued, scenario, plan, found, names_of(valued), lp,
                                solve[0].ends_at)
