"""The steps' re-runs of the decomposition on a book large enough for the assignment LP: every
re-run repairs from the run's RMs, without the LP; a re-run that starts from the run's plan
repairs no unpriced choice; each step is the exact re-solve's within the gaps; and the steps
depend neither on how long a repair takes nor on how many are measured at a time."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from allocator.backends import SolveOptions, get_backend
from allocator.backends.base import Status, StoppedOn
from allocator.decomposition import steps
from allocator.decomposition.priced import dual_of
from allocator.decomposition.repair import assignment
from allocator.decomposition.repair import queue as repair_queue
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.decomposition.steps import Dual
from allocator.package_steps import Solved
from allocator.preparation import prepare
from allocator.pricing import names_of
from allocator.problem import build_problem, decisions_of
from allocator.scenario.schema import Scenario
from allocator.sensitivity import Step
from allocator.valuation import ValuedBook
from tests.test_decomposition import DEMO, scaled

BOOK = scaled(600, 5)
"""600 customers: above the books the local search handles, so repairs start from the
assignment LP; its run meets its gap target."""


@pytest.fixture(scope="module")
def run() -> tuple[Dual, Solved, frozenset[tuple[str, str]]]:
    prepared = prepare(DEMO, [*BOOK, "solver.method=decomposition"])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    found = decompose(valued, scenario, decisions_of(valued), Settings(time_limit=60,
                                                                       gap=1e-4))
    dual, result = dual_of(valued, scenario, found), found.result
    assert dual is not None and result.values is not None and result.objective is not None
    assert result.stopped_on == StoppedOn.GAP
    return dual, Solved(result.values, result.objective, result.bound), found.reachable


class Watched:
    """Counts of the assignment LP's first solves, the repairs handed over (by iteration)
    and, optionally, each repair slowed down."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, delay: float = 0.0) -> None:
        self.counts: Counter[str] = Counter()
        self.handed: list[int] = []
        prepare_lp, submit, repair = (assignment.AssignmentLP.prepare,
                                      repair_queue.RepairQueue.submit, repair_queue.repair)

        def prepared(lp: Any) -> None:
            self.counts["assignment_lp"] += 1
            prepare_lp(lp)

        def submitted(queue: Any, iteration: int, choice: Any) -> None:
            self.handed.append(iteration)
            submit(queue, iteration, choice)

        def repaired(*args: Any, **kwargs: Any) -> Any:
            self.counts["repair"] += 1
            time.sleep(delay)
            return repair(*args, **kwargs)

        monkeypatch.setattr(assignment.AssignmentLP, "prepare", prepared)
        monkeypatch.setattr(repair_queue.RepairQueue, "submit", submitted)
        monkeypatch.setattr(repair_queue, "repair", repaired)


def rerun(run: tuple[Dual, Solved, frozenset[tuple[str, str]]], name: str, factor: float
          ) -> Any:
    dual, plan, reachable = run
    lever = next(lever for lever in steps.levers(dual, reachable)
                 if name in (lever.constraint, lever.label))
    valued, scenario = steps.moved_book(dual, lever, factor)
    return decompose(valued, scenario, dual.decisions,
                     steps.step_settings(dual, lever, plan, 60.0))


