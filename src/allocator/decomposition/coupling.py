"""The constraints the decomposition prices instead of enforcing: the rows of every family that
couples customers (allocator.families: those it does not keep exact in each customer's choice),
as one type, Coupling, and what is read from them: usage, the multipliers' prices and the
dual's limits part, each row's lump and reach, the rows a hard row implies, the lowest value
any plan can have. They are read from the formulation's rows in coupling_rows.py.

Each family is rows with limits and terms on the x (customer-RM), y (customer-offer) and s
(tier-package) columns, so pricing, usage and subgradients are the same code for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from allocator.checks.limits import MOVED
from allocator.decomposition.through_rm import ThroughRm
from allocator.problem import Decisions


@dataclass(frozen=True)
class Terms:
    """Coefficients of some columns of one kind: column index (ascending, each at most once
    unless not `unique`), row within the family, value."""

    cols: np.ndarray
    rows: np.ndarray
    coefs: np.ndarray
    unique: bool = True
    """Each column in at most one row (not so for rows that overlap, as a calendar's channel
    limits of overlapping windows: then `at` and `dense` do not apply, `entries` does)."""

    def over_every(self, n: int) -> bool:
        """Whether the terms are over every one of the kind's n columns, in order (then the
        entries are the columns: no gather is needed to go from one to the other)."""
        return self.unique and len(self.cols) == n

    def entries(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every entry of these columns: the position of its column in `columns`, its row and
        its coefficient."""
        if self.unique:
            rows, coefs = self.at(columns)
            found = np.flatnonzero(rows >= 0)
            return found, rows[found], coefs[found]
        first = np.searchsorted(self.cols, columns, side="left")
        count = np.searchsorted(self.cols, columns, side="right") - first
        position = np.repeat(np.arange(len(columns)), count)
        entry = np.repeat(first - np.cumsum(count) + count, count) + np.arange(count.sum())
        return position, self.rows[entry], self.coefs[entry]

    def at(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row (-1 if none) and coefficient of each of these columns: what dense(n) gives
        for them, without a copy over every column."""
        size = len(self.cols)
        if size == 0:
            return np.full(len(columns), -1, dtype=np.int64), np.zeros(len(columns))
        if self.cols[-1] == size - 1:  # ascending and unique: every column up to the last
            inside = columns < size
            if inside.all():
                return self.rows[columns], self.coefs[columns]
        where = np.minimum(np.searchsorted(self.cols, columns), size - 1)
        found = self.cols[where] == columns
        return (np.where(found, self.rows[where], -1),
                np.where(found, self.coefs[where], 0.0))

    def dense(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Each of the kind's n columns' row (-1 if none) and coefficient, read-only. Terms
        over every column are that already: no copy of a large book's columns."""
        if self.over_every(n):
            return self.rows, self.coefs
        rows, coefs = np.full(n, -1, dtype=np.int64), np.zeros(n)
        rows[self.cols], coefs[self.cols] = self.rows, self.coefs
        return rows, coefs


@dataclass(frozen=True)
class Coupling:
    name: str
    """Row block name, as in the formulation (budget, rm_capacity, offer_minimum...)."""
    family: str
    sense: str
    """'le' or 'ge'."""
    labels: np.ndarray
    limits: np.ndarray
    on_x: Terms | None = None
    on_y: Terms | None = None
    on_s: Terms | None = None
    penalty: float | None = None
    """A soft row's penalty per unit it is broken by (None: hard): the repair may leave it
    broken at that price."""
    through_rm: ThroughRm | None = None
    """Terms of offers on rows of the customer's RM (RM hours per month: through_rm.py)."""

    @property
    def sign(self) -> float:
        return 1.0 if self.sense == "le" else -1.0

    def usage(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Row usage for 0/1 choices x, y, s (boolean masks over all columns). The picked
        terms are gathered by index: on a large book over twice as fast as by mask."""
        total = np.zeros(len(self.limits))
        for terms, chosen in ((self.on_x, x), (self.on_y, y), (self.on_s, s)):
            if terms is not None:
                picked = np.flatnonzero(chosen[terms.cols])
                total += np.bincount(terms.rows[picked], terms.coefs[picked], len(self.limits))
        if self.through_rm is not None:
            total += self.through_rm.usage(x, y, len(self.limits))
        return total

    def shared_usage(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Row usage for shares x, y, s of every column (a fractional solution's)."""
        total = np.zeros(len(self.limits))
        for terms, share in ((self.on_x, x), (self.on_y, y), (self.on_s, s)):
            if terms is not None:
                total += np.bincount(terms.rows, terms.coefs * share[terms.cols],
                                     len(self.limits))
        if self.through_rm is not None:
            total += self.through_rm.shared_usage(x, y, len(self.limits))
        return total

    def excess(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
        """How far each row is violated (0 where it holds)."""
        return np.maximum(self.sign * (self.usage(x, y, s) - self.limits), 0.0)

    def penalised(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> float:
        """What a soft family's broken rows cost (those broken by more than the checker's
        tolerance, BROKEN of max(1, |limit|)); 0 for a hard one."""
        if self.penalty is None:
            return 0.0
        excess = self.excess(x, y, s)
        broken = excess > BROKEN * np.maximum(1.0, np.abs(self.limits))
        return self.penalty * float(excess[broken].sum())


def limits_value(families: list[Coupling], multipliers: list[np.ndarray]) -> float:
    """The limits' part of the dual value: each row's multiplier times its limit, signed by
    sense."""
    return sum(float(f.sign * (m * f.limits).sum())
               for f, m in zip(families, multipliers, strict=True))


def checker_key(name: str, label: object) -> tuple[str, str]:
    """The checker's name of a row: the continuity row counts incumbents kept, the checker's
    counts customers moved (as on the exact path: allocator.pricing)."""
    return (name, MOVED) if name == "continuity" else (name, str(label))


def row_prices(families: list[Coupling], multipliers: list[np.ndarray]
               ) -> dict[tuple[str, str], float]:
    """(row block, label) as the checker names it -> marginal value of its limit: the
    multiplier, signed by sense; the continuity row's per customer more allowed to move (one
    incumbent fewer to keep)."""
    return {checker_key(f.name, label): float(_moved(f) * f.sign * value)
            for f, values in zip(families, multipliers, strict=True)
            for label, value in zip(f.labels, values, strict=True)}


def _moved(family: Coupling) -> float:
    """-1 for the continuity row (a floor on incumbents kept, read as a cap on moves), else 1."""
    return -1.0 if family.name == "continuity" else 1.0


BROKEN = 1e-6
"""A row is broken beyond this share of max(1, |limit|), as the checker measures it
(allocator.checks.ledger)."""


def row_lumps(families: list[Coupling]) -> dict[tuple[str, str], float]:
    """(row block, label) -> the largest use of the row by one customer decision (an x or y
    column): slack short of it leaves no room for that decision."""
    lumps = {}
    for f in families:
        largest = np.zeros(len(f.limits))
        for terms in (f.on_x, f.on_y):
            if terms is not None and len(terms.rows):
                np.maximum.at(largest, terms.rows, np.abs(terms.coefs))
        if f.through_rm is not None:
            largest = np.maximum(largest, f.through_rm.extremes(len(f.limits))[1])
        lumps.update({checker_key(f.name, label): float(value)
                      for label, value in zip(f.labels, largest, strict=True)})
    return lumps


REACHED_TOLERANCE = 1e-6
"""A row is out of reach when its most extreme activity stays this share of max(1, |limit|)
inside its limit."""


def reachable_rows(families: list[Coupling]) -> frozenset[tuple[str, str]]:
    """(row block, label) of every row some choice of the columns (each 0 or 1) can make
    tight: the others (a cap no choice can fill, a floor every choice meets) are identities,
    never binding, as on the exact path (allocator.sensitivity.unreachable_rows)."""
    return reached_rows(families, row_extremes(families))


def row_extremes(families: list[Coupling]) -> list[np.ndarray]:
    """Per family, each row's highest and lowest activity (2 x rows) over every choice of the
    columns; a book's is the sum of its parts'."""
    out = []
    for f in families:
        n = len(f.labels)
        high, low = np.zeros(n), np.zeros(n)
        for terms in (f.on_x, f.on_y, f.on_s):
            if terms is not None and len(terms.rows):
                high += np.bincount(terms.rows, np.maximum(terms.coefs, 0.0), n)
                low += np.bincount(terms.rows, np.minimum(terms.coefs, 0.0), n)
        if f.through_rm is not None:  # hours: never below 0
            high += f.through_rm.extremes(n)[0]
        out.append(np.vstack([high, low]))
    return out


def reached_rows(families: list[Coupling], extremes: list[np.ndarray]
                 ) -> frozenset[tuple[str, str]]:
    """The rows whose extreme activity (row_extremes) crosses their limit, as the checker
    names them."""
    found: set[tuple[str, str]] = set()
    for f, (high, low) in zip(families, extremes, strict=True):
        room = REACHED_TOLERANCE * np.maximum(1.0, np.abs(f.limits))
        reached = high > f.limits + room if f.sense == "le" else low < f.limits - room
        found |= {checker_key(f.name, label) for label in f.labels[reached]}
    return frozenset(found)


def priced_highest(prices: dict[tuple[str, str], float], count: int = 5) -> str:
    """The rows with the largest marginal values (the limits a search found tightest), as
    'row [label]' text."""
    return ", ".join(f"{name} [{label}]" for name, label in tightest(prices, count)) or "none"


def tightest(prices: dict[tuple[str, str], float], count: int = 5) -> list[tuple[str, str]]:
    """The `count` rows (family, label) with the largest marginal values."""
    return [row for row, _ in sorted(prices.items(), key=lambda item: -abs(item[1]))[:count]]


@dataclass(frozen=True)
class Pricing:
    """The multipliers' price of every column of one kind. A family over every column (the
    budget, loss and capital caps; RM hours; quotas) prices each column by its own row and
    coefficient, the family's terms themselves; the other rows are one sparse product instead
    of a scatter per family."""

    sparse: sp.csc_matrix
    full: tuple[tuple[slice, float, Terms], ...]
    """(its rows in the stacked multipliers, sign, terms) of the families over every column."""

    def priced(self, base: np.ndarray, lam: np.ndarray) -> np.ndarray:
        """Column values less the price of the rows they use, for stacked multipliers."""
        out = base - self.sparse @ lam
        for rows, sign, terms in self.full:
            prices = sign * lam[rows]
            if len(prices) == 1:
                out -= prices[0] * terms.coefs
            elif prices.any():
                price = prices[terms.rows]
                price *= terms.coefs
                out -= price
        return out


def pricing(families: list[Coupling], kind: str, n: int) -> Pricing:
    """How the multipliers of every family, stacked in order, price the n columns of a kind."""
    data, indices, counts = [np.zeros(0)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, int)]
    full, offset = [], 0
    for family in families:
        terms, r = getattr(family, f"on_{kind}"), len(family.limits)
        if terms is not None and terms.over_every(n):
            full.append((slice(offset, offset + r), family.sign, terms))
            terms = None
        offset += r
        if terms is None:
            counts.append(np.zeros(r, dtype=int))
            continue
        rows, cols, coefs = terms.rows, terms.cols, terms.coefs
        if len(rows) and np.any(rows[1:] < rows[:-1]):
            order = np.argsort(rows, kind="stable")
            cols, coefs = cols[order], coefs[order]
        indices.append(cols)
        data.append(family.sign * coefs)
        counts.append(np.bincount(terms.rows, minlength=r))
    indptr = np.r_[0, np.cumsum(np.concatenate(counts))]
    index = np.int32 if indptr[-1] < np.iinfo(np.int32).max and n < 2**31 else np.int64
    sparse = sp.csc_matrix((np.concatenate(data), np.concatenate(indices).astype(index),
                            indptr.astype(index)), shape=(n, len(indptr) - 1))
    return Pricing(sparse, tuple(full))


def implied_rows(families: list[Coupling], soft: dict[str, float],
                 fewest: np.ndarray | None = None) -> list[np.ndarray]:
    """Per family, a mask of the rows another hard row implies, whose multipliers can stay at
    zero: an RM's book size where its hours cannot hold more customers than that, even
    fractionally (book size x the fewest hours of any of its customers >= its hours). Such
    rows leave the bound as it is (their best multiplier is zero) and the plan too (keeping the
    hours keeps them), but would double the multipliers a search over RMs moves. `fewest`:
    per RM hours row, the fewest hours of any of its customers (fewest_hours), where these
    rows' terms do not hold them (a book in parts: its parts' least)."""
    implied = [np.zeros(len(f.limits), dtype=bool) for f in families]
    named = {f.name: i for i, f in enumerate(families)}
    if "rm_capacity" in soft or not {"rm_capacity", "rm_book_size"} <= named.keys():
        return implied
    hours, book = families[named["rm_capacity"]], families[named["rm_book_size"]]
    if hours.on_x is None or book.on_x is None:
        return implied
    if fewest is None:
        fewest = fewest_hours(families)
    assert fewest is not None
    position = {label: i for i, label in enumerate(hours.labels)}
    row = np.array([position[label] for label in book.labels], dtype=np.int64)
    holds = np.divide(hours.limits[row], fewest[row], out=np.full(len(row), np.inf),
                      where=fewest[row] > 0)
    implied[named["rm_book_size"]] = holds <= book.limits + 1e-9
    return implied


def fewest_hours(families: list[Coupling]) -> np.ndarray | None:
    """Per RM hours row, the fewest hours of any customer its terms hold (inf for none);
    None without such rows on x columns."""
    hours = next((f for f in families if f.name == "rm_capacity"), None)
    if hours is None or hours.on_x is None:
        return None
    fewest = np.full(len(hours.limits), np.inf)
    np.minimum.at(fewest, hours.on_x.rows, hours.on_x.coefs)
    return fewest


def lowest_value(families: list[Coupling], soft: dict[str, float], d: Decisions) -> float:
    """A value no plan can fall below: every column at its worst (the cheapest package of
    each tier) and every soft row at its penalty for the largest violation the columns allow.
    A dual bound below it proves that no plan keeps the hard rows."""
    worst = worst_value(d)
    for family in families:
        if family.family in soft:
            worst -= soft[family.family] * float(_largest_violation(family).sum())
    return worst


def worst_value(d: Decisions) -> float:
    """The least any choice of these columns is worth: each at its worst, the cheapest
    package of each tier."""
    worst = float(np.minimum(d.x.value, 0.0).sum() + np.minimum(d.y.value, 0.0).sum())
    for tier in np.unique(d.s.tier):
        worst += float(d.s.value[d.s.tier == tier].min())
    return worst


def _largest_violation(family: Coupling) -> np.ndarray:
    r = len(family.limits)
    reach = np.zeros(r)  # the most (le) or least (ge) use the columns allow, per row
    for terms in (family.on_x, family.on_y, family.on_s):
        if terms is not None:
            extreme = np.maximum if family.sense == "le" else np.minimum
            reach += np.bincount(terms.rows, extreme(terms.coefs, 0.0), r)
    if family.through_rm is not None:
        reach += family.through_rm.extremes(r)[0]
    return np.maximum(family.sign * (reach - family.limits), 0.0)
