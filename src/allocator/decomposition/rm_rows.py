"""The uses of the rows per RM (hours, book size, minimum load) at a price of one row's
multiplier, the others held: what the multipliers' ranges read (ranging.py).

A row per RM prices only the pairs with that RM: its multiplier moves only the choices of the
customers who can reach that RM (their offers and the packages do not depend on it). With the
other multipliers held, each such pair competes with its customer's other pairs, whose priced
values do not move, and with the customer's value without an RM. So a pair is its customer's
choice at a price exactly when its moved value is above the best of the customer's pairs
before it, at least the best after it (the subproblems take a customer's first best pair), and
worth more with an RM than without: every row's use at its own price is one pass over the
family's pairs (`RowsTogether`), and the rows of thousands of RMs are read side by side. That
holds where each customer has at most one pair in each row; a family where one has two (a row
per branch, say) is read row by row over its customers' pairs (`RmRows.uses`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.subproblems import MANDATORY, Customers, offer_choices
from allocator.problem import Decisions


@dataclass(frozen=True)
class RmRows:
    """What a row per RM does not move, at the run's multipliers: every pair's priced value,
    and each customer's value with an RM beside the pair's (its offers) and without one (-inf
    in a mandatory tier), as the subproblems weigh them (subproblems.solve_subproblems)."""

    d: Decisions
    cs: Customers
    priced: np.ndarray
    with_rm: np.ndarray
    bare: np.ndarray
    segment: np.ndarray
    """Per customer: its segment of pairs (-1 if it has none)."""
    others: tuple[np.ndarray, np.ndarray]
    """Per pair: the best priced value of its customer's other pairs before it, and after it
    (-inf where there is none)."""

    @staticmethod
    def at(d: Decisions, cs: Customers, multipliers: list[np.ndarray]) -> RmRows:
        flat = np.concatenate(multipliers) if multipliers else np.zeros(0)
        priced = cs.pricing[0].priced(d.x.value, flat)
        with_rm, _, without, _ = offer_choices(cs.pricing[1].priced(d.y.value, flat), d.y, cs)
        segment = np.full(len(cs.kind), -1, dtype=np.int64)
        segment[cs.x_owner] = np.arange(len(cs.x_owner))
        return RmRows(d, cs, priced, with_rm, np.where(cs.kind == MANDATORY, -np.inf, without),
                      segment, others_best(priced, cs.x_starts))

    def uses(self, family: Coupling, prices: np.ndarray) -> Callable[[int, float], float]:
        """The use of each of the family's rows at a price of its multiplier, the others
        held: over the pairs of the customers who can reach the row's RM."""
        on = family.on_x
        assert on is not None
        order = np.argsort(on.rows, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(on.rows, minlength=len(family.limits)))]
        reached: dict[int, Reach | None] = {}  # the last row's pairs, the same on either side

        def use(row: int, price: float) -> float:
            if row not in reached:
                cols = on.cols[order[bounds[row]:bounds[row + 1]]]
                reached.clear()  # one row at a time: all of them would hold every pair
                reached[row] = self._reach(family, row, np.unique(self.d.x.customer[cols]))
            found = reached[row]
            return 0.0 if found is None else self._use(found,
                                                       family.sign * (price - prices[row]))
        return use

    def together(self, family: Coupling, prices: np.ndarray) -> RowsTogether | None:
        """The family's rows read side by side (RowsTogether); None where a customer has two
        pairs in one row, or the family's terms are not one per pair."""
        on = family.on_x
        assert on is not None
        if not on.unique or len(on.cols) == 0:
            return None
        order = (np.argsort(on.rows, kind="stable") if (np.diff(on.cols) > 0).all()
                 else np.lexsort((self.d.x.customer[on.cols], on.rows)))  # by row, customer
        cols, rows = on.cols[order], on.rows[order]
        customer = self.d.x.customer[cols]
        if ((rows[1:] == rows[:-1]) & (customer[1:] == customer[:-1])).any():
            return None
        earlier, later = self.others
        return RowsTogether(
            rows, np.r_[0, np.cumsum(np.bincount(rows, minlength=len(family.limits)))],
            self.priced[cols], on.coefs[order], (earlier[cols], later[cols]),
            (self.with_rm[customer], self.bare[customer]), family.sign, prices)

    def _reach(self, family: Coupling, row: int, customers: np.ndarray) -> Reach | None:
        """These customers' pairs, and each pair's coefficient in the row (None for no
        customer with pairs)."""
        segments = self.segment[customers]
        customers, segments = customers[segments >= 0], segments[segments >= 0]
        if len(customers) == 0:
            return None
        stops = np.r_[self.cs.x_starts[1:], len(self.priced)]
        starts, lengths = self.cs.x_starts[segments], stops[segments] - self.cs.x_starts[segments]
        offsets = np.r_[0, np.cumsum(lengths)[:-1]]
        pairs = np.repeat(starts - offsets, lengths) + np.arange(lengths.sum())
        rows, coefs = family.on_x.at(pairs)  # type: ignore[union-attr]
        mine = np.where(rows == row, coefs, 0.0)
        return Reach(customers, pairs, offsets, np.repeat(np.arange(len(customers)), lengths),
                     mine)

    def _use(self, reach: Reach, change: float) -> float:
        """The row's use by the reached customers' choices with its priced pairs moved down
        by `change` per unit of their coefficient."""
        customers, owner, mine = reach.customers, reach.owner, reach.mine
        values = self.priced[reach.pairs] - change * mine
        best = np.maximum.reduceat(values, reach.offsets)
        ties = np.flatnonzero(values == best[owner])
        _, first = np.unique(owner[ties], return_index=True)
        chosen = ties[first]  # each customer's first best pair, as the subproblems pick
        covered = best + self.with_rm[customers] > self.bare[customers]
        return float(mine[chosen][covered].sum())


