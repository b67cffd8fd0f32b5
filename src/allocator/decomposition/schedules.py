"""Each customer's schedule under a campaign calendar: the activities a customer gets, kept
exactly within the customer's own rows (contact windows, conflict cliques: the families that
allocator.families marks `scheduled`) and the contact limit of the customer's tier.

The rows are read from the formulation's. Customers who may get the same activities share the
same rows (allocator.campaigns.rows builds them per eligibility pattern), so each pattern's
schedules are worked out once: its activities split into parts no row joins, and every
feasible set of each part's activities is listed (customers of equal parts share the list).
A large book's pairs of no value, left out, split its eligibility patterns into thousands of
small ones: each is then worked out on a pattern that holds all its activities (_hosted), its
missing ones never given, so a million customers take a few hundred groups.
The best schedule of every customer of a pattern is then a product of priced values and sets,
the best set of each size per part, and a max-plus sum over the parts by number of contacts
under the contact limit: exact, so the Lagrangian bound stays certified.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from allocator.campaigns.rows import Pattern
from allocator.errors import UserError
from allocator.families import FAMILIES
from allocator.formulation import Context
from allocator.problem import Decisions, Rows
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook

MOST_SETS = 200_000
"""Most feasible activity sets listed for one part of a pattern's activities."""
GRID_ENTRIES = 4_000_000
"""Customers are valued in chunks of about this many (customer, set) entries."""
TOLERANCE = 1e-9
HOSTED_ABOVE = 1_000
"""Books of more patterns than this work out each pattern's schedules on a host's (_hosted)."""
ABSENT_VALUE = -1e18
"""The value of an activity a customer of a hosted pattern may not get: below any plan's."""


class TooManySchedules(UserError):
    """A part of a customer's activities allows more than MOST_SETS schedules: the
    decomposition cannot list them exactly (`solver.method: auto` plans such a book on the
    exact path alone)."""


@dataclass(frozen=True)
class Part:
    """Activities of a pattern no row joins to the others: their positions in the pattern,
    and every set of them its rows allow (one row per set, ordered by size, empty first)."""

    positions: np.ndarray
    sets: np.ndarray
    sizes: np.ndarray
    weights: np.ndarray
    """The sets as columns of 0.0 and 1.0 (positions x sets): a customer's values times
    these are its sets' values."""
    starts: np.ndarray
    """Per size from 0 to the largest, its first set (every size has one: a subset of a
    set the rows allow is allowed too)."""


@dataclass(frozen=True)
class Group:
    """Customers who may get the same activities: per customer (row) and activity (column)
    the y column, and the parts of the activities."""

    customers: np.ndarray
    cols: np.ndarray
    parts: tuple[Part, ...]


