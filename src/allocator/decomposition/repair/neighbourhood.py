"""Restricted MIPs on a plan's neighbourhood: a few RMs at a time, their customers free.

A plan on tightly packed RMs loses value the Lagrangian repair cannot see: a customer moves
only if another makes room, and the best exchange runs through several RMs at once. Here a
group of RMs is chosen (a seed RM and RMs its customers may also go to), every customer
served by the group is freed to move within it, everyone else stays, and HiGHS solves that
small assignment exactly (every row an RM column touches, at what the fixed customers leave
of it), warm started from the plan. A better plan replaces the current one.

Groups grow when a whole round of seeds gains nothing (two RMs, then four, ... then all of
them), and at all of them the MIP's node limit doubles. It stops when the plan reaches its
target, when the MIP over every RM proves the plan's RMs optimal, after `rounds` MIPs (a
count: the polish, decomposed.py, gives each of its cycles a few and carries the sizes the
neighbourhoods have grown to from one cycle to the next), or on the deadline (recorded).
Every choice is a count or a seeded draw, and each MIP stops on its node limit, so the same
plan improves the same way on any machine. HiGHS branches on pseudo-costs from the first node
(no strong branching, which on these small tightly packed MIPs took most of their time for no
better plan).

A MIP over every pair also bounds what any plan with the same offers and packages is worth
(HiGHS's dual bound, `Reoptimized.bound`). Once the polish has spent its counts with the plan
above its target and time left, `whole_assignment` solves that MIP without a node limit,
until the plan reaches its target, HiGHS proves it within the target, or the deadline: the
polish does not stop on a stall.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from allocator.backends import SolveOptions, Status, get_backend
from allocator.backends.guarded import solve_by_deadline
from allocator.backends.highs_threads import run_highs
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.restore import Repaired
from allocator.problem import AllocationProblem, Decisions

FIRST_GROUP = 2
"""RMs in the first groups."""
FIRST_CORE = (0.1, 20, 3)
"""The first core: this share of the covered customers (at least this many), each free on its
this many best-priced RMs."""
NODES = 50
"""Branch-and-bound nodes of each MIP, doubled at every round at the last level without a gain,
up to MOST_NODES."""
MOST_NODES = 800
WHOLE_COLUMNS = 600
"""Books of at most this many customer-RM pairs start at the last level, every pair free,
the strongest neighbourhood. On OR-Library's 63 books of up to 600 pairs (gap1-12 and the
5 x 100 ones), at 10 s, that found the optimum on the same 62 as growing groups, in 3.3 s
on average where the groups took 8.7 s; at 1,000 pairs (5 x 200) it ended short on two of
three where the groups reached the optimum."""
TOLERANCE = 1e-9
INFINITY = 1e30


@dataclass(frozen=True)
class Space:
    """The x columns of each customer (CSR over customers), the rows they touch, and each
    column's value at the search's prices (what a pair is worth to the relaxation)."""

    starts: np.ndarray
    order: np.ndarray
    families: list[Coupling]
    rms: int
    priced: np.ndarray

    def columns(self, customers: np.ndarray) -> np.ndarray:
        """Every x column of these customers."""
        spans = [self.order[self.starts[i]:self.starts[i + 1]] for i in customers.tolist()]
        return np.concatenate(spans or [np.zeros(0, dtype=np.int64)])


@dataclass(frozen=True)
class Neighbourhood:
    """One restricted MIP: its columns, their customers (positions among the freed), the rows
    they touch and those rows' room."""

    cols: np.ndarray
    owner: np.ndarray
    freed: int
    rows: tuple[np.ndarray, np.ndarray, np.ndarray]
    """(row, column position, coefficient) of the rows the columns touch."""
    lower: np.ndarray
    upper: np.ndarray


