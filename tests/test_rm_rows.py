"""The rows per RM read side by side (rm_rows.RowsTogether) give what a pass of every
subproblem gives, row by row, and the multipliers' ranges and settled prices read with them
are those read one row at a time."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.ranging import side_uses
from allocator.decomposition.rm_rows import RmRows, RowsTogether, others_best
from allocator.decomposition.search.settle import settled, settled_together
from allocator.decomposition.subproblems import Customers, customer_structure, solve_subproblems
from allocator.preparation import prepare
from allocator.problem import Decisions, decisions_of
from tests.test_cli import ROOT

PER_RM = ("rm_capacity", "rm_book_size", "rm_min_load")


@cache
def book(customers: int) -> tuple[Decisions, Customers, list[Coupling], dict[str, float]]:
    prepared = prepare(ROOT / "scenarios" / "demo.yaml",
                       [f"data.generate.customers={customers}", "rules.rm_min_load_share=0.5"])
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    return d, customer_structure(valued, scenario, d, families), families, {}


def random_multipliers(families: list[Coupling], seed: int) -> list[np.ndarray]:
    """Random prices, many at zero; the rows per RM's on a coarse grid, so that pairs tie."""
    rng = np.random.default_rng(seed)
    found = []
    for f in families:
        grid = rng.integers(0, 4, len(f.limits)) * 0.5 if f.name in PER_RM else rng.uniform(
            0, 3, len(f.limits))
        found.append(grid * (rng.random(len(f.limits)) < 0.7))
    return found


def row_use(d: Decisions, cs: Customers, families: list[Coupling],
            multipliers: list[np.ndarray], at: tuple[int, int], price: float) -> float:
    moved = [m.copy() for m in multipliers]
    moved[at[0]][at[1]] = price
    choice = solve_subproblems(d, cs, moved)
    return float(families[at[0]].usage(choice.x, choice.y, choice.s)[at[1]])


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.sampled_from([120, 300]))
def test_rows_per_rm_read_side_by_side_are_each_a_pass_of_every_subproblem(
        seed: int, size: int) -> None:
    d, cs, families, _ = book(size)
    multipliers = random_multipliers(families, seed)
    rows = RmRows.at(d, cs, multipliers)
    rng = np.random.default_rng(seed)
    checked = 0
    for index, family in enumerate(families):
        if family.name not in PER_RM:
            continue
        together = rows.together(family, multipliers[index])
        assert isinstance(together, RowsTogether), family.name
        held = multipliers[index]
        for prices in (held, np.zeros(len(held)), held + rng.integers(-2, 5, len(held)) * 0.5,
                       held + rng.uniform(-1, 5, len(held))):
            prices = np.maximum(prices, 0.0)
            everyone = np.arange(len(held))
            read = together.uses(everyone, prices)
            for row in everyone:
                whole = row_use(d, cs, families, multipliers, (index, row), float(prices[row]))
                assert read[row] == pytest.approx(whole, abs=1e-9), (family.name, row)
                checked += 1
            some = rng.permutation(len(held))[: max(1, len(held) // 3)]
            assert np.allclose(together.uses(some, prices[some]), read[some])
    assert checked >= 40


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_ties_and_customers_better_without_an_rm_are_read_as_row_by_row(seed: int) -> None:
    # Pair values on a coarse grid tie within a customer (the first best pair is its choice),
    # and customers whose value without an RM is close to their best pair's drop out of a
    # row as its price rises: read side by side as the row-by-row pass reads them.
    d, cs, families, _ = book(300)
    multipliers = random_multipliers(families, seed)
    rng = np.random.default_rng(seed)
    rows = RmRows.at(d, cs, multipliers)
    grid = np.round(rows.priced * 2 / max(1.0, float(np.abs(rows.priced).max()))) * 4
    best = np.maximum.reduceat(grid, cs.x_starts)
    bare = np.full(len(cs.kind), -np.inf)
    bare[cs.x_owner] = best + rng.integers(-2, 3, len(best)) - 0.5
    rows = replace(rows, priced=grid, with_rm=np.zeros(len(cs.kind)), bare=bare,
                   others=others_best(grid, cs.x_starts))
    ties = 0
    for index, family in enumerate(families):
        if family.name not in PER_RM:
            continue
        together, one = rows.together(family, multipliers[index]), rows.uses(
            family, multipliers[index])
        assert together is not None
        held = multipliers[index]
        for prices in (held, held + rng.integers(-3, 4, len(held)), held + 0.25):
            read = together.uses(np.arange(len(held)), prices)
            assert read == pytest.approx([one(row, float(prices[row]))
                                          for row in range(len(held))], abs=1e-9)
            ties += int((np.diff(grid) == 0).sum())
    assert ties > 0


@given(lengths=st.lists(st.integers(1, 6), min_size=1, max_size=30), seed=st.integers(0, 99))
def test_each_pairs_best_other_before_and_after_it(lengths: list[int], seed: int) -> None:
    priced = np.random.default_rng(seed).integers(-5, 5, sum(lengths)).astype(float)
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    earlier, later = others_best(priced, starts)
    for start, length in zip(starts, lengths, strict=True):
        for k in range(length):
            own = priced[start:start + length]
            assert earlier[start + k] == max(own[:k], default=-np.inf)
            assert later[start + k] == max(own[k + 1:], default=-np.inf)


@settings(max_examples=6, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_ranges_of_rows_per_rm_side_by_side_are_those_read_row_by_row(
        seed: int) -> None:
    d, cs, families, soft = book(300)
    multipliers = random_multipliers(families, seed)
    prices = (families, multipliers, soft)
    side_by_side = side_uses(d, cs, prices, len(cs.kind), settle=True)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(RmRows, "together", lambda *_: None)
        one_by_one = side_uses(d, cs, prices, len(cs.kind), settle=True)
    per_rm = {f.name for f in families if f.name in PER_RM}
    assert per_rm and any(name in per_rm for name, _ in side_by_side.uses)
    assert side_by_side.uses.keys() == one_by_one.uses.keys()
    for key, sides in side_by_side.uses.items():
        assert sides == pytest.approx(one_by_one.uses[key], abs=1e-9), key
    assert side_by_side.settled.keys() == one_by_one.settled.keys()
    for key, price in side_by_side.settled.items():
        assert price == pytest.approx(one_by_one.settled[key], rel=1e-12), key


@settings(max_examples=60, deadline=None)
@given(steps=st.lists(st.tuples(st.floats(0, 50), st.floats(-20, 20)), min_size=1, max_size=12),
       prices=st.lists(st.floats(0, 60), min_size=1, max_size=12),
       penalty=st.sampled_from([np.inf, 30.0]), most=st.integers(1, 64))
def test_rows_settled_side_by_side_settle_as_each_alone(
        steps: list[tuple[float, float]], prices: list[float], penalty: float,
        most: int) -> None:
    # an excess use that falls as the price rises: a step down at each (price, size)
    def excess(row: int, price: float) -> float:
        return float(sum(abs(size) for at, size in steps[row % len(steps):] if price < at)
                     - abs(steps[row % len(steps)][1]) / 2)

    alone = {row: settled(price, (penalty, 1e-7), lambda p, r=row: excess(r, p), most)
             for row, price in enumerate(prices)}
    together = settled_together(dict(enumerate(prices)), (penalty, 1e-7), lambda asked: {
        row: excess(row, price) for row, price in asked.items()}, most)
    assert together == alone
