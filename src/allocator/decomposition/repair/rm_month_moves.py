"""Customers whose RM contacts their RM's full months left out, moved to another of their RMs
with room in those months.

The priced choice gives every customer the RM whose months are cheapest for it, so customers
who may have either of two RMs all take the same one, and the repair drops the RM contacts
its months cannot hold, though the other RM has hours to spare. Here, the most valuable loss
first, a customer not with its incumbent RM moves to another of its RMs whose months hold
every RM contact of the customer's best schedule and whose RM rows have room for it, where
the contacts it gets back are worth more than the move costs; it then gets that schedule.
The offers' rows are held again (contacts worth least per unit dropped) and their room spent;
the moves are kept only if the plan then keeps every row and is worth more.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.rm_months import RmMonths
from allocator.decomposition.schedules import best_schedules
from allocator.decomposition.subproblems import Customers
from allocator.problem import Decisions

TOLERANCE = 1e-9
MOST_CUSTOMERS = 20_000
"""Customers considered for a move at most, the most valuable losses first (a count, so the
same book moves the same customers on any machine): each is a few RM rows' look-ups per RM it
may have, in Python."""


def rm_month_moves(d: Decisions, cs: Customers, x_families: list[Coupling],
                   plan: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray] | None:
    """The RMs (x) and offers (y) after the moves, or None if no customer moves."""
    months, schedules = cs.rm_months, cs.schedules
    if months is None or schedules is None:
        return None
    x, y = plan[0].copy(), plan[1].copy()
    n = len(cs.kind)
    want_value, want_cols = best_schedules(schedules, d.y.value, cs.max_offers)
    wanted = np.zeros(len(y), dtype=bool)
    wanted[want_cols] = True
    lost = want_value - np.bincount(d.y.customer[y], d.y.value[y], n)
    pair = np.full(n, -1, dtype=np.int64)
    pair[d.x.customer[x]] = np.flatnonzero(x)
    contacts = months.hours > 0
    missing = np.bincount(d.y.customer[wanted & contacts & ~y], minlength=n) > 0
    movable = (pair >= 0) & missing & (lost > TOLERANCE)
    movable[pair >= 0] &= ~d.x.incumbent[pair[pair >= 0]]
    rooms = _Rooms(d, months, x_families, x, y)
    moved = False
    order = np.flatnonzero(movable)[np.argsort(-lost[movable], kind="stable")]
    for i in order[:MOST_CUSTOMERS]:
        cols = cs.offer_index[i]
        cols = cols[cols >= 0]
        found = rooms.best_move(int(pair[i]), cols[wanted[cols]], cols[y[cols]])
        if found is None:
            continue
        new, gets = found
        rooms.move(int(pair[i]), new, cols[y[cols]], gets)
        x[pair[i]], x[new] = False, True
        y[cols] = False
        y[gets] = True
        moved = True
    return (x, y) if moved else None


class _Rooms:
    """What the RM rows and the RM-months have left, as customers move."""

    def __init__(self, d: Decisions, months: RmMonths, x_families: list[Coupling],
                 x: np.ndarray, y: np.ndarray) -> None:
        self.d, self.months = d, months
        self.families = [f for f in x_families if f.sense == "le" and f.on_x is not None]
        none = np.zeros(0, dtype=bool)
        self.room = [f.limits - f.usage(x, none, none) for f in self.families]
        given = months.given(d, x)
        self.hours = given.limits - given.usage(x, y, none)
        starts = np.flatnonzero(np.r_[True, np.diff(d.x.customer) != 0])
        group = np.cumsum(np.r_[True, np.diff(d.x.customer) != 0]) - 1
        self.span = np.c_[starts, np.r_[starts[1:], len(d.x.customer)]][group]
        """Per x column: the first and the end of its customer's x columns (together)."""

    def best_move(self, now: int, wanted: np.ndarray, has: np.ndarray
                  ) -> tuple[int, np.ndarray] | None:
        """The customer's pair (other than `now`, where it has the offers `has`) with room
        for it where the move gains most, and the offers it then gets: those of its best
        schedule (`wanted`) whose RM-months have room (the most valuable first); None if no
        move gains."""
        d = self.d
        best, gain = None, TOLERANCE
        for p in range(*self.span[now]):
            if p == now or not self._fits(p):
                continue
            gets = self._within_months(p, wanted)
            worth = float(d.x.value[p] - d.x.value[now] + d.y.value[gets].sum()
                          - d.y.value[has].sum())
            if worth > gain:
                best, gain = (p, gets), worth
        return best

    def _fits(self, p: int) -> bool:
        """Whether pair p fits in every RM row's room."""
        for family, room in zip(self.families, self.room, strict=True):
            assert family.on_x is not None
            rows, coefs = family.on_x.at(np.array([p]))
            if rows[0] >= 0 and coefs[0] > room[rows[0]] + TOLERANCE:
                return False
        return True

    def _within_months(self, p: int, wanted: np.ndarray) -> np.ndarray:
        """The offers of a schedule that pair p's RM-months have room for, the most valuable
        first (a part of a schedule keeps the customer's own rows: they are caps)."""
        rows, hours = self._month_rows(p, wanted)
        contact = self.months.hours[wanted] > 0 if len(rows) else np.zeros(len(wanted), bool)
        left = self.hours.copy()
        keep = ~contact
        at = np.flatnonzero(contact)
        for k in at[np.argsort(-self.d.y.value[wanted[at]], kind="stable")]:
            row = rows[np.searchsorted(at, k)]
            hour = hours[np.searchsorted(at, k)]
            if hour <= left[row] + TOLERANCE:
                left[row] -= hour
                keep[k] = True
        return wanted[keep]

    def _month_rows(self, p: int, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The RM-month rows and hours of these contacts made by pair p's RM."""
        months = self.months
        slot = months.limited[self.d.x.rm[p]]
        cols = cols[months.hours[cols] > 0] if slot >= 0 else cols[:0]
        return slot * months.months + months.month[cols], months.hours[cols]

    def move(self, now: int, new: int, had: np.ndarray, gets: np.ndarray) -> None:
        """Take the customer from pair `now` (with contacts `had`) to `new` (with `gets`)."""
        for family, room in zip(self.families, self.room, strict=True):
            assert family.on_x is not None
            rows, coefs = family.on_x.at(np.array([now, new]))
            if rows[0] >= 0:
                room[rows[0]] += coefs[0]
            if rows[1] >= 0:
                room[rows[1]] -= coefs[1]
        rows, hours = self._month_rows(now, had)
        np.add.at(self.hours, rows, hours)
        rows, hours = self._month_rows(new, gets)
        np.subtract.at(self.hours, rows, hours)
