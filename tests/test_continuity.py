"""The repair keeps the continuity rule: customers go back to their incumbent RMs."""

from __future__ import annotations

import numpy as np

from allocator.problem import Decisions
from allocator.solvers.continuity import restore_continuity
from allocator.solvers.coupling import Coupling, Terms
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions

EMPTY = np.zeros(0, dtype=bool)


def two_rm_book() -> tuple[Decisions, list[Coupling]]:
    """Customer 0 has A as its incumbent RM and may also go to B; customers 1 and 2 are new
    to A, which has room for two of the three. At least one incumbent must be kept."""
    customer, rm = np.array([0, 0, 1, 2]), np.array([0, 1, 0, 0])
    hours = np.full(4, 4.0)
    incumbent = np.array([True, False, False, False])
    pairs = CoveragePairs(customer, rm, np.array([10.0, 12.0, 5.0, 50.0]), hours, incumbent)
    none = np.zeros(0)
    d = Decisions(pairs, OfferPairs(*(none.astype(int),) * 2, *(none,) * 5),
                  PackageOptions(none.astype(int), none.astype(int), none, none))
    capacity = Coupling("rm_capacity", "rm_capacity", "le", np.array(["A", "B"]),
                        np.array([8.0, 8.0]), on_x=Terms(np.arange(4), rm, hours))
    continuity = Coupling("continuity", "continuity", "ge", np.array(["kept"]), np.array([1.0]),
                          on_x=Terms(np.array([0]), np.array([0]), np.array([1.0])))
    return d, [capacity, continuity]


def test_a_full_incumbent_rm_gives_its_lowest_ranked_newcomer_s_place_back() -> None:
    d, families = two_rm_book()
    x = np.array([False, True, True, True])  # customer 0 moved to B; A is full with 1 and 2
    rank = np.array([1, 0, 3, 2])  # customer 1 (worth 5) ranks below customer 2 (worth 50)
    restored = restore_continuity(x, rank, d, families, np.ones(3, dtype=bool))
    assert restored is not None
    assert list(restored) == [True, False, False, True]  # 0 back at A in 1's place
    assert all(f.excess(restored, EMPTY, EMPTY).max() == 0 for f in families)


def test_mandatory_newcomers_keep_their_places_and_then_the_rule_cannot_be_kept() -> None:
    d, families = two_rm_book()
    x = np.array([False, True, True, True])
    rank = np.array([1, 0, 3, 2])
    optional = np.array([True, False, False])  # customers 1 and 2 must keep an RM
    assert restore_continuity(x, rank, d, families, optional) is None
