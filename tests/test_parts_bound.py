"""A book in parts has the whole book's bound: at the same book-wide prices, each part's
component LPs price its RMs' rows as the whole book's LPs do, over random small books split by
region (an RM serves one region, so its rows fall to one part)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import columns as c
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.parts.part import customer_part, skeleton
from allocator.decomposition.parts.search import InProcess, solve_in_parts
from allocator.decomposition.search.component_search import component_search
from allocator.decomposition.search.components import (
    book_wide,
    component_prices,
    components,
    local_families,
)
from allocator.decomposition.search.multipliers import Settings, new_search
from allocator.decomposition.subproblems import customer_structure, solve_subproblems
from allocator.preparation import prepare
from allocator.problem import decisions_of
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook, packages_of, tier_totals, value_book
from tests.test_decomposition import DEMO, scaled


def whole_bound(valued: ValuedBook, scenario: Scenario) -> tuple[list[np.ndarray], float] | None:
    """The book-wide part of the whole book's component search's prices (the component-local
    rows' at zero), and the bound there with the component-local rows' exact (None without
    component-local rows)."""
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    wide = component_search(d, cs, families, {})
    if wide is None:
        return None
    search = new_search(families, {}, d, cs)
    search.start_from(wide)
    component = components(d)
    local = local_families(search, d, component)
    exact = component_prices(search, d, cs, (component, local))
    assert exact is not None
    search.start_from(exact.multipliers)
    return book_wide(wide, local), search.dual_value(solve_subproblems(d, cs, search.lam()))


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(customers=st.integers(300, 1200), seed=st.integers(0, 10_000),
       per_rm=st.sampled_from([None, 150, 300]), book_share=st.sampled_from([1.0, 0.3, 0.15]))
def test_a_book_split_by_region_has_the_whole_books_first_bound(
        customers: int, seed: int, per_rm: int | None, book_share: float) -> None:
    staffing = [] if per_rm is None else [f"data.generate.customers_per_rm={per_rm}"]
    prepared = prepare(DEMO, [*scaled(customers, seed), *staffing])
    scenario, tiered = prepared.loaded.scenario, prepared.tiering.customers
    rms = prepared.book.rms.copy()
    rms["max_book"] = (book_share * rms["max_book"]).round()  # below 1: book sizes that bind
    book = replace(prepared.book, rms=rms)
    found = whole_bound(value_book(tiered, book, scenario), scenario)
    if found is None:
        return
    wide, bound = found
    valued = [value_book(rows.reset_index(drop=True), book, scenario)
              for _, rows in tiered.groupby(c.REGION, observed=True, sort=True)]
    parts = [customer_part(v, scenario) for v in valued]
    totals = sum(tier_totals(v.customers, v.customers[c.TIER].cat.codes.to_numpy(),
                             len(scenario.tiers)) for v in valued)
    options = packages_of(np.asarray(totals), scenario)
    first = Settings(time_limit=30, gap=5e-4, start=tuple(wide), max_iterations=1,
                     branch_packages=False)
    solved = solve_in_parts(InProcess(), parts, skeleton(valued[0]), options, scenario,
                            first, exact_local=True)
    assert solved.history[0][0] == pytest.approx(bound, rel=1e-9)
    if solved.best is not None:
        assert solved.bound >= solved.best.objective - 1e-6 * abs(solved.best.objective)
