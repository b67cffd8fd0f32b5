"""The repair's second step: the offers of a plan whose RMs are set, held within every row.
Each customer starts from its best priced offers (RM-channel only with an RM; under a calendar,
its best schedule); then the least efficient offers are dropped from every over-used row, the
best missing ones (that keep the customer's own calendar rows) added to rows below their minimum
(under a calendar, schedules changed: floors.py), a tier's package changed where package costs
break a row, until every row holds; then the room left is spent on the offers worth most per
share of it. All steps are vectorized over rows with sorts and cumulative sums.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.floors import fill_floors
from allocator.decomposition.repair.room import TOLERANCE, room_left, running_before, within_limits
from allocator.decomposition.subproblems import Customers
from allocator.problem import Decisions


def drop_over_used(y: np.ndarray, s: np.ndarray, x: np.ndarray, d: Decisions,
                   y_families: list[Coupling], kept: np.ndarray | None = None) -> None:
    """Drop the least valuable offers per unit from every over-used row, until all hold;
    offers that keep a sales minimum (or budget floor) at its target, and those `kept`, are
    kept."""
    protected = np.zeros(len(y), dtype=bool) if kept is None else kept.copy()
    for family in (f for f in y_families if f.sense == "ge"):
        terms = family.on_y
        assert terms is not None
        at_target = family.usage(x, y, s) <= family.limits + TOLERANCE
        protected[terms.cols[y[terms.cols] & at_target[terms.rows]]] = True
    spared = np.zeros(len(y), dtype=bool)
    for _ in range(20):
        changed = False
        for family in (f for f in y_families if f.sense == "le"):
            excess = family.excess(x, y, s)
            if excess.max(initial=0.0) <= TOLERANCE:
                continue
            terms = family.on_y
            assert terms is not None
            hit = (y[terms.cols] & (excess[terms.rows] > TOLERANCE) & (terms.coefs > 0)
                   & ~protected[terms.cols])
            if family.penalty is not None:  # a soft row gives up only offers worth less
                hit &= (d.y.value[terms.cols] < family.penalty * terms.coefs) & ~spared[
                    terms.cols]
            cols, rows, coefs = terms.cols[hit], terms.rows[hit], terms.coefs[hit]
            order = np.lexsort((d.y.value[cols] / coefs, rows))
            cols, rows, coefs = cols[order], rows[order], coefs[order]
            drop, kept = _dropped(family, excess, d.y.value[cols], (rows, coefs))
            y[cols[drop]] = False
            spared[cols[kept]] = True
            changed = changed or bool(drop.any() or kept.any())
        if not changed:
            return


def _dropped(family: Coupling, excess: np.ndarray, values: np.ndarray,
             entries: tuple[np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Of an over-used row's offers (sorted by row, then value per unit), those to drop:
    each while the row is still over before it. On a soft row, the offer that would take the
    row below its limit (one a row at most) is dropped only if worth less than the penalty
    of the part of it that is over; else it is spared (the second mask), and the next pass
    weighs its row's other offers without it."""
    rows, coefs = entries
    before = running_before(rows, coefs)
    drop = before < excess[rows] - TOLERANCE
    if family.penalty is None:
        return drop, np.zeros(len(drop), dtype=bool)
    kept = drop & (values >= family.penalty * np.minimum(coefs, excess[rows] - before))
    return drop & ~kept, kept


def raise_floors(y: np.ndarray, s: np.ndarray, x: np.ndarray, d: Decisions,
                 y_families: list[Coupling], cs: Customers,
                 covered_priced: tuple[np.ndarray, np.ndarray]) -> bool:
    """Rows below their minimum filled: by adding offers, or under a calendar by changing
    customers' schedules (floors.py), which also frees hard limits over-used by the contacts
    a floor keeps. True if any offer changed."""
    covered, py = covered_priced
    if cs.schedules is None:
        return _add_below_minimum(y, s, x, d, y_families, cs, covered)
    floors = [f for f in y_families if f.sense == "ge"]
    caps = [f for f in y_families if f.sense == "le" and f.penalty is None]
    barred = cs.needs_rm[d.y.offer] & ~covered[d.y.customer]
    return fill_floors(y, (floors, caps), [f.usage(x, y, s) for f in [*floors, *caps]],
                       cs.schedules, py, (d.y.customer, barred, cs.max_offers))


