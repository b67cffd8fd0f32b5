"""What a book in parts knows of its limits beyond their prices: each multiplier's range and
the headline limits' steps, worked out part by part with the same map over the parts (here, or
on the Dask workers that hold them) as the parts search.

Ranges: each multiplier's range as the parts share its limit (parts/ranges.py), cut where a
measured step contradicts the price (sensitivity.within_steps).

Steps: each headline limit moved by a fifth and the parts search run again over the same parts
at the moved limit (steps.stepped and steps.step_settings: the run's multipliers and, where it
keeps every row at the moved limit, its plan to start from, branching on the packages where the
lever's rows take them, at most STEP_ITERATIONS iterations, within what the run's time limit has
left, as a book in one piece: steps.steps_seconds). A
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
from dataclasses import replace

import numpy as np

from allocator.backends.base import StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import reached_rows, row_extremes, row_lumps, row_prices
from allocator.decomposition.coupling_rows import soft_families
from allocator.decomposition.parts.book import PlannedInParts, book_sample, solver_part
from allocator.decomposition.parts.part import Part, package_part, plan_totals
from allocator.decomposition.parts.ranges import BookInParts, parts_ranges
from allocator.decomposition.parts.search import Given, Runner, solve_in_parts
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.steps import (
    Dual,
    Lever,
    moved_book,
    plan_use,
    planless,
    read_step,
    step_settings,
    stepped,
    steps_seconds,
)
from allocator.diagnosis import WHOLE_BOOK
from allocator.limit_steps import cause_of_no_plan
from allocator.package_steps import Names, Solved
from allocator.pricing import Priced, names_of
from allocator.problem import build_problem
from allocator.scenario.schema import Scenario
from allocator.sensitivity import Sensitivity, Step, within_steps
from allocator.valuation import ValuedBook


def parts_sensitivity(runner: Runner, planned: PlannedInParts, scenario: Scenario,
                      ends_at: float | None = None) -> Priced:
    """The multipliers' ranges and the headline limits' steps of a book planned in parts, with
    the prices they are of: the run's multipliers, each settled first where the search left
    it short of its best for today's limit (the others held), as in one piece; the steps
    within what the run's time limit has left at `ends_at` (steps.steps_seconds)."""
    solved = planned.solved
    packages = package_part(planned.shape, scenario, planned.packages)
    dual = Dual(planned.shape, scenario, packages.d, solved.families, packages.cs,
                [np.asarray(m, dtype=float) for m in solved.multipliers])
    book = BookInParts(runner, [runner.submit(solver_part, b) for b in planned.books], packages,
                    planned, dual)
    ranged = parts_ranges(book, soft_families(scenario))
    prices = row_prices(dual.families, ranged.multipliers or dual.multipliers)
    known = Sensitivity(ranges=ranged.ranges, unranged=ranged.unranged,
                        reachable=_reachable(book), priced_by="multipliers",
                        modelled=frozenset(f.name for f in dual.families),
                        lumps=_lumps(book), settled=ranged.settled)
    if not scenario.output.steps:
        return Priced(prices, replace(known, skipped="steps_off"))
    began, seconds = time.perf_counter(), steps_seconds(scenario, ends_at)
    steps = parts_steps(book, known.reachable, seconds)
    return Priced(prices, replace(
        known, steps=steps, ranges=within_steps(known.ranges, prices, steps),
        steps_time_limit=scenario.solver.time_limit,
        steps_given=round(seconds, 3), steps_seconds=round(time.perf_counter() - began, 3)))


def _part_lumps(part: Part) -> dict[tuple[str, str], float]:
    return row_lumps(part.families)


def _lumps(book: BookInParts) -> dict[tuple[str, str], float]:
    """Per row, the largest use of it by one customer decision in any part (coupling.row_lumps):
    slack short of it leaves no room for that decision, so the price holds (as_held)."""
    largest: dict[tuple[str, str], float] = {}
    for lumps in book.gathered(_part_lumps):
        for key, value in lumps.items():
            largest[key] = max(largest.get(key, 0.0), value)
    return largest


def _part_extremes(part: Part) -> list[np.ndarray]:
    return row_extremes(part.families)


def _reachable(book: BookInParts) -> frozenset[tuple[str, str]]:
    """The rows some plan of the whole book can make tight: the parts' extreme activities
    and the packages' added up (coupling.reached_rows)."""
    extremes = [row_extremes(book.packages.families), *book.gathered(_part_extremes)]
    return reached_rows(book.dual.families,
                        [sum(family) for family in zip(*extremes, strict=True)])


def parts_steps(book: BookInParts, reachable: frozenset[tuple[str, str]],
                seconds: float | None = None) -> tuple[Step, ...]:
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
                   lambda lever, factor, left: _measured(book, (lever, factor),
                                                         (plan, given), (left, names)), seconds)


def _plan_usage(part: Part, plan: Repaired) -> np.ndarray:
    totals = plan_totals(part, plan)
    assert totals is not None
    return totals[1]


def _cause(book: BookInParts, shape: ValuedBook, scenario: Scenario, ends_at: float) -> str:
    """The requirement that fails at the moved limit, as on the exact path, on a book of up to
    WHOLE_BOOK customers, gathered here from its parts (the RMs moved as `shape`'s), by the
    step's end (`ends_at`); "" for a larger one, or past that end."""
    planned = book.planned
    if planned.customers_per_tier.sum() > WHOLE_BOOK or time.perf_counter() >= ends_at:
        return ""
    whole, _, _ = book_sample(book.runner, planned.books, planned.packages,
                              planned.customers_per_tier, scenario, WHOLE_BOOK)
    return cause_of_no_plan(build_problem(replace(whole, rms=shape.rms), scenario), ends_at)


def _measured(book: BookInParts, move: tuple[Lever, float], run: tuple[Solved, Given],
              within: tuple[float, Names]) -> Step:
    """One move's step: the parts search again at the moved limit with a book in one piece's
    settings (steps.step_settings: from the run's multipliers and, where it keeps every row
    at the moved limit, the run's plan; branching on the packages where the lever's rows take
    them), within `seconds` and STEP_ITERATIONS iterations."""
    (lever, factor), (seconds, names), (plan, given) = move, within, run
    ends_at = time.perf_counter() + seconds
    shape, scenario = moved_book(book.dual, lever, factor)
    settings = replace(step_settings(book.dual, lever, plan, seconds), plan=None, rms=None)
    found = solve_in_parts(book.runner, book.parts, shape, book.planned.packages, scenario,
                           settings, deadline=Deadline(seconds), given=given)
    step = Step(lever.constraint, lever.label, lever.limit, lever.limit * factor, "re-solved",
                None, proven=found.stopped_on != StoppedOn.TIME_LIMIT)
    if found.best is None:  # proven to have no plan, or none found in its iterations
        return replace(step, how="no plan", cause=_cause(book, shape, scenario, ends_at)
                       ) if found.disproved else planless(step)
    then = Solved(found.best.packages.astype(float), found.best.objective,
                  max(found.bound, found.best.objective))
    return read_step(book.dual, (lever, step), plan, then, (names, book.row_use))
