"""A book with no plan, on the decomposition path: the bound proves it (it falls below the
lowest value any plan can have), the search stops there instead of at the time limit, and the
run says what must give, from the elastic LP of the book or of a sample of it."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from allocator import api, decomposition_path
from allocator import diagnosis as diagnosis_module
from allocator.backends import SolveOptions, Status
from allocator.decomposition.coupling import lowest_value, worst_value
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.parts import run as run_in_parts_module
from allocator.decomposition.parts.book import PlannedInParts, plan_in_parts
from allocator.decomposition.parts.search import InProcess
from allocator.decomposition.repair import queue as repair_queue
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.diagnosis import Shortfall, diagnose_at_scale
from allocator.errors import NoPlanError
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.test_cli import allocate
from tests.test_decomposition import DEMO, scaled
from tests.test_parts import partitioned_book

FULL_LOAD = "rules.rm_min_load_share=0.99"
"""Every RM at 99% of capacity: more than the book's customers can fill."""


def test_a_book_with_no_plan_is_disproved_by_its_bound_long_before_the_limit() -> None:
    prepared = prepare(DEMO, [FULL_LOAD, "solver.method=decomposition"])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    settings = Settings(time_limit=600, gap=1e-4)
    found = decompose(valued, scenario, d, settings)
    assert found.result.status == Status.INFEASIBLE
    assert "lowest value any plan can have" in found.result.message
    floor = lowest_value(couplings(valued, scenario, d), {}, d)
    assert found.result.bound is not None and found.result.bound < floor
    bounds = [bound for bound, _ in found.history]
    assert bounds[-1] < floor <= bounds[-2]  # it stopped at the first bound below the floor
    assert found.iterations == len(bounds) < settings.max_iterations
    exact = optimize(prepare(DEMO, [FULL_LOAD, "solver.method=exact"]))
    assert exact.result.status == Status.INFEASIBLE  # the exact MIP agrees


def test_no_plan_falls_below_the_floor_and_soft_rows_lower_it() -> None:
    prepared = prepare(DEMO, ["solver.method=exact", "output.steps=false",
                              "output.baselines=false"])  # its value alone is read
    outcome = optimize(prepared)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    assert outcome.objective is not None
    assert outcome.objective >= lowest_value(families, {}, d) > -np.inf
    budget = next(f for f in families if f.name == "budget")
    most = d.y.cost.sum() + np.maximum(d.s.cost, 0).sum()
    expected = worst_value(d) - 2.0 * max(most - budget.limits[0], 0.0)
    assert lowest_value(families, {"budget": 2.0}, d) == pytest.approx(expected, rel=1e-12)


def test_a_disproved_run_writes_a_diagnosis_from_the_books_lp(tmp_path: Path) -> None:
    run = api.run(DEMO, sets=[FULL_LOAD, "solver.method=decomposition"], output=tmp_path)
    assert not run.feasible
    constraints = {s.constraint for s in run.outcome.diagnosis}
    assert "rm_min_load" in constraints
    summary = (run.folder / "summary.md").read_text()
    assert "Re-solved as an LP (customers may be split)" in summary
    # an LP's amounts are the least that must give (whole customers may need more)
    assert "the least relaxations a plan needs" in summary
    lines = [line for line in summary.splitlines() if line.startswith("- ")]
    assert lines and all("by at least" in line for line in lines[:len(constraints)]), lines
    assert "rm_min_load" in (run.folder / "diagnosis.csv").read_text()
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["solver"]["status"] == "infeasible"
    assert manifest["diagnosed_on"] == "elastic LP relaxation of the whole book"


