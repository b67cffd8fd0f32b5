"""Restricted MIPs over the customers of RMs whose months are full: their RMs and their
schedules chosen together, every other customer where it is.

The priced choices of customers who may have either of two RMs of the same grade and region
tie, so they pile on one; the repair then drops the RM contacts its months cannot hold, and a
customer moved alone (rm_month_moves.py) finds no room where another customer's contacts fill
the other RM's month: the best plan trades contacts between customers of several RMs at once.
Here the RMs whose customers lost RM contacts of their best schedule (or, where the rows are
soft, that pay for hours over their months) are taken in turn, the most value lost first,
each with up to GROUP - 1 RMs its customers may also have; up to FIRST_FREED of the group's
customers (those who lost most, then those whose RM contacts take most hours; twice as many
after a pass over the seeds gains nothing, up to MOST_FREED) are freed, on the group's RMs
and over all their activities, and HiGHS solves that small MIP (within NODES nodes):

    max  sum v[p] x[p] + sum v[a] y[a] - sum penalty[r] e[r]
    sum_p x[p] = 1                            each freed customer, on the group's RMs
    w[p,a] <= x[p],  y[a] <= sum_p w[p,a] + sum_q x[q]   RM contact a; p an RM with hours
                                              per month, q one without
    own rows (windows, conflicts), contact limit on the customer's y
    sum h[a] w[p,a] <= what the others leave of each RM-month (+ e[r] where soft)
    every other coupling row the columns touch, within what the others leave (+/- e[r])

A better plan, every row held as the repair holds them (restore.kept), replaces the current
one. The search stops when the plan is within its target, when every RM that lost contacts
has been a seed at MOST_FREED customers without a gain, after ROUNDS MIPs, or on the
deadline (recorded). Counts decide, not the clock: the same plan improves the same way on
any machine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import scipy.sparse as sp

from allocator.backends.highs_threads import run_highs
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.restore import Repaired, kept
from allocator.decomposition.rm_months import RmMonths, rm_month_rows, with_rm_month_rows
from allocator.decomposition.schedules import best_schedules
from allocator.decomposition.subproblems import Customers
from allocator.problem import Decisions

GROUP = 3
"""RMs in a group: the seed and the RMs its customers may most often also have."""
FIRST_FREED = 80
"""Customers freed in one MIP at first; doubled after a pass over every seed without a gain,
up to MOST_FREED."""
MOST_FREED = 640
NODES = 500
"""Branch-and-bound nodes of each MIP."""
ROUNDS = 30
"""MIPs at most."""
TOLERANCE = 1e-9
INFINITY = 1e30


@dataclass(frozen=True)
class Freed:
    """The customers of one MIP (ascending), their x columns on the group's RMs, their y
    columns, and the (x position, y position) of each RM contact on an RM with hours per
    month."""

    customers: np.ndarray
    x: np.ndarray
    y: np.ndarray
    w: tuple[np.ndarray, np.ndarray]


@dataclass
class Model:
    """The MIP's rows as triplets, and the variables beyond x, y and w: one per soft row, how
    far it is over (its row's sign: 1 for a cap, -1 for a floor; its costs)."""

    base: int
    entries: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=list)
    lower: list[np.ndarray] = field(default_factory=list)
    upper: list[np.ndarray] = field(default_factory=list)
    rows: int = 0
    over: list[tuple[int, float, float]] = field(default_factory=list)
    """Per soft row: (row, sign, penalty)."""

    def add(self, local: np.ndarray, cols: np.ndarray, coefs: np.ndarray, bounds: tuple[
            np.ndarray, np.ndarray], penalty: float | None = None, sign: float = 1.0) -> None:
        """Rows over the variables (`local`: each entry's row among these rows)."""
        lower, upper = bounds
        self.entries.append((local + self.rows, cols, coefs))
        self.lower.append(lower)
        self.upper.append(upper)
        if penalty is not None:
            self.over += [(self.rows + k, sign, penalty) for k in range(len(lower))]
        self.rows += len(lower)

    def matrix(self) -> sp.csr_matrix:
        """Every row, with each soft row's overrun variable (-sign) after the base ones."""
        over = len(self.over)
        extra = (np.array([r for r, _, _ in self.over], dtype=np.int64),
                 self.base + np.arange(over), np.array([-s for _, s, _ in self.over]))
        rows, cols, coefs = (np.concatenate([*parts, np.zeros(0)]) for parts in zip(
            *self.entries, extra, strict=True))
        return sp.csr_matrix((coefs, (rows.astype(np.int64), cols.astype(np.int64))),
                             (self.rows, self.base + over))


