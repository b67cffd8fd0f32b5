"""Rows on the offers that go through the customer's RM: an offer column of customer i uses,
by its coefficient, row first[r] + within of the RM r that serves i (no row where i has no RM,
or its RM has no rows). RM hours per month (rm_months.py) are such rows: h[a] x[i,r] y[i,a],
a product of an x and a y column, which coupling.Terms (each entry on one column) cannot
state. A choice of x and y columns uses them exactly (`usage`); shares of the columns, as a
fractional solution's, use them as the product of the shares (`shared_usage`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ThroughRm:
    cols: np.ndarray
    """The y columns with a coefficient, ascending."""
    coefs: np.ndarray
    within: np.ndarray
    """Per entry: its row among its RM's rows (0 to width - 1)."""
    width: int
    """Rows per RM."""
    first: np.ndarray
    """Per x column: the first row of its RM (-1 for an RM without rows)."""
    x_customer: np.ndarray
    y_customer: np.ndarray
    """Per entry: its customer."""
    customers: int

    def picked(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The entries a choice (masks over the x and y columns) makes, and their rows."""
        first = np.full(self.customers, -1, dtype=np.int64)
        first[self.x_customer[x]] = self.first[x]
        theirs = first[self.y_customer]
        entries = np.flatnonzero(y[self.cols] & (theirs >= 0))
        return entries, theirs[entries] + self.within[entries]

    def usage(self, x: np.ndarray, y: np.ndarray, rows: int) -> np.ndarray:
        """Each of the `rows` rows' use by a choice of 0/1 columns."""
        entries, at = self.picked(x, y)
        return np.bincount(at, self.coefs[entries], rows)

    def shared_usage(self, x: np.ndarray, y: np.ndarray, rows: int) -> np.ndarray:
        """Each row's use by shares x, y of every column: x[i,r] y[i,a] coef[a] summed."""
        pair, at, row, _ = self._spread(self.coefs * y[self.cols])
        return np.bincount(row, x[pair] * at, rows)

    def extremes(self, rows: int) -> tuple[np.ndarray, np.ndarray]:
        """Each row's highest use by any choice of the columns (every contact its customers
        could get made by it), and the largest use of it by one contact."""
        pair, summed, row, largest = self._spread(self.coefs)
        del pair
        high, lump = np.bincount(row, summed, rows), np.zeros(rows)
        np.maximum.at(lump, row, largest)
        return high, lump

    def value_per_row(self, values: np.ndarray, rows: int) -> np.ndarray:
        """Per row: the values (per entry) of the contacts that could use it, added up."""
        _, summed, row, _ = self._spread(values)
        return np.bincount(row, summed, rows)

    def _spread(self, weights: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Every (x column with rows, row of its RM that its customer's entries use): the x
        column, the entries' weights added up, the row, and the largest weight among them."""
        key = self.y_customer.astype(np.int64) * self.width + self.within
        keys, inverse = np.unique(key, return_inverse=True)
        summed = np.bincount(inverse, weights, len(keys))
        largest = np.zeros(len(keys))
        np.maximum.at(largest, inverse, np.abs(weights))
        owner, within = np.divmod(keys, self.width)
        start = np.searchsorted(owner, np.arange(self.customers))
        count = np.bincount(owner, minlength=self.customers)
        pairs = np.flatnonzero(self.first >= 0)
        many = count[self.x_customer[pairs]]
        pair = np.repeat(pairs, many)
        at = np.repeat(start[self.x_customer[pairs]] - np.cumsum(many) + many, many) + (
            np.arange(int(many.sum())))
        return pair, summed[at], self.first[pair] + within[at], largest[at]
