"""The component LPs of a book: per connected component of the customer-RM graph, an assignment
LP of its customers to its RMs with its component-local rows (RM hours, book sizes, minimum
loads), maximizing the pairs' values at the book-wide prices; its row duals are those rows'
prices (components.py).

Components are solved on two threads (HiGHS releases the GIL), each within a count of simplex
iterations, from each customer's best pair. A large book's models are solved once, on their
contested customers at the search's prices of the component-local rows (a sample's:
sifting.py), and dropped (1.2 GB for the 1M book's 3M pairs); a sample's are kept, and solve
again warm from their last basis when the book-wide prices move (component_search.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp

from allocator.backends.base import LpBasis
from allocator.backends.highs import _banner_silenced, linear_program, start_from
from allocator.backends.highs_threads import run_highs
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.memory import release_freed_memory
from allocator.decomposition.search.sifting import ComponentLp, LpSolution, sifted
from allocator.decomposition.subproblems import MANDATORY, Customers
from allocator.problem import Decisions

THREADS = 2
LARGEST_COMPONENT = 1_000_000
"""A component of more pairs than this is left to the search: its LP would take most of a
minute (the largest of the 1M book, 267,000 pairs, takes 3 s)."""
TRIM_AFTER = 100_000
"""After dropping the model of a component of more pairs than this, the freed memory goes back
to the system at once (memory.py): the 5M book's largest components' models are 0.4 GB each."""
PRIMAL_SIMPLEX = 4
ITERATIONS_PER_PAIR, FEWEST_ITERATIONS = 4, 10_000
"""A component's LP may take this many simplex iterations per pair (at least the second
figure), a count, not a clock, so the same book gets the same prices on any machine; past it,
the component keeps the search's prices."""


@dataclass(frozen=True)
class Solved:
    duals: np.ndarray
    """Per component-local row, stacked: its dual as a price (nan where its component was not
    solved)."""
    share: np.ndarray | None
    """Per x column: the LPs' share of it (None if a component was not solved)."""


