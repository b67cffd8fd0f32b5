"""Bring RMs below their minimum load up to it, as the last step of a repair's RM assignment.

An RM short of its minimum takes, least value lost first, customers it may serve that have no
RM or whose RM stays at or above its own minimum without them. A move is made only if every row
it touches holds afterwards or was already broken and does not get worse: capacity and book
size of the receiving RM, the donor's minimum, the continuity limit. A donor at its minimum may
still give a customer if it can at once take enough from others under the same rule (a chain
of two moves); if it cannot, both are undone and it is not asked again. An RM whose book is
full may swap one of its customers with fewer hours (moved to another RM, or to none if
optional) for one with more.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling, Terms
from allocator.problem import Decisions

TOLERANCE = 1e-9
BORROW_DEPTH = 1
"""How many RMs deep a chain of moves may borrow from RMs at their minimum."""
SWAP_TRIES = 5
"""How many of an RM's own customers (fewest hours first) may make room for a larger one, and
how many swaps in a row may fail before an RM stops trying them."""


class _Rows:
    """The usage of every row of the x families (families with terms on x only), and each x
    column's row and coefficient in each."""

    def __init__(self, x: np.ndarray, families: list[Coupling]) -> None:
        empty = np.zeros(0, dtype=bool)
        self.families = families
        self.use = [f.usage(x, empty, empty) for f in families]
        self.dense = [_on_x(f).dense(len(x)) for f in families]

    def allows(self, leaving: int, joining: int, ignored: tuple[int, int] = (-1, -1)) -> bool:
        """Whether moving a customer from column `leaving` (-1: no RM) to `joining` leaves
        every touched row (but the `ignored` (family, row)) holding, or no worse than before."""
        for f, (family, use, (rows, coefs)) in enumerate(
                zip(self.families, self.use, self.dense, strict=True)):
            change: dict[int, float] = {}
            for col, sign in ((leaving, -1.0), (joining, 1.0)):
                if col >= 0 and rows[col] >= 0:
                    change[int(rows[col])] = change.get(int(rows[col]), 0.0) + sign * coefs[col]
            for row, delta in change.items():
                slack = family.sign * (family.limits[row] - use[row])  # >= 0: holds
                tolerance = TOLERANCE * max(1.0, abs(float(family.limits[row])))
                worse = family.sign * delta > 0 and slack - family.sign * delta < -tolerance
                if worse and (f, row) != ignored:
                    return False
        return True

    def move(self, leaving: int, joining: int) -> None:
        for use, (rows, coefs) in zip(self.use, self.dense, strict=True):
            for col, sign in ((leaving, -1.0), (joining, 1.0)):
                if col >= 0 and rows[col] >= 0:
                    use[rows[col]] += sign * coefs[col]


def _on_x(family: Coupling) -> Terms:
    if family.on_x is None or family.on_y is not None or family.on_s is not None:
        raise ValueError(f"{family.name} is not a family of the RM columns alone")
    return family.on_x


