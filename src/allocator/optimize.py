"""Solve a prepared scenario: build the problem, solve it, read the plan, check it independently,
price the constraints; or, when no plan exists, diagnose which constraints must give."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from allocator.attempts import Attempts, Clock, attempt_of, kept_after_solve, run_deadline
from allocator.backends import NAMES, SolveOptions, SolveResult, Status, get_backend
from allocator.backends.base import seconds_given
from allocator.backends.guarded import solve_by_deadline
from allocator.backends.reasons import untranslated, why_ended
from allocator.baselines import evaluate_baselines
from allocator.campaigns.rows import with_contacts_made
from allocator.checks import CheckReport, verify_plan
from allocator.closeness import BasePlan, Kept, allowance, closest, shares_customers
from allocator.decomposition.parts.tables import PartsTables
from allocator.decomposition.priced import decomposition_priced
from allocator.decomposition.search.multipliers import Progress, Settings
from allocator.decomposition.solve import Decomposed, decompose
from allocator.diagnosis import WHOLE_BOOK, Basis, Shortfall, diagnose, diagnose_at_scale
from allocator.errors import (
    AllocatorError,
    InfeasibleError,
    NoPlanError,
    catalogued,
)
from allocator.families import KEPT_EXACTLY
from allocator.no_plan import no_plan_message, rejected_plan
from allocator.plan import Plan, read_plan
from allocator.preparation import Prepared
from allocator.pricing import Priced, Solved, names_of, price_limits
from allocator.problem import AllocationProblem, Decisions, build_problem, decisions_of
from allocator.reference import default_base
from allocator.scenario.schema import Scenario
from allocator.sensitivity import Sensitivity, as_held


@dataclass(frozen=True)
class Hint:
    """A solved point's plan and multipliers, for starting a neighbouring point."""

    values: np.ndarray | None = None
    multipliers: tuple[np.ndarray, ...] | None = None


class PlanCheckError(AllocatorError):
    """The solver returned a plan that the independent checker rejects. Exit code 3."""

    exit_code = 3


@dataclass(frozen=True)
class Outcome:
    prepared: Prepared
    decisions: Decisions
    result: SolveResult
    method: str
    problem: AllocationProblem | None = None
    """The whole MIP (exact path only)."""
    plan: Plan | None = None
    values: np.ndarray | None = None
    """The rounded solution vector the plan was read from."""
    objective: float | None = None
    """Objective of the (rounded) plan, as checked."""
    check: CheckReport | None = None
    prices: dict[tuple[str, str], float] = field(default_factory=dict)
    """(constraint, label) -> marginal value: d objective / d limit."""
    sensitivity: Sensitivity | None = None
    """The prices' ranges and the headline limits' steps."""
    diagnosis: tuple[Shortfall, ...] = ()
    diagnosed_on: Basis | None = None
    """How the diagnosis was made, when not as the whole book's elastic MIP."""
    timings: dict[str, float] = field(default_factory=dict)
    hint: Hint | None = None
    """What a neighbouring sweep point can start from."""
    warm_started: bool = False
    baselines: pd.DataFrame | None = None
    """The rule-of-thumb plans' checked values and the uplift over each (allocator.baselines)."""
    parts: PartsTables | None = None
    """A book planned in parts: its tables (its plan holds only the packages)."""
    kept: Kept | None = None
    """What keeping the most of the base plan undid (allocator.closeness)."""
    attempts: Attempts | None = None
    """Each path's solve, and which plan was kept and why (allocator.attempts)."""

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.result.bound is None:
            return None
        return max(0.0, self.result.bound - self.objective) / max(abs(self.objective), 1.0)


def optimize(prepared: Prepared, progress: Progress | None = None,
             hint: Hint | None = None, base: BasePlan | None = None) -> Outcome:
    """Solve, keep the most of `base` (default: today's books and, for customers without an
    RM today, a reference assignment: allocator.reference) that the gap allows
    (allocator.closeness), check and price (raise PlanCheckError if the checker rejects the
    plan); then value the rule-of-thumb plans on the same book and constraints."""
    if base is not None:
        shares_customers(base, prepared.valued)
    outcome = _solved(prepared, progress, hint)
    if outcome.values is not None:
        outcome = _kept_closest(outcome, base)
    if outcome.objective is None or not prepared.loaded.scenario.output.baselines:
        return outcome
    start = time.perf_counter()
    baselines = evaluate_baselines(prepared, outcome.decisions, outcome.objective)
    timings = outcome.timings | {"baselines": _lap(start)}
    return replace(outcome, baselines=baselines, timings=timings)


