"""Binding flags, marginal values with their ranges, the steps of package choices, and the
drivers that open the reports, on tiny worlds worked out by hand."""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import api
from allocator.backends import SolveOptions, SolveResult, Status, get_backend
from allocator.backends.highs import HighsBackend
from allocator.driver_ranking import drivers, first_drivers, loosening_worth
from allocator.limit_prices import fixed_packages
from allocator.limit_steps import cause_of_no_plan, measure_steps
from allocator.method_choice import solve_options
from allocator.optimize import Outcome
from allocator.package_steps import flip_point
from allocator.preparation import prepare
from allocator.pricing import Names, Solved, names_of, price_limits
from allocator.problem import AllocationProblem, build_problem
from allocator.report.drivers import (
    driver_note,
    driver_table,
    drivers_left_out,
    headline_lines,
    headlines_of,
    with_room_lines,
)
from allocator.report.formats import view
from allocator.report.language import Words
from allocator.report.plan_page import outcome_decision
from allocator.report.plan_tables import constraint_table, headline_prices, offer_summary, tier_plan
from allocator.report.price_words import step_text
from allocator.report.summary import plan_summary
from allocator.sensitivity import Sensitivity, Step, assessed
from tests.builders import offer, solve, world
from tests.test_cli import ROOT
from tests.test_decomposition import scaled
from tests.test_zh_everywhere import allocate

NO_RMS = {"top": {"coverage": "none"}, "base": {"coverage": "none", "max_offers": 1}}


def package_world(folder: Path, budget: float) -> Path:
    """Two base customers of revenue 1,000 each and an email offer worth 30 - 10 = 20 each.
    The enhanced package costs 50 a customer (100) and adds 20% of their 2,000 of value (400):
    worth 300 net. A budget of 90 buys the two offers alone (40, 20 spent); 108 buys the
    package alone (300, 100 spent: 8 left, no room for an offer)."""
    return world(folder, [{"customer_id": "A", "revenue_12m": 1000.0},
                          {"customer_id": "B", "revenue_12m": 1000.0}],
                 offers={"email": offer(30, cost=10)}, tiers=NO_RMS,
                 packages={"basic": {"cost_per_customer": 0, "uplift": 0},
                           "enhanced": {"cost_per_customer": 50, "uplift": 0.2}},
                 budget={"total": budget})


def rows(outcome: Outcome) -> pd.DataFrame:
    return constraint_table(outcome).set_index(["constraint", "label"])


def test_a_package_step_above_the_budget_is_measured(tmp_path: Path) -> None:
    path = package_world(tmp_path, 90)
    outcome = solve(path)
    assert outcome.objective == pytest.approx(40.0)
    budget = rows(outcome).loc[("budget", "total")]
    # The LP with the package fixed (basic) prices the budget at 0 from 20 spent upwards, up
    # to where the re-solved step shows the package change begins (100), not to infinity ...
    assert budget["marginal_value"] == pytest.approx(0.0)
    assert budget["range_low"] == pytest.approx(20.0)
    assert budget["range_high"] == pytest.approx(100.0, abs=18 / 256)
    assert budget["range_high"] >= 100.0
    assert not budget["binding"]
    # ... but 18 more (a fifth of 90) buy the enhanced package: 300 - 40 = 260, by hand and by
    # re-solving at 108.
    by_hand = solve(path, "budget.total=108")
    assert by_hand.objective == pytest.approx(300.0)
    assert budget["step_to"] == pytest.approx(108.0)
    assert budget["step_change"] == pytest.approx(by_hand.objective - outcome.objective)
    assert budget["step_per_unit"] == pytest.approx(260 / 18)
    assert budget["step_packages"] == "base: basic -> enhanced"
    words = Words()
    line = headline_lines(outcome, constraint_table(outcome), words)[0]
    assert line.startswith("budget: 0.00 EUR per EUR of budget for a limit from 20.00 to 100 "
                           "(now 90.00)")
    assert "raised 20% to 108: +260 EUR in all, 14.44 EUR per EUR of budget" in line
    assert "base basic → enhanced" in line
    # the package (50 a customer, two customers) takes 100 of the 108; the offers lose 20
    assert "; the package change takes 100 of the limit)" in line
    # the package (100) fits from a budget of 100 on: located by bisection within 18/256
    step = next(st for st in outcome.sensitivity.steps if st.moved_to > st.limit)
    assert step.packages_from == pytest.approx(100.0, abs=18 / 256)
    assert "(from a limit of about 100" in line
    # never a bare 0.00 beside a step: the headline table carries it
    headline = headline_prices(outcome, words).set_index("marginal")
    assert "base basic → enhanced" in headline.loc["one more unit of budget", "step"]
    # the step makes the budget a driver though it does not bind
    drivers = driver_table(outcome, constraint_table(outcome))
    assert drivers.iloc[0][["constraint", "label"]].tolist() == ["budget", "total"]
    assert drivers.iloc[0]["loosening_worth"] == pytest.approx(260.0)


