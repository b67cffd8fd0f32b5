"""When the multiplier search stops, and what the solve records as having stopped it.

Counts are asked first (a proof, the gap, a stall, the bundle's convergence); the clock last,
and only to stop. A solve any part of which the clock stopped is recorded as stopped on its
time limit: only such a plan may differ from run to run.
"""

from __future__ import annotations

from allocator.backends.base import StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.search.multipliers import Search, Settings


def stop_reason(search: Search, objective: float | None, settings: Settings,
                deadline: Deadline, ahead: float = 0.0) -> StoppedOn | None:
    """Why the search stops now, if it does: no plan can exist, the best plan is within the
    gap, the bound stalled or its model converged, or the time limit is reached (or will be
    `ahead` seconds from now), which the deadline records."""
    if search.disproved:
        return StoppedOn.PROOF
    if objective is not None and relative_gap(search.bound, objective) <= settings.gap:
        return StoppedOn.GAP
    if search.since_better >= settings.stall_iterations:
        return StoppedOn.STALL
    if search.converged(1e-9):
        return StoppedOn.CONVERGED
    return StoppedOn.TIME_LIMIT if deadline.passed(ahead) else None


def final_stop(deadline: Deadline, within: bool, searched: StoppedOn) -> StoppedOn:
    """What stopped the solve: the clock if it stopped any part of it, else the gap if the
    plan is within it, else what stopped the search."""
    if deadline.reached:
        return StoppedOn.TIME_LIMIT
    return StoppedOn.GAP if within else searched


def relative_gap(bound: float, objective: float) -> float:
    return max(bound - objective, 0.0) / max(abs(objective), 1.0)