def _solved(prepared: Prepared, progress: Progress | None, hint: Hint | None) -> Outcome:
    scenario = prepared.loaded.scenario
    timings = dict(prepared.timings)
    spent = sum(prepared.timings.values())
    deadline = run_deadline(scenario.solver.time_limit, spent)
    kept = kept_after_solve(scenario.solver.time_limit, spent,
                            len(prepared.valued.customers) > WHOLE_BOOK)
    clock = Clock(deadline, replace(solve_options(scenario), ends_at=deadline.end), kept)
    method = choose_method(scenario, len(prepared.valued.customers))
    auto = scenario.solver.method == "auto"
    if auto and method == "exact_only":
        method = "exact"
    elif auto and method != "decomposition":
        from allocator import portfolio  # it builds on this module's steps

        both = portfolio.exact_first if method == "exact" else portfolio.portfolio
        return both(prepared, timings, clock, progress, hint)
    if method == "decomposition":
        why = "large_book" if auto else "method_decomposition"
        return _decomposed(prepared, timings, progress, hint, (clock, why))
    problem = timed_build(prepared, timings)
    if clock.left() <= 0.0:
        raise NoPlanError.said("exact_no_time", scenario=scenario.name,
                               limit=f"{scenario.solver.time_limit:g}")
    result, warm = exact_solve(problem, scenario.solver.backend, clock.options, hint)
    timings["solve"] = round(result.seconds, 4)
    why = (exact_alone(scenario) if auto else None) or "method_exact"
    record = clock.record("exact", why, attempt_of("exact", warm[1], result))
    outcome = Outcome(prepared, problem.decisions, result, method, problem, timings=timings,
                      warm_started=warm[0], attempts=record)
    return exact_outcome(outcome, clock.after)


def timed_build(prepared: Prepared, timings: dict[str, float]) -> AllocationProblem:
    start = time.perf_counter()
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    timings["build"] = _lap(start)
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
        shortfalls = tuple(diagnose(problem, options))
        timings = outcome.timings | {"diagnose": _lap(start)}
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

CLOSEST_CUSTOMERS = 300_000
"""Books up to this size keep the most of the base; a larger book's whole problem is not built
(the decomposition's point), so it keeps only what the solve kept."""


def _kept_closest(outcome: Outcome, base: BasePlan | None) -> Outcome:
    """The plan with its free changes against the base (default: allocator.reference's)
    undone, checked again."""
    values, objective, valued = outcome.values, outcome.objective, outcome.prepared.valued
    assert values is not None and objective is not None
    if len(valued.customers) > CLOSEST_CUSTOMERS:
        return outcome
    start = time.perf_counter()
    scenario = outcome.prepared.loaded.scenario
    problem = outcome.problem or build_problem(valued, scenario)
    if base is None:
        made = time.perf_counter()
        base = default_base(problem, valued)
        outcome = replace(outcome, timings=outcome.timings | {"reference": _lap(made)})
    full = np.zeros(problem.n_cols)
    full[:len(values)] = values
    full = with_contacts_made(problem, full)  # the RM contacts each RM makes, as the rows say
    room = allowance(objective, outcome.result.bound, scenario.solver.gap)
    closer, done = closest(problem, valued, full, base, room)
    kept = closer[:len(values)]
    outcome = replace(outcome, kept=done, timings=outcome.timings | {"closest": _lap(start)})
    if np.array_equal(kept, values):
        return outcome
    objective += float(problem.objective[:len(values)] @ (kept - values))
    priced = Priced(outcome.prices, outcome.sensitivity)  # the same packages: the same LP
    try:
        return checked_plan(outcome, kept, objective, outcome.timings, lambda: priced)
    except PlanCheckError:  # never lose the solved plan to this phase: it stands as solved
        return replace(outcome, kept=replace(done, undone=0))


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
                                             scenario.output.steps))


