"""Ranges and steps of a book planned in parts: each multiplier's range is the one the same book
in one piece gives at the same multipliers, and the headline limits' steps are measured by
running the parts search again, then shown in summary.md beside a ranged price."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from allocator import api
from allocator.checks.limits import MOVED
from allocator.decomposition.coupling import (
    couplings,
    reachable_rows,
    row_prices,
    soft_families,
)
from allocator.decomposition.parts.book import plan_in_parts
from allocator.decomposition.parts.priced import parts_sensitivity
from allocator.decomposition.parts.search import InProcess
from allocator.decomposition.ranging import multiplier_ranges
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.subproblems import customer_structure
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of
from allocator.report.drivers import headline_lines
from allocator.report.language import Words
from allocator.report.plan_tables import constraint_table, headline_prices
from tests.test_decomposition import scaled
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
    known = parts_sensitivity(InProcess(), planned, loaded.scenario)
    assert not known.steps and known.skipped == "steps_off"  # scaled() turns steps off
    whole = prepare(tmp_path / "scenario.yaml", book_sets())
    valued, scenario = whole.valued, whole.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    assert [f.name for f in families] == [f.name for f in planned.solved.families]
    one_piece = multiplier_ranges(d, customer_structure(valued, scenario, d, families),
                                  families, planned.solved.multipliers, soft_families(scenario))
    assert known.unranged == one_piece.unranged
    assert known.ranges.keys() == one_piece.ranges.keys()
    for key, (low, high) in one_piece.ranges.items():
        assert known.ranges[key] == (pytest.approx(low, rel=1e-9, abs=1e-9),
                                     pytest.approx(high, rel=1e-9, abs=1e-9)), key
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
    monkeypatch.setattr("allocator.optimize.WHOLE_BOOK", 0)
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
    lines = headline_lines(outcome, constraint_table(outcome), Words())
    assert lines[0].startswith("budget: ") and "raised 20% to 45,000" in lines[0]
    stepped = [line for line in lines if "raised 20%" in line or "cut 20%" in line]
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


def test_the_continuity_limit_is_priced_and_ranged_in_parts_as_in_one_piece(
        tmp_path: Path) -> None:
    # the scaled book keeps 2% of its customers' incumbents movable: a binding limit
    loaded = partitioned_book(tmp_path, 1500, SEED)
    planned = plan_in_parts(InProcess(), loaded, Settings(time_limit=30, gap=5e-4))
    known = parts_sensitivity(InProcess(), planned, loaded.scenario)
    prices = row_prices(planned.solved.families, planned.solved.multipliers)
    key = ("continuity", MOVED)
    alone = optimize(prepare(tmp_path / "scenario.yaml", [
        *[s for s in scaled(1500, SEED) if not s.startswith("data.")],
        "solver.method=decomposition"]))
    assert alone.sensitivity is not None and key in alone.prices
    assert prices[key] > 0  # one more customer allowed to move is worth something
    assert prices[key] == pytest.approx(alone.prices[key], rel=0.05)  # LP vs multipliers
    low, high = known.ranges[key]
    assert low <= loaded.scenario.rules.continuity.max_reassignments <= high
    assert key in known.reachable and "continuity" in known.modelled
