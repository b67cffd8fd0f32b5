"""A component's LP solved on its contested customers only has the whole LP's optimum, whatever
the estimate of its prices."""

from __future__ import annotations

import highspy
import numpy as np
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.decomposition.search import sifting
from allocator.decomposition.search.component_lps import _highs, _solution
from allocator.decomposition.search.sifting import ComponentLp, LpSolution, sifted


def component(seed: int, customers: int, rms: int, tight: float) -> ComponentLp:
    """A random component: each customer may have two to four of the RMs, a pair worth its
    customer's value and a bonus at one RM (its incumbent), using the customer's hours of its
    RM; some customers must have an RM; the RMs' hours are `tight` of what their best customers
    would use, and one RM has a minimum load."""
    rng = np.random.default_rng(seed)
    cols, rows, value, hours = [], [], [], []
    need = rng.integers(1, 4, customers).astype(float)
    worth = rng.uniform(-2.0, 10.0, customers)
    for i in range(customers):
        for rm in rng.choice(rms, rng.integers(2, min(4, rms) + 1), replace=False):
            cols.append(len(value))
            rows.append(i)
            value.append(worth[i] + (1.5 if rm == i % rms else 0.0))
            hours.append((customers + int(rm), need[i]))
    width = len(value)
    entries = [(i, j, 1.0) for j, i in zip(cols, rows, strict=True)]
    entries += [(r, j, h) for j, (r, h) in enumerate(hours)]
    r, j, v = (np.array(x) for x in zip(*entries, strict=True))
    matrix = sp.csc_matrix((v, (r.astype(int), j.astype(int))), shape=(customers + rms, width))
    mandatory = rng.random(customers) < 0.3
    capacity = np.full(rms, tight * need.sum() / rms)
    lower = np.r_[np.where(mandatory, 1.0, -np.inf), np.full(rms, -np.inf)]
    lower[customers] = min(need.max(), capacity[0])  # the first RM's minimum load
    upper = np.r_[np.ones(customers), capacity]
    return ComponentLp(matrix, np.array(value), lower, upper, np.array(rows))


def solver() -> sifting.Solver:
    highs = _highs()
    return lambda lp: _solution(highs, highspy, lp)


def worth(lp: ComponentLp, found: LpSolution) -> float:
    return float(lp.value @ found.share)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), customers=st.integers(3, 40), rms=st.integers(2, 6),
       tight=st.floats(0.3, 1.5), error=st.sampled_from([0.0, 0.05, 0.5, 3.0]))
def test_contested_customers_give_the_whole_optimum(seed: int, customers: int, rms: int,
                                                    tight: float, error: float) -> None:
    """At the whole LP's own prices, at prices off by up to `error` of them, and at none, the
    LP on the contested customers ends at the whole LP's optimum, with shares that keep
    every row, and prices at which no fixed customer has a better choice."""
    lp = component(seed, customers, rms, tight)
    whole = solver()(lp)
    rng = np.random.default_rng(seed + 1)
    estimate = np.zeros(len(lp.lower)) if whole is None else whole.prices * rng.uniform(
        1 - error, 1 + error, len(lp.lower))
    found = sifted(lp, estimate, solver())
    assert (found is None) == (whole is None)
    if whole is None or found is None:
        return
    assert abs(worth(lp, found) - worth(lp, whole)) <= 1e-6 * max(1.0, abs(worth(lp, whole)))
    use = lp.matrix @ found.share
    assert np.all(use <= lp.upper + 1e-6) and np.all(use >= lp.lower - 1e-6)


def test_a_good_estimate_solves_a_fraction_of_the_customers() -> None:
    """At prices near the whole LP's, the LPs solved hold fewer customers than the
    component has: the clear ones stay fixed."""
    lp = component(7, 400, 8, 0.8)
    whole = solver()(lp)
    assert whole is not None
    sizes: list[int] = []
    inner = solver()

    def counted(restricted: ComponentLp) -> LpSolution | None:
        sizes.append(len(np.unique(restricted.customer)))
        return inner(restricted)

    found = sifted(lp, whole.prices, counted)
    assert found is not None
    assert abs(worth(lp, found) - worth(lp, whole)) <= 1e-6 * abs(worth(lp, whole))
    assert sizes and max(sizes) < 400


def test_a_component_without_pairs_is_solved_as_it_is() -> None:
    """No pairs (a sample with none): the whole LP's own answer, no customer to contest."""
    lp = ComponentLp(sp.csc_matrix((1, 0)), np.zeros(0), np.array([-np.inf]), np.array([4.0]),
                     np.zeros(0, dtype=np.int64))
    assert sifted(lp, np.zeros(1), solver()) == solver()(lp)