def _add_below_minimum(y: np.ndarray, s: np.ndarray, x: np.ndarray, d: Decisions,
                       y_families: list[Coupling], cs: Customers, covered: np.ndarray) -> bool:
    """Add the best missing offers to rows below their minimum; True if any was added."""
    added = False
    counts = np.bincount(d.y.customer[y], minlength=len(cs.kind))
    for family in (f for f in y_families if f.sense == "ge"):
        short = family.excess(x, y, s)
        terms = family.on_y
        assert terms is not None
        open_ = (~y[terms.cols] & (short[terms.rows] > TOLERANCE)
                 & (counts[d.y.customer[terms.cols]] < cs.max_offers[d.y.customer[terms.cols]])
                 & (covered[d.y.customer[terms.cols]] | ~cs.needs_rm[d.y.offer[terms.cols]]))
        cols, rows, coefs = terms.cols[open_], terms.rows[open_], terms.coefs[open_]
        fit = _schedule_fits(y, cols, cs)
        cols, rows, coefs = cols[fit], rows[fit], coefs[fit]
        order = np.lexsort((-d.y.value[cols], rows))
        cols, rows, coefs = cols[order], rows[order], coefs[order]
        _, first_of_customer = np.unique(d.y.customer[cols], return_index=True)
        single = np.zeros(len(cols), dtype=bool)
        single[first_of_customer] = True
        cols, rows, coefs = cols[single], rows[single], coefs[single]
        order = np.lexsort((-d.y.value[cols], rows))
        cols, rows, coefs = cols[order], rows[order], coefs[order]
        take = running_before(rows, coefs) < short[rows] - TOLERANCE
        y[cols[take]] = True
        counts = np.bincount(d.y.customer[y], minlength=len(cs.kind))
        added = added or bool(take.any())
    return added


def refill_offers(y: np.ndarray, s: np.ndarray, x: np.ndarray, d: Decisions,
                  y_families: list[Coupling], cs: Customers, covered: np.ndarray) -> None:
    """Spend the room the repair left: add the missing offers worth most per share of the
    room they take (the budget left, a channel's spare contacts, ...) that fit every row,
    the customer's contact limit and the RM-channel rule, round by round. Ranked by value
    alone, the largest offers would take a tight budget that several smaller ones use
    better."""
    for _ in range(4):
        room = room_left(x, y_families, y, s)
        key = _share_of_room(room, y_families, len(y))  # then minus value per share, in place
        by_worth = np.argsort(np.negative(np.divide(d.y.value, key, out=key), out=key),
                              kind="stable")
        del key
        rank = np.empty(len(y), dtype=np.int64)
        rank[by_worth] = np.arange(len(y))
        counts = np.bincount(d.y.customer[y], minlength=len(cs.kind))
        open_ = (~y & (d.y.value > 0) & (counts < cs.max_offers)[d.y.customer]
                 & (covered[d.y.customer] | ~cs.needs_rm[d.y.offer]))
        candidates = by_worth[open_[by_worth]]
        candidates = candidates[_schedule_fits(y, candidates, cs)]
        if len(candidates) == 0:
            return
        _, first = np.unique(d.y.customer[candidates], return_index=True)
        candidates = candidates[np.sort(first)]
        fits = candidates[within_limits(candidates, rank, y_families, room, len(y), kind="y")]
        if len(fits) == 0:
            return
        y[fits] = True


def _schedule_fits(y: np.ndarray, cols: np.ndarray, cs: Customers) -> np.ndarray:
    """Of these y columns, those each of which alone keeps its customer's own calendar rows
    (contact windows, conflicts) with the offers chosen."""
    if cs.schedules is None:
        return np.ones(len(cols), dtype=bool)
    return cs.schedules.fits(y, cols)


def _share_of_room(room: list[np.ndarray], y_families: list[Coupling], n: int) -> np.ndarray:
    """Per offer column: the shares of the rows' room it would take, added up (a tiny
    positive number where it takes none)."""
    share = np.full(n, 1e-12)
    for family, free in zip(y_families, room, strict=True):
        terms = family.on_y
        if family.sense != "le" or terms is None:
            continue
        taken = np.maximum(terms.coefs, 0.0)
        taken /= np.maximum(free[terms.rows], TOLERANCE)
        if terms.unique:
            share[terms.cols] += taken
        else:
            np.add.at(share, terms.cols, taken)
    return share


def downgrade_packages(s: np.ndarray, fixed: list[np.ndarray], d: Decisions,
                       priced: list[Coupling]) -> bool:
    """If the `priced` rows (those with package costs) are violated, with the other columns'
    usage of each given (`fixed`), change one tier's package: the change that loses the least
    value per unit of relative violation removed. True if changed."""

    def violation(choice: np.ndarray) -> float:
        total = 0.0
        for family, base in zip(priced, fixed, strict=True):
            terms = family.on_s
            assert terms is not None
            used = base + np.bincount(terms.rows[choice[terms.cols]],
                                      terms.coefs[choice[terms.cols]], len(family.limits))
            excess = np.maximum(family.sign * (used - family.limits), 0.0)
            total += float((excess / np.maximum(np.abs(family.limits), 1.0)).sum())
        return total

    now = violation(s)
    if now <= TOLERANCE:
        return False
    best: tuple[float, float, int, int] | None = None
    for current in np.flatnonzero(s):
        for option in np.flatnonzero((d.s.tier == d.s.tier[current]) & ~s):
            trial = s.copy()
            trial[current], trial[option] = False, True
            reduction = now - violation(trial)
            if reduction <= TOLERANCE:
                continue
            key = (float(d.s.value[current] - d.s.value[option]) / reduction, 0.0,
                   int(current), int(option))
            if best is None or key[:2] < best[:2]:
                best = key
    if best is None:
        return False
    s[best[2]], s[best[3]] = False, True
    return True
