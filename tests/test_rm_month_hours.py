"""RM hours per month: a calendar's RM contacts take the hours of the customer's RM in the
month of their day, within the RM's hours per month (its grade's, or its own), on tiny
calendars whose optimum is worked out by hand; the checker names the RM and the month."""

from __future__ import annotations

from itertools import product
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import api
from allocator.backends import SolveOptions, Status, get_backend
from allocator.campaigns.calendar_tables import rm_hours_table
from allocator.campaigns.rows import added_columns, limits_rm_months
from allocator.closeness import base_of_plan
from allocator.compare import classified, compare_runs, load_run_tables
from allocator.explain import explain
from allocator.method_choice import choose_method
from allocator.optimize import optimize
from allocator.portfolio import started
from allocator.preparation import prepare
from allocator.problem import AllocationProblem
from tests.builders import assigned, offer, offered, solve, world
from tests.test_checker import only_violation, swap_offer

CUSTOMERS = [{"customer_id": k, "tier_key": 1.0, "p_review": p, "p_follow": p}
             for k, p in (("A", 1.0), ("B", 0.8), ("C", 0.6))]
OFFERS = {"advice": offer(10.0, channel="rm", propensity_column="p_review"),
          "check": offer(5.0, channel="rm", propensity_column="p_follow")}
"""The review is worth 10, 8 and 6 to A, B and C; the follow-up 5, 4 and 3."""
CALENDAR = {"horizon": 90, "activities": {
    "review": {"offer": "advice", "day": 10, "rm_hours": 1.5},
    "follow_up": {"offer": "check", "day": 40}}}
"""A review in the first month (1.5 hours of the RM), a follow-up in the second (1 hour)."""


def rm(rm_id: str, **fields: Any) -> dict[str, Any]:
    return {"rm_id": rm_id, "grade": "rm", "region": "R", "capacity_hours": 1000, **fields}


def hours_world(folder: Path, rms: list[dict[str, Any]], per_month: float | None = 2.0) -> Path:
    return world(folder, CUSTOMERS, rms=rms, offers=OFFERS, calendar=CALENDAR,
                 rm_grades={"rm": {"hours_per_month": per_month}})


@pytest.mark.parametrize(("rms", "per_month", "expected"), [
    ([rm("R1")], None, 36.0),  # no monthly limit: every contact
    ([rm("R1")], 2.0, 10 + 5 + 4),  # one review (1.5 of 2 hours), two follow-ups
    ([rm("R1"), rm("R2")], 2.0, 10 + 8 + 12),  # a review each, three follow-ups
    ([rm("R1"), rm("R2", hours_per_month=0)], 2.0, 10 + 5 + 4),  # R2's own hours: none
])
def test_rm_contacts_fit_each_rm_s_hours_per_month(tmp_path: Path, rms: list[dict[str, Any]],
                                                   per_month: float | None,
                                                   expected: float) -> None:
    outcome = solve(hours_world(tmp_path, rms, per_month))
    assert outcome.result.status == Status.OPTIMAL
    assert outcome.objective == pytest.approx(expected)
    assert outcome.check is not None and outcome.check.ok


def test_the_month_is_the_calendar_s(tmp_path: Path) -> None:
    # months of 60 days: the review and the follow-up share R1's 2 hours
    calendar = {**CALENDAR, "month_days": 60}
    path = world(tmp_path, CUSTOMERS, rms=[rm("R1")], offers=OFFERS, calendar=calendar,
                 rm_grades={"rm": {"hours_per_month": 2.0}})
    assert solve(path).objective == pytest.approx(10.0)
    assert solve(path, "objective.soft.rm_month_hours=1").objective == pytest.approx(
        36 - 1 * (3 * 1.5 + 3 * 1.0 - 2))


def test_an_rm_channel_activity_needs_an_rm_even_if_its_offer_does_not(tmp_path: Path
                                                                       ) -> None:
    # the offer is an email that needs no RM; its activity goes through the RM channel
    tiers = {"top": {"coverage": "none", "max_offers": 5}}
    calendar = {"horizon": 30, "activities": {"call": {"offer": "news", "day": 5,
                                                       "channel": "rm"}}}
    path = world(tmp_path, CUSTOMERS, offers={"news": offer(7.0, needs_rm=False)},
                 tiers=tiers, calendar=calendar)
    assert offered(solve(path)) == set()


