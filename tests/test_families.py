"""Each constraint family on a tiny problem whose optimum is worked out by hand."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import get_args

import numpy as np
import pytest

from allocator import columns as c
from allocator.backends import Status
from allocator.decomposition.coupling_rows import couplings
from allocator.families import BY_NAME, KEPT_EXACTLY, Scaling
from allocator.families import FAMILIES as FAMILY_SPECS
from allocator.preparation import prepare
from allocator.problem import build_problem
from allocator.report.language import TERMS_ZH
from allocator.scenario import load_scenario
from allocator.scenario.schema import Family, OfferSpec
from tests.builders import assigned, offer, offered, solve, world
from tests.test_checker import every_family_world
from tests.test_decomposition import DEMO

TOP = {"tier_key": 1.0}  # customers with tier_key >= 1 are in the mandatory tier 'top'


def test_coverage_mandatory_and_optional(tmp_path: Path) -> None:
    # Both fits are negative: the mandatory customer is covered anyway, the optional one is not.
    path = world(tmp_path, [{"customer_id": "A", **TOP}, {"customer_id": "B"}],
                 fit=[("A", "R1", -5.0), ("B", "R1", -5.0)])
    outcome = solve(path)
    assert outcome.result.status == Status.OPTIMAL
    assert assigned(outcome) == {"A": "R1"}
    assert outcome.objective == pytest.approx(-5.0)


def test_rm_capacity_book_size_and_min_load(tmp_path: Path) -> None:
    customers = [{"customer_id": c} for c in ("A", "B", "C")]
    fit = [("A", "R1", 3.0), ("B", "R1", 2.0), ("C", "R1", 1.0)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20, "max_book": 3}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory"},
             "base": {"rm_grades": {"rm": 1.0}, "hours_per_customer": 10}}
    # 20 hours hold two customers of 10 hours: the two best fits
    outcome = solve(world(tmp_path / "a", customers, rms, fit, tiers=tiers))
    assert assigned(outcome) == {"A": "R1", "B": "R1"} and outcome.objective == pytest.approx(5)
    # a book of one customer
    rms[0]["max_book"] = 1
    outcome = solve(world(tmp_path / "b", customers, rms, fit, tiers=tiers))
    assert assigned(outcome) == {"A": "R1"} and outcome.objective == pytest.approx(3)
    # a minimum load of 30 hours forces all three in, even at a loss
    rms[0].update(max_book=3, capacity_hours=40, min_load_hours=30)
    bad = [(c, r, -1.0) for c, r, _ in fit]
    outcome = solve(world(tmp_path / "c", customers, rms, bad, tiers=tiers))
    assert len(assigned(outcome)) == 3 and outcome.objective == pytest.approx(-3)


def test_pair_hours_override_tier_hours(tmp_path: Path) -> None:
    customers = [{"customer_id": c} for c in ("A", "B")]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10}]
    fit = [("A", "R1", 5.0, 8.0), ("B", "R1", 4.0, 2.0)]
    tiers = {"top": {"rm_grades": {"rm": 1.0}}, "base": {"rm_grades": {"rm": 1.0},
                                                         "hours_per_customer": 6}}
    # with 6 hours each only one fits; with 8 + 2 both do
    outcome = solve(world(tmp_path, customers, rms, fit, tiers=tiers))
    assert assigned(outcome) == {"A": "R1", "B": "R1"}


def test_continuity_limits_reassignments(tmp_path: Path) -> None:
    customers = [{"customer_id": c, "incumbent_rm": "R1", **TOP} for c in ("A", "B")]
    rms = [{"rm_id": r, "grade": "rm", "region": "R", "capacity_hours": 100} for r in ("R1", "R2")]
    fit = [("A", "R1", 1.0), ("B", "R1", 1.0), ("A", "R2", 10.0), ("B", "R2", 9.0)]
    path = world(tmp_path, customers, rms, fit, rules={"continuity": {"max_reassignments": 1}})
    outcome = solve(path)
    assert assigned(outcome) == {"A": "R2", "B": "R1"}  # only the better move is allowed
    assert outcome.objective == pytest.approx(11)


def test_contact_limit_and_channel_capacity(tmp_path: Path) -> None:
    customers = [{"customer_id": "A"}, {"customer_id": "B"}]
    offers = {"o1": offer(30), "o2": offer(20), "o3": offer(10),
              "s": offer(7, channel="sms")}
    tiers = {"top": {"coverage": "none", "max_offers": 2}, "base": {"max_offers": 2}}
    path = world(tmp_path, customers, offers=offers, tiers=tiers,
                 rules={"channel_capacity": {"sms": 1}})
    outcome = solve(path)
    assert offered(outcome) == {("A", "o1"), ("A", "o2"), ("B", "o1"), ("B", "o2")}
    assert outcome.objective == pytest.approx(100)
    # four offers each allowed: only one sms contact fits the channel's capacity
    path = world(tmp_path / "b", customers, offers=offers, rules={"channel_capacity": {"sms": 1}},
                 tiers={"top": {"coverage": "none"}, "base": {"max_offers": 4}})
    outcome = solve(path)
    assert sum(1 for _, k in offered(outcome) if k == "s") == 1
    assert outcome.objective == pytest.approx(2 * 60 + 7)


@pytest.mark.parametrize(("margin", "expected"), [(100.0, 70.0), (20.0, 0.0)])
def test_rm_offer_needs_coverage(tmp_path: Path, margin: float, expected: float) -> None:
    # Covering costs 30 (negative fit); an RM-channel offer is only possible with coverage.
    path = world(tmp_path, [{"customer_id": "A"}], fit=[("A", "R1", -30.0)],
                 offers={"advice": offer(margin, channel="rm")})
    outcome = solve(path)
    assert outcome.objective == pytest.approx(expected)
    assert (offered(outcome) == {("A", "advice")}) == (expected > 0)
    assert (assigned(outcome) == {"A": "R1"}) == (expected > 0)


def test_budget_and_tier_floor(tmp_path: Path) -> None:
    customers = [{"customer_id": "A"}, {"customer_id": "B", **TOP}]
    offers = {"big": offer(100, cost=60), "small": offer(50, cost=30)}
    tiers = {"top": {"coverage": "none", "max_offers": 2}, "base": {"max_offers": 2}}
    # budget 90: best is big (40 net) + small (20 net) to one or spread; net values 40, 20 each
    outcome = solve(world(tmp_path / "a", customers, offers=offers, tiers=tiers,
                          budget={"total": 90}))
    assert outcome.objective == pytest.approx(60)
    # at least half the budget on tier top (customer B)
    tiers["top"]["budget_floor_share"] = 0.5
    outcome = solve(world(tmp_path / "b", customers, offers=offers, tiers=tiers,
                          budget={"total": 90}))
    assert ("B", "big") in offered(outcome) and outcome.objective == pytest.approx(60)
    # a cap of a quarter of the budget (50) on tier base (A): only 'small' fits for A
    tiers["top"]["budget_floor_share"] = 0.0
    tiers["base"]["budget_cap_share"] = 0.25
    outcome = solve(world(tmp_path / "c", customers, offers=offers, tiers=tiers,
                          budget={"total": 200}))
    assert {k for c, k in offered(outcome) if c == "A"} == {"small"}
    assert outcome.objective == pytest.approx(20 + 40 + 20)


def test_loss_capital_and_tier_loss_caps(tmp_path: Path) -> None:
    customers = [{"customer_id": "A", "pd": 0.1}, {"customer_id": "B", "pd": 0.2}]
    loan = offer(500, lgd=1.0, ead=1000, capital_weight=1.0)  # EL: A 100, B 200
    # value: A 400, B 300; a loss cap of 250 takes one loan, the better one (A)
    outcome = solve(world(tmp_path / "a", customers, offers={"loan": loan},
                          risk={"loss_cap": 250}))
    assert offered(outcome) == {("A", "loan")} and outcome.objective == pytest.approx(400)
    # capital 1000 per loan: a cap of 1500 takes one
    outcome = solve(world(tmp_path / "b", customers, offers={"loan": loan},
                          risk={"capital_cap": 1500}))
    assert offered(outcome) == {("A", "loan")}
    # tier loss: base may take 40% of a cap of 500 = 200: A (100) fits, B (200) not on top
    tiers = {"top": {"coverage": "none"}, "base": {"loss_cap_share": 0.4}}
    outcome = solve(world(tmp_path / "c", customers, offers={"loan": loan}, tiers=tiers,
                          risk={"loss_cap": 500}))
    assert offered(outcome) == {("A", "loan")}


def test_quota_and_sales_minimum(tmp_path: Path) -> None:
    customers = [{"customer_id": c, "pd": 0.0} for c in ("A", "B", "C")]
    outcome = solve(world(tmp_path / "a", customers, offers={"card": offer(10, quota=1)}))
    assert len(offered(outcome)) == 1 and outcome.objective == pytest.approx(10)
    # a product worth -4 each with a sales target of 2: exactly two are made
    outcome = solve(world(tmp_path / "b", customers,
                          offers={"push": offer(1, cost=5, minimum=2)}))
    assert len(offered(outcome)) == 2 and outcome.objective == pytest.approx(-8)


def test_one_package_per_tier(tmp_path: Path) -> None:
    customers = [{"customer_id": "A", "revenue_12m": 100.0}, {"customer_id": "B",
                                                              "revenue_12m": 300.0}]
    packages = {"basic": {"cost_per_customer": 0, "uplift": 0},
                "plus": {"cost_per_customer": 50, "uplift": 0.5, "tiers": ["base"]}}
    tiers = {"top": {"coverage": "none"}, "base": {"coverage": "none"}}
    # plus for base: 0.5 * (100 + 300) - 2 * 50 = 100 > 0 (CLV = revenue here)
    outcome = solve(world(tmp_path, customers, packages=packages, tiers=tiers))
    assert outcome.plan is not None
    chosen = dict(zip(outcome.plan.packages["tier"], outcome.plan.packages["package"],
                      strict=True))
    assert chosen == {"top": "basic", "base": "plus"}
    assert outcome.objective == pytest.approx(100)
    # a budget of 50 cannot pay for plus
    outcome = solve(world(tmp_path / "b", customers, packages=packages, tiers=tiers,
                          budget={"total": 50}))
    assert outcome.objective == pytest.approx(0)


def test_soft_budget_pays_its_penalty(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 0}, objective={"horizon_years": 1, "discount_rate": 0.0,
                                                 "soft": {"budget": 0.5}})
    outcome = solve(path)
    assert offered(outcome) == {("A", "o")}
    assert outcome.objective == pytest.approx(100 - 50 - 0.5 * 50)
    assert outcome.check is not None
    assert [v.constraint for v in outcome.check.violations if v.soft] == ["budget"]


def test_infeasible_scenario_is_diagnosed(tmp_path: Path) -> None:
    customers = [{"customer_id": c, **TOP} for c in ("A", "B", "C")]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10}, "base": {}}
    outcome = solve(world(tmp_path, customers, rms, tiers=tiers))
    assert outcome.result.status == Status.INFEASIBLE and outcome.plan is None
    described = [s.describe() for s in outcome.diagnosis]
    assert any("RM hours over capacity for R1: by 10" in d or
               "left without an RM" in d for d in described), described


def test_every_family_is_declared_once_with_every_trait() -> None:
    assert [f.name for f in FAMILY_SPECS] == list(dict.fromkeys(f.name for f in FAMILY_SPECS))
    assert set(BY_NAME) == set(get_args(Family)), "declare each family in allocator.families"
    scenario = load_scenario(DEMO).scenario
    calendar = load_scenario(DEMO.with_name("demo_calendar.yaml")).scenario
    rm_columns = {value for value in vars(c).values() if isinstance(value, str)}
    for family in FAMILY_SPECS:
        traits = {field.name: getattr(family, field.name) for field in fields(family)}
        missing = [name for name, value in traits.items() if value is None]
        assert not missing, f"{family.name} lacks {missing}"
        assert callable(family.rows) and callable(family.check), family.name
        assert family.constraints, f"{family.name} names no rows"
        for constraint in family.constraints:
            assert constraint.phrase, f"{constraint.name} has no diagnosis phrase"
            for word in (constraint.name, constraint.phrase):
                assert word in TERMS_ZH, f"'{word}' has no Chinese in the language catalogue"
        if not family.priced:  # kept in each customer's choice: nothing to scale
            assert family.scaling is Scaling.KEPT and not family.limits, family.name
        for limit in family.limits:
            if limit.table == "scenario":
                value: object = calendar if limit.key.startswith("calendar.") else scenario
                for key in limit.key.split("."):
                    value = getattr(value, key)  # a key the scenario has
            elif limit.table == "rms":
                assert limit.key in rm_columns, limit.key
            else:
                assert limit.key in OfferSpec.model_fields, limit.key


def test_the_decomposition_prices_the_formulation_s_rows(tmp_path: Path) -> None:
    """Every priced row of the exact model, and only those, with the same limit and terms;
    rows without terms here (which the exact model leaves out) have none there."""
    prepared = prepare(every_family_world(tmp_path))
    scenario = prepared.loaded.scenario
    problem = build_problem(prepared.valued, scenario)
    priced = couplings(prepared.valued, scenario, problem.decisions)
    exact = {b.name for b in problem.row_blocks if b.family not in KEPT_EXACTLY}
    assert {f.name for f in priced} == exact
    layout = problem.decisions.layout
    for family in priced:
        block = problem.row_block(family.name)
        rows = problem.matrix[block.start:block.stop].toarray()
        labels = [str(label) for label in problem.row_labels[block.start:block.stop]]
        limits = problem.row_upper if family.sense == "le" else problem.row_lower
        dense = np.zeros((len(family.limits), layout.n))
        for terms, start in ((family.on_x, layout.x0), (family.on_y, layout.y0),
                             (family.on_s, layout.s0)):
            if terms is not None:
                np.add.at(dense, (terms.rows, terms.cols + start), terms.coefs)
        at = {str(label): i for i, label in enumerate(family.labels)}
        for i, label in enumerate(labels):
            assert family.limits[at[label]] == limits[block.start + i], (family.name, label)
            assert np.array_equal(dense[at[label]], rows[i, :layout.n]), (family.name, label)
        others = [at[label] for label in at if label not in labels]
        assert not dense[others].any(), family.name
