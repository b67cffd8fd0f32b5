"""Solve a prepared scenario: build the problem, solve it, read the plan, check it independently,
price the constraints; or, when no plan exists, diagnose which constraints must give."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from allocator.checks import CheckReport, PlanInputs, verify_plan
from allocator.diagnosis import Shortfall, diagnose
from allocator.errors import AllocatorError, UserError
from allocator.plan import Plan, read_plan
from allocator.preparation import Prepared
from allocator.problem import AllocationProblem, Decisions, build_problem
from allocator.scenario.schema import Scenario
from allocator.solvers import SolveOptions, SolveResult, Status, get_backend

PER_CUSTOMER = {"coverage_mandatory", "coverage_optional", "contact", "rm_offer_link"}
"""Row blocks with a row per customer or pair: the checker reports them summed, unpriced."""


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
    diagnosis: tuple[Shortfall, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.result.bound is None:
            return None
        return max(self.result.bound - self.objective, 0.0) / max(abs(self.objective), 1.0)


def optimize(prepared: Prepared) -> Outcome:
    """Solve, check and price; raise PlanCheckError if the checker rejects the plan."""
    scenario = prepared.loaded.scenario
    timings = dict(prepared.timings)
    start = time.perf_counter()
    problem = build_problem(prepared.valued, scenario)
    timings["build"] = _lap(start)
    method = choose_method(scenario)
    backend = get_backend(scenario.solver.backend)
    options = solve_options(scenario)
    start = time.perf_counter()
    result = backend.solve(problem, options)
    timings["solve"] = _lap(start)
    outcome = Outcome(prepared, problem.decisions, result, method, problem, timings=timings)
    if result.status == Status.INFEASIBLE:
        start = time.perf_counter()
        shortfalls = tuple(diagnose(problem, options))
        timings["diagnose"] = _lap(start)
        return replace(outcome, diagnosis=shortfalls)
    if not result.status.has_plan or result.values is None:
        raise AllocatorError(
            f"{scenario.name}: {backend.name} found no plan ({result.message or result.status}); "
            "raise solver.time_limit, or loosen the constraints.")
    return _checked(outcome, result.values, timings)


def _checked(outcome: Outcome, raw: np.ndarray, timings: dict[str, float]) -> Outcome:
    problem = outcome.problem
    assert problem is not None
    values = np.where(problem.integer, np.round(raw), np.maximum(raw, 0.0))
    objective = float(problem.objective @ values)
    return checked_plan(outcome, values, objective, timings, lambda: lp_prices(problem, values))


def checked_plan(outcome: Outcome, values: np.ndarray, objective: float,
                 timings: dict[str, float],
                 pricing: Callable[[], dict[tuple[str, str], float]]) -> Outcome:
    """Read the plan from a solution vector, check it independently, then price the limits."""
    prepared = outcome.prepared
    plan = read_plan(outcome.decisions, prepared.valued, values)
    start = time.perf_counter()
    check = verify_plan(plan_inputs(prepared), plan, objective)
    timings["verify"] = _lap(start)
    if not check.ok:
        lines = "\n".join(f"  - {v.describe()}" for v in check.hard_violations)
        raise PlanCheckError(f"the {outcome.result.solver} plan fails the independent check; "
                             f"nothing was written:\n{lines}")
    start = time.perf_counter()
    prices = pricing()
    timings["marginal_values"] = _lap(start)
    return replace(outcome, plan=plan, values=values, objective=objective, check=check,
                   prices=prices, timings=timings)


def plan_inputs(prepared: Prepared) -> PlanInputs:
    book = prepared.book
    return PlanInputs(prepared.loaded.scenario, prepared.tiering.customers, book.rms, book.offers,
                      book.fit_scores)


def choose_method(scenario: Scenario) -> str:
    """`auto` takes the exact path: the whole MIP through the chosen backend."""
    if scenario.solver.method == "decomposition":
        raise UserError("solver.method: the decomposition path is not in this version; use "
                        "'exact' or 'auto'.")
    return "exact"


def solve_options(scenario: Scenario) -> SolveOptions:
    solver = scenario.solver
    return SolveOptions(time_limit=solver.time_limit, gap=solver.gap, threads=solver.threads,
                        seed=solver.seed)


def lp_prices(problem: AllocationProblem, values: np.ndarray) -> dict[tuple[str, str], float]:
    """Marginal values of the aggregate limits (not the rows per customer or pair)."""
    duals = marginal_values(problem, values)
    if duals is None:
        return {}
    prices = {}
    for block in problem.row_blocks:
        if block.name in PER_CUSTOMER:
            continue
        for row in range(block.start, block.stop):
            prices[(block.name, str(problem.row_labels[row]))] = float(duals[row])
    return prices


def marginal_values(problem: AllocationProblem, values: np.ndarray) -> np.ndarray | None:
    """Row duals of the LP relaxation with the package choices fixed at the plan's.

    With every customer decision fixed too, no column would be free and every dual would be
    arbitrary; relaxing the many small customer decisions instead prices each limit as the book
    would feel it at the margin. None if that LP does not solve.
    """
    fixed = problem.col_block("s")
    lower, upper = problem.col_lower.copy(), problem.col_upper.copy()
    lower[fixed] = upper[fixed] = values[fixed]
    relaxed = replace(problem, col_lower=lower, col_upper=upper)
    result = get_backend("highs").solve(relaxed, SolveOptions(time_limit=60, relax=True))
    if result.status != Status.OPTIMAL or result.row_duals is None:
        return None
    return np.asarray(result.row_duals)


def _lap(start: float) -> float:
    return round(time.perf_counter() - start, 4)
