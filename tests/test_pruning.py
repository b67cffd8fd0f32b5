"""Pruning never removes a plan: the model built from the pruned pairs has the optimum and the
feasibility of the model built from every eligible pair."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.backends import SolveOptions, SolveResult, Status, get_backend
from allocator.preparation import prepare
from allocator.problem import AllocationProblem, build_problem
from allocator.valuation import value_book
from tests.builders import offer, solve, world

EXACT = SolveOptions(time_limit=60, gap=0.0)
LOWER_ROW_FAMILIES = ("tier_budget", "offer_minimum", "rm_min_load", "continuity", "coverage",
                      "rm_offer_link", "contact", "budget")


def floor_world(folder: Path) -> Path:
    # A's RM is worth 40; the top tier must spend 20 of the budget of 100, which only the gift
    # (worth -20) can do; B's card is worth 14 - 5 = 9. Best plan: 40 - 20 + 9 = 29.
    return world(folder, [{"customer_id": "A", "tier_key": 1.0}, {"customer_id": "B"}],
                 fit=[("A", "R1", 40.0), ("B", "R1", 0.0)],
                 offers={"gift": offer(0, cost=20, eligible_tiers=["top"]),
                         "card": offer(14, cost=5, eligible_tiers=["base"])},
                 budget={"total": 100},
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                                "max_offers": 5, "budget_floor_share": 0.2},
                        "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional",
                                 "max_offers": 5}})


def test_a_budget_floor_keeps_the_offer_of_negative_value_that_meets_it(tmp_path: Path) -> None:
    outcome = solve(floor_world(tmp_path))
    assert outcome.result.status == Status.OPTIMAL
    assert outcome.objective == pytest.approx(29.0)
    assert outcome.plan is not None
    assert set(outcome.plan.offers["offer_id"]) == {"gift", "card"}


def test_without_a_floor_the_offer_of_negative_value_is_pruned(tmp_path: Path) -> None:
    path = floor_world(tmp_path)
    valued = prepare(path, ["tiers.top.budget_floor_share=0"]).valued
    assert [valued.offer_ids[k] for k in valued.offer_pairs.offer] == ["card"]
    assert solve(path, "tiers.top.budget_floor_share=0").objective == pytest.approx(49.0)


def pruned_and_whole(path: Path) -> tuple[AllocationProblem, AllocationProblem]:
    prepared = prepare(path)
    spec = prepared.loaded.scenario
    whole = value_book(prepared.tiering.customers, prepared.book, spec, prune=False)
    return build_problem(prepared.valued, spec), build_problem(whole, spec, prune=False)


def exact(problem: AllocationProblem) -> SolveResult:
    result = get_backend("highs").solve(problem, EXACT)
    assert result.status in (Status.OPTIMAL, Status.INFEASIBLE), (result.status, result.message)
    return result


money = st.integers(0, 30).map(float)


@st.composite
def books(draw: st.DrawFn) -> dict[str, Any]:
    """A few customers, two RMs, offers worth more or less than nothing, tier budget floors,
    offer minimums, minimum loads, continuity and some soft families."""
    n = draw(st.integers(2, 4))
    customers = [{"customer_id": f"C{i}", "tier_key": float(draw(st.booleans())),
                  "incumbent_rm": draw(st.sampled_from(["R1", "R2", ""]))} for i in range(n)]
    rms = [{"rm_id": r, "grade": "rm", "region": "R", "capacity_hours": draw(st.sampled_from(
        [10, 20, 40])), "min_load_hours": draw(st.sampled_from([0, 0, 10]))}
        for r in ("R1", "R2")]
    fit = [(f"C{i}", r, float(draw(st.integers(-5, 20)))) for i in range(n) for r in ("R1", "R2")]
    offers = {f"o{k}": offer(draw(money), cost=draw(money),
                             channel=draw(st.sampled_from(["email", "rm"])),
                             minimum=draw(st.sampled_from([0, 0, 1])),
                             eligible_tiers=draw(st.sampled_from([["top"], ["base"], None])))
              for k in range(draw(st.integers(1, 3)))}
    tier = {"rm_grades": {"rm": 1.0}, "hours_per_customer": 10, "max_offers": draw(
        st.integers(1, 2))}
    tiers = {"top": {**tier, "coverage": draw(st.sampled_from(["mandatory", "optional"])),
                     "budget_floor_share": draw(st.sampled_from([0.0, 0.2, 0.5]))},
             "base": {**tier, "budget_floor_share": draw(st.sampled_from([0.0, 0.3]))}}
    soft = draw(st.lists(st.sampled_from(LOWER_ROW_FAMILIES), unique=True, max_size=3))
    return {"customers": customers, "rms": rms, "fit": fit, "offers": offers, "tiers": tiers,
            "budget": {"total": draw(st.sampled_from([40, 80]))},
            "rules": {"continuity": {"max_reassignments": draw(st.sampled_from([None, 0, 1]))}},
            "objective": {"soft": {family: 7.0 for family in soft}}}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=books())
def test_pruning_keeps_the_optimum_and_the_feasibility(book: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        customers = book.pop("customers")
        pruned, whole = pruned_and_whole(world(Path(folder), customers, **book))
    assert pruned.n_cols <= whole.n_cols
    a, b = exact(pruned), exact(whole)
    assert a.status == b.status
    if a.status == Status.OPTIMAL:
        assert a.objective == pytest.approx(b.objective, abs=1e-6)