@dataclass
class Levels:
    """How large the neighbourhoods are: groups of `size` RMs, cores of `share` of the
    customers on their `options` best-priced RMs; at the last level, the MIPs' node limit
    grows instead. A round is `per_round` MIPs, alternating groups and cores."""

    size: int
    share: float
    options: int
    nodes: int = NODES
    tried: int = 0
    gained: bool = False
    solved: int = 0
    """MIPs solved in all, over every call that carried these levels."""

    def per_round(self, rms: int) -> int:
        return 2 * -(-rms // self.size)

    def last(self, rms: int) -> bool:
        return self.size >= rms and self.share >= 1.0 and self.options >= rms

    def after(self, gain: bool, proven: bool, rms: int) -> bool:
        """Count one MIP; grow the neighbourhoods after a round without a gain. False when
        the last level's MIP proved the plan's RMs optimal."""
        self.gained |= gain
        self.solved += 1
        if self.last(rms) and proven and not self.gained:
            return False
        self.tried += 1
        if self.tried >= self.per_round(rms):
            if not self.gained and self.last(rms):
                self.nodes = min(2 * self.nodes, MOST_NODES)
            elif not self.gained:
                self.size = min(2 * self.size, rms)
                self.share, self.options = min(1.5 * self.share, 1.0), min(
                    self.options + 1, rms)
            self.tried, self.gained = 0, False
        return True


@dataclass(frozen=True)
class Reoptimized:
    """A plan after restricted MIPs."""

    plan: Repaired
    proven: bool = False
    """A MIP over every pair of its covered customers proved its RMs optimal (for its offers
    and packages)."""
    bound: float | None = None
    """The lowest dual bound of a MIP over every pair of the covered customers, as a plan's
    value: no plan with these offers, packages and covered customers is worth more (None:
    no such MIP was solved)."""

    def at_most(self, bound: float | None) -> Reoptimized:
        lower = bound if self.bound is None else self.bound if bound is None else min(
            bound, self.bound)
        return replace(self, bound=lower)


def reoptimize(d: Decisions, families: list[Coupling], plan: Repaired, deadline: Deadline,
               seed: int, reached: Callable[[float], bool], priced: np.ndarray | None = None,
               rounds: int = 200, levels: Levels | None = None) -> Reoptimized:
    """The plan after restricted MIPs, until `reached(objective)`, a MIP over every pair of
    the covered customers proves its RMs optimal, `rounds` MIPs, or the deadline (recorded).
    `priced`: each x column's value at the search's prices (default: its value); `levels`:
    the neighbourhoods' sizes to start from and grow (default: the first, FIRST_GROUP RMs
    and FIRST_CORE)."""
    space = _space(d, [f for f in families if f.on_x is not None], priced)
    if space is None or plan.x.sum() == 0:
        return Reoptimized(plan)
    every = len(space.columns(np.unique(d.x.customer[plan.x])))
    rng = np.random.default_rng(seed)
    levels = levels or first_levels(space.rms, len(d.x.customer))
    best = Reoptimized(plan)
    for step in range(rounds):
        if reached(best.plan.objective) or deadline.passed():
            break
        cols = (_group(d, space, best.plan, rng, levels.size) if step % 2 == 0
                else _core(d, space, best.plan, rng, levels))
        solved = _solve(d, space, best.plan, cols, levels.nodes, deadline)
        gain = _gains(solved.plan, best.plan)
        best = replace(best, plan=solved.plan if gain else best.plan).at_most(
            solved.bound if len(cols) == every else None)
        if solved.proven and not gain and len(cols) == every:
            return replace(best, proven=True)
        if not levels.after(gain, solved.proven, space.rms):
            break
    return best


def whole_assignment(d: Decisions, families: list[Coupling], plan: Repaired,
                     deadline: Deadline, bound: float, gap: float) -> Reoptimized:
    """The plan after one MIP over every pair of its covered customers without a node limit,
    warm started from the plan: until its plan is within the relative `gap` of `bound` or
    of its own bound, or the deadline (recorded). HiGHS solves it in a process of its own
    that is ended by the deadline (backends/guarded.py: a large MIP's presolve and root asks
    no clock)."""
    space = _space(d, [f for f in families if f.on_x is not None], None)
    if space is None or plan.x.sum() == 0:
        return Reoptimized(plan)
    hood = _neighbourhood(d, space, plan, space.columns(np.unique(d.x.customer[plan.x])))
    matrix, lower, upper = _rows(hood)
    n, cols = len(hood.cols), hood.cols
    fixed = plan.objective - float(d.x.value[cols][plan.x[cols]].sum())
    mip = AllocationProblem(d.x.value[cols].astype(float), matrix, lower, upper, np.zeros(n),
                            np.ones(n), np.ones(n, dtype=bool), (), (),
                            np.zeros(len(lower), dtype=object), d, {})
    result = solve_by_deadline(get_backend("highs"), mip, SolveOptions(
        time_limit=max(deadline.left(), 0.0), gap=gap, ends_at=deadline.end,
        start=plan.x[cols].astype(float), known_bound=bound - fixed))
    deadline.record(result.stopped_on)
    chosen = None if result.values is None else result.values > 0.5
    return _taken(d, space, plan, cols, chosen, (result.status == Status.OPTIMAL,
                                                 result.bound))


def _gains(found: Repaired, best: Repaired) -> bool:
    return found.objective > best.objective + TOLERANCE * max(1.0, abs(best.objective))


def first_levels(rms: int, columns: int) -> Levels:
    """The first neighbourhoods: groups of FIRST_GROUP RMs, cores of FIRST_CORE; on a book of
    at most WHOLE_COLUMNS customer-RM pairs, every pair at once (the last level)."""
    if columns <= WHOLE_COLUMNS:
        return Levels(rms, 1.0, rms)
    return Levels(min(FIRST_GROUP, rms), FIRST_CORE[0], min(FIRST_CORE[2], rms))


def rm_count(d: Decisions) -> int:
    """The RMs the neighbourhoods are drawn among."""
    return int(d.x.rm.max(initial=-1)) + 1


def _space(d: Decisions, families: list[Coupling], priced: np.ndarray | None) -> Space | None:
    customer = d.x.customer
    if len(customer) == 0 or not families:
        return None
    order = np.argsort(customer, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(customer, minlength=int(customer.max()) + 1))]
    return Space(starts, order, families, rm_count(d),
                 d.x.value if priced is None else priced)