def exchange_months(d: Decisions, cs: Customers, families: list[Coupling], plan: Repaired,
                    deadline: Deadline, reached: Callable[[float], bool],
                    rounds: int = ROUNDS) -> Repaired:
    """The plan after restricted MIPs over the customers of RMs whose months left out RM
    contacts, until `reached(objective)`, every such RM was a seed at MOST_FREED customers
    without a gain, `rounds` MIPs, or the deadline (recorded)."""
    months = cs.rm_months
    if months is None or cs.schedules is None or not plan.x.any():
        return plan
    best, tried = plan, np.zeros(int(d.x.rm.max()) + 1, dtype=bool)
    freed, gained = FIRST_FREED, False
    for _ in range(rounds):
        if reached(best.objective) or deadline.passed():
            break
        loss, rm_of = _losses(d, cs, months, best)
        by_rm = np.bincount(rm_of[rm_of >= 0], loss[rm_of >= 0], len(tried)) + _overrun(
            d, months, best, len(tried))
        open_ = np.flatnonzero((by_rm > TOLERANCE) & ~tried)
        if len(open_) == 0 and (gained or freed < MOST_FREED) and (by_rm > TOLERANCE).any():
            freed = freed if gained else min(2 * freed, MOST_FREED)  # a pass without a gain
            tried[:], gained = False, False
            open_ = np.flatnonzero(by_rm > TOLERANCE)
        if len(open_) == 0:
            break
        seed = int(open_[np.argsort(-by_rm[open_], kind="stable")[0]])
        tried[seed] = True
        found = _solved(d, cs, families, best, _freed(d, months, best, (seed, freed),
                                                      (loss, rm_of)), deadline)
        if found is not None and found.objective > best.objective + TOLERANCE * max(
                1.0, abs(best.objective)):
            best, gained = found, True
    return best


def _losses(d: Decisions, cs: Customers, months: RmMonths, plan: Repaired
            ) -> tuple[np.ndarray, np.ndarray]:
    """Per customer: what it lost against its best schedule where RM contacts of that
    schedule are left out (else 0), and its RM (-1 if none)."""
    assert cs.schedules is not None
    n = len(cs.kind)
    want_value, want_cols = best_schedules(cs.schedules, d.y.value, cs.max_offers)
    wanted = np.zeros(len(plan.y), dtype=bool)
    wanted[want_cols] = True
    missing = np.bincount(d.y.customer[wanted & (months.hours > 0) & ~plan.y], minlength=n)
    lost = want_value - np.bincount(d.y.customer[plan.y], d.y.value[plan.y], n)
    rm_of = np.full(n, -1, dtype=np.int64)
    rm_of[d.x.customer[plan.x]] = d.x.rm[plan.x]
    return np.where((missing > 0) & (rm_of >= 0), np.maximum(lost, 0.0), 0.0), rm_of


def _overrun(d: Decisions, months: RmMonths, plan: Repaired, rms: int) -> np.ndarray:
    """Per RM: what the plan pays for its hours over its months (soft rows; else 0)."""
    if months.penalty is None:
        return np.zeros(rms)
    given = months.given(d, plan.x)
    over = given.excess(plan.x, plan.y, np.zeros(0, dtype=bool)) * months.penalty
    rm = np.flatnonzero(months.limited >= 0).repeat(months.months)
    return np.bincount(rm, over, rms)


