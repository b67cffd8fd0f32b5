"""Exact prices for the component-local rows (RM hours, book sizes, minimum loads): one LP per
component.

A component is a connected component of the customer-RM graph: customers and the RMs they may
have, linked by their pairs. An RM serves customers of one region only, so a component lies
within a region, and a region may hold several (groups of its RMs that no customer links). A
row is component-local if all its terms lie in one component. With the book-wide rows (budget,
caps, quotas, continuity) priced, what is left splits into components: each an assignment LP of
its customers to its RMs, a pair worth its priced value plus what coverage adds to the
customer's priced offers. That LP's row duals are the component-local rows' best multipliers
for those book-wide prices (the Lagrangian's minimum over them), which a search over thousands
of RMs at once approaches only slowly: on the 1M-customer book (3,329 RMs in 278 regions), at a
sample's book-wide prices, the LPs' bound is 1,875.35M where 20 balancing steps reached
1,877.2M and eight minutes of the bundle 1,875.25M. Their solution is nearly whole (2,637
customers split), so it is also where a repair starts: its whole pairs fit every RM, and the
repair places the split customers.

Components are solved on two threads (HiGHS releases the GIL). A large book's models are solved
once, on their contested customers at the search's prices of the component-local rows (a
sample's: sifting.py), and dropped (1.2 GB for the 1M book's 3M pairs); a sample's are kept,
and solve again warm from their last basis when the book-wide prices move
(component_search.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from allocator.backends.base import LpBasis
from allocator.backends.highs import _banner_silenced, linear_program, start_from
from allocator.backends.highs_threads import run_highs
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.memory import release_freed_memory
from allocator.decomposition.search.multipliers import Search
from allocator.decomposition.search.sifting import ComponentLp, LpSolution, sifted
from allocator.decomposition.subproblems import (
    MANDATORY,
    Customers,
    OffersChosen,
    chosen_offers,
)
from allocator.problem import Decisions

THREADS = 2
LARGEST_COMPONENT = 1_000_000
"""A component of more pairs than this is left to the search: its LP would take most of a
minute (the largest of the 1M book, 267,000 pairs, takes 3 s)."""
TRIM_AFTER = 100_000
"""After dropping the model of a component of more pairs than this, the freed memory goes back
to the system at once (memory.py): the 5M book's largest components' models are 0.4 GB each."""
WHOLE = 1 - 1e-6
"""An LP share above this is a whole pair."""
PRIMAL_SIMPLEX = 4
ITERATIONS_PER_PAIR, FEWEST_ITERATIONS = 4, 10_000
"""A component's LP may take this many simplex iterations per pair (at least the second
figure), a count, not a clock, so the same book gets the same prices on any machine; past it,
the component keeps the search's prices."""


@dataclass(frozen=True)
class ComponentPrices:
    """The multipliers with the component-local rows' from the LPs, and the pairs the LPs take
    whole (None if a component was left out or had no optimum)."""

    multipliers: list[np.ndarray]
    whole: np.ndarray | None


def component_prices(search: Search, d: Decisions, cs: Customers,
                     where: tuple[np.ndarray, list[bool]]) -> ComponentPrices | None:
    """The component-local rows' exact multipliers at the search's book-wide multipliers (its
    component-local ones count as zero); None if the book has no component-local row the
    search moves. `where`: the RMs' components and which families are component-local."""
    if not any(where[1]):
        return None
    return local_prices(search.lam(), freed(search.families, held_rows(search)), d, cs, where)


def local_prices(lam: list[np.ndarray], families: list[Coupling], d: Decisions, cs: Customers,
                 where: tuple[np.ndarray, list[bool]]) -> ComponentPrices:
    """The component-local rows' exact multipliers at these book-wide multipliers (`lam`'s
    component-local ones count as zero, and are kept for rows no component holds), with the
    pairs the LPs take whole. `where`: the RMs' components and which families are
    component-local."""
    component, local = where
    models = ComponentLPs(d, cs, families, local, component, keep=False)
    # the values alone, and only inside solve: on a large book each copy is 0.1 GB
    solved = models.solve(cover_values(d, cs, book_wide(lam, local))[0], models.prices_of(lam))
    found = models.multipliers(lam, solved.duals)
    whole = None if solved.share is None else solved.share > WHOLE
    return ComponentPrices(found, whole)


