"""Local search on a repaired plan's RM assignments, while every priced row keeps holding.

- shift: move a covered customer to another RM of theirs that is worth more and has room;
- swap: two customers exchange RMs when together they are worth more (books up to
  `SWAP_CUSTOMERS` customers, where the quadratic search pays).

Coverage never changes (a covered customer stays covered), so offers and their links to an RM
hold, and offers and packages stay as they are. Moves are checked against every row an RM
column touches (capacity, book size, minimum load, continuity), in plain lists: each column
touches a handful of rows.

Every pass is bounded by a count (rounds of shifts, one pass over the customers for swaps,
kicks and patience), so the same plan improves the same way on any machine; only the
iterated search's kicks stop on the wall clock as well, and the solve records it if they do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np

from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.restore import Repaired
from allocator.problem import Decisions

SWAP_CUSTOMERS = 400
ROUNDS = 20
"""At most this many rounds of shifts per improvement."""
SWAP_COLUMNS = 4000
"""Swaps only on books of at most this many customer-RM pairs too."""
SWAP_ROUNDS = 2
"""Of which at most this many with swaps: a round of swaps is quadratic in the customers, and
on tightly packed RMs later rounds cost seconds for little (the restricted MIPs at the end of
a solve, neighbourhood.py, exchange customers between RMs better)."""
TOLERANCE = 1e-9


@dataclass
class Rows:
    """Every row an RM column touches, as one index space: usage, limit, sense sign."""

    usage: list[float]
    limit: list[float]
    sign: list[float]
    touches: list[list[tuple[int, float]]]
    """Per x column: (row, coefficient)."""

    def fits(self, delta: dict[int, float]) -> bool:
        return all(self.sign[r] * (self.usage[r] + change - self.limit[r])
                   <= TOLERANCE * max(1.0, abs(self.limit[r])) for r, change in delta.items())

    def apply(self, delta: dict[int, float]) -> None:
        for r, change in delta.items():
            self.usage[r] += change

    def delta(self, removed: tuple[int, ...], added: tuple[int, ...]) -> dict[int, float]:
        change: dict[int, float] = defaultdict(float)
        for col in removed:
            for r, coef in self.touches[col]:
                change[r] -= coef
        for col in added:
            for r, coef in self.touches[col]:
                change[r] += coef
        return change


def improve(d: Decisions, families: list[Coupling], plan: Repaired) -> Repaired:
    """The plan after shifts (and, on small books of few pairs, swaps in the first
    SWAP_ROUNDS rounds) until none helps, at most ROUNDS rounds."""
    rows = rows_of(d, families, plan)
    if rows is None:
        return plan
    x = plan.x.copy()
    at = np.full(int(d.x.customer.max(initial=-1)) + 1, -1, dtype=np.int64)
    at[d.x.customer[x]] = np.flatnonzero(x)
    value = d.x.value.tolist()
    gained = 0.0
    swaps = len(at) <= SWAP_CUSTOMERS and len(d.x.customer) <= SWAP_COLUMNS
    for round_ in range(ROUNDS):
        step = _shifts(d, rows, at, value)
        if swaps and round_ < SWAP_ROUNDS:
            step += _swaps(d, rows, at, value)
        gained += step
        if step <= TOLERANCE:
            break
    if gained <= TOLERANCE:
        return plan
    x = np.zeros(len(x), dtype=bool)
    x[at[at >= 0]] = True
    return Repaired(x, plan.y, plan.s, plan.objective + gained)


def rows_of(d: Decisions, families: list[Coupling], plan: Repaired) -> Rows | None:
    """Every row an RM column touches, at the plan's usage; None if the plan breaks one."""
    x_families = [f for f in families if f.on_x is not None]
    usage, limit, sign = [], [], []
    touches: list[list[tuple[int, float]]] = [[] for _ in range(len(d.x.customer))]
    offset = 0
    for family in x_families:
        assert family.on_x is not None
        usage += family.usage(plan.x, plan.y, plan.s).tolist()
        limit += family.limits.tolist()
        sign += [family.sign] * len(family.limits)
        for col, row, coef in zip(family.on_x.cols.tolist(), family.on_x.rows.tolist(),
                                  family.on_x.coefs.tolist(), strict=True):
            touches[col].append((row + offset, coef))
        offset += len(family.limits)
    rows = Rows(usage, limit, sign, touches)
    if not rows.fits({r: 0.0 for r in range(offset)}):
        return None  # not a feasible start: leave it alone
    return rows


def _shifts(d: Decisions, rows: Rows, at: np.ndarray, value: list[float]) -> float:
    """Move customers to better RMs with room, best gains first."""
    covered = at[d.x.customer] >= 0
    gain = d.x.value - np.where(covered, d.x.value[np.maximum(at[d.x.customer], 0)], np.inf)
    candidates = np.flatnonzero(covered & (gain > TOLERANCE))
    total = 0.0
    customer = d.x.customer.tolist()
    for col in candidates[np.argsort(-gain[candidates], kind="stable")].tolist():
        current = int(at[customer[col]])
        if value[col] - value[current] <= TOLERANCE:
            continue
        delta = rows.delta((current,), (col,))
        if rows.fits(delta):
            rows.apply(delta)
            total += value[col] - value[current]
            at[customer[col]] = col
    return total


