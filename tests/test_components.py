"""The component-local rows priced exactly by their component LPs, and the search over the
book-wide rows."""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator import decomposition_path
from allocator.backends.highs import linear_program, start_from
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.search.balance import balance_rm_hours
from allocator.decomposition.search.component_lps import best_pairs_basis
from allocator.decomposition.search.component_search import component_search
from allocator.decomposition.search.components import (
    component_prices,
    components,
    held_rows,
    local_families,
)
from allocator.decomposition.search.multipliers import Search, Settings, new_search
from allocator.decomposition.subproblems import Customers, customer_structure, solve_subproblems
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import Decisions, decisions_of
from tests.builders import offer, solve, world
from tests.test_decomposition import DEMO, scaled

NONE = np.zeros(0, dtype=bool)
SETS = [*scaled(1500, 7), "data.generate.customers_per_rm=300"]


@cache
def book() -> tuple[Decisions, Customers, list[Coupling]]:
    prepared = prepare(DEMO, SETS)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    return d, customer_structure(valued, scenario, d, families), families


@cache
def exact_optimum() -> float:
    found = optimize(prepare(DEMO, [*SETS, "solver.gap=0", "solver.method=exact"]))
    assert found.objective is not None
    return found.objective


def bound_at(search: Search, multipliers: list[np.ndarray]) -> float:
    d, cs, _ = book()
    search.start_from(multipliers)
    return search.dual_value(solve_subproblems(d, cs, search.lam()))


def test_component_prices_are_the_best_rm_prices_and_their_whole_pairs_fit() -> None:
    d, cs, families = book()
    search = new_search(families, {}, d, cs)
    component = components(d)
    local = local_families(search, d, component)
    names = [f.name for f, r in zip(families, local, strict=True) if r]
    assert "rm_capacity" in names and "continuity" not in names and "budget" not in names
    exact = component_prices(search, d, cs, (component, local))
    assert exact is not None and exact.whole is not None
    hours = next(f for f in families if f.name == "rm_capacity")
    assert hours.excess(exact.whole, NONE, NONE).max() <= 1e-9
    assert np.unique(d.x.customer[exact.whole]).size == exact.whole.sum()  # one RM each

    bound = bound_at(search, exact.multipliers)
    balanced = new_search(families, {}, d, cs)
    balance_rm_hours(balanced, d, cs)
    assert bound < balanced.bound
    assert bound >= exact_optimum() * (1 - 1e-9)
    # no RM's price moved alone lowers the bound: the LPs' duals are the minimum over them
    at = [f.name for f in families].index("rm_capacity")
    priced = np.flatnonzero(exact.multipliers[at] > 0)[:5]
    assert len(priced)
    for rm in priced:
        for factor in (0.9, 1.1):
            moved = [m.copy() for m in exact.multipliers]
            moved[at][rm] *= factor
            assert bound_at(search, moved) >= bound - 1e-9 * abs(bound)


def test_the_component_search_lowers_a_valid_bound_as_it_goes_on() -> None:
    d, cs, families = book()
    search = new_search(families, {}, d, cs)
    bounds = []
    for evaluations in (1, 5, 30):
        found = component_search(d, cs, families, {}, evaluations)
        assert found is not None
        bounds.append(bound_at(search, found))
    assert bounds[2] < bounds[1] < bounds[0]
    optimum = exact_optimum()
    assert bounds[2] >= optimum * (1 - 1e-9)
    assert bounds[2] - optimum < 0.01 * (bounds[0] - optimum)  # within 0.005% here


def test_soft_rows_are_not_component_local() -> None:
    """A soft row's multiplier is capped by its penalty, which an LP's dual does not know;
    with the RMs' hours soft, their book sizes are no longer implied, and are component-local."""
    d, cs, families = book()
    names = [f.name for f in families]
    for soft, expected in (({"rm_capacity": 50.0}, ["rm_book_size"]),
                           ({"rm_capacity": 50.0, "rm_book_size": 50.0}, [])):
        search = new_search(families, soft, d, cs)
        local = local_families(search, d, components(d))
        assert [n for n, r in zip(names, local, strict=True) if r] == expected
    assert component_search(d, cs, families, soft) is None


def test_book_sizes_partly_implied_are_priced_exactly_where_they_bind() -> None:
    """A book whose RMs' hours imply most of their book sizes (9 of 12 here): the other book
    sizes are component-local all the same, the implied ones stay unpriced in the LPs as in
    the search, and the LPs' bound is no higher than with the RMs' hours alone exact."""
    prepared = prepare(DEMO, scaled(4000, 3))
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    names = [f.name for f in families]
    search = new_search(families, {}, d, cs)
    held = held_rows(search)[np.repeat(names, [len(f.limits) for f in families])
                             == "rm_book_size"]
    assert 0 < held.sum() < len(held)
    component = components(d)
    local = local_families(search, d, component)
    assert [n for n, r in zip(names, local, strict=True) if r] == ["rm_capacity", "rm_book_size"]
    hours_alone = [r and n == "rm_capacity" for n, r in zip(names, local, strict=True)]
    bounds = []
    for flags in (local, hours_alone):
        found = component_prices(search, d, cs, (component, flags))
        assert found is not None and found.whole is not None
        sizes = found.multipliers[names.index("rm_book_size")]
        assert (sizes[held] == 0).all()
        search.start_from(found.multipliers)
        bounds.append(search.dual_value(solve_subproblems(d, cs, search.lam())))
    assert bounds[0] <= bounds[1]