def local_families(search: Search, d: Decisions, component: np.ndarray) -> list[bool]:
    """Per family: whether it is hard, on x columns only, moved by the search, and every row
    of it lies within one component (`component`: per RM)."""
    return component_local(search.families, moved_families(search), d, component)


def moved_families(search: Search) -> list[bool]:
    """Per family: whether it is hard (no penalty caps its multipliers) and the search moves
    it; rows it holds at zero (implied by another: coupling.implied_rows) may be among them,
    and stay free in the LPs (freed)."""
    return [bool(np.isin(upper, (0.0, np.inf)).all() and np.isinf(upper).any())
            for upper in _per_family(search.bundle.upper, search.families)]


def held_rows(search: Search) -> np.ndarray:
    """Per stacked row: whether the search holds its multiplier at zero."""
    return np.asarray(search.bundle.upper == 0.0)


def freed(families: list[Coupling], held: np.ndarray) -> list[Coupling]:
    """The families with the `held` rows (stacked) left without a limit: in the LPs they
    then bind nowhere and get no price, as in the search."""
    return [replace(family, limits=np.where(rows, np.inf if family.sense == "le" else -np.inf,
                                            family.limits)) if rows.any() else family
            for family, rows in zip(families, _per_family(held, families), strict=True)]


def _per_family(stacked: np.ndarray, families: list[Coupling]) -> list[np.ndarray]:
    return np.split(stacked, np.cumsum([len(f.limits) for f in families])[:-1])


def component_local(families: list[Coupling], moved: list[bool], d: Decisions,
                    component: np.ndarray) -> list[bool]:
    """Per family: whether it is `moved` (moved_families), on x columns only, and every row of
    it lies within one component (`component`: per RM)."""
    found = []
    for family, hard_and_moved in zip(families, moved, strict=True):
        size = len(family.limits)
        terms = family.on_x
        if not hard_and_moved or terms is None or family.on_y is not None or (
                family.on_s is not None):
            found.append(False)
            continue
        where = component[d.x.rm[terms.cols]]
        lowest = np.full(size, np.iinfo(np.int64).max)
        highest = np.full(size, -1)
        np.minimum.at(lowest, terms.rows, where)
        np.maximum.at(highest, terms.rows, where)
        found.append(bool(np.all((lowest == highest) | (highest < 0))))
    return found


def components(d: Decisions) -> np.ndarray:
    """Per RM: its component, a connected component of the customer-RM graph. Found on the RMs
    alone, each linked to its customers' first RM (pairs are in customer order): a graph of a
    few thousand nodes and distinct links instead of one with a node per customer."""
    rms = int(d.x.rm.max(initial=-1)) + 1
    if rms == 0:
        return np.zeros(0, dtype=np.int64)
    customer = d.x.customer
    starts = np.flatnonzero(np.r_[True, customer[1:] != customer[:-1]])
    first = np.repeat(d.x.rm[starts], np.diff(np.r_[starts, len(customer)]))
    links = np.unique(first.astype(np.int64) * rms + d.x.rm)
    del first
    graph = sp.coo_matrix((np.ones(len(links)), (links // rms, links % rms)), shape=(rms, rms))
    return connected_components(graph, directed=False)[1].astype(np.int64)


def book_wide(lam: list[np.ndarray], local: list[bool]) -> list[np.ndarray]:
    """The multipliers with the component-local families' at zero."""
    return [np.zeros_like(m) if r else m for m, r in zip(lam, local, strict=True)]


def cover_values(d: Decisions, cs: Customers, lam: list[np.ndarray]
                 ) -> tuple[np.ndarray, OffersChosen]:
    """Per x column at these multipliers: its priced value plus what coverage adds to the
    customer's priced offers; and the offers chosen (chosen_offers)."""
    offers = chosen_offers(d, cs, lam)
    with_rm, _, without, _ = offers.choices
    cost = cs.pricing[0].priced(d.x.value, np.concatenate(lam))
    cost += (with_rm - without)[d.x.customer]
    return cost, offers


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

