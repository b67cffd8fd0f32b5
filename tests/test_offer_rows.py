"""A row over offers read on the customers it reaches, each read between two others re-solving
only those whose use differs there (offer_rows.py), gives what a pass of every subproblem
gives, in any order of reads; and the ranges and settled prices read with it are those read
by whole passes, for less work."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.decomposition import ranging
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.offer_rows import OfferRows, over_offers
from allocator.decomposition.ranging import side_uses
from allocator.decomposition.subproblems import Customers, solve_subproblems
from allocator.problem import Decisions
from tests.test_rm_rows import book, random_multipliers, row_use


def customer_uses(d: Decisions, cs: Customers, family: Coupling,
                  multipliers: list[np.ndarray], at: tuple[int, int], price: float
                  ) -> np.ndarray:
    """Each customer's use of the row with its multiplier at `price`: a pass of every
    subproblem, its chosen offers' coefficients added up per customer."""
    moved = [m.copy() for m in multipliers]
    moved[at[0]][at[1]] = price
    choice = solve_subproblems(d, cs, moved)
    terms = family.on_y
    assert terms is not None
    mine = (terms.rows == at[1]) & choice.y[terms.cols]
    return np.bincount(d.y.customer[terms.cols[mine]], terms.coefs[mine], len(cs.kind))


def offer_families(families: list[Coupling], cs: Customers) -> list[int]:
    found = [k for k, f in enumerate(families) if over_offers(f, cs) and f.on_y is not None]
    assert {families[k].name for k in found} >= {"budget", "loss_cap", "offer_quota"}
    return found


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.sampled_from([120, 300]),
       order=st.permutations(range(7)))
def test_a_row_over_offers_read_in_any_order_is_a_pass_of_every_subproblem(
        seed: int, size: int, order: list[int]) -> None:
    d, cs, families, _ = book(size)
    multipliers = random_multipliers(families, seed)
    rows = OfferRows.at(d, cs, multipliers)
    rng = np.random.default_rng(seed)
    for index in offer_families(families, cs):
        family = families[index]
        for row in range(len(family.limits)):
            held = float(multipliers[index][row])
            prices = [held, 0.0, held + 1e-7, held * 0.5, held + 0.25,
                      *rng.uniform(0, 4, 2)]
            reads = rows.row(family, row, held)
            for price in (prices[k] for k in order):
                whole = row_use(d, cs, families, multipliers, (index, row), price)
                assert reads.use(price) == pytest.approx(whole, rel=1e-12, abs=1e-9), (
                    family.name, row, price)


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_a_read_between_two_re_solves_only_the_customers_whose_use_differs(seed: int) -> None:
    d, cs, families, _ = book(300)
    multipliers = random_multipliers(families, seed)
    index = next(k for k, f in enumerate(families) if f.name == "budget")
    family, held = families[index], float(multipliers[index][0])
    solved: list[int] = []
    reads = OfferRows.at(d, cs, multipliers).row(family, 0, held, solved.append)
    low, high = held, held + 2.0
    reads.use(low)
    reads.use(high)
    assert solved == [len(reads.reached)] * 2  # nothing either side: every customer reached
    differ = customer_uses(d, cs, family, multipliers, (index, 0), low) != customer_uses(
        d, cs, family, multipliers, (index, 0), high)
    reads.use((low + high) / 2)
    assert solved[-1] == int(differ.sum()) < len(cs.kind)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_ranges_read_on_the_customers_reached_are_those_of_whole_passes(seed: int) -> None:
    d, cs, families, soft = book(300)
    multipliers = random_multipliers(families, seed)
    prices = (families, multipliers, soft)
    reached = side_uses(d, cs, prices, len(cs.kind), settle=True)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(ranging, "over_offers", lambda *_: False)
        whole = side_uses(d, cs, prices, len(cs.kind), settle=True)
    assert reached.uses.keys() == whole.uses.keys() and not whole.unranged
    for key, sides in reached.uses.items():
        assert sides == pytest.approx(whole.uses[key], rel=1e-12, abs=1e-9), key
    assert reached.settled.keys() == whole.settled.keys()
    for key, price in reached.settled.items():
        assert price == pytest.approx(whole.settled[key], rel=1e-12), key


def test_a_settling_on_the_customers_reached_leaves_work_for_the_next_families(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Work for the headline totals' sides (two passes each) and four passes more; the budget
    # cut to half its use at a price of 0, and its price left at 0.01, far below its best: by
    # whole passes its settling (about 25 reads) spends the passes left before it ends, and
    # the families after it go unranged; on the customers reached it ends on a fraction.
    d, cs, families, soft = book(300)
    budget = next(k for k, f in enumerate(families) if f.name == "budget")
    multipliers = [m * 0 for m in random_multipliers(families, 1)]
    free = row_use(d, cs, families, multipliers, (budget, 0), 0.0)
    families = [replace(f, limits=f.limits * 0 + free / 2) if k == budget else f
                for k, f in enumerate(families)]
    multipliers[budget][0] = 0.01
    monkeypatch.setattr(ranging, "RANGE_WORK", 10 * len(cs.kind))
    prices = (families, multipliers, soft)
    reached = side_uses(d, cs, prices, len(cs.kind), settle=True)
    with monkeypatch.context() as patched:
        patched.setattr(ranging, "over_offers", lambda *_: False)
        whole = side_uses(d, cs, prices, len(cs.kind), settle=True)
    assert reached.settled[(budget, 0)] > 0.01
    assert (budget, 0) not in whole.settled  # its passes ran out first
    assert {"loss_cap", "capital_cap"} <= set(whole.unranged)
    assert not {"loss_cap", "capital_cap"} & set(reached.unranged)
