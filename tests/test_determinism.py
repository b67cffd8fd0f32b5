"""Plans do not depend on the clock: a solve slowed down gives the plan of one at full speed as
long as it stops on the gap or a count, and a solve the clock stopped says so."""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from allocator import api
from allocator.backends.base import StoppedOn
from allocator.decomposition import decomposed
from allocator.decomposition import solve as decomposition
from allocator.decomposition.decomposed import Decomposed
from allocator.decomposition.repair import local_search as improve
from allocator.decomposition.repair import neighbourhood
from allocator.decomposition.repair import queue as repair_queue
from allocator.decomposition.search import bundle, component_lps, packages
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.builders import world
from tests.test_decomposition import DEMO, scaled

DELAY = 0.02
"""Seconds added to every call of a slowed step."""


class Steps:
    """Counts of the steps that once read the clock (the bundle's model LP, the component LPs,
    package branching, repairs, local search), each optionally slowed down."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.counts: Counter[str] = Counter()
        self.delay = 0.0
        self.hooks: list[Callable[[str], None]] = []
        for owner, name in ((bundle.Bundle, "next_point"), (component_lps.ComponentLPs, "solve"),
                            (packages, "fixed"), (repair_queue, "repair"),
                            (improve, "rows_of"), (improve, "_kick")):
            self._count(owner, name)

    def _count(self, owner: Any, name: str) -> None:
        original = getattr(owner, name)

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.counts[name] += 1
            if self.delay:
                time.sleep(self.delay)
            for hook in self.hooks:
                hook(name)
            return original(*args, **kwargs)

        self.monkeypatch.setattr(owner, name, counted)

    def solve(self, path: Path, sets: list[str], settings: Settings,
              delay: float = 0.0) -> tuple[Decomposed, Counter[str]]:
        prepared = prepare(path, sets)
        valued, scenario = prepared.valued, prepared.loaded.scenario
        self.counts, self.delay = Counter(), delay
        found = decompose(valued, scenario, decisions_of(valued), settings)
        self.delay = 0.0
        return found, self.counts


def assert_same_plan(fast: Decomposed, slow: Decomposed) -> None:
    a, b = fast.result, slow.result
    assert a.values is not None and b.values is not None
    assert a.values.tobytes() == b.values.tobytes()
    assert (a.objective, a.bound) == (b.objective, b.bound)
    assert fast.history == slow.history
    assert a.stopped_on == b.stopped_on != StoppedOn.TIME_LIMIT


def test_a_slowed_large_book_mode_solve_that_branches_gives_the_same_plan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """What large books do, forced on the demo: a sample's component search, the book's
    component LPs, repairs beside the search, perturbed repairs; then branching on packages.
    Every repair 20 ms slower changes nothing."""
    monkeypatch.setattr(decomposition, "OVERLAP_ABOVE", 0)
    steps = Steps(monkeypatch)
    settings = Settings(time_limit=600, gap=1e-6, seed=3, neighbourhoods=20,
                        warm_start_above=1000, sample_size=600, perturbations=4)
    fast, done = steps.solve(DEMO, [], settings)
    slow, slowed = steps.solve(DEMO, [], settings, DELAY)
    assert_same_plan(fast, slow)
    assert done == slowed
    for step in ("next_point", "solve", "fixed", "repair"):
        assert done[step] > 0, step  # each step ran, so the test says something


def test_a_slowed_small_book_with_soft_rows_and_local_search_gives_the_same_plan(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A book of 300 customers with a soft budget: repairs improved by local search, the
    final plan by iterated local search (kicks), and branching; each step 20 ms slower."""
    monkeypatch.setattr(decomposed, "iterated", partial(improve.iterated, patience=25))
    monkeypatch.setattr(neighbourhood, "WHOLE_COLUMNS", 0)  # groups first: no proof, kicks
    steps = Steps(monkeypatch)
    sets = [*scaled(300, 5, budget_rate=6.0), "objective.soft.budget=0.5"]
    settings = Settings(time_limit=600, gap=1e-6, seed=3, neighbourhoods=20, perturbations=3)
    fast, done = steps.solve(DEMO, sets, settings)
    slow, slowed = steps.solve(DEMO, sets, settings, DELAY)
    assert_same_plan(fast, slow)
    assert done == slowed
    for step in ("next_point", "fixed", "repair", "rows_of", "_kick"):
        assert done[step] > 0, step


class SlowMachine:
    """time.perf_counter as a slower machine sees it: `jump` seconds later from the first
    call of `step` on (the solve then seems to have spent them there)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, step: str, jump: float) -> None:
        self.step, self.jump, self.offset = step, jump, 0.0
        real = time.perf_counter
        monkeypatch.setattr(time, "perf_counter", lambda: real() + self.offset)

    def __call__(self, name: str) -> None:
        if name == self.step and not self.offset:
            self.offset = self.jump


def test_branching_does_not_depend_on_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    """A solve whose first repair seems to take four fifths of its time limit still branches
    on packages, and gives the plan and bound of a solve at full speed."""
    steps = Steps(monkeypatch)
    sets = scaled(1000, 5, budget_rate=6.0)  # its packages compete for a tight budget
    settings = Settings(time_limit=600, gap=1e-6, seed=3, neighbourhoods=20, perturbations=3)
    fast, done = steps.solve(DEMO, sets, settings)
    unbranched, _ = steps.solve(DEMO, sets, replace(settings, branch_packages=False))
    assert unbranched.result.bound != fast.result.bound  # branching shows in the result
    steps.hooks.append(SlowMachine(monkeypatch, "repair", 0.8 * settings.time_limit))
    slow, slowed = steps.solve(DEMO, sets, settings)
    assert_same_plan(fast, slow)
    assert done["fixed"] > 0 and slowed["fixed"] == done["fixed"]


def test_a_solve_the_clock_stopped_says_so_in_its_manifest(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The first repair seems to take the whole time limit: the search stops on the clock
    with the plan it has, and the run records that the clock decided."""
    steps = Steps(monkeypatch)
    steps.hooks.append(SlowMachine(monkeypatch, "repair", 60.0))
    sets = [*scaled(300, 5), "solver.method=decomposition", "solver.time_limit=60",
            "solver.gap=0", "output.baselines=false"]
    run = api.run(DEMO, sets=sets, output=tmp_path)
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["solver"]["stopped_on"] == "time_limit"
    assert run.outcome.result.stopped_on == StoppedOn.TIME_LIMIT
    assert steps.counts["repair"] >= 1


def test_a_solve_that_meets_its_gap_or_proves_its_plan_says_so(tmp_path: Path) -> None:
    prepared = prepare(DEMO, scaled(300, 5))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    found = decompose(valued, scenario, decisions_of(valued), Settings(gap=0.05))
    assert found.result.stopped_on == StoppedOn.GAP
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 1.0}],
                 solver={"method": "exact"})
    run = api.run(path, output=tmp_path / "runs")
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["solver"]["stopped_on"] == "proof"
    assert np.isclose(manifest["solver"]["gap"], 0.0)
