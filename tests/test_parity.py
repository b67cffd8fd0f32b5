"""Every installed backend on the same small problems: the same objective within the gap."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.backends import (
    BACKENDS,
    NAMES,
    Capabilities,
    Status,
    get_backend,
    installed_backends,
)
from allocator.errors import UserError
from allocator.instances import read_gap, write_gap_book
from allocator.optimize import Outcome, optimize
from allocator.preparation import prepare
from tests.builders import offer, solve, world
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[1]


def test_the_usual_backends_are_installed() -> None:
    assert {"highs", "cbc", "scip", "cp-sat"} <= set(installed_backends())


def test_each_name_maps_to_its_backend_which_declares_what_it_supports() -> None:
    for name, make in BACKENDS.items():
        backend = make()
        assert backend.name == name and isinstance(backend.supports, Capabilities)
    assert get_backend("highs").supports == Capabilities(True, True, True, basis=True)
    assert not get_backend("scip").supports.basis
    assert not get_backend("cbc").supports.warm_start
    assert get_backend("pulp:PULP_CBC_CMD").name == "pulp:PULP_CBC_CMD"
    # a backend that takes no soft rows says so instead of solving without them
    assert not get_backend("cp-sat").supports.soft_rows and get_backend("scip").supports.soft_rows


@pytest.fixture(scope="module")
def small_book_results() -> dict[str, Outcome]:
    """The demo at 1,000 customers through every installed backend (CP-SAT: 10 s at most)."""
    found = {}
    for backend in installed_backends():
        limit = 10 if backend == "cp-sat" else 60
        sets = ["data.generate.customers=1000", f"solver.backend={backend}", "solver.gap=1e-4",
                f"solver.time_limit={limit}",
                "output.steps=false", "output.baselines=false"]  # the plans alone compared
        outcome = optimize(prepare(ROOT / "scenarios" / "demo.yaml", sets))
        assert outcome.check is not None and outcome.check.ok
        found[backend] = outcome
    return found


@pytest.mark.parametrize("backend", NAMES)
def test_backends_agree_on_a_small_book(backend: str, small_book_results: dict[str, Outcome]
                                        ) -> None:
    """Each backend's [objective, bound] holds HiGHS's proven optimum; 'optimal' means within
    the gap target."""
    if backend not in small_book_results:
        pytest.skip(f"{backend} is not installed")
    reference = small_book_results["highs"]
    assert reference.result.status == Status.OPTIMAL
    assert reference.objective is not None and reference.result.bound is not None
    optimum_low, optimum_high = reference.objective, reference.result.bound
    outcome = small_book_results[backend]
    assert outcome.objective is not None and outcome.result.bound is not None
    tolerance = 1e-6 * abs(optimum_high)
    assert outcome.objective <= optimum_high + tolerance
    assert outcome.result.bound >= optimum_low - tolerance
    if outcome.result.status == Status.OPTIMAL:
        assert outcome.objective >= optimum_high * (1 - 1e-4) - tolerance
    else:
        assert outcome.result.status == Status.FEASIBLE


@pytest.mark.skipif(not (SHARED / "gap-orlib").exists(), reason="no shared data")
@pytest.mark.parametrize("backend", NAMES)
def test_backends_agree_on_a_gap_instance(backend: str, tmp_path: Path) -> None:
    if backend not in installed_backends():
        pytest.skip(f"{backend} is not installed")
    instance = read_gap(SHARED / "gap-orlib" / "instances" / "cattrysse1994" / "gap4-2")
    outcome = optimize(prepare(write_gap_book(instance, tmp_path, backend=backend)))
    assert outcome.objective == pytest.approx(673, abs=1e-6)  # published max optimum of gap4-2


def test_cp_sat_refuses_soft_constraints_clearly(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 0}, solver={"backend": "cp-sat"},
                 objective={"soft": {"budget": 0.5}})
    with pytest.raises(UserError, match="whole-number decisions only"):
        solve(path)


def test_unknown_backend_suggests_one(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], solver={"backend": "higs"})
    with pytest.raises(UserError, match="Did you mean 'highs'"):
        solve(path)


@pytest.mark.skipif(not (SHARED / "gap-orlib").exists(), reason="no shared data")
def test_any_pulp_solver_by_name(tmp_path: Path) -> None:
    """`pulp:NAME` drives any solver PuLP knows (here PuLP's own HiGHS interface)."""
    instance = read_gap(SHARED / "gap-orlib" / "instances" / "cattrysse1994" / "gap1-0")
    outcome = optimize(prepare(write_gap_book(instance, tmp_path, backend="pulp:HiGHS")))
    assert outcome.result.solver == "pulp:HiGHS"
    assert outcome.objective == pytest.approx(336, abs=1e-6)  # published max optimum of gap1-0
    assert outcome.check is not None and outcome.check.ok
