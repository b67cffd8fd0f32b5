"""Customers left without an RM take the places of RMs' least valuable customers.

The repair fills each RM with the customers the priced choice sent it, then gives the
customers it turned away the room left elsewhere. A valuable customer turned away by a full RM
can then find every other RM full of customers worth far less, which the priced choice sent
there: where RMs are small (a few dozen customers each), that loses real value. Here, round by
round, each RM gives the place of its least valuable customer whose coverage may go (not a
mandatory tier's, not kept with their incumbent RM) to the most valuable customer without an
RM who fits in its place, when every RM row still holds; and covered customers move to the RM
worth most more to them that has room (the repair placed them where room was left, not where
they are worth most). Vectorized over RMs: one exchange and one arrival per RM per round.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.problem import Decisions

ROUNDS = ((1_000_000, 30), (5_000_000, 12), (None, 4))
"""Up to this many rounds on books of up to this many customer-RM pairs (a count, not a clock).
A round costs about a quarter of a second per 3 million pairs, and a repair beside the search
should not hold it up too long. On the 1M-customer N/300 book (3.0M pairs), 12 rounds instead
of 4 gave plans worth 0.5M more (gap 0.128% -> 0.104% in 60 s); 30 held up the search; the
5M book (15M pairs) keeps 4."""
TOLERANCE = 1e-9


def give_places(x: np.ndarray, d: Decisions, x_families: list[Coupling], worth: np.ndarray,
                optional: np.ndarray) -> None:
    """Exchange customers in place (x, a mask over the x columns) while it gains: `worth` is
    each pair's value, `optional` each customer's tier allowing no RM. Each round also moves
    covered customers to the RM worth most to them that has room (one arrival per RM)."""
    rounds = next(count for most, count in ROUNDS if most is None or len(x) <= most)
    used = Used(x, x_families)
    for _ in range(rounds):
        exchanged = _made(x, *_exchanges(x, d, used, worth, optional), used)
        moved = _made(x, *_moves(x, d, used, worth), used)
        if not (exchanged or moved):
            return


class Used:
    """Each family's rows' use by the plan, kept as its changes are made (only the changed
    columns' entries added and taken off: a pass over every pair of a large book per change
    was most of a round)."""

    def __init__(self, x: np.ndarray, families: list[Coupling]) -> None:
        none = np.zeros(0, dtype=bool)
        self.families = families
        self.use = [f.usage(x, none, none) for f in families]

    def change(self, x: np.ndarray, leaving: np.ndarray, arriving: np.ndarray) -> None:
        """Take these columns out of the plan and those in."""
        x[leaving], x[arriving] = False, True
        for family, use in zip(self.families, self.use, strict=True):
            assert family.on_x is not None
            for cols, sign in ((arriving, 1.0), (leaving, -1.0)):
                _, rows, coefs = family.on_x.entries(cols)
                use += sign * np.bincount(rows, coefs, len(use))

    def excess(self) -> list[np.ndarray]:
        """How far each row is broken (0 where it holds)."""
        return [np.maximum(f.sign * (use - f.limits), 0.0)
                for f, use in zip(self.families, self.use, strict=True)]


def _made(x: np.ndarray, outgoing: np.ndarray, incoming: np.ndarray, used: Used) -> bool:
    """Make these changes (each column out of the plan, its partner in), undoing those that
    touch a row they broke together; whether any was made."""
    if len(incoming) == 0:
        return False
    before = used.excess()

    def broken() -> list[np.ndarray]:
        return [now > e + TOLERANCE * np.maximum(1.0, np.abs(f.limits))
                for f, e, now in zip(used.families, before, used.excess(), strict=True)]

    used.change(x, outgoing, incoming)
    rows = broken()
    if not any(r.any() for r in rows):
        return True
    undo = _touching(outgoing, incoming, used.families, rows)
    used.change(x, incoming[undo], outgoing[undo])
    if any(r.any() for r in broken()):  # rows shared further: undo them all
        kept = ~undo
        used.change(x, incoming[kept], outgoing[kept])
        return False
    return not undo.all()


def _moves(x: np.ndarray, d: Decisions, used: Used, worth: np.ndarray
           ) -> tuple[np.ndarray, np.ndarray]:
    """This round's moves: covered customers to the RM worth most more to them, where each
    fits alone, one arrival per RM, largest gains first."""
    at_customer = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
    at_customer[d.x.customer[x]] = np.flatnonzero(x)
    at = at_customer[d.x.customer]
    target = np.flatnonzero((at >= 0) & ~x)
    source = at[target]
    gain = worth[target] - worth[source]
    good = gain > TOLERANCE
    good[good] = _alone_fits(source[good], target[good], used)
    return _one_per_rm(source[good], target[good], gain[good], d)


def _exchanges(x: np.ndarray, d: Decisions, used: Used, worth: np.ndarray,
               optional: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """This round's exchanges: per RM, its least valuable movable customer's column and the
    column of the customer without an RM who gains most in that place (each customer at one
    RM at most)."""
    n_rms = int(d.x.rm.max(initial=-1)) + 1
    covered = np.zeros(len(optional), dtype=bool)
    covered[d.x.customer[x]] = True
    movable = np.flatnonzero(x & optional[d.x.customer] & ~d.x.incumbent)
    if len(movable) == 0:
        return movable, movable
    order = movable[np.lexsort((worth[movable], d.x.rm[movable]))]
    first = np.r_[True, np.diff(d.x.rm[order]) != 0]
    least = np.full(n_rms, -1, dtype=np.int64)
    least[d.x.rm[order[first]]] = order[first]
    seeking = np.flatnonzero(~covered[d.x.customer] & (least[d.x.rm] >= 0))
    place = least[d.x.rm[seeking]]
    gain = worth[seeking] - worth[place]
    good = gain > TOLERANCE
    good[good] = _alone_fits(place[good], seeking[good], used)
    return _one_per_rm(place[good], seeking[good], gain[good], d)


def _one_per_rm(outgoing: np.ndarray, incoming: np.ndarray, gain: np.ndarray, d: Decisions
                ) -> tuple[np.ndarray, np.ndarray]:
    """Of the candidate changes, largest gains first: each customer's best, then one per RM
    of the incoming column."""
    order = np.argsort(-gain, kind="stable")
    outgoing, incoming = outgoing[order], incoming[order]
    _, once = np.unique(d.x.customer[incoming], return_index=True)
    once = np.sort(once)
    outgoing, incoming = outgoing[once], incoming[once]
    _, per_rm = np.unique(d.x.rm[incoming], return_index=True)
    per_rm = np.sort(per_rm)
    return outgoing[per_rm], incoming[per_rm]


def _alone_fits(outgoing: np.ndarray, incoming: np.ndarray, used: Used) -> np.ndarray:
    """Per exchange: whether, made alone, it keeps every row it touches (or breaks it no
    further)."""
    fits = np.ones(len(outgoing), dtype=bool)
    for family, usage in zip(used.families, used.use, strict=True):
        assert family.on_x is not None
        allowed = family.sign * family.limits + np.maximum(family.sign * (usage - family.limits),
                                                           0.0)
        arriving, leaving = family.on_x.at(incoming), family.on_x.at(outgoing)
        for (row, coef), (other_row, other_coef), sign in ((arriving, leaving, 1.0),
                                                            (leaving, arriving, -1.0)):
            change = sign * (coef - np.where(other_row == row, other_coef, 0.0))
            after = family.sign * (usage[np.maximum(row, 0)] + change)
            fits &= (row < 0) | (after <= allowed[np.maximum(row, 0)] + TOLERANCE * np.maximum(
                1.0, np.abs(family.limits[np.maximum(row, 0)])))
    return fits


def _touching(outgoing: np.ndarray, incoming: np.ndarray, x_families: list[Coupling],
              broken: list[np.ndarray]) -> np.ndarray:
    """Per exchange: whether either of its columns touches a row the round broke."""
    touching = np.zeros(len(outgoing), dtype=bool)
    for family, rows_broken in zip(x_families, broken, strict=True):
        if not rows_broken.any() or family.on_x is None:
            continue
        for cols in (outgoing, incoming):
            hit = family.on_x.at(cols)[0]
            touching |= (hit >= 0) & rows_broken[np.maximum(hit, 0)]
    return touching