@pytest.mark.parametrize(("rms", "per_month", "expected"), [
    ([rm("R1")], 2.0, 10 + 5 + 4),  # one review (1.5 of 2 hours), two follow-ups
    ([rm("R1"), rm("R2")], 2.0, 10 + 8 + 12),  # a review each, three follow-ups
    ([rm("R1"), rm("R2", hours_per_month=0)], 2.0, 10 + 5 + 4),  # R2's own hours: none
])
def test_the_decomposition_holds_each_rm_s_hours_per_month(
        tmp_path: Path, rms: list[dict[str, Any]], per_month: float, expected: float) -> None:
    outcome = solve(hours_world(tmp_path, rms, per_month), "solver.method=decomposition")
    assert outcome.method == "decomposition"
    assert outcome.check is not None and outcome.check.ok, outcome.check.violations
    assert outcome.result.bound is not None and outcome.result.bound >= expected - 1e-6
    # with two RMs, the priced choices of customers who may have either pile on one; the
    # restricted MIPs over their RMs and schedules spread the RM contacts over both
    assert outcome.objective == pytest.approx(expected)


def test_auto_plans_rm_hours_per_month_as_any_scenario(tmp_path: Path) -> None:
    # the decomposition prices them: a large book goes to it, a small one to the exact path
    path = hours_world(tmp_path, [rm("R1")])
    prepared = prepare(path, ["solver.time_limit=1"])
    assert choose_method(prepared.loaded.scenario, 1_000_000) == "decomposition"
    outcome = solve(path)
    assert outcome.method == "exact" and outcome.objective == pytest.approx(19.0)
    assert outcome.attempts is not None and outcome.attempts.why == "small_book"
    unlimited = prepare(hours_world(tmp_path / "none", [rm("R1")], None))
    assert not limits_rm_months(unlimited.valued, unlimited.loaded.scenario)
    mailed = prepare(world(tmp_path / "mail", CUSTOMERS, rms=[rm("R1")], calendar=CALENDAR,
                           offers={k: {**o, "channel": "email"} for k, o in OFFERS.items()},
                           rm_grades={"rm": {"hours_per_month": 2.0}}))
    assert not limits_rm_months(mailed.valued, mailed.loaded.scenario)  # no RM contact


CHECKED = {"rm_month_hours": (swap_offer("B", None, "review"), "rm / R1 / 1-30", "B")}
"""A corruption that breaks RM hours per month alone (B's review: 3 hours of R1's 2 in days
1-30), the RM and month verify must name and the customer it must give as an example."""


