"""The LP re-solves past a price's range end start from the priced LP's basis and measure what
the cold re-solves measure."""

from __future__ import annotations

import numpy as np
import pytest

from allocator.backends import SolveOptions, Status, get_backend
from allocator.campaigns.bigler import import_bigler
from allocator.campaigns.generated import generate_calendar, write_calendar
from allocator.limit_prices import aggregate_rows, fixed_packages, limit_key, prices_by_limit
from allocator.preparation import prepare
from allocator.problem import AllocationProblem, build_problem
from allocator.range_ends import range_end_raises


@pytest.fixture(scope="module")
def calendar_lp(tmp_path_factory: pytest.TempPathFactory) -> AllocationProblem:
    """The LP of a generated calendar book of 600 customers and 30 activities."""
    folder = tmp_path_factory.mktemp("ranges")
    book = write_calendar(generate_calendar(600, 30, 4), folder / "book")
    prepared = prepare(import_bigler(book, folder / "scenario"))
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    return fixed_packages(problem, np.zeros(problem.n_cols))


def test_the_priced_lp_gives_its_basis(calendar_lp: AllocationProblem) -> None:
    priced = get_backend("highs").solve(calendar_lp, SolveOptions(relax=True, ranging=True))
    assert priced.status == Status.OPTIMAL and priced.basis is not None
    assert (len(priced.basis.cols), len(priced.basis.rows)) == (calendar_lp.n_cols,
                                                                  calendar_lp.n_rows)
    unpriced = get_backend("highs").solve(calendar_lp, SolveOptions(relax=True))
    assert unpriced.basis is None  # only the LP that prices keeps it


def test_re_solves_from_the_basis_measure_what_cold_ones_do(calendar_lp: AllocationProblem
                                                              ) -> None:
    highs = get_backend("highs")
    priced = highs.solve(calendar_lp, SolveOptions(relax=True, ranging=True))
    assert priced.objective is not None and priced.basis is not None
    prices, ranges = prices_by_limit(calendar_lp, priced)
    keyed = {limit_key(calendar_lp, name, row): row for name, row in aggregate_rows(calendar_lp)}
    cold = range_end_raises(calendar_lp, priced.objective, keyed, prices, ranges)
    warm = range_end_raises(calendar_lp, priced.objective, keyed, prices, ranges,
                            basis=priced.basis)
    assert len(cold) >= 3 and any(gain > 0 for gain in cold.values())
    assert warm.keys() == cold.keys()
    for key, gain in cold.items():
        assert warm[key] == pytest.approx(gain, rel=1e-9, abs=1e-7), key


def test_a_basis_of_another_shape_is_left_out(calendar_lp: AllocationProblem) -> None:
    highs = get_backend("highs")
    priced = highs.solve(calendar_lp, SolveOptions(relax=True, ranging=True))
    assert priced.basis is not None
    wrong = type(priced.basis)(priced.basis.cols[:-1], priced.basis.rows)
    again = highs.solve(calendar_lp, SolveOptions(relax=True, basis=wrong))
    assert again.objective == pytest.approx(priced.objective, rel=1e-9)
