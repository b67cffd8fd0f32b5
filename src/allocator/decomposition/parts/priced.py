"""What a book in parts knows of its limits beyond their prices: each multiplier's range and
the headline limits' steps, worked out part by part with the same map over the parts (here, or
on the Dask workers that hold them) as the parts search.

Ranges: every row is the whole book's, and the subproblems are each customer's and each tier's
own, so each part's use of a row with its multiplier just above or just below the run's
(ranging.side_uses on every part) gives that part's own range; the search shares the limit
out to the parts in proportion to their use, so the book's range is where every part's price
holds at once (PartsSplit), cut where a measured step contradicts the price
(ranging.within_steps). A row per RM is ranged by the pairs of each part's
customers who can reach that RM (a part's RMs are the whole book's: a part with none of an
RM's customers adds nothing to its row). RANGE_WORK counts the whole book's customers, so the
same families are ranged, and the same left unranged, as in one piece.

Steps: each headline limit moved by a fifth and the parts search run again over the same parts
at the moved limit (steps.stepped and steps.step_settings: the run's multipliers and, where it
keeps every row at the moved limit, its plan to start from, branching on the packages where the
lever's rows take them, at most STEP_ITERATIONS iterations, within the same STEPS_TIME_SHARE of
the time limit as a book in one piece). A
re-run rather than a measure on a sample: a sample's change, scaled up, carries a sampling
error that neither run's gap bounds, so it could not stand beside the plan's gap; a re-run of
the whole book's search gives a change within both runs' gaps, as in one piece. Each
iteration is one pass over every part, which is what the run's own search does hundreds of
times, and a re-run from the run's multipliers stops once its gap is within the target; the
clock bounds the rest, and a re-run it stops is recorded as not proven (Step.proven). A
re-run proven to have no plan names the requirement that fails, as a book in one piece does,
where the book is small enough to gather here whole (WHOLE_BOOK customers).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import reduce
from typing import Any

import numpy as np

from allocator.backends.base import StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import (
    Coupling,
    reached_rows,
    row_extremes,
    row_lumps,
    row_prices,
    soft_families,
)
from allocator.decomposition.parts.book import PlannedInParts, book_sample, solver_part
from allocator.decomposition.parts.part import Part, package_part, packages_chosen, plan_totals
from allocator.decomposition.parts.search import Given, Runner, solve_in_parts
from allocator.decomposition.ranging import (
    Prices,
    Ranges,
    Sides,
    ranges_of,
    row_use,
    side_range,
    side_uses,
    within_steps,
)
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.steps import (
    STEPS_TIME_SHARE,
    Dual,
    Lever,
    moved_book,
    plan_use,
    planless,
    read_step,
    step_settings,
    stepped,
)
from allocator.decomposition.subproblems import solve_subproblems
from allocator.diagnosis import WHOLE_BOOK
from allocator.package_steps import Names, Solved
from allocator.pricing import cause_of_no_plan, names_of
from allocator.problem import build_problem
from allocator.scenario.schema import Scenario
from allocator.sensitivity import Sensitivity, Step
from allocator.valuation import ValuedBook


@dataclass(frozen=True)
class _InParts:
    """A book in parts as its ranges and steps read it: the runner, each part (as the runner
    holds it), the packages' part, and the run as its steps read it."""

    runner: Runner
    parts: list[Any]
    packages: Part
    planned: PlannedInParts
    dual: Dual

    def gathered(self, function: Any, *args: Any) -> list[Any]:
        """`function(part, *args)` on every part, where the runner holds it."""
        runner = self.runner
        return runner.gather([runner.submit(function, part, *args) for part in self.parts])

    def row_use(self, at: tuple[int, int], price: float) -> float:
        """The whole book's use of a row with its multiplier at `price`, the others held."""
        dual = self.dual
        mine = row_use(self.packages.d, self.packages.cs, dual.families, dual.multipliers,
                       at, price)
        return mine + float(sum(self.gathered(_part_row_use, dual.multipliers, at, price)))


