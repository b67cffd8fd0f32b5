"""RMs below their minimum load are brought up to it without breaking another row."""

from __future__ import annotations

import numpy as np

from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import decisions_of
from allocator.solvers import Status
from allocator.solvers.coupling import couplings
from allocator.solvers.lagrange import MANDATORY, customer_structure
from allocator.solvers.loads import raise_min_loads
from tests.test_decomposition import DEMO

HELD = "rules.rm_min_load_share=0.9"


def test_short_rms_are_filled_and_every_other_row_still_holds() -> None:
    free = optimize(prepare(DEMO, ["solver.method=exact"]))  # planned with no minimum load
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


def test_the_decomposition_plans_a_book_whose_rms_must_be_nearly_full() -> None:
    exact = optimize(prepare(DEMO, [HELD, "solver.method=exact"]))
    assert exact.result.status == Status.OPTIMAL and exact.objective is not None
    decomposed = optimize(prepare(DEMO, [HELD, "solver.method=decomposition"]))
    assert decomposed.check is not None and decomposed.check.ok
    assert decomposed.objective is not None
    assert decomposed.objective >= exact.objective * (1 - 1e-3)
