"""`allocate explain` in a calendar run: a contact is charged the calendar's limits it would
use (overlapping call-centre windows, one of them full), and a contact a contact rule holds
back names that rule, in English and in Chinese."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml

from allocator import api
from allocator.explain import explain
from allocator.report.naming import folder_words
from allocator.run_folder import load_run, read_manifest
from tests.test_cli import ROOT

OVERLAP = {
    "extends": str(ROOT / "scenarios" / "demo_calendar.yaml"), "name": "overlap",
    "data": {"generate": {"customers": 400, "seed": 7}},
    "tiers": {"premier": {"budget_floor_share": 0}},
    "calendar": {
        "contact_rules": {"quarterly": {"max": 3, "every": 91},
                          "monthly": {"max": 1, "every": 30, "start": 20, "end": 200},
                          "spaced": {"max": 1, "rolling": 45, "channels": ["email", "sms"]}},
        "channel_limits": {
            "cc_a": {"channels": ["call_centre"], "start": 50, "end": 120, "max": 100},
            "cc_b": {"channels": ["call_centre"], "start": 100, "end": 300, "max": 50}}}}
"""The demo's calendar on 400 customers with two call-centre windows (days 50-120 and
100-300, the loan call of day 110 in both), fixed and rolling contact rules."""
CUSTOMERS = ("C0001", "C0003", "C0004", "C0005", "C0008", "C0009")
"""Customers not called on day 240, with room in their quarter and no lag against it."""


@pytest.fixture(scope="module")
def overlap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("overlap")
    path = folder / "overlap.yaml"
    path.write_text(yaml.safe_dump(OVERLAP))
    return api.run(path, ["output.baselines=false"], output=folder / "reports").folder


def _prices(folder: Path) -> pd.Series:
    limits = pd.read_csv(folder / "constraints.csv").set_index(["constraint", "label"])
    return limits["marginal_value"]


def test_a_call_under_a_full_window_is_priced_out_by_it(overlap: Path) -> None:
    """The run is proven optimal and the later window is full: the day-240 call left out is
    priced out by that window's price (before: charged nothing and told "within the gap"),
    each call made is charged the windows its day falls in, in both languages."""
    assert read_manifest(overlap)["solver"]["gap"] == 0
    prices = _prices(overlap)
    late, early = prices[("channel_window_max", "cc_b")], prices[("channel_window_max", "cc_a")]
    assert late > 13 and early > 0
    windows = {"loan_call_q1": early, "loan_call_q2": early + late, "loan_call_q3": late,
               "loan_call_q4": late}
    english, chinese = folder_words(overlap, "en"), folder_words(overlap, "zh")
    for customer in CUSTOMERS:
        offers = explain(overlap, customer, english).offers.set_index("offer_id")
        for call, price in windows.items():
            assert offers.loc[call, "priced_by_limits"] == pytest.approx(price), (customer, call)
        call = offers.loc["loan_call_q3"]
        assert not call["made"]
        assert call["why"] == (f"priced out: the limits it would use are worth {late:.2f} > "
                               f"{call['value']:.2f}")
        said = explain(overlap, customer, chinese).offers.set_index("offer_id")
        assert said.loc["loan_call_q3", "why"] == (
            f"未推荐：其占用限额的价值 {late:.2f} > 其价值 {call['value']:.2f}")
    made = pd.read_csv(overlap / "offer_plan.csv").query("offer_id == 'loan_call_q3'")
    for customer in made["customer_id"].head(3):
        call = explain(overlap, customer, english).offers.set_index("offer_id").loc[
            "loan_call_q3"]
        assert call["priced_by_limits"] == pytest.approx(late)
        assert late < call["value"]
        assert call["why"] == "made: worth more than the limits it uses are worth"


RULE = re.compile(r"blocked: '(\w+)' allows (\d+) contacts? in days (\d+)-(\d+), all taken")
RULE_ZH = re.compile(r"受限：“(\w+)”在第 (\d+)–(\d+) 天最多允许 (\d+) 次接触，已用完")


def test_a_contact_a_contact_rule_holds_back_names_that_rule(overlap: Path) -> None:
    """Each contact told blocked by a contact rule names a rule of the scenario and a window
    of it that the customer's contacts fill; fixed (every) and rolling rules both, the same
    in Chinese."""
    inputs, plan, _ = load_run(overlap)
    calendar = inputs.scenario.calendar
    assert calendar is not None
    named = set()
    english, chinese = folder_words(overlap, "en"), folder_words(overlap, "zh")
    for customer in [f"C{k:04d}" for k in range(1, 13)]:
        made = set(plan.offers.loc[plan.offers["customer_id"] == customer, "offer_id"])
        told = explain(overlap, customer, english).offers.set_index("offer_id")["why"]
        said = told if not told.str.match(RULE).any() else explain(
            overlap, customer, chinese).offers.set_index("offer_id")["why"]
        for activity, why in told.items():
            found = RULE.fullmatch(str(why))
            if found is None:
                continue
            rule, most, first, last = found[1], int(found[2]), int(found[3]), int(found[4])
            spec = calendar.contact_rules[rule]
            taken = [a for a in made if first <= calendar.activities[a].day <= last
                     and (spec.channels is None or inputs.offers[a].channel in spec.channels)]
            assert most == spec.max == len(taken), (customer, activity, why)
            assert first <= calendar.activities[str(activity)].day <= last
            zh = RULE_ZH.fullmatch(str(said[activity]))
            assert zh is not None and zh.groups() == (rule, str(first), str(last), str(most))
            named.add(rule)
    assert {"monthly", "spaced"} <= named, named