def test_a_step_the_solver_fails_on_says_so_not_that_time_ran_out(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the budget's step re-solve (the MIP started from the plan) ends in a solver error: the
    # step is not measured, and its note and line say the solver failed, not the clock
    path, solve_highs = package_world(tmp_path, 90), HighsBackend.solve

    def failing(self: HighsBackend, problem: AllocationProblem, options: SolveOptions
                ) -> SolveResult:
        if options.start is None or options.relax:
            return solve_highs(self, problem, options)
        return SolveResult(Status.ERROR, None, None, None, "highs", "", 0.0, "Solve error")

    monkeypatch.setattr(HighsBackend, "solve", failing)
    outcome = solve(path)
    assert outcome.objective == pytest.approx(40.0)
    budget = rows(outcome).loc[("budget", "total")]
    assert budget["step_note"] == "solver failed" and np.isnan(budget["step_change"])
    step = next(st for st in outcome.sensitivity.steps if st.moved_to > st.limit)
    said = step_text(step, "EUR", Words())
    assert said.endswith("not measured: the solver stopped with an error on the re-solve, "
                         "not for lack of time or of a plan"), said


def test_a_cut_below_a_package_is_re_solved(tmp_path: Path) -> None:
    # At 108 the plan is the package alone (300); cut a fifth to 86.4 it no longer fits, and the
    # best left is the two offers (40): a cut costs 260. The bound with whole packages (the
    # customers' decisions relaxed) picks the packages, and the MIP with them fixed finds 40.
    outcome = solve(package_world(tmp_path, 108))
    assert outcome.objective == pytest.approx(300.0) and outcome.sensitivity is not None
    cut = next(s for s in outcome.sensitivity.steps if s.moved_to < s.limit)
    assert (cut.constraint, cut.moved_to, cut.how) == ("budget", pytest.approx(86.4), "re-solved")
    assert cut.spread == pytest.approx(0.0, abs=1e-6) and cut.proven
    assert cut.change == pytest.approx(solve(tmp_path / "scenario.yaml",
                                             "budget.total=86.4").objective - 300.0)
    assert cut.change == pytest.approx(-260.0)
    assert cut.packages == (("base", "enhanced", "basic"),)
    assert cut.packages_from == pytest.approx(100.0, abs=21.6 / 256)  # below 100: no package
    line = headline_lines(outcome, constraint_table(outcome), Words())[0]
    assert "cut 20% to 86.40: -260 EUR in all" in line, line
    budget = rows(outcome).loc[("budget", "total")]  # constraints.csv: the raise and the cut
    assert budget["cut_to"] == pytest.approx(86.4)
    assert budget["cut_change"] == pytest.approx(-260.0)
    assert budget["cut_packages"] == "base: enhanced -> basic"
    assert budget["step_to"] == pytest.approx(129.6)


def test_a_package_step_behind_a_tier_budget_cap_is_measured(tmp_path: Path) -> None:
    # The budget (1,000) leaves room; the base tier's cap (9% of it: 90) keeps the package out:
    # the offers alone (40). 20% more cap (108) buys the package (300): a lumpy step that the
    # cap's marginal value (0 from 20 spent up) cannot see, measured as the budget's is.
    path = package_world(tmp_path, 1000)
    outcome = solve(path, "tiers.base.budget_cap_share=0.09")
    assert outcome.objective == pytest.approx(40.0) and outcome.sensitivity is not None
    cap = rows(outcome).loc[("tier_budget_cap", "base")]
    assert cap["marginal_value"] == pytest.approx(0.0)
    by_hand = solve(path, "tiers.base.budget_cap_share=0.108")
    assert by_hand.objective == pytest.approx(300.0)
    assert cap["step_to"] == pytest.approx(108.0)
    assert cap["step_change"] == pytest.approx(by_hand.objective - outcome.objective)
    assert cap["step_packages"] == "base: basic -> enhanced"
    lines = headline_lines(outcome, constraint_table(outcome), Words())
    assert any(line.startswith("tier budget cap base: 0.00 EUR per EUR of budget") and
               "raised 20% to 108: +260 EUR in all" in line for line in lines), lines
    # the budget itself does not hold the package back: no lumpy step there
    budget = rows(outcome).loc[("budget", "total")]
    assert not budget["step_change"] > 0


def test_a_headline_limit_with_room_is_no_driver() -> None:
    # The loss cap (1,099 of 1,500 used) is priced 0 from 1,099 up; raised by a fifth it gains
    # nothing beyond the solves' gaps. The budget (used up) binds. Only the budget drives the
    # plan; the loss cap stands with the limits with room, its price with its range and step.
    table = pd.DataFrame({"constraint": ["budget", "loss_cap"], "label": ["total", "total"],
                          "limit": [45_000.0, 1_500.0], "used": [45_000.0, 1_099.0],
                          "slack": [0.0, 401.0], "sense": ["le", "le"]})
    raised = Step("loss_cap", "total", 1_500.0, 1_800.0, "re-solved", 10.0, spread=300.0)
    known = Sensitivity(ranges={("budget", "total"): (44_955.0, 45_035.0),
                                ("loss_cap", "total"): (1_099.0, np.inf)}, steps=(raised,))
    out = assessed(table, {("budget", "total"): 1.22, ("loss_cap", "total"): 0.0}, known)
    rms = pd.DataFrame({"rm_id": [], "grade": [], "region": [], "capacity_hours": []})
    lines = headlines_of(out, rms, (raised,), "EUR", Words())
    assert [line.partition(":")[0] for line in lines] == ["budget"]
    room = with_room_lines(out, rms, (raised,), "EUR", Words())
    assert room[0] == "Limits with room: they do not shape this plan"
    assert room[1].startswith("loss cap: 0.00 EUR per EUR of expected loss for a limit from "
                              "1,099 to ∞ (now 1,500); raised 20% to 1,800: no change"), room
    zh = with_room_lines(out, rms, (raised,), "EUR", Words("zh"))
    assert zh[0] == "尚有余量的限额：不影响本方案" and len(zh) == 2


def test_a_budget_step_moves_the_tier_shares_with_it(tmp_path: Path) -> None:
    # The base tier's cap is 91% of the budget: at 110 it is 100.1, the package alone (300). A
    # fifth more budget (132) is what `--set budget.total=132` plans: a cap of 120.12, room for
    # the package and both offers (340); the step moves the cap with the budget (alone, the
    # budget would buy nothing more).
    path = package_world(tmp_path, 110)
    outcome = solve(path, "tiers.base.budget_cap_share=0.91")
    assert outcome.objective == pytest.approx(300.0) and outcome.sensitivity is not None
    raised = next(s for s in outcome.sensitivity.steps
                  if (s.constraint, s.moved_to) == ("budget", pytest.approx(132.0)))
    alone = solve(path, "tiers.base.budget_cap_share=0.91", "budget.total=132")
    assert alone.objective == pytest.approx(340.0)
    assert raised.change == pytest.approx(alone.objective - outcome.objective)


def hours_world(folder: Path) -> Path:
    """Two top (mandatory) customers need 20 hours each, two base customers 10 each, worth
    30 and 25 covered; one RM of grade rm with 45 hours covers the top tier and has 5 left."""
    customers = [{"customer_id": i, "tier_key": key} for i, key in
                 (("T1", 2.0), ("T2", 2.0), ("B1", 0.0), ("B2", 0.0))]
    fit = [("T1", "R1", 10.0, 20.0), ("T2", "R1", 10.0, 20.0), ("B1", "R1", 30.0, 10.0),
           ("B2", "R1", 25.0, 10.0)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 45}]
    return world(folder, customers, rms, fit)


