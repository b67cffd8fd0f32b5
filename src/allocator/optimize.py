"""Solve a prepared scenario: choose the path (allocator.method_choice), solve on it
(allocator.exact_path, allocator.decomposition_path, or both: allocator.portfolio), keep the
most of a base plan the gap allows, then value the rule-of-thumb plans. The outcome holds the
plan checked independently and priced, or, when no plan exists, which constraints must give."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from allocator import portfolio
from allocator.attempts import Clock, attempt_of, kept_after_solve, run_deadline
from allocator.backends.base import SolveOptions, Status, StoppedOn
from allocator.baselines import evaluate_baselines
from allocator.campaigns.rows import with_contacts_made
from allocator.closeness import BasePlan, Kept, allowance, closest, shares_customers
from allocator.decomposition.clock import Deadline
from allocator.decomposition.schedules import TooManySchedules
from allocator.decomposition.search.multipliers import Progress
from allocator.decomposition_path import decomposed
from allocator.diagnosis import WHOLE_BOOK
from allocator.errors import NoPlanError
from allocator.exact_path import exact_outcome, exact_solve, hinted, timed_build
from allocator.method_choice import choose_method, exact_alone, solve_options
from allocator.outcome import (  # Hint and Outcome: what optimize takes and returns
    Hint,
    Outcome,
    PlanCheckError,
    checked_plan,
)
from allocator.preparation import Prepared, lap
from allocator.pricing import Priced
from allocator.problem import AllocationProblem, build_problem
from allocator.reference import default_base
from allocator.scenario.schema import Scenario


def optimize(prepared: Prepared, progress: Progress | None = None,
             hint: Hint | None = None, base: BasePlan | None = None) -> Outcome:
    """Solve, keep the most of `base` (default: today's books and, for customers without an
    RM today, a reference assignment: allocator.reference) that the gap allows
    (allocator.closeness), check and price (raise PlanCheckError if the checker rejects the
    plan); then value the rule-of-thumb plans on the same book and constraints."""
    if base is not None:
        shares_customers(base, prepared.valued)
    scenario = prepared.loaded.scenario
    deadline = run_deadline(scenario.solver.time_limit, sum(prepared.timings.values()))
    outcome = _solved(prepared, progress, hint, deadline)
    if outcome.values is not None:
        outcome = _kept_closest(outcome, base, deadline)
    if outcome.objective is None or not scenario.output.baselines:
        return outcome
    if deadline.left() <= 0.0 and outcome.attempts is not None:  # the run's time is spent
        return replace(outcome, attempts=replace(outcome.attempts, baselines="time_limit"))
    start = time.perf_counter()
    baselines = evaluate_baselines(prepared, outcome.decisions, outcome.objective)
    timings = outcome.timings | {"baselines": lap(start)}
    return replace(outcome, baselines=baselines, timings=timings)


def _solved(prepared: Prepared, progress: Progress | None, hint: Hint | None,
            deadline: Deadline) -> Outcome:
    """The outcome on the path `solver.method` names, or `auto` chooses, by `deadline`; under
    `auto`, a calendar whose schedules the decomposition cannot list (TooManySchedules) is
    planned on the exact path alone, for the time left."""
    scenario = prepared.loaded.scenario
    timings = dict(prepared.timings)
    spent = sum(prepared.timings.values())
    kept = kept_after_solve(scenario.solver.time_limit, spent,
                            len(prepared.valued.customers) > WHOLE_BOOK)
    clock = Clock(deadline, replace(solve_options(scenario), ends_at=deadline.end), kept)
    method = choose_method(scenario, len(prepared.valued.customers))
    auto = scenario.solver.method == "auto"
    if method == "exact_only" or (method == "exact" and not auto):
        why = (exact_alone(scenario) if auto else None) or "method_exact"
        return _exact_alone(prepared, timings, clock, (hint, progress), why)
    try:
        if method == "decomposition":
            why = "large_book" if auto else "method_decomposition"
            return decomposed(prepared, timings, progress, hint, (clock, why))
        both = portfolio.exact_first if method == "exact" else portfolio.portfolio
        return both(prepared, timings, clock, progress, hint)
    except TooManySchedules:
        if not auto:  # solver.method: decomposition, given: the user's to change
            raise
    return _exact_alone(prepared, timings, clock, (hint, None), "too_many_schedules")


def _exact_alone(prepared: Prepared, timings: dict[str, float], clock: Clock,
                 given: tuple[Hint | None, Progress | None], why: str) -> Outcome:
    """The exact path for the time the clock leaves; `why`: one of attempts.REASONS. As
    `solver.method: exact` asks, a large MIP without a plan of its own to start from (a
    neighbouring point's) starts from the decomposition's (portfolio.started_exact)."""
    scenario = prepared.loaded.scenario
    hint = given[0]
    problem = timed_build(prepared, timings)
    if clock.left() <= 0.0:
        raise NoPlanError.said("exact_no_time", scenario=scenario.name,
                               limit=f"{scenario.solver.time_limit:g}")
    if why == "method_exact" and _starts_from_decomposition(problem, scenario, hint):
        try:
            started = portfolio.started_exact(prepared, problem, timings, clock, given[1], hint)
        except TooManySchedules:  # the decomposition cannot list the calendar: no start
            started = None
        if started is not None:
            return started
    result, warm = exact_solve(problem, scenario.solver.backend, clock.options, hint)
    timings["solve"] = round(result.seconds, 4)
    record = clock.record("exact", why, attempt_of("exact", warm[1], result))
    outcome = Outcome(prepared, problem.decisions, result, "exact", problem, timings=timings,
                      warm_started=warm[0], attempts=record)
    return exact_outcome(outcome, clock.after)


def _starts_from_decomposition(problem: AllocationProblem, scenario: Scenario,
                               hint: Hint | None) -> bool:
    """Whether the exact path starts from the decomposition's plan: a MIP of
    portfolio.START_COLUMNS columns or more that no hint's plan starts, in a scenario the
    decomposition can hold (method_choice.exact_alone)."""
    if problem.n_cols < portfolio.START_COLUMNS or hinted(problem, SolveOptions(), hint)[1]:
        return False
    return exact_alone(scenario) is None


CLOSEST_CUSTOMERS = 300_000
"""Books up to this size keep the most of the base; a larger book's whole problem is not built
(the decomposition's point), so it keeps only what the solve kept."""


def _kept_closest(outcome: Outcome, base: BasePlan | None, deadline: Deadline) -> Outcome:
    """The plan with its free changes against the base (default: allocator.reference's)
    undone, checked again; by the run's deadline (not begun past it, its MIP stopped at it,
    each recorded as stopped on the time limit)."""
    values, objective, valued = outcome.values, outcome.objective, outcome.prepared.valued
    assert values is not None and objective is not None
    if len(valued.customers) > CLOSEST_CUSTOMERS:
        return outcome
    if deadline.left() <= 0.0:  # by the clock alone: a solve the clock stopped left time
        source = base.source if base is not None else "incumbent_rm"
        return _on_the_clock(replace(outcome, kept=Kept(source, 0, 0, stopped_on="time_limit",
                                                        begun=False)))
    start = time.perf_counter()
    scenario = outcome.prepared.loaded.scenario
    problem = outcome.problem or build_problem(valued, scenario)
    if base is None:
        made = time.perf_counter()
        base = default_base(problem, valued, deadline)
        outcome = replace(outcome, timings=outcome.timings | {"reference": lap(made)})
    if not base.decides_offers and len(problem.decisions.x.customer) == 0:
        return outcome  # no customer-RM pair: nothing of the base's books to keep
    full = np.zeros(problem.n_cols)
    full[:len(values)] = values
    full = with_contacts_made(problem, full)  # the RM contacts each RM makes, as the rows say
    room = allowance(objective, outcome.result.bound, scenario.solver.gap)
    closer, done = closest(problem, valued, full, base, room, max(deadline.left(), 1.0))
    kept = closer[:len(values)]
    outcome = replace(outcome, kept=done, timings=outcome.timings | {"closest": lap(start)})
    if done.stopped_on == "time_limit":
        outcome = _on_the_clock(outcome)
    if np.array_equal(kept, values):
        return outcome
    objective += float(problem.objective[:len(values)] @ (kept - values))
    priced = Priced(outcome.prices, outcome.sensitivity)  # the same packages: the same LP
    try:
        return _status_of(checked_plan(outcome, kept, objective, outcome.timings,
                                       lambda: priced), scenario.solver.gap)
    except PlanCheckError:  # never lose the solved plan to this phase: it stands as solved
        return replace(outcome, kept=replace(done, undone=0))


def _on_the_clock(outcome: Outcome) -> Outcome:
    """The outcome of a run whose plan the clock decided (its closest-plan phase stopped or
    not begun on the time limit): the manifest's `solver.stopped_on` says `time_limit`."""
    return replace(outcome, result=replace(outcome.result, stop=StoppedOn.TIME_LIMIT))


def _status_of(outcome: Outcome, target: float) -> Outcome:
    """A plan the solve left short of the gap target (feasible) that keeping the base brought
    within it of the solver's proven bound: optimal within the gap, as the solve would have
    said of it."""
    result, gap = outcome.result, outcome.gap
    if result.status == Status.FEASIBLE and gap is not None and gap <= target:
        return replace(outcome, result=replace(result, status=Status.OPTIMAL, message=""))
    return outcome
