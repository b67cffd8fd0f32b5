"""The exact path: the whole MIP built and solved for the time left (from a neighbouring
point's plan where it fits), its plan rounded, checked and priced; or its diagnosis when it
proves that no plan exists, or the error saying why it has none."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from allocator.attempts import CLOSING_SHARE
from allocator.backends import NAMES, SolveOptions, SolveResult, Status, get_backend
from allocator.backends.base import seconds_given
from allocator.backends.guarded import solve_by_deadline
from allocator.backends.reasons import untranslated, why_ended
from allocator.diagnosis import diagnose
from allocator.errors import NoPlanError, catalogued
from allocator.outcome import Hint, Outcome, checked_plan
from allocator.preparation import Prepared, lap
from allocator.pricing import Solved, names_of, price_limits
from allocator.problem import AllocationProblem, build_problem
from allocator.scenario.schema import Scenario
from allocator.shortfall_causes import explained


def timed_build(prepared: Prepared, timings: dict[str, float]) -> AllocationProblem:
    start = time.perf_counter()
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    timings["build"] = lap(start)
    return problem


def exact_solve(problem: AllocationProblem, name: str, options: SolveOptions,
                 hint: Hint | None) -> tuple[SolveResult, tuple[bool, float]]:
    """The exact solve for the time left, from the hint's plan where it fits; with whether it
    was warm started and the seconds it was given."""
    backend = get_backend(name)
    options, warm = hinted(problem, options, hint)
    given = seconds_given(options)
    result = solve_by_deadline(backend, problem, options)
    return result, (warm and backend.supports.warm_start, given)


def hinted(problem: AllocationProblem, options: SolveOptions, hint: Hint | None
           ) -> tuple[SolveOptions, bool]:
    """The exact solve's options, started from the hint's plan where it fits; and whether
    they are."""
    start_values = hint.values if hint is not None else None
    warm = start_values is not None and len(start_values) == problem.n_cols
    return (replace(options, start=start_values) if warm else options), warm


def exact_outcome(outcome: Outcome, options: SolveOptions) -> Outcome:
    """An exact solve's outcome: its plan checked and priced, or its diagnosis when it proved
    that no plan exists."""
    problem, result = outcome.problem, outcome.result
    scenario = outcome.prepared.loaded.scenario
    assert problem is not None
    if result.status == Status.INFEASIBLE:
        start = time.perf_counter()
        shortfalls = explained(diagnose(problem, options), outcome.prepared.valued, problem.y)
        timings = outcome.timings | {"diagnose": lap(start)}
        return replace(outcome, diagnosis=shortfalls, timings=timings)
    if not result.status.has_plan or result.values is None:
        raise NoPlanError(*exact_no_plan_message(scenario, result.solver, result)).quoting(
            untranslated(result.message))
    return _checked(outcome, result.values, outcome.timings, options)


def exact_no_plan_message(scenario: Scenario, backend: str, result: SolveResult
                          ) -> tuple[str, str]:
    """Why the exact path has no plan, in English and in Chinese: the solver failed, or its
    time ran out."""
    why, why_zh = why_ended(result)
    if result.status == Status.ERROR:
        other = next(name for name in NAMES if name != backend)
        return catalogued("backend_failed", scenario=scenario.name, backend=backend, why=why,
                          why_zh=why_zh, other=other)
    return catalogued("backend_no_plan", scenario=scenario.name, backend=backend, why=why,
                      why_zh=why_zh)


def rounded(problem: AllocationProblem, raw: np.ndarray) -> tuple[np.ndarray, float]:
    """A solver's solution with its whole-number columns rounded, and that plan's value."""
    values = np.where(problem.integer, np.round(raw), np.maximum(raw, 0.0))
    return values, float(problem.objective @ values)


def _checked(outcome: Outcome, raw: np.ndarray, timings: dict[str, float],
             options: SolveOptions) -> Outcome:
    problem = outcome.problem
    assert problem is not None
    values, objective = rounded(problem, raw)
    scenario, valued = outcome.prepared.loaded.scenario, outcome.prepared.valued
    names = names_of(valued)
    plan = Solved(values, objective, outcome.result.bound)
    return checked_plan(outcome, values, objective, timings,
                        lambda: price_limits(problem, plan, options, names,
                                             scenario.output.steps,
                                             CLOSING_SHARE * scenario.solver.time_limit))
