"""A problem whose rows hold no coefficient (or that has no columns at all): each column stands
alone, so its best value is one of its own bounds and the plan is proven optimal by inspection.

HiGHS reports such a model with no columns as "empty" rather than solving it, and CBC crashes on
a matrix without a single nonzero; both backends answer it here instead.
"""

from __future__ import annotations

import numpy as np

from allocator.backends.base import SolveResult, Status
from allocator.backends.reasons import reason
from allocator.problem import AllocationProblem


def stands_alone(problem: AllocationProblem) -> bool:
    """True when no row holds a nonzero coefficient (stored zeros count as none)."""
    return problem.n_cols == 0 or problem.matrix.count_nonzero() == 0


def solve_alone(problem: AllocationProblem, solver: str, version: str,
                seconds: float) -> SolveResult:
    """The proven optimum of a problem without coefficients (maximization): every row must
    admit zero, and every column sits at its best bound (zero, or the bound nearest it, when
    its objective coefficient is zero). The objective of no columns is 0."""
    if np.any(problem.row_lower > 0) or np.any(problem.row_upper < 0):
        return SolveResult(Status.INFEASIBLE, None, None, None, solver, version, seconds)
    cost, lower, upper = problem.objective, problem.col_lower, problem.col_upper
    if np.any(lower > upper):
        return SolveResult(Status.INFEASIBLE, None, None, None, solver, version, seconds)
    neutral = np.clip(0.0, lower, upper)
    values = np.where(cost > 0, upper, np.where(cost < 0, lower, neutral)).astype(float)
    if not np.isfinite(values).all():
        return SolveResult(Status.ERROR, None, None, None, solver, version, seconds,
                           reason("reason_unbounded"))
    objective = float(cost @ values) if len(values) else 0.0
    return SolveResult(Status.OPTIMAL, values, objective, objective, solver, version, seconds)
