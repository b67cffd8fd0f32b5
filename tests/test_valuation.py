"""Valuation by hand on the tiny book: CLV, offer values and eligibility, coverage pairs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from allocator.api import prepare
from tests.builders import solve, world


def test_lifetime_value_matches_the_sum(tiny: Path) -> None:
    customers = prepare(tiny).valued.customers.set_index("customer_id")
    expected = sum(60_000 * 0.9 ** (t - 1) / 1.08**t for t in range(1, 6))
    assert customers.loc["C01", "clv"] == pytest.approx(expected)
    expected_mass = sum(300 * 0.85 ** (t - 1) / 1.08**t for t in range(1, 6))
    assert customers.loc["C05", "clv"] == pytest.approx(expected_mass)


def test_offer_values_and_eligibility(tiny: Path) -> None:
    valued = prepare(tiny).valued
    ids = valued.customers["customer_id"].to_numpy()
    pairs = valued.offer_pairs
    table = {(ids[i], valued.offer_ids[k]): (v, loss) for i, k, v, loss in
             zip(pairs.customer, pairs.offer, pairs.value, pairs.expected_loss, strict=True)}
    assert table[("C04", "fund")][0] == pytest.approx(0.1 * 1000 - 50)
    # card to C04: 0.05*100 - 2 - 0.05 * (0.03 * 0.8 * 2000)
    assert table[("C04", "card")] == pytest.approx((0.6, 2.4))
    # loan to C04 is worth 25 - 20 - 7.5 < 0: pruned
    assert ("C04", "loan") not in table
    assert not any(c == "C05" for c, _ in table)  # do not contact
    assert ("C03", "fund") not in table  # risk level 3 above tolerance 2
    assert ("C09", "fund") not in table  # mass is not eligible for the fund
    assert ("C08", "loan") not in table  # 25 - 20 - 0.05 * 0.05 * 0.5 * 10000 < 0


def test_coverage_pairs_by_region_and_grade(tiny: Path) -> None:
    valued = prepare(tiny).valued
    ids = valued.customers["customer_id"].to_numpy()
    rm_ids = valued.rms["rm_id"].to_numpy()
    cov = valued.coverage
    pairs = {(ids[i], rm_ids[r]) for i, r in zip(cov.customer, cov.rm, strict=True)}
    assert {p for p in pairs if p[0] == "C01"} == {("C01", "RM1")}
    assert {p for p in pairs if p[0] == "C02"} == {("C02", "RM1"), ("C02", "RM2")}
    assert {p for p in pairs if p[0] == "C04"} == {("C04", "RM2")}
    assert not any(p[0] in ("C05", "C09") for p in pairs)  # mass: no coverage
    clv = valued.customers.set_index("customer_id")["clv"]
    c04 = np.flatnonzero(ids[cov.customer] == "C04")[0]
    assert cov.value[c04] == pytest.approx(clv["C04"] * 0.05 * 0.8)
    assert cov.hours[c04] == 5


def test_coverage_earns_the_lifetime_value_it_keeps(tmp_path: Path) -> None:
    # Margin 100 a year over 2 years, no discount, churn 0.5: CLV = 100 + 100 x 0.5 = 150.
    # An RM prevents 40% of churn (0.5 -> 0.3): 100 + 100 x 0.7 = 170, so coverage earns 20
    # (times the grade's effectiveness, 0.5 here: 10).
    customers = [{"customer_id": "A", "tier_key": 1.0, "revenue_12m": 100.0,
                  "churn_probability": 0.5}]
    tiers = {"top": {"rm_grades": {"rm": 0.5}, "coverage": "optional", "churn_reduction": 0.4},
             "base": {}}
    path = world(tmp_path, customers, tiers=tiers, objective={"horizon_years": 2})
    outcome = solve(path)
    assert outcome.prepared.valued.customers["clv"].iloc[0] == pytest.approx(150.0)
    assert outcome.objective == pytest.approx(10.0)
    assert outcome.check is not None and outcome.check.components["coverage"] == pytest.approx(10)