@pytest.fixture(scope="module")
def hours_run(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    folder = tmp_path_factory.mktemp("hours")
    run = api.run(hours_world(folder / "book", [rm("R1")]), output=folder / "reports")
    assert offered(run.outcome) == {("A", "review"), ("A", "follow_up"), ("B", "follow_up")}
    return run


def test_the_plan_passes_and_reports_each_rm_s_hours_by_month(hours_run: api.Run) -> None:
    assert api.verify_run(hours_run.folder).ok
    limits = hours_run.folder / "constraints.csv"
    text = limits.read_text()
    assert "rm_month_hours,rm / R1 / 1-30" in text and "rm_month_hours,rm / R1 / 31-60" in text


@pytest.mark.parametrize("name", list(CHECKED))
def test_verify_names_the_rm_and_the_month_whose_hours_are_over(name: str, hours_run: api.Run,
                                                                 tmp_path: Path) -> None:
    edit, label, who = CHECKED[name]
    violation = only_violation(hours_run.folder, tmp_path / "run", (edit,), name, name)
    assert violation.label == label and who in violation.describe(), violation.describe()


def test_the_report_shows_hours_per_grade_and_month_against_the_hours_per_month(
        hours_run: api.Run) -> None:
    table = rm_hours_table(pd.read_csv(hours_run.folder / "constraints.csv"))
    assert table.values.tolist() == [[1, 30, "rm", 1, 1.5, 2.0, 0.75],
                                     [31, 60, "rm", 1, 2.0, 2.0, 1.0]]
    html = (hours_run.folder / "report.html").read_text()
    assert "RM hours per month by grade" in html and "days 31–60 RM" in html
    assert "rm hours" in pd.ExcelFile(hours_run.folder / "plan.xlsx").sheet_names


def test_explain_tells_whose_rm_month_was_full(hours_run: api.Run) -> None:
    assert explain(hours_run.folder, "C").timeline == (
        "day 10: RM advice (review): blocked: the hours of RM R1 in days 1-30 are taken "
        "(1.5 of 2.0)",
        "day 40: RM check (follow up): blocked: the hours of RM R1 in days 31-60 are taken "
        "(2.0 of 2.0)")


RM_ACTIVITY = st.tuples(st.integers(1, 60), st.sampled_from([0.5, 1.0, 1.5, 2.0]),
                        st.lists(st.integers(0, 9), min_size=3, max_size=3))
"""An RM activity: day, RM hours a contact takes, its value to each of three customers."""


def best_by_enumeration(acts: list[tuple[int, float, list[int]]], limits: list[float]) -> float:
    """The most the three customers' RM contacts are worth, every RM per customer and every
    set of contacts tried, each RM's hours within its limit in each month of 30 days."""
    best = 0.0
    for rms in product(range(len(limits)), repeat=3):
        per_customer = []
        for i in range(3):
            options = []
            for chosen in product((0, 1), repeat=len(acts)):
                hours = {month: sum(h for (d, h, _), on in zip(acts, chosen, strict=True)
                                    if on and (d - 1) // 30 == month) for month in (0, 1)}
                options.append((sum(v[i] for (_, _, v), on in zip(acts, chosen, strict=True)
                                    if on), hours))
            per_customer.append(options)
        for picks in product(*per_customer):
            load = {(r, m): 0.0 for r in range(len(limits)) for m in (0, 1)}
            for r, (_, hours) in zip(rms, picks, strict=True):
                for m in (0, 1):
                    load[r, m] += hours[m]
            if all(load[r, m] <= limits[r] + 1e-9 for r, m in load):
                best = max(best, sum(value for value, _ in picks))
    return best


@settings(max_examples=6, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(acts=st.lists(RM_ACTIVITY, min_size=1, max_size=3),
       limits=st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.5]), min_size=1, max_size=2))
def test_the_plan_is_the_best_any_assignment_and_schedule_allow(
        tmp_path_factory: pytest.TempPathFactory, acts: list[tuple[int, float, list[int]]],
        limits: list[float]) -> None:
    """Three customers, one or two RMs with random hours per month, random RM activities:
    the exact plan against enumeration, and the checker passes it; the decomposition's plan
    passes it too, its bound is at least the optimum and its value within its gap."""
    folder = tmp_path_factory.mktemp("random")
    customers = [{"customer_id": name, "tier_key": 1.0,
                  **{f"v{k}": float(v[i]) for k, (_, _, v) in enumerate(acts)}}
                 for i, name in enumerate("ABC")]
    offers = {f"o{k}": offer(1.0, channel="rm", value_column=f"v{k}") for k in range(len(acts))}
    calendar = {"horizon": 60, "activities": {
        f"a{k}": {"offer": f"o{k}", "day": d, "rm_hours": h} for k, (d, h, _) in enumerate(acts)}}
    rms = [rm(f"R{r}", hours_per_month=limit) for r, limit in enumerate(limits)]
    path = world(folder, customers, rms=rms, offers=offers, calendar=calendar)
    best = best_by_enumeration(acts, limits)
    outcome = solve(path)
    assert outcome.objective == pytest.approx(best)
    assert outcome.check is not None and outcome.check.ok
    found = solve(path, "solver.method=decomposition")
    assert found.check is not None and found.check.ok, found.check.violations
    assert found.objective is not None and found.result.bound is not None
    assert found.result.bound >= best - 1e-6 and found.objective <= best + 1e-6
    assert found.result.bound - found.objective == pytest.approx(
        (found.gap or 0.0) * max(abs(found.objective), 1.0), abs=1e-6)


def reviewed_twins(folder: Path, favour: str | None = None) -> Path:
    """Two customers and two RMs that serve either equally well, each with room for one and
    for one RM contact a month (1.5 of 2 hours); a call or a visit on day 10, worth the same
    (20), one contact each. `favour`: A's fit with R1 and A's call a little better ("R1"),
    or A's fit with R2 and A's visit ("R2"), to make a base plan."""
    fit = [(i, r, 12.0 if (i, r) == ("A", favour) else 10.0, 10.0)
           for i in "AB" for r in ("R1", "R2")]
    likes = {"R1": (1.0, 0.9), "R2": (0.9, 1.0)}.get(favour or "", (1.0, 1.0))
    customers = [{"customer_id": i, "tier_key": 2.0, "p_call": likes[0] if i == "A" else 1.0,
                  "p_visit": likes[1] if i == "A" else 1.0} for i in "AB"]
    calendar = {"horizon": 30, "activities": {
        "calling": {"offer": "call", "day": 10, "rm_hours": 1.5},
        "visiting": {"offer": "visit", "day": 10, "rm_hours": 1.5}}}
    return world(folder, customers, rms=[rm("R1", capacity_hours=10), rm("R2", capacity_hours=10)],
                 fit=fit, offers={"call": offer(20, channel="rm", propensity_column="p_call"),
                                  "visit": offer(20, channel="rm",
                                                 propensity_column="p_visit")},
                 calendar=calendar, rm_grades={"rm": {"hours_per_month": 2.0}},
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                                "max_offers": 1},
                        "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional"}},
                 solver={"time_limit": 30, "gap": 1e-4},
                 output={"baselines": False, "steps": False})


