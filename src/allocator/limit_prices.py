"""Each limit's marginal value and the range of the limit over which it holds, from the LP
with an exact plan's package choices fixed and its customer decisions relaxed (one LP, with
ranging): a row per customer or pair is left unpriced, and every other row is named as the
checker names it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import numpy as np

from allocator.backends import SolveResult
from allocator.checks.limits import MOVED
from allocator.problem import AllocationProblem
from allocator.sensitivity import BREACHES, Key, unreachable_rows

PER_CUSTOMER = {"coverage_mandatory", "coverage_optional", "contact", "rm_offer_link",
                "rm_month_hours_link"}
"""Row blocks with a row per customer or pair: the checker reports them summed, unpriced."""


def limit_lumps(problem: AllocationProblem) -> dict[Key, float]:
    """Per limit, the largest use of it by one customer decision (x or y column)."""
    customers = problem.matrix[:, :problem.col_block("y").stop]
    if customers.shape[1] == 0:  # no customer decisions at all
        return {limit_key(problem, name, row): 0.0 for name, row in aggregate_rows(problem)}
    largest = np.asarray(abs(customers).max(axis=1).todense()).ravel()
    return {limit_key(problem, name, row): float(largest[row])
            for name, row in aggregate_rows(problem)}


def fixed_packages(problem: AllocationProblem, values: np.ndarray) -> AllocationProblem:
    """The problem with the package choices fixed at the plan's: with every customer decision
    fixed too no column would be free and every dual arbitrary; relaxing the many small customer
    decisions instead prices each limit as the book feels it at the margin."""
    fixed = problem.col_block("s")
    lower, upper = problem.col_lower.copy(), problem.col_upper.copy()
    lower[fixed] = upper[fixed] = values[fixed]
    return replace(problem, col_lower=lower, col_upper=upper)


def aggregate_rows(problem: AllocationProblem) -> Iterator[tuple[str, int]]:
    """Each priced row (none of a block per customer or pair: PER_CUSTOMER) by its block."""
    for block in problem.row_blocks:
        if block.name not in PER_CUSTOMER:
            yield from ((block.name, row) for row in range(block.start, block.stop))


def limit_key(problem: AllocationProblem, name: str, row: int) -> Key:
    """The checker's name of a row: the continuity row counts incumbents kept, the checker's
    counts customers moved; a row of a family the checker sums as breaches (BREACHES), its
    rule's."""
    if name == "continuity":
        return (name, MOVED)
    label = str(problem.row_labels[row])
    if name in BREACHES:  # "customer/rule days first-last" (campaigns.rows): the rule's
        return (name, BREACHES[name] or label.rsplit(" days ", 1)[0].partition("/")[2])
    return (name, label)


def prices_by_limit(problem: AllocationProblem, result: SolveResult
                    ) -> tuple[dict[Key, float], dict[Key, tuple[float, float]]]:
    """Per limit, its marginal value and the range of the limit over which it holds, from the
    LP's row duals and ranges (a breach family's: its largest price, no range)."""
    duals, ranges = np.asarray(result.row_duals), result.row_ranges
    prices: dict[Key, float] = {}
    spans: dict[Key, tuple[float, float]] = {}
    for name, row in aggregate_rows(problem):
        key, price = limit_key(problem, name, row), float(duals[row]) + 0.0  # no -0.0
        span = (np.nan, np.nan) if ranges is None else (float(ranges[row, 0]),
                                                        float(ranges[row, 1]))
        if name == "continuity":  # moves allowed = incumbent pairs - incumbents to keep
            pairs = float(problem.matrix[row].nnz)
            price, span = 0.0 - price, (pairs - span[1], pairs - span[0])
        if name in BREACHES:  # where one more contact is worth most; no one range
            if key not in prices or abs(price) > abs(prices[key]):
                prices[key] = price
            continue
        prices[key], spans[key] = price, span
    return prices, spans


def reachable_limits(problem: AllocationProblem) -> tuple[frozenset[Key], frozenset[str]]:
    """The limits with terms that can reach them, and the priced blocks the problem has."""
    never = unreachable_rows(problem)
    keys = frozenset(limit_key(problem, name, row) for name, row in aggregate_rows(problem)
                     if not never[row])
    names = frozenset(b.name for b in problem.row_blocks if b.name not in PER_CUSTOMER)
    return keys, names
