"""Which path `solver.method: auto` plans on: exact, the decomposition, or both (the portfolio),
from the exact path's estimated time; and the solver options a scenario sets."""

from __future__ import annotations

from allocator.backends import SolveOptions
from allocator.decomposition.coupling_rows import soft_families
from allocator.families import KEPT_EXACTLY
from allocator.scenario.schema import Scenario


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


def refuse_what_the_path_cannot_hold(scenario: Scenario) -> None:
    """Refuse, before any work (a plain run planned first, reading the book), a scenario that
    `solver.method: decomposition` cannot plan: a soft family it keeps exact per customer
    (decomposition.coupling_rows.soft_families says which)."""
    if scenario.solver.method == "decomposition":
        soft_families(scenario)


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
