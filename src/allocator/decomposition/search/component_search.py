"""A search over the book-wide multipliers only, the component-local ones exact at every point.

With the component-local rows (RM hours...) priced by their component LPs' duals
(components.py), the dual function is one of the few book-wide multipliers (budget, caps,
quotas, minimums, channels, continuity): g(lam) = min over the component-local multipliers of
L. Its slope comes from the LPs' solution: the book-wide rows' use by the LPs' (fractional)
pairs, by the offers each customer takes with and without an RM in proportion to its coverage,
and by the packages. A bundle over those few multipliers converges in a few dozen evaluations,
each a warm solve of every component's LP, where the search over all multipliers needs
hundreds.

It gives a large book's sample its prices: the 1M-customer book's 100,000-customer sample in
5 s (40 evaluations), whose book-wide prices bring the book's component LPs' bound to 1,875.18M,
where the sample's search over all its multipliers gave prices worth 1,875.35M. The book's
own minimum is near 1,874.93M.
"""

from __future__ import annotations

from functools import partial

import numpy as np

from allocator.decomposition.coupling import Coupling, limits_value
from allocator.decomposition.memory import release_freed_memory
from allocator.decomposition.search.bundle import Cut
from allocator.decomposition.search.component_lps import ComponentLPs, Solved
from allocator.decomposition.search.components import (
    components,
    cover_values,
    freed,
    held_rows,
    local_families,
)
from allocator.decomposition.search.multipliers import (
    Search,
    new_search,
    search_over,
    typical_price,
)
from allocator.decomposition.subproblems import Customers, OffersChosen, solve_subproblems
from allocator.problem import Decisions

EVALUATIONS = 40
TOLERANCE = 1e-5
FIRST_BOX = 0.5
"""At most this many evaluations (a count, not a clock: the same book gets the same prices),
until the model promises less than this share of the bound (on the 1M book's sample of
200,000 customers: 19 evaluations, 5e-6 above the bound of 60), and the first box in natural
steps: from zero, the book-wide prices are far."""


def component_search(d: Decisions, cs: Customers, families: list[Coupling],
                     soft: dict[str, float], evaluations: int = EVALUATIONS
                     ) -> list[np.ndarray] | None:
    """The multipliers of the best bound found, per family (the component-local ones the LPs'
    duals); None if the book has no component-local rows or a component's LP has no optimum
    within its count of iterations (component_lps.py)."""
    whole = new_search(families, soft, d, cs)
    component = components(d)
    local = local_families(whole, d, component)
    if not any(local):
        return None
    wide = [f for f, r in zip(families, local, strict=True) if not r]
    outer = search_over(wide, soft, [typical_price(f, d) for f in wide], 1,
                        np.zeros(len(d.x.value), dtype=np.int64),
                        np.zeros(len(d.y.value), dtype=np.int64))
    outer.bundle.box = FIRST_BOX
    lps = ComponentLPs(d, cs, freed(families, held_rows(whole)), local, component, keep=True)
    best: list[np.ndarray] | None = None
    for _ in range(evaluations):
        lam = _merged(outer.lam(), local, families)
        cost, offers = cover_values(d, cs, lam)
        solved = lps.solve(cost)
        if solved.share is None:
            return None
        exact = lps.multipliers(lam, solved.duals)
        choice = solve_subproblems(d, cs, exact, offers)
        bound = choice.value + limits_value(families, exact)
        if outer.improves(bound):
            best = exact
        use = _wide_use(d, cs, wide, solved, offers, choice.s)
        outer.update(bound, partial(_cut, outer, bound, use))
        if not wide or outer.converged(TOLERANCE):  # no book-wide rows: nothing to search
            break
    del lps
    release_freed_memory()
    return best


def _merged(wide: list[np.ndarray], local: list[bool], families: list[Coupling]
            ) -> list[np.ndarray]:
    """The book-wide multipliers, with zero for the component-local families, in family order."""
    given = iter(wide)
    return [np.zeros(len(f.limits)) if r else next(given)
            for f, r in zip(families, local, strict=True)]


def _wide_use(d: Decisions, cs: Customers, wide: list[Coupling], solved: Solved,
              offers: OffersChosen, packages: np.ndarray) -> np.ndarray:
    """The book-wide rows' use (stacked) by the LPs' solution: their pairs' shares, each
    customer's offers with an RM in proportion to its coverage and without one in the rest,
    and the packages."""
    assert solved.share is not None
    _, with_rm, _, without = offers.choices
    covered = np.bincount(d.x.customer, solved.share, len(cs.kind))[d.y.customer]
    y = np.where(with_rm, covered, 0.0) + np.where(without, 1.0 - covered, 0.0)
    use = [f.shared_usage(solved.share, y, packages.astype(float)) for f in wide]
    return np.concatenate(use) if use else np.zeros(0)


def _cut(outer: Search, bound: float, use: np.ndarray) -> Cut:
    """g's cut, whole in one of the bundle's blocks: its value less the linear part, and its
    slope."""
    rows = np.arange(len(use))
    return Cut(np.array([bound - float(outer.bundle.linear @ outer.mu)]),
               np.zeros(len(use), dtype=np.int64), rows, outer.slopes(rows, use))
