"""Valuation by hand on the tiny book: CLV, offer values and eligibility, coverage pairs."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from allocator.api import prepare
from allocator.valuation import _eligible_pairs as valuation_pairs
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


def test_coverage_pairs_are_every_allowed_rm_of_the_region_in_order(tiny: Path) -> None:
    # the pairs against a join of customers, allowed grades and RMs on region and grade,
    # ordered by customer then RM; the incumbent pairs against the ids compared
    import pandas as pd

    from allocator.valuation import _incumbents

    prepared = prepare(tiny)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    rms = valued.rms.assign(region=["South", "North", "North", "North"][:len(valued.rms)])
    tier_code = valued.customers["tier"].map({t: i for i, t in enumerate(scenario.tiers)})
    grades = pd.DataFrame([(i, g, e) for i, s in enumerate(scenario.tiers.values())
                           if s.coverage != "none" for g, e in s.rm_grades.items()],
                          columns=["tier_code", "grade", "effectiveness"])
    left = pd.DataFrame({"customer": np.arange(len(valued.customers)),
                         "tier_code": tier_code.to_numpy(),
                         "region": valued.customers["region"].to_numpy()})
    right = pd.DataFrame({"rm": np.arange(len(rms)), "grade": rms["grade"].to_numpy(),
                          "region": rms["region"].to_numpy()})
    expected = left.merge(grades, on="tier_code").merge(right, on=["region", "grade"])
    expected = expected.sort_values(["customer", "rm"])
    book = replace(prepared.book, rms=rms)
    found = valuation_pairs(valued.customers, book, scenario, tier_code.to_numpy())
    assert len(expected) != len(valued.coverage.customer)  # the regions moved: other pairs
    assert found[0].tolist() == expected["customer"].tolist()
    assert found[1].tolist() == expected["rm"].tolist()
    assert found[2].tolist() == expected["effectiveness"].tolist()
    held = valued.customers["incumbent_rm"].to_numpy(dtype=object)
    twice = replace(book, rms=pd.concat([rms, rms.iloc[:1]], ignore_index=True))
    for each in (book, twice):  # RM ids repeated: each id's first RM
        ids = list(each.rms["rm_id"])
        assert _incumbents(valued.customers, each).tolist() == [
            ids.index(rm) if rm in ids else -1 for rm in held]
