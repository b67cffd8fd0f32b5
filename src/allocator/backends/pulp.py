"""PuLP: CBC by default, or any solver PuLP knows by name (`pulp:GUROBI_CMD`, `pulp:CPLEX_CMD`)."""

from __future__ import annotations

import re
import tempfile
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from allocator.backends.alone import solve_alone, stands_alone
from allocator.backends.base import (
    Capabilities,
    SolveOptions,
    SolveResult,
    Status,
    seconds_given,
)
from allocator.backends.reasons import reason
from allocator.backends.rowwise import iter_rows
from allocator.errors import UserError
from allocator.problem import AllocationProblem

BOUND = re.compile(r"^(?:Upper|Lower) bound:\s+(\S+)", re.MULTILINE)
"""The bound line CBC prints under 'Result - ...' when the plan is not proven optimal."""


class PulpBackend:
    supports = Capabilities(warm_start=False, duals=False, soft_rows=True)

    def __init__(self, solver: str = "CBC") -> None:
        self.solver = solver
        self.name = "cbc" if solver == "CBC" else f"pulp:{solver}"

    def available(self) -> bool:
        try:
            import pulp
        except ImportError:
            return False
        if self.solver == "CBC":
            return _cbc_binary() is not None
        return self.solver in pulp.listSolvers(onlyAvailable=True)

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        import pulp

        start = time.perf_counter()
        version = str(getattr(pulp, "__version__", ""))
        if stands_alone(problem):  # CBC crashes on a matrix without a nonzero
            return solve_alone(problem, self.name, version, time.perf_counter() - start)
        model, variables = _model(problem, options.relax, pulp)
        try:
            log = self._run(model, options, pulp)
        except pulp.PulpSolverError as exc:
            return SolveResult(Status.ERROR, None, None, None, self.name, version,
                               time.perf_counter() - start, reason("reason_failed", reason=exc))
        seconds = time.perf_counter() - start
        if model.sol_status in (1, 2):
            values = np.array([v.value() or 0.0 for v in variables])
            return self._planned(problem, values, model.sol_status == 1, log, options.relax,
                                 (version, seconds))
        if model.status == -1 or model.sol_status == -1:
            return SolveResult(Status.INFEASIBLE, None, None, None, self.name, version, seconds)
        return SolveResult(Status.NO_SOLUTION, None, None, None, self.name, version, seconds,
                           reason("reason_no_plan",
                                  status=pulp.LpStatus.get(model.status, model.status)))

    def _run(self, model: Any, options: SolveOptions, pulp: Any) -> str:
        """Solve the PuLP model in place; the solver's log (CBC's only, '' for others)."""
        with tempfile.TemporaryDirectory(prefix="allocator-pulp-") as folder:
            log = Path(folder) / "solver.log"
            model.solve(self._solver(options, log, pulp))
            return log.read_text(errors="replace") if log.exists() else ""

    def _planned(self, problem: AllocationProblem, values: np.ndarray, proven: bool, log: str,
                 relax: bool, run: tuple[str, float]) -> SolveResult:
        """The result of a solution PuLP read back. CBC stopped on time right after its root LP
        writes that LP's fractional solution as 'optimal': no plan. A plan is optimal only
        when CBC's closing lines say so, and its bound is the one CBC printed."""
        version, seconds = run
        whole = np.abs(values - np.round(values))[problem.integer].max(initial=0.0) <= 1e-6
        if not (relax or whole):
            return SolveResult(Status.NO_SOLUTION, None, None, None, self.name, version,
                               seconds, reason("reason_no_plan_in_time"))
        objective = float(problem.objective @ values)
        bound = None
        if self.solver == "CBC":
            bound = objective if relax and proven else cbc_bound(log, objective)
            proven = proven and bound is not None
        status = Status.OPTIMAL if proven else Status.FEASIBLE
        return SolveResult(status, values, objective, bound, self.name, version, seconds,
                           "" if proven else reason("reason_time_limit"))

    def _solver(self, options: SolveOptions, log: Path, pulp: Any) -> Any:
        settings: dict[str, Any] = {"msg": False, "timeLimit": max(seconds_given(options), 0.01),
                                    "gapRel": options.gap}
        if self.solver == "CBC":
            return pulp.COIN_CMD(path=_cbc_binary(), threads=options.threads, logPath=str(log),
                                 options=[f"randomSeed {options.seed + 1}"], **settings)
        try:
            return pulp.getSolver(self.solver, **settings)
        except Exception as exc:
            raise UserError.said("pulp_cannot_start", solver=self.solver,
                                 reason=exc).quoting(str(exc)) from None


def _cbc_binary() -> str | None:
    """CBC as shipped by the cbcbox package (PuLP's `cbc` extra)."""
    try:
        import cbcbox
    except ImportError:
        return None
    return str(cbcbox.cbc_bin_path())


def _model(problem: AllocationProblem, relax: bool, pulp: Any) -> tuple[Any, list[Any]]:
    model = pulp.LpProblem("allocation", pulp.LpMaximize)
    variables = [
        model.add_variable(f"z{j}", lowBound=float(lb),
                           upBound=None if not np.isfinite(ub) else float(ub),
                           cat="Integer" if integer and not relax else "Continuous")
        for j, (lb, ub, integer) in enumerate(
            zip(problem.col_lower, problem.col_upper, problem.integer, strict=True))
    ]
    nonzero = np.flatnonzero(problem.objective)
    model += pulp.LpAffineExpression([(variables[j], float(problem.objective[j]))
                                      for j in nonzero])
    for row, (lower, upper, cols, coefs) in enumerate(iter_rows(problem)):
        expression = pulp.LpAffineExpression([(variables[j], float(v))
                                              for j, v in zip(cols, coefs, strict=True)])
        if lower == upper:
            model += (expression == lower, f"r{row}")
            continue
        if np.isfinite(lower):
            model += (expression >= lower, f"r{row}_lo")
        if np.isfinite(upper):
            model += (expression <= upper, f"r{row}_hi")
    return model, variables


def cbc_bound(log: str, objective: float) -> float | None:
    """CBC's own bound on the objective (maximization), read from its closing 'Result' lines:
    the 'Upper bound' it prints when it stops short of a proof (on time or within the gap
    tolerance), the objective itself when it reports the plan proven optimal, None (unknown)
    when it printed neither. CBC prints the bound to six significant digits; the value is
    rounded up by half its last printed digit so that it stays a bound."""
    start = log.rfind("Result - ")
    if start < 0:
        return None
    result = log[start:]
    printed = BOUND.search(result)
    if printed is None:
        proven = result.startswith("Result - Optimal solution found")
        return objective if proven and "gap tolerance" not in result.splitlines()[0] else None
    bound = rounded_up(printed.group(1))
    if bound is None or bound < objective - 1e-9 * max(abs(objective), 1.0):
        return None  # not a bound on this plan: unknown rather than a wrong number
    return max(bound, objective)


def rounded_up(text: str) -> float | None:
    """A printed number plus half a unit of its last digit (None if it is not a finite one)."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return float(number + Decimal(5).scaleb(exponent - 1))