def test_the_cause_of_no_plan_is_sought_only_until_the_steps_end(tmp_path: Path) -> None:
    """The LPs that name why a moved limit has no plan stop at the step's end: past it the
    cause is unknown (""), not found after the run's time limit."""
    prepared = prepare(hours_world(tmp_path), ["rules.rm_capacity_scale.rm=0.8"])
    moved = build_problem(prepared.valued, prepared.loaded.scenario)
    assert cause_of_no_plan(moved) == "coverage_mandatory"
    assert cause_of_no_plan(moved, ends_at=time.perf_counter() + 60.0) == "coverage_mandatory"
    assert cause_of_no_plan(moved, ends_at=time.perf_counter() - 1.0) == ""


def test_the_package_change_is_located_only_until_the_steps_end(tmp_path: Path) -> None:
    """The bisection that finds where a step's package change begins (100 of a budget moved
    from 90 to 108) stops at the step's end: past it, no point, not one found after the
    run's time limit."""
    outcome = solve(package_world(tmp_path, 90))
    problem = outcome.problem
    assert problem is not None and outcome.values is not None and outcome.objective is not None
    row = next(r for r in range(problem.n_rows) if str(problem.row_labels[r]) == "total")

    def moved_at(limit: float) -> AllocationProblem:
        upper = problem.row_upper.copy()
        upper[row] = limit
        return replace(problem, row_upper=upper)

    plan = Solved(outcome.values, outcome.objective, outcome.result.bound)
    assert flip_point(moved_at, plan, 90.0, 108.0) == pytest.approx(100.0, abs=18 / 256)
    later = time.perf_counter() + 60.0
    assert flip_point(moved_at, plan, 90.0, 108.0, later) == pytest.approx(100.0, abs=18 / 256)
    assert flip_point(moved_at, plan, 90.0, 108.0, time.perf_counter() - 1.0) is None

def test_a_grades_hours_are_stepped_and_a_cut_names_the_mandatory_coverage(
        tmp_path: Path) -> None:
    # 20% more hours (54) cover B1 too: the step is what a run with the grade scaled gives. 20%
    # fewer (36) cannot cover the mandatory top tier: no plan, and the step says why.
    path = hours_world(tmp_path)
    outcome = solve(path)
    assert outcome.sensitivity is not None and outcome.objective is not None
    steps = {s.moved_to > s.limit: s for s in outcome.sensitivity.steps
             if (s.constraint, s.label) == ("rm_capacity", "rm")}
    raised, cut = steps[True], steps[False]
    more = solve(path, "rules.rm_capacity_scale.rm=1.2")
    assert more.objective is not None and more.objective > outcome.objective
    assert raised.moved_to == pytest.approx(54.0) and raised.how == "re-solved"
    assert raised.change == pytest.approx(more.objective - outcome.objective)
    assert solve(path, "rules.rm_capacity_scale.rm=0.8").objective is None
    assert (cut.moved_to, cut.how, cut.cause) == (pytest.approx(36.0), "no plan",
                                                  "coverage_mandatory")
    for language, said in (("en", "no plan meets it: customers of mandatory tiers left "
                                  "without an RM"), ("zh", "必选层级中未分配客户经理的客户")):
        lines = headline_lines(outcome, constraint_table(outcome), Words(language))
        line = next(line for line in lines if line.startswith(Words(language).term(
            "rm_capacity")))
        assert said in line and "45" in line, line


@pytest.mark.parametrize("method", ["exact", "decomposition"])
def test_a_limit_no_plan_can_reach_is_an_identity_on_both_paths(tmp_path: Path,
                                                                method: str) -> None:
    # no offer carries a loss: a loss cap of 0 is met by every plan, whatever the prices say
    path = package_world(tmp_path, 90)
    outcome = solve(path, "risk.loss_cap=0", f"solver.method={method}")
    loss = rows(outcome).loc[("loss_cap", "total")]
    assert loss["identity"] and not loss["binding"]
    drivers = driver_table(outcome, constraint_table(outcome))
    assert "loss_cap" not in set(drivers["constraint"])
    budget = rows(outcome).loc[("budget", "total")]
    assert not budget["identity"]


def test_identities_never_bind(tmp_path: Path) -> None:
    # One package per tier, the per-customer rules (counted), a quota no plan can reach (two
    # customers, quota 5) and a channel no offer uses are identities, though met or tight.
    path = world(tmp_path, [{"customer_id": "A", "revenue_12m": 1000.0},
                            {"customer_id": "B", "revenue_12m": 1000.0}],
                 offers={"email": offer(30, cost=10, quota=5)}, tiers=NO_RMS,
                 packages={"basic": {"cost_per_customer": 0, "uplift": 0}},
                 rules={"channel_capacity": {"branch": 3}}, budget={"total": 15})
    table = rows(solve(path))
    for key in [("package_choice", "top"), ("package_choice", "base"),
                ("contact", "offers above the per-customer limit"),
                ("offer_quota", "email"), ("channel_capacity", "branch")]:
        assert table.loc[key, "identity"], key
        assert not table.loc[key, "binding"], key
    assert table.loc[("package_choice", "base"), "slack"] == 0  # tight, yet no limit
    assert not table.loc[("budget", "total"), "identity"]  # 20 of offers could pass 15


def offers_world(folder: Path, customers: int, budget: float) -> Path:
    """Customers with one email offer each worth 30 - 10 = 20; no packages."""
    return world(folder, [{"customer_id": f"C{i}"} for i in range(customers)],
                 offers={"email": offer(30, cost=10)}, tiers=NO_RMS, budget={"total": budget})