def holds(problem: AllocationProblem, values: np.ndarray) -> bool:
    activity = problem.matrix @ values
    return bool(np.all(activity >= problem.row_lower - 1e-9)
                and np.all(activity <= problem.row_upper + 1e-9))


def test_a_plan_s_decisions_start_the_exact_model_with_the_rm_contacts_they_make(
        tmp_path: Path) -> None:
    outcome = solve(reviewed_twins(tmp_path))
    problem = outcome.problem
    assert problem is not None and outcome.values is not None
    assert len(added_columns(problem)) > 0
    decisions = outcome.values[:problem.decisions.layout.n]
    start = started(problem, decisions)
    assert start is not None and holds(problem, start)
    assert float(problem.objective @ start) == pytest.approx(outcome.objective)
    result = get_backend("highs").solve(problem, SolveOptions(time_limit=30, start=start))
    assert result.status == Status.OPTIMAL


@pytest.mark.parametrize("favour", ["R1", "R2"])
def test_a_what_if_keeps_the_base_s_rms_and_rm_contacts_among_equal_plans(
        tmp_path: Path, favour: str) -> None:
    made = solve(reviewed_twins(tmp_path / favour, favour))
    assert made.plan is not None
    base = base_of_plan(made.plan, made.prepared.valued.customers["customer_id"])
    what_if = optimize(prepare(reviewed_twins(tmp_path / "plain")), base=base)
    assert assigned(what_if) == assigned(made) and offered(what_if) == offered(made)
    assert what_if.kept is not None and what_if.kept.undone == what_if.kept.changes
    assert what_if.problem is not None and what_if.values is not None
    assert holds(what_if.problem, what_if.values)
    assert what_if.check is not None and what_if.check.ok
    assert what_if.objective == pytest.approx(60.0)


def test_compare_finds_rm_and_rm_contact_changes_free_among_equal_plans(tmp_path: Path
                                                                       ) -> None:
    # A's run favours A with R1 and a call; B keeps the base of a run that favours R2 and a
    # visit: both runs plan as well, so B's RM moves and A's visit are free
    reports = tmp_path / "reports"
    a = api.run(reviewed_twins(tmp_path / "a", "R1"), output=reports)
    swapped = api.run(reviewed_twins(tmp_path / "c", "R2"), output=reports)
    b = api.run(reviewed_twins(tmp_path / "b"), output=reports, base=swapped.folder)
    assert assigned(b.outcome) == {"A": "R2", "B": "R1"}
    assert ("A", "calling") in offered(a.outcome) and ("A", "visiting") in offered(b.outcome)
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    counts = result.changes.set_index("change")["customers"]
    assert counts["rm: free"] == 2 and counts["rm: forced"] == 0
    assert counts["offers: free"] >= 1 and counts["offers: forced"] == 0
