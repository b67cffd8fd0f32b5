"""The default base of a what-if: today's books, and where a customer has no RM today, a
reference assignment made only of what a what-if's levers do not touch.

Today's books decide only the customers who have an RM today. Left free, the others take
whichever of many equally good RMs each solve happens to reach, so a what-if that raises only
the budget still moves them (Bank Marketing, budget 48k -> 60k: 1,070 customers without an RM
today changed RM, every change free by `allocate compare`). The reference gives them an RM
that depends on the RM side of the book alone: the RM assignment worth most by coverage value
(each customer-RM pair's value: coverage uplift, fit, continuity) under the rows that hold RM
columns only (coverage, RM hours, book sizes and minimum loads, continuity), without offers,
packages, budget or risk. It is one LP over the whole problem's RM columns, so it is the same
on both solve paths, and the same for every what-if of those levers: both runs of a budget
what-if are pulled toward one assignment (allocator.closeness), and RMs move only where the
lever forces them.

Why not the decomposition repair's assignment LP: it lives on the decomposition's own view of
the book and prices the customers' offers into each pair; this one is read off the problem
both paths solve, and leaves offers out by design. Where the LP splits customers between RMs
(at most one per binding row), a MIP over the columns its prices find about as good as its
own makes the assignment whole, so the reference keeps every RM-side limit and is worth
about the RM side's best: a plan can be moved all the way to it at little cost, and every
customer with RMs to choose from is decided, so the closeness phase can move any of them to
make room for another. A reference that breaks a limit (a split customer at its largest
share) leaves some changes that cannot all be undone together, and which of them stay then
depends on the solve. Every step is a count (pricing rounds, nodes) and HiGHS is
deterministic for the same model, so the same book gives the same reference (equal pairs go
the way the LP's vertex takes them; equal customers are spread over equal RMs by row
number).

What the reference leaves to the solve, measured on the whole of Bank Marketing (budget 48k ->
60k, decomposition, no base given): 84 customers change RM between the two runs, all premier
(optional coverage), none of them offered the fund (the offer that needs an RM); `allocate
compare` finds all 84 free. Each run keeps 1,065 to 1,100 changes against this base that the
closeness phase cannot undo, not one of them at no cost even with 50,000 nodes: taking one
back needs another customer, on the base now, to move, and a phase that only undoes changes
never moves one. Which customers stay off the base then depends on each solve (25 of the 84
in the 60k run, 60 in the 48k run). Compare's own MIP, free to move every customer the two
plans differ on, makes each of the 84 moves at no cost, so a phase that reassigns the RM
columns, offers and packages held, for the most agreement with the base should take them
back; as one MIP over the 300,780 pairs it found nothing better in 300 s under a load
average of 12.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from allocator import columns as c
from allocator.backends.highs import _banner_silenced, linear_program
from allocator.backends.highs_threads import run_highs
from allocator.closeness import BasePlan, todays_books
from allocator.decomposition.clock import Deadline
from allocator.problem import AllocationProblem
from allocator.valuation import ValuedBook

WHOLE = 1e-6
"""How far from 0 or 1 an LP share may be and count as whole; and what the first LPs'
artificial columns may still hold when the RM side alone has a plan."""
START = 2
"""Columns per customer in the first LP."""
ADDED = 6
"""The most columns per customer a round of pricing adds."""
ROUNDS = 50
"""The most rounds of pricing: on Bank Marketing (300,780 pairs) 5 rounds reach the optimum
with a third of the columns, in 1.8 s of one core; the whole LP at once takes 11 s."""
MAX_NODES = 1_000
"""Branch-and-bound nodes of the MIP that places the customers the LP splits: a count."""
NEAR = 1e-3
"""A column the LP's prices find within this share of its own value of the best is as good
for the MIP that makes the reference whole (at 1e-7, only ties: a 3,000-client sample of
Bank Marketing then lost 0.35% of the RM side's value, and 10 of its 699 clients still
moved in a budget what-if; at 1e-3 none moved)."""
MIP_COLUMNS = 50_000
"""The most columns that MIP may have: beyond, each split customer takes its largest share
(on the whole of Bank Marketing, 300,780 pairs, the MIP would take 8.6 s of one core, and
a budget what-if 48k -> 60k would move 79 RMs instead of 84)."""
TOLERANCE = 1e-7
"""How much a column must pay, relative to its own value, to enter."""


def default_base(problem: AllocationProblem, valued: ValuedBook,
                 deadline: Deadline | None = None) -> BasePlan:
    """Today's books, with the reference assignment for each customer without an RM today
    whom it decides; today's books alone where the run's `deadline` stops the reference
    (recorded as stopped on the time limit)."""
    today = todays_books(valued)
    free = valued.customers[c.INCUMBENT_RM].isna().to_numpy()
    if not free[problem.decisions.x.customer].any():
        return today
    try:
        reference, decided = reference_assignment(problem, valued, free, deadline)
    except TimeSpent:
        return replace(today, stopped_on="time_limit")
    if not decided:
        return today
    source = "reference" if today.assignments.empty else "incumbent_rm+reference"
    return BasePlan(pd.concat([today.assignments, reference], ignore_index=True),
                    today.offers, today.customers | decided, decides_offers=False,
                    source=source, reference=len(decided))


class TimeSpent(Exception):
    """The run's deadline passed before the reference was made."""