def _group(d: Decisions, space: Space, plan: Repaired, rng: np.random.Generator,
           size: int) -> np.ndarray:
    """A seed RM with customers, drawn, and `size - 1` RMs its customers may also go to,
    drawn in proportion to how many of them may: the columns of the group's customers on
    the group's RMs."""
    serving = np.unique(d.x.rm[plan.x])
    seed_rm = int(rng.choice(serving))
    group = np.arange(space.rms)
    if size < space.rms:
        theirs = d.x.customer[plan.x & (d.x.rm == seed_rm)]
        reach = np.bincount(d.x.rm[space.columns(theirs)], minlength=space.rms).astype(float)
        reach[seed_rm] = 0.0
        others = np.flatnonzero(reach > 0)
        chosen = rng.choice(others, size=min(size - 1, len(others)), replace=False,
                            p=reach[others] / reach[others].sum()) if len(others) else others
        group = np.r_[seed_rm, chosen]
    in_group = np.zeros(space.rms, dtype=bool)
    in_group[group] = True
    cols = space.columns(np.unique(d.x.customer[plan.x & in_group[d.x.rm]]))
    return np.sort(cols[in_group[d.x.rm[cols]]])


def _core(d: Decisions, space: Space, plan: Repaired, rng: np.random.Generator,
          levels: Levels) -> np.ndarray:
    """The customers the prices leave least decided (the smallest lead of their best-priced
    RM over the next, shaken by a seeded draw; first those not on their best), each free on
    its `options` best-priced RMs and its own."""
    covered = np.flatnonzero(np.bincount(d.x.customer[plan.x], minlength=len(space.starts) - 1))
    cols = space.columns(covered)
    owner = np.searchsorted(covered, d.x.customer[cols])
    value = space.priced[cols]
    order = np.lexsort((-value, owner))
    cols, owner, value = cols[order], owner[order], value[order]
    first = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    rank = np.arange(len(cols)) - np.repeat(first, np.diff(np.r_[first, len(cols)]))
    lead = value[first] - np.where(np.diff(np.r_[first, len(cols)]) > 1,
                                   value[np.minimum(first + 1, len(cols) - 1)], -np.inf)
    off_best = ~plan.x[cols[first]]
    count = min(len(covered), max(FIRST_CORE[1], int(levels.share * len(covered))))
    picked = np.lexsort((lead * rng.uniform(0.5, 1.5, len(covered)), ~off_best))[:count]
    free = np.zeros(len(covered), dtype=bool)
    free[picked] = True
    keep = free[owner] & ((rank < levels.options) | plan.x[cols])
    return np.sort(cols[keep])


def _neighbourhood(d: Decisions, space: Space, plan: Repaired, cols: np.ndarray
                   ) -> Neighbourhood:
    """These columns free (their customers' current ones among them), every other customer
    where it is; each row the columns touch within what the others leave of it."""
    freed = np.unique(d.x.customer[cols])
    owner = np.searchsorted(freed, d.x.customer[cols])
    now = cols[plan.x[cols]]
    row_ids, positions, coefs, lower, upper, offset = [], [], [], [], [], 0
    for family in space.families:
        assert family.on_x is not None
        r, w = family.on_x.at(cols)
        touched = np.unique(r[r >= 0])
        if len(touched):
            now_r, now_w = family.on_x.at(now)
            left = family.limits - family.usage(plan.x, plan.y, plan.s) + np.bincount(
                now_r[now_r >= 0], now_w[now_r >= 0], len(family.limits))
            local = np.searchsorted(touched, r)
            picked = np.flatnonzero(r >= 0)
            row_ids.append(local[picked] + offset)
            positions.append(picked)
            coefs.append(w[picked])
            bound = left[touched]
            lower.append(np.full(len(touched), -INFINITY) if family.sense == "le" else bound)
            upper.append(np.minimum(bound, INFINITY) if family.sense == "le"
                         else np.full(len(touched), INFINITY))
            offset += len(touched)
    none, empty = np.zeros(0, dtype=np.int64), np.zeros(0)
    return Neighbourhood(cols, owner, len(freed), (
        np.concatenate([*row_ids, none]), np.concatenate([*positions, none]),
        np.concatenate([*coefs, empty])),
        np.concatenate([*lower, empty]), np.concatenate([*upper, empty]))