def test_a_limit_with_slack_but_a_price_binds(tmp_path: Path) -> None:
    # Budget 25, three offers of cost 10: the plan makes two (5 left), but the LP makes 2.5, so
    # one more unit of budget is worth 20 / 10 = 2 at the margin.
    outcome = solve(offers_world(tmp_path, 3, 25))
    budget = rows(outcome).loc[("budget", "total")]
    assert budget["slack"] == pytest.approx(5.0)
    assert budget["marginal_value"] == pytest.approx(2.0)
    assert budget["binding"]
    # the price holds while the third offer is partly made: from 20 to 30 spent
    assert (budget["range_low"], budget["range_high"]) == (pytest.approx(20.0),
                                                           pytest.approx(30.0))


def test_a_limit_met_exactly_binds(tmp_path: Path) -> None:
    # Budget 20, three offers of cost 10: two made, 20 spent.
    budget = rows(solve(offers_world(tmp_path, 3, 20))).loc[("budget", "total")]
    assert budget["slack"] == pytest.approx(0.0)
    assert budget["binding"]
    # with two customers, 20 is all the offers could ever spend: met, yet no limit
    budget = rows(solve(offers_world(tmp_path / "two", 2, 20))).loc[("budget", "total")]
    assert budget["slack"] == pytest.approx(0.0)
    assert budget["identity"] and not budget["binding"]


def test_summary_opens_with_the_decision_and_the_report_with_its_drivers(tmp_path: Path
                                                                      ) -> None:
    for language, opening, driving in (("en", "## The decision", "## What drives this plan"),
                                       ("zh", "## 决策要点", "## 方案的驱动因素")):
        outcome = solve(package_world(tmp_path / language, 90),
                        f"output.language={language}")
        words = Words(outcome.prepared.loaded.scenario.output.language)
        text = plan_summary(outcome, tier_plan(outcome), offer_summary(outcome),
                            constraint_table(outcome), words)
        sections = [line for line in text.splitlines() if line.startswith("## ")]
        assert sections[0] == opening and driving in sections  # the decision first
        assert outcome_decision(outcome, words)[0].title == driving[3:]
        # the raised and cut columns are in the files only: the note under the table says so
        binding = text[text.index(f"## {words('binding')}"):]
        note = binding.split("\n\n")[1]
        assert "constraints.csv" in note and "plan.xlsx" in note, note
        assert words.column("step_to") not in binding
    assert "per unit" not in text and "每 EUR 预算" in text  # no English words in zh


def test_run_files_and_terminal_open_with_the_drivers(tmp_path: Path) -> None:
    path = package_world(tmp_path, 90)
    printed = allocate(str(path), "--out", str(tmp_path / "cli"))
    assert printed.exit_code == 0, printed.stderr
    # the headline (status, value, gap) first, then what drives the plan, then the details
    assert printed.stdout.startswith("world: optimal"), printed.stdout[:200]
    assert printed.stdout.index("What drives this plan") < printed.stdout.index("Plan by tier")
    assert "about the price" not in printed.stdout  # no note on any price: no empty column
    assert "raised 20% to 108: +260 EUR in all" in " ".join(printed.stdout.split())
    result = api.run(path, output=tmp_path / "reports")
    html = (result.folder / "report.html").read_text()
    assert html.index('id="decision"') < html.index("What drives this plan") < html.index(
        'id="details"')
    manifest = json.loads((result.folder / "manifest.json").read_text())
    each = manifest["steps"].pop("each")
    assert manifest["steps"] == {"measured": 1, "stopped_on_time_limit": 0,
                                 "stopped_on": "count"}
    assert each == [{"constraint": "budget", "label": "total", "moved_to": 108.0,
                     "stopped_on": "count", "change_known": True, "not_measured": ""}]
    assert manifest["kept_base"] is None  # no customer-RM pair: no books to keep
    csv = pd.read_csv(result.folder / "constraints.csv")
    assert {"range_low", "range_high", "step_to", "step_change", "step_per_unit", "cut_to",
            "cut_change", "cut_per_unit", "cut_gap", "cut_packages",
            "step_packages"} <= set(csv.columns)


# Property: within the reported range, the LP's value moves linearly with the reported price.