def reference_assignment(problem: AllocationProblem, valued: ValuedBook, wanted: np.ndarray,
                         deadline: Deadline | None = None) -> tuple[pd.DataFrame, frozenset[str]]:
    """The reference RM (customer_id, rm_id) of each customer of the mask `wanted` who has
    RMs to choose from, and the ids of all those customers (decided: an RM, or none).
    TimeSpent where `deadline` passes first (its LPs and MIP are stopped at it)."""
    x = problem.decisions.x
    solved = _shares(problem, deadline)
    if solved is None:
        return pd.DataFrame({c.CUSTOMER_ID: [], c.RM_ID: []}), frozenset()
    taken = _whole(problem, *solved, deadline)
    n = len(valued.customers)
    served = np.zeros(n, dtype=bool)
    served[x.customer] = True
    decided = wanted & served
    taken &= decided[x.customer]
    ids = valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object).astype(str)
    rm_ids = valued.rms[c.RM_ID].to_numpy(dtype=object).astype(str)
    assignments = pd.DataFrame({c.CUSTOMER_ID: ids[x.customer[taken]],
                                c.RM_ID: rm_ids[x.rm[taken]]})
    return assignments, frozenset(ids[decided])


def _whole(problem: AllocationProblem, share: np.ndarray, as_good: np.ndarray,
           deadline: Deadline | None = None) -> np.ndarray:
    """The LP's assignment made whole (a mask over the RM columns). If it splits customers
    (at most one per binding row), a MIP of the RM side over the columns the LP's prices
    find about as good as its own (NEAR) places every customer; where it finds no plan, or
    would have over MIP_COLUMNS columns, each split customer takes its largest share (a
    reference need not keep every limit: the closeness phase keeps them)."""
    x = problem.decisions.x
    parts = (share > WHOLE) & (share < 1.0 - WHOLE)
    taken = share > 1.0 - WHOLE
    if not parts.any():
        return taken
    candidates = np.flatnonzero(as_good | (share > WHOLE))
    placed = _placed(problem, candidates, deadline) if len(candidates) <= MIP_COLUMNS else None
    if placed is not None:
        whole = np.zeros(len(share), dtype=bool)
        whole[placed] = True
        return whole
    split = np.isin(x.customer, x.customer[parts])
    order = np.lexsort((x.rm, -np.round(share, 9), x.customer))
    first = order[np.r_[True, np.diff(x.customer[order]) != 0]]
    taken &= ~split
    taken[first[split[first] & (np.bincount(x.customer, share)[x.customer[first]]
                                >= 0.5)]] = True
    return taken


