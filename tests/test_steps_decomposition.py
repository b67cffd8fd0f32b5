"""Steps and ranges on the decomposition path: the headline limits' steps measured by running the
decomposition again, where a package change begins read from the tier subproblems, and the
multipliers' ranges (the Lagrangian dual's) on a book too large for the LP; on tiny worlds
worked out by hand, against the exact path's."""

from __future__ import annotations

import html
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
from allocator.cli.run import console, print_drivers
from allocator.decomposition import steps
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.priced import dual_of
from allocator.decomposition.ranging import multiplier_ranges, row_use
from allocator.decomposition.rm_rows import RmRows
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.decomposition.subproblems import Customers, customer_structure, solve_subproblems
from allocator.diagnosis import WHOLE_BOOK
from allocator.optimize import Outcome, optimize
from allocator.package_steps import Solved
from allocator.preparation import Prepared, prepare
from allocator.problem import Decisions, decisions_of
from allocator.report.drivers import driver_note, headline_lines, with_room_lines
from allocator.report.language import Words
from allocator.report.plan_tables import constraint_table, headline_prices
from allocator.report.price_words import price_text
from allocator.report.run_files import manifest
from allocator.report.summary import clock_lines
from allocator.sensitivity import Step
from tests.builders import offer, solve, world
from tests.test_cli import ROOT
from tests.test_sensitivity import books, hours_world, package_world

NO_RMS = {"top": {"coverage": "none"}, "base": {"coverage": "none", "max_offers": 5}}
BUDGET = ("budget", "total")
SIZES = pytest.mark.parametrize("whole_book", [WHOLE_BOOK, 0], ids=["lp", "multipliers"])
"""A tiny book priced by the LP (within WHOLE_BOOK) or, counted as large, by the multipliers."""


def budget_step(outcome: Outcome, up: bool = True) -> Step:
    assert outcome.sensitivity is not None
    return next(s for s in outcome.sensitivity.steps
                if s.constraint == "budget" and (s.moved_to > s.limit) == up)


def decomposed(path: Path, monkeypatch: pytest.MonkeyPatch, whole_book: int,
               *sets: str) -> Outcome:
    monkeypatch.setattr("allocator.decomposition_path.WHOLE_BOOK", whole_book)
    outcome = solve(path, "solver.method=decomposition", *sets)
    assert outcome.method == "decomposition" and outcome.sensitivity is not None
    assert outcome.sensitivity.priced_by == ("lp" if whole_book else "multipliers")
    return outcome


@SIZES
def test_a_package_step_above_the_budget_is_measured_and_located(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_book: int) -> None:
    # At 90 the plan is the two offers (40); a fifth more (108) buys the enhanced package (300,
    # 100 of the budget): a step of 260, measured on the exact path by re-solving the MIP.
    path = package_world(tmp_path, 90)
    exact = budget_step(solve(path, "solver.method=exact"))
    outcome = decomposed(path, monkeypatch, whole_book)
    step = budget_step(outcome)
    assert (step.moved_to, step.how) == (pytest.approx(108.0), "re-solved")
    assert step.packages == exact.packages == (("base", "basic", "enhanced"),)
    assert abs(step.change - exact.change) <= step.spread + exact.spread + 1e-6
    assert step.change == pytest.approx(260.0)  # the re-run's plan is the package alone
    assert step.package_use == pytest.approx(100.0) and step.proven
    # the package fits from a budget of 100: the exact path's bisection (within 18/256) and the
    # tier subproblem at the multipliers agree
    assert exact.packages_from is not None and step.packages_from is not None
    assert step.packages_from == pytest.approx(exact.packages_from, abs=18 / 256)
    # the spread is both runs' gaps
    assert outcome.result.bound is not None and outcome.objective is not None
    assert step.spread >= outcome.result.bound - outcome.objective - 1e-6