def _freed(d: Decisions, months: RmMonths, plan: Repaired, seed_count: tuple[int, int],
           losses: tuple[np.ndarray, np.ndarray]) -> Freed:
    """The seed RM and the RMs its customers may most often also have; of their customers,
    `count` at most: those who lost most, then those whose RM contacts take most hours."""
    seed, count = seed_count
    loss, rm_of = losses
    theirs = np.isin(d.x.customer, np.flatnonzero(rm_of == seed))
    reach = np.bincount(d.x.rm[theirs], minlength=int(d.x.rm.max()) + 1)
    reach[seed] = 0
    others = np.argsort(-reach, kind="stable")[:GROUP - 1]
    group = np.r_[seed, others[reach[others] > 0]]
    members = np.flatnonzero(np.isin(rm_of, group))
    hours = np.bincount(d.y.customer[plan.y], months.hours[plan.y], len(rm_of))[members]
    customers = np.sort(members[np.lexsort((-hours, -loss[members]))[:count]])
    x = np.flatnonzero(np.isin(d.x.customer, customers) & np.isin(d.x.rm, group))
    y = np.flatnonzero(np.isin(d.y.customer, customers))
    contact = np.flatnonzero(months.hours[y] > 0)
    limited = np.flatnonzero(months.limited[d.x.rm[x]] >= 0)
    same = d.x.customer[x[limited]][:, None] == d.y.customer[y[contact]][None, :]
    at_x, at_y = np.nonzero(same)
    return Freed(customers, x, y, (limited[at_x], contact[at_y]))


def _solved(d: Decisions, cs: Customers, families: list[Coupling], plan: Repaired,
            freed: Freed, deadline: Deadline) -> Repaired | None:
    """The plan with the freed customers' RMs and offers the MIP's (None if it found none,
    or its plan breaks a row the repair holds)."""
    assert cs.rm_months is not None
    nx, ny, nw = len(freed.x), len(freed.y), len(freed.w[0])
    model = Model(nx + ny + nw)
    others = (plan.x & ~np.isin(d.x.customer, freed.customers),
              plan.y & ~np.isin(d.y.customer, freed.customers))
    _own_rows(model, d, cs, freed)
    _links(model, d, cs.rm_months, freed)
    _month_rows(model, d, cs.rm_months, freed, others)
    for family in families:
        if family.through_rm is None:
            _coupling_rows(model, family, freed, (*others, plan.s))
    costs = np.r_[d.x.value[freed.x], d.y.value[freed.y], np.zeros(nw)]
    chosen = _run(model, costs, nx + ny, deadline)
    if chosen is None:
        return None
    x, y = others[0].copy(), others[1].copy()
    x[freed.x[chosen[:nx]]] = True
    y[freed.y[chosen[nx:nx + ny]]] = True
    rows = rm_month_rows(cs.rm_months, d, x)
    return kept(d, with_rm_month_rows(families, rows), (x, y, plan.s))


def _own_rows(model: Model, d: Decisions, cs: Customers, freed: Freed) -> None:
    """Each freed customer on one of the group's RMs; the customers' own calendar rows and
    contact limits."""
    assert cs.schedules is not None
    nx, ny = len(freed.x), len(freed.y)
    owner_x = np.searchsorted(freed.customers, d.x.customer[freed.x])
    model.add(owner_x, np.arange(nx), np.ones(nx), (np.ones(len(freed.customers)),) * 2)
    own = cs.schedules.rows[:, freed.y].tocoo()
    used = np.unique(own.row)
    model.add(np.searchsorted(used, own.row), nx + own.col, own.data,
              (np.full(len(used), -INFINITY), cs.schedules.upper[used]))
    owner_y = np.searchsorted(freed.customers, d.y.customer[freed.y])
    model.add(owner_y, nx + np.arange(ny), np.ones(ny), (
        np.full(len(freed.customers), -INFINITY),
        cs.max_offers[freed.customers].astype(float)))


def _links(model: Model, d: Decisions, months: RmMonths, freed: Freed) -> None:
    """An RM contact only through the customer's RM: w[p,a] <= x[p] on each RM p with
    hours per month; y[a] <= its w on those RMs and its x on RMs without."""
    nx, ny = len(freed.x), len(freed.y)
    at_x, at_y = freed.w
    count = len(at_x)
    w = nx + ny + np.arange(count)
    model.add(np.arange(count).repeat(2), np.c_[w, at_x].ravel(),
              np.tile([1.0, -1.0], count), (np.full(count, -INFINITY), np.zeros(count)))
    contact = np.flatnonzero(months.hours[freed.y] > 0)
    free_x = np.flatnonzero(months.limited[d.x.rm[freed.x]] < 0)
    same = d.y.customer[freed.y[contact]][:, None] == d.x.customer[freed.x[free_x]][None, :]
    row_free, at_free = np.nonzero(same)
    rows = np.r_[np.arange(len(contact)), np.searchsorted(contact, at_y), row_free]
    cols = np.r_[nx + contact, w, free_x[at_free]]
    coefs = np.r_[np.ones(len(contact)), -np.ones(count + len(at_free))]
    model.add(rows, cols, coefs, (np.full(len(contact), -INFINITY), np.zeros(len(contact))))


