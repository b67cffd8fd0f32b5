"""The decomposition path: checked plans, certified bounds, shrinking gaps, the auto choice."""

from __future__ import annotations

import json
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import api, decomposition_path
from allocator.backends import Status, get_backend
from allocator.backends.base import SolveOptions
from allocator.decomposition import decomposed
from allocator.decomposition import solve as decomposition
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling, pricing
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.repair import queue as repair_queue
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.decomposition.subproblems import (
    Choice,
    Customers,
    customer_structure,
    solve_subproblems,
)
from allocator.errors import UserError
from allocator.method_choice import choose_method
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import Decisions, build_problem, decisions_of
from allocator.scenario import load_scenario
from tests.builders import solve, world
from tests.test_cli import ROOT
from tests.test_zh_everywhere import allocate

DEMO = ROOT / "scenarios" / "demo.yaml"


def scaled(customers: int, seed: int, budget_rate: float = 15.0, loss_rate: float = 0.5
           ) -> list[str]:
    """The demo's limits per customer, for a generated book of another size."""
    return [f"data.generate.customers={customers}", f"data.generate.seed={seed}",
            f"budget.total={budget_rate * customers:.6g}",
            f"risk.loss_cap={loss_rate * customers:.6g}",
            f"rules.channel_capacity.call_centre={int(0.04 * customers)}",
            f"rules.channel_capacity.branch={int(0.0133 * customers)}",
            f"rules.continuity.max_reassignments={int(0.02 * customers)}",
            "tiers.premier.budget_floor_share=0.05", "output.steps=false"]


@pytest.mark.long
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers=st.integers(800, 2500), seed=st.integers(0, 10_000),
       budget_rate=st.floats(8.0, 25.0), loss_rate=st.floats(0.2, 1.0))
def test_random_books_give_checked_plans_under_a_valid_bound(
    customers: int, seed: int, budget_rate: float, loss_rate: float
) -> None:
    sets = scaled(customers, seed, budget_rate, loss_rate)
    exact = optimize(prepare(DEMO, [*sets, "solver.method=exact", "solver.gap=0"]))
    if exact.result.status != Status.OPTIMAL:
        return  # an infeasible random book says nothing about the decomposition
    assert exact.objective is not None
    decomposed = optimize(prepare(DEMO, [*sets, "solver.method=decomposition",
                                         "solver.time_limit=20"]))
    assert decomposed.check is not None and decomposed.check.ok  # the independent checker
    assert decomposed.objective is not None and decomposed.result.bound is not None
    tolerance = 1e-7 * abs(exact.objective)
    assert decomposed.result.bound >= exact.objective - tolerance  # never below the optimum
    assert decomposed.objective <= exact.objective + tolerance
    assert decomposed.gap is not None  # its own gap, from its own bound, covers the true one
    true_gap = (exact.objective - decomposed.objective) / abs(decomposed.objective)
    assert decomposed.gap >= true_gap - 1e-9
    assert decomposed.objective >= exact.objective * 0.95  # small books belong to exact


def test_gap_shrinks_as_iterations_grow() -> None:
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    gaps = []
    for iterations in (1, 3, 9):
        found = decompose(valued, scenario, decisions_of(valued),
                          Settings(max_iterations=iterations, gap=0.0, repair_every=5,
                                   stall_iterations=10**6, neighbourhoods=0))  # the search's
        assert found.result.gap is not None
        gaps.append(found.result.gap)
        bounds = [bound for bound, _ in found.history]
        assert bounds == sorted(bounds, reverse=True)  # the best bound never rises
    assert gaps[0] >= gaps[1] >= gaps[2] and gaps[2] < gaps[0]
    assert gaps[2] < 0.002