def test_shared_usage_of_whole_columns_is_their_usage() -> None:
    d, _, families = book()
    rng = np.random.default_rng(3)
    x, y = rng.random(len(d.x.value)) < 0.3, rng.random(len(d.y.value)) < 0.3
    s = rng.random(len(d.s.value)) < 0.5
    for family in families:
        np.testing.assert_allclose(family.shared_usage(x * 1.0, y * 1.0, s * 1.0),
                                   family.usage(x, y, s))
        assert family.shared_usage(x * 0.5, y * 0.5, s * 0.5) == pytest.approx(
            0.5 * family.usage(x, y, s))


@pytest.mark.parametrize("customers", [1, 5])
def test_a_book_whose_pricing_sample_has_one_customer_is_planned(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, customers: int) -> None:
    """Every book starts from a sample's prices here, of one customer: the sample keeps the
    RMs' hours alone (component-local: its component LP prices them) and no book-wide row for
    the search."""
    monkeypatch.setattr(decomposition_path, "Settings",
                        partial(Settings, warm_start_above=0, sample_size=1))
    rows = [{"customer_id": f"C{i}", "tier_key": 2.0} for i in range(customers)]
    hours = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5,
             "hours_per_customer": 1}
    path = world(tmp_path, rows, rms=[{"rm_id": "R1", "grade": "rm", "region": "R",
                                       "capacity_hours": 3}],
                 fit=[(f"C{i}", "R1", 10.0 + i) for i in range(customers)],
                 offers={"o1": offer(5.0, cost=1.0)}, tiers={"top": hours},
                 solver={"method": "decomposition", "time_limit": 30, "gap": 0.0})
    found = solve(path)
    # the RM's three hours go to the best fits; every customer takes the offer (5 - 1)
    best = sum(sorted((10.0 + i for i in range(customers)), reverse=True)[:3])
    assert found.check is not None and found.check.ok
    assert found.objective == pytest.approx(best + 4.0 * customers)
    assert found.result.bound == pytest.approx(found.objective)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 12), st.integers(1, 4), st.integers(0, 10_000))
def test_a_start_from_each_customers_best_pair_reaches_the_same_optimum(
        customers: int, rms: int, seed: int) -> None:
    """The component LP from best_pairs_basis: a basis (a basic variable per row, a held pair's
    customer row at its limit), dual feasible, from which HiGHS ends at the optimum (or the
    infeasibility) of a start from the slacks; some customers must have an RM, some
    pairs are worth less than none, some RMs are short of hours, one has a minimum load."""
    import highspy
    import scipy.sparse as sp

    rng = np.random.default_rng(seed)
    reach = rng.random((customers, rms)) < 0.6
    reach[np.arange(customers), rng.integers(0, rms, customers)] = True
    customer, rm = np.nonzero(reach)
    pairs = len(customer)
    value = rng.normal(5.0, 6.0, pairs)
    hours = rng.uniform(1.0, 10.0, pairs)
    must = rng.random(customers) < 0.5
    matrix = sp.csc_matrix((np.r_[np.ones(pairs), hours],
                            (np.r_[customer, customers + rm], np.tile(np.arange(pairs), 2))),
                           shape=(customers + rms, pairs))
    lower = np.r_[np.where(must, 1.0, -np.inf), np.full(rms, -np.inf)]
    upper = np.r_[np.ones(customers), rng.uniform(5.0, 30.0, rms)]
    lower[customers] = min(3.0, upper[customers])  # the first RM's minimum load

    def solved(start: bool) -> tuple[object, float]:
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("presolve", "off")
        highs.passModel(linear_program(matrix, -value, (np.zeros(pairs), np.ones(pairs)),
                                       (lower, upper), highspy))
        if start:
            start_from(highs, best_pairs_basis(customer, value, lower, highspy), highspy)
            assert highs.getBasis().valid
        highs.run()
        return highs.getModelStatus(), highs.getInfo().objective_function_value

    basis = best_pairs_basis(customer, value, lower, highspy)
    basic = int(highspy.HighsBasisStatus.kBasic)
    assert (basis.cols == basic).sum() + (basis.rows == basic).sum() == customers + rms
    held = np.flatnonzero(basis.cols == basic)
    assert sorted(customer[held]) == sorted(np.flatnonzero(basis.rows[:customers] != basic))
    price = np.zeros(customers)  # the customer rows' duals (maximizing): the best pair's value
    price[customer[held]] = value[held]
    assert (price[customer] - value >= -1e-12).all()  # dual feasible: the dual simplex starts
    assert (price[~must] >= 0).all()  # a customer free to have no RM holds none at a loss
    (cold_status, cold), (warm_status, warm) = solved(False), solved(True)
    assert warm_status == cold_status
    if cold_status == highspy.HighsModelStatus.kOptimal:
        assert warm == pytest.approx(cold, rel=1e-9, abs=1e-7)
