"""Exchanges: two customers on different RMs trade RMs, where both moves together are worth
more and every row an RM column touches still holds.

On tightly packed RMs a shift rarely fits, but an exchange frees on each RM what it takes.
All exchanges among the customers' best-priced RMs (tabu.candidates) are listed at once with
numpy, ranked by their gain, and taken in that order while they fit (each checked against the
rows as they stand); passes repeat while one gains, at most ROUNDS. Counts only: the same plan
improves the same way on any machine.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.local_search import Rows, rows_of
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.repair.tabu import candidates
from allocator.problem import Decisions

ROUNDS = 10
MOST_PAIRS = 4_000_000
"""Exchanges listed in one pass at most (the first customers' first)."""
TOLERANCE = 1e-9


def exchanged(d: Decisions, families: list[Coupling], plan: Repaired, priced: np.ndarray
              ) -> Repaired:
    """The plan after passes of exchanges, until one gains nothing (at most ROUNDS)."""
    rows = rows_of(d, families, plan)
    if rows is None or not plan.x.any():
        return plan
    cols = candidates(d, plan.x, priced)
    at = np.full(int(d.x.customer.max()) + 1, -1, dtype=np.int64)
    at[d.x.customer[plan.x]] = np.flatnonzero(plan.x)
    gained = 0.0
    for _ in range(ROUNDS):
        step = _pass(d, rows, at, cols)
        gained += step
        if step <= TOLERANCE:
            break
    if gained <= TOLERANCE:
        return plan
    x = np.zeros(len(plan.x), dtype=bool)
    x[at[at >= 0]] = True
    return Repaired(x, plan.y, plan.s, plan.objective + gained)


def _pass(d: Decisions, rows: Rows, at: np.ndarray, cols: np.ndarray) -> float:
    """One pass: every improving exchange listed, then taken best first while it fits."""
    customer, value = d.x.customer, d.x.value
    listed = _listed(d, at, cols)
    if listed is None:
        return 0.0
    first, second, i_new, j_new = listed
    gain = value[i_new] + value[j_new] - value[first] - value[second]
    better = np.flatnonzero(gain > TOLERANCE)
    order = better[np.argsort(-gain[better], kind="stable")]
    total = 0.0
    for k in order.tolist():
        a, b, c, e = int(first[k]), int(second[k]), int(i_new[k]), int(j_new[k])
        i, j = int(customer[a]), int(customer[b])
        if at[i] != a or at[j] != b:
            continue  # one of them has moved in this pass
        delta = rows.delta((a, b), (c, e))
        if rows.fits(delta):
            rows.apply(delta)
            at[i], at[j] = c, e
            total += float(value[c] + value[e] - value[a] - value[b])
    return total


def _listed(d: Decisions, at: np.ndarray, cols: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """Every exchange among the candidate columns: (i's column now, j's column now, i's on
    j's RM, j's on i's RM)."""
    customer, rm = d.x.customer, d.x.rm
    rms = int(rm.max()) + 1
    served = np.flatnonzero(at >= 0)
    rm_now = np.full(len(at), -1, dtype=np.int64)
    rm_now[served] = rm[at[served]]
    by_rm = served[np.argsort(rm_now[served], kind="stable")]
    starts = np.searchsorted(rm_now[by_rm], np.arange(rms + 1))
    moving = cols[rm[cols] != rm_now[customer[cols]]]
    target = rm[moving]
    count = starts[target + 1] - starts[target]
    count = np.minimum(count, np.maximum(MOST_PAIRS - np.cumsum(count) + count, 0))
    if count.sum() == 0:
        return None
    pair_col = np.repeat(moving, count)
    offsets = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    partner = by_rm[np.repeat(starts[target], count) + offsets]
    home = rm_now[customer[pair_col]]
    key = customer[cols].astype(np.int64) * rms + rm[cols]
    sort = np.argsort(key, kind="stable")
    wanted = partner.astype(np.int64) * rms + home
    where = np.minimum(np.searchsorted(key[sort], wanted), len(cols) - 1)
    found = key[sort][where] == wanted
    back = cols[sort][where]
    mine = at[customer[pair_col]]
    return mine[found], at[partner[found]], pair_col[found], back[found]