@st.composite
def books(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 5))
    customers = [{"customer_id": f"C{i}", "revenue_12m": draw(st.sampled_from([0, 500, 1000])),
                  "pd": draw(st.sampled_from([0.0, 0.05, 0.2]))} for i in range(n)]
    offers = {f"o{k}": offer(draw(st.integers(20, 80)), cost=draw(st.integers(1, 15)),
                             lgd=0.5, ead=draw(st.sampled_from([100.0, 400.0])),
                             quota=draw(st.sampled_from([None, 1, 2])))
              for k in range(draw(st.integers(1, 3)))}
    return {"customers": customers, "offers": offers,
            "budget": draw(st.sampled_from([5, 15, 30, 60])),
            "loss_cap": draw(st.sampled_from([1.0, 5.0, 40.0]))}


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books())
def test_ranges_hold_in_re_solves(book: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = world(Path(folder), book["customers"], offers=book["offers"],
                     tiers={"top": {"coverage": "none", "max_offers": 2},
                            "base": {"coverage": "none", "max_offers": 2}},
                     packages={"basic": {"cost_per_customer": 0, "uplift": 0},
                               "enhanced": {"cost_per_customer": 4, "uplift": 0.01}},
                     budget={"total": book["budget"]}, risk={"loss_cap": book["loss_cap"]})
        prepared = prepare(path, [])
        problem = build_problem(prepared.valued, prepared.loaded.scenario)
    highs = get_backend("highs")
    found = highs.solve(problem, solve_options(prepared.loaded.scenario))
    assert found.status == Status.OPTIMAL and found.values is not None
    values = np.round(found.values)
    names = Names(list(prepared.valued.tiers), list(prepared.valued.package_ids))
    priced = price_limits(problem, Solved(values, float(problem.objective @ values), found.bound),
                          solve_options(prepared.loaded.scenario), names)
    assert priced.sensitivity is not None
    fixed = fixed_packages(problem, values)
    lp = highs.solve(fixed, SolveOptions(relax=True))
    assert lp.objective is not None
    for block in (b for b in problem.row_blocks if b.name in ("budget", "loss_cap",
                                                                "offer_quota")):
        for row in range(block.start, block.stop):
            key = (block.name, str(problem.row_labels[row]))
            limit, price = problem.row_upper[row], priced.prices[key]
            low, high = priced.sensitivity.ranges[key]
            assert low <= limit <= high
            for end in (max(low, limit - limit / 2 - 1), min(high, limit + limit / 2 + 1)):
                upper = problem.row_upper.copy()
                upper[row] = end
                moved = highs.solve(replace(fixed, row_upper=upper), SolveOptions(relax=True))
                assert moved.objective == pytest.approx(lp.objective + price * (end - limit),
                                                        abs=1e-6, rel=1e-7), (key, end)


def test_the_decomposition_path_prices_by_the_lp_and_steps_by_re_running(
        tmp_path: Path) -> None:
    # a book the LP covers whole: prices and ranges as on the exact path; the steps re-run the
    # decomposition (tests/test_steps_decomposition.py)
    path = world(tmp_path, [{"customer_id": f"C{i}"} for i in range(3)],
                 offers={"email": offer(30, cost=10)}, budget={"total": 25})
    outcome = solve(path, "solver.method=decomposition")
    exact = solve(path, "solver.method=exact")
    assert outcome.method == "decomposition" and outcome.sensitivity is not None
    assert outcome.sensitivity.priced_by == "lp"
    words = Words()
    table = constraint_table(outcome)
    budget = table.set_index(["constraint", "label"]).loc[("budget", "total")]
    alone = constraint_table(exact).set_index(["constraint", "label"]).loc[("budget", "total")]
    assert budget["marginal_value"] == pytest.approx(alone["marginal_value"])  # 2 per unit
    assert (budget["range_low"], budget["range_high"]) == (
        pytest.approx(alone["range_low"]), pytest.approx(alone["range_high"]))
    assert budget["step_to"] == pytest.approx(30.0)  # the third offer: +20, as re-solved
    assert budget["step_change"] == pytest.approx(alone["step_change"])
    line = headline_lines(outcome, table, words)[0]
    assert "EUR per EUR of budget for a limit from" in line
    assert "raised 20% to 30.00: +20 EUR in all" in line
    note = driver_note(outcome, words)
    assert "Marginal values are rates of the LP relaxation" in note
    assert "may gain more or less than that rate over the range" in note  # not a promise
    assert "the decomposition run again" in note


def test_a_book_beyond_the_lp_is_priced_by_the_multipliers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("allocator.decomposition_path.WHOLE_BOOK", 2)
    path = world(tmp_path, [{"customer_id": f"C{i}"} for i in range(3)],
                 offers={"email": offer(30, cost=10)}, budget={"total": 25})
    outcome = solve(path, "solver.method=decomposition", "risk.loss_cap=0")
    assert outcome.sensitivity is not None and outcome.sensitivity.priced_by == "multipliers"
    table = constraint_table(outcome)
    loss = table.set_index(["constraint", "label"]).loc[("loss_cap", "total")]
    assert loss["identity"] and not loss["binding"]  # no offer carries a loss
    # the three offers tie at a multiplier of 2 (20 for 10): it holds for any budget from none
    # of them (0) to all three (30), the range of the Lagrangian dual
    line = headline_lines(outcome, table, Words())[0]
    assert line.startswith("budget: 2.00 EUR per EUR of budget for a limit from 0.00 to 30.00 "
                           "(now 25.00)")
    assert "(range unknown)" not in line and "raised 20% to 30.00: +20 EUR in all" in line
    assert "Lagrange multipliers" in driver_note(outcome, Words())


def solved_package_world(tmp_path: Path) -> tuple[AllocationProblem, SolveOptions, SolveResult,
                                                  Names]:
    """The package world at a budget of 90 solved on HiGHS: its problem, options, result and
    names, for tests of the steps beside a plan."""
    prepared = prepare(package_world(tmp_path, 90), [])
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    options = solve_options(prepared.loaded.scenario)
    found = get_backend("highs").solve(problem, options)
    assert found.values is not None and found.objective is not None
    return problem, options, found, Names(list(prepared.valued.tiers),
                                          list(prepared.valued.package_ids))


def test_no_steps_beside_an_unproven_plan(tmp_path: Path) -> None:
    problem, options, found, names = solved_package_world(tmp_path)
    proven = price_limits(problem, Solved(found.values, found.objective, found.bound), options,
                          names).sensitivity
    unproven = price_limits(problem, Solved(found.values, found.objective, None), options,
                            names).sensitivity
    assert proven is not None and unproven is not None
    assert proven.steps and not proven.skipped
    assert unproven.steps == () and unproven.skipped == "steps_unproven"
    assert unproven.ranges == proven.ranges  # the prices and their ranges are still known


def test_a_limit_that_counts_moves_by_one_at_least() -> None:
    # A sales target of 2 offers priced at -187: 20% of it is 0.4 of an offer; the driver's
    # worth is that of one offer. A loss cap of 2 (not a count) moves by its 20%.
    frame = pd.DataFrame({"constraint": ["offer_minimum", "loss_cap"], "limit": [2.0, 2.0],
                          "marginal_value": [-187.0, 10.0]})
    worth = loosening_worth(frame)
    assert worth.tolist() == pytest.approx([187.0, 4.0])
    # a loss cap of 0 priced at 103: a fifth of 0 is no move (its worth read 0.00); one unit
    zero = pd.DataFrame({"constraint": ["loss_cap"], "limit": [0.0], "marginal_value": [103.0]})
    assert loosening_worth(zero).tolist() == pytest.approx([103.0])


def limits(rows: list[tuple[str, str, float, float, float, float]]) -> pd.DataFrame:
    """A constraint table of caps: (family, label, limit, used, marginal value, step change)
    each; every step re-solved within a gap of 100."""
    frame = pd.DataFrame(rows, columns=["constraint", "label", "limit", "used", "marginal_value",
                                        "step_change"])
    return frame.assign(sense="le", identity=False, binding=frame["used"] >= frame["limit"],
                        range_low=np.nan, range_high=np.nan, step_gap=100.0)


def test_every_driver_is_ranked_by_effect_the_book_wide_ones_kept_and_the_rest_counted(
) -> None:
    # 30 tier caps worth 10 x 1 (no range: one unit) = 10 each outrank the budget (worth 0.1),
    # which ranks last by effect but, binding on the whole book, is never left out.
    tiers = [("tier_budget", f"t{i}", 1000.0, 1000.0, 10.0, np.nan) for i in range(30)]
    ranked = drivers(limits([*tiers, ("budget", "total", 45_000.0, 45_000.0, 0.1, np.nan)]), {})
    assert len(ranked) == 31
    assert ranked.iloc[-1][["constraint", "label"]].tolist() == ["budget", "total"]
    shown = first_drivers(ranked, 25)
    assert len(shown) == 25 and shown.iloc[-1]["label"] == "total"
    assert drivers_left_out(ranked, Words()) == [
        "The table shows the first 25 limits that shape the plan; 6 more are in constraints.csv."]
    assert drivers_left_out(ranked.head(25), Words()) == []
    assert "6" in drivers_left_out(ranked, Words("zh"))[0]


def test_a_measured_step_is_the_worth_and_a_price_holds_only_within_its_range() -> None:
    # A's re-solve measured 90 for its move: that is its worth. B, priced 0.5 with no range,
    # is worth one unit (0.5), not 0.5 x 20% x 1,000. C's price 27.55 holds from 5,000 to
    # 5,001: 27.55 at least for its move of 1,000, not 27,550.
    table = limits([("tier_budget", "A", 100.0, 100.0, 1.0, 90.0),
                    ("tier_budget", "B", 1000.0, 1000.0, 0.5, np.nan),
                    ("channel_capacity", "C", 5000.0, 5000.0, 27.55, np.nan)])
    table.loc[2, ["range_low", "range_high"]] = [5000.0, 5001.0]
    assert loosening_worth(table).tolist() == pytest.approx([90.0, 0.5, 27.55])
    ranked = drivers(table, {})
    assert ranked["label"].tolist() == ["A", "C", "B"]
    assert ranked["worth_at_least"].tolist() == [False, True, True]


def test_a_group_of_one_rm_shows_its_range() -> None:
    # R1 alone in its group keeps its range (409 to 412); R2 and R3 share one: no range.
    table = limits([("rm_capacity", "R1", 409.0, 409.0, 2.0, np.nan),
                    ("rm_capacity", "R2", 100.0, 100.0, 1.0, np.nan),
                    ("rm_capacity", "R3", 100.0, 100.0, 1.0, np.nan)])
    table[["range_low", "range_high"]] = [[409.0, 412.0], [90.0, 110.0], [95.0, 105.0]]
    ranked = drivers(table, {"R1": "g / a", "R2": "g / b", "R3": "g / b"}).set_index("label")
    assert ranked.loc["g / a", ["range_low", "range_high"]].tolist() == [409.0, 412.0]
    assert ranked.loc["g / a", "loosening_worth"] == pytest.approx(6.0)  # 2 x 3 hours
    assert ranked.loc["g / b", ["range_low", "range_high"]].isna().all()


def test_a_grade_whose_hours_were_raised_together_is_worth_its_measured_step() -> None:
    # Each of R1, R2 (grade g) is worth little within its own range; raising the grade's
    # hours together was re-solved to +4,140 (gaps 154): g ranks first, worth the step. A cut
    # of the grade, and a raise short of its gap, add no row.
    table = limits([("rm_capacity", "R1", 400.0, 400.0, 42.0, np.nan),
                    ("rm_capacity", "R2", 400.0, 399.0, 2.0, np.nan),
                    ("tier_budget", "T", 100.0, 100.0, 1.0, 90.0)])
    table[["range_low", "range_high"]] = [[390.0, 400.0], [390.0, 401.0], [np.nan, np.nan]]
    raised = Step("rm_capacity", "g", 800.0, 960.0, "re-solved", 4140.0, spread=154.0)
    cut = replace(raised, moved_to=640.0, change=-8000.0)
    short = replace(raised, label="h", short_of_gap=True)
    ranked = drivers(table, {"R1": "g / a", "R2": "g / a"}, (raised, cut, short),
                     {"R1": "g", "R2": "g"})
    assert ranked["label"].tolist()[0] == "g" and "h" not in ranked["label"].tolist()
    first = ranked.iloc[0]
    assert first["loosening_worth"] == pytest.approx(4140.0)
    assert (first["rms"], first["limit"], first["used"]) == (2, 800.0, 799.0)
    # an hour is worth 42 at R1 and 2 at R2: the row shows the strongest, never the mean 22
    assert first["marginal_value"] == pytest.approx(42.0) and not first["worth_at_least"]
    assert drivers(table, {"R1": "g / a", "R2": "g / a"})["label"].tolist() == ["T", "g / a"]


def test_a_limit_used_up_but_priced_zero_says_why() -> None:
    # A is met exactly, priced 0 from what it uses up: another limit binds first; B, met
    # exactly and priced 0, has no range known; C is priced. D has 5 hours left yet is priced
    # (its room is smaller than its largest single use): the note says so rather than leave a
    # price unexplained.
    table = limits([("tier_budget", "A", 100.0, 100.0, 0.0, np.nan),
                    ("tier_budget", "B", 100.0, 100.0, 0.0, np.nan),
                    ("tier_budget", "C", 100.0, 100.0, 1.0, np.nan),
                    ("rm_capacity", "D", 257.0, 252.0, 36.32, np.nan)])
    table.loc[0, ["range_low", "range_high"]] = [100.0, np.inf]
    notes = drivers(table, {}).set_index("label")["price_note"]
    assert notes.to_dict() == {"A": "another limit binds first", "B": "range unknown", "C": "",
                               "D": "whole decisions leave room"}
    cells = [cell.text for row in view(drivers(table, {}), Words("zh")).rows
             for cell in row.cells]
    assert "0：另一限额先起约束" in cells
    assert any(text.startswith("尚有余量仍有边际价值") for text in cells)
    cells = [cell.text for row in view(drivers(table, {}), Words()).rows for cell in row.cells]
    assert any("room left below its largest single use" in text for text in cells)


def test_a_range_narrower_than_the_move_is_worth_the_lp_re_solved(tmp_path: Path) -> None:
    # Eleven customers, an email worth 30 - 10 = 20 each, a quota of 10: the quota is priced
    # 20 up to 11 (one more customer to reach). Its 20% move (+2) is worth 20, not 40: the LP
    # re-solved at 12 measures it, so it is no "at least".
    path = world(tmp_path, [{"customer_id": f"C{i}"} for i in range(11)],
                 offers={"email": offer(30, cost=10, quota=10)}, tiers=NO_RMS)
    outcome = solve(path)
    table = driver_table(outcome, constraint_table(outcome)).set_index("constraint")
    quota = table.loc["offer_quota"]
    assert (quota["marginal_value"], quota["range_high"]) == pytest.approx((20.0, 11.0))
    assert quota["loosening_worth"] == pytest.approx(20.0) and not quota["worth_at_least"]


def test_a_limit_priced_to_its_range_end_ranks_by_the_lp_re_solved_beyond_it(
        tmp_path: Path) -> None:
    # R1 (region A) may keep 2 customers: A1 and A2 (40 of its 40 hours), worth 100 and 90;
    # A3 (60, 10 hours) waits. Its book size is priced 60 from 2 to 2 only: the price times the
    # move within its range is 0. One more place re-solved by the LP (hours then bind) is
    # worth 15 (A3 in, A2 down to half: 205 - 190) > 0, which ranks it above R2's hours
    # (region B: 0.4 an hour over 6 hours, 2.4).
    customers = [{"customer_id": i, "region": i[0]} for i in ("A1", "A2", "A3", "B1", "B2")]
    fit = [("A1", "R1", 100.0, 20.0), ("A2", "R1", 90.0, 20.0), ("A3", "R1", 60.0, 10.0),
           ("B1", "R2", 10.0, 20.0), ("B2", "R2", 8.0, 20.0)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "A", "capacity_hours": 40, "max_book": 2},
           {"rm_id": "R2", "grade": "rm", "region": "B", "capacity_hours": 30, "max_book": 5}]
    outcome = solve(world(tmp_path, customers, rms, fit))
    book = rows(outcome).loc[("rm_book_size", "R1")]
    assert (book["used"], book["limit"], book["marginal_value"]) == pytest.approx((2, 2, 60))
    assert book["range_high"] == pytest.approx(2.0)
    ranked = driver_table(outcome, constraint_table(outcome))
    order = list(zip(ranked["constraint"], ranked["label"], strict=True))
    assert order.index(("rm_book_size", "rm / A")) < order.index(("rm_capacity", "rm / B"))
    first = ranked.set_index(["constraint", "label"]).loc[("rm_book_size", "rm / A")]
    assert first["loosening_worth"] == pytest.approx(15.0) and not first["worth_at_least"]


