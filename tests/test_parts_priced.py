"""Ranges and steps of a book planned in parts: each multiplier's range is where it holds in every
part as the parts share the limit (within the one the same book in one piece gives at the same
multipliers), and the headline limits' steps are measured by running the parts search again,
then shown in summary.md beside a ranged price."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from allocator import api
from allocator.book.generator import generate_book, write_book
from allocator.checks.limits import MOVED
from allocator.decomposition.coupling import reachable_rows, row_prices
from allocator.decomposition.coupling_rows import couplings, soft_families
from allocator.decomposition.parts import priced
from allocator.decomposition.parts.book import plan_in_parts
from allocator.decomposition.parts.priced import parts_sensitivity
from allocator.decomposition.parts.search import InParts, InProcess
from allocator.decomposition.ranging import multiplier_ranges
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.subproblems import customer_structure
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of
from allocator.report.drivers import headline_lines, with_room_lines
from allocator.report.language import Words
from allocator.report.plan_tables import constraint_table, headline_prices
from allocator.scenario import LoadedScenario, load_scenario
from tests.test_decomposition import DEMO, scaled
from tests.test_parts import partitioned_book

CUSTOMERS, SEED = 2500, 8


def book_sets() -> list[str]:
    """The demo's limits scaled to the book, its data read from the parts."""
    return [s for s in scaled(CUSTOMERS, SEED) if not s.startswith(("data.", "output.steps"))]


@pytest.mark.parametrize("work", [None, 3 * CUSTOMERS], ids=["all", "few"])
def test_ranges_in_parts_are_the_ranges_of_the_book_in_one_piece(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, work: int | None) -> None:
    # With the count of passes cut to three over the whole book, the budget (two passes) is
    # ranged and the families after it are named unranged, in parts as in one piece.
    if work is not None:
        monkeypatch.setattr("allocator.decomposition.ranging.RANGE_WORK", work)
    loaded = partitioned_book(tmp_path, CUSTOMERS, SEED)
    planned = plan_in_parts(InProcess(), loaded, Settings(time_limit=30, gap=5e-4))
    found = parts_sensitivity(InProcess(), planned, loaded.scenario)
    known = found.sensitivity
    assert known is not None
    assert not known.steps and known.skipped == "steps_off"  # scaled() turns steps off
    whole = prepare(tmp_path / "scenario.yaml", book_sets())
    valued, scenario = whole.valued, whole.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    assert [f.name for f in families] == [f.name for f in planned.solved.families]
    one_piece = multiplier_ranges(d, customer_structure(valued, scenario, d, families),
                                  families, planned.solved.multipliers, soft_families(scenario),
                                  settle=True)
    assert known.unranged == one_piece.unranged
    # the same rows ranged; each range within the one of the book in one piece at the same
    # multipliers (each settled for today's limit as in one piece, as far as the count of
    # passes allows: in parts a row per RM settles by passes over the whole book): the
    # parts' ranges intersected as they share the limit, not added up
    assert known.ranges.keys() <= one_piece.ranges.keys() and one_piece.multipliers
    alone = row_prices(families, one_piece.multipliers)
    same = {key for key, price in found.prices.items()
            if price == pytest.approx(alone[key], rel=1e-9, abs=1e-12)}
    assert work is not None or same == alone.keys()
    for key, (low, high) in known.ranges.items():
        if key not in same:
            continue
        one_low, one_high = one_piece.ranges[key]
        slack = 1e-9 * max(1.0, abs(one_low), abs(one_high))
        assert one_low - slack <= low <= high <= one_high + slack, key
    assert known.reachable == reachable_rows(families)
    ranged = {name for name, _ in known.ranges}
    assert "budget" in ranged and "rm_capacity" in ranged  # the RMs' rows at no count
    if work is None:
        assert not known.unranged and "offer_quota" in ranged
        assert np.isfinite(known.ranges[("budget", "total")]).all()
    else:
        assert "offer_quota" in known.unranged and "offer_quota" not in ranged