@SIZES
def test_a_cut_out_of_the_packages_reach_is_measured_as_on_the_exact_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, whole_book: int) -> None:
    # At 108 the plan is the package (300); cut to 86.4 it no longer fits: the offers (40), a
    # change of -260. The re-run branches on the packages, the enhanced one out of reach of
    # the cut budget, and measures it as the exact path does.
    path = package_world(tmp_path, 108)
    exact = budget_step(solve(path, "solver.method=exact"), up=False)
    assert exact.packages == (("base", "enhanced", "basic"),)
    step = budget_step(decomposed(path, monkeypatch, whole_book), up=False)
    assert step.moved_to == pytest.approx(86.4) and not step.short_of_gap and step.proven
    assert step.packages == exact.packages
    assert step.change == pytest.approx(-260.0)
    assert abs(step.change - exact.change) <= step.spread + exact.spread + 1e-6


def lumpy_world(folder: Path) -> Path:
    """Three top customers with an offer worth 125 - 50 = 75 each; two base customers of
    revenue 5,000 whose enhanced package costs 120 and adds 4.2% of their 10,000 (300 net).
    A budget of 110 buys two offers (150); the LP with the packages fixed buys 2.2, so one
    more unit is worth 1.5 from 100 to 150 (the third offer). A fifth more (132) buys the
    package instead (300): 150 more, 6.8 a unit."""
    return world(folder, [*({"customer_id": f"T{i}", "tier_key": 2.0} for i in range(3)),
                          *({"customer_id": f"B{i}", "revenue_12m": 5000.0} for i in range(2))],
                 offers={"email": offer(125, cost=50)}, tiers=NO_RMS,
                 packages={"basic": {"cost_per_customer": 0, "uplift": 0},
                           "enhanced": {"cost_per_customer": 60, "uplift": 0.042,
                                        "tiers": ["base"]}},
                 budget={"total": 110})


