"""A sweep's points re-solved tighter: neighbouring points whose values differ by less than
their gaps are planned again with a gap target ten times tighter, round after round, each
judged against the scenario's own gap target; never the point at the scenario's own values,
nor when the sweep varies the gap target itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from allocator.scenario import LoadedScenario, load_scenario
from allocator.sweep_chains import Chained
from allocator.sweep_folder import save_row
from allocator.sweep_table import points_table
from allocator.sweeps import asked_targets, judged, neighbours, to_tighten

TIGHTEN_ROUNDS = 2
TIGHTEN_FACTOR = 10
"""Neighbouring points within tolerance are re-solved at most twice, each time with a gap
target ten times tighter (never when the sweep varies the gap target itself)."""
GAP_KEY = "solver.gap"

Loader = Callable[[dict[str, Any], float], LoadedScenario]


def tightened(sweep: Chained, rounds: int, keys: list[str], zipped: bool, load: Loader,
              today: int | None = None) -> list[dict[str, Any]]:
    """Re-solve the points of neighbouring pairs within tolerance with a tighter gap target,
    round after round, until none is left or `rounds` are done; the last plan of each point
    replaces its row and run folder, the row counting its re-solves in `tightened`. A
    re-solved point's status is judged against the scenario's own gap target, as the point
    run alone (sweeps.judged). The point at the scenario's own values (`today`) is never
    re-solved: it stays the plan of a plain run of the scenario."""
    for round_ in range(1, rounds + 1):
        table = points_table(sweep.rows)
        if "objective" not in table:
            break
        table = pd.concat([table, neighbours(table, keys, zipped)], axis=1)
        again = [row for row in to_tighten(table, TIGHTEN_FACTOR) if row != today]
        if not again:
            break
        asked, own = asked_targets(table), table["gap_target"].to_numpy(float)
        for row in again:
            index, point, _, staging = sweep.tasks[row]
            target = float(asked[row]) / TIGHTEN_FACTOR
            sweep.tasks[row] = (index, point, load(point, target), staging)
        sweep.plan(again, {"tightened": round_})
        for row in again:
            sweep.rows[row] = judged(sweep.rows[row], float(own[row]))
            save_row(sweep.tasks[row][3], sweep.rows[row])
    return sweep.rows


def with_gap(scenario: str | Path, sets: Sequence[str], use: Sequence[str],
             point: dict[str, Any], gap: float) -> LoadedScenario:
    """The point's scenario with its gap target replaced (a `--set` of it, or an override's,
    too)."""
    kept = [text for text in sets if text.partition("=")[0].strip() != GAP_KEY]
    return load_scenario(scenario, kept, use, point=point, gap=gap)
