"""Tightly packed books: the generated GAP types D and E, and the restricted MIPs that improve
the decomposition's plan on them (decomposition/repair/neighbourhood.py)."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from allocator.backends.base import Status, StoppedOn
from allocator.decomposition import decomposed
from allocator.decomposition import solve as decomposition
from allocator.decomposition.repair import local_search
from allocator.decomposition.repair.neighbourhood import Reoptimized
from allocator.decomposition.repair.neighbourhood import reoptimize as decomposed_reoptimize
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.search.multipliers import Settings
from allocator.errors import AllocatorError, UserError
from allocator.instances import GapInstance, generate_gap, named_gap, write_gap_book
from allocator.optimize import optimize
from allocator.outcome import PlanCheckError
from allocator.preparation import prepare
from allocator.problem import decisions_of


def test_the_generators_follow_their_recipes_and_their_seed() -> None:
    d = generate_gap("D", 5, 60, 1)
    cost = d.shift - d.profit
    assert d.name == "D-5x60-s1" and d.profit.shape == (5, 60)
    assert d.resource.min() >= 1 and d.resource.max() <= 100
    assert np.all(np.abs(cost - (111 - d.resource)) <= 10)
    assert np.array_equal(d.capacity, np.floor(0.8 * d.resource.sum(axis=1) / 5))
    e = generate_gap("E", 4, 50, 2)
    e_cost = e.shift - e.profit
    assert e.resource.min() >= 1 and np.all(e_cost <= 1000 / e.resource)
    assert np.all(e_cost > 1000 / e.resource - 11)
    again = named_gap("D-5x60-s1")
    assert all(np.array_equal(getattr(d, k), getattr(again, k))
               for k in ("profit", "resource", "capacity"))
    assert not np.array_equal(d.resource, generate_gap("D", 5, 60, 2).resource)
    assert d.cost(float(d.profit[0].sum())) == pytest.approx(float(cost[0].sum()))
    with pytest.raises(UserError, match="TYPE-AGENTSxJOBS-sSEED"):
        named_gap("D-5by60")


def _solved_exactly(instance: GapInstance, folder: Path) -> float:
    outcome = optimize(prepare(write_gap_book(instance, folder, time_limit=60)))
    assert outcome.result.status == Status.OPTIMAL and outcome.objective is not None
    return instance.cost(outcome.objective)


def test_a_small_tight_book_is_planned_within_one_percent_of_its_optimum(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Type E, 3 agents x 30 jobs: HiGHS proves the optimum in a second. The repair and its
    local search alone ended 2.1% above it; the restricted MIPs bring the plan within 1%, and
    the solve stops on a count (its MIPs, then 25 kicks), not on the clock, so the plan is the
    same on any machine."""
    monkeypatch.setattr(decomposed, "iterated", partial(local_search.iterated, patience=25))
    instance = generate_gap("E", 3, 30, 1)
    optimum = _solved_exactly(instance, tmp_path / "exact")
    prepared = prepare(write_gap_book(instance, tmp_path / "d", method="decomposition"))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    runs = [decomposition.decompose(valued, scenario, decisions_of(valued),
                                    Settings(time_limit=300, gap=0.0, neighbourhoods=20))
            for _ in range(2)]
    result = runs[0].result
    assert result.objective is not None and result.stopped_on != StoppedOn.TIME_LIMIT
    assert instance.cost(result.objective) <= 1.01 * optimum
    assert result.values is not None and runs[1].result.values is not None
    assert result.values.tobytes() == runs[1].result.values.tobytes()


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["D", "E"]), agents=st.integers(2, 4), jobs=st.integers(8, 14),
       seed=st.integers(0, 10_000))
