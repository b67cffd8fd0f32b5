"""The demo's campaign calendar: its quarterly contact cap and its 60-day lag between calls shape
the plan (who gets which call), and `explain` says so in English and in Chinese."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.explain import explain
from allocator.report.naming import folder_words
from tests.builders import solve
from tests.test_decomposition import ROOT

DEMO_CALENDAR = ROOT / "scenarios" / "demo_calendar.yaml"
QUICK = ("output.steps=false", "output.baselines=false")
LAG = 60
EXACT = ("solver.method=exact", "output.baselines=false")


def calls_apart(offers: pd.DataFrame) -> pd.Series:
    """Per customer with two calls or more, the fewest days between two of them."""
    calls = offers[offers["channel"] == "call_centre"].sort_values(["customer_id", "day"])
    return calls.groupby("customer_id")["day"].diff().dropna().groupby(
        calls["customer_id"]).min()


@pytest.mark.long
def test_the_demo_s_call_lag_decides_who_gets_which_call(tmp_path: Path) -> None:
    run = api.run(DEMO_CALENDAR, QUICK, output=tmp_path)
    plan = pd.read_csv(run.folder / "offer_plan.csv")
    apart = calls_apart(plan)
    assert (apart >= LAG).all() and len(apart) > 0
    called = apart.index[0]  # called twice, so one call of each pair 50 days apart is blocked
    english = explain(run.folder, called, folder_words(run.folder, "en")).timeline
    assert any("blocked by the 60-day lag '60 days between calls'" in line
               for line in english), english
    chinese = explain(run.folder, called, folder_words(run.folder, "zh")).timeline
    assert any("受冲突间隔“两次电话间隔六十天”（60 天）所限" in line for line in chinese), chinese
    # without the lag the same customers take both calls of a pair
    free = solve(DEMO_CALENDAR, *QUICK, "calendar.conflicts.calls.lag=1")
    assert free.plan is not None
    calendar = free.prepared.loaded.scenario.calendar
    assert calendar is not None
    offers = free.plan.offers
    offers = offers.assign(day=[calendar.activities[a].day for a in offers["offer_id"]],
                           channel=["call_centre" if a.startswith("loan_call") else ""
                                    for a in offers["offer_id"]])
    assert (calls_apart(offers) < LAG).sum() >= 100  # the lag binds for many customers


@pytest.mark.long
def test_the_demo_s_quarterly_cap_moves_its_value() -> None:
    """Two contacts a quarter instead of three cost the plan far more than its gap: the cap,
    not the budget, decides how many contacts a customer gets."""
    values: dict[int, float] = {}
    for cap in (2, 3):
        outcome = solve(DEMO_CALENDAR, *EXACT, f"calendar.contact_rules.quarterly.max={cap}")
        assert outcome.objective is not None and outcome.gap is not None
        assert outcome.gap < 0.001
        values[cap] = outcome.objective
    assert values[3] - values[2] >= 0.005 * values[3], values