def test_the_bound_reaches_the_lp_relaxation_in_a_few_evaluations() -> None:
    """The disaggregated bundle: one cut per block of customers makes the model of the dual
    exact quickly; its optimum is the LP relaxation's (the subproblems are integral)."""
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    found = decompose(valued, scenario, decisions_of(valued),
                      Settings(max_iterations=20, gap=0.0, stall_iterations=10**6,
                               branch_packages=False, perturbations=0))
    relaxed = get_backend("highs").solve(build_problem(valued, scenario),
                                         SolveOptions(time_limit=60, relax=True))
    assert relaxed.objective is not None and found.result.bound is not None
    assert found.iterations <= 20
    assert found.result.bound == pytest.approx(relaxed.objective, rel=1e-6)


def test_the_same_book_gives_the_same_plan_when_the_gap_or_a_count_stops_it() -> None:
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    settings = Settings(time_limit=600, gap=1e-6, seed=3)  # far from the time limit
    first, second = (decompose(valued, scenario, decisions_of(valued), settings)
                     for _ in range(2))
    assert first.result.values is not None and second.result.values is not None
    assert np.array_equal(first.result.values, second.result.values)
    assert first.result.bound == second.result.bound
    assert first.history == second.history


def test_branching_on_packages_stops_each_combination_on_a_count(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """However much time is left, each package combination's decomposition ends after
    BRANCH_ITERATIONS: the clock would make the plan depend on the machine."""
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    monkeypatch.setattr(decomposition, "BRANCH_ITERATIONS", 3)
    branches: list[int] = []
    solve = decomposition.decompose

    def recorded(*args: Any) -> decomposition.Decomposed:
        found = solve(*args)
        branches.append(found.iterations)
        return found

    monkeypatch.setattr(decomposition, "decompose", recorded)
    found = solve(valued, scenario, decisions_of(valued), Settings(time_limit=600, gap=1e-6))
    assert found.result.objective is not None
    assert branches and max(branches) == 3


def test_large_book_mode_gives_one_checked_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """What books of millions do, forced on the demo: starting prices from a sample, repairs
    on a second thread taken a fixed number of iterations later, perturbed repairs two at a
    time. The plan passes the independent checker and is the same twice."""
    monkeypatch.setattr(decomposition, "OVERLAP_ABOVE", 0)
    monkeypatch.setattr(decomposition_path, "Settings",
                        partial(Settings, warm_start_above=1000, sample_size=600))
    sets = ["solver.method=decomposition", "solver.time_limit=600", "solver.gap=0.00005",
            "output.steps=false", "output.baselines=false"]  # the plans alone compared
    first, second = (optimize(prepare(DEMO, sets)) for _ in range(2))
    assert first.check is not None and first.check.ok
    assert first.values is not None and second.values is not None
    assert np.array_equal(first.values, second.values)
    assert first.result.bound == second.result.bound


def test_a_sample_without_a_plan_still_gives_starting_prices(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A sample's scaled-down RMs can be too small to pack its largest customers, so its
    repairs fail; its prices are still the priced relaxation's and start the search."""
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    monkeypatch.setattr(repair_queue, "candidate", lambda *_: None)
    families = couplings(valued, scenario, d)
    cs = decomposition.customer_structure(valued, scenario, d, families)
    search = decomposition.new_search(families, {}, d, cs)
    decomposition._starting_prices(search, valued, scenario,
                                   Settings(warm_start_above=1000, sample_size=600), (d, cs),
                                   Deadline(60.0))
    assert search.mu.any() and np.isfinite(search.mu).all()


def test_a_search_from_given_prices_repairs_the_unpriced_choice_first(
        monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    start = tuple(np.full(len(f.limits), 0.5) for f in families)
    repaired: list[np.ndarray] = []
    candidate = repair_queue.candidate

    def recorded(*args: object) -> object:
        repaired.append(np.concatenate([args[3].x, args[3].y]))  # type: ignore[attr-defined]
        return candidate(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(repair_queue, "candidate", recorded)
    decompose(valued, scenario, d, Settings(max_iterations=3, start=start, perturbations=0,
                                            neighbourhoods=0, branch_packages=False,
                                            last_mip=False))  # the search alone
    cs = decomposition.customer_structure(valued, scenario, d, families)
    unpriced = decomposition.solve_subproblems(d, cs, [np.zeros(len(f.limits))
                                                       for f in families])
    assert np.array_equal(repaired[0], np.concatenate([unpriced.x, unpriced.y]))
    priced = decomposition.solve_subproblems(d, cs, list(start))
    assert not np.array_equal(priced.y, unpriced.y)  # the test tells the two apart


def test_pricing_charges_each_column_for_every_row_it_uses() -> None:
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    rng = np.random.default_rng(5)
    lam = [rng.uniform(0, 3, len(f.limits)) for f in families]
    for kind, base in (("x", d.x.value), ("y", d.y.value), ("s", d.s.value)):
        expected = base.copy()
        for family, m in zip(families, lam, strict=True):
            terms = getattr(family, f"on_{kind}")
            if terms is not None:
                np.subtract.at(expected, terms.cols, family.sign * m[terms.rows] * terms.coefs)
        got = pricing(families, kind, len(base)).priced(base, np.concatenate(lam))
        np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-9)
        assert not np.array_equal(got, base) or kind == "s"


def test_families_over_every_column_hold_no_copy_of_it() -> None:
    """A large book's families must not copy its columns: those over every column share the
    column index, the RM and offer groups and the decisions' coefficients, and price by a
    gather, with no sparse entries."""
    prepared = prepare(DEMO)
    d = decisions_of(prepared.valued)
    assert d.y is prepared.valued.offer_pairs  # every offer pair is reachable
    families = couplings(prepared.valued, prepared.loaded.scenario, d)
    named = {f.name: f for f in families}
    hours, book = named["rm_capacity"].on_x, named["rm_book_size"].on_x
    quota, budget = named["offer_quota"].on_y, named["budget"].on_y
    continuity = named["continuity"].on_x
    assert hours is not None and book is not None and quota is not None and budget is not None
    assert continuity is not None
    assert hours.cols is book.cols and hours.rows is book.rows and quota.cols is budget.cols
    assert np.shares_memory(hours.coefs, d.x.hours) and book.coefs.strides == (0,)
    assert pricing(families, "x", len(d.x.rm)).sparse.nnz == len(continuity.cols)


def test_warm_start_from_a_sample_keeps_the_guarantees() -> None:
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    found = decompose(valued, scenario, decisions_of(valued),
                      Settings(max_iterations=60, warm_start_above=1000, sample_size=600))
    exact = optimize(prepare(DEMO, ["output.steps=false"]))  # a plan and a proven bound
    assert found.result.objective is not None and found.result.bound is not None
    assert exact.objective is not None and exact.result.bound is not None
    assert found.result.bound >= exact.objective * (1 - 1e-9)
    assert found.result.objective <= exact.result.bound * (1 + 1e-9)


def test_auto_picks_by_size_and_time_limit() -> None:
    scenario = load_scenario(DEMO).scenario
    assert choose_method(scenario, 3_000) == "exact"
    assert choose_method(scenario, 200_000) == "decomposition"
    patient = load_scenario(DEMO, sets=["solver.time_limit=3600"]).scenario
    assert choose_method(patient, 20_000) == "exact"
    forced = load_scenario(DEMO, sets=["solver.method=decomposition"]).scenario
    assert choose_method(forced, 100) == "decomposition"


def test_decomposition_run_folder_verifies_and_prices_limits(tmp_path: Path) -> None:
    # the demo's book at a fifth of its size, its limits alike
    run = api.run(DEMO, sets=[*scaled(600, 7), "solver.method=decomposition"], output=tmp_path)
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["solver"]["method"] == "decomposition"
    assert manifest["solver"]["bound"] >= manifest["solver"]["objective"]
    assert api.verify_run(run.folder).ok
    result = allocate("verify", str(run.folder))
    assert result.exit_code == 0, result.output
    constraints = (run.folder / "constraints.csv").read_text()
    assert "budget,total" in constraints


def test_decomposition_reports_stranded_mandatory_customers(tmp_path: Path) -> None:
    customers = [{"customer_id": "A", "tier_key": 1.0, "region": "Nowhere"}]
    path = world(tmp_path, customers, solver={"method": "decomposition"})
    outcome = solve(path)
    assert outcome.plan is None and outcome.diagnosis
    assert "A" in outcome.diagnosis[0].describe()


def test_soft_per_customer_families_need_the_exact_path(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], solver={"method": "decomposition"},
                 objective={"soft": {"coverage": 10.0}})
    with pytest.raises(UserError, match="use solver.method: exact"):
        solve(path)


def test_gap_instances_keep_the_guarantees(tmp_path: Path) -> None:
    """Tight GAP instances are hard for the greedy repair: it may fall short or find no plan,
    but a plan it returns is checked and its bound is never below the published optimum."""
    from allocator.errors import AllocatorError
    from allocator.instances import read_gap, write_gap_book
    from tests.conftest import SHARED

    folder = SHARED / "gap-orlib" / "instances" / "cattrysse1994"
    if not folder.exists():
        pytest.skip("no shared data")
    import pandas as pd

    published = pd.read_csv(SHARED / "gap-orlib" / "gap_reference_values.csv").set_index(
        "instance")["max_optimum_if_proven"]
    solved = 0
    for name in ("gap1-0", "gap6-2", "gap12-4", "gap9-1"):
        path = write_gap_book(read_gap(folder / name), tmp_path / name, method="decomposition",
                              time_limit=5)  # the plan improves until then: no stop on a stall
        best = published[f"cattrysse1994/{name}"]
        try:
            outcome = optimize(prepare(path))
        except AllocatorError as error:
            assert "found no plan" in str(error)
            continue
        solved += 1
        assert outcome.check is not None and outcome.check.ok
        assert outcome.objective is not None and outcome.objective <= best + 1e-6
        assert outcome.result.bound is not None and outcome.result.bound >= best - 1e-6
    assert solved >= 2


def test_the_assignment_lp_rounds_halves_to_the_incumbent() -> None:
    from types import SimpleNamespace

    from allocator.decomposition.repair.assignment import _round

    own = np.array([False, False, False, True, True, False])
    pairs = SimpleNamespace(customer=np.array([0, 0, 1, 1, 2, 2]), incumbent=own, keepable=own)
    share = np.array([0.6, 0.4, 0.5, 0.5, 0.3, 0.7])
    rounded = _round(share, SimpleNamespace(x=pairs))  # type: ignore[arg-type]
    assert rounded.tolist() == [True, False, False, True, True, False]


def test_repairs_from_the_assignment_lp_keep_every_limit_and_pack_better() -> None:
    from allocator.decomposition.repair.assignment import assignment_lp
    from allocator.decomposition.repair.restore import repair

    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    lp = assignment_lp(d, cs, families)
    assert lp is not None
    choice = solve_subproblems(d, cs, [np.zeros(len(f.limits)) for f in families])
    assigned = lp.rounded(choice.gain)
    assert assigned is not None and np.array_equal(assigned, lp.rounded(choice.gain))
    from_lp, greedy = repair(d, cs, families, choice, assigned), repair(d, cs, families, choice)
    assert from_lp is not None and greedy is not None
    for family in families:
        assert family.excess(from_lp.x, from_lp.y, from_lp.s).max(initial=0.0) <= 1e-6
    assert from_lp.objective >= greedy.objective


def small_rm_book() -> tuple[Decisions, Customers, list[Coupling], Choice]:
    """A 3,000-customer book with one RM per 100 customers (it has an assignment LP), and its
    unpriced choice."""
    prepared = prepare(DEMO, [*scaled(3000, 7), "data.generate.customers_per_rm=100"])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    return d, cs, families, solve_subproblems(d, cs, [np.zeros(len(f.limits)) for f in families])


def test_the_assignment_lp_solves_in_the_order_repairs_were_handed_over(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each solve starts warm from the one before, so the same plan needs the same order,
    however long each repair thread takes: here the first one dawdles."""
    from dataclasses import replace

    from allocator.decomposition.repair.assignment import AssignmentLP

    d, cs, families, unpriced = small_rm_book()
    choices = [replace(unpriced, gain=np.full(len(cs.kind), float(k))) for k in range(3)]
    solved: list[float] = []
    rounded = AssignmentLP.rounded

    def recorded(lp: AssignmentLP, gain: np.ndarray) -> np.ndarray | None:
        solved.append(float(gain[0]))
        return rounded(lp, gain)

    candidate = repair_queue.candidate

    def dawdling(*args: object, **kwargs: object) -> object:
        if args[3] is choices[0]:
            time.sleep(0.5)
        return candidate(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(AssignmentLP, "rounded", recorded)
    monkeypatch.setattr(repair_queue, "candidate", dawdling)
    with repair_queue.RepairQueue(d, cs, families, lag=5) as repairs:
        assert repairs.assignment is not None and repairs.workers == 2
        repairs.submitted = repairs.assignment.first_use  # past the LP's first solve
        for choice in choices:
            repairs.submit(0, choice)
        repairs.collect(None)
    assert solved == [0.0, 1.0, 2.0]


def test_a_plan_within_the_gap_target_ends_the_solve_without_local_search(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The gap target is where the solve may stop: no local search runs after it."""
    prepared = prepare(DEMO)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)

    def forbidden(*_: object) -> object:
        raise AssertionError("local search after the gap target was met")

    monkeypatch.setattr(decomposed, "improve", forbidden)
    monkeypatch.setattr(decomposed, "iterated", forbidden)
    found = decompose(valued, scenario, d, Settings(gap=0.05, branch_packages=False))
    result = found.result
    assert result.status == Status.OPTIMAL and result.objective is not None
    assert result.bound is not None and result.bound - result.objective <= 0.05 * result.objective
    with pytest.raises(AssertionError, match="after the gap target"):  # the test can fail
        decompose(valued, scenario, d, Settings(gap=0.0, max_iterations=3, perturbations=0,
                                                branch_packages=False))


def test_before_the_assignment_lp_is_ready_only_the_first_choice_is_repaired() -> None:
    d, cs, families, choice = small_rm_book()
    with repair_queue.RepairQueue(d, cs, families, lag=5) as repairs:
        assert repairs.assignment is not None
        repairs.assignment.first_use = 3
        for iteration in range(4):
            repairs.submit(iteration, choice)
        assert [due for due, _ in repairs.pending] == [5, 8]  # the first, then the LP's
        repairs.collect(None)
    assert repairs.best is not None


def test_the_best_bound_s_choice_is_repaired_past_the_deadline_only_without_a_plan() -> None:
    """Once the search has stopped, a plan in hand is kept rather than repair again past the
    deadline (a million customers' repair takes minutes on a busy machine); with no plan yet,
    the repair runs, since a late plan beats none. The clock's stop is recorded."""
    search = SimpleNamespace(bound=100.0)
    settings = Settings(gap=1e-4)
    plan = Repaired(np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), np.zeros(0, dtype=bool),
                    90.0)
    over = Deadline(0.0)
    planned = SimpleNamespace(best=plan, expected=lambda: 30.0)
    assert not decomposition._repair_at_bound(search, planned, settings, over)  # type: ignore[arg-type]
    assert over.reached
    unplanned = SimpleNamespace(best=None, expected=lambda: 30.0)
    assert decomposition._repair_at_bound(search, unplanned, settings, Deadline(0.0))  # type: ignore[arg-type]
    assert decomposition._repair_at_bound(search, planned, settings, Deadline(600.0))  # type: ignore[arg-type]
    close = SimpleNamespace(best=Repaired(plan.x, plan.y, plan.s, 99.999), expected=lambda: 0.0)
    assert not decomposition._repair_at_bound(search, close, settings, Deadline(600.0))  # type: ignore[arg-type]
