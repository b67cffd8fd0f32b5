"""A tabu search over the plan's RMs that may break rows for a while, at a price.

On tightly packed RMs a better plan is rarely one feasible shift away: a customer moves only
if another leaves first, through several RMs. Here each move is one shift (a covered
customer to another of its best-priced RMs), chosen as the best by value less a price on
what it breaks or mends of the rows an RM column touches (hours, book size, minimum load,
continuity); the price rises while the plan breaks a row and falls while it holds them all
(strategic oscillation), so the search crosses infeasible plans to reach feasible ones a
feasible shift cannot. A customer moved may not go back to the RM it left for a while (the
tenure), which keeps the search from cycling; after RESTART moves without a better plan it
starts again from the best, and stops after RESTART more without one (or none from the
start). The best plan that keeps every row is kept.

Each customer is free on its CANDIDATES best RMs at the search's prices (the Lagrangian
reduced values) and its own: the relaxation's near-optimal choices, where the better plans
lie. A move is evaluated incrementally: only the rows it changes and the columns on them are
priced again. Every step is a count (moves, the tenure, the price's steps), so the same plan
improves the same way on any machine; the clock only stops the search, which then records
it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.restore import Repaired
from allocator.problem import Decisions

CANDIDATES = 4
"""Each customer's best-priced RMs it may move to."""
TENURE = (7, 0.02)
"""A customer may not return to the RM it left for this many moves plus this share of the
customers moving."""
STEP = 1.1
"""The price of a broken row is multiplied by this after a move that leaves a row broken,
divided by it after one that leaves every row holding."""
PRICE_RANGE = (1e-3, 1e3)
"""The price's factor stays within this range of its start."""
RESTART = 2000
"""Moves without a better plan after which the search starts again from the best."""
CLOCK_EVERY = 64
"""Moves between readings of the clock."""
TOLERANCE = 1e-9