def test_a_large_book_is_diagnosed_on_a_sample_scaled_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    prepared = prepare(DEMO, [FULL_LOAD])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    monkeypatch.setattr(diagnosis_module, "WHOLE_BOOK", 1000)

    def one_shortfall(_: object, options: SolveOptions) -> list[Shortfall]:
        assert options.relax  # an LP: a sample's scaled-down RMs cannot pack whole customers
        return [Shortfall("rm_min_load", "rm_min_load", 10.0, 100.0, 1, ("RM1",))]

    monkeypatch.setattr(diagnosis_module, "diagnose", one_shortfall)
    [shortfall], basis = diagnose_at_scale(valued, scenario, SolveOptions())
    step = len(valued.customers) // 1000  # the sample: one customer in `step`
    assert basis.sampled and basis.share == 1 / step
    assert (shortfall.amount, shortfall.limit) == pytest.approx((10 / basis.share,
                                                                 100 / basis.share))
    monkeypatch.undo()
    monkeypatch.setattr(diagnosis_module, "WHOLE_BOOK", 1000)
    found, basis = diagnose_at_scale(valued, scenario, SolveOptions(time_limit=60))
    assert "rm_min_load" in {s.constraint for s in found}
    assert f"sample of {basis.customers:,} customers (1 in {step})" in basis.describe()


def test_a_book_in_parts_with_no_plan_is_disproved_and_diagnosed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = partitioned_book(tmp_path, 2000, 3)
    sets = [s for s in scaled(2000, 3) if not s.startswith("data.")]
    full = replace(loaded, scenario=loaded.scenario.model_copy(update={
        "rules": loaded.scenario.rules.model_copy(update={"rm_min_load_share": 0.99})}))
    planned = plan_in_parts(InProcess(), full, Settings(time_limit=600))
    assert planned.solved.disproved and planned.solved.best is None
    assert planned.solved.iterations < Settings().max_iterations  # stopped by the proof
    assert planned.solved.bound < planned.solved.floor
    runs = {mode: api.run(loaded.path, sets=[*sets, FULL_LOAD, f"execution.book={mode}",
                                            "solver.method=decomposition"],
                          output=tmp_path / mode) for mode in ("parts", "whole")}
    in_parts = runs["parts"]
    assert not in_parts.feasible and in_parts.outcome.parts is not None
    # the parts gathered whole: the same diagnosis as the book planned whole
    assert in_parts.outcome.diagnosis == runs["whole"].outcome.diagnosis
    assert {s.constraint for s in in_parts.outcome.diagnosis} == {"rm_min_load"}
    manifest = json.loads((in_parts.folder / "manifest.json").read_text())
    assert manifest["solver"]["status"] == "infeasible"
    assert "lowest value any plan can have" in manifest["solver"]["message"]
    assert manifest["diagnosed_on"] == "elastic LP relaxation of the whole book"
    assert manifest["problem"]["parts"] == 4 and manifest["problem"]["rm_pairs"] > 0
    assert "rm_min_load" in (in_parts.folder / "diagnosis.csv").read_text()
    assert "RM hours under the minimum load" in (in_parts.folder / "summary.md").read_text()
    monkeypatch.setattr(run_in_parts_module, "WHOLE_BOOK", 500)  # a sample of the parts
    sampled = api.run(loaded.path, sets=[*sets, FULL_LOAD, "execution.book=parts"],
                      output=tmp_path / "sampled").outcome
    assert sampled.diagnosed_on is not None and sampled.diagnosed_on.share == 1 / 3
    assert sampled.diagnosed_on.customers < 1000
    assert "rm_min_load" in {s.constraint for s in sampled.diagnosis}


@pytest.mark.long
def test_the_demo_held_to_94_percent_is_proven_infeasible_and_exits_1(tmp_path: Path) -> None:
    """Exact proves it; the decomposition's bound falls below the floor too."""
    result = allocate("scenarios/demo.yaml", "--set", "rules.rm_min_load_share=0.94",
                      "--set", "solver.method=decomposition", "--out", str(tmp_path))
    assert result.returncode == 1, result.stderr
    assert "What must give" in result.stderr and "minimum load for RM000" in result.stderr


