"""PuLP: CBC by default, or any solver PuLP knows by name (`pulp:GUROBI_CMD`, `pulp:CPLEX_CMD`)."""

from __future__ import annotations

import re
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from allocator.errors import UserError
from allocator.problem import AllocationProblem
from allocator.solvers.base import SolveOptions, SolveResult, Status
from allocator.solvers.rowwise import iter_rows, plan_bound

BOUND = re.compile(r"^(?:Upper|Lower) bound:\s+(\S+)", re.MULTILINE)


class PulpBackend:
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
        model, variables = _model(problem, options.relax, pulp)
        with tempfile.TemporaryDirectory(prefix="allocator-pulp-") as folder:
            log = Path(folder) / "solver.log"
            model.solve(self._solver(options, log, pulp))
            text = log.read_text(errors="replace") if log.exists() else ""
        seconds = time.perf_counter() - start
        version = str(getattr(pulp, "__version__", ""))
        if model.sol_status in (1, 2):
            values = np.array([v.value() or 0.0 for v in variables])
            objective = float(problem.objective @ values)
            proven = model.sol_status == 1
            bound = _printed_bound(text) if not proven else None
            if bound is None and proven:
                bound = plan_bound(objective, 0.0 if options.relax else options.gap)
            status = Status.OPTIMAL if proven else Status.FEASIBLE
            return SolveResult(status, values, objective, bound, self.name, version, seconds,
                               "" if proven else "time limit reached")
        if model.status == -1 or model.sol_status == -1:
            return SolveResult(Status.INFEASIBLE, None, None, None, self.name, version, seconds)
        return SolveResult(Status.NO_SOLUTION, None, None, None, self.name, version, seconds,
                           f"no plan found ({pulp.LpStatus.get(model.status, model.status)})")

    def _solver(self, options: SolveOptions, log: Path, pulp: Any) -> Any:
        settings: dict[str, Any] = {"msg": False, "timeLimit": options.time_limit,
                                    "gapRel": options.gap}
        if self.solver == "CBC":
            return pulp.COIN_CMD(path=_cbc_binary(), threads=options.threads, logPath=str(log),
                                 options=[f"randomSeed {options.seed + 1}"], **settings)
        try:
            return pulp.getSolver(self.solver, **settings)
        except Exception as exc:
            raise UserError(f"solver.backend: PuLP cannot start '{self.solver}' ({exc}).") from None


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


def _printed_bound(log: str) -> float | None:
    found = BOUND.findall(log)
    try:
        return float(found[-1]) if found else None
    except ValueError:
        return None
