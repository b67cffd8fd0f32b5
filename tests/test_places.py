"""Customers left without an RM take the places of RMs' least valuable customers; mandatory
customers take optional ones' places when they must."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.decomposition.coupling import Coupling, Terms
from allocator.decomposition.repair import places
from allocator.decomposition.repair.mandatory import Held, cover_mandatory
from allocator.decomposition.repair.places import Used, give_places
from allocator.decomposition.repair.restore import place, settle
from allocator.decomposition.subproblems import MANDATORY, OPTIONAL
from allocator.problem import Decisions
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions

EMPTY = np.zeros(0, dtype=bool)


def rm_book(customer: list[int], rm: list[int], value: list[float], hours: list[float],
            capacity: list[float], incumbent: list[bool] | None = None
            ) -> tuple[Decisions, Coupling]:
    """One x column per (customer, rm) pair given; RMs A, B, ... of these capacities."""
    n = len(customer)
    rms = np.array(rm)
    own = np.array(incumbent or [False] * n)
    pairs = CoveragePairs(np.array(customer), rms, np.array(value), np.array(hours), own, own,
                          own)
    none = np.zeros(0)
    d = Decisions(pairs, OfferPairs(*(none.astype(int),) * 2, *(none,) * 5),
                  PackageOptions(none.astype(int), none.astype(int), none, none))
    labels = np.array([chr(ord("A") + r) for r in range(len(capacity))])
    row = Coupling("rm_capacity", "rm_capacity", "le", labels, np.array(capacity),
                   on_x=Terms(np.arange(n), rms, np.array(hours)))
    return d, row


def book(value: list[float], hours: list[float], incumbent: list[bool], capacity: float
         ) -> tuple[Decisions, list[Coupling]]:
    """Customers 0..n-1 each with one column at the single RM, of this capacity."""
    n = len(value)
    d, row = rm_book(list(range(n)), [0] * n, value, hours, [capacity], incumbent)
    return d, [row]


def test_the_most_valuable_customers_without_an_rm_take_the_least_valuable_places() -> None:
    d, families = book([10.0, 50.0, 20.0, 90.0, 80.0, 5.0], [4.0] * 6, [False] * 6, 12.0)
    x = np.array([True, True, True, False, False, False])  # full: 10, 50, 20 hold its places
    give_places(x, d, families, d.x.value, np.ones(6, dtype=bool))
    assert set(np.flatnonzero(x)) == {1, 3, 4}  # 90 and 80 in place of 10 and 20
    assert families[0].excess(x, EMPTY, EMPTY).max() == 0


def test_places_go_only_where_they_fit_and_only_from_customers_who_may_lose_them() -> None:
    # customer 0 is mandatory, 1 kept with its incumbent RM, 2 could go but 3 needs more hours
    d, families = book([1.0, 2.0, 3.0, 100.0], [4.0, 4.0, 4.0, 6.0], [False, True, False, False],
                       12.0)
    x = np.array([True, True, True, False])
    optional = np.array([False, True, True, True])
    give_places(x, d, families, d.x.value, optional)
    assert list(x) == [True, True, True, False]  # 3 fits in no place that may be given
    d, families = book([1.0, 2.0, 3.0, 100.0], [4.0, 4.0, 4.0, 6.0], [False, True, False, False],
                       14.0)
    x = np.array([True, True, True, False])
    give_places(x, d, families, d.x.value, optional)
    assert list(x) == [True, True, False, True]  # with two hours spare it takes 2's place


def test_a_covered_customer_moves_to_the_rm_worth_more_to_it_where_there_is_room() -> None:
    """Customer 0 can be served by A (worth 5) or B (worth 9); B has room for one of them."""
    d, capacity = rm_book([0, 0, 1, 1], [0, 1, 0, 1], [5.0, 9.0, 6.0, 7.0], [4.0] * 4,
                          [8.0, 4.0])
    x = np.array([True, False, True, False])  # both at A: B's room goes to the larger gain
    give_places(x, d, [capacity], d.x.value, np.ones(2, dtype=bool))
    assert list(x) == [False, True, True, False]
    assert capacity.excess(x, EMPTY, EMPTY).max() == 0


def test_a_mandatory_customer_takes_the_place_of_the_least_valuable_optional_one() -> None:
    """The RM is full with customers 0 and 1, who have no other RM; 2 must have one."""
    d, families = book([10.0, 50.0, 5.0], [4.0] * 3, [False] * 3, 8.0)
    x = np.array([True, True, False])
    assert cover_mandatory(x, d, families, np.array([OPTIONAL, OPTIONAL, MANDATORY]))
    assert list(x) == [False, True, True]  # 0, worth least, goes without an RM
    assert families[0].excess(x, EMPTY, EMPTY).max() == 0
    x = np.array([True, True, False])
    assert not cover_mandatory(x, d, families, np.array([MANDATORY] * 3))
    assert list(x) == [True, True, False]  # no place may be given up


def test_several_customers_move_out_to_make_room_for_a_large_mandatory_one() -> None:
    """Customers 0 and 1 (4 hours each) fill A; 2 needs 8 hours and may only have A. Both
    move to B, the other RM they may have: no single move would have made the room."""
    d, capacity = rm_book([0, 0, 1, 1, 2], [0, 1, 0, 1, 0], [6.0, 5.0, 6.0, 5.0, 1.0],
                          [4.0, 4.0, 4.0, 4.0, 8.0], [8.0, 8.0])
    x = np.array([True, False, True, False, False])
    assert cover_mandatory(x, d, [capacity], np.full(3, MANDATORY))
    assert list(x) == [False, True, False, True, True]
    assert capacity.excess(x, EMPTY, EMPTY).max() == 0


def test_a_customer_too_large_for_the_room_left_does_not_keep_smaller_ones_out() -> None:
    """Customer 0 ranks first but needs 8 hours of the 6 left; 1 needs 4 and fits."""
    d, families = book([10.0, 5.0], [8.0, 4.0], [False, False], 6.0)
    x = np.zeros(2, dtype=bool)
    place(x, np.ones(2, dtype=bool), np.ones(2, dtype=bool), np.array([0, 1]), d, families)
    assert list(x) == [False, True]


@given(st.integers(1, 30).flatmap(lambda n: st.tuples(
    st.just(n), st.sets(st.integers(0, n - 1)),
    st.lists(st.integers(0, n - 1), max_size=20))))
def test_the_terms_of_some_columns_are_read_as_from_the_dense_columns(
        case: tuple[int, set[int], list[int]]) -> None:
    n, held, asked = case
    cols = np.array(sorted(held), dtype=np.int64)
    terms = Terms(cols, (cols % 3).astype(np.int32), cols + 0.5)
    rows, coefs = terms.at(np.array(asked, dtype=np.int64))
    dense_rows, dense_coefs = terms.dense(n)
    assert list(rows) == list(dense_rows[asked]) and list(coefs) == list(dense_coefs[asked])


def test_room_a_move_frees_goes_to_a_customer_left_out() -> None:
    """A is full with customer 0, who is worth more at B; customer 1 (worth 3) can only go to
    A: once 0 moves, 1 takes the room it left."""
    d, capacity = rm_book([0, 0, 1], [0, 1, 0], [5.0, 9.0, 3.0], [4.0] * 3, [4.0, 4.0])
    x = np.array([True, False, False])
    rank = np.argsort(np.argsort(-d.x.value))
    settle(x, d, [capacity], d.x.value, rank, np.ones(2, dtype=bool))
    assert list(x) == [False, True, True]
    assert capacity.excess(x, EMPTY, EMPTY).max() == 0


@given(st.integers(1, 6), st.lists(st.booleans(), min_size=1, max_size=40),
       st.lists(st.tuples(st.integers(0, 39), st.booleans()), max_size=30))
def test_the_columns_held_at_an_rm_follow_every_take(rms: int, start: list[bool],
                                                    takes: list[tuple[int, bool]]) -> None:
    """Held.at gives the columns held at each RM, as a pass over every column would, after
    any sequence of columns taken (told) and dropped."""
    x = np.array(start)
    rm = np.arange(len(x)) * 7 % rms
    held = Held(x, rm)
    for column, taken in takes:
        column %= len(x)
        x[column] = taken
        if taken:
            held.took(column)
    for r in range(int(rm.max()) + 1):
        assert held.at(r).tolist() == np.flatnonzero(x & (rm == r)).tolist()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 100_000), customers=st.integers(2, 40), rms=st.integers(1, 5))
def test_places_given_never_break_a_row_and_are_counted_as_made(seed: int, customers: int,
                                                                rms: int) -> None:
    """On random books (each customer may have two RMs, hours of a quarter-hour, RMs of
    tight hours and book sizes): no row the plan kept is broken, none broken gets worse, and
    the rows' use the exchanges kept count of is the plan's own."""
    rng = np.random.default_rng(seed)
    customer = np.repeat(np.arange(customers), 2)
    rm = rng.integers(0, rms, len(customer))
    value = rng.uniform(0.0, 100.0, len(customer))
    hours = rng.integers(1, 20, len(customer)) / 4.0
    d, capacity = rm_book(customer.tolist(), rm.tolist(), value.tolist(), hours.tolist(),
                          (rng.uniform(0.2, 0.8, rms) * hours.sum() / rms).tolist())
    book_size = Coupling("rm_book_size", "rm_book_size", "le", capacity.labels,
                         rng.integers(1, customers + 1, rms).astype(float),
                         on_x=Terms(np.arange(len(customer)), rm, np.ones(len(customer))))
    families = [capacity, book_size]
    x = np.zeros(len(customer), dtype=bool)
    x[np.flatnonzero(rng.random(customers) < 0.5) * 2] = True  # half the customers, first RM
    before = [f.excess(x, EMPTY, EMPTY) for f in families]
    kept: list[Used] = []

    class Kept(Used):
        def __init__(self, x: np.ndarray, families: list[Coupling]) -> None:
            super().__init__(x, families)
            kept.append(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(places, "Used", Kept)
        give_places(x, d, families, value, rng.random(customers) < 0.8)
    for family, excess in zip(families, before, strict=True):
        assert np.all(family.excess(x, EMPTY, EMPTY) <= excess + 1e-9)
    assert np.unique(d.x.customer[x]).size == x.sum()  # one RM each
    assert len(kept) == 1
    for family, use in zip(families, kept[0].use, strict=True):
        assert np.allclose(use, family.usage(x, EMPTY, EMPTY), rtol=0, atol=1e-9)
