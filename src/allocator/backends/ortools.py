"""OR-Tools through its linear solver wrapper: SCIP (MIP) and CP-SAT (integer columns only)."""

from __future__ import annotations

import time
from typing import Any

import numpy as np

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


class OrToolsBackend:
    def __init__(self, solver: str) -> None:
        self.solver = solver  # "SCIP" or "CP-SAT"
        self.name = solver.lower()
        self.supports = Capabilities(warm_start=False, duals=False,
                                     soft_rows=solver != "CP-SAT")

    def available(self) -> bool:
        try:
            from ortools.linear_solver import pywraplp
        except ImportError:
            return False
        return pywraplp.Solver.CreateSolver(self.solver) is not None

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        from ortools import __version__
        from ortools.linear_solver import pywraplp

        if not self.supports.soft_rows and not problem.integer.all():
            raise UserError.said("backend_whole_numbers_only", name=self.name)
        start = time.perf_counter()
        solver = pywraplp.Solver.CreateSolver(self.solver)
        variables = _build(solver, problem, options.relax)
        self._configure(solver, options)
        params = pywraplp.MPSolverParameters()
        params.SetDoubleParam(params.RELATIVE_MIP_GAP, options.gap)
        code = solver.Solve(params)
        seconds = time.perf_counter() - start
        return _result(solver, code, variables, problem, self.name, __version__, seconds,
                       pywraplp)

    def _configure(self, solver: Any, options: SolveOptions) -> None:
        solver.SetTimeLimit(max(int(seconds_given(options) * 1000), 1))
        solver.SetNumThreads(options.threads)
        if self.solver == "SCIP":
            solver.SetSolverSpecificParametersAsString(
                f"randomization/randomseedshift = {options.seed}\n")
        else:
            solver.SetSolverSpecificParametersAsString(f"random_seed:{options.seed}")


def _build(solver: Any, problem: AllocationProblem, relax: bool) -> list[Any]:
    infinity = solver.infinity()
    variables = [
        solver.IntVar(float(lb), float(ub), f"z{j}") if integer and not relax
        else solver.NumVar(float(lb), float(ub) if np.isfinite(ub) else infinity, f"z{j}")
        for j, (lb, ub, integer) in enumerate(
            zip(problem.col_lower, problem.col_upper, problem.integer, strict=True))
    ]
    for lower, upper, cols, coefs in iter_rows(problem):
        row = solver.RowConstraint(lower if np.isfinite(lower) else -infinity,
                                   upper if np.isfinite(upper) else infinity, "")
        for j, value in zip(cols, coefs, strict=True):
            row.SetCoefficient(variables[j], float(value))
    objective = solver.Objective()
    for j in np.flatnonzero(problem.objective):
        objective.SetCoefficient(variables[j], float(problem.objective[j]))
    objective.SetMaximization()
    return variables


def _result(solver: Any, code: int, variables: list[Any], problem: AllocationProblem, name: str,
            version: str, seconds: float, pywraplp: Any) -> SolveResult:
    if code in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
        values = np.array([v.solution_value() for v in variables])
        objective = float(problem.objective @ values)
        bound = float(solver.Objective().BestBound())
        if code == pywraplp.Solver.OPTIMAL:
            return SolveResult(Status.OPTIMAL, values, objective, max(bound, objective), name,
                               version, seconds)
        return SolveResult(Status.FEASIBLE, values, objective, bound, name, version, seconds,
                           reason("reason_time_limit"))
    if code == pywraplp.Solver.INFEASIBLE:
        return SolveResult(Status.INFEASIBLE, None, None, None, name, version, seconds)
    if code == pywraplp.Solver.NOT_SOLVED:
        return SolveResult(Status.NO_SOLUTION, None, None, None, name, version, seconds,
                           reason("reason_no_plan_in_time"))
    return SolveResult(Status.ERROR, None, None, None, name, version, seconds,
                       reason("reason_code", code=code))