def checked_plan(outcome: Outcome, values: np.ndarray, objective: float,
                 timings: dict[str, float],
                 pricing: Callable[[], Priced]) -> Outcome:
    """Read the plan from a solution vector, check it independently, then price the limits."""
    prepared = outcome.prepared
    plan = read_plan(outcome.decisions, prepared.valued, values)
    start = time.perf_counter()
    check = verify_plan(prepared.check_inputs(), plan, objective)
    timings["verify"] = _lap(start)
    if not check.ok:
        raise PlanCheckError(*rejected_plan("plan_rejected", prepared.loaded.scenario,
                                            check.hard_violations, True,
                                            solver=outcome.result.solver))
    start = time.perf_counter()
    priced = pricing()
    timings["marginal_values"] = _lap(start)
    hint = Hint(values, outcome.hint.multipliers if outcome.hint else None)
    prices, sensitivity = as_held(priced.prices, priced.sensitivity, check.constraints)
    return replace(outcome, plan=plan, values=values, objective=objective, check=check,
                   prices=prices, sensitivity=sensitivity, timings=timings, hint=hint)


def _decomposed(prepared: Prepared, timings: dict[str, float], progress: Progress | None,
                hint: Hint | None, why: tuple[Clock, str]) -> Outcome:
    clock = why[0]
    given = clock.left()
    found = decomposition_solve(prepared, given, hint, progress)
    timings["solve"] = round(found.result.seconds, 4)
    timings.update(found.stages)
    record = clock.record("decomposition", why[1], attempt_of("decomposition", given,
                                                              found.result))
    return decomposed_outcome(prepared, timings, found, clock.after,
                              (hint is not None and hint.multipliers is not None, record))


def decomposition_solve(prepared: Prepared, seconds: float, hint: Hint | None,
                        progress: Progress | None,
                        ended: Callable[[], bool] | None = None) -> Decomposed:
    """The decomposition for `seconds` at most (or until `ended` says so), from the hint's
    multipliers where given."""
    scenario = prepared.loaded.scenario
    prices = hint.multipliers if hint is not None else None
    settings = Settings(time_limit=seconds, gap=scenario.solver.gap, start=prices,
                        seed=scenario.solver.seed, ended=ended)
    return decompose(prepared.valued, scenario, decisions_of(prepared.valued), settings,
                     progress)


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
        timings["diagnose"] = _lap(start)
        if shortfalls:
            return replace(outcome, diagnosis=tuple(shortfalls), diagnosed_on=basis)
        if result.status != Status.INFEASIBLE:
            basis = None  # the LP keeps every limit: a plan may exist that the search missed
        whole = _whole_numbers_diagnosis(prepared, options) if unproven else ()
        timings["diagnose"] = _lap(start)
        if whole:
            return replace(outcome, diagnosis=whole)
    if result.values is None or result.objective is None:
        error = InfeasibleError if result.status == Status.INFEASIBLE else NoPlanError
        searched = replace(result, seconds=_seconds_spent(timings, result))
        raise error(*no_plan_message(scenario, searched, basis, found.prices))
    plan = Solved(result.values, result.objective, result.bound)
    return checked_plan(outcome, result.values, result.objective, timings,
                        lambda: _decomposition_prices(prepared, plan, found,
                                                      (options, problem)))


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


def estimated_exact_seconds(customers: int) -> float:
    """Measured on 2 cores: HiGHS needs ~2 s at 1,000 customers, ~70 s at 10,000."""
    return 2.0 * (customers / 1000.0) ** 1.54


HOPELESS = 20.0
"""`auto` leaves out the exact path where it should need this many times the time limit to
prove its plan: it would not get past the root LP in the time the decomposition leaves."""


def exact_alone(scenario: Scenario) -> str | None:
    """Why `auto` must plan on the exact path alone (one of attempts.REASONS), or None: a
    family the decomposition keeps hard per customer is soft."""
    if set(scenario.objective.soft) & set(KEPT_EXACTLY):
        return "soft_kept_exactly"
    return None


def choose_method(scenario: Scenario, customers: int) -> str:
    """`auto`: exact when it should finish in half the time limit; the decomposition alone
    where the exact path has no hope in the time (HOPELESS); both in between, the better plan
    kept (allocator.portfolio); the exact path alone ("exact_only") where the decomposition
    cannot hold the scenario (exact_alone)."""
    method = scenario.solver.method
    if method != "auto":
        return method
    if exact_alone(scenario) is not None:
        return "exact_only"
    estimate, limit = estimated_exact_seconds(customers), scenario.solver.time_limit
    if estimate <= limit / 2:
        return "exact"
    return "decomposition" if estimate > HOPELESS * limit else "portfolio"


def solve_options(scenario: Scenario) -> SolveOptions:
    solver = scenario.solver
    return SolveOptions(time_limit=solver.time_limit, gap=solver.gap, threads=solver.threads,
                        seed=solver.seed)


def _lap(start: float) -> float:
    return round(time.perf_counter() - start, 4)
