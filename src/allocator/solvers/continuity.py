"""The continuity rule in the repair: at most so many customers may leave their incumbent RM.

Before RMs are filled, the least valuable moves are sent back (limit_moves); after, if RMs
without room turned incumbents away, customers go back to their incumbent RMs, which give up
their lowest ranked newcomers for them where needed (restore_continuity).
"""

from __future__ import annotations

import numpy as np

from allocator.problem import Decisions
from allocator.solvers.coupling import Coupling

TOLERANCE = 1e-9


def limit_moves(wanted: np.ndarray, d: Decisions, x_families: list[Coupling]) -> np.ndarray:
    """Keep at most the allowed number of moves away from incumbents: the most valuable ones;
    send the other movers back to their incumbent RM."""
    family = next((f for f in x_families if f.name == "continuity"), None)
    if family is None:
        return wanted
    n = int(d.x.customer.max(initial=-1)) + 1
    home = np.full(n, -1, dtype=np.int64)
    home[d.x.customer[d.x.incumbent]] = np.flatnonzero(d.x.incumbent)
    chosen = np.full(n, -1, dtype=np.int64)
    chosen[d.x.customer[wanted]] = np.flatnonzero(wanted)
    movers = np.flatnonzero((home >= 0) & (chosen != home))
    allowed = int(d.x.incumbent.sum() - family.limits[0])
    if len(movers) <= allowed:
        return wanted
    leaving = chosen[movers]
    gain = np.where(leaving >= 0, d.x.value[np.maximum(leaving, 0)], 0.0) - d.x.value[home[movers]]
    back = movers[np.argsort(-gain, kind="stable")[max(allowed, 0):]]
    out = wanted.copy()
    out[chosen[back][chosen[back] >= 0]] = False
    out[home[back]] = True
    return out


def restore_continuity(x: np.ndarray, rank: np.ndarray, d: Decisions,
                        x_families: list[Coupling], optional: np.ndarray) -> np.ndarray | None:
    """Send customers back to their incumbent RMs, best ranked first, until the continuity
    row holds; an incumbent RM without room for one gives up its lowest ranked newcomers
    (optional, not incumbent there) for it, and they look for another RM later. None if the
    row cannot be kept."""
    family = next((f for f in x_families if f.name == "continuity"), None)
    if family is None:
        return x
    short = family.excess(x, np.zeros(0, bool), np.zeros(0, bool))[0]
    if short <= 0:
        return x
    covered_at = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
    covered_at[d.x.customer[x]] = np.flatnonzero(x)
    back = np.flatnonzero(d.x.incumbent & ~x)
    others = [f for f in x_families if f.name != "continuity" and f.sense == "le"]
    for col in back[np.argsort(rank[back], kind="stable")]:
        current = covered_at[d.x.customer[col]]
        trial = x.copy()
        if current >= 0:
            trial[current] = False
        trial[col] = True
        newcomers = np.flatnonzero(trial & (d.x.rm == d.x.rm[col]) & ~d.x.incumbent
                                   & optional[d.x.customer])
        leaving = iter(newcomers[np.argsort(-rank[newcomers], kind="stable")])
        while not _holds(trial, others):
            evicted = next(leaving, None)
            if evicted is None:
                break
            trial[evicted] = False
            covered_at[d.x.customer[evicted]] = -1
        if _holds(trial, others):
            x = trial
            covered_at[d.x.customer[col]] = col
            short -= 1
            if short <= 0:
                return x
        else:
            covered_at[d.x.customer[x]] = np.flatnonzero(x)
    return None


def _holds(x: np.ndarray, families: list[Coupling]) -> bool:
    none = np.zeros(0, dtype=bool)
    return all(f.excess(x, none, none).max(initial=0) <= TOLERANCE for f in families)
