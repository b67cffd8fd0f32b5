"""Tiering methods, hysteresis, reasons and the migration matrix, checked by hand."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.book import load_book
from allocator.scenario import load_scenario
from allocator.scenario.tier_schema import ParetoTiering, RfmTiering, ScoreTiering, ThresholdTiering
from allocator.tiering import assign_tiers

TIERS = ["private", "wealth", "premier", "mass"]


def test_thresholds_with_hysteresis_on_the_tiny_book(tiny: Path) -> None:
    scenario = load_scenario(tiny).scenario
    book = load_book(scenario)
    result = assign_tiers(book.customers, scenario.tiering, TIERS)
    tiers = dict(zip(result.customers["customer_id"], result.customers["tier"], strict=True))
    assert tiers == {"C01": "private", "C02": "wealth", "C03": "wealth", "C04": "premier",
                     "C05": "mass", "C06": "private", "C07": "wealth", "C08": "premier",
                     "C09": "mass"}
    reasons = dict(zip(result.customers["customer_id"], result.customers["tier_reason"],
                       strict=True))
    # C03 has 460k, below 500k but above 450k = 500k x (1 - 0.1): kept in wealth
    assert reasons["C03"].startswith("kept in wealth: aum >= 450,000")
    assert reasons["C02"] == "aum >= 500,000 -> wealth"
    assert reasons["C09"] == "aum below 50,000 -> mass"
    assert reasons["C01"] == "aum >= 5,000,000 -> private"  # never 5e+06
    # C08 was mass and is promoted at once (hysteresis only slows demotion)
    migration = result.migration
    assert migration.loc["mass", "premier"] == 1
    assert migration.loc["wealth", "wealth"] == 3  # C02, C03 (held), C07
    assert int(migration.to_numpy().sum()) == 9


def frame(**columns: list[float]) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    base = {"previous_tier": [None] * n, "customer_id": [f"C{i}" for i in range(n)]}
    return pd.DataFrame({**base, **columns})


def test_demotion_below_the_band_and_two_steps() -> None:
    customers = frame(aum=[440_000.0, 4_600_000.0, 40_000.0])
    customers["previous_tier"] = ["wealth", "private", "wealth"]
    tiering = ThresholdTiering(method="thresholds", thresholds={"private": 5e6, "wealth": 5e5,
                                                                "premier": 5e4}, hysteresis=0.1)
    result = assign_tiers(customers, tiering, TIERS)
    # 440k < 450k: demoted; 4.6M >= 4.5M: kept in private; 40k: two tiers down to mass
    assert result.customers["tier"].tolist() == ["premier", "private", "mass"]


def test_score_cut_by_quantiles() -> None:
    customers = frame(aum=list(np.arange(100.0)), revenue_12m=list(np.arange(100.0)))
    tiering = ScoreTiering(method="score", features={"aum": 2, "revenue_12m": 1},
                           quantiles={"private": 0.01, "wealth": 0.05, "premier": 0.2})
    counts = assign_tiers(customers, tiering, TIERS).customers["tier"].value_counts()
    assert counts.to_dict() == {"private": 1, "wealth": 5, "premier": 20, "mass": 74}


def test_score_cut_by_thresholds_uses_weighted_ranks() -> None:
    customers = frame(aum=[1.0, 2.0, 3.0, 4.0], revenue_12m=[4.0, 3.0, 2.0, 1.0])
    tiering = ScoreTiering(method="score", features={"aum": 3, "revenue_12m": 1},
                           thresholds={"private": 0.9, "wealth": 0.6, "premier": 0.5})
    result = assign_tiers(customers, tiering, TIERS)
    # score = 0.75 * rank(aum) + 0.25 * rank(revenue); ranks are 1/4 .. 4/4
    assert result.customers["tier_score"].tolist() == pytest.approx([0.4375, 0.5625, 0.6875, 0.8125])
    assert result.customers["tier"].tolist() == ["mass", "premier", "wealth", "wealth"]


def test_rfm_quintiles() -> None:
    n = 10
    customers = frame(recency_days=list(range(n)), frequency_12m=list(range(n, 0, -1)),
                      revenue_12m=list(range(n, 0, -1)))
    tiering = RfmTiering(method="rfm", thresholds={"private": 15, "wealth": 12, "premier": 6})
    result = assign_tiers(customers, tiering, TIERS)
    assert result.customers["tier_score"].tolist() == [15, 15, 12, 12, 9, 9, 6, 6, 3, 3]
    assert result.customers["tier"].tolist()[:5] == ["private", "private", "wealth", "wealth",
                                                     "premier"]


def test_pareto_value_shares() -> None:
    customers = frame(revenue_12m=[10.0, 100.0, 30.0, 50.0, 10.0])
    tiering = ParetoTiering(method="pareto", value_shares={"private": 0.5, "wealth": 0.25,
                                                           "premier": 0.15})
    result = assign_tiers(customers, tiering, TIERS)
    assert result.thresholds["private"] == 100 and result.thresholds["wealth"] == 50
    assert result.customers["tier"].tolist() == ["mass", "private", "premier", "wealth", "mass"]
