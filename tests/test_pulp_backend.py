"""CBC through PuLP: the bound is the one CBC printed, never one derived from the requested gap;
a plan is optimal only when CBC says so; a problem without coefficients does not reach CBC."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from allocator.backends import SolveOptions, SolveResult, Status, get_backend
from allocator.backends import pulp as pulp_backend
from allocator.backends.pulp import PulpBackend, cbc_bound
from allocator.instances import read_gap, write_gap_book
from allocator.preparation import prepare
from allocator.problem import AllocationProblem, build_problem
from tests.builders import offer, world
from tests.conftest import SHARED

CHU = SHARED / "gap-orlib" / "instances" / "chu1997" / "b05100"
PRINTED = re.compile(r"^Upper bound:\s+(\S+)", re.MULTILINE)


def problem_of(path: Path) -> AllocationProblem:
    prepared = prepare(path)
    return build_problem(prepared.valued, prepared.loaded.scenario)


def solved_with_log(problem: AllocationProblem, options: SolveOptions,
                    monkeypatch: pytest.MonkeyPatch) -> tuple[SolveResult, str]:
    """Solve with CBC and keep the log it wrote."""
    logs: list[str] = []

    def read(log: str, objective: float) -> float | None:
        logs.append(log)
        return cbc_bound(log, objective)

    monkeypatch.setattr(pulp_backend, "cbc_bound", read)
    result = get_backend("cbc").solve(problem, options)
    return result, logs[-1]


@pytest.mark.skipif(not CHU.exists(), reason="no shared data")
@pytest.mark.parametrize(("gap", "time_limit"), [(0.01, 30.0), (0.0, 1.0)])
def test_cbc_bound_is_the_bound_cbc_printed(gap: float, time_limit: float, tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Stopped within a 1% gap, or on a one-second limit: the bound is CBC's 'Upper bound'
    (rounded up by half its last printed digit), above the plan, and not objective·(1+gap)."""
    problem = problem_of(write_gap_book(read_gap(CHU), tmp_path, backend="cbc"))
    result, log = solved_with_log(problem, SolveOptions(gap=gap, time_limit=time_limit),
                                  monkeypatch)
    assert result.objective is not None and result.bound is not None
    printed = PRINTED.findall(log)
    if printed:
        assert float(printed[-1]) <= result.bound <= float(printed[-1]) + 0.005 + 1e-9
    else:  # CBC closed the search: its bound is the plan's value
        assert "Result - Optimal solution found\n" in log
        assert result.bound == result.objective
    assert result.bound >= result.objective
    assert result.bound != pytest.approx(result.objective + gap * result.objective)


def test_cbc_bound_of_a_proven_plan_is_its_objective(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = world(tmp_path, [{"customer_id": f"C{i}", "revenue_12m": 10.0 * i} for i in range(6)],
                 offers={"a": offer(30, cost=7), "b": offer(20, cost=3)}, budget={"total": 25})
    result, log = solved_with_log(problem_of(path), SolveOptions(gap=0.0), monkeypatch)
    assert "Result - Optimal solution found\n" in log
    assert result.status == Status.OPTIMAL
    assert result.objective == result.bound == pytest.approx(6 * 17 + 23)  # every b (cost 3), one a (7)


@pytest.mark.parametrize(("log", "bound"), [
    ("Result - Stopped on time limit\nObjective value: 4661\nUpper bound: 4698.5\n", 4698.55),
    ("Result - Optimal solution found (within gap tolerance)\nObjective value: 1422643.27\n"
     "Upper bound:                    1.42267e+06\n", 1422675.0),
    ("Result - Optimal solution found\nObjective value: 4661\n", 4661.0),
    ("Result - Optimal solution found (within gap tolerance)\nObjective value: 4661\n", None),
    ("Result - Stopped on time limit\nObjective value: 4661\n", None),
    ("Result - Stopped on time limit\nObjective value: 4661\nUpper bound: 4000\n", None),
    ("✔ LP Optimal — Obj: 4.66e+03\n", None),
    ("", None),
])
def test_cbc_bound_reads_only_what_cbc_printed(log: str, bound: float | None) -> None:
    """No printed bound, or one below the plan, is unknown (None), never a made-up number."""
    found = cbc_bound(log, 4661.0 if "4661" in log else 1422643.27)
    assert found == (None if bound is None else pytest.approx(bound))


def test_cbc_root_lp_written_as_optimal_is_no_plan(tmp_path: Path) -> None:
    """CBC stopped on time right after its root LP writes the fractional LP solution as
    'optimal' and prints no result: no plan; a whole-number one is a plan, not a proven one."""
    path = world(tmp_path, [{"customer_id": "A"}, {"customer_id": "B"}],
                 offers={"a": offer(30, cost=7)}, budget={"total": 10})
    problem = problem_of(path)
    fractional = np.full(problem.n_cols, 0.5)
    found = PulpBackend()._planned(problem, fractional, True, "", False, ("v", 1.0))
    assert found.status == Status.NO_SOLUTION and found.values is None
    whole = np.zeros(problem.n_cols)
    found = PulpBackend()._planned(problem, whole, True, "", False, ("v", 1.0))
    assert found.status == Status.FEASIBLE and found.bound is None


def test_cbc_is_spared_a_matrix_without_coefficients(tmp_path: Path) -> None:
    """Every row empty (CBC crashes on it): solved by inspection, proven optimal."""
    path = world(tmp_path, [{"customer_id": "A"}, {"customer_id": "B"}],
                 offers={"a": offer(10)})
    problem = problem_of(path)
    assert problem.matrix.count_nonzero() == 0 < problem.n_rows
    result = get_backend("cbc").solve(problem, SolveOptions())
    assert result.status == Status.OPTIMAL
    assert result.objective == result.bound == 20.0
