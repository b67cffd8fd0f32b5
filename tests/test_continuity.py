"""The repair keeps the continuity rule: customers go back to their incumbent RMs."""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling, Terms
from allocator.decomposition.repair.continuity import limit_moves, restore_continuity
from allocator.problem import Decisions
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions

EMPTY = np.zeros(0, dtype=bool)


def rms_only(pairs: CoveragePairs) -> Decisions:
    none = np.zeros(0)
    return Decisions(pairs, OfferPairs(*(none.astype(int),) * 2, *(none,) * 5),
                     PackageOptions(none.astype(int), none.astype(int), none, none))


def two_rm_book() -> tuple[Decisions, list[Coupling]]:
    """Customer 0 has A as its incumbent RM and may also go to B; customers 1 and 2 are new
    to A, which has room for two of the three. At least one incumbent must be kept."""
    customer, rm = np.array([0, 0, 1, 2]), np.array([0, 1, 0, 0])
    hours = np.full(4, 4.0)
    incumbent = np.array([True, False, False, False])
    d = rms_only(CoveragePairs(customer, rm, np.array([10.0, 12.0, 5.0, 50.0]), hours,
                               incumbent, incumbent, incumbent))
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


def test_the_moves_kept_are_those_worth_most_at_the_values_given() -> None:
    """Customers 0 and 1 both leave their incumbent RM A for B; one move is allowed. The one
    worth less at the values given goes back. Priced, A's hours cost something, so sending
    back customer 1 (6 hours at A) costs more than its plain values say."""
    rm, hours = np.array([0, 1, 0, 1]), np.array([2.0, 2.0, 6.0, 6.0])
    d = rms_only(CoveragePairs(np.array([0, 0, 1, 1]), rm, np.array([10.0, 14.0, 10.0, 13.0]),
                               hours, *[np.array([True, False, True, False])] * 3))
    continuity = Coupling("continuity", "continuity", "ge", np.array(["kept"]), np.array([1.0]),
                          on_x=Terms(np.array([0, 2]), np.array([0, 0]), np.ones(2)))
    wanted = np.array([False, True, False, True])
    plain = limit_moves(wanted, d, [continuity], lambda: d.x.value)
    assert list(plain) == [False, True, True, False]  # customer 1's move gains 3, 0's gains 4
    priced = d.x.value - np.where(rm == 0, hours, 0.0)  # A's hours priced at 1
    kept = limit_moves(wanted, d, [continuity], lambda: priced)
    assert list(kept) == [True, False, False, True]  # now 0's move gains 6, 1's gains 9
    assert continuity.excess(kept, EMPTY, EMPTY)[0] == 0