def test_the_restricted_mips_never_worsen_a_plan_and_keep_every_constraint(
        kind: str, agents: int, jobs: int, seed: int, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The plan the restricted MIPs (and the last one, over every pair) return is the plan
    the solve ends with (no kicks after them, and no tabu search between their cycles), so
    the independent check that optimize runs checks it; each is worth at least the plan it
    started from."""
    seen: list[tuple[float, float, object]] = []

    def watched(solve: Any, *args: Any) -> Reoptimized:
        found: Reoptimized = solve(*args)
        seen.append((args[2].objective, found.plan.objective, args[3]))  # args[3]: its solve's
        return found

    monkeypatch.setattr(decomposed, "reoptimize", lambda *args: watched(
        decomposed_reoptimize, *args[:7], 30))  # 30 MIPs: a fast test
    monkeypatch.setattr(decomposed, "whole_assignment",
                        partial(watched, decomposed.whole_assignment))
    monkeypatch.setattr(decomposed, "iterated", lambda _d, _f, plan, *_: plan)
    monkeypatch.setattr(decomposed, "tabu_search", lambda _d, _f, plan, *_: plan)
    instance = generate_gap(kind, agents, jobs, seed)
    path = write_gap_book(instance, tmp_path / instance.name, method="decomposition",
                          time_limit=60)
    try:
        outcome = optimize(prepare(path))
    except PlanCheckError:
        raise
    except AllocatorError:
        assume(False)  # packed too tightly for any plan
        return
    assume(outcome.check is not None)  # no plan, the diagnosis says why: packed too tightly
    assert outcome.check is not None and outcome.check.ok
    assume(seen)
    assert all(after >= before - 1e-9 for before, after, _ in seen)
    run = [after for _, after, deadline in seen if deadline is seen[0][2]]  # not the steps'
    assert outcome.objective == pytest.approx(run[-1])


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kind=st.sampled_from(["D", "E"]), agents=st.integers(2, 4), jobs=st.integers(8, 16),
       seed=st.integers(0, 10_000))
def test_a_book_of_rms_alone_is_proven_optimal_only_at_its_optimum(
        kind: str, agents: int, jobs: int, seed: int, tmp_path: Path) -> None:
    """On a book whose only choice is each customer's RM, the MIP over every pair that ends
    the polish is the book's whole MIP: its bound lowers the decomposition's, never below the
    optimum HiGHS proves alone, and the solve calls its plan optimal only at that optimum."""
    instance = generate_gap(kind, agents, jobs, seed)
    try:
        exact = optimize(prepare(write_gap_book(instance, tmp_path / "exact", time_limit=60),
                                 ["solver.gap=0"]))
    except AllocatorError:
        assume(False)  # packed too tightly for any plan
        return
    assume(exact.result.status == Status.OPTIMAL and exact.objective is not None)
    assert exact.objective is not None
    prepared = prepare(write_gap_book(instance, tmp_path / "d", method="decomposition"))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    result = decomposition.decompose(valued, scenario, decisions_of(valued), Settings(
        time_limit=60, gap=0.0)).result
    assume(result.objective is not None)  # the repair found no plan: nothing to prove
    assert result.bound is not None and result.objective is not None
    tolerance = 1e-9 * max(1.0, abs(exact.objective))
    assert result.objective <= exact.objective + tolerance <= result.bound + 2 * tolerance
    assert (result.status == Status.OPTIMAL) == (result.bound == result.objective)
    if result.status == Status.OPTIMAL:
        assert result.objective == pytest.approx(exact.objective, abs=tolerance)


def test_the_polish_ends_on_a_proof_not_a_stall_where_the_lagrangian_bound_cannot(
        tmp_path: Path) -> None:
    """OR-Library's gap1-0 (5 agents x 15 jobs): the Lagrangian bound stays 2.3% above the
    optimum, so a polish that ended on a stall called its optimal plan feasible with a 2.3%
    gap. The MIP over every pair proves it: optimal at the published optimum, bound equal,
    on a proof rather than the clock."""
    from allocator.instances import read_gap
    from tests.conftest import SHARED

    path = SHARED / "gap-orlib" / "instances" / "cattrysse1994" / "gap1-0"
    if not path.exists():
        pytest.skip("no shared data")
    prepared = prepare(write_gap_book(read_gap(path), tmp_path / "gap1-0",
                                      method="decomposition"))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    result = decomposition.decompose(valued, scenario, decisions_of(valued), Settings(
        time_limit=60, gap=0.0)).result
    assert result.status == Status.OPTIMAL and result.stopped_on != StoppedOn.TIME_LIMIT
    assert result.objective == result.bound == 336.0  # the published optimum
    assert decomposed.assignment_only(*_built(prepared))
    demo = prepare(Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml")
    assert not decomposed.assignment_only(*_built(demo))  # offers: a MIP over RMs is not all


def test_only_a_mip_over_every_pair_bounds_the_book(tmp_path: Path) -> None:
    """A MIP over a group of RMs bounds only what its group can gain: no bound of the book
    comes of it. One over every pair bounds the book, never below its optimum; from the
    optimal plan, it proves it, and so does the last one (no node limit), which past its
    deadline leaves the plan as it is and records that the clock stopped it."""
    from allocator.decomposition.clock import Deadline
    from allocator.decomposition.repair.neighbourhood import (
        Levels,
        reoptimize,
        whole_assignment,
    )

    instance = generate_gap("E", 4, 20, 3)
    prepared = prepare(write_gap_book(instance, tmp_path / "book", time_limit=60),
                       ["solver.gap=0"])
    exact = optimize(prepared)
    assert exact.result.status == Status.OPTIMAL and exact.values is not None
    assert exact.objective is not None
    d, _, families = _built(prepared)
    x = exact.values[:len(d.x.rm)] > 0.5
    plan = Repaired(x, np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), exact.objective)

    def solved(levels: Levels, rounds: int) -> Reoptimized:
        return reoptimize(d, families, plan, Deadline(60), 0, lambda _: False, None, rounds,
                          levels)

    assert solved(Levels(2, 0.1, 2), 4).bound is None  # groups of 2 of the 4 RMs, cores
    cut_short = solved(Levels(4, 1.0, 4, nodes=5), 1)  # over every pair, within 5 nodes
    assert not cut_short.proven and cut_short.bound is not None
    assert cut_short.bound >= exact.objective
    whole = solved(Levels(4, 1.0, 4, nodes=1_000_000), 1)
    assert whole.proven and whole.bound == exact.objective == whole.plan.objective
    last = whole_assignment(d, families, plan, Deadline(60), exact.objective + 1e3, 0.0)
    assert last.proven and last.bound == exact.objective == last.plan.objective
    late = Deadline(0.0)
    stopped = whole_assignment(d, families, plan, late, exact.objective + 1e3, 0.0)
    assert np.array_equal(stopped.plan.x, plan.x) and not stopped.proven
    assert late.reached  # the clock stopped it: the solve records its time limit


def test_only_the_runs_own_solve_ends_on_the_mip_over_every_pair(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A polish that stalls above its target hands its plan to the MIP over every pair, once;
    a solve inside a solve (a sample's, a package combination's, a step's re-run:
    Settings.last_mip off) stops on its counts instead."""
    calls: list[float] = []

    def counted(_d: Any, _f: Any, plan: Repaired, *_: Any) -> Reoptimized:
        calls.append(plan.objective)
        return Reoptimized(plan)

    monkeypatch.setattr(decomposed, "whole_assignment", counted)
    monkeypatch.setattr(decomposed, "POLISH_CYCLES", 1)
    monkeypatch.setattr(decomposed, "iterated", lambda _d, _f, plan, *_: plan)
    prepared = prepare(write_gap_book(named_gap("D-15x60-s1"), tmp_path / "book",
                                      method="decomposition"))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    for last in (False, True):
        result = decomposition.decompose(valued, scenario, decisions_of(valued), Settings(
            time_limit=60, gap=0.0, neighbourhoods=2, last_mip=last)).result
        assert result.status == Status.FEASIBLE and result.objective is not None
        assert calls == ([result.objective] if last else [])


def _built(prepared: Any) -> tuple[Any, Any, Any]:
    """A prepared book's decisions, customers' choices and coupling families."""
    from allocator.decomposition.coupling_rows import couplings
    from allocator.decomposition.subproblems import customer_structure

    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    return d, customer_structure(valued, scenario, d, families), families