def test_a_step_whose_re_solve_proved_no_gap_is_not_measured_and_ranks_by_its_price() -> None:
    # The budget (45,000, used up) is priced 2.60 from 40,000 to 50,000; its raise to 54,000
    # was re-solved to a change of 0 with no bound (band ±∞, not proven): that tells no
    # change apart from none. It is "not measured", never worth 0.00, and ranks by its price
    # within its range (2.60 x 5,000 = 13,000) above T (1.00 an hour, no range: 1.00).
    table = pd.DataFrame({"constraint": ["budget", "tier_budget"], "label": ["total", "T"],
                          "limit": [45_000.0, 100.0], "used": [45_000.0, 100.0],
                          "slack": [0.0, 0.0], "sense": ["le", "le"]})
    raised = Step("budget", "total", 45_000.0, 54_000.0, "re-solved", 0.0, proven=False,
                  spread=np.inf)
    known = Sensitivity(ranges={("budget", "total"): (40_000.0, 50_000.0)}, steps=(raised,))
    out = assessed(table, {("budget", "total"): 2.6, ("tier_budget", "T"): 1.0}, known)
    budget = out.set_index("label").loc["total"]
    assert np.isnan(budget["step_change"]) and budget["step_note"] == "not proven"
    ranked = drivers(out, {})
    assert ranked["label"].tolist() == ["total", "T"]
    assert np.isnan(ranked.loc[0, "loosening_worth"]) and not ranked.loc[0, "worth_at_least"]
    assert ranked.loc[1, "loosening_worth"] == pytest.approx(1.0)
    for language, said in (("en", "not measured"), ("zh", "未测算")):
        cells = [cell.text for cell in view(ranked, Words(language)).rows[0].cells]
        assert any(text.startswith(said) for text in cells) and "0.00" not in cells
        assert step_text(raised, "EUR", Words(language)).split(Words(language).sep("colon"))[
            1].startswith(said)
    assert "no change" not in step_text(raised, "EUR", Words())
    # a re-solve short of its proof whose change lies beyond its finite band is measured
    beyond = replace(raised, change=900.0, spread=100.0)
    assert beyond.change_known and "+900" in step_text(beyond, "EUR", Words())


