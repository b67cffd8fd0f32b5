"""One component's LP on HiGHS: built, started from each customer's best pair, solved within a
count of iterations, its rows' duals read as prices (components.py solves every component's).

A model kept to be solved again warm (a sample's, as the book-wide prices move:
component_search.py) is first solved on its contested customers at an estimate of its rows'
prices where one is given (sifting.py), and then holds the whole LP at the optimal basis the
sifting proved: the restricted LP's, with each fixed customer on its pair. On the 1M-customer
book's 200,000-customer sample, with prices estimated on a tenth of the sample, the first
solve takes less than half the simplex time of the whole LP's from the best pairs.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np

from allocator.backends.base import LpBasis
from allocator.backends.highs import basis_of, linear_program, start_from
from allocator.backends.highs_threads import run_highs
from allocator.decomposition.search.sifting import ComponentLp, LpSolution, sifted, whole_basis

PRIMAL_SIMPLEX = 4
ITERATIONS_PER_PAIR, FEWEST_ITERATIONS = 4, 10_000
"""A component's LP may take this many simplex iterations per pair (at least the second
figure), a count, not a clock, so the same book gets the same prices on any machine; past it,
the component keeps the search's prices."""


def kept_solution(highs: Any, lp: ComponentLp, estimate: np.ndarray, highspy: Any
                  ) -> LpSolution | None:
    """The LP solved on this HiGHS, which then holds the whole LP at its optimal basis, to be
    solved again warm: sifted at the `estimate` of its rows' prices where it prices one, else
    from the best pairs; None if it has no optimum."""
    found = (sifted(lp, estimate, partial(solution, highs, highspy)) if estimate.any()
             else solution(highs, highspy, lp))
    if found is None or found.restriction is None:
        return found  # the whole LP was solved on this HiGHS
    restriction = found.restriction
    restricted = basis_of(highs) if len(restriction.pairs) else LpBasis(
        np.zeros(0, dtype=np.int8),
        np.full(len(restriction.rows), int(highspy.HighsBasisStatus.kBasic), dtype=np.int8))
    if restricted is None:
        return solution(highs, highspy, lp)
    highs.passModel(model(lp, highspy))
    start_from(highs, whole_basis(lp, restriction, restricted, highspy.HighsBasisStatus),
               highspy)
    return run(highs, len(lp.value), highspy)


def solution(highs: Any, highspy: Any, lp: ComponentLp) -> LpSolution | None:
    """A component's LP solved on this HiGHS, from its best pairs (best_pairs_basis)."""
    highs.passModel(model(lp, highspy))
    start_from(highs, _best_pairs(lp, highspy), highspy)
    return run(highs, len(lp.value), highspy)


def model(lp: ComponentLp, highspy: Any) -> Any:
    """The LP as HiGHS takes it: minimizing minus the columns' values, shares in [0, 1]."""
    width = len(lp.value)
    return linear_program(lp.matrix, -lp.value, (np.zeros(width), np.ones(width)),
                          (lp.lower, lp.upper), highspy)


def _best_pairs(lp: ComponentLp, highspy: Any) -> LpBasis:
    return best_pairs_basis(lp.customer, lp.value, lp.lower, highspy)


def run(highs: Any, pairs: int, highspy: Any) -> LpSolution | None:
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


def quiet_highs() -> Any:
    """A quiet HiGHS for one component's LP: presolve off (these LPs have nothing to remove)."""
    import highspy

    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("presolve", "off")
    return highs

