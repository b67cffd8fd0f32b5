"""The steps of the lumpy decisions an exact plan's prices cannot see (a tier's package; a
mandatory tier's coverage, which fewer hours may no longer carry): re-solves of the MIP with a
headline limit (budget, loss cap, capital cap) or the RM hours of a grade moved by a fifth, and
where a cut limit leaves no plan, the requirement that fails there.

A fixed count of solves: per limit stepped at most one LP and four MIPs (with only the
packages whole, or with the packages fixed), and one more where a cut has no plan (to tell
whether the mandatory coverage is what fails).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from allocator.backends import SolveOptions, Status, get_backend
from allocator.limit_prices import aggregate_rows, fixed_packages
from allocator.package_steps import (
    Names,
    Solved,
    flip_point,
    package_changes,
    package_use,
    packages_kept,
    same_packages,
)
from allocator.problem import AllocationProblem
from allocator.sensitivity import STEP_SHARE, Key, Step, unreachable_rows

HEADLINES: tuple[Key, ...] = (("budget", "total"), ("loss_cap", "total"),
                              ("capital_cap", "total"))
"""The limits whose steps are measured by re-solving."""
STEP_SECONDS = 30.0
"""Each re-solve stops after at most this long (or the scenario's time limit); a step whose
re-solve stopped is reported as not proven."""


@dataclass(frozen=True)
class Lever:
    """Limits moved together by one share of themselves: one row, or every RM's hours of a
    grade. `headline`: always stepped (else only where whole packages would change)."""

    constraint: str
    label: str
    rows: np.ndarray
    sense: str
    headline: bool


def measure_steps(problem: AllocationProblem, plan: Solved, options: SolveOptions,
                  names: Names, workers: int | None = None) -> Iterator[Step]:
    """Each lever (see _levers) loosened by STEP_SHARE (re-solved from the plan, unless the LP
    relaxation there shows any gain is within the scenario's gap) and, where the plan uses more
    than the tightened limits allow, tightened by STEP_SHARE (see _cut). A lever that is not a
    headline is stepped only where the packages the bound picks at the moved limit (whole
    packages, the customers' decisions relaxed) differ from the plan's: a lumpy step its
    marginal value cannot see. Levers are not stepped once the run's deadline has passed.
    The levers are stepped `workers` at a time (default: the scenario's threads; HiGHS
    releases the GIL, and its MIP keeps to about one core) and told in the levers' order,
    so the steps are the same at any number at a time."""
    levers = list(_levers(problem, names))
    workers = max(1, min(options.threads if workers is None else workers, len(levers)))
    each = partial(_lever_steps, problem, plan, options, names)
    if workers == 1:
        for lever in levers:
            yield from each(lever)
        return
    pool = ThreadPoolExecutor(workers)
    try:
        for steps in pool.map(each, levers):
            yield from steps
    except BaseException:  # Ctrl-C or SIGTERM: not waiting for the solves under way
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _lever_steps(problem: AllocationProblem, plan: Solved, options: SolveOptions, names: Names,
                 lever: Lever) -> list[Step]:
    """The lever's steps: loosened, and tightened where the plan is over the tighter limits;
    none once the run's deadline has passed."""
    if options.ends_at is not None and time.perf_counter() > options.ends_at:
        return []
    limits = _limits(problem, lever.rows, lever.sense)
    limit = float(limits.sum())
    if limit <= 0:
        return []  # no room to move by a share of itself
    used = problem.matrix[lever.rows] @ plan.values
    up, down = 1 + STEP_SHARE, 1 - STEP_SHARE
    looser, tighter = (up, down) if lever.sense == "le" else (down, up)
    step = Step(lever.constraint, lever.label, limit, limit * looser, "re-solved", None,
                sense=lever.sense)
    steps = [_raised(problem, lever, step, plan, options, names)]
    over = used > limits * tighter if lever.sense == "le" else used < limits * tighter
    if over.any():
        cut = replace(step, moved_to=limit * tighter, how="bounded")
        steps.append(_cut(problem, lever, cut, plan, options, names))
    return [s for s in steps if s is not None]


def _limits(problem: AllocationProblem, rows: np.ndarray, sense: str) -> np.ndarray:
    return np.asarray(problem.row_lower[rows] if sense == "ge" else problem.row_upper[rows],
                      dtype=float)


def _levers(problem: AllocationProblem, names: Names) -> Iterator[Lever]:
    """The headline limits, the RM hours of each grade whose hours any plan can fill, then each
    other one-sided limit a package choice enters."""
    never = unreachable_rows(problem)
    headlines = [(name, row) for name, label in HEADLINES
                 if (row := _row(problem, name, label)) is not None and not never[row]]
    for name, row in headlines:
        yield Lever(name, str(problem.row_labels[row]), np.array([row]), "le", True)
    yield from _grade_levers(problem, names, never)
    packages = problem.matrix[:, problem.col_block("s")].tocsr()
    holds = np.diff(packages.indptr) > 0
    one_sided = np.isfinite(problem.row_lower) != np.isfinite(problem.row_upper)
    stepped = {row for _, row in headlines}
    for name, row in aggregate_rows(problem):
        if holds[row] and one_sided[row] and not never[row] and row not in stepped:
            sense = "ge" if np.isfinite(problem.row_lower[row]) else "le"
            yield Lever(name, str(problem.row_labels[row]), np.array([row]), sense, False)


def _grade_levers(problem: AllocationProblem, names: Names, never: np.ndarray
                  ) -> Iterator[Lever]:
    """Every RM's hours of a grade as one lever, where any of them can be filled."""
    block = next((b for b in problem.row_blocks if b.name == "rm_capacity"), None)
    if block is None or not names.rm_grades:
        return
    rows = np.arange(block.start, block.stop)
    grades = np.array([names.rm_grades.get(str(problem.row_labels[r]), "") for r in rows])
    for grade in sorted(set(grades) - {""}):
        mine = rows[grades == grade]
        if not never[mine].all():
            yield Lever("rm_capacity", grade, mine, "le", True)


def _cut(problem: AllocationProblem, lever: Lever, step: Step, plan: Solved,
         options: SolveOptions, names: Names) -> Step | None:
    """A cut limit, measured in two solves. The problem with whole packages and every customer
    decision relaxed bounds the value of any plan there and picks the packages; the MIP with
    those packages fixed then re-solves the customers' decisions, a plan that exists at the cut
    limit (re-solving the whole MIP took up to ten times the plan's own solve: its plan is no
    longer a start). The change is that plan's, within the bound's distance and the gaps."""
    packages = np.zeros(problem.n_cols, dtype=bool)
    packages[problem.col_block("s")] = True
    moved = _moved(problem, lever, step)
    relaxed = get_backend("highs").solve(replace(moved, integer=packages),
                                         SolveOptions(time_limit=60, gap=1e-6,
                                                     ends_at=options.ends_at))
    if relaxed.status == Status.INFEASIBLE:
        return replace(step, how="no plan", cause=cause_of_no_plan(moved, options.ends_at))
    bound = relaxed.bound if relaxed.bound is not None else relaxed.objective
    if bound is None or relaxed.values is None:
        return step if lever.headline else None
    chosen = np.round(relaxed.values)
    if not lever.headline and same_packages(problem, plan, chosen):
        return None  # no lumpy step: the marginal value and its range tell the rest
    bounded = replace(step, change=min(bound - plan.objective, 0.0),
                      packages=package_changes(problem, plan.values, chosen, names))
    seconds = min(options.time_limit, STEP_SECONDS)
    result = get_backend("highs").solve(fixed_packages(moved, chosen),
                                        replace(options, time_limit=seconds))
    if not result.status.has_plan or result.values is None:
        return bounded
    then = np.round(result.values)
    value = float(problem.objective @ then)
    plan_gap = np.inf if plan.bound is None else max(plan.bound - plan.objective, 0.0)
    measured = replace(bounded, how="re-solved", change=value - plan.objective,
                       spread=max(bound - value, 0.0) + plan_gap,
                       packages=package_changes(problem, plan.values, then, names),
                       package_use=package_use(problem, lever.rows, plan.values, then),
                       proven=result.status == Status.OPTIMAL)
    return _located(problem, lever, measured, plan, options.ends_at)


def _raised(problem: AllocationProblem, lever: Lever, step: Step, plan: Solved,
            options: SolveOptions, names: Names) -> Step | None:
    moved = _moved(problem, lever, step)
    if not lever.headline and packages_kept(moved, plan, options.ends_at):
        return None  # no lumpy step: the marginal value and its range tell the rest
    gain = _relaxed_gain(moved, plan.objective, options.ends_at)
    if gain is not None and gain <= max(options.gap, 1e-6) * max(1.0, abs(plan.objective)):
        return replace(step, how="bounded", change=max(gain, 0.0))
    return _located(problem, lever, _resolved(step, moved, plan, options, names, lever.rows),
                    plan, options.ends_at)


def _located(problem: AllocationProblem, lever: Lever, step: Step, plan: Solved,
             ends_at: float | None) -> Step:
    """The step with the limit from which its package change begins, where it has one (and
    it is found by `ends_at`)."""
    if not step.packages or step.how != "re-solved":
        return step
    at = flip_point(lambda limit: _moved(problem, lever, replace(step, moved_to=limit)), plan,
                    step.limit, step.moved_to, ends_at)
    return replace(step, packages_from=at)


def _row(problem: AllocationProblem, name: str, label: str) -> int | None:
    block = next((b for b in problem.row_blocks if b.name == name), None)
    if block is None:
        return None
    rows = [r for r in range(block.start, block.stop) if str(problem.row_labels[r]) == label]
    return rows[0] if rows else None


def _scaled_limits(problem: AllocationProblem, rows: np.ndarray | slice, factor: float,
                   sense: str) -> AllocationProblem:
    """The problem with the rows' floors (ge) or caps (le) multiplied by `factor`."""
    if sense == "ge":
        lower = problem.row_lower.copy()
        lower[rows] = lower[rows] * factor
        return replace(problem, row_lower=lower)
    upper = problem.row_upper.copy()
    upper[rows] = upper[rows] * factor
    return replace(problem, row_upper=upper)


LINKED: dict[str, tuple[tuple[str, str], ...]] = {
    "budget": (("tier_budget_floor", "ge"), ("tier_budget_cap", "le")),
    "loss_cap": (("tier_loss", "le"),),
}
"""The rows whose limits are shares of a headline limit (a tier's budget floor and cap, its loss
cap): they move with it, as they do when the scenario's value is changed."""


def _moved(problem: AllocationProblem, lever: Lever, step: Step) -> AllocationProblem:
    """The problem with the lever's limits moved by the step's share, and the limits that are
    shares of it moved in proportion."""
    factor = step.moved_to / step.limit
    moved = _scaled_limits(problem, lever.rows, factor, lever.sense)
    for name, sense in LINKED.get(step.constraint, ()):
        block = next((b for b in moved.row_blocks if b.name == name), None)
        if block is not None:
            moved = _scaled_limits(moved, slice(block.start, block.stop), factor, sense)
    return moved


REQUIREMENTS = ("coverage_mandatory", "continuity", "rm_min_load", "offer_minimum",
                "tier_budget_floor")
"""Rows a plan must fill (coverage, incumbents kept, loads, sales, spend): where a cut leaves
no plan, the first of these whose rows, dropped, let a plan exist is named as what fails."""


def cause_of_no_plan(moved: AllocationProblem, ends_at: float | None = None) -> str:
    """The requirement (see REQUIREMENTS) that fails at the moved limit, or "" if none alone
    or the clock ends its LPs first (`ends_at`, on time.perf_counter's clock: the step's end;
    at 50,000 customers these LPs took 17 s of a step given 5)."""
    for name in REQUIREMENTS:
        block = next((b for b in moved.row_blocks if b.name == name), None)
        if block is None or block.stop == block.start:
            continue
        if ends_at is not None and time.perf_counter() >= ends_at:
            return ""
        lower = moved.row_lower.copy()
        lower[block.start:block.stop] = -np.inf
        result = get_backend("highs").solve(replace(moved, row_lower=lower),
                                            SolveOptions(time_limit=60, relax=True,
                                                         ends_at=ends_at))
        if result.status == Status.NO_SOLUTION:  # stopped by the clock: the cause is unknown
            return ""
        if result.status != Status.INFEASIBLE:
            return name
    return ""


def _relaxed_gain(problem: AllocationProblem, objective: float,
                  ends_at: float | None) -> float | None:
    """The LP relaxation's bound at the moved limit, less the plan's value: no plan there can
    gain more. None if the relaxation has no solution (then neither has the MIP)."""
    result = get_backend("highs").solve(problem, SolveOptions(time_limit=60, relax=True,
                                                              ends_at=ends_at))
    if result.objective is None:
        return None
    return (result.objective if result.bound is None else result.bound) - objective


def _resolved(step: Step, problem: AllocationProblem, plan: Solved, options: SolveOptions,
              names: Names, rows: np.ndarray) -> Step:
    """The MIP at the raised limit, started from the plan: its change in value, within the two
    solves' gaps, the tiers whose package changes and how much of the limit that takes."""
    seconds = min(options.time_limit, STEP_SECONDS)
    result = get_backend("highs").solve(problem, replace(options, time_limit=seconds,
                                                         start=plan.values))
    if result.status == Status.ERROR:  # refused or failed: neither no plan nor the clock
        return replace(step, proven=False, unmeasured="solver failed")
    if not result.status.has_plan or result.values is None:
        return replace(step, proven=False)
    then = np.round(result.values)
    value = float(problem.objective @ then)
    gaps = [b - v for b, v in ((result.bound, value), (plan.bound, plan.objective))
            if b is not None]
    spread = sum(max(g, 0.0) for g in gaps) if len(gaps) == 2 else np.inf
    return replace(step, change=value - plan.objective, spread=spread,
                   packages=package_changes(problem, plan.values, then, names),
                   package_use=package_use(problem, rows, plan.values, then),
                   proven=result.status == Status.OPTIMAL)