def test_the_steps_leave_the_run_its_closing_time(tmp_path: Path) -> None:
    """The steps stop `closing` seconds before the run's deadline, so the closest plan and the
    rule-of-thumb plans after them have their share of the time limit."""
    problem, options, found, names = solved_package_world(tmp_path)
    plan = Solved(found.values, found.objective, found.bound)
    ends_at = replace(options, ends_at=time.perf_counter() + 30.0)
    stepped = price_limits(problem, plan, ends_at, names, closing=1.0).sensitivity
    closed = price_limits(problem, plan, ends_at, names, closing=60.0).sensitivity
    assert stepped is not None and closed is not None
    assert stepped.steps and closed.steps == ()  # its 30 s left are all the closing time
    assert closed.ranges == stepped.ranges  # the prices and their ranges are still known


def test_a_group_of_rms_says_its_price_is_held_with_room_left_where_its_priced_rm_has_room(
) -> None:
    # Group a: R1 at 399 of 400 hours is priced 13.74 (its hour left is short of a customer),
    # R2 beside it idle. Group b: R3 is full at 42 an hour, R4 idle. a's row shows R1's price
    # with the note on it; b's has none: its price comes from a full RM, never from idle ones.
    table = limits([("rm_capacity", "R1", 400.0, 399.0, 13.74, np.nan),
                    ("rm_capacity", "R2", 400.0, 90.0, 0.0, np.nan),
                    ("rm_capacity", "R3", 400.0, 400.0, 42.0, np.nan),
                    ("rm_capacity", "R4", 400.0, 80.0, 0.0, np.nan)])
    table[["range_low", "range_high"]] = [[390.0, 402.0], [0.0, np.inf], [390.0, 400.0],
                                          [0.0, np.inf]]
    groups = {"R1": "g / a", "R2": "g / a", "R3": "g / b", "R4": "g / b"}
    notes = drivers(table, groups).set_index("label")["price_note"]
    assert notes.to_dict() == {"g / b": "", "g / a": "whole decisions leave room"}
    # a grade's row raised as one shows the strongest RM's price: R3's, full, so no note
    raised = Step("rm_capacity", "g", 1600.0, 1920.0, "re-solved", 4140.0, spread=154.0)
    graded = drivers(table, groups, (raised,), dict.fromkeys(groups, "g"))
    assert graded.set_index("label")["price_note"]["g"] == ""
    one = table[table["label"].isin(["R1", "R2"])]
    raised_one = replace(raised, limit=800.0, moved_to=960.0)
    graded = drivers(one, groups, (raised_one,), dict.fromkeys(groups, "g"))
    assert graded.set_index("label")["price_note"]["g"] == "whole decisions leave room"