Swap = tuple[float, int, int, int, dict[int, float]]
"""(gain, the other customer, customer i's new column, the other's new column, row changes)."""


@dataclass
class Books:
    """Who each RM serves now, and the column of every customer-RM pair."""

    column: dict[tuple[int, int], int]
    rm_of: list[int]
    members: dict[int, set[int]]


def _swaps(d: Decisions, rows: Rows, at: np.ndarray, value: list[float]) -> float:
    """Exchange the RMs of two customers when both moves together are worth more and fit."""
    rm_of = d.x.rm.tolist()
    books = Books({(int(i), int(r)): j for j, (i, r) in enumerate(zip(d.x.customer, d.x.rm,
                                                                      strict=True))},
                  rm_of, defaultdict(set))
    for i in np.flatnonzero(at >= 0).tolist():
        books.members[rm_of[int(at[i])]].add(i)
    total = 0.0
    for i in np.flatnonzero(at >= 0).tolist():
        best = _best_swap(i, books, rows, at, value)
        if best is not None:
            gain, j, b_i, b_j, delta = best
            r1, r2 = rm_of[int(at[i])], rm_of[b_i]
            rows.apply(delta)
            books.members[r1] ^= {i, j}
            books.members[r2] ^= {i, j}
            at[i], at[j] = b_i, b_j
            total += gain
    return total


def _best_swap(i: int, books: Books, rows: Rows, at: np.ndarray, value: list[float]
               ) -> Swap | None:
    a_i = int(at[i])
    r1 = books.rm_of[a_i]
    best: Swap | None = None
    for r2, members in books.members.items():
        b_i = books.column.get((i, r2))
        if r2 == r1 or b_i is None:
            continue
        for j in members:
            b_j = books.column.get((j, r1))
            if b_j is None:
                continue
            a_j = int(at[j])
            gain = value[b_i] + value[b_j] - value[a_i] - value[a_j]
            if gain > TOLERANCE and (best is None or gain > best[0]):
                delta = rows.delta((a_i, a_j), (b_i, b_j))
                if rows.fits(delta):
                    best = (gain, j, b_i, b_j, delta)
    return best


def iterated(d: Decisions, families: list[Coupling], plan: Repaired, deadline: Deadline,
             seed: int, rounds: int = 3000, patience: int = 500) -> Repaired:
    """Iterated local search on small books: kick a few customers to other RMs with room,
    improve, keep the best; stops after `patience` kicks without a better plan or `rounds`
    kicks (seeded, so the same inputs give the same plan), or when the deadline passes (which
    it then records)."""
    rng = np.random.default_rng(seed)
    best = current = improve(d, families, plan)
    since = 0
    for _ in range(rounds):
        if since >= patience or deadline.passed():
            break
        kicked = _kick(d, families, current, rng)
        candidate = improve(d, families, kicked) if kicked is not None else None
        if candidate is not None and candidate.objective > best.objective + TOLERANCE:
            best, since = candidate, 0
        else:
            since += 1
        current = candidate if candidate is not None and (
            candidate.objective >= current.objective - TOLERANCE) else best
    return best


def _kick(d: Decisions, families: list[Coupling], plan: Repaired, rng: np.random.Generator
          ) -> Repaired | None:
    """Move a few random covered customers to random other RMs; where the RM is full, first
    move one of its customers to an RM with room (an ejection chain of two)."""
    rows = rows_of(d, families, plan)
    covered = np.flatnonzero(plan.x)
    if rows is None or len(covered) < 2:
        return None
    x, value = plan.x.copy(), plan.objective
    for current in rng.choice(covered, size=max(2, len(covered) // 20), replace=False).tolist():
        if not x[current]:
            continue
        options = np.flatnonzero(d.x.customer == d.x.customer[current])
        for col in rng.permutation(options[options != current]).tolist():
            moves = _chain(d, rows, x, current, col, rng)
            if moves is not None:
                for old, new in moves:
                    x[old], x[new] = False, True
                    value += float(d.x.value[new] - d.x.value[old])
                break
    return Repaired(x, plan.y, plan.s, value)


def _chain(d: Decisions, rows: Rows, x: np.ndarray, current: int, col: int,
           rng: np.random.Generator) -> list[tuple[int, int]] | None:
    """(old, new) column moves that put the customer of `current` on `col`'s RM, ejecting one
    of that RM's customers to an RM with room if needed; applied to `rows` when found."""
    delta = rows.delta((current,), (col,))
    if rows.fits(delta):
        rows.apply(delta)
        return [(current, col)]
    members = np.flatnonzero(x & (d.x.rm == d.x.rm[col]))
    for other in rng.permutation(members).tolist():
        places = np.flatnonzero(d.x.customer == d.x.customer[other])
        for place in rng.permutation(places[(places != other)
                                            & (d.x.rm[places] != d.x.rm[current])]).tolist():
            both = rows.delta((current, other), (col, place))
            if rows.fits(both):
                rows.apply(both)
                return [(current, col), (other, place)]
    return None
