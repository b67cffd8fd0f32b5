"""The use of a row over offers and packages alone (the budget, the loss and capital caps, a
tier's floor, a channel's capacity, an offer's quota) at a price of its multiplier, the others
held: what the multipliers' ranges and their settling read (ranging.py).

Such a row prices no customer-RM pair, so each customer's best pair keeps its priced value, and
only the customers with an offer the row prices can change their choice: a read re-solves
those customers' offers alone. And holding the other multipliers, a customer's use of the row
is monotone in its price (the best choice of each customer's subproblem is a subgradient of a
convex function of the price, for every choice among ties): where it is the same at two prices
already read, it is that at every price between. So a read between two prices re-solves only
the customers whose use differs there. Settling a row halves a bracket of its price about 25
times (search/settle.py); at a million customers the halvings re-solve a few hundred customers
each, not a million.

The customers are solved as the subproblems solve them (subproblems.solve_subproblems): each
one's best offers up to its contact limit, with an RM and without one, covered where its best
pair with its offers with an RM is worth more than its offers without (never where it has no
pair, always in a mandatory tier); the tiers' packages are re-solved at every read. Not under
a campaign calendar, whose schedules are solved another way (their rows read whole passes).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.subproblems import (
    MANDATORY,
    Customers,
    best_cells,
    best_packages,
)
from allocator.problem import Decisions

KEPT_READS = 6
"""A row's reads kept to bracket the next (the nearest to it kept): settling reads inside an
ever narrower bracket, so the last few are the ones it needs."""


def over_offers(family: Coupling, cs: Customers) -> bool:
    """Whether the family's rows are read this way: over offers and packages alone, not
    under a campaign calendar."""
    return (family.on_x is None and family.through_rm is None and cs.schedules is None
            and cs.rm_months is None)


@dataclass(frozen=True)
class OfferRows:
    """What a row over offers does not move, at the run's multipliers: every offer's and
    package's priced value, and each customer's best pair's (-inf where it has none)."""

    d: Decisions
    cs: Customers
    offers: np.ndarray
    packages: np.ndarray
    best_pair: np.ndarray

    @staticmethod
    def at(d: Decisions, cs: Customers, multipliers: list[np.ndarray]) -> OfferRows:
        flat = np.concatenate(multipliers) if multipliers else np.zeros(0)
        pairs = cs.pricing[0].priced(d.x.value, flat)
        best_pair = np.full(len(cs.kind), -np.inf)
        if len(pairs):
            best_pair[cs.x_owner] = np.maximum.reduceat(pairs, cs.x_starts)
        return OfferRows(d, cs, cs.pricing[1].priced(d.y.value, flat),
                         cs.pricing[2].priced(d.s.value, flat), best_pair)

    def row(self, family: Coupling, row: int, price: float,
            charge: Callable[[int], None] | None = None) -> RowReads:
        """The row's reads at prices of its multiplier (its price at the run's: `price`);
        `charge` is told how many customers each read re-solves."""
        dense = {}
        for kind, terms, n in (("y", family.on_y, len(self.d.y.value)),
                               ("s", family.on_s, len(self.d.s.value))):
            mine = np.zeros(0, dtype=bool) if terms is None else terms.rows == row
            dense[kind] = (np.zeros(n) if terms is None else
                           np.bincount(terms.cols[mine], terms.coefs[mine], n))
        reaches = np.zeros(len(self.cs.kind), dtype=bool)
        reaches[self.d.y.customer[np.flatnonzero(dense["y"])]] = True
        return RowReads(self, family.sign, price, (dense["y"], dense["s"]), np.flatnonzero(reaches),
                        charge or (lambda _: None))


@dataclass
class RowReads:
    """One row's uses at prices of its multiplier, each read on the customers it reaches
    whose use can differ from the reads either side of it (the module's docstring)."""

    rows: OfferRows
    sign: float
    price: float
    coefs: tuple[np.ndarray, np.ndarray]
    """The row's coefficient on every offer column and every package column."""
    reached: np.ndarray
    """The customers with an offer the row prices, in order."""
    charge: Callable[[int], None]
    read: dict[float, np.ndarray] = field(default_factory=dict)
    """Price -> each reached customer's use of the row there (the KEPT_READS nearest)."""

    def use(self, price: float) -> float:
        """The row's use with its multiplier at `price`, the others held."""
        uses = self.read.get(price)
        if uses is None:
            uses = self._customer_uses(price)
            self.read[price] = uses
            for far in sorted(self.read, key=lambda p: abs(p - price))[KEPT_READS:]:
                del self.read[far]
        return float(uses.sum()) + self._package_use(price)

    def _customer_uses(self, price: float) -> np.ndarray:
        below = max((p for p in self.read if p < price), default=None)
        above = min((p for p in self.read if p > price), default=None)
        if below is None or above is None:
            self.charge(len(self.reached))
            return self._solved(np.arange(len(self.reached)), price)
        uses = self.read[below].copy()
        moved = np.flatnonzero(uses != self.read[above])
        self.charge(len(moved))
        uses[moved] = self._solved(moved, price)
        return uses

    def _solved(self, at: np.ndarray, price: float) -> np.ndarray:
        """The use of the row by the reached customers at positions `at`, each solving its
        subproblem with the row's multiplier at `price`."""
        rows, cs = self.rows, self.rows.cs
        customers = self.reached[at]
        index = cs.offer_index[customers]
        missing = index < 0
        coefs = self.coefs[0][index]
        coefs[missing] = 0.0
        values = rows.offers[index]
        values -= self.sign * (price - self.price) * coefs
        values[missing] = -np.inf
        limit = cs.max_offers[customers]
        open_to_rm = np.flatnonzero(cs.rm_offer_open[customers]) if cs.needs_rm.any() else (
            np.zeros(0, dtype=np.int64))
        without_rm = values[open_to_rm]  # a copy: the best cells spend their grid
        without_rm[:, cs.needs_rm] = -np.inf
        with_rm, taken = best_cells(values, limit)
        use_with = np.bincount(taken[0], coefs[taken], len(customers))
        without, use_without = with_rm.copy(), use_with.copy()
        value, taken = best_cells(without_rm, limit[open_to_rm])
        without[open_to_rm] = value
        use_without[open_to_rm] = np.bincount(taken[0], coefs[open_to_rm][taken],
                                              len(open_to_rm))
        bare = np.where(cs.kind[customers] == MANDATORY, -np.inf, without)
        covered = rows.best_pair[customers] + with_rm > bare
        return np.where(covered, use_with, use_without)

    def _package_use(self, price: float) -> float:
        """The tiers' packages' use of the row at `price`."""
        coefs = self.coefs[1]
        if not coefs.any():
            return 0.0
        rows = self.rows
        priced = rows.packages - self.sign * (price - self.price) * coefs
        chosen, _ = best_packages(priced, rows.d.s.tier, rows.cs.n_tiers)
        return float(coefs[chosen].sum())