def parts_sensitivity(runner: Runner, planned: PlannedInParts, scenario: Scenario
                      ) -> Sensitivity:
    """The multipliers' ranges and the headline limits' steps of a book planned in parts."""
    solved = planned.solved
    packages = package_part(planned.shape, scenario, planned.packages)
    dual = Dual(planned.shape, scenario, packages.d, solved.families, packages.cs,
                [np.asarray(m, dtype=float) for m in solved.multipliers])
    book = _InParts(runner, [runner.submit(solver_part, b) for b in planned.books], packages,
                    planned, dual)
    ranged = parts_ranges(book, soft_families(scenario))
    known = Sensitivity(ranges=ranged.ranges, unranged=ranged.unranged,
                        reachable=_reachable(book), priced_by="multipliers",
                        modelled=frozenset(f.name for f in dual.families),
                        lumps=_lumps(book))
    if not scenario.output.steps:
        return replace(known, skipped="steps_off")
    began = time.perf_counter()
    steps = parts_steps(book, known.reachable)
    prices = row_prices(dual.families, dual.multipliers)
    return replace(known, steps=steps, ranges=within_steps(known.ranges, prices, steps),
                   steps_time_limit=STEPS_TIME_SHARE * scenario.solver.time_limit,
                   steps_seconds=round(time.perf_counter() - began, 3))


def parts_ranges(book: _InParts, soft: dict[str, float]) -> Ranges:
    """Each row's range over the whole book, as the parts share its limit (PartsSplit), for
    the rows the parts' uses either side of their multipliers range (added up: the same
    families as in one piece)."""
    dual, packages = book.dual, book.packages
    customers = int(book.planned.customers_per_tier.sum())
    prices: Prices = (dual.families, dual.multipliers, soft)
    sides: list[Sides] = book.gathered(_part_sides, dual.multipliers, soft, customers)
    whole = reduce(Sides.plus, sides, side_uses(packages.d, packages.cs, prices, customers))
    _, fixed = packages_chosen(packages, dual.multipliers)
    offsets = np.cumsum([0] + [len(f.limits) for f in dual.families])
    used = np.vstack(book.gathered(_part_use, dual.multipliers))
    split = PartsSplit(sides, whole, used, fixed,
                       {f.name: int(o) for f, o in zip(dual.families, offsets, strict=False)})
    return ranges_of(dual.families, whole, float(sum(book.gathered(_incumbents))), split.range)


@dataclass(frozen=True)
class PartsSplit:
    """How the parts share a row's limit, and so its range over the whole book.

    The search shares a binding limit out as the parts' choices use it (parts.apportion:
    what the packages take first, the rest in proportion to each part's use), so a move of
    the book's limit moves every part's share in that proportion. Each part's price holds
    while its share stays within its own range (its use on either side of the multiplier);
    the book's range is where all of them hold at once: the intersection of the parts'
    ranges, each scaled from its share to the book's limit. Only there does one more unit
    of the book's limit buy what the multiplier says in every part; the sum of the parts'
    ranges would claim the price far beyond where a part with few ties has left its own.
    A row the parts use with mixed signs, or not at all, is not shared in proportion: its
    range is the sum of the parts'."""

    sides: list[Sides]
    whole: Sides
    """The parts' and the packages' sides added up."""
    used: np.ndarray
    """Per part (rows), its choice's use of every stacked row at the multipliers."""
    fixed: np.ndarray
    """The packages' use of every stacked row at the multipliers."""
    first: dict[str, int]
    """Each family's first stacked row."""

    def range(self, family: Coupling, row: int) -> tuple[float, float] | None:
        key = (family.name, str(family.labels[row]))
        at = self.first[family.name] + row
        used = self.used[:, at]
        total = float(used.sum())
        if total <= 0 or (used < 0).any():
            return side_range(family.sense, self.whole.uses[key])
        low, high = -np.inf, np.inf
        for part, use in zip(self.sides, used, strict=True):
            own_low, own_high = side_range(family.sense, part.uses[key])
            if use > 0:
                low, high = max(low, own_low * total / use), min(high, own_high * total / use)
            elif not own_low <= 0 <= own_high:
                return None
        if low > high:
            return None
        return low + float(self.fixed[at]), high + float(self.fixed[at])


def _incumbents(part: Part) -> int:
    return int(part.d.x.incumbent.sum())


def _part_use(part: Part, multipliers: list[np.ndarray]) -> np.ndarray:
    """The part's choice's use of every stacked row at these multipliers."""
    choice = solve_subproblems(part.d, part.cs, multipliers)
    return np.concatenate([f.usage(choice.x, choice.y, choice.s) for f in part.families]
                          or [np.zeros(0)])


def _part_sides(part: Part, multipliers: list[np.ndarray], soft: dict[str, float],
                customers: int) -> Sides:
    return side_uses(part.d, part.cs, (part.families, multipliers, soft), customers)


def _part_row_use(part: Part, multipliers: list[np.ndarray], at: tuple[int, int],
                  price: float) -> float:
    return row_use(part.d, part.cs, part.families, multipliers, at, price)


def _part_lumps(part: Part) -> dict[tuple[str, str], float]:
    return row_lumps(part.families)


