"""The continuity rule in the repair: at most so many customers may leave their incumbent RM
(one who could keep them: allocator.keepable; the others' moves are forced, not counted).

Before RMs are filled, the moves worth least at the search's prices are sent back (limit_moves;
priced, a move back to a scarce RM costs its hours there). After, if RMs without room turned
incumbents away, customers go back to their incumbent RMs, which give up their lowest ranked
newcomers for them where needed (restore_continuity).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from allocator.decomposition.coupling import Coupling, Terms
from allocator.problem import Decisions

TOLERANCE = 1e-9


def limit_moves(wanted: np.ndarray, d: Decisions, x_families: list[Coupling],
                values: Callable[[], np.ndarray]) -> np.ndarray:
    """Keep at most the allowed number of moves away from incumbents: the most valuable ones
    by `values()` (per x column, asked for only if there are too many moves); send the other
    movers back to their incumbent RM."""
    family = next((f for f in x_families if f.name == "continuity"), None)
    if family is None:
        return wanted
    n = int(d.x.customer.max(initial=-1)) + 1
    home = np.full(n, -1, dtype=np.int64)
    home[d.x.customer[d.x.keepable]] = np.flatnonzero(d.x.keepable)
    chosen = np.full(n, -1, dtype=np.int64)
    chosen[d.x.customer[wanted]] = np.flatnonzero(wanted)
    movers = np.flatnonzero((home >= 0) & (chosen != home))
    allowed = int(d.x.keepable.sum() - family.limits[0])  # keepable customers the row lets go
    if len(movers) <= allowed:
        return wanted
    leaving, value = chosen[movers], values()
    gain = np.where(leaving >= 0, value[np.maximum(leaving, 0)], 0.0) - value[home[movers]]
    back = movers[np.argsort(-gain, kind="stable")[max(allowed, 0):]]
    out = wanted.copy()
    out[chosen[back][chosen[back] >= 0]] = False
    out[home[back]] = True
    return out


def restore_continuity(x: np.ndarray, rank: np.ndarray, d: Decisions,
                       x_families: list[Coupling], optional: np.ndarray) -> np.ndarray | None:
    """Send customers back to their incumbent RMs, best ranked first, until the continuity
    row holds; an incumbent RM without room for one gives up its lowest ranked newcomers
    (optional, not incumbent there) for it, and they look for another RM later. Each step
    updates the room of the rows it touches only. None if the row cannot be kept."""
    family = next((f for f in x_families if f.name == "continuity"), None)
    if family is None:
        return x
    none = np.zeros(0, dtype=bool)
    short = family.excess(x, none, none)[0]
    if short <= 0:
        return x
    others = [f for f in x_families if f.name != "continuity" and f.sense == "le"]
    room = _Room(x, others)
    if not room.holds():
        return None
    x = x.copy()
    covered_at = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
    covered_at[d.x.customer[x]] = np.flatnonzero(x)
    by_rm = np.argsort(d.x.rm, kind="stable")
    rm_starts = np.searchsorted(d.x.rm[by_rm], np.arange(int(d.x.rm.max(initial=-1)) + 2))
    back = np.flatnonzero(d.x.keepable & ~x)
    for col in back[np.argsort(rank[back], kind="stable")]:
        current = int(covered_at[d.x.customer[col]])
        moved = [(int(col), -1.0)] + ([(current, 1.0)] if current >= 0 else [])
        room.shift(moved)
        if not room.fits(col):
            at_rm = by_rm[rm_starts[d.x.rm[col]]:rm_starts[d.x.rm[col] + 1]]
            newcomers = at_rm[x[at_rm] & ~d.x.incumbent[at_rm] & optional[d.x.customer[at_rm]]]
            moved += room.made_for(col, newcomers[np.argsort(-rank[newcomers], kind="stable")])
        if not room.fits(col):
            room.shift([(c, -sign) for c, sign in moved])
            continue
        for changed, sign in moved:
            x[changed] = sign < 0
            covered_at[d.x.customer[changed]] = changed if sign < 0 else -1
        short -= 1
        if short <= 0:
            return x
    return None


class _Room:
    """The room left in each row of some `le` families, kept up to date column by column."""

    def __init__(self, x: np.ndarray, families: list[Coupling]) -> None:
        none = np.zeros(0, dtype=bool)
        self.left = [f.limits - f.usage(x, none, none) for f in families]
        self.dense = [_x_terms(f).dense(len(x)) for f in families]

    def holds(self) -> bool:
        return all(left.min(initial=0.0) >= -TOLERANCE for left in self.left)

    def shift(self, columns: list[tuple[int, float]]) -> None:
        """Give back (sign 1) or take (sign -1) each column's use of its rows."""
        for (rows, coefs), left in zip(self.dense, self.left, strict=True):
            for col, sign in columns:
                if rows[col] >= 0:
                    left[rows[col]] += sign * coefs[col]

    def made_for(self, col: int, leaving: np.ndarray) -> list[tuple[int, float]]:
        """Give back the columns in `leaving`, in order, until `col` fits; those given."""
        given: list[tuple[int, float]] = []
        for other in leaving:
            given.append((int(other), 1.0))
            self.shift(given[-1:])
            if self.fits(col):
                break
        return given

    def fits(self, col: int) -> bool:
        """Whether every row of the column has room (the rows it takes from)."""
        return all(rows[col] < 0 or left[rows[col]] >= -TOLERANCE
                   for (rows, _), left in zip(self.dense, self.left, strict=True))


def _x_terms(family: Coupling) -> Terms:
    assert family.on_x is not None
    return family.on_x