class ComponentLPs:
    """The component LPs of a book: per component, its customers' coverage rows (at most one
    RM, exactly one in a mandatory tier) and its component-local rows over its x columns."""

    def __init__(self, d: Decisions, cs: Customers, families: list[Coupling],
                 local: list[bool], component: np.ndarray, keep: bool) -> None:
        self.families, self.local, self.keep = families, local, keep
        pair_component = component[d.x.rm]
        self.order = np.argsort(pair_component, kind="stable").astype(np.int32 if len(
            pair_component) < np.iinfo(np.int32).max else np.int64)
        keys = pair_component[self.order]
        cuts = np.r_[0, np.flatnonzero(np.diff(keys)) + 1, len(keys)]
        self.spans = [(int(a), int(b)) for a, b in pairwise(cuts)]
        self.customer = d.x.customer
        self.customers = len(cs.kind)
        rows, coefs, lower, upper = [], [], [np.where(cs.kind == MANDATORY, 1.0, -np.inf)], [
            np.ones(self.customers)]
        offset = self.customers
        for family in (f for f, r in zip(families, local, strict=True) if r):
            assert family.on_x is not None
            at, coef = family.on_x.dense(len(d.x.value))
            row = at.astype(np.int32)  # a copy, in the smaller type
            row[row >= 0] += offset
            rows.append(row)
            coefs.append(coef)
            limits = family.limits.astype(float)
            infinite = np.full(len(limits), np.inf)
            lower.append(-infinite if family.sense == "le" else limits)
            upper.append(limits if family.sense == "le" else infinite)
            offset += len(limits)
        self.rows, self.coefs = rows, coefs
        self.lower, self.upper = np.concatenate(lower), np.concatenate(upper)
        self.models: list[Any] = []
        """Per component: its HiGHS, None once dropped."""
        self.model_rows: list[np.ndarray] = []
        self._duals, self._share, self._estimate = np.zeros(0), np.zeros(0), np.zeros(0)
        """The solve under way's component-local duals and pair shares, filled component by
        component."""

    def solve(self, cost: np.ndarray, estimate: np.ndarray | None = None) -> Solved:
        """Every component's LP at these column values, within its count of iterations; a
        model not kept, on its contested customers at the `estimate` of the component-local
        rows' prices (prices_of; zero if not given)."""
        self._estimate = np.zeros(len(self.lower) - self.customers) if estimate is None else (
            estimate)
        self._duals = np.full(len(self.lower) - self.customers, np.nan)
        self._share = np.zeros(len(cost))
        ordered = cost[self.order]
        del cost
        if not self.models:
            with _banner_silenced():  # it swaps the process's stdout: not for a thread to do
                self.models = [_highs() for _ in self.spans]
            self.model_rows = [np.zeros(0, dtype=np.int64)] * len(self.spans)
        with ThreadPoolExecutor(THREADS) as pool:
            solved = all(pool.map(self._solve_component, range(len(self.spans)),
                                  [ordered] * len(self.spans)))
        if not self.keep:
            self.models = []
            release_freed_memory()
        return Solved(self._duals, self._share if solved else None)

    def prices_of(self, lam: list[np.ndarray]) -> np.ndarray:
        """The component-local rows' prices (stacked, as the duals) at these multipliers."""
        found = [family.sign * current for family, is_local, current
                 in zip(self.families, self.local, lam, strict=True) if is_local]
        return np.concatenate(found) if found else np.zeros(0)

    def multipliers(self, lam: list[np.ndarray], duals: np.ndarray) -> list[np.ndarray]:
        """These multipliers with the component-local families' from the duals (kept where nan)."""
        found, position = [], 0
        for family, is_local, current in zip(self.families, self.local, lam, strict=True):
            if is_local:
                exact = duals[position:position + len(family.limits)]
                found.append(np.where(np.isnan(exact), current, family.sign * exact).clip(0.0))
                position += len(family.limits)
            else:
                found.append(current)
        return found

    def _solve_component(self, index: int, ordered: np.ndarray) -> bool:
        """One component's LP (maximizing): its rows' duals as prices and its columns' values,
        written in place (each component's own entries); False if it has no optimum within
        its iterations or is too large. A model kept is solved warm from its last basis; one
        solved once is solved on its contested customers (sifting.py), at the estimate."""
        import highspy

        a, b = self.spans[index]
        if b - a > LARGEST_COMPONENT:
            return False
        highs = self.models[index]
        if self.keep:
            found = self._warm_solution(index, ordered[a:b], highspy)
            rows = self.model_rows[index]
        else:
            rows, lp = self._component_lp(a, b, ordered[a:b])
            estimate = np.zeros(len(rows))
            local = rows >= self.customers
            estimate[local] = self._estimate[rows[local] - self.customers]
            found = sifted(lp, estimate, partial(_solution, highs, highspy))
            self.models[index] = None  # at once: all components' models at the end are GBs
            if b - a > TRIM_AFTER:
                release_freed_memory()
        if found is None:
            return False
        local = rows >= self.customers
        self._duals[rows[local] - self.customers] = found.prices[local]
        self._share[self.order[a:b]] = found.share
        return True

    def _warm_solution(self, index: int, value: np.ndarray, highspy: Any) -> LpSolution | None:
        """A kept model's solution at these column values: built and started from its best
        pairs the first time, warm from its last basis after."""
        highs = self.models[index]
        if highs.getNumCol() == 0:
            a, b = self.spans[index]
            self.model_rows[index], lp = self._component_lp(a, b, value)
            highs.passModel(_model(lp, highspy))
            start_from(highs, _best_pairs(lp, highspy), highspy)
            highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)  # later: costs move
        else:
            highs.changeColsCost(len(value), np.arange(len(value), dtype=np.int32), -value)
        return _run(highs, len(value), highspy)

    def _rows(self, a: int, b: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The component's rows, and its columns' entries: (rows, column of each, row of each
        within the component's rows, coefficient)."""
        cols = self.order[a:b]
        width = b - a
        at = [self.customer[cols]] + [r[cols] for r in self.rows]
        coef = [np.ones(width)] + [c[cols] for c in self.coefs]
        row = np.concatenate(at)
        column = np.tile(np.arange(width), len(at))
        value = np.concatenate(coef)
        used = row >= 0
        rows, local = np.unique(row[used], return_inverse=True)
        return rows, column[used], local, value[used]

    def _component_lp(self, a: int, b: int, value: np.ndarray
                      ) -> tuple[np.ndarray, ComponentLp]:
        """The component's rows, and its LP (maximizing the columns' values)."""
        rows, column, local, coef = self._rows(a, b)
        matrix = sp.csc_matrix((coef, (local, column)), shape=(len(rows), b - a))
        # the first b - a entries are the columns' coverage rows, in column order (_rows)
        return rows, ComponentLp(matrix, value, self.lower[rows], self.upper[rows],
                                 local[:b - a])


def _solution(highs: Any, highspy: Any, lp: ComponentLp) -> LpSolution | None:
    """A component's LP solved on this HiGHS, from its best pairs (best_pairs_basis)."""
    highs.passModel(_model(lp, highspy))
    start_from(highs, _best_pairs(lp, highspy), highspy)
    return _run(highs, len(lp.value), highspy)


def _model(lp: ComponentLp, highspy: Any) -> Any:
    """The LP as HiGHS takes it: minimizing minus the columns' values, shares in [0, 1]."""
    width = len(lp.value)
    return linear_program(lp.matrix, -lp.value, (np.zeros(width), np.ones(width)),
                          (lp.lower, lp.upper), highspy)


def _best_pairs(lp: ComponentLp, highspy: Any) -> LpBasis:
    return best_pairs_basis(lp.customer, lp.value, lp.lower, highspy)


def _run(highs: Any, pairs: int, highspy: Any) -> LpSolution | None:
    """The model's solution within its count of iterations (ITERATIONS_PER_PAIR), with its
    rows' duals as prices; None if it has no optimum."""
    highs.setOptionValue("simplex_iteration_limit",
                         max(ITERATIONS_PER_PAIR * pairs, FEWEST_ITERATIONS))
    run_highs(highs)
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    solution = highs.getSolution()
    # minimizing -value: a binding 'le' row's dual is minus its price
    return LpSolution(np.asarray(solution.col_value), -np.asarray(solution.row_dual))


def best_pairs_basis(coverage: np.ndarray, value: np.ndarray, lower: np.ndarray,
                     highspy: Any) -> LpBasis:
    """A starting basis where each customer holds its best pair (`coverage`: per column, its
    customer's row; `lower`: per row, its lower limit), if that pair is worth something or
    the customer must have an RM, and every other row's slack is basic. Its reduced costs
    are the pairs' shortfalls from their customer's best, none negative, so the dual simplex
    starts from it at once, where the RMs' rows alone are broken (an RM given more than its
    hours): on the 1M-customer book's largest components, half the iterations of a start from
    the slacks alone."""
    order = np.lexsort((-value, coverage))
    sorted_rows = coverage[order]
    best = order[np.r_[True, sorted_rows[1:] != sorted_rows[:-1]]] if len(order) else order
    best = best[(value[best] > 0) | (lower[coverage[best]] > 0)]
    status = highspy.HighsBasisStatus
    cols = np.full(len(value), int(status.kLower), dtype=np.int8)
    rows = np.full(len(lower), int(status.kBasic), dtype=np.int8)
    cols[best] = int(status.kBasic)
    rows[coverage[best]] = int(status.kUpper)  # the row at its limit of one RM
    return LpBasis(cols, rows)


def _highs() -> Any:
    """A quiet HiGHS for one component's LP: presolve off (these LPs have nothing to remove)."""
    import highspy

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")
    return highs