def test_a_totals_re_run_repairs_from_the_runs_rms_without_the_assignment_lp(
        run: tuple[Dual, Solved, frozenset[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # The loss cap raised a fifth leaves every RM's hours as they were: the run's RMs keep
    # them, and its plan keeps the raised cap, so the re-run starts from it (no repair of the
    # unpriced choice) and repairs every priced choice from its RMs (no assignment LP, whose
    # first solve at 60,000 customers took longer than the whole re-run does now).
    watched = Watched(monkeypatch)
    found = rerun(run, "loss_cap", 1.2)
    assert watched.counts["assignment_lp"] == 0
    assert 0 not in watched.handed  # the unpriced choice, handed over before iteration 1
    assert watched.counts["repair"] > 0  # the re-run did repair its priced choices
    _, plan, _ = run
    assert found.result.objective is not None and found.result.objective >= plan.objective
    assert found.result.stopped_on != StoppedOn.TIME_LIMIT


@pytest.mark.parametrize("factor", [1.2, 0.8])
def test_a_grades_hours_re_run_repairs_from_the_runs_rms_without_the_assignment_lp(
        run: tuple[Dual, Solved, frozenset[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch, factor: float) -> None:
    # The premier RMs' hours moved a fifth either way: the repairs start from the run's RMs
    # and move the customers the cut hours no longer hold (or fill the raised ones), where
    # the assignment LP's first solve costs more than the re-run's repairs. The cut leaves
    # no plan (continuity: too many customers would move), which the re-run proves.
    watched = Watched(monkeypatch)
    found = rerun(run, "premier_rm", factor)
    assert watched.counts["assignment_lp"] == 0 and watched.counts["repair"] > 0
    result = found.result
    assert result.stopped_on != StoppedOn.TIME_LIMIT
    assert (result.stopped_on == StoppedOn.PROOF) == (result.objective is None) == (factor < 1)


def test_the_steps_do_not_depend_on_how_long_a_repair_takes(
        run: tuple[Dual, Solved, frozenset[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # every repair 20 ms slower: the same steps, each ending on a count or its gap
    dual, plan, reachable = run
    names = names_of(dual.valued)
    fast = steps.measure_steps(dual, plan, reachable, names)
    Watched(monkeypatch, delay=0.02)
    slow = steps.measure_steps(dual, plan, reachable, names)
    assert len(fast) >= 6 and all(step.proven for step in fast)
    assert [step.change for step in fast if step.change is not None]  # something measured
    assert fast == slow


def test_two_steps_at_a_time_are_the_steps_one_at_a_time(
        run: tuple[Dual, Solved, frozenset[tuple[str, str]]]) -> None:
    dual, plan, reachable = run
    names = names_of(dual.valued)
    alone = steps.measure_steps(dual, plan, reachable, names, workers=1)
    together = steps.measure_steps(dual, plan, reachable, names, workers=2)
    assert all(step.proven for step in together)
    # A no-plan step's cause is looked for until the step's clock ends ("" then: unknown),
    # so a loaded machine may leave it unknown in one of the two; a cause found is the same.
    assert [a.cause == b.cause or "" in (a.cause, b.cause) for a, b in zip(
        alone, together, strict=True)] == [True] * len(alone)
    assert [replace(a, cause="") for a in alone] == [replace(b, cause="") for b in together]


def test_a_step_re_run_from_the_run_is_the_exact_re_solve_within_the_gaps(
        run: tuple[Dual, Solved, frozenset[tuple[str, str]]]) -> None:
    # Each re-run starts from the run's multipliers and plan, repairs from its RMs and stops
    # on its counts: its change is the exact MIP's at the moved limit (re-solved from
    # nothing, to a gap of 1e-6) within the two runs' gaps, or both find no plan. On this
    # book the budget raise buys premier's enhanced package; the other re-runs stop short of
    # their gap target (the run's bound is its package branches') and measure no change.
    dual, plan, reachable = run
    names = names_of(dual.valued)
    exact_now = exact_value(dual.valued, dual.scenario)
    assert exact_now is not None
    measured = []
    for step in steps.measure_steps(dual, plan, reachable, names):
        lever = next(lever for lever in steps.levers(dual, reachable)
                     if (lever.constraint, lever.label) == (step.constraint, step.label))
        exact_then = exact_value(*steps.moved_book(dual, lever, step.moved_to / step.limit))
        if step.how == "no plan":
            assert exact_then is None
            continue
        if step.short_of_gap:
            assert step.change is None and not step.packages
            continue
        assert step.change is not None and exact_then is not None
        exact_change = exact_then - exact_now
        assert abs(step.change - exact_change) <= step.spread + EXACT_GAP * (
            abs(exact_then) + abs(exact_now)) + 1e-6, step
        measured.append((step.constraint, step.packages))
    assert ("budget", (("premier", "basic", "enhanced"),)) in measured


EXACT_GAP = 1e-6


def exact_value(valued: ValuedBook, scenario: Scenario) -> float | None:
    """The exact MIP's optimum (to EXACT_GAP), None where it has no plan."""
    result = get_backend("highs").solve(build_problem(valued, scenario),
                                        SolveOptions(time_limit=120, gap=EXACT_GAP))
    assert result.status in (Status.OPTIMAL, Status.INFEASIBLE), result
    return result.objective


def test_the_raises_are_measured_before_the_cuts(
        run: tuple[Dual, Solved, frozenset[tuple[str, str]]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A cut repairs its way to a plan and may take the steps' whole share (the budget cut at
    # 60,000 customers took 50 s): measured after every raise, it leaves them their time.
    monkeypatch.setattr(steps, "STEPS_TIME_SHARE", 1 / 60)  # 1 s of the run's 60 s
    dual, _, reachable = run
    measured: list[tuple[str, str, float]] = []

    def measure(lever: steps.Lever, factor: float, seconds: float) -> Step:
        measured.append((lever.constraint, lever.label, factor))
        if factor < 1:
            time.sleep(seconds)  # the first cut takes all the time that is left
        return Step(lever.constraint, lever.label, lever.limit, lever.limit * factor,
                    "re-solved", 0.0)

    found = steps.stepped(dual, reachable, lambda lever: np.full(len(lever.rows), np.inf),
                          measure)
    raises = [(s.constraint, s.label) for s in found if s.moved_to > s.limit]
    assert len(raises) >= 4 and [m[:2] for m in measured if m[2] > 1] == raises
    assert measured[:len(raises)] == [(*key, 1.2) for key in raises]
    assert len(measured) == len(raises) + 1  # the first cut took the rest
    assert [s.proven for s in found if s.moved_to < s.limit][1:] == [False] * (
        len(found) - len(raises) - 1)
    # reported lever by lever, the raise before the cut
    assert [(s.constraint, s.label) for s in found][::2] == raises