class _Loads:
    """The plan's RM columns (x, changed in place), its rows, and the moves made."""

    def __init__(self, x: np.ndarray, d: Decisions, x_families: list[Coupling],
                 index: int, optional: np.ndarray) -> None:
        self.x, self.d, self.index, self.optional = x, d, index, optional
        self.minimum = x_families[index]
        self.rows = _Rows(x, x_families)
        self.row_of = self.rows.dense[index][0]
        self.at = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
        self.at[d.x.customer[x]] = np.flatnonzero(x)
        order = np.argsort(self.row_of, kind="stable")
        self.by_row = np.split(order, np.searchsorted(self.row_of[order],
                                                      np.arange(len(self.minimum.limits) + 1)))
        self.log: list[tuple[int, int]] = []
        self.dry: set[int] = set()
        """Rows of RMs that could not refill after giving a customer."""
        self.starts = np.searchsorted(d.x.customer, np.arange(len(self.at) + 1))
        """Each customer's x columns (they are grouped by customer)."""

    def short(self, row: int) -> bool:
        return bool(self.rows.use[self.index][row] < self.minimum.limits[row] - TOLERANCE)

    def fill(self, row: int, borrow: int) -> bool:
        """Move customers to this row's RM until its minimum holds; True if it does. With
        `borrow` > 0, from RMs at their minimum too, if they refill (borrowing one less)."""
        candidates = self.by_row[row + 1]  # by_row[0]: columns of RMs without a minimum
        candidates = candidates[~self.x[candidates]]
        current = self.at[self.d.x.customer[candidates]]
        lost = np.where(current >= 0, self.d.x.value[np.maximum(current, 0)], 0.0)
        order = np.argsort(lost - self.d.x.value[candidates], kind="stable")
        failed_swaps = 0
        for col in candidates[order].tolist():
            if not self.short(row):
                break
            if self.x[col]:
                continue  # moved here since the candidates were listed
            leaving = int(self.at[self.d.x.customer[col]])
            if self.rows.allows(leaving, col):
                self.move(leaving, col)
            elif not (borrow > 0 and self.borrowed(leaving, col, borrow)) and (
                    failed_swaps < SWAP_TRIES):
                swapped = self.swap(row, leaving, col)
                if swapped is not None:
                    failed_swaps = 0 if swapped else failed_swaps + 1
        return not self.short(row)

    def borrowed(self, leaving: int, col: int, borrow: int) -> bool:
        """Take the customer from an RM at its minimum if that RM then refills; False (and
        nothing moved) if it cannot."""
        donor = int(self.row_of[leaving]) if leaving >= 0 else -1
        if donor < 0 or donor in self.dry or not self.rows.allows(leaving, col,
                                                                  (self.index, donor)):
            return False
        mark = len(self.log)
        self.move(leaving, col)
        if self.fill(donor, borrow - 1):
            return True
        self.undo(mark)
        self.dry.add(donor)  # it found nothing to refill from: not asked again
        return False

    def swap(self, row: int, leaving: int, col: int) -> bool | None:
        """Take the customer at `col` (now at `leaving`) into this row's RM once one of its
        own customers with fewer hours has moved to another RM (or, if optional, to none) to
        make room (book size, capacity); undone if the customer still does not fit. None if
        the RM has no customer with fewer hours."""
        hours = self.rows.dense[self.index][1]
        own = self.by_row[row + 1][self.x[self.by_row[row + 1]]]
        own = own[hours[own] < hours[col]]
        if len(own) == 0:
            return None
        for out in own[np.lexsort((self.d.x.value[own], hours[own]))][:SWAP_TRIES].tolist():
            customer = self.d.x.customer[out]
            others = np.arange(self.starts[customer], self.starts[customer + 1])
            others = np.append(others[others != out], [-1] if self.optional[customer] else [])
            for alternative in others.astype(np.int64).tolist():
                if not self.rows.allows(out, alternative, (self.index, row)):
                    continue
                mark = len(self.log)
                self.move(out, alternative)
                if self.rows.allows(leaving, col):
                    self.move(leaving, col)
                    return True
                self.undo(mark)
        return False

    def move(self, leaving: int, joining: int) -> None:
        self.rows.move(leaving, joining)
        customer = self.d.x.customer[joining if joining >= 0 else leaving]
        if leaving >= 0:
            self.x[leaving] = False
        if joining >= 0:
            self.x[joining] = True
        self.at[customer] = joining
        self.log.append((leaving, joining))

    def undo(self, mark: int) -> None:
        while len(self.log) > mark:
            leaving, joining = self.log.pop()
            self.move(joining, leaving)
            self.log.pop()


def raise_min_loads(x: np.ndarray, d: Decisions, x_families: list[Coupling],
                    optional: np.ndarray) -> None:
    """Move customers (in x, a mask over the x columns) to RMs below their minimum load;
    customers marked `optional` may be left without an RM to make room."""
    index = next((i for i, f in enumerate(x_families) if f.name == "rm_min_load"), None)
    if index is None:
        return
    loads = _Loads(x, d, x_families, index, optional)
    for row in range(len(loads.minimum.limits)):
        if loads.short(row):
            loads.fill(row, BORROW_DEPTH)
