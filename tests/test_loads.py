"""RMs below their minimum load are brought up to it without breaking another row."""

from __future__ import annotations

import numpy as np
import pytest

from allocator.backends import Status
from allocator.decomposition.coupling import Coupling, Terms
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.repair.loads import raise_min_loads
from allocator.decomposition.subproblems import MANDATORY, customer_structure
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import Decisions, decisions_of
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions
from tests.test_decomposition import DEMO

HELD = "rules.rm_min_load_share=0.9"


def test_short_rms_are_filled_and_every_other_row_still_holds() -> None:
    free = optimize(prepare(DEMO, ["solver.method=exact", "output.steps=false",  # the plan
                                   "output.baselines=false"]))  # with no minimum load, alone
    assert free.values is not None
    held = prepare(DEMO, [HELD])
    d = decisions_of(held.valued)
    families = [f for f in couplings(held.valued, held.loaded.scenario, d) if f.on_x is not None]
    x = free.values[:d.layout.n_x] > 0.5
    optional = customer_structure(held.valued, held.loaded.scenario, d, families).kind != MANDATORY
    empty = np.zeros(0, dtype=bool)
    minimum = next(f for f in families if f.name == "rm_min_load")
    assert (minimum.excess(x, empty, empty) > 0).sum() == 2  # RMs short before
    raise_min_loads(x, d, families, optional)  # one RM takes from RMs with room; the other from an RM
    for family in families:          # at its minimum, which refills from a third
        assert family.excess(x, empty, empty).max() <= 1e-9, family.name
    assert np.bincount(d.x.customer[x]).max() == 1  # one RM per customer


@pytest.mark.long
def test_the_decomposition_plans_a_book_whose_rms_must_be_nearly_full() -> None:
    exact = optimize(prepare(DEMO, [HELD, "solver.method=exact"]))
    assert exact.result.status == Status.OPTIMAL and exact.objective is not None
    decomposed = optimize(prepare(DEMO, [HELD, "solver.method=decomposition"]))
    assert decomposed.check is not None and decomposed.check.ok
    assert decomposed.objective is not None
    assert decomposed.objective >= exact.objective * (1 - 1e-3)


def test_an_rm_with_a_full_book_swaps_small_customers_for_larger_ones() -> None:
    """RM A holds two 4-hour customers, its book size; its minimum is 15 hours. Each of two
    10-hour customers at B comes in once one of A's small ones has moved to B."""
    hours = np.repeat([4.0, 4.0, 10.0, 10.0], 2)  # customer c's columns: 2c at A, 2c + 1 at B
    cols, rms = np.arange(8), np.tile([0, 1], 4)
    x_pairs = CoveragePairs(np.repeat(np.arange(4), 2), rms, np.ones(8), hours,
                            *[np.zeros(8, dtype=bool)] * 3)
    none = np.zeros(0)
    d = Decisions(x_pairs, OfferPairs(*(none.astype(int),) * 2, *(none,) * 5),
                  PackageOptions(none.astype(int), none.astype(int), none, none))
    names = np.array(["A", "B"])
    families = [
        Coupling("rm_capacity", "rm_capacity", "le", names, np.array([100.0, 100.0]),
                 on_x=Terms(cols, rms, hours)),
        Coupling("rm_book_size", "rm_book_size", "le", names, np.array([2.0, 5.0]),
                 on_x=Terms(cols, rms, np.ones(8))),
        Coupling("rm_min_load", "rm_min_load", "ge", names[:1], np.array([15.0]),
                 on_x=Terms(cols[rms == 0], np.zeros(4, dtype=int), hours[rms == 0])),
    ]
    x = np.isin(cols, [0, 2, 5, 7])  # c0 and c1 at A, c2 and c3 at B
    raise_min_loads(x, d, families, np.zeros(4, dtype=bool))  # every customer mandatory
    assert set(np.flatnonzero(x)) == {1, 3, 4, 6}  # the small ones at B, the large ones at A
    empty = np.zeros(0, dtype=bool)
    assert all(f.excess(x, empty, empty).max() == 0 for f in families)