@dataclass
class Board:
    """The search's state over the candidate columns: the rows they touch as entries (column,
    row, coefficient), sorted by row and by column; each row's usage, limit, sense and the
    price of a unit it is broken by."""

    entry_col: np.ndarray
    entry_row: np.ndarray
    entry_coef: np.ndarray
    by_row: np.ndarray
    """Entry positions sorted by row, with `row_start` the first of each row."""
    row_start: np.ndarray
    by_col: np.ndarray
    col_start: np.ndarray
    usage: np.ndarray
    limit: np.ndarray
    sign: np.ndarray
    slack: np.ndarray
    """What each row may be broken by and still hold (the repair's tolerance)."""
    unit: np.ndarray
    """A row's price per unit broken, before the search's factor."""

    def broken(self, usage: np.ndarray, rows: np.ndarray | slice = slice(None)) -> np.ndarray:
        return np.maximum(self.sign[rows] * (usage - self.limit[rows]) - self.slack[rows], 0.0)

    def costs(self, entries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per entry, the priced change in what its row is broken by if its column is added,
        and if it is removed."""
        row, coef = self.entry_row[entries], self.entry_coef[entries]
        now = self.broken(self.usage[row], row)
        added = self.broken(self.usage[row] + coef, row) - now
        removed = self.broken(self.usage[row] - coef, row) - now
        return self.unit[row] * added, self.unit[row] * removed

    def holds(self) -> bool:
        return bool((self.broken(self.usage) <= 0.0).all())


def tabu_search(d: Decisions, families: list[Coupling], plan: Repaired, priced: np.ndarray,
                deadline: Deadline, moves: int, seed: int = 0) -> Repaired:
    """The best plan keeping every row that at most `moves` tabu moves from `plan` reach
    (fewer if they stop finding better plans, or if the deadline passes first: it then
    records that). `priced`: each x column's value at
    the search's prices, which picks each customer's candidate RMs."""
    x_families = [f for f in families if f.on_x is not None]
    if not x_families or not plan.x.any() or moves <= 0:
        return plan
    cols = candidates(d, plan.x, priced)
    board = _board(d, x_families, plan, cols)
    if board is None or not board.holds():
        return plan
    found = _search(d, board, plan.x, cols, (deadline, moves, seed))
    if found is None:
        return plan
    if any(f.excess(found, plan.y, plan.s).max(initial=0.0)
           > TOLERANCE * max(1.0, float(np.abs(f.limits).max(initial=1.0))) for f in x_families):
        return plan  # every row is kept by construction; this only guards the arithmetic
    value = d.x.value
    return Repaired(found, plan.y, plan.s,
                    plan.objective + float(value[found].sum() - value[plan.x].sum()))


def candidates(d: Decisions, x: np.ndarray, priced: np.ndarray) -> np.ndarray:
    """Each covered customer's CANDIDATES best-priced columns and its current one, sorted."""
    customer = d.x.customer
    covered = np.zeros(int(customer.max()) + 1, dtype=bool)
    covered[customer[x]] = True
    order = np.lexsort((-priced, customer))
    grouped = customer[order]
    first = np.r_[0, np.flatnonzero(np.diff(grouped)) + 1]
    rank = np.arange(len(order)) - np.repeat(first, np.diff(np.r_[first, len(order)]))
    keep = np.zeros(len(customer), dtype=bool)
    keep[order[rank < CANDIDATES]] = True
    return np.flatnonzero((keep | x) & covered[customer])


def _board(d: Decisions, families: list[Coupling], plan: Repaired, cols: np.ndarray
           ) -> Board | None:
    """The rows the candidate columns touch, each priced per unit at the value a customer's
    choice spans per unit of the row's average coefficient."""
    positions, rows, coefs, usage, limit, sign = [], [], [], [], [], []
    offset = 0
    for family in families:
        assert family.on_x is not None
        position, row, coef = family.on_x.entries(cols)
        positions.append(position)
        rows.append(row + offset)
        coefs.append(coef)
        usage.append(family.usage(plan.x, plan.y, plan.s))
        limit.append(family.limits)
        sign.append(np.full(len(family.limits), family.sign))
        offset += len(family.limits)
    entry_col = np.concatenate(positions)
    if len(entry_col) == 0:
        return None
    entry_row, entry_coef = np.concatenate(rows), np.concatenate(coefs)
    limits = np.concatenate(limit)
    by_row = np.argsort(entry_row, kind="stable")
    by_col = np.argsort(entry_col, kind="stable")
    spread = _value_spread(d, cols)
    mean_coef = (np.bincount(entry_row, np.abs(entry_coef), offset)
                 / np.maximum(np.bincount(entry_row, minlength=offset), 1))
    unit = spread / np.maximum(mean_coef, TOLERANCE)
    return Board(entry_col, entry_row, entry_coef, by_row,
                 np.searchsorted(entry_row[by_row], np.arange(offset + 1)), by_col,
                 np.searchsorted(entry_col[by_col], np.arange(len(cols) + 1)),
                 np.concatenate(usage), limits, np.concatenate(sign),
                 TOLERANCE * np.maximum(1.0, np.abs(limits)), unit)


def _value_spread(d: Decisions, cols: np.ndarray) -> float:
    """The average span of a customer's values over its candidate columns (at least 1)."""
    customer, value = d.x.customer[cols], d.x.value[cols]
    size = int(customer.max()) + 1
    high = np.full(size, -np.inf)
    low = np.full(size, np.inf)
    np.maximum.at(high, customer, value)
    np.minimum.at(low, customer, value)
    present = np.isfinite(high)
    return max(float(np.mean(high[present] - low[present])), 1.0)


@dataclass
class Walk:
    """Where the search stands: each customer's column (a position among the candidates),
    the priced changes of adding or removing each column, the price's factor, the moves
    each column is forbidden for, and how many rows are broken."""

    at: np.ndarray
    added: np.ndarray
    removed: np.ndarray
    entry_added: np.ndarray
    entry_removed: np.ndarray
    factor: float
    forbidden: np.ndarray
    broken_rows: int = 0


def _search(d: Decisions, board: Board, x: np.ndarray, cols: np.ndarray,
            limits: tuple[Deadline, int, int]) -> np.ndarray | None:
    """The best feasible x (a mask over every column) the moves reach, or None if none
    beats the start."""
    deadline, moves, seed = limits
    rng = np.random.default_rng(seed)
    owner = np.unique(d.x.customer[cols], return_inverse=True)[1]
    value = d.x.value[cols]
    walk = _walk(board, owner, x[cols], len(cols))
    current = best_value = float(value[walk.at].sum())
    best: np.ndarray | None = None
    tenure = TENURE[0] + int(TENURE[1] * len(walk.at))
    since, restarted = 0, False
    for move in range(moves):
        if move % CLOCK_EVERY == 0 and deadline.passed():
            break
        since += 1
        if since > RESTART:
            if best is None or restarted:
                break  # RESTART moves from the start, or from the best again, found nothing
            board.usage += _usage_change(board, walk.at, best, len(cols))
            walk = _walk(board, owner, np.isin(np.arange(len(cols)), best), len(cols))
            current, since, restarted = best_value, 0, True
        now = walk.at[owner]
        score = value - value[now] - walk.factor * (walk.added + walk.removed[now])
        score[(now == np.arange(len(cols))) | (walk.forbidden > move)] = -np.inf
        chosen = int(np.argmax(score))
        if not np.isfinite(score[chosen]):
            break
        left = int(walk.at[owner[chosen]])
        _apply(board, walk, left, chosen)
        walk.at[owner[chosen]] = chosen
        walk.forbidden[left] = move + tenure + int(rng.integers(0, tenure + 1))
        current += float(value[chosen] - value[left])
        if walk.broken_rows:
            walk.factor = min(walk.factor * STEP, PRICE_RANGE[1])
            continue
        walk.factor = max(walk.factor / STEP, PRICE_RANGE[0])
        if current > best_value + TOLERANCE * max(1.0, abs(best_value)):
            best_value, best, since, restarted = current, walk.at.copy(), 0, False
    if best is None:
        return None
    found = x.copy()
    found[cols] = False
    found[cols[best]] = True
    return found


def _walk(board: Board, owner: np.ndarray, chosen: np.ndarray, n: int) -> Walk:
    at = np.zeros(int(owner.max()) + 1, dtype=np.int64)
    at[owner[chosen]] = np.flatnonzero(chosen)
    entry_added, entry_removed = board.costs(np.arange(len(board.entry_col)))
    return Walk(at, np.bincount(board.entry_col, entry_added, n),
                np.bincount(board.entry_col, entry_removed, n), entry_added, entry_removed,
                1.0, np.zeros(n, dtype=np.int64))


def _apply(board: Board, walk: Walk, left: int, chosen: int) -> None:
    """Move a customer from column `left` to `chosen`: the usage of their rows, what is
    broken, and the priced changes of every column on those rows."""
    spans = [board.by_col[board.col_start[c]:board.col_start[c + 1]] for c in (left, chosen)]
    rows = np.unique(np.concatenate([board.entry_row[s] for s in spans]))
    walk.broken_rows -= int((board.broken(board.usage[rows], rows) > 0).sum())
    np.subtract.at(board.usage, board.entry_row[spans[0]], board.entry_coef[spans[0]])
    np.add.at(board.usage, board.entry_row[spans[1]], board.entry_coef[spans[1]])
    walk.broken_rows += int((board.broken(board.usage[rows], rows) > 0).sum())
    entries = np.concatenate([board.by_row[board.row_start[r]:board.row_start[r + 1]]
                              for r in rows.tolist()])
    added, removed = board.costs(entries)
    column = board.entry_col[entries]
    np.add.at(walk.added, column, added - walk.entry_added[entries])
    np.add.at(walk.removed, column, removed - walk.entry_removed[entries])
    walk.entry_added[entries], walk.entry_removed[entries] = added, removed


def _usage_change(board: Board, at: np.ndarray, to: np.ndarray, n: int) -> np.ndarray:
    """What the rows' usage changes by when the customers move from columns `at` to `to`."""
    change = np.zeros(n)
    change[at] -= 1.0
    change[to] += 1.0
    return np.bincount(board.entry_row, board.entry_coef * change[board.entry_col],
                       len(board.usage))
