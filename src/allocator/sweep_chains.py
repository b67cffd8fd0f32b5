"""The order in which a sweep plans its points, and the plan each keeps the most of.

The first point planned, the centre, is the point at the scenario's own values where the grid
holds it (so that point is planned as the scenario alone: the same plan as a plain run), else
the middle point. It keeps the sweep's base (a run folder, or today's books); every other point
keeps its neighbour towards the centre, so two chains run outward from the centre, and the
plans are the same for any number of jobs. Re-solving some points again keeps the same rule: a
point keeps its nearest planned neighbour towards the centre.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from allocator.scenario import LoadedScenario

Task = tuple[int, dict[str, Any], LoadedScenario, Path]


@dataclass(frozen=True)
class Chain:
    """Points planned in order in one process, each keeping the most of the one before; the
    first keeps the plan of the run folder `start` (None: today's books)."""

    tasks: list[Task]
    start: Path | None
    source: str = ""


Planner = Callable[[list[Chain]], list[dict[str, Any]]]


def middle(n: int) -> int:
    return (n - 1) // 2


def own_point(values: Sequence[Mapping[str, Any]], own: Mapping[str, Any]) -> int | None:
    """The point at the scenario's own values, planned first: the first whose varied keys all
    hold their values in the scenario (`own`: key -> its value there); None where none does
    (the middle point is then planned first)."""
    for index, point in enumerate(values):
        if point and all(key in own and same_value(value, own[key])
                         for key, value in point.items()):
            return index
    return None


def same_value(got: object, wanted: object) -> bool:
    """Two values of a scenario key alike: numbers within rounding, anything else as text."""
    numbers = (int, float, np.number)
    if isinstance(got, numbers) and isinstance(wanted, numbers) and not isinstance(
            got, bool) and not isinstance(wanted, bool):
        return bool(np.isclose(float(got), float(wanted), rtol=1e-9, atol=0.0))
    return str(got) == str(wanted)


def _predecessor(index: int, centre: int) -> int | None:
    """The point whose plan a point keeps the most of: its neighbour towards the centre."""
    return None if index == centre else index - 1 if index > centre else index + 1


def _successor(index: int, n: int, centre: int) -> int | None:
    """The next point outward from the centre on the same side (none after the centre)."""
    after = index + 1 if index > centre else index - 1 if index < centre else -1
    return after if 0 <= after < n else None


def waves(todo: Sequence[int], n: int, centre: int | None = None) -> list[list[list[int]]]:
    """The points to plan as waves of chains, outward from `centre` (default: the middle
    point): a chain's first point keeps the plan of a point planned in an earlier wave (or the
    sweep's base), each next point the plan of the one before; the chains of a wave run in
    parallel. The same for any number of jobs."""
    centre = middle(n) if centre is None else centre
    pending = set(todo)
    found: list[list[list[int]]] = []
    while pending:
        chains = []
        for start in sorted(i for i in pending if _predecessor(i, centre) not in pending):
            chain = [start]
            while ((after := _successor(chain[-1], n, centre)) is not None
                   and after in pending):
                chain.append(after)
            chains.append(chain)
        found.append(chains)
        pending -= {i for chain in chains for i in chain}
    return found


class Chained:
    """A sweep's points, planned wave after wave, each keeping its predecessor's plan; `rows`
    holds each point's latest row."""

    def __init__(self, tasks: list[Task], planner: Planner, base: Path | None,
                 centre: int | None = None) -> None:
        self.tasks, self.planner, self.base = tasks, planner, base
        self.centre = middle(len(tasks)) if centre is None else centre
        self.rows: list[dict[str, Any]] = [{} for _ in tasks]

    def plan(self, todo: Sequence[int], extra: dict[str, Any] | None = None) -> None:
        """Plan the points `todo` (again), replacing their rows and run folders."""
        for wave in waves(todo, len(self.tasks), self.centre):
            chains = [Chain([self.tasks[i] for i in chain], *self._start(chain[0]))
                      for chain in wave]
            for new in self.planner(chains):
                index = int(new["point"])
                old = self.rows[index].get("folder")
                if isinstance(old, str) and old != new.get("folder"):
                    shutil.rmtree(self.tasks[index][3] / old, ignore_errors=True)
                self.rows[index] = new | (extra or {})

    def _start(self, index: int) -> tuple[Path | None, str]:
        """The run folder whose plan point `index` keeps: its nearest planned point towards
        the centre, or the sweep's base."""
        before = _predecessor(index, self.centre)
        while before is not None and not _has_plan(self.rows[before]):
            before = _predecessor(before, self.centre)
        if before is None:
            return self.base, str(self.base or "")
        folder = self.tasks[before][3] / str(self.rows[before]["folder"])
        return folder, f"point {before}"


def _has_plan(row: dict[str, Any]) -> bool:
    return row.get("status") in {"optimal", "feasible"} and bool(row.get("folder"))
