"""The multipliers' ranges (ranging.py) worked out in a forked process while the search waits
for a repair, so that the run does not wait for them after its plan is checked.

On a large book each repair runs beside the search for seconds, and the search waits for it
some iterations later (repair/queue.py): at a million customers, three seconds of one idle
core before the last repair brings the plan within the gap target, and the search stops with
the multipliers it has then. Their ranges, read by re-solving the subproblems (six seconds),
were worked out only once the plan was made and checked, the run waiting for them. Here they
are begun in a forked process (allocator.forked_call) each time the search is about to wait
for a repair, of its best multipliers then, on the core the waiting search leaves idle; if the
search goes on after the wait, the process is ended (the core is the search's again), and the
ranges are begun again when it stops. The prices take them where they are of the solve's last
multipliers, and work them out again where not (or where the process died): the same ranges,
by the same count of work, sooner.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.ranging import Ranges, multiplier_ranges
from allocator.decomposition.subproblems import Customers
from allocator.forked_call import ForkedCall, may_call_apart
from allocator.problem import Decisions


class EarlyRanges:
    """The ranges of the multipliers last begun, being worked out in a forked process."""

    def __init__(self, d: Decisions, cs: Customers, families: list[Coupling],
                 soft: dict[str, float]) -> None:
        self.book = (d, cs, families, soft)
        self.multipliers: tuple[np.ndarray, ...] = ()
        self.call: ForkedCall[Ranges] | None = None

    @staticmethod
    def wanted(d: Decisions, cs: Customers, families: list[Coupling], soft: dict[str, float]
               ) -> EarlyRanges | None:
        """Ranges to begin early, where this process may fork (None otherwise)."""
        return EarlyRanges(d, cs, families, soft) if may_call_apart() else None

    def begin(self, multipliers: list[np.ndarray]) -> None:
        """Begin the ranges of these multipliers (each settled: multiplier_ranges), the
        process of others ended; nothing where they are begun already."""
        if self.call is not None and self._of(multipliers):
            return
        self.close()
        d, cs, families, soft = self.book
        self.multipliers = tuple(np.asarray(m, dtype=float).copy() for m in multipliers)
        self.call = ForkedCall(partial(multiplier_ranges, d, cs, families,
                                       list(self.multipliers), soft, settle=True))

    def ranges(self, multipliers: list[np.ndarray]) -> Ranges | None:
        """The ranges, waited for, where they are of these multipliers; None where they are
        not, or the process ended without them."""
        if self.call is None or not self._of(multipliers):
            return None
        return self.call.received()

    def close(self) -> None:
        """End the process, its answer taken or not wanted any more."""
        if self.call is not None:
            self.call.stop()
            self.call = None

    def _of(self, multipliers: list[np.ndarray]) -> bool:
        return len(multipliers) == len(self.multipliers) and all(
            np.array_equal(np.asarray(a, dtype=float), b)
            for a, b in zip(multipliers, self.multipliers, strict=True))
