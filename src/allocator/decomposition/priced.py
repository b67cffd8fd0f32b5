"""What the decomposition path knows of its limits beyond their prices: the multipliers'
ranges on a book the LP does not cover (ranging.py) and the headline limits' steps, measured by
running the decomposition again (steps.py), at every size."""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np

from allocator.decomposition.coupling import row_lumps, row_prices
from allocator.decomposition.coupling_rows import couplings, soft_families
from allocator.decomposition.decomposed import Decomposed
from allocator.decomposition.ranging import multiplier_ranges
from allocator.decomposition.steps import Dual, measure_steps, steps_seconds
from allocator.decomposition.subproblems import customer_structure
from allocator.package_steps import Names, Solved
from allocator.pricing import Priced
from allocator.problem import decisions_of
from allocator.scenario.schema import Scenario
from allocator.sensitivity import Sensitivity, within_steps
from allocator.valuation import ValuedBook


def dual_of(valued: ValuedBook, scenario: Scenario, found: Decomposed) -> Dual | None:
    """The run's coupling rows and subproblems with its multipliers (None if it has none):
    those the run built, else built again."""
    multipliers = [np.asarray(m, dtype=float) for m in found.multipliers]
    if found.built is not None:
        d, families, cs = found.built
        if [f.name for f in families] == list(found.families):
            return Dual(valued, scenario, d, families, cs, multipliers)
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    if [f.name for f in families] != list(found.families):
        return None
    return Dual(valued, scenario, d, families, customer_structure(valued, scenario, d, families),
                multipliers)


def decomposition_priced(valued: ValuedBook, scenario: Scenario, plan: Solved,
                        found: Decomposed, names: Names, lp: Priced | None = None,
                        ends_at: float | None = None) -> Priced:
    """The prices of the LP with the packages fixed (`lp`, on a book it covers whole) or the
    multipliers with their ranges, and the headline limits' steps, within what the run's time
    limit has left at `ends_at` (steps.steps_seconds)."""
    dual = dual_of(valued, scenario, found)
    priced = lp if lp is not None else by_multipliers(scenario, found, dual)
    return with_steps(priced, scenario, plan, found, (dual, names), ends_at)


def by_multipliers(scenario: Scenario, found: Decomposed, dual: Dual | None) -> Priced:
    """The multipliers, each with the range of its limit over which it holds (ranging.py),
    each first settled where the search left it short of its best for today's limit (the
    others held: search/settle.py), so that its range holds today's limit; those the solve
    began early where it did (early_ranges.py)."""
    known = Sensitivity(reachable=found.reachable, priced_by="multipliers",
                        modelled=frozenset(found.families))
    if dual is None:
        return Priced(found.prices, known)
    early = (found.early_ranges.ranges(dual.multipliers) if found.early_ranges is not None
             else None)
    ranged = early or multiplier_ranges(dual.decisions, dual.customers, dual.families,
                                        dual.multipliers, soft_families(scenario), settle=True)
    prices = found.prices if ranged.multipliers is None else row_prices(dual.families,
                                                                        ranged.multipliers)
    return Priced(prices, replace(known, ranges=ranged.ranges, unranged=ranged.unranged,
                                  lumps=row_lumps(dual.families), settled=ranged.settled))


def with_steps(priced: Priced, scenario: Scenario, plan: Solved, found: Decomposed,
               run: tuple[Dual | None, Names], ends_at: float | None = None) -> Priced:
    """The prices with the headline limits' steps, each a re-run of the decomposition, and
    the ranges cut where a step inside one contradicts its price (sensitivity.within_steps, as a
    book in parts does)."""
    dual, names = run
    known = priced.sensitivity or Sensitivity(reachable=found.reachable)
    if not scenario.output.steps:
        return replace(priced, sensitivity=replace(known, skipped="steps_off"))
    if dual is None or plan.bound is None:
        return replace(priced, sensitivity=replace(known, skipped="steps_unproven"))
    began, seconds = time.perf_counter(), steps_seconds(scenario, ends_at)
    steps = measure_steps(dual, plan, found.reachable, names, seconds)
    return replace(priced, sensitivity=replace(
        known, steps=steps, skipped="", ranges=within_steps(known.ranges, priced.prices, steps),
        steps_time_limit=scenario.solver.time_limit,
        steps_given=round(seconds, 3), steps_seconds=round(time.perf_counter() - began, 3)))