def test_a_range_in_one_piece_ends_before_a_step_that_contradicts_its_price(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The LP's range of the budget's price (1.5) runs to 150, past the raise to 132 whose
    # re-run buys the package: 150 more, not 1.5 x 22 = 33. The package (120) fits from a
    # budget of 120 on, and is worth 120 more than the offers it displaces: the price holds
    # from 100 to 120, where the step's package change begins, as on the exact path (the
    # chord from 110 to the step would end it at 110 + spread x 22 / (150 - 33), short of
    # where the plan changes).
    outcome = decomposed(lumpy_world(tmp_path), monkeypatch, WHOLE_BOOK)
    assert outcome.prices[BUDGET] == pytest.approx(1.5)
    step = budget_step(outcome)
    assert step.packages == (("base", "basic", "enhanced"),) and step.proven
    assert step.change == pytest.approx(150.0) and step.spread < 150.0 - 33.0
    assert outcome.sensitivity is not None
    low, high = outcome.sensitivity.ranges[BUDGET]
    assert low == pytest.approx(100.0)
    assert step.packages_from == pytest.approx(120.0, abs=22 / 256)
    assert high == step.packages_from
    exact = solve(tmp_path / "scenario.yaml", "solver.method=exact")
    assert exact.sensitivity is not None
    assert exact.sensitivity.ranges[BUDGET] == (pytest.approx(100.0),
                                                pytest.approx(120.0, abs=22 / 256))


def test_a_cut_whose_re_run_stops_in_a_wide_gap_names_no_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The same cut re-run without the plan or branching on the packages finds the offers but
    # stops short of its gap target with a bound of about 273: a gap of more than half the
    # change, so neither the change, nor its per unit, nor the package change is read from it.
    plain = steps.step_settings
    monkeypatch.setattr(steps, "step_settings", lambda *given: replace(
        plain(*given), plan=None, branch_packages=False))
    path = package_world(tmp_path, 108)
    outcome = decomposed(path, monkeypatch, WHOLE_BOOK)
    step = budget_step(outcome, up=False)
    assert step.moved_to == pytest.approx(86.4) and step.short_of_gap
    assert step.change is None and step.per_unit is None and step.packages == ()
    assert step.spread >= 0.5 * 260
    line = headline_lines(outcome, constraint_table(outcome), Words())[0]
    assert "cut 20% to 86.40: not measured within the re-run's gap (±" in line, line
    assert "basic" not in line and "budget (re-solved" not in line.split("cut 20%")[1]
    budget = constraint_table(outcome).set_index(["constraint", "label"]).loc[BUDGET]
    assert np.isnan(budget["cut_change"]) and budget["cut_packages"] == ""


def test_a_multipliers_range_is_the_lps_where_the_duals_agree(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One customer, offers worth 20, 15 and 10 for 10 each, a budget of 25: the LP buys the
    # first two and half the third, so one more unit is worth 1 (the third's 10 for 10) from
    # a budget of 20 (the first two) to 30 (all three). The Lagrangian dual agrees: at a
    # multiplier of 1 the third offer is worth nothing, so the subproblem uses 20 at 1 + e
    # and 30 at 1 - e.
    path = world(tmp_path, [{"customer_id": "A"}], tiers=NO_RMS, budget={"total": 25},
                 offers={"a": offer(30, cost=10), "b": offer(25, cost=10),
                         "c": offer(20, cost=10)})
    exact = solve(path, "solver.method=exact")
    assert exact.sensitivity is not None and exact.prices[BUDGET] == pytest.approx(1.0)
    assert exact.sensitivity.ranges[BUDGET] == (pytest.approx(20.0), pytest.approx(30.0))
    outcome = decomposed(path, monkeypatch, 0)
    assert outcome.sensitivity is not None
    low, high = outcome.sensitivity.ranges[BUDGET]
    assert outcome.prices[BUDGET] == pytest.approx(1.0, abs=1e-6)
    assert low <= 25 <= high
    assert (low, high) == (pytest.approx(20.0), pytest.approx(30.0))
    budget = constraint_table(outcome).set_index(["constraint", "label"]).loc[BUDGET]
    assert (budget["range_low"], budget["range_high"]) == (low, high)
    # a limit the multiplier leaves at zero holds from the subproblems' use up: RM hours
    hours = outcome.sensitivity.ranges[("rm_capacity", "R1")]
    assert hours == (0.0, np.inf)


def test_families_too_large_to_range_are_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # one pass over the book allowed: not the two the budget's range takes; the RM's hours
    # are ranged over its own customers' pairs, at no count
    monkeypatch.setattr("allocator.decomposition.ranging.RANGE_WORK", 1)
    path = world(tmp_path, [{"customer_id": "A"}], tiers=NO_RMS, budget={"total": 25},
                 offers={"a": offer(30, cost=10), "b": offer(25, cost=10),
                         "c": offer(20, cost=10)})
    outcome = decomposed(path, monkeypatch, 0)
    known = outcome.sensitivity
    assert known is not None and known.unranged == ("budget",)
    assert BUDGET not in known.ranges and ("rm_capacity", "R1") in known.ranges
    assert "The ranges of budget were not computed" in driver_note(outcome, Words())
    assert "预算的适用范围未计算" in driver_note(outcome, Words("zh"))
    line = headline_lines(outcome, constraint_table(outcome), Words())[0]
    assert line.startswith("budget: 1.00 EUR per EUR of budget at 25.00 (range unknown)")


@SIZES
def test_no_bare_price_beside_a_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     whole_book: int) -> None:
    outcome = decomposed(package_world(tmp_path, 90), monkeypatch, whole_book)
    for language in ("en", "zh"):
        words = Words(language)  # type: ignore[arg-type]
        line = headline_lines(outcome, constraint_table(outcome), words)[0]
        row = headline_prices(outcome, words).iloc[0]
        assert np.isfinite(row["range_low"]) and row["step"] and row["step"] in line
        assert words("packages_changed", changes=words(
            "package_change", tier=words.term("base"), before=words.term("basic"),
            after=words.term("enhanced"))) in line  # in Chinese, the packages' standard names
    line = headline_lines(outcome, constraint_table(outcome), Words())[0]
    assert "EUR per EUR of budget for a limit from" in line and "range unknown" not in line
    assert "raised 20% to 108: +260 EUR in all" in line and "(from a limit of about 100" in line
    note = driver_note(outcome, Words())
    assert "the decomposition run again from the plan's multipliers" in note
    assert ("each taking what it needs of what the run's time limit (solver.time_limit, 30 s) "
            "has left once the plan is priced, less its last 20%, kept for the plans after "
            "them") in note
    recorded = manifest(outcome)["steps"]
    given = recorded.pop("time_given")  # what the run's time left them, its last fifth kept
    assert 0 < recorded.pop("seconds") <= given + 1.0 and given <= 0.8 * 30
    assert [each["stopped_on"] for each in recorded.pop("each")] == ["count"]
    assert recorded == {"measured": 1, "stopped_on_time_limit": 0, "stopped_on": "count",
                        "time_limit": 30}
    assert clock_lines(outcome, Words()) == []


def test_a_step_within_the_gaps_says_so(tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    # every offer is made at 30 (a package that costs 50 and buys nothing could spend more);
    # a budget of 35 raised to 42 buys nothing more
    path = world(tmp_path, [{"customer_id": "A"}], tiers=NO_RMS, budget={"total": 35},
                 offers={"a": offer(30, cost=10), "b": offer(25, cost=10),
                         "c": offer(20, cost=10)},
                 packages={"basic": {"cost_per_customer": 0, "uplift": 0},
                           "lavish": {"cost_per_customer": 50, "uplift": 0}})
    outcome = decomposed(path, monkeypatch, WHOLE_BOOK)
    step = budget_step(outcome)
    assert step.change == pytest.approx(0.0) and abs(step.change) <= step.spread
    table = constraint_table(outcome)
    assert not any(line.startswith("budget") for line in headline_lines(outcome, table, Words()))
    room = with_room_lines(table, outcome.prepared.valued.rms, outcome.sensitivity.steps,
                           "EUR", Words())  # 5 left, a raise gains nothing: no driver
    assert "raised 20% to 42.00: no change beyond the solves' gaps" in room[1], room


def test_a_step_the_clock_stopped_is_recorded(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("allocator.decomposition.priced.steps_seconds", lambda *_: 1e-9)
    outcome = decomposed(package_world(tmp_path, 90), monkeypatch, WHOLE_BOOK)
    step = budget_step(outcome)
    assert not step.proven
    assert manifest(outcome)["steps"]["stopped_on_time_limit"] == 1
    assert manifest(outcome)["steps"]["stopped_on"] == "time_limit"
    [each] = manifest(outcome)["steps"]["each"]  # the step the clock stopped, by name
    assert (each["constraint"], each["stopped_on"], each["change_known"]) == (
        "budget", "time_limit", False)
    [line] = clock_lines(outcome, Words())
    assert line.startswith("- 1 of the 1 step re-run stopped on its time limit: those step "
                           "figures depend on the time given (solver.time_limit)")
    assert "1 次因时间上限而停止" in clock_lines(outcome, Words("zh"))[0]


def test_summary_report_and_terminal_show_the_range_and_the_step(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("allocator.decomposition_path.WHOLE_BOOK", 0)
    run = api.run(package_world(tmp_path, 90), output=tmp_path, sets=[
        "solver.method=decomposition", "output.language=zh", "output.baselines=false"])
    words = Words("zh")
    line = headline_lines(run.outcome, constraint_table(run.outcome), words)[0]
    # 20 of 90 spent: the budget holds nothing back, worth 0 from 20 up to where the step's
    # package change begins (100), as on the exact path
    price = words("per_limit_unit", price="0.00", currency="EUR",
                  unit=words("unit_budget", currency="EUR"))
    assert words("price_range", price=price, low="20.00", high="100", limit="90.00") in line
    assert words("step_up", share="20%", moved="108") in line
    for name in ("summary.md", "report.html"):
        text = html.unescape((run.folder / name).read_text(encoding="utf-8"))
        assert line in " ".join(text.split()), name
        assert "per unit" not in text  # no English in a zh run
    assert json.loads((run.folder / "manifest.json").read_text())["steps"]["measured"] == 1
    with console.capture() as captured:
        print_drivers(run.outcome, Words())
    said = " ".join(captured.get().split())
    assert "budget: 0.00 EUR per EUR of budget for a limit from 20.00 to 100 (now 90.00)" in said
    assert "raised 20% to 108: +260 EUR in all" in said


def test_a_row_per_rm_is_ranged_by_its_own_customers_as_by_the_whole_book() -> None:
    # The pass over the pairs of the customers who can reach an RM gives the same use of its
    # row as a pass of every subproblem, at any multiplier of it (random others held).
    prepared = prepare(ROOT / "scenarios" / "demo.yaml", ["data.generate.customers=300"])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    rng = np.random.default_rng(3)
    multipliers = [rng.uniform(0, 3, len(f.limits)) * (rng.random(len(f.limits)) < 0.7)
                   for f in families]
    rows = RmRows.at(d, cs, multipliers)
    checked = 0
    for index, family in enumerate(families):
        if family.name not in ("rm_capacity", "rm_book_size", "rm_min_load"):
            continue
        uses = rows.uses(family, multipliers[index])
        for row in range(len(family.limits)):
            for price in (0.0, multipliers[index][row], 2 * multipliers[index][row] + 1, 40.0):
                whole = row_use(d, cs, families, multipliers, (index, row), price)
                assert uses(row, price) == pytest.approx(whole), (family.name, row, price)
                checked += 1
    assert checked >= 40


def test_a_range_that_misses_the_limit_says_so() -> None:
    # a search that stopped within its gap can leave a multiplier that is the best for
    # another limit than today's: its range is shown, and that it misses the limit
    row = pd.Series({"marginal_value": 1.93, "range_low": 1_481_101.0,
                     "range_high": 1_481_101.0, "limit": 1_500_000.0})
    assert price_text(row, "loss_cap", "EUR", Words()) == (
        "1.93 EUR per EUR of expected loss for a limit from 1,481,101 to 1,481,101, not at "
        "today's 1,500,000 (the search stopped within its gap before this multiplier was the "
        "best at today's limit)")
    inside = row.copy()
    inside["range_high"] = np.inf
    assert price_text(inside, "loss_cap", "EUR", Words()).endswith("to ∞ (now 1,500,000)")


def two_rm_book(book: dict[str, Any], hours: float, **settings: Any) -> Prepared:
    """A random book's customers between two RMs of `hours` each, R2 the better fit."""
    rms = [{"rm_id": f"R{r}", "grade": "rm", "region": "R", "capacity_hours": hours}
           for r in range(2)]
    fit = [(c["customer_id"], f"R{r}", 10.0 * (r + 1), 5.0 + 10 * r)
           for c in book["customers"] for r in range(2)]
    with tempfile.TemporaryDirectory() as folder:
        path = world(Path(folder), book["customers"], rms=rms, fit=fit, offers=book["offers"],
                     budget={"total": book["budget"]}, risk={"loss_cap": book["loss_cap"]},
                     **settings)
        return prepare(path, [])


# Property: at any multipliers, each row's multiplier is a best one of the Lagrangian dual (the
# others held) for every limit within its range: moving it either way raises the dual value.

@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.integers(0, 2**32 - 1), st.sampled_from([10.0, 40.0, 200.0]))
def test_a_multiplier_is_the_duals_best_over_its_range(book: dict[str, Any], seed: int,
                                                       hours: float) -> None:
    prepared = two_rm_book(book, hours, packages={
        "basic": {"cost_per_customer": 0, "uplift": 0},
        "enhanced": {"cost_per_customer": 4, "uplift": 0.01}})
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    rng = np.random.default_rng(seed)
    multipliers = [np.round(rng.uniform(0, 4, len(f.limits)), 1) * (rng.random(len(f.limits))
                   < 0.6) for f in families]
    ranged = multiplier_ranges(d, cs, families, multipliers, {})
    for index, family in enumerate(families):
        for row, label in enumerate(family.labels):
            low, high = ranged.ranges[(family.name, str(label))]
            assert low <= high + 1e-9
            price = float(multipliers[index][row])
            for limit in (v for v in (low, high, (low + high) / 2) if np.isfinite(v)):
                at = dual_value(d, cs, multipliers, (index, row, family.sign), (price, limit))
                for step in (1e-3, 0.1, 1.0):
                    for moved in (price - step, price + step):
                        if moved >= 0:
                            there = dual_value(d, cs, multipliers, (index, row, family.sign),
                                               (moved, limit))
                            assert there >= at - 1e-7 * max(1.0, abs(at)), (
                                family.name, label, price, moved, limit)


# Property: settled, each row's multiplier is the dual's best for today's limit, the others
# held at any multipliers: its range holds the limit, and moving it either way raises the
# dual value there.

@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(books(), st.integers(0, 2**32 - 1), st.sampled_from([10.0, 40.0, 200.0]))
def test_a_settled_multiplier_is_the_duals_best_at_todays_limit(book: dict[str, Any],
                                                                 seed: int,
                                                                 hours: float) -> None:
    prepared = two_rm_book(book, hours)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    rng = np.random.default_rng(seed)
    multipliers = [np.round(rng.uniform(0, 4, len(f.limits)), 1) for f in families]
    ranged = multiplier_ranges(d, cs, families, multipliers, {}, settle=True)
    assert ranged.multipliers is not None
    for index, family in enumerate(families):
        for row, label in enumerate(family.labels):
            key = (family.name, str(label))
            if key not in ranged.ranges:
                continue
            low, high = ranged.ranges[key]
            limit = float(family.limits[row])
            room = 1e-9 * max(1.0, abs(limit))
            assert low - room <= limit <= high + room, (key, low, high, limit)
            price = float(ranged.multipliers[index][row])  # the others held at theirs
            at = dual_value(d, cs, multipliers, (index, row, family.sign), (price, limit))
            for moved in (price - 0.01, price + 0.01, price + 1.0):
                if moved >= 0:
                    there = dual_value(d, cs, multipliers, (index, row, family.sign),
                                       (moved, limit))
                    assert there >= at - 1e-7 * max(1.0, abs(at)), (key, price, moved)


def test_a_large_book_s_priced_limits_all_have_their_ranges(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Priced by the multipliers (as a book above WHOLE_BOOK customers is), a search stopped
    at a gap target of 0.2% leaves its multipliers short of their best one by one: settled,
    every priced limit carries a range that holds today's limit."""
    from tests.test_decomposition import DEMO, scaled

    monkeypatch.setattr("allocator.decomposition_path.WHOLE_BOOK", 0)
    outcome = optimize(prepare(DEMO, [*scaled(3000, 7), "solver.method=decomposition",
                                      "solver.gap=0.002"]))
    known, check = outcome.sensitivity, outcome.check
    assert known is not None and known.priced_by == "multipliers" and check is not None
    limits = {(str(r.constraint), str(r.label)): float(r.limit)
              for r in check.constraints.itertuples(index=False)}
    priced = [key for key, price in outcome.prices.items() if abs(price) > 1e-6]
    assert len(priced) >= 5
    for key in priced:
        assert key in known.ranges, key
        low, high = known.ranges[key]
        room = 1e-6 * max(1.0, abs(limits[key]))
        assert low - room <= limits[key] <= high + room, (key, low, high)
    assert known.settled > 0
    assert f"{known.settled} of these multipliers the search left short" in driver_note(
        outcome, Words())
    assert "已在其他乘子不变时移至最优处" in driver_note(outcome, Words("zh"))


def dual_value(d: Decisions, cs: Customers, multipliers: list[np.ndarray],
               at: tuple[int, int, float], moved: tuple[float, float]) -> float:
    """The parts of the Lagrangian dual that move with one row's multiplier: the subproblems'
    value and that row's multiplier times the limit (signed)."""
    index, row, sign = at
    price, limit = moved
    prices = [m.copy() for m in multipliers]
    prices[index][row] = price
    return solve_subproblems(d, cs, prices).value + sign * price * limit


def test_a_grades_hours_are_stepped_and_a_cut_names_the_mandatory_coverage(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 20% more hours (54) cover B1 too (+30, as on the exact path); 20% fewer (36) cannot
    # cover the mandatory top tier: no plan, and the step says why, in the exact path's words.
    path = hours_world(tmp_path)
    exact = solve(path, "solver.method=exact").sensitivity
    outcome = decomposed(path, monkeypatch, WHOLE_BOOK)
    assert exact is not None and outcome.sensitivity is not None
    alone = {s.moved_to > s.limit: s for s in exact.steps}
    steps = {s.moved_to > s.limit: s for s in outcome.sensitivity.steps
             if (s.constraint, s.label) == ("rm_capacity", "rm")}
    raised, cut = steps[True], steps[False]
    assert raised.moved_to == pytest.approx(54.0) and raised.change is not None
    assert alone[True].change is not None
    assert abs(raised.change - alone[True].change) <= raised.spread + alone[True].spread
    assert (cut.moved_to, cut.how, cut.cause) == (pytest.approx(36.0), "no plan",
                                                  "coverage_mandatory")
    line = headline_lines(outcome, constraint_table(outcome), Words())[0]
    assert "cut 20% to 36.00: no plan meets it: customers of mandatory tiers left" in line


def test_a_raise_re_run_starts_its_budget_price_at_the_package_break(tmp_path: Path) -> None:
    # At 108 the plan is the enhanced package (300) and the budget's multiplier is held at 2,
    # where the package is all or nothing. At 129.6 the package and both offers fit (340): the
    # run's multiplier bounds the moved limit at 359.2, and the search took 6 iterations to
    # come down from there. Moved first to the package break where the bound is lowest, the
    # re-run starts at the bound of 340 and stops on its gap in one iteration.
    prepared = prepare(package_world(tmp_path, 108), ["solver.method=decomposition"])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    found = decompose(valued, scenario, d, Settings(time_limit=60, gap=1e-4))
    dual = dual_of(valued, scenario, found)
    assert dual is not None and found.result.values is not None
    plan = Solved(found.result.values, found.result.objective or 0.0, found.result.bound)
    lever = next(lever for lever in steps.levers(dual, found.reachable)
                 if lever.constraint == "budget")
    moved, moved_scenario = steps.moved_book(dual, lever, 1.2)
    settings = steps.step_settings(dual, lever, plan, 60.0)
    rerun = decompose(moved, moved_scenario, d, settings)
    assert rerun.result.objective == pytest.approx(340.0)
    assert rerun.history[0][0] == pytest.approx(340.0)
    assert rerun.iterations == 1


def test_the_prices_read_the_choices_the_solve_built(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The multipliers' prices and ranges reuse the solve's customers' choices (a million
    customers' calendar takes a minute to build them again) and give what a rebuild gives."""
    from allocator.decomposition import priced
    from tests.test_bigler import imported

    path = imported(tmp_path, 0.7)
    prepared = prepare(path, ["solver.method=decomposition"])
    rebuilt = optimize(prepared)
    found = decompose(prepared.valued, prepared.loaded.scenario,
                      decisions_of(prepared.valued), Settings(time_limit=60))
    assert found.built is not None and dual_of(prepared.valued, prepared.loaded.scenario,
                                               found).customers is found.built[2]

    def refused(*args: Any) -> Customers:
        raise AssertionError("the customers' choices built again")

    monkeypatch.setattr(priced, "customer_structure", refused)
    reused = optimize(prepare(path, ["solver.method=decomposition"]))
    assert reused.prices == rebuilt.prices and reused.sensitivity == rebuilt.sensitivity


def test_the_steps_have_what_the_time_limit_left_and_no_more(tmp_path: Path) -> None:
    """A time limit is a promise: the steps are given what the run's limit has left once the
    plan is priced, less the closing share, and nothing where the plan took all of it (each
    step then says its time was spent); without a run's clock, a share of the limit."""
    scenario = prepare(package_world(tmp_path, 90)).loaded.scenario
    limit = scenario.solver.time_limit
    steps_seconds, STEPS_TIME_SHARE = steps.steps_seconds, steps.STEPS_TIME_SHARE
    now = time.perf_counter()
    assert steps_seconds(scenario, now + limit) == pytest.approx(0.8 * limit, abs=0.5)
    assert steps_seconds(scenario, now + 0.1 * limit) == 0.0
    assert steps_seconds(scenario, now - 5.0) == 0.0
    assert steps_seconds(scenario, None) == STEPS_TIME_SHARE * limit
