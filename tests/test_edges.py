"""Edge books plan or explain, never crash: no customer-RM pairs, no eligible offers, a tier
without customers, a model without columns, one customer, no RMs, no customers; on both solve
paths and every backend, through the reports."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from allocator import api
from allocator.backends import (
    NAMES,
    SolveOptions,
    SolveResult,
    Status,
    get_backend,
    installed_backends,
)
from allocator.backends.highs import HighsBackend
from allocator.checks import verify_plan
from allocator.errors import AllocatorError, NoPlanError
from allocator.explain import OFFER_COLUMNS, explain
from allocator.optimize import Outcome, optimize
from allocator.preparation import prepare
from allocator.problem import build_problem
from tests.builders import offer, world

NONE = {"top": {"coverage": "none"}, "base": {"coverage": "none"}}
MANDATORY = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory"},
             "base": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory"}}
CUSTOMER_HEADER = "customer_id,region,aum,revenue_12m,risk_tolerance,pd,tier_key\n"
RM_HEADER = "rm_id,grade,region,capacity_hours\n"


def customer(n: int, top: bool = False, **fields: Any) -> dict[str, Any]:
    """Customer Cn with a lifetime value of 100·n; in tier `top` or `base`."""
    return {"customer_id": f"C{n}", "revenue_12m": 100.0 * n, "tier_key": 2.0 if top else 0.0,
            **fields}


@dataclass(frozen=True)
class Edge:
    customers: list[dict[str, Any]]
    sections: dict[str, Any] = field(default_factory=dict)
    objective: float | None = None
    """The optimum by hand; None when no plan can exist."""
    empty: tuple[str, ...] = ()
    """Tables written with their header only."""

    def write(self, folder: Path) -> Path:
        path = world(folder, self.customers or [customer(1)], **self.sections)
        if "rms" in self.empty:
            (folder / "rms.csv").write_text(RM_HEADER)
        return path


TWO = [customer(1, top=True), customer(2)]
EMAIL = {"e": offer(10)}
EDGES = {
    "no customer-RM pairs": Edge(TWO, {"tiers": NONE, "offers": EMAIL}, 20.0),
    "no offers at all": Edge(TWO, {}, 0.0),
    "every customer do-not-contact": Edge(
        [customer(1, top=True, do_not_contact=True), customer(2, do_not_contact=True)],
        {"offers": EMAIL}, 0.0),
    "a tier without customers": Edge([customer(1), customer(2)], {"offers": EMAIL}, 20.0),
    "a model without columns": Edge([customer(1, do_not_contact=True)], {"tiers": NONE}, 0.0),
    "a single customer": Edge([customer(1, top=True)],
                              {"offers": EMAIL, "packages": {"care": {"uplift": 0.5}}},
                              10.0 + 0.5 * 100),
    "no RMs": Edge(TWO, {"tiers": NONE | {"base": {"coverage": "optional"}},
                         "offers": EMAIL}, 20.0, empty=("rms",)),
    "no RMs for mandatory coverage": Edge(TWO, {"tiers": MANDATORY, "offers": EMAIL}, None,
                                          empty=("rms",)),
}
PATHS = ("exact", "decomposition")


def planned(path: Path, method: str, backend: str) -> Outcome:
    """Solved and checked (the rule-of-thumb plans are left to the whole runs below)."""
    sets = [f"solver.method={method}", f"solver.backend={backend}", "output.baselines=false"]
    return optimize(prepare(path, sets))


@pytest.mark.parametrize("backend", NAMES)
@pytest.mark.parametrize("method", PATHS)
@pytest.mark.parametrize("name", EDGES)
def test_edge_books_plan_or_explain_on_every_path_and_backend(
        name: str, method: str, backend: str, tmp_path: Path) -> None:
    """A plan the checker accepts, at the optimum found by hand; or, where none can exist, the
    constraint that must give."""
    if backend not in installed_backends():
        pytest.skip(f"{backend} is not installed")
    edge = EDGES[name]
    outcome = planned(edge.write(tmp_path), method, backend)
    if edge.objective is None:
        assert outcome.plan is None
        assert [s.constraint for s in outcome.diagnosis] == ["coverage_mandatory"]
        return
    assert outcome.check is not None and outcome.check.ok
    assert outcome.objective == pytest.approx(edge.objective, abs=1e-6)
    assert outcome.result.status == Status.OPTIMAL
    assert outcome.result.bound == pytest.approx(edge.objective, abs=1e-6)


@pytest.mark.parametrize("method", PATHS)
@pytest.mark.parametrize("name", EDGES)
def test_edge_books_write_their_reports_and_verify(name: str, method: str,
                                                  tmp_path: Path) -> None:
    """The whole run: summary.md, report.html, plan.xlsx and the CSVs are written (the
    diagnosis where no plan exists), and `verify` re-checks the saved plan."""
    edge = EDGES[name]
    made = api.run(edge.write(tmp_path), [f"solver.method={method}"])
    files = {p.name for p in made.folder.iterdir()}
    assert {"summary.md", "manifest.json"} <= files
    if edge.objective is None:
        assert not made.feasible
        return
    assert {"report.html", "plan.xlsx", "customer_plan.csv", "tier_summary.csv"} <= files
    assert api.verify_run(made.folder).ok
    if name in ("no customer-RM pairs", "no RMs", "a model without columns"):
        # no RM to keep or to move: no line about keeping today's books
        assert "Closest plan" not in (made.folder / "summary.md").read_text(encoding="utf-8")
    for row in edge.customers:  # why each customer got what they got, alternatives or none
        found = explain(made.folder, row["customer_id"])
        assert found.tier and list(found.offers.columns) == list(OFFER_COLUMNS)


CUSTOMERS = st.lists(st.fixed_dictionaries({
    "top": st.booleans(), "do_not_contact": st.booleans(),
    "revenue_12m": st.sampled_from([0.0, 50.0, 400.0]), "region": st.sampled_from("AB"),
}), max_size=3)
RMS = st.lists(st.fixed_dictionaries({
    "region": st.sampled_from("AB"), "capacity_hours": st.sampled_from([0, 10, 100]),
}), max_size=2)
OFFERS = st.lists(st.fixed_dictionaries({
    "margin": st.sampled_from([0.0, 10.0, 50.0]), "cost": st.sampled_from([0.0, 5.0, 20.0]),
    "channel": st.sampled_from(["email", "rm"]), "minimum": st.sampled_from([0, 0, 1]),
}), max_size=2)
COVERAGE = st.sampled_from(["mandatory", "optional", "none"])
BOOK = st.fixed_dictionaries({
    "customers": CUSTOMERS, "rms": RMS, "offers": OFFERS, "top": COVERAGE, "base": COVERAGE,
    "budget": st.sampled_from([None, 0.0, 30.0]), "packages": st.booleans(),
    "method": st.sampled_from(PATHS), "backend": st.sampled_from(NAMES),
})


def random_book(folder: Path, book: dict[str, Any]) -> Path:
    customers = [customer(n + 1, **row) for n, row in enumerate(book["customers"])]
    rms = [{"rm_id": f"R{n}", "grade": "rm", **row} for n, row in enumerate(book["rms"])]
    tiers = {t: {"rm_grades": {"rm": 1.0}, "coverage": book[t], "hours_per_customer": 8,
                 "max_offers": 1} for t in ("top", "base")}
    sections: dict[str, Any] = {
        "tiers": tiers, "offers": {f"o{k}": offer(**o) for k, o in enumerate(book["offers"])},
        "solver": {"method": book["method"], "backend": book["backend"], "time_limit": 10},
        "packages": {"care": {"uplift": 0.1, "cost_per_customer": 4}} if book["packages"] else {},
    }
    if book["budget"] is not None:
        sections["budget"] = {"total": book["budget"]}
    path = world(folder, customers or [customer(1)], rms or None, **sections)
    if not customers:
        (folder / "customers.csv").write_text(CUSTOMER_HEADER)
    if not rms:
        (folder / "rms.csv").write_text(RM_HEADER)
    return path


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=BOOK)
def test_tiny_random_books_plan_or_explain(book: dict[str, Any]) -> None:
    """Over tiny random books, degenerate ones included (no customers, no RMs, no pairs, no
    offers): a plan the independent checker accepts, a diagnosis, or an error the package
    raises on purpose with a message; never another exception."""
    if book["backend"] not in installed_backends():
        return
    with tempfile.TemporaryDirectory() as folder:
        path = random_book(Path(folder), book)
        try:
            outcome = optimize(prepare(path))
        except AllocatorError as exc:
            assert str(exc).strip()
            return
        if outcome.plan is None:
            assert outcome.diagnosis
            return
        assert outcome.objective is not None
        assert verify_plan(outcome.prepared.check_inputs(), outcome.plan, outcome.objective).ok


def test_a_model_without_columns_is_proven_optimal_at_zero_or_infeasible(tmp_path: Path) -> None:
    """What HiGHS calls an empty model: optimal at 0 with bound 0 when every row admits 0,
    infeasible when a row needs more than nothing (never 'raise the time limit')."""
    prepared = prepare(EDGES["a model without columns"].write(tmp_path))
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    assert problem.n_cols == 0
    needing = replace(problem, matrix=sp.csr_matrix((1, 0)), row_lower=np.ones(1),
                      row_upper=np.full(1, np.inf))
    for backend in installed_backends():
        found = get_backend(backend).solve(problem, SolveOptions())
        assert (found.status, found.objective, found.bound) == (Status.OPTIMAL, 0.0, 0.0)
    for backend in ("highs", "cbc"):
        assert get_backend(backend).solve(needing, SolveOptions()).status == Status.INFEASIBLE


def test_a_failing_solver_asks_for_another_backend(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(self: HighsBackend, *args: Any) -> SolveResult:
        return SolveResult(Status.ERROR, None, None, None, "highs", "1", 0.1, "solve error")

    monkeypatch.setattr(HighsBackend, "solve", failing)
    with pytest.raises(NoPlanError, match=r"highs failed on this problem \(solve error\); "
                                          r"choose another solver.backend \(e.g. cbc\)"):
        planned(EDGES["a single customer"].write(tmp_path), "exact", "highs")