@dataclass(frozen=True)
class Reach:
    """The customers who can reach a row per RM, their pairs (each customer's in a run from
    `offsets`, `owner` its customer's position) and each pair's coefficient in the row."""

    customers: np.ndarray
    pairs: np.ndarray
    offsets: np.ndarray
    owner: np.ndarray
    mine: np.ndarray


@dataclass(frozen=True)
class RowsTogether:
    """A family of rows per RM, each customer with at most one pair in a row: its pairs by
    row, each with what it competes with, so that many rows' uses are read in one pass."""

    rows: np.ndarray
    """Per pair of the family (by row, then customer): its row."""
    bounds: np.ndarray
    """Per row: where its pairs start (and, at the next row, end)."""
    priced: np.ndarray
    coefs: np.ndarray
    others: tuple[np.ndarray, np.ndarray]
    """Per pair: the best priced value of its customer's other pairs before it, and after it
    (-inf where there is none)."""
    customer: tuple[np.ndarray, np.ndarray]
    """Per pair: its customer's value with an RM beside the pair's, and without one."""
    sign: float
    prices: np.ndarray
    """The run's multipliers of the rows."""

    def uses(self, rows: np.ndarray, prices: np.ndarray) -> np.ndarray:
        """Each of these rows' use with its own multiplier at the price beside it (the other
        rows held at the run's): a row's pairs moved down by the change, times their
        coefficient; a pair counted where its customer then chooses it, with an RM."""
        starts, lengths = self.bounds[rows], self.bounds[rows + 1] - self.bounds[rows]
        offsets = np.r_[0, np.cumsum(lengths)[:-1]]
        taken = np.repeat(starts - offsets, lengths) + np.arange(lengths.sum())
        change = np.repeat(self.sign * (prices - self.prices[rows]), lengths)
        coefs = self.coefs[taken]
        values = self.priced[taken] - change * coefs
        before, after = self.others
        with_rm, bare = self.customer
        chosen = ((values > before[taken]) & (values >= after[taken])
                  & (values + with_rm[taken] > bare[taken]))
        owner = np.repeat(np.arange(len(rows)), lengths)
        return np.bincount(owner[chosen], weights=coefs[chosen], minlength=len(rows))


def others_best(priced: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair: the best priced value of its customer's pairs before it, and after it (-inf
    where there is none); `starts`: where each customer's pairs begin."""
    lengths = np.diff(np.r_[starts, len(priced)])
    longest = np.argsort(-lengths, kind="stable")  # the customers with a k-th pair lead
    first, count = starts[longest], lengths[longest]
    last = first + count - 1
    earlier, later = np.full(len(priced), -np.inf), np.full(len(priced), -np.inf)
    for k in range(1, int(count[0]) if len(count) else 0):
        had = int(np.searchsorted(-count, -k, side="left"))  # customers of more than k pairs
        at, back = first[:had] + k, last[:had] - k
        earlier[at] = np.maximum(earlier[at - 1], priced[at - 1])
        later[back] = np.maximum(later[back + 1], priced[back + 1])
    return earlier, later
