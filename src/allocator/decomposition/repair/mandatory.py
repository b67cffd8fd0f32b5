"""Room for the customers of mandatory tiers whose RMs are all full.

The repair fills RMs with mandatory customers first, in rank order, but a customer needing many
hours can still find every RM it may have full: on small RM books (a private banker's dozen
customers) the smaller customers ranked before it took the room. Then customers already placed
at one of its RMs move out, to another RM of theirs with room or, in an optional tier, to none,
until it fits: on each of its RMs the cheapest such moves are found greedily, and the RM whose
moves lose the least value is taken.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.subproblems import MANDATORY
from allocator.problem import Decisions

TOLERANCE = 1e-9
Dense = list[tuple[np.ndarray, np.ndarray]]
"""Per RM row family: each x column's row (-1 for none) and coefficient."""


def cover_mandatory(x: np.ndarray, d: Decisions, x_families: list[Coupling],
                    kind: np.ndarray) -> bool:
    """Make room for every customer of a mandatory tier (`kind`, per customer) still without
    an RM; False if one cannot be."""
    covered = np.zeros(len(kind), dtype=bool)
    covered[d.x.customer[x]] = True
    waiting = np.flatnonzero((kind == MANDATORY) & ~covered)
    if len(waiting) == 0:
        return True
    limited = [f for f in x_families if f.sense == "le" and f.on_x is not None]
    dense = [f.on_x.dense(len(x)) for f in limited if f.on_x is not None]
    none = np.zeros(0, dtype=bool)
    room = [f.limits - f.usage(x, none, none) for f in limited]
    held = Held(x, d.x.rm)
    return all(_make_room(x, int(customer), d, dense, (room, held), kind != MANDATORY)
               for customer in waiting)


class Held:
    """The x columns held at each RM, found without a pass over every column per RM asked:
    the columns held when made, grouped by RM, with those taken since (`took`)."""

    def __init__(self, x: np.ndarray, rm: np.ndarray) -> None:
        self.x, self.rm = x, rm
        held = np.flatnonzero(x)
        order = np.argsort(rm[held], kind="stable")
        self.columns = held[order]
        self.starts = np.searchsorted(rm[self.columns], np.arange(int(rm.max(initial=-1)) + 2))
        self.taken: list[int] = []

    def took(self, column: int) -> None:
        self.taken.append(column)

    def at(self, rm: int) -> np.ndarray:
        """The columns held at the RM now, in column order."""
        first = self.columns[self.starts[rm]:self.starts[rm + 1]]
        taken = np.array(self.taken, dtype=first.dtype)
        found = np.unique(np.r_[first, taken[self.rm[taken] == rm]])
        return found[self.x[found]]


def _make_room(x: np.ndarray, customer: int, d: Decisions, dense: Dense,
               kept: tuple[list[np.ndarray], Held], optional: np.ndarray) -> bool:
    """Place the customer at the RM where moving others out to make room loses least; the
    moves are made in `x`, and `kept` (each row's room, the columns held at each RM) kept up
    to date. False if no RM can be made room on."""
    room, held = kept
    first, last = np.searchsorted(d.x.customer, [customer, customer + 1])
    best: tuple[float, list[tuple[int, int]], int] | None = None
    for pair in range(int(first), int(last)):
        found = _vacate(pair, x, d, dense, (room, held.at(int(d.x.rm[pair]))), optional)
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], found[1], pair)
    if best is None:
        return False
    for column, move in best[1]:
        _take(x, column, dense, room, -1.0)
        if move >= 0:
            _take(x, move, dense, room, 1.0)
            held.took(move)
    _take(x, best[2], dense, room, 1.0)
    held.took(best[2])
    return True


def _vacate(pair: int, x: np.ndarray, d: Decisions, dense: Dense,
            at: tuple[list[np.ndarray], np.ndarray], optional: np.ndarray
            ) -> tuple[float, list[tuple[int, int]]] | None:
    """The moves out of `pair`'s RM (`at`: each row's room, the columns held at the RM) that
    leave room for it, cheapest first (value lost per share of the shortfall freed), and the
    value they lose; None if they cannot."""
    room, held = at
    need = np.array([coefs[pair] - free[rows[pair]] if rows[pair] >= 0 else 0.0
                     for (rows, coefs), free in zip(dense, room, strict=True)])
    free = [r.copy() for r in room]
    freed = np.array([coefs[held] for _, coefs in dense]).reshape(len(dense), len(held))
    short = np.maximum(need, 0.0)[:, None]
    share = (np.minimum(freed, short) / np.maximum(short, TOLERANCE)).sum(axis=0)
    lost, moves = 0.0, []
    for index in np.argsort(-share, kind="stable"):
        if (need <= TOLERANCE).all():
            break
        if share[index] <= 0:
            break
        move = _relocation(int(held[index]), x, d, dense, free, optional)
        if move is None:
            continue
        moves.append((int(held[index]), move))
        lost += float(d.x.value[held[index]] - (d.x.value[move] if move >= 0 else 0.0))
        need -= freed[:, index]
        if move >= 0:
            for (rows, coefs), left in zip(dense, free, strict=True):
                if rows[move] >= 0:
                    left[rows[move]] -= coefs[move]
    if (need > TOLERANCE).any():
        return None
    return lost - float(d.x.value[pair]), moves


def _relocation(held: int, x: np.ndarray, d: Decisions, dense: Dense, free: list[np.ndarray],
                optional: np.ndarray) -> int | None:
    """Where the customer of column `held` goes: its other RM with room worth most to it,
    -1 (no RM) if none has room and its tier allows that, else None."""
    other = d.x.customer[held]
    first, last = np.searchsorted(d.x.customer, [other, other + 1])
    with_room = [move for move in range(int(first), int(last)) if move != held and all(
        rows[move] < 0 or coefs[move] <= left[rows[move]] + TOLERANCE
        for (rows, coefs), left in zip(dense, free, strict=True))]
    if not with_room:
        return -1 if optional[other] else None
    best = max(with_room, key=lambda move: float(d.x.value[move]))
    return -1 if optional[other] and d.x.value[best] < 0 else best


def _take(x: np.ndarray, column: int, dense: Dense, room: list[np.ndarray], sign: float) -> None:
    """Add (sign 1) or remove (-1) an x column, keeping the rows' room."""
    x[column] = sign > 0
    for (rows, coefs), free in zip(dense, room, strict=True):
        if rows[column] >= 0:
            free[rows[column]] -= sign * coefs[column]
