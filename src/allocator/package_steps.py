"""Where a lumpy step of package choices lies: which tiers' packages change at a moved limit,
how much of the limit that change takes, and from which limit the bound with whole packages
(the customers' decisions relaxed) first picks them.

Pure but for the bound's solves; the steps themselves are measured in allocator.limit_steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np

from allocator.backends import SolveOptions, Status, get_backend
from allocator.problem import AllocationProblem, Decisions

LOCATE_PROBES = 8
"""Bisections that locate where the packages change: within 1/256 of the move (a count)."""


@dataclass(frozen=True)
class Solved:
    """The plan the steps start from: its solution vector, value and proven bound."""

    values: np.ndarray
    objective: float
    bound: float | None


@dataclass(frozen=True)
class Names:
    """The tiers' and packages' names, for the steps' package changes, and each RM's grade, for
    the steps of a grade's hours."""

    tiers: list[str]
    packages: list[str]
    rm_grades: dict[str, str] = field(default_factory=dict)


def same_packages(problem: AllocationProblem, plan: Solved, chosen: np.ndarray) -> bool:
    block = problem.col_block("s")
    return bool(np.array_equal(np.round(chosen[block]), np.round(plan.values[block])))


def packages_kept(problem: AllocationProblem, plan: Solved, ends_at: float | None = None
                  ) -> bool:
    """Whether the bound with whole packages and the customers' decisions relaxed keeps the
    plan's packages (or has none to tell by `ends_at`, on time.perf_counter's clock)."""
    return packages_told(problem, plan, ends_at) is not False


def packages_told(problem: AllocationProblem, plan: Solved, ends_at: float | None = None
                  ) -> bool | None:
    """Whether the bound with whole packages and the customers' decisions relaxed keeps the
    plan's packages: True where it has no plan either, None where it has proved no answer by
    `ends_at` (on time.perf_counter's clock)."""
    packages = np.zeros(problem.n_cols, dtype=bool)
    packages[problem.col_block("s")] = True
    relaxed = get_backend("highs").solve(replace(problem, integer=packages),
                                         SolveOptions(time_limit=60, gap=1e-6, ends_at=ends_at))
    if relaxed.status == Status.INFEASIBLE:
        return True
    if relaxed.status != Status.OPTIMAL or relaxed.values is None:
        return None
    return same_packages(problem, plan, relaxed.values)


def flip_point(moved_at: Callable[[float], AllocationProblem], plan: Solved, start: float,
               end: float, ends_at: float | None = None) -> float | None:
    """The limit between `start` (the plan's) and `end` from which the bound with whole packages
    picks other packages than the plan (None if it keeps them at `end`, or cannot tell by
    `ends_at`): bisected LOCATE_PROBES times, so the same problem gives the same point; once
    a probe cannot tell by `ends_at`, the nearest limit known to change them."""
    if packages_told(moved_at(end), plan, ends_at) is not False:
        return None
    kept, changed = start, end
    for _ in range(LOCATE_PROBES):
        middle = (kept + changed) / 2
        told = packages_told(moved_at(middle), plan, ends_at)
        if told is None:
            break
        kept, changed = (middle, changed) if told else (kept, middle)
    return changed


def package_use(problem: AllocationProblem, rows: np.ndarray, now: np.ndarray,
                 then: np.ndarray) -> float:
    """How much more of the lever's limits the package choices take in `then` than in `now`
    (the size of the lumpy step: the rest of the move is spent at the margin)."""
    block = problem.col_block("s")
    part = problem.matrix[rows][:, block]
    return float(np.asarray(part @ (then[block] - now[block])).sum())


def package_changes(problem: AllocationProblem | Decisions, now: np.ndarray, then: np.ndarray,
                    names: Names) -> tuple[tuple[str, str, str], ...]:
    """(tier, package now, package then) for each tier whose package differs."""
    block, s = problem.col_block("s"), problem.s
    chosen_now, chosen_then = now[block] > 0.5, then[block] > 0.5
    before = {int(t): names.packages[int(p)] for t, p in zip(s.tier[chosen_now],
                                                            s.package[chosen_now], strict=True)}
    after = {int(t): names.packages[int(p)] for t, p in zip(s.tier[chosen_then],
                                                           s.package[chosen_then], strict=True)}
    return tuple((names.tiers[t], before.get(t, ""), after.get(t, ""))
                 for t in sorted(set(before) | set(after)) if before.get(t) != after.get(t))
