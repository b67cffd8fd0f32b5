"""The order in which a sweep plans its points, and the plan each keeps the most of.

The middle point keeps the sweep's base (a run folder, or today's books); every other point
keeps its neighbour towards the middle, so two chains run outward from the middle point, and
the plans are the same for any number of jobs. Re-solving some points again keeps the same
rule: a point keeps its nearest planned neighbour towards the middle.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def _predecessor(index: int, n: int) -> int | None:
    """The point whose plan a point keeps the most of: its neighbour towards the middle."""
    centre = middle(n)
    return None if index == centre else index - 1 if index > centre else index + 1


def _successor(index: int, n: int) -> int | None:
    """The next point outward from the middle on the same side (none after the middle)."""
    centre = middle(n)
    after = index + 1 if index > centre else index - 1 if index < centre else -1
    return after if 0 <= after < n else None


def waves(todo: Sequence[int], n: int) -> list[list[list[int]]]:
    """The points to plan as waves of chains: a chain's first point keeps the plan of a point
    planned in an earlier wave (or the sweep's base), each next point the plan of the one
    before; the chains of a wave run in parallel. The same for any number of jobs."""
    pending = set(todo)
    found: list[list[list[int]]] = []
    while pending:
        chains = []
        for start in sorted(i for i in pending if _predecessor(i, n) not in pending):
            chain = [start]
            while (after := _successor(chain[-1], n)) is not None and after in pending:
                chain.append(after)
            chains.append(chain)
        found.append(chains)
        pending -= {i for chain in chains for i in chain}
    return found


class Chained:
    """A sweep's points, planned wave after wave, each keeping its predecessor's plan; `rows`
    holds each point's latest row."""

    def __init__(self, tasks: list[Task], planner: Planner, base: Path | None) -> None:
        self.tasks, self.planner, self.base = tasks, planner, base
        self.rows: list[dict[str, Any]] = [{} for _ in tasks]

    def plan(self, todo: Sequence[int], extra: dict[str, Any] | None = None) -> None:
        """Plan the points `todo` (again), replacing their rows and run folders."""
        for wave in waves(todo, len(self.tasks)):
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
        the middle, or the sweep's base."""
        before = _predecessor(index, len(self.tasks))
        while before is not None and not _has_plan(self.rows[before]):
            before = _predecessor(before, len(self.tasks))
        if before is None:
            return self.base, str(self.base or "")
        folder = self.tasks[before][3] / str(self.rows[before]["folder"])
        return folder, f"point {before}"


def _has_plan(row: dict[str, Any]) -> bool:
    return row.get("status") in {"optimal", "feasible"} and bool(row.get("folder"))