def test_a_price_that_holds_over_none_of_the_move_shows_why_never_a_bare_zero() -> None:
    # An RM-month's hours (20, used up) priced 56.54 from 20 to 20: nothing of the move is in
    # its range and no re-solve measured it. Its worth is not shown as 0.00: a note says why.
    table = pd.DataFrame({"constraint": ["rm_month_hours"], "label": ["rm / R1 / 225-252"],
                          "limit": [20.0], "used": [20.0], "slack": [0.0], "sense": ["le"]})
    key = ("rm_month_hours", "rm / R1 / 225-252")
    out = assessed(table, {key: 56.54}, Sensitivity(ranges={key: (20.0, 20.0)}))
    ranked = drivers(out, {"R1": "rm / A"})
    assert ranked.loc[0, "step_note"] == "beyond its range", ranked
    assert np.isnan(ranked.loc[0, "loosening_worth"]) and not ranked.loc[0, "worth_at_least"]
    for language, said in (("en", "not measured: its price holds up to today's limit only"),
                           ("zh", "未测算：其边际价值仅适用至当前限额")):
        cells = [cell.text for cell in view(ranked, Words(language)).rows[0].cells]
        assert said in cells and "0.00" not in " ".join(cells), cells


def test_a_grade_whose_rms_shape_the_plan_is_a_driver_though_its_steps_went_unmeasured(
        ) -> None:
    # R1 (grade rm, region A) is full and priced 27.02; the grade's raise was re-solved to no
    # proven change. The grade still drives the plan through R1: never "with room".
    table = pd.DataFrame({"constraint": ["rm_capacity"] * 2, "label": ["R1", "R2"],
                          "limit": [408.0, 400.0], "used": [408.0, 100.0],
                          "slack": [0.0, 300.0], "sense": ["le", "le"]})
    raised = Step("rm_capacity", "rm", 808.0, 969.6, "re-solved", 10.0, proven=False,
                  spread=np.inf)
    known = Sensitivity(ranges={("rm_capacity", "R1"): (400.0, 410.0),
                                ("rm_capacity", "R2"): (100.0, np.inf)}, steps=(raised,))
    out = assessed(table, {("rm_capacity", "R1"): 27.02, ("rm_capacity", "R2"): 0.0}, known)
    rms = pd.DataFrame({"rm_id": ["R1", "R2"], "grade": ["rm", "rm"], "region": ["A", "B"],
                        "capacity_hours": [408.0, 400.0]})
    lines = headlines_of(out, rms, (raised,), "EUR", Words())
    assert [line.partition(":")[0] for line in lines] == ["RM hours RM"], lines
    assert with_room_lines(out, rms, (raised,), "EUR", Words()) == []



def test_the_steps_measured_two_at_a_time_are_the_steps_one_at_a_time() -> None:
    # a generated book of 200 customers at the demo's limits per customer: its levers'
    # re-solves run on two threads at once and are told in the levers' order
    sets = [s for s in scaled(200, 5) if s != "output.steps=false"]
    prepared = prepare(ROOT / "scenarios" / "demo.yaml", [*sets, "solver.method=exact"])
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    options = solve_options(prepared.loaded.scenario)
    found = get_backend("highs").solve(problem, options)
    assert found.status == Status.OPTIMAL and found.values is not None
    assert found.objective is not None
    plan = Solved(np.round(found.values), found.objective, found.bound)
    names = names_of(prepared.valued)
    alone = tuple(measure_steps(problem, plan, options, names, workers=1))
    together = tuple(measure_steps(problem, plan, options, names, workers=2))
    assert len({step.constraint for step in alone}) >= 3
    assert [step.how for step in alone].count("re-solved") >= 2
    assert together == alone


@pytest.mark.parametrize(("language", "rate", "promise"), [
    ("en", "may gain more or less than that rate over the range", "hold over"),
    ("zh", "在该范围内的增减可能高于或低于此变化率", "成立")])
def test_a_price_is_said_to_be_the_relaxation_s_rate_not_the_plan_s(
        language: str, rate: str, promise: str) -> None:
    """A price and its range are the LP's with the packages fixed: over the range the plan's
    own value moves in steps (at a budget of 8,800, 1.29 a euro from 8,798 to 8,814, while
    exact re-solves gain 0.875 below and 1.635 above). The notes beside the prices say so,
    never that the value "holds over its range" (before: "Each value holds over its range",
    "hold over the range of the limit shown")."""
    words = Words(language)  # type: ignore[arg-type]
    for key in ("drivers_lp", "drivers_lp_prices", "unit_worth_steps"):
        said = words(key, iterations=100, seconds="3", share="20%")
        assert promise not in said and rate in said, said
        assert ("in steps" if language == "en" else "阶梯") in said, said
