"""Prices as the plan holds them (allocator.sensitivity.as_held): a limit with room for any one
of its decisions is worth 0 at the margin (complementary slackness), and a reported range holds
today's limit, on both paths; and the decomposition's re-runs at a moved limit start from the
run's plan where it keeps that limit."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.optimize import Outcome
from allocator.preparation import prepare
from allocator.problem import decisions_of
from allocator.report.plan_tables import constraint_table, headline_prices
from allocator.sensitivity import SLACK_TOLERANCE, Sensitivity, as_held
from tests.builders import offer, solve, world
from tests.test_sensitivity import books, package_world

PATHS = ("exact", "multipliers")


def priced_on(path: Path, way: str, monkeypatch: pytest.MonkeyPatch) -> Outcome:
    """The plan of the exact path, or of the decomposition priced by its multipliers (a tiny
    book counted as too large for the LP)."""
    if way == "exact":
        return solve(path, "solver.method=exact", "output.steps=false")
    monkeypatch.setattr("allocator.decomposition_path.WHOLE_BOOK", 0)
    return solve(path, "solver.method=decomposition", "output.steps=false")


def test_a_budget_with_room_is_worth_nothing_as_on_the_exact_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 20 of a budget of 90 spent (two offers of 10; the package of 100 does not fit): the
    # multipliers priced it at 3 (0 to 100), the LP with the package fixed at 0 from 20 up
    path = package_world(tmp_path, 90)
    for way in PATHS:
        outcome = priced_on(path, way, monkeypatch)
        assert outcome.prices[("budget", "total")] == 0.0, way
        assert outcome.sensitivity is not None
        assert outcome.sensitivity.ranges[("budget", "total")] == (pytest.approx(20.0), np.inf)
        row = headline_prices(outcome).iloc[0]
        assert (row["value"], row["range_low"], row["range_high"]) == (0.0, 20.0, np.inf)


def test_slack_short_of_a_decision_keeps_the_price() -> None:
    # 1,498 of a loss cap of 1,500 used where an offer adds 5: no room, the price holds; a
    # quota of 10 with 3 left (an offer counts 1) has room: 0, worth nothing from 7 up
    import pandas as pd
    table = pd.DataFrame({"constraint": ["loss_cap", "offer_quota", "offer_minimum"],
                          "label": ["total", "card", "fund"], "sense": ["le", "le", "ge"],
                          "limit": [1500.0, 10.0, 4.0], "used": [1498.0, 7.0, 6.0],
                          "slack": [2.0, 3.0, 2.0]})
    prices = {("loss_cap", "total"): 0.7, ("offer_quota", "card"): 1.5,
              ("offer_minimum", "fund"): -11181.0}
    known = Sensitivity(ranges={("loss_cap", "total"): (1490.0, 1600.0),
                                ("offer_quota", "card"): (5.0, 12.0),
                                ("offer_minimum", "fund"): (2.0, 5.0)},
                        lumps={("loss_cap", "total"): 5.0, ("offer_quota", "card"): 1.0,
                               ("offer_minimum", "fund"): 1.0})
    held, ranges = as_held(prices, known, table)
    assert held == {("loss_cap", "total"): 0.7, ("offer_quota", "card"): 0.0,
                    ("offer_minimum", "fund"): 0.0}
    assert ranges is not None and ranges.ranges == {
        ("loss_cap", "total"): (1490.0, 1600.0), ("offer_quota", "card"): (7.0, np.inf),
        ("offer_minimum", "fund"): (-np.inf, 6.0)}
    # a range that misses today's limit is no range of today's price
    _, missed = as_held(prices, Sensitivity(ranges={("loss_cap", "total"): (0.0, 1400.0)},
                                            lumps=known.lumps), table)
    assert missed is not None and missed.ranges == {}


def test_a_limit_worth_nothing_holds_so_from_what_the_plan_uses() -> None:
    # a loss cap used to 1,498 of 1,500 and priced 0: the multipliers' choice used none of it
    # (a range from 0), but below 1,498 the plan itself must change
    import pandas as pd
    table = pd.DataFrame({"constraint": ["loss_cap"], "label": ["total"], "sense": ["le"],
                          "limit": [1500.0], "used": [1498.0], "slack": [2.0]})
    known = Sensitivity(ranges={("loss_cap", "total"): (0.0, np.inf)},
                        lumps={("loss_cap", "total"): 5.0})
    held, ranges = as_held({("loss_cap", "total"): 0.0}, known, table)
    assert held == {("loss_cap", "total"): 0.0}
    assert ranges is not None and ranges.ranges == {("loss_cap", "total"): (1498.0, np.inf)}


# Property: on both paths, every reported price on a row with room for any one of its decisions
# is 0, and each reported range holds today's limit.

@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.sampled_from(PATHS), st.sampled_from([10.0, 40.0]))
def test_prices_keep_complementary_slackness_and_ranges_hold_the_limit(
        book: dict[str, Any], way: str, hours: float) -> None:
    rms = [{"rm_id": f"R{r}", "grade": "rm", "region": "R", "capacity_hours": hours}
           for r in range(2)]
    fit = [(c["customer_id"], f"R{r}", 10.0 * (r + 1), 5.0 + 10 * r)
           for c in book["customers"] for r in range(2)]
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        path = world(Path(folder), book["customers"], rms=rms, fit=fit, offers=book["offers"],
                     packages={"basic": {"cost_per_customer": 0, "uplift": 0},
                               "enhanced": {"cost_per_customer": 4, "uplift": 0.01}},
                     budget={"total": book["budget"]}, risk={"loss_cap": book["loss_cap"]})
        outcome = priced_on(path, way, patch)
    assert outcome.sensitivity is not None
    lumps = outcome.sensitivity.lumps
    table = constraint_table(outcome)
    for row in table.itertuples(index=False):
        key = (str(row.constraint), str(row.label))
        tolerance = SLACK_TOLERANCE * max(1.0, abs(row.limit))
        if row.slack > tolerance and row.slack >= lumps.get(key, 0.0) - tolerance:
            assert np.isnan(row.marginal_value) or row.marginal_value == 0.0, (way, key)
        if np.isfinite(row.range_low) or np.isfinite(row.range_high):
            assert row.range_low - tolerance <= row.limit <= row.range_high + tolerance, (
                way, key, row.range_low, row.limit, row.range_high)


def test_a_re_run_starts_from_a_plan_that_keeps_its_limits(tmp_path: Path) -> None:
    # Offers worth 12 net for 11, and 10 for 10 twice, with a budget of 20: the best plan is
    # the two of 10 (20); the repairs keep the best value per unit of budget (12). Given the
    # plan, a search of one iteration keeps it; at a budget of 19 it breaks, and is not taken.
    path = world(tmp_path, [{"customer_id": "A"}], budget={"total": 20},
                 tiers={"top": {"coverage": "none"}, "base": {"coverage": "none",
                                                              "max_offers": 5}},
                 offers={"a": offer(23, cost=11), "b": offer(20, cost=10),
                         "c": offer(20, cost=10)})
    prepared = prepare(path, [])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    plan = np.zeros(d.layout.n)
    plan[d.layout.y0:d.layout.s0] = d.y.offer != valued.offer_ids.index("a")
    for tier in np.unique(d.s.tier):  # each tier's first package
        plan[d.layout.s0 + int(np.flatnonzero(d.s.tier == tier)[0])] = 1.0
    start = Settings(max_iterations=1, perturbations=0, neighbourhoods=0,
                     branch_packages=False)
    alone = decompose(valued, scenario, d, start).result.objective
    found = decompose(valued, scenario, d, replace(start, plan=plan)).result.objective
    assert alone is not None and alone < 20.0 - 1e-6
    assert found == pytest.approx(20.0)
    cut = scenario.model_copy(update={"budget": scenario.budget.model_copy(
        update={"total": 19.0})})
    again = decompose(valued, cut, d, replace(start, plan=plan)).result.objective
    assert again is None or again <= 12.0 + 1e-9