def _lumps(book: _InParts) -> dict[tuple[str, str], float]:
    """Per row, the largest use of it by one customer decision in any part (coupling.row_lumps):
    slack short of it leaves no room for that decision, so the price holds (as_held)."""
    largest: dict[tuple[str, str], float] = {}
    for lumps in book.gathered(_part_lumps):
        for key, value in lumps.items():
            largest[key] = max(largest.get(key, 0.0), value)
    return largest


def _part_extremes(part: Part) -> list[np.ndarray]:
    return row_extremes(part.families)


def _reachable(book: _InParts) -> frozenset[tuple[str, str]]:
    """The rows some plan of the whole book can make tight: the parts' extreme activities
    and the packages' added up (coupling.reached_rows)."""
    extremes = [row_extremes(book.packages.families), *book.gathered(_part_extremes)]
    return reached_rows(book.dual.families,
                        [sum(family) for family in zip(*extremes, strict=True)])


def parts_steps(book: _InParts, reachable: frozenset[tuple[str, str]]) -> tuple[Step, ...]:
    """Each headline lever moved by a fifth, the parts search run again at the moved limit
    (steps.stepped), read as a book in one piece reads its re-runs (steps.read_step) with the
    rows' use added up over the parts."""
    solved = book.planned.solved
    best = solved.best
    assert best is not None
    plan = Solved(best.packages.astype(float), best.objective,
                  max(solved.bound, best.objective))
    runner = book.runner
    usage = np.sum(runner.gather([runner.submit(_plan_usage, part, part_plan) for part, part_plan
                                  in zip(book.parts, best.plans, strict=True)]), axis=0)
    offsets = np.cumsum([0] + [len(f.limits) for f in book.dual.families])

    def used(lever: Lever) -> np.ndarray:
        index = next(i for i, f in enumerate(book.dual.families) if f.name == lever.constraint)
        return usage[offsets[index] + lever.rows] + plan_use(book.dual, lever, plan.values)

    names = names_of(book.planned.shape)
    packages = book.packages
    no_x = np.zeros(len(packages.d.x.value), dtype=bool)
    no_y = np.zeros(len(packages.d.y.value), dtype=bool)
    given = Given(best, usage + np.concatenate([f.usage(no_x, no_y, best.packages)
                                                for f in packages.families]))
    return stepped(book.dual, reachable, used,
                   lambda lever, factor, seconds: _measured(book, (lever, factor),
                                                            (plan, given), (seconds, names)))


def _plan_usage(part: Part, plan: Repaired) -> np.ndarray:
    totals = plan_totals(part, plan)
    assert totals is not None
    return totals[1]


def _cause(book: _InParts, shape: ValuedBook, scenario: Scenario) -> str:
    """The requirement that fails at the moved limit, as on the exact path, on a book of up to
    WHOLE_BOOK customers, gathered here from its parts (the RMs moved as `shape`'s); ""
    for a larger one."""
    planned = book.planned
    if planned.customers_per_tier.sum() > WHOLE_BOOK:
        return ""
    whole, _, _ = book_sample(book.runner, planned.books, planned.packages,
                              planned.customers_per_tier, scenario, WHOLE_BOOK)
    return cause_of_no_plan(build_problem(replace(whole, rms=shape.rms), scenario))


def _measured(book: _InParts, move: tuple[Lever, float], run: tuple[Solved, Given],
              within: tuple[float, Names]) -> Step:
    """One move's step: the parts search again at the moved limit with a book in one piece's
    settings (steps.step_settings: from the run's multipliers and, where it keeps every row
    at the moved limit, the run's plan; branching on the packages where the lever's rows take
    them), within `seconds` and STEP_ITERATIONS iterations."""
    (lever, factor), (seconds, names), (plan, given) = move, within, run
    shape, scenario = moved_book(book.dual, lever, factor)
    settings = replace(step_settings(book.dual, lever, plan, seconds), plan=None, rms=None)
    found = solve_in_parts(book.runner, book.parts, shape, book.planned.packages, scenario,
                           settings, deadline=Deadline(seconds), given=given)
    step = Step(lever.constraint, lever.label, lever.limit, lever.limit * factor, "re-solved",
                None, proven=found.stopped_on != StoppedOn.TIME_LIMIT)
    if found.best is None:  # proven to have no plan, or none found in its iterations
        return replace(step, how="no plan", cause=_cause(book, shape, scenario)
                       ) if found.disproved else planless(step)
    then = Solved(found.best.packages.astype(float), found.best.objective,
                  max(found.bound, found.best.objective))
    return read_step(book.dual, (lever, step), plan, then, (names, book.row_use))