@dataclass(frozen=True)
class Schedules:
    groups: tuple[Group, ...]
    rows: sp.csc_matrix
    """The customers' own rows over the y columns (rows x y columns)."""
    upper: np.ndarray

    def fits(self, y: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Of these y columns (each of a different customer), those that can be added to the
        chosen ones `y` within every row of their customer."""
        if self.rows.shape[0] == 0 or len(cols) == 0:
            return np.ones(len(cols), dtype=bool)
        room = self.upper - self.rows @ y.astype(float)
        taken = self.rows[:, cols].tocsc()
        short = room[taken.indices] < taken.data - TOLERANCE
        owner = np.repeat(np.arange(len(cols)), np.diff(taken.indptr))
        return np.bincount(owner[short], minlength=len(cols)) == 0


def schedules_of(valued: ValuedBook, scenario: Scenario, d: Decisions) -> Schedules | None:
    """The customers' schedules under the scenario's calendar (None without one)."""
    if scenario.calendar is None:
        return None
    ctx = Context(valued, scenario, d)
    blocks = (b for f in FAMILIES if f.scheduled for b in f.rows(ctx) if isinstance(b, Rows))
    rows, upper = _stacked(blocks, d.layout.y0, len(d.y.offer))
    return Schedules(groups_of(ctx.y_patterns, rows, upper), rows, upper)


def groups_of(patterns: list[Pattern], rows: sp.csc_matrix, upper: np.ndarray,
              hosted_above: int = HOSTED_ABOVE) -> tuple[Group, ...]:
    """The patterns' groups (hosted if more than `hosted_above`: _hosted), each with the
    parts of its activities and their feasible sets (groups of equal rows share them)."""
    listed: dict[bytes, tuple[Part, ...]] = {}
    groups = []
    hosted = patterns if len(patterns) <= hosted_above else _hosted(patterns, rows.shape[1])
    for pattern in hosted:
        own = rows[:, pattern.cols[0]].tocsr()
        used = np.flatnonzero(np.diff(own.indptr))
        own, limits = own[used], upper[used]
        key = np.array(own.shape).tobytes() + own.toarray().tobytes() + limits.tobytes()
        if key not in listed:
            listed[key] = parts_of(own.toarray(), limits, pattern.cols.shape[1])
        groups.append(Group(pattern.customers, pattern.cols, listed[key]))
    return tuple(groups)


def _hosted(patterns: list[Pattern], absent: int) -> list[Pattern]:
    """Each pattern's customers joined to those of a pattern that holds all its activities
    (its host, the widest such, the first of equal ones), their activities it lacks on the
    y column `absent`, which best_schedules never gives. A customer's rows over a set of its
    activities (windows, conflicting pairs) are the host's over that set, so the feasible
    sets without an absent activity are the customer's own: the schedules stay exact, and
    the thousands of small patterns of a large book (pairs of no value left out split its
    eligibility patterns) are worked out as a few hundred."""
    order = sorted(range(len(patterns)), key=lambda k: -len(patterns[k].activities))
    width = 1 + max(int(p.activities.max(initial=0)) for p in patterns)
    held = np.zeros((len(patterns), width), dtype=bool)
    host = np.zeros(len(patterns), dtype=np.int64)
    hosts: list[int] = []
    for k in order:
        activities = patterns[k].activities
        inside = np.flatnonzero(held[hosts][:, activities].all(axis=1))
        if len(inside):
            host[k] = hosts[inside[0]]
            continue
        host[k] = k
        hosts.append(k)
        held[k, activities] = True
    own = np.arange(len(patterns))
    return [_joined(patterns[h], [patterns[k] for k in np.flatnonzero((host == h) & (own != h))],
                    absent) for h in sorted(hosts)]


def _joined(host: Pattern, members: list[Pattern], absent: int) -> Pattern:
    """The customers of the host and then of its members on the host's activities."""
    cols = [host.cols]
    for member in members:
        spread = np.full((len(member.customers), len(host.activities)), absent)
        spread[:, np.searchsorted(host.activities, member.activities)] = member.cols
        cols.append(spread)
    customers = np.concatenate([host.customers, *(m.customers for m in members)])
    return Pattern(host.activities, customers, np.vstack(cols))


def _stacked(blocks: Iterable[Rows], y0: int, n_y: int) -> tuple[sp.csc_matrix, np.ndarray]:
    """The blocks' rows as one matrix over the y columns, and their upper limits. Each block
    is compressed as it comes, its coordinates freed before the next is built: at a million
    customers the calendar's rows held as coordinates, then joined, then converted took 1.6 GB
    at the run's peak."""
    uppers, compressed = [np.zeros(0)], [sp.csr_matrix((0, n_y))]
    for block in blocks:
        compressed.append(sp.csr_matrix((block.coef, (block.row, block.col - y0)),
                                        shape=(block.size, n_y)))
        uppers.append(block.upper)
    return sp.vstack(compressed, format="csr").tocsc(), np.concatenate(uppers)


def parts_of(own: np.ndarray, limits: np.ndarray, width: int) -> tuple[Part, ...]:
    """The activities split into parts no row joins, each with its feasible sets."""
    label = np.arange(width)
    for row in own:  # union of the activities each row holds
        members = np.flatnonzero(row)
        if len(members):
            label[np.isin(label, label[members])] = label[members].min()
    parts = []
    for first in np.unique(label):
        positions = np.flatnonzero(label == first)
        inside = np.flatnonzero(own[:, positions].any(axis=1))
        parts.append(_listed(positions, own[np.ix_(inside, positions)], limits[inside]))
    return tuple(parts)


def _listed(positions: np.ndarray, own: np.ndarray, limits: np.ndarray) -> Part:
    """Every set of the part's activities within its rows, by extending the sets found so
    far with one activity at a time."""
    sets = np.zeros((1, len(positions)), dtype=bool)
    for j in range(len(positions)):
        grown = sets.copy()
        grown[:, j] = True
        holding = own[:, j] != 0
        used = grown.astype(float) @ own[holding].T
        sets = np.vstack([sets, grown[np.all(used <= limits[holding] + TOLERANCE, axis=1)]])
        if len(sets) > MOST_SETS:
            raise TooManySchedules.said("too_many_schedules", activities=len(positions),
                                        most=f"{MOST_SETS:,}")
    sizes = sets.sum(axis=1)
    order = np.argsort(sizes, kind="stable")
    sets, sizes = sets[order], sizes[order]
    return Part(positions, sets, sizes, sets.T.astype(float),
                np.searchsorted(sizes, np.arange(int(sizes[-1]) + 1)))


def best_schedules(schedules: Schedules, py: np.ndarray, max_offers: np.ndarray,
                   blocked: np.ndarray | None = None, customers: np.ndarray | None = None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Per customer (only `customers` if given, in their order), the value of the best
    schedule at the priced values `py` of the y columns, at most `max_offers[i]` contacts,
    none of the `blocked` y columns; and the y columns chosen (all customers' together)."""
    n = len(max_offers)
    value, chosen = np.zeros(n), [np.zeros(0, dtype=np.int64)]
    py = np.append(py, ABSENT_VALUE)  # the y column of a hosted pattern's absent activities
    blocked = None if blocked is None else np.append(blocked, False)
    wanted = None
    if customers is not None:
        wanted = np.zeros(n, dtype=bool)
        wanted[customers] = True
    for group in schedules.groups:
        rows = np.arange(len(group.customers)) if wanted is None else np.flatnonzero(
            wanted[group.customers])
        step = max(1, GRID_ENTRIES // max(max(len(p.sets) for p in group.parts), 1))
        for start in range(0, len(rows), step):
            part = rows[start:start + step]
            who = group.customers[part]
            cols = group.cols[part]
            got, picked, _ = _best_of(group.parts, cols, py[cols], max_offers[who], blocked)
            value[who] = got
            chosen.append(picked)
    if customers is not None:
        value = value[customers]
    return value, np.concatenate(chosen)


Charge = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""What some entries pay for their y columns (entries x columns of one pattern): the price
of what the columns use beyond the customer's own rows."""


def charged_schedules(schedules: Schedules, py: np.ndarray, max_offers: np.ndarray,
                      who: np.ndarray, charge: Charge
                      ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per entry (of customer who[k]; a customer may have several), the value of the best
    schedule of its customer at the priced values `py` less what the entry is `charge`d for
    them; the y columns chosen, and for each the entry it is chosen for."""
    py = np.append(py, ABSENT_VALUE)
    group_of = np.full(len(max_offers), -1, dtype=np.int64)
    row_of = np.zeros(len(max_offers), dtype=np.int64)
    for g, group in enumerate(schedules.groups):
        group_of[group.customers], row_of[group.customers] = g, np.arange(len(group.customers))
    value = np.zeros(len(who))
    chosen, owner = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    by_group = group_of[who]
    order = np.argsort(by_group, kind="stable")
    bounds = np.searchsorted(by_group[order], np.arange(len(schedules.groups) + 1))
    for g, group in enumerate(schedules.groups):
        entries = order[bounds[g]:bounds[g + 1]]
        step = max(1, GRID_ENTRIES // max(max(len(p.sets) for p in group.parts), 1))
        for start in range(0, len(entries), step):
            part = entries[start:start + step]
            cols = group.cols[row_of[who[part]]]
            got, picked, rows = _best_of(group.parts, cols, py[cols] - charge(part, cols),
                                         max_offers[who[part]], None)
            value[part] = got
            chosen.append(picked)
            owner.append(part[rows])
    return value, np.concatenate(chosen), np.concatenate(owner)


def _best_of(parts: tuple[Part, ...], cols: np.ndarray, grid: np.ndarray, limit: np.ndarray,
             blocked: np.ndarray | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The best schedules of some customers of one pattern (cols: their y columns; grid:
    their values): each one's value, the y columns chosen and the row of each."""
    worths = [_worth(part, grid, cols, blocked) for part in parts]
    by_size = [np.maximum.reduceat(worth, part.starts, axis=1)
               for part, worth in zip(parts, worths, strict=True)]
    cap = int(min(limit.max(initial=0), sum(int(part.sizes[-1]) for part in parts)))
    n, everyone = len(cols), np.arange(len(cols))
    if len(parts) == 1:  # one part: its best per size is the total
        total = by_size[0][:, :cap + 1].copy()
        took = [np.broadcast_to(np.arange(cap + 1), total.shape)]
    else:
        total = np.full((n, cap + 1), -np.inf)
        total[:, 0] = 0.0
        took = []
        for values in by_size:  # max-plus sum over the parts by number of contacts
            total, sizes = _added(total, values)
            took.append(sizes)
    total[np.arange(cap + 1)[None, :] > limit[:, None]] = -np.inf
    count = total.argmax(axis=1)
    best = total[everyone, count]
    picked, rows = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    for worth, sizes, part in zip(reversed(worths), reversed(took), reversed(parts),
                                  strict=True):
        size = sizes[everyone, count]
        count = count - size
        # the first best set of that size (the others out of the running)
        index = np.where(part.sizes[None, :] == size[:, None], worth, -np.inf).argmax(axis=1)
        members = part.sets[index]
        picked.append(cols[:, part.positions][members])
        rows.append(np.nonzero(members)[0])
    return best, np.concatenate(picked), np.concatenate(rows)


def _worth(part: Part, grid: np.ndarray, cols: np.ndarray, blocked: np.ndarray | None
           ) -> np.ndarray:
    """Per customer and set of the part: the set's value (-inf if it holds a blocked
    column)."""
    worth = _product(grid[:, part.positions], part.weights)
    if blocked is not None:
        barred = _product(blocked[cols[:, part.positions]].astype(float), part.weights)
        worth[barred > 0] = -np.inf
    return worth


def _product(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """values @ weights by numpy's own loop, each sum in the order of the positions: BLAS
    threads a pattern's few thousand customers, and on busy cores its threads wait for each
    other (13 ms for 3,400 customers x 8 activities x 30 sets, against 1.1 ms here)."""
    return np.einsum("ij,jk->ik", values, weights)


def _added(total: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The max-plus sum of the contacts so far (per count up to the cap) and one part's best
    per size; and, per count, the part's size taken."""
    cap = total.shape[1] - 1
    out = np.full_like(total, -np.inf)
    size = np.zeros(total.shape, dtype=np.int64)
    for k in range(min(values.shape[1] - 1, cap) + 1):
        trial = total[:, :cap + 1 - k] + values[:, k:k + 1]
        better = trial > out[:, k:]
        out[:, k:] = np.where(better, trial, out[:, k:])
        size[:, k:] = np.where(better, k, size[:, k:])
    return out, size