def _month_rows(model: Model, d: Decisions, months: RmMonths, freed: Freed,
                others: tuple[np.ndarray, np.ndarray]) -> None:
    """Each RM-month the freed RM contacts may use, within what the others leave of it."""
    at_x, at_y = freed.w
    rows = months.limited[d.x.rm[freed.x[at_x]]] * months.months + months.month[
        freed.y[at_y]]
    touched = np.unique(rows)
    if len(touched) == 0:
        return
    given = months.given(d, others[0])
    left = given.limits - given.usage(others[0], others[1], np.zeros(0, dtype=bool))
    w = len(freed.x) + len(freed.y) + np.arange(len(at_x))
    model.add(np.searchsorted(touched, rows), w, months.hours[freed.y[at_y]],
              (np.full(len(touched), -INFINITY), left[touched]), months.penalty)


def _coupling_rows(model: Model, family: Coupling, freed: Freed,
                   others: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
    """The family's rows the freed columns touch, within what the others leave of them."""
    found = []
    for terms, cols, offset in ((family.on_x, freed.x, 0), (family.on_y, freed.y, len(freed.x))):
        if terms is not None:
            position, row, coef = terms.entries(cols)
            found.append((position + offset, row, coef))
    if not found:
        return
    positions, rows, coefs = (np.concatenate(parts) for parts in zip(*found, strict=True))
    touched = np.unique(rows)
    if len(touched) == 0:
        return
    left = (family.limits - family.usage(*others))[touched]
    open_ = np.full(len(touched), INFINITY)
    bounds = (-open_, left) if family.sense == "le" else (left, open_)
    model.add(np.searchsorted(touched, rows), positions, coefs, bounds, family.penalty,
              family.sign)


def _run(model: Model, costs: np.ndarray, integers: int, deadline: Deadline
         ) -> np.ndarray | None:
    """The MIP solved (maximized): its first `integers` variables chosen, or None if HiGHS
    found no solution. It starts from no plan: the plan is what it must beat (HiGHS 1.16,
    given it as a start, returned it with another plan's value)."""
    import highspy

    matrix = model.matrix()
    over = len(model.over)
    lower = np.concatenate([*model.lower, np.zeros(0)])
    upper = np.concatenate([*model.upper, np.zeros(0)])
    highs = highspy.Highs()
    for option, value in (("output_flag", False), ("mip_max_nodes", NODES),
                          ("mip_rel_gap", 0.0), ("random_seed", 0),
                          ("time_limit", max(deadline.left(), 0.0))):
        highs.setOptionValue(option, value)
    n = model.base + over
    highs.addVars(n, np.zeros(n), np.r_[np.ones(model.base), np.full(over, INFINITY)])
    index = np.arange(n, dtype=np.int32)
    highs.changeColsCost(n, index, np.r_[costs, [-p for _, _, p in model.over]])
    kinds = [highspy.HighsVarType.kInteger] * integers + [
        highspy.HighsVarType.kContinuous] * (n - integers)
    highs.changeColsIntegrality(n, index, np.array(kinds))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    _add_rows(highs, matrix, lower, upper)
    run_highs(highs)
    if highs.getModelStatus() == highspy.HighsModelStatus.kTimeLimit:
        deadline.reached = True  # the clock stopped this MIP: the solve records it
    if highs.getInfo().primal_solution_status != 2:  # no feasible solution
        return None
    return np.asarray(highs.getSolution().col_value)[:integers] > 0.5


def _add_rows(highs: Any, matrix: sp.csr_matrix, lower: np.ndarray, upper: np.ndarray
              ) -> None:
    highs.addRows(len(lower), lower, upper, matrix.nnz, matrix.indptr[:-1].astype(np.int32),
                  matrix.indices.astype(np.int32), matrix.data.astype(float))