def _placed(problem: AllocationProblem, columns: np.ndarray, deadline: Deadline | None = None
            ) -> np.ndarray | None:
    """The columns a MIP of the RM side over `columns` takes; None if it finds no plan
    within MAX_NODES nodes; TimeSpent where `deadline` stops it."""
    import highspy

    n_x = problem.decisions.layout.n_x
    rows = rm_only_rows(problem)
    matrix = sp.csc_matrix(problem.matrix[rows][:, :n_x])
    with _banner_silenced():
        highs: Any = highspy.Highs()
    for option, value in (("output_flag", False), ("mip_max_nodes", MAX_NODES),
                          ("random_seed", 0), ("mip_rel_gap", 0.0)):
        highs.setOptionValue(option, value)
    lp = linear_program(matrix[:, columns], -np.asarray(problem.objective[columns], float),
                        (problem.col_lower[columns], problem.col_upper[columns]),
                        (problem.row_lower[rows], problem.row_upper[rows]),
                        highspy)
    lp.integrality_ = [highspy.HighsVarType.kInteger] * len(columns)
    highs.passModel(lp)
    _run_by(highs, deadline, highspy)
    if highs.getInfo().primal_solution_status != 2:
        return None
    return columns[np.asarray(highs.getSolution().col_value) > 0.5]


def rm_only_rows(problem: AllocationProblem) -> np.ndarray:
    """The rows whose every column is an RM column (x): the RM side of the book."""
    n_x = problem.decisions.layout.n_x
    matrix = problem.matrix
    per_row = np.diff(matrix.indptr)
    rows = np.repeat(np.arange(problem.n_rows), per_row)
    outside = np.bincount(rows[matrix.indices >= n_x], minlength=problem.n_rows)
    return np.flatnonzero((per_row > 0) & (outside == 0))


def _run_by(highs: Any, deadline: Deadline | None, highspy: Any) -> None:
    """Run HiGHS, stopped at `deadline` (TimeSpent if it is, or had passed)."""
    if deadline is not None:
        if deadline.left() <= 0.0:
            raise TimeSpent
        highs.setOptionValue("time_limit", deadline.left())
    run_highs(highs)
    if highs.getModelStatus() == highspy.HighsModelStatus.kTimeLimit:
        raise TimeSpent


def _shares(problem: AllocationProblem, deadline: Deadline | None = None
            ) -> tuple[np.ndarray, np.ndarray] | None:
    """The RM columns' values at an optimum of the LP of the RM side alone, and which columns
    its prices find as good as the ones it takes (None if it has none), by pricing: the LP
    of a few columns per customer, then each round the columns the LP's prices say would
    pay, until none would (at most ROUNDS rounds: a count)."""
    import highspy

    side = _rm_side(problem)
    chosen = _first_columns(side)
    with _banner_silenced():
        highs: Any = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.passModel(_master(side, np.flatnonzero(chosen), highspy))
    order = list(np.flatnonzero(chosen))
    for done in range(1, ROUNDS + 1):
        _run_by(highs, deadline, highspy)
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        entering = _entering(side, np.asarray(highs.getSolution().row_dual), chosen)
        if not len(entering) or done == ROUNDS:
            break
        _add_columns(highs, side, entering)
        chosen[entering] = True
        order += list(entering)
    values = np.asarray(highs.getSolution().col_value)
    if values[:side.artificials.shape[1]].sum() > WHOLE:  # the RM side alone has no plan
        return None
    share = np.zeros(len(side.cost))
    share[np.array(order, dtype=int)] = values[side.artificials.shape[1]:]
    reduced = side.cost - side.matrix.T @ np.asarray(highs.getSolution().row_dual)
    return np.clip(share, 0.0, 1.0), reduced <= NEAR * (1.0 + np.abs(side.cost))