def test_a_run_in_parts_measures_its_steps_and_shows_them(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    loaded = partitioned_book(tmp_path / "book", CUSTOMERS, SEED)
    run = api.run(loaded.path, output=tmp_path / "out", sets=[
        *book_sets(), "execution.book=parts", "output.baselines=false"])
    outcome = run.outcome
    known = outcome.sensitivity
    assert outcome.parts is not None and known is not None and known.priced_by == "multipliers"
    budget = {s.moved_to > s.limit: s for s in known.steps if s.constraint == "budget"}
    assert set(budget) == {True, False}  # the plan uses more than the cut budget
    for step in known.steps:
        assert step.how in ("re-solved", "no plan") and step.proven
        assert step.how == "no plan" or (step.change is None) == step.short_of_gap
    # the same raise measured on the same book in one piece (its decomposition re-run by
    # steps.py) agrees within both measures' spreads
    monkeypatch.setattr("allocator.decomposition_path.WHOLE_BOOK", 0)
    alone = optimize(prepare(loaded.path, [*book_sets(), "execution.book=whole",
                                           "solver.method=decomposition"]))
    assert alone.sensitivity is not None
    raised = next(s for s in alone.sensitivity.steps
                  if s.constraint == "budget" and s.moved_to > s.limit)
    assert budget[True].moved_to == pytest.approx(raised.moved_to)
    assert budget[True].change is not None and raised.change is not None
    assert abs(budget[True].change - raised.change) <= budget[True].spread + raised.spread
    # a cut with no plan names what fails, as the book in one piece does
    none = {(s.constraint, s.label, s.moved_to): s.cause for s in known.steps
            if s.how == "no plan"}
    assert none and none == {(s.constraint, s.label, s.moved_to): s.cause
                             for s in alone.sensitivity.steps if s.how == "no plan"}
    assert all(none.values())
    # summary.md: each headline price beside a step has its range, never a bare figure
    summary = " ".join((run.folder / "summary.md").read_text(encoding="utf-8").split())
    table = constraint_table(outcome)
    lines = headline_lines(outcome, table, Words())
    budget_line = next(line for line in lines if line.startswith("budget: "))  # by its rank
    assert "raised 20% to 45,000" in budget_line
    room = with_room_lines(table, outcome.prepared.valued.rms, known.steps, "EUR", Words())
    stepped = [line for line in [*lines, *room[1:]]  # the drivers, then the limits with room
               if "raised 20%" in line or "cut 20%" in line]
    assert len(stepped) == len({(s.constraint, s.label) for s in known.steps})
    for line in stepped:
        assert line in summary
        assert "range unknown" not in line and "not priced" not in line
    for _, row in headline_prices(outcome).iterrows():
        if row["step"]:
            assert np.isfinite(row["range_low"]) or np.isfinite(row["range_high"]), row
    assert "run again from the plan's multipliers" in summary
    assert "the range over which each holds is unknown" not in summary
    steps = json.loads((run.folder / "manifest.json").read_text())["steps"]
    assert steps["measured"] == len(known.steps) and steps["stopped_on_time_limit"] == 0
    # prices and ranges as the plan holds them, as in one piece: every range holds today's
    # limit, and a limit with slack is worth 0
    assert outcome.check is not None
    for row in outcome.check.constraints.itertuples(index=False):
        key = (str(row.constraint), str(row.label))
        if key in known.ranges:
            low, high = known.ranges[key]
            assert low - 1e-6 * max(1, abs(row.limit)) <= row.limit <= high + 1e-6 * max(
                1, abs(row.limit)), (key, low, high, row.limit)
        room = max(1e-6 * max(1.0, abs(row.limit)), known.lumps.get(key, 0.0))
        if key in outcome.prices and row.slack > room:  # room for any one decision
            assert outcome.prices[key] == 0.0, (key, row.slack)


def test_the_continuity_limit_is_priced_and_ranged_in_parts_as_in_one_piece(
        tmp_path: Path) -> None:
    # 5 of its 1,500 customers' incumbents movable: a binding limit (the moves an RM's hours
    # force today are not counted, allocator.keepable)
    tight = "rules.continuity.max_reassignments=5"
    partitioned_book(tmp_path, 1500, SEED)
    sets = [s for s in scaled(1500, SEED)
            if not s.startswith(("data.", "rules.continuity."))] + [tight]
    loaded = load_scenario(tmp_path / "scenario.yaml", sets)
    planned = plan_in_parts(InProcess(), loaded, Settings(time_limit=30, gap=5e-4))
    known = parts_sensitivity(InProcess(), planned, loaded.scenario).sensitivity
    assert known is not None
    prices = row_prices(planned.solved.families, planned.solved.multipliers)
    key = ("continuity", MOVED)
    alone = optimize(prepare(tmp_path / "scenario.yaml", [
        *sets, "solver.method=decomposition"]))
    assert alone.sensitivity is not None and key in alone.prices
    assert prices[key] > 0  # one more customer allowed to move is worth something
    assert prices[key] == pytest.approx(alone.prices[key], rel=0.05)  # LP vs multipliers
    low, high = known.ranges[key]  # in customers moved, as the checker counts them
    assert 0 <= low <= high
    assert key in known.reachable and "continuity" in known.modelled


def two_parts(folder: Path, customers: int, seed: int) -> LoadedScenario:
    """The demo's scenario on a generated book written as a Parquet folder of two files (the
    first half of the customers, and the second), its limits scaled, steps measured."""
    book = generate_book(customers, seed)
    write_book(book, folder)
    (folder / "customers.parquet").unlink()
    (folder / "customers").mkdir()
    half = len(book.customers) // 2
    for i, rows in enumerate((book.customers.iloc[:half], book.customers.iloc[half:])):
        rows.to_parquet(folder / "customers" / f"part-{i}.parquet", index=False)
    raw = yaml.safe_load(DEMO.read_text())
    raw["data"] = {name: {"path": str(folder / path)} for name, path in (
        ("customers", "customers"), ("rms", "rms.csv"), ("offers", "offers.csv"))}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))
    sets = [s for s in scaled(customers, seed) if not s.startswith(("data.", "output.steps"))]
    return load_scenario(folder / "scenario.yaml", sets)


