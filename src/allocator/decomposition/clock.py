"""The wall clock of a solve, which may only stop a search and remembers that it did.

Decisions inside a solver are counts (iterations, evaluations, moves, LP iterations); the
clock is asked only whether to stop. Once it has said yes, it stays reached, and the solve
records that the clock decided (StoppedOn.TIME_LIMIT): only such a plan may differ between
runs or machines.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from allocator.backends.base import StoppedOn


class Deadline:
    """The end of a solve's time limit, and whether the clock has stopped anything."""

    def __init__(self, seconds: float, ended: Callable[[], bool] | None = None) -> None:
        self.start = time.perf_counter()
        self.end = self.start + seconds
        self.reached = False
        self.ended = ended
        """Asked with the clock: True ends the solve as its time limit would (e.g. once the
        exact path running beside it has proved its plan, which makes this one's moot)."""

    def passed(self, ahead: float = 0.0) -> bool:
        """Whether the time is up, or will be `ahead` seconds from now, or the solve was
        ended; remembered once so."""
        if not self.reached and (time.perf_counter() + ahead > self.end
                                 or (self.ended is not None and self.ended())):
            self.reached = True
        return self.reached

    def record(self, stopped_on: StoppedOn | None) -> None:
        """An inner solve's stop: if its clock stopped it, the clock stopped this one too."""
        if stopped_on == StoppedOn.TIME_LIMIT:
            self.reached = True

    def left(self) -> float:
        """Seconds until the end (zero once past it)."""
        return max(self.end - time.perf_counter(), 0.0)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start