@dataclass(frozen=True)
class RmSide:
    """The LP of the RM side: min cost'x, lower <= matrix x <= upper, bounds on x."""

    matrix: sp.csc_matrix
    cost: np.ndarray
    columns: tuple[np.ndarray, np.ndarray]
    rows: tuple[np.ndarray, np.ndarray]
    spin: np.ndarray
    """Each column's place among its customer's equal columns: customer i's equal RMs are
    taken from RM i (modulo the RMs) on, so equal customers spread over equal RMs."""
    customer: np.ndarray
    artificials: sp.csc_matrix
    """A column per row that x = 0 breaks (a mandatory coverage, a minimum load), at a cost
    no RM column can match: the first LPs have a plan whatever columns they hold."""


def _rm_side(problem: AllocationProblem) -> RmSide:
    x, n_x = problem.decisions.x, problem.decisions.layout.n_x
    rows = rm_only_rows(problem)
    lower, upper = problem.row_lower[rows], problem.row_upper[rows]
    cost = -np.asarray(problem.objective[:n_x], dtype=float)
    broken = np.r_[np.flatnonzero(lower > 0), np.flatnonzero(upper < 0)]
    signs = np.r_[np.ones(int((lower > 0).sum())), -np.ones(int((upper < 0).sum()))]
    artificials = sp.csc_matrix((signs, (broken, np.arange(len(broken)))),
                                shape=(len(rows), len(broken)))
    return RmSide(sp.csc_matrix(problem.matrix[rows][:, :n_x]), cost,
                  (problem.col_lower[:n_x], problem.col_upper[:n_x]), (lower, upper),
                  (x.rm + x.customer) % max(int(x.rm.max(initial=0)) + 1, 1), x.customer,
                  artificials)


def _first_columns(side: RmSide) -> np.ndarray:
    """A mask of each customer's START best columns (equal ones by spin)."""
    order = np.lexsort((side.spin, side.cost, side.customer))
    return _ranks(side.customer[order], order) < START


def _ranks(groups: np.ndarray, order: np.ndarray) -> np.ndarray:
    """Each element's place within its group, for elements listed in `order` (sorted by
    group, best first)."""
    starts = np.r_[0, np.flatnonzero(np.diff(groups)) + 1]
    places = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank = np.full(len(order) and int(order.max()) + 1, len(order))
    rank[order] = places
    return rank


def _entering(side: RmSide, duals: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """The columns outside the LP that would pay at its prices: each customer's ADDED best,
    sorted."""
    reduced = side.cost - side.matrix.T @ duals
    pays = np.flatnonzero(~chosen & (reduced < -TOLERANCE * (1.0 + np.abs(side.cost))))
    order = pays[np.lexsort((side.spin[pays], np.round(reduced[pays], 9),
                             side.customer[pays]))]
    places = _ranks(side.customer[order], np.arange(len(order)))
    return np.sort(order[places < ADDED])


def _master(side: RmSide, columns: np.ndarray, highspy: Any) -> Any:
    n = side.artificials.shape[1]
    matrix = sp.hstack([side.artificials, side.matrix[:, columns]]).tocsc()
    worst = 1e3 * (1.0 + float(np.abs(side.cost).max(initial=0.0)))
    return linear_program(matrix, np.r_[np.full(n, worst), side.cost[columns]],
                          (np.zeros(n + len(columns)),
                           np.r_[np.full(n, np.inf), side.columns[1][columns]]),
                          side.rows, highspy)


def _add_columns(highs: Any, side: RmSide, columns: np.ndarray) -> None:
    block = side.matrix[:, columns].tocsc()
    highs.addCols(len(columns), side.cost[columns], side.columns[0][columns],
                  side.columns[1][columns], block.nnz, block.indptr[:-1].astype(np.int32),
                  block.indices.astype(np.int32), block.data.astype(float))