def test_a_move_of_the_budget_within_its_range_in_parts_gains_what_its_price_says(
        tmp_path: Path) -> None:
    # On this book the budget's multiplier, held alone, holds to 24,802 by the parts' uses
    # added up; re-solved, a fifth more budget gains about 1.0 a unit, not its price of 2.6:
    # another limit binds on the way. The range is each part's own, mapped to the book's
    # limit as the parts share it, cut where the step contradicts the price.
    loaded = two_parts(tmp_path, 1200, 3)
    settings = Settings(time_limit=30, gap=5e-4)
    planned = plan_in_parts(InProcess(), loaded, settings)
    known = parts_sensitivity(InProcess(), planned, loaded.scenario).sensitivity
    assert known is not None
    price = row_prices(planned.solved.families, planned.solved.multipliers)[("budget", "total")]
    low, high = known.ranges[("budget", "total")]
    limit = loaded.scenario.budget.total
    assert price > 0 and low <= limit < high
    moved_to = limit + (high - limit) / 2
    budget = loaded.scenario.budget.model_copy(update={"total": moved_to})
    moved = replace(loaded, scenario=loaded.scenario.model_copy(update={"budget": budget}))
    again = plan_in_parts(InProcess(), moved, settings)
    first, then = planned.solved, again.solved
    assert first.best is not None and then.best is not None
    change = then.best.objective - first.best.objective
    gaps = (first.bound - first.best.objective) + (then.bound - then.best.objective)
    assert abs(change - price * (moved_to - limit)) <= gaps


def test_every_priced_limit_of_a_book_in_parts_has_a_range_holding_todays_limit(
        tmp_path: Path) -> None:
    # At the run's multipliers each part's use of the budget sits in a tie, and the parts'
    # uses there are where the ties broke: shared in proportion from those, a part's share of
    # today's budget fell outside its own range, and the budget and the mass tier's loss cap
    # were shown without a range. Each part's share now starts from today's limit.
    loaded = partitioned_book(tmp_path / "book", 1000, SEED)
    sets = [s for s in scaled(1000, SEED) if not s.startswith("data.")]
    run = api.run(loaded.path, output=tmp_path / "out",
                  sets=[*sets, "execution.book=parts", "output.baselines=false"])
    outcome, known = run.outcome, run.outcome.sensitivity
    assert outcome.parts is not None and known is not None and outcome.check is not None
    priced_rows = 0
    for row in outcome.check.constraints.itertuples(index=False):
        key = (str(row.constraint), str(row.label))
        if abs(outcome.prices.get(key, 0.0)) <= 1e-6:
            continue
        priced_rows += 1
        assert key in known.ranges, (key, outcome.prices[key], row.limit)
        low, high = known.ranges[key]
        tolerance = 1e-6 * max(1.0, abs(row.limit))
        assert low - tolerance <= row.limit <= high + tolerance, (key, low, high, row.limit)
    assert priced_rows >= 5 and ("budget", "total") in known.ranges
    table = pd.read_csv(run.folder / "constraints.csv").set_index(["constraint", "label"])
    assert np.isfinite(table.loc[("budget", "total"), ["range_low", "range_high"]]).all()


