"""The campaign calendar: each family on a tiny calendar whose optimum is worked out by hand,
the scenario's checks, and the checker attacked one calendar family at a time."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import api
from allocator.backends import Status
from allocator.campaigns.activities import maximal_cliques
from allocator.campaigns.checks import check_calendar
from allocator.campaigns.timeline import LeftOut, customer_timeline
from allocator.checks import joined_plan
from allocator.checks.ledger import Ledger
from allocator.errors import UserError
from allocator.explain import explain
from allocator.report.drivers import driver_table, shown_drivers
from allocator.report.language import Words
from allocator.report.plan_tables import constraint_table
from allocator.scenario import load_scenario
from tests.builders import offer, offered, solve, world
from tests.test_checker import only_violation, swap_offer

CUSTOMERS = [{"customer_id": "A", "p_dep": 1.0, "p_loan": 1.0, "p_card": 1.0},
             {"customer_id": "B", "p_dep": 0.5, "p_loan": 1.0, "p_card": 1.0}]
OFFERS = {"dep": offer(10.0, propensity_column="p_dep"),
          "loan": offer(20.0, cost=2.0, channel="call_centre", propensity_column="p_loan"),
          "card": offer(6.0, channel="sms", product="card", propensity_column="p_card")}
ACTIVITIES = {
    "a1": {"offer": "dep", "day": 10},
    "a2": {"offer": "dep", "day": 40, "cost": 2.0},
    "a3": {"offer": "loan", "day": 20},
    "a4": {"offer": "loan", "day": 60, "cost": 3.0},
    "a5": {"offer": "card", "day": 15},
}
"""Worth 10, 8, 18, 17 and 6 to A; 5, 3, 18, 17 and 6 to B."""
TIERS = {"top": {"coverage": "none", "max_offers": 10}, "base": {"coverage": "none",
                                                                  "max_offers": 10}}
RULES: dict[str, Any] = {
    "contact_rules": {"two_by_day_60": {"max": 2, "end": 60}},
    "conflicts": {"calls": {"first": {"channels": ["call_centre"]},
                            "second": {"channels": ["call_centre"]}, "lag": 50}},
}


def calendar_world(folder: Path, **rules: Any) -> Path:
    calendar = {"horizon": 120, "activities": ACTIVITIES, **RULES, **rules}
    return world(folder, CUSTOMERS, offers=OFFERS, tiers=TIERS, calendar=calendar)


def test_contact_window_and_conflict_choose_each_customer_s_best_pair(tmp_path: Path) -> None:
    # two contacts by day 60, the calls 40 days apart conflict: A a3 + a1, B a3 + a5
    outcome = solve(calendar_world(tmp_path))
    assert outcome.result.status == Status.OPTIMAL and outcome.method == "exact"
    assert offered(outcome) == {("A", "a1"), ("A", "a3"), ("B", "a3"), ("B", "a5")}
    assert outcome.objective == pytest.approx(28 + 24)
    # a lag of 40 lets both calls through: a3 and a4 (35) each
    lag = {"calls": {**RULES["conflicts"]["calls"], "lag": 40}}
    outcome = solve(calendar_world(tmp_path / "lag", conflicts=lag))
    assert outcome.objective == pytest.approx(70)


def test_contact_rules_and_conflicts_are_priced_where_one_more_contact_is_worth_most(
        tmp_path: Path) -> None:
    # Each customer's two contacts by day 60 and the calls' 50-day lag hold the plan back: the
    # LP (packages fixed) prices one more contact where it is worth most (A's, 10) and a call
    # within the lag (B's second call, 11); both bind and drive the plan, per contact.
    outcome = solve(calendar_world(tmp_path))
    table = constraint_table(outcome)
    rows = table.set_index(["constraint", "label"])
    contact = rows.loc[("calendar_contact", "two_by_day_60")]
    conflict = rows.loc[("calendar_conflict", "conflicting contacts")]
    assert (contact["marginal_value"], conflict["marginal_value"]) == pytest.approx((10, 11))
    assert contact["binding"] and conflict["binding"]
    ranked = driver_table(outcome, table)
    assert list(zip(ranked["constraint"], ranked["label"], strict=True))[:2] == [
        ("calendar_conflict", "conflicting contacts"), ("calendar_contact", "two_by_day_60")]
    assert ranked["loosening_worth"].tolist()[:2] == pytest.approx([11, 10])
    shown = shown_drivers(ranked, "EUR", Words())
    assert "10.00 EUR per contact" in shown["marginal_value"].tolist(), shown
    # a cap of 0 contacts over the rule is no share of anything: none shown, not "0.0%"
    assert shown["use_share"].head(2).isna().all(), shown
    assert [Words().term(name) for name in ranked["constraint"].head(2)] == [
        "contacts within a conflict lag", "contacts over a window's cap"]
    # five contacts by day 60 is more than any customer can take: no limit, never binding
    loose = solve(calendar_world(tmp_path / "loose", contact_rules={
        "five_by_day_60": {"max": 5, "end": 60}}))
    row = constraint_table(loose).set_index(["constraint", "label"]).loc[
        ("calendar_contact", "five_by_day_60")]
    assert row["identity"] and not row["binding"]


@pytest.mark.parametrize(("rule", "expected"), [
    ({"max": 1, "every": 30}, 27 + 23),  # days 1-30, 31-60, ...: A a1 + a4, B a5 + a4
    ({"max": 1, "rolling": 50}, 27 + 22),  # day 10 and 60 are in no window of 50 days
    ({"max": 1, "rolling": 51}, 18 + 18),  # but in one of 51: a single call each
])
def test_fixed_and_rolling_windows(tmp_path: Path, rule: dict[str, Any], expected: float
                                   ) -> None:
    outcome = solve(calendar_world(tmp_path, contact_rules={"spaced": rule}))
    assert outcome.objective == pytest.approx(expected)
    if rule.get("every"):
        assert offered(outcome) == {("A", "a1"), ("A", "a4"), ("B", "a5"), ("B", "a4")}


@pytest.mark.parametrize(("rules", "expected"), [
    ({"channel_limits": {"email": {"channels": ["email"], "max": 0}}}, 24 + 24),
    ({"channel_limits": {"sms": {"channels": ["sms"], "min": 2}}}, 24 + 24),
    ({"budgets": {"calls": {"channels": ["call_centre"], "limit": 2}}}, 18 + 24),
    ({"sales": {"cards": {"products": ["card"], "min": 2}}}, 24 + 24),
    ({"sales": {"deposits": {"products": ["dep"], "max": 0.5, "end": 30}}}, 26 + 24),
])
def test_channel_limits_budgets_and_sales(tmp_path: Path, rules: dict[str, Any],
                                          expected: float) -> None:
    outcome = solve(calendar_world(tmp_path, **rules))
    assert outcome.result.status == Status.OPTIMAL
    assert outcome.objective == pytest.approx(expected)


def test_a_channel_minimum_keeps_contacts_of_no_value(tmp_path: Path) -> None:
    # the card text costs 8 (worth -2): one is still sent to meet the minimum of one
    activities = {**ACTIVITIES, "a5": {"offer": "card", "day": 15, "cost": 8.0}}
    calendar = {"horizon": 120, "activities": activities, **RULES,
                "channel_limits": {"sms": {"channels": ["sms"], "min": 1}}}
    outcome = solve(world(tmp_path, CUSTOMERS, offers=OFFERS, tiers=TIERS, calendar=calendar))
    assert outcome.result.status == Status.OPTIMAL
    assert outcome.objective == pytest.approx(28 + (18 - 2))


def test_soft_rules_pay_their_penalty(tmp_path: Path) -> None:
    # three cards wanted of two customers: one short, at 5 a unit
    path = calendar_world(tmp_path, sales={"cards": {"products": ["card"], "min": 3}})
    assert solve(path).result.status == Status.INFEASIBLE
    outcome = solve(path, "objective.soft.product_sales=5")
    assert outcome.objective == pytest.approx(48 - 5)
    # a conflict at a penalty of 1 a pair is worth breaking: a3 and a4 (35 - 1) each
    outcome = solve(calendar_world(tmp_path / "c"), "objective.soft.calendar_conflict=1")
    assert outcome.objective == pytest.approx(2 * 34)
    # at 4 a contact over the limit, A takes all five (59 - 3 x 4), B all but a2 (46 - 2 x 4)
    outcome = solve(calendar_world(tmp_path / "w", conflicts={}),
                    "objective.soft.calendar_contact=4")
    assert outcome.objective == pytest.approx(47 + 38)


def test_an_infeasible_calendar_is_diagnosed(tmp_path: Path) -> None:
    outcome = solve(calendar_world(tmp_path, sales={"cards": {"products": ["card"], "min": 3}}))
    assert outcome.plan is None
    assert any("expected sales target" in s.describe() for s in outcome.diagnosis)


@pytest.mark.parametrize(("calendar", "message"), [
    ({"activities": {"x": {"offer": "dep", "day": 400}}}, "after the horizon"),
    ({"activities": {"x": {"offer": "dep", "day": 1}},
      "contact_rules": {"q": {"max": 1, "every": 30, "rolling": 30}}}, "not both"),
    ({"activities": {"x": {"offer": "dep", "day": 1}},
      "sales": {"s": {"products": ["dep"]}}}, "give 'min', 'max' or both"),
    ({"activities": {"x": {"offer": "dep", "day": 1, "chanel": "sms"}}}, "chanel"),
    ({"activities": {"x": {"offer": "dep", "day": 1}},  # it covered nothing, silently
      "contact_rules": {"r": {"max": 1, "rolling": 30, "channels": []}}},
     r"contact_rules\.r\.channels: expected at least 1 item"),
    ({"activities": {"x": {"offer": "dep", "day": 1}},
      "conflicts": {"c": {"first": {"products": []}, "second": {}, "lag": 2}}},
     r"conflicts\.c\.first\.products: expected at least 1 item"),
])
def test_a_bad_calendar_is_refused_naming_the_key(tmp_path: Path, calendar: dict[str, Any],
                                                  message: str) -> None:
    path = world(tmp_path, CUSTOMERS, offers=OFFERS, tiers=TIERS, calendar=calendar)
    with pytest.raises(Exception, match=message):
        load_scenario(path)


def test_an_unknown_offer_or_a_quota_is_refused_before_the_solve(tmp_path: Path) -> None:
    # named as a scenario's errors are: the file (or --set) that gave the key, then the key
    path = world(tmp_path, CUSTOMERS, offers=OFFERS, tiers=TIERS,
                 calendar={"activities": {"x": {"offer": "deposit", "day": 1}}})
    with pytest.raises(UserError, match=f"^{re.escape(str(path))}: calendar.activities.x.offer: "
                                        "unknown offer 'deposit'"):
        solve(path)
    with pytest.raises(UserError, match="^--set calendar.activities.x.offer=dpo: calendar."
                                        "activities.x.offer: unknown offer 'dpo'"):
        solve(path, "calendar.activities.x.offer=dpo")
    offers = {**OFFERS, "dep": offer(10.0, quota=3)}
    path = world(tmp_path / "q", CUSTOMERS, offers=offers, tiers=TIERS,
                 calendar={"activities": ACTIVITIES})
    with pytest.raises(UserError, match="quota or minimum"):
        solve(path)


def test_a_product_no_activity_promotes_is_refused(tmp_path: Path) -> None:
    path = calendar_world(tmp_path, sales={"cards": {"products": ["crad"], "min": 1}})
    with pytest.raises(UserError, match=f"^{re.escape(str(path))}: calendar.sales.cards.products: "
                                        "no activity promotes product 'crad'. Did you mean "
                                        "'card'"):
        solve(path)


@pytest.mark.parametrize(("margin", "expected"), [(100.0, 70.0), (20.0, 0.0)])
def test_an_rm_activity_needs_the_customer_s_rm(tmp_path: Path, margin: float,
                                                 expected: float) -> None:
    # covering costs 30 (a negative fit): the RM call is made only when worth more than that
    tiers = {"top": {"coverage": "none"}, "base": {"rm_grades": {"rm": 1.0}, "max_offers": 5}}
    path = world(tmp_path, [{"customer_id": "A"}], fit=[("A", "R1", -30.0)],
                 offers={"advice": offer(margin, channel="rm")}, tiers=tiers,
                 calendar={"activities": {"review": {"offer": "advice", "day": 30}}})
    outcome = solve(path)
    assert outcome.objective == pytest.approx(expected)
    assert (offered(outcome) == {("A", "review")}) == (expected > 0)


def test_cliques_cover_every_conflicting_pair() -> None:
    rng = np.random.default_rng(3)
    for _ in range(20):
        adjacent = rng.random((9, 9)) < 0.5
        adjacent = np.triu(adjacent, 1)
        adjacent |= adjacent.T
        members = np.flatnonzero(rng.random(9) < 0.8)
        cliques = maximal_cliques(adjacent, members)
        for clique in cliques:
            assert all(adjacent[a, b] for a in clique for b in clique if a != b)
        covered = {(a, b) for k in cliques for a in k for b in k if a < b}
        assert covered == {(int(a), int(b)) for a in members for b in members
                           if a < b and adjacent[a, b]}


CHECKED = {
    "calendar_contact": ((swap_offer("C", None, "a4"), swap_offer("C", None, "a5"),
                          swap_offer("C", None, "a6")), "calendar_contact", "C"),
    "calendar_conflict": ((swap_offer("A", "a1", "a4"),), "calendar_conflict", "A"),
    "channel_window_max": ((swap_offer("C", None, "a1"),), "channel_window", "email"),
    "channel_window_min": ((swap_offer("B", "a5", "a6"),), "channel_window", "sms"),
    "channel_budget": ((swap_offer("C", None, "a3"),), "channel_budget", "calls"),
    "product_sales_min": ((swap_offer("B", "a5", None), swap_offer("C", None, "a5")),
                          "product_sales", "cards"),
    "product_sales_max": ((swap_offer("B", "a3", "a2"),), "product_sales", "deposits"),
}
"""Per calendar constraint, a corruption that breaks it alone (no contact is worth anything
to C, who gets none) and the family and rule (or customer) verify must name."""


@pytest.fixture(scope="module")
def calendar_run(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    folder = tmp_path_factory.mktemp("calendar")
    customers = [*CUSTOMERS, {"customer_id": "C", "p_dep": 0.0, "p_loan": 0.0, "p_card": 0.0}]
    calendar = {
        "horizon": 120, "activities": {
            **ACTIVITIES, "a5": {"offer": "card", "day": 15, "cost": 0.5},
            "a6": {"offer": "card", "day": 30, "cost": 1.0}}, **RULES,
        "channel_limits": {"email": {"channels": ["email"], "end": 20, "max": 1},
                           "sms": {"channels": ["sms"], "end": 20, "min": 1}},
        "budgets": {"calls": {"channels": ["call_centre"], "end": 30, "limit": 4}},
        "sales": {"cards": {"products": ["card"], "min": 0.5},
                  "deposits": {"products": ["dep"], "max": 1}}}
    path = world(folder / "book", customers, offers=OFFERS, tiers=TIERS, calendar=calendar)
    run = api.run(path, output=folder / "reports")
    assert run.outcome.result.status == Status.OPTIMAL
    return run


def test_the_calendar_plan_passes_and_has_every_calendar_row(calendar_run: api.Run) -> None:
    assert offered(calendar_run.outcome) == {("A", "a1"), ("A", "a3"), ("B", "a3"),
                                             ("B", "a5")}
    report = api.verify_run(calendar_run.folder)
    assert report.ok and not report.violations
    problem = calendar_run.outcome.problem
    assert problem is not None
    assert set(CHECKED) <= {block.name for block in problem.row_blocks}


def test_the_offer_plan_carries_each_contact_s_offer_day_and_channel(calendar_run: api.Run
                                                                    ) -> None:
    plan = pd.read_csv(calendar_run.folder / "offer_plan.csv", dtype={"customer_id": str})
    rows = plan[plan["customer_id"] == "A"][["offer_id", "offer", "day", "channel"]]
    assert rows.values.tolist() == [["a1", "dep", 10, "email"],
                                    ["a3", "loan", 20, "call_centre"]]


def test_the_calendar_table_shows_each_activity_s_contacts_spend_and_sales(
        calendar_run: api.Run) -> None:
    table = pd.read_csv(calendar_run.folder / "calendar.csv").set_index("activity")
    assert list(table.index) == ["a1", "a5", "a3", "a6", "a2", "a4"]  # by day
    assert table.loc["a3", ["contacts", "spend", "expected_sales"]].tolist() == [2, 4.0, 2.0]
    assert table.loc["a5", ["week", "channel", "products", "contacts"]].tolist() == [
        3, "sms", "card", 1]
    assert table["contacts"].sum() == 4


def test_the_report_shows_the_calendar_s_weeks_and_limits(calendar_run: api.Run) -> None:
    html = (calendar_run.folder / "report.html").read_text()
    for title in ("Campaign calendar", "Contacts per week by channel",
                  "Channel limits, budgets and sales targets"):
        assert title in html
    assert "calendar" in pd.ExcelFile(calendar_run.folder / "plan.xlsx").sheet_names
    assert 'id="offer-volumes"' not in html  # the activities have no quota or minimum


def test_explain_tells_each_customer_s_timeline(calendar_run: api.Run) -> None:
    lines = explain(calendar_run.folder, "A").timeline
    assert lines[0] == "day 10: email dep (a1): contacted"
    assert lines[1] == ("day 15: SMS card (a5): blocked: 'two by day 60' allows 2 contacts in "
                        "days 1-60, all taken")  # ids shown as words
    assert lines[2] == "day 20: call centre loan (a3): contacted"
    assert lines[-1] == ("day 60: call centre loan (a4): blocked by the 50-day lag 'calls' "
                         "with the call centre contact on day 20 (a3)")


def test_explain_s_offers_table_gives_the_timeline_s_reason_for_a_blocked_activity(
        calendar_run: api.Run) -> None:
    found = explain(calendar_run.folder, "A")
    why = found.offers.set_index("offer_id")["why"]
    lag = ("blocked by the 50-day lag 'calls' with the call centre contact on day 20 (a3)")
    assert why["a4"] == lag and found.timeline[-1].endswith(lag)
    window = "blocked: 'two by day 60' allows 2 contacts in days 1-60, all taken"
    assert why["a5"] == window and found.timeline[1].endswith(window)


def test_explain_says_whether_an_activity_left_out_was_open_to_the_customer(
        calendar_run: api.Run) -> None:
    lines = explain(calendar_run.folder, "C").timeline  # C is worth nothing to any contact
    assert lines[0] == ("day 10: email dep (a1): open to the customer, not contacted: "
                        "expected value not positive")
    assert len(lines) == 6 and all("open to the customer, not contacted" in x for x in lines)


def test_a_closed_activity_is_said_closed_before_any_rule_that_would_block_it(
        calendar_run: api.Run) -> None:
    prepared = calendar_run.outcome.prepared
    calendar = prepared.loaded.scenario.calendar
    assert calendar is not None
    valued = {"a1": LeftOut(True, "made"), "a3": LeftOut(True, "made"),
              "a4": LeftOut(False, "not open to tier base"),
              "a2": LeftOut(True, "within the gap")}
    lines = customer_timeline(calendar, prepared.book.offers, {"a1", "a3"}, valued)
    assert lines == ["day 10: email dep (a1): contacted",
                     "day 20: call centre loan (a3): contacted",
                     "day 40: email dep (a2): blocked: 'two by day 60' allows 2 contacts in "
                     "days 1-60, all taken",
                     "day 60: call centre loan (a4): not open to the customer: not open to "
                     "tier base"]  # a4 is also within the calls' lag of a3: closed first


def test_the_checker_measures_every_calendar_family(calendar_run: api.Run) -> None:
    plan = calendar_run.outcome.plan
    assert plan is not None
    ledger = Ledger({})
    check_calendar(ledger, joined_plan(calendar_run.outcome.prepared.check_inputs(), plan))
    assert {row[1] for row in ledger.rows} == set(CHECKED)


@pytest.mark.parametrize("name", list(CHECKED))
def test_verify_names_each_broken_calendar_family(name: str, calendar_run: api.Run,
                                                  tmp_path: Path) -> None:
    edits, family, who = CHECKED[name]
    violation = only_violation(calendar_run.folder, tmp_path / "run", edits, family, name)
    assert who in f"{violation.label} {violation.detail}", violation.describe()


ACTIVITY = st.tuples(st.integers(1, 60), st.sampled_from(["call_centre", "call_centre", "sms"]),
                     st.integers(1, 9))
"""An activity: day, channel, value to the first customer."""


def best_schedule(days: list[int], channels: list[str], values: list[float],
                  rule: dict[str, Any], lag: int) -> float:
    """By enumeration: the most a customer's contacts are worth under the contact rule (over
    every window of its kind, days 1 to 60) and a lag between calls."""
    n, best = len(days), 0.0
    for subset in range(1 << n):
        chosen = [k for k in range(n) if subset >> k & 1]
        calls = sorted(days[k] for k in chosen if channels[k] == "call_centre")
        if any(b - a < lag for a, b in pairwise(calls)):
            continue
        if "every" in rule:
            spans = [(s, s + rule["every"] - 1) for s in range(1, 61, rule["every"])]
        elif "rolling" in rule:
            spans = [(s, s + rule["rolling"] - 1) for s in range(1, 61)]
        else:
            spans = [(1, 60)]
        if all(sum(lo <= days[k] <= hi for k in chosen) <= rule["max"] for lo, hi in spans):
            best = max(best, sum(values[k] for k in chosen))
    return best


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(acts=st.lists(ACTIVITY, min_size=2, max_size=6),
       rule=st.sampled_from([{"max": 1}, {"max": 2}, {"max": 1, "every": 20},
                             {"max": 2, "rolling": 15}, {"max": 1, "rolling": 30}]),
       lag=st.integers(1, 40))
def test_each_customer_s_schedule_is_the_best_the_rules_allow(
        tmp_path_factory: pytest.TempPathFactory, acts: list[tuple[int, str, int]],
        rule: dict[str, Any], lag: int) -> None:
    """Windows and conflict cliques against enumeration; the checker passes the plan."""
    folder = tmp_path_factory.mktemp("random")
    offers = {f"o{k}": offer(float(v), channel=ch, propensity_column=f"p{k}")
              for k, (_, ch, v) in enumerate(acts)}
    customers = [{"customer_id": "A", **{f"p{k}": 1.0 for k in range(len(acts))}},
                 {"customer_id": "B", **{f"p{k}": 0.5 for k in range(len(acts))}}]
    calendar = {"horizon": 60,
                "activities": {f"a{k}": {"offer": f"o{k}", "day": d}
                               for k, (d, _, _) in enumerate(acts)},
                "contact_rules": {"rule": rule},
                "conflicts": {"calls": {"first": {"channels": ["call_centre"]},
                                        "second": {"channels": ["call_centre"]}, "lag": lag}}}
    outcome = solve(world(folder, customers, offers=offers, tiers=TIERS, calendar=calendar))
    days, channels = [a[0] for a in acts], [a[1] for a in acts]
    values = [float(a[2]) for a in acts]
    expected = best_schedule(days, channels, values, rule, lag) + best_schedule(
        days, channels, [v / 2 for v in values], rule, lag)
    assert outcome.objective == pytest.approx(expected)
    assert outcome.check is not None and outcome.check.ok  # the independent checker's word


def test_a_soft_rule_the_decomposition_keeps_exact_is_refused_before_any_run(
        tmp_path: Path) -> None:
    """Refused by validate, and by run before its plain run is planned first: nothing is
    written for a scenario the chosen path cannot plan."""
    path = calendar_world(tmp_path)
    sets = ["solver.method=decomposition", "objective.soft.calendar_contact=50"]
    with pytest.raises(UserError, match="keeps calendar_contact exact per customer"):
        api.run(path, sets, output=tmp_path / "reports")
    assert not list((tmp_path / "reports").rglob("manifest.json"))
    from typer.testing import CliRunner

    from allocator.cli.app import app

    said = CliRunner().invoke(app, ["validate", str(path), *[f"--set={s}" for s in sets]])
    assert said.exit_code == 2 and "calendar_contact" in said.output, said.output


def test_the_assumptions_list_the_calendar_s_rules() -> None:
    from allocator.report.assumptions import calendar_rows
    from allocator.report.naming import scenario_words

    path = Path(__file__).resolve().parents[1] / "scenarios" / "demo_calendar.yaml"
    for language, said in (("en", "60 days between calls: at least 60 days between two "
                                  "contacts"), ("zh", "两次电话间隔六十天：两次接触至少相隔 60 天")):
        scenario = load_scenario(path, [f"output.language={language}"]).scenario
        rows = dict(calendar_rows(scenario, scenario_words(scenario)))
        assert rows["a_conflicts"] == said, rows
        assert set(rows) == {"a_calendar_horizon", "a_conflicts", "a_channel_budgets",
                             "a_sales"} and all(rows.values()), rows
