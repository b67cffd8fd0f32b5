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

The LPs themselves, built per component and solved on two threads, once or warm again as the
book-wide prices move, are component_lps.py's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.search.component_lps import ComponentLPs
from allocator.decomposition.search.multipliers import Search
from allocator.decomposition.subproblems import Customers, OffersChosen, chosen_offers
from allocator.problem import Decisions

WHOLE = 1 - 1e-6
"""An LP share above this is a whole pair."""


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