def test_a_search_that_ends_without_plan_or_proof_names_the_tight_limits(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(repair_queue, "candidate", lambda *_: None)  # repairs never succeed
    with pytest.raises(NoPlanError, match=r"repairs found no plan.*priced highest: \w+ \[") as error:
        optimize(prepare(DEMO, ["solver.method=decomposition", "solver.time_limit=20"]))
    assert error.value.exit_code == 1 and "solver.method: exact" in str(error.value)


def test_a_search_without_plan_says_the_seconds_it_and_its_diagnosis_took(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The repairs never succeed, so the search ends without a plan on its own counts (in
    well under a second) and the elastic LP finds nothing to give: the message's seconds are
    those measured of the search and the diagnosis (made half a second slower here), not the
    search's alone."""
    monkeypatch.setattr(repair_queue, "candidate", lambda *_: None)
    diagnose = decomposition_path.diagnose_at_scale

    def slow(*args: Any) -> Any:
        time.sleep(0.5)
        return diagnose(*args)

    monkeypatch.setattr(decomposition_path, "diagnose_at_scale", slow)
    prepared = prepare(DEMO, ["solver.method=decomposition", "data.generate.customers=300",
                              "tiers.premier.budget_floor_share=0"])
    start = time.perf_counter()
    with pytest.raises(NoPlanError, match="repairs found no plan") as error:
        optimize(prepared)
    took = time.perf_counter() - start
    said = re.search(r"after ([0-9.]+) s;", str(error.value))
    assert said is not None
    assert 0.5 <= float(said.group(1)) <= took + 0.05


def test_a_book_in_parts_without_plan_or_proof_names_the_tight_limits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    loaded = partitioned_book(tmp_path, 2000, 3)
    sets = [s for s in scaled(2000, 3) if not s.startswith("data.")]
    solve = run_in_parts_module.solve_parts

    def planless(*args: Any, **kwargs: Any) -> PlannedInParts:
        planned = solve(*args, **kwargs)  # a plan found, then dropped: no plan, no proof
        return replace(planned, solved=replace(planned.solved, best=None))

    monkeypatch.setattr(run_in_parts_module, "solve_parts", planless)
    with pytest.raises(NoPlanError, match=r"repairs found no plan.*priced highest: ") as error:
        api.run(loaded.path, sets=[*sets, "execution.book=parts"], output=tmp_path / "out")
    assert error.value.exit_code == 1
    assert not list((tmp_path / "out").rglob("manifest.json"))  # no folder without a plan


@pytest.mark.parametrize("method", ["exact", "decomposition"])
def test_a_search_that_ends_without_a_plan_names_what_must_give(method: str) -> None:
    # No RM covers anyone, so the demo's wealth mandates (RM offers) cannot meet their sales
    # target: the exact MIP proves it; the decomposition's search ends without a plan or a
    # proof of its own, and the elastic LP of the whole book names the same shortfall instead
    # of advising a longer time limit.
    sets = [f"tiers.{tier}.coverage=none" for tier in ("private", "wealth", "premier")]
    outcome = optimize(prepare(DEMO, [*sets, f"solver.method={method}", "output.steps=false"]))
    assert outcome.plan is None
    named = {(s.constraint, label) for s in outcome.diagnosis for label in s.labels}
    assert ("offer_minimum", "wealth_mandate") in named


def test_a_book_with_a_plan_only_in_fractions_is_diagnosed_in_whole_numbers(
        tmp_path: Path) -> None:
    """Two top customers of 2 hours each must be covered; the RMs have 3 and 1 hours. The LP
    covers B half by each RM; in whole numbers B fits nowhere. The decomposition finds no plan,
    the elastic LP finds nothing to give, and the elastic MIP names the coverage that must."""
    from tests.builders import solve, world

    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 3},
           {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 1}]
    fit = [(c, r, 10.0, 2.0) for c in ("A", "B") for r in ("R1", "R2")]
    path = world(tmp_path, [{"customer_id": c, "tier_key": 2.0} for c in ("A", "B")], rms, fit)
    outcome = solve(path, "solver.method=decomposition")
    assert outcome.diagnosis, "no diagnosis where no plan exists"
    assert outcome.diagnosed_on is None  # the elastic MIP of the whole book
    assert {s.family for s in outcome.diagnosis} & {"coverage_mandatory", "rm_capacity"}