def test_steps_in_parts_start_from_the_run_plan_and_multipliers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # One iteration per re-run: a raise keeps every row of the run's plan, so its re-run
    # starts from that plan and ends no worse than it, as a book in one piece does.
    monkeypatch.setattr("allocator.decomposition.steps.STEP_ITERATIONS", 1)
    monkeypatch.setattr(priced, "STEP_ITERATIONS", 1, raising=False)
    loaded = partitioned_book(tmp_path, CUSTOMERS, SEED)
    planned = plan_in_parts(InProcess(), loaded, Settings(time_limit=30, gap=5e-4))
    scenario = loaded.scenario.model_copy(update={
        "output": loaded.scenario.output.model_copy(update={"steps": True})})
    reruns: list[tuple[Settings, InParts]] = []
    search = priced.solve_in_parts

    def recorded(*args: Any, **kwargs: Any) -> InParts:
        reruns.append((args[5], search(*args, **kwargs)))
        return reruns[-1][1]

    monkeypatch.setattr(priced, "solve_in_parts", recorded)
    known = parts_sensitivity(InProcess(), planned, scenario).sensitivity
    assert known is not None
    assert len(reruns) == len(known.steps) > 0
    best = planned.solved.best
    assert best is not None
    measured = sorted(known.steps, key=lambda step: step.moved_to < step.limit)  # raises first
    for step, (settings, found) in zip(measured, reruns, strict=True):
        if step.moved_to > step.limit:
            assert found.best is not None and found.best.objective >= best.objective
        assert settings.max_iterations == 1 and settings.branch_packages == (
            step.constraint == "budget")
        for start, multipliers in zip(settings.start or (), planned.solved.multipliers,
                                      strict=True):
            assert np.array_equal(start, multipliers)


def test_steps_in_parts_not_measured_say_why_in_words(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The steps' share of the time limit spent before any re-run begins: each step says so
    in summary.md and report.html, in both languages, and constraints.csv names the reason
    beside the moved limit; no gap is shown without a measured change."""
    monkeypatch.setattr(priced, "steps_seconds", lambda *_: 0.0)
    loaded = partitioned_book(tmp_path / "book", 1000, SEED)
    sets = [s for s in scaled(1000, SEED) if not s.startswith(("data.", "output.steps"))]
    run = api.run(loaded.path, output=tmp_path / "out",
                  sets=[*sets, "execution.book=parts", "output.baselines=false"])
    known = run.outcome.sensitivity
    assert known is not None and known.steps
    assert all(s.change is None and s.unmeasured == "time spent" for s in known.steps)
    spent = "not measured: the time given to the steps was spent before this re-run began"
    english = headline_lines(run.outcome, constraint_table(run.outcome), Words())
    stepped = [line for line in english if "raised 20%" in line]
    assert stepped and all(spent in line for line in stepped)
    assert not any("found no plan" in line for line in english)
    summary = " ".join((run.folder / "summary.md").read_text(encoding="utf-8").split())
    report = (run.folder / "report.html").read_text(encoding="utf-8")
    assert summary.count(spent) >= len(known.steps) and report.count(spent) >= len(known.steps)
    assert "cut_gap" not in report and "step_gap" not in report
    chinese = headline_lines(run.outcome, constraint_table(run.outcome), Words("zh"))
    assert all("分配给步长测算的时间在本次重新运行开始前已用完" in line
               for line in chinese if "上调" in line)
    table = pd.read_csv(run.folder / "constraints.csv").set_index(["constraint", "label"])
    budget = table.loc[("budget", "total")]
    assert budget["step_note"] == "time spent" and np.isnan(budget["step_change"])