def _solve(d: Decisions, space: Space, plan: Repaired, cols: np.ndarray, nodes: int,
           deadline: Deadline) -> Reoptimized:
    """The MIP over these columns within `nodes` nodes: its best plan if it keeps every row
    (else this plan), whether HiGHS proved it optimal there, and HiGHS's dual bound as a
    plan's value."""
    import highspy

    hood = _neighbourhood(d, space, plan, cols)
    n = len(hood.cols)
    highs = highspy.Highs()
    for option, value in (("output_flag", False), ("mip_max_nodes", nodes),
                          ("mip_rel_gap", 0.0), ("random_seed", 0),
                          ("mip_pscost_minreliable", 0),
                          ("time_limit", max(deadline.left(), 0.0))):
        highs.setOptionValue(option, value)
    highs.addVars(n, np.zeros(n), np.ones(n))
    index = np.arange(n, dtype=np.int32)
    highs.changeColsCost(n, index, d.x.value[hood.cols])
    highs.changeColsIntegrality(n, index, np.full(n, highspy.HighsVarType.kInteger))
    highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
    matrix, lower, upper = _rows(hood)
    highs.addRows(len(lower), lower, upper, matrix.nnz, matrix.indptr[:-1].astype(np.int32),
                  matrix.indices.astype(np.int32), matrix.data.astype(float))
    highs.setSolution(n, index, plan.x[hood.cols].astype(float))
    run_highs(highs)
    status = highs.getModelStatus()
    if status == highspy.HighsModelStatus.kTimeLimit:
        deadline.reached = True  # the clock stopped this MIP: the solve records it
    info = highs.getInfo()
    bound = float(info.mip_dual_bound)
    chosen = (np.asarray(highs.getSolution().col_value) > 0.5
              if info.primal_solution_status == 2 else None)  # 2: a feasible solution
    return _taken(d, space, plan, hood.cols, chosen, (
        status == highspy.HighsModelStatus.kOptimal,
        bound if np.isfinite(bound) and abs(bound) < INFINITY else None))


def _taken(d: Decisions, space: Space, plan: Repaired, cols: np.ndarray,
           chosen: np.ndarray | None, proof: tuple[bool, float | None]) -> Reoptimized:
    """A MIP's answer over these columns (its choice of them, whether it is proven and the
    MIP's bound) as a plan: the plan with that choice if it keeps every row (else this plan),
    and the bound as a plan's value (the plan's own where they differ by rounding alone)."""
    fixed = plan.objective - float(d.x.value[cols][plan.x[cols]].sum())
    proven, bound = proof[0], None if proof[1] is None else fixed + proof[1]
    if chosen is None:
        return Reoptimized(plan, proven, bound)
    x = plan.x.copy()
    x[cols] = chosen
    found = _checked(d, space, plan, x)
    if found is None:
        return Reoptimized(plan, proven, bound)
    if bound is not None and bound - found.objective <= TOLERANCE * max(1.0, abs(bound)):
        bound = found.objective  # HiGHS's bound is this plan's value but for rounding
    return Reoptimized(found, proven, bound)


def _rows(hood: Neighbourhood) -> tuple[Any, np.ndarray, np.ndarray]:
    """Each freed customer on exactly one of the group's RMs; each touched row in its room:
    the matrix and the rows' lower and upper limits."""
    import scipy.sparse as sp

    n = len(hood.cols)
    rows, positions, coefs = hood.rows
    assign = sp.csr_matrix((np.ones(n), (hood.owner, np.arange(n))), (hood.freed, n))
    limits = sp.csr_matrix((coefs, (rows, positions)), (len(hood.lower), n))
    return (sp.vstack([assign, limits]).tocsr(), np.r_[np.ones(hood.freed), hood.lower],
            np.r_[np.ones(hood.freed), hood.upper])


def _checked(d: Decisions, space: Space, plan: Repaired, x: np.ndarray) -> Repaired | None:
    """The plan with these RMs if every row an RM column touches holds exactly as the repair
    asks (the MIP's own tolerance is looser); None otherwise."""
    for family in space.families:
        limit = TOLERANCE * max(1.0, float(np.abs(family.limits).max(initial=1.0)))
        if family.excess(x, plan.y, plan.s).max(initial=0.0) > limit:
            return None
    value = d.x.value  # the offers, packages and soft rows' penalties are the plan's
    objective = plan.objective + float(value[x].sum() - value[plan.x].sum())
    return Repaired(x, plan.y, plan.s, objective)
