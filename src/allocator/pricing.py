"""Prices of an exact plan's limits: each limit's marginal value and its range from the LP
with the package choices fixed at the plan's (limit_prices.py), what moving a limit to an end
of its range is worth, and, where the plan is proven within the scenario's gap, the steps of
the lumpy decisions that LP cannot see (limit_steps.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from allocator import columns as c
from allocator.backends import SolveOptions, SolveResult, Status, get_backend
from allocator.backends.base import StoppedOn
from allocator.limit_prices import (
    aggregate_rows,
    fixed_packages,
    limit_key,
    limit_lumps,
    prices_by_limit,
    reachable_limits,
)
from allocator.limit_steps import measure_steps
from allocator.package_steps import Names, Solved
from allocator.problem import AllocationProblem
from allocator.range_ends import range_end_raises
from allocator.sensitivity import Key, Sensitivity
from allocator.valuation import ValuedBook


@dataclass(frozen=True)
class Priced:
    prices: dict[Key, float]
    sensitivity: Sensitivity | None = None
    """For a decomposition's multipliers, only which limits are identities (no ranges, no
    steps); None where nothing is known beyond the prices."""


def names_of(valued: ValuedBook) -> Names:
    rms = valued.rms
    return Names(list(valued.tiers), list(valued.package_ids), dict(zip(
        rms[c.RM_ID].astype(str), rms[c.GRADE].astype(str), strict=True)))


def price_limits(problem: AllocationProblem, plan: Solved, options: SolveOptions,
                 names: Names, measure_steps_too: bool = True, closing: float = 0.0) -> Priced:
    """Marginal values and their ranges, which limits have terms that can reach them, and the
    steps of the headline limits; the steps stop `closing` seconds before the run's deadline
    (`options.ends_at`), the time its closing phases are kept (attempts.CLOSING_SHARE)."""
    reachable, modelled = reachable_limits(problem)
    result = get_backend("highs").solve(fixed_packages(problem, plan.values),
                                        SolveOptions(time_limit=60, relax=True, ranging=True,
                                                     ends_at=options.ends_at))
    prices: dict[Key, float] = {}
    ranges: dict[Key, tuple[float, float]] = {}
    if result.status == Status.OPTIMAL and result.row_duals is not None:
        prices, ranges = prices_by_limit(problem, result)
    known = Sensitivity(ranges, (), reachable, modelled, lumps=limit_lumps(problem),
                        unpriced=_unpriced(result))
    if prices and result.objective is not None:
        keyed = {limit_key(problem, name, row): row for name, row in aggregate_rows(problem)
                 if name != "continuity"}
        known = replace(known, raises=range_end_raises(
            fixed_packages(problem, plan.values), result.objective, keyed, prices, ranges,
            options.ends_at, result.basis))
    if not measure_steps_too:
        return Priced(prices, replace(known, skipped="steps_off"))
    if not _proven(plan, options):  # a re-solve's change could not be told from the gap
        return Priced(prices, replace(known, skipped="steps_unproven"))
    if options.ends_at is not None:
        options = replace(options, ends_at=options.ends_at - closing)
    steps = tuple(measure_steps(problem, plan, options, names))
    return Priced(prices, replace(known, steps=steps))


def _unpriced(result: SolveResult) -> str:
    """Why the LP gave no prices: "time limit" where the run's time limit stopped it (or
    had passed before it began); "" where it priced the limits."""
    priced = result.status == Status.OPTIMAL and result.row_duals is not None
    return "time limit" if not priced and result.stopped_on == StoppedOn.TIME_LIMIT else ""


def _proven(plan: Solved, options: SolveOptions) -> bool:
    """The plan is proven optimal within the scenario's gap."""
    allowed = max(options.gap, 1e-6) * max(1.0, abs(plan.objective))
    return plan.bound is not None and plan.bound - plan.objective <= allowed * (1 + 1e-9)
