"""The multipliers' ranges begun in a forked process while the search waits for a repair
(early_ranges.py): taken by the prices where they are of the solve's last multipliers, the
same ranges as worked out after the plan, and no process left behind."""

from __future__ import annotations

import multiprocessing
import time
from typing import Any

import numpy as np
import pytest

from allocator import decomposition_path, outcome
from allocator.decomposition import priced
from allocator.decomposition import solve as decomposition
from allocator.decomposition.coupling_rows import soft_families
from allocator.decomposition.early_ranges import EarlyRanges
from allocator.decomposition.ranging import multiplier_ranges
from allocator.decomposition.repair.queue import RepairQueue
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.forked_call import may_call_apart
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.test_decomposition import DEMO

pytestmark = pytest.mark.skipif(not may_call_apart(), reason="this system does not fork")
SETS = ["solver.method=decomposition", "output.steps=false", "output.baselines=false"]


def test_ranges_begun_while_the_search_waits_are_those_of_its_last_multipliers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the demo's repairs run beside the search, as a large book's do, and take long enough
    # that it waits for them
    monkeypatch.setattr(decomposition, "OVERLAP_ABOVE", 0)
    repaired = RepairQueue.repaired

    def slow(*args: Any) -> Any:
        time.sleep(0.3)
        return repaired(*args)

    monkeypatch.setattr(RepairQueue, "repaired", slow)
    begun: list[tuple[np.ndarray, ...]] = []
    calls: list[int] = []
    begin = EarlyRanges.begin

    def counted(self: EarlyRanges, multipliers: list[np.ndarray]) -> None:
        begin(self, multipliers)
        calls.append(len(calls))
        if not begun or begun[-1] is not self.multipliers:
            begun.append(self.multipliers)

    monkeypatch.setattr(EarlyRanges, "begin", counted)
    prepared = prepare(DEMO, SETS)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    found = decompose(valued, scenario, decisions_of(valued),
                      Settings(time_limit=60, gap=scenario.solver.gap), ranges_apart=True)
    early = found.early_ranges
    assert early is not None and len(calls) >= 2  # while waiting, and as the search ended
    last = [np.asarray(m, dtype=float) for m in found.multipliers]
    assert all(np.array_equal(a, b) for a, b in zip(begun[-1], last, strict=True))
    assert found.built is not None
    d, families, cs = found.built
    here = multiplier_ranges(d, cs, families, last, soft_families(scenario), settle=True)
    other = [m + 1.0 for m in last]
    assert early.ranges(other) is None  # not of these multipliers: worked out again
    taken = early.ranges(last)
    assert taken is not None and taken.multipliers is not None and here.multipliers is not None
    assert (taken.ranges, taken.unranged, taken.settled) == (here.ranges, here.unranged,
                                                            here.settled)
    assert all(np.array_equal(a, b) for a, b in zip(taken.multipliers, here.multipliers,
                                                    strict=True))
    early.close()
    assert not multiprocessing.active_children()


def test_a_run_takes_the_ranges_begun_early_and_prices_as_without_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    alone = optimize(prepare(DEMO, SETS))
    monkeypatch.setattr(decomposition_path, "APART_ABOVE", 0)
    monkeypatch.setattr(outcome, "may_call_apart", lambda: False)  # priced here, on a thread
    worked_out: list[Any] = []
    ranges = priced.multiplier_ranges

    def counted(*args: Any, **kwargs: Any) -> Any:
        worked_out.append(args)
        return ranges(*args, **kwargs)

    monkeypatch.setattr(priced, "multiplier_ranges", counted)
    early = optimize(prepare(DEMO, SETS))
    assert worked_out == []  # taken from the process begun early
    assert alone.values is not None and early.values is not None
    assert np.array_equal(alone.values, early.values)
    assert alone.prices == early.prices and alone.sensitivity == early.sensitivity
    assert not multiprocessing.active_children()
