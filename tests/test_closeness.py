"""Closeness to a base plan: among equally good plans a what-if keeps the base's choices, and
the reported objective, bound and gap stay the plan's own."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from allocator import api
from allocator.closeness import BasePlan, base_of_plan, base_of_run, closest
from allocator.errors import UserError
from allocator.optimize import Outcome, optimize
from allocator.preparation import prepare
from allocator.problem import build_problem
from allocator.scenario import load_scenario
from allocator.sweep_run import run_sweep
from tests.builders import assigned, offer, offered, solve, world
from tests.conftest import SHARED

RMS = [{"rm_id": r, "grade": "rm", "region": "R", "capacity_hours": 10} for r in ("R1", "R2")]
PATHS = ["exact", "decomposition"]


def twins(folder: Path, favour: str | None = None, offers: dict[str, Any] | None = None
          ) -> Path:
    """Two customers and two RMs that serve either equally well (fit 10 each); each RM has
    room for one. Two offers worth the same (20), one contact each: several equally good plans.
    `favour` gives that RM a better fit for A, to make a base plan that differs from the
    default's."""
    fit = [(i, r, 12.0 if (i, r) == ("A", favour) else 10.0) for i in "AB" for r in ("R1", "R2")]
    return world(folder, [{"customer_id": i, "tier_key": 2.0} for i in "AB"], rms=RMS,
                 fit=[(i, r, s, 10.0) for i, r, s in fit],
                 offers=offers or {"call": offer(20), "mail": offer(20)},
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                                "max_offers": 1},
                        "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional"}},
                 solver={"time_limit": 30, "gap": 1e-4}, output={"baselines": False})


def as_base(outcome: Outcome) -> BasePlan:
    assert outcome.plan is not None
    return base_of_plan(outcome.plan, outcome.prepared.valued.customers["customer_id"])


@pytest.mark.parametrize("method", PATHS)
def test_a_what_if_keeps_the_base_among_equal_plans(tmp_path: Path, method: str) -> None:
    method_set = f"solver.method={method}"
    for favour in ("R1", "R2"):
        made = solve(twins(tmp_path / favour, favour), method_set)
        base = assigned(made)
        assert base["A"] == favour
        plain = prepare(twins(tmp_path / f"plain-{favour}"), [method_set])
        what_if = optimize(plain, base=as_base(made))
        assert assigned(what_if) == base
        assert offered(what_if) == offered(made)
        # the plan's own value (two RMs at 10, two offers at 20), not the tie-break's
        assert what_if.objective == pytest.approx(60.0)
        assert what_if.check is not None and what_if.check.objective == pytest.approx(60.0)
        assert what_if.result.bound is not None and what_if.result.bound >= 60.0
        assert what_if.gap is not None and what_if.gap <= 1e-4


def test_the_base_comes_from_a_run_folder(tmp_path: Path) -> None:
    made = api.run(twins(tmp_path / "R1", "R1"), output=tmp_path / "reports")
    run = api.run(twins(tmp_path / "plain"), output=tmp_path / "reports", base=made.folder)
    assert assigned(run.outcome) == assigned(made.outcome) and assigned(run.outcome)["A"] == "R1"
    manifest = json.loads((run.folder / "manifest.json").read_text(encoding="utf-8"))
    kept = manifest["kept_base"]
    assert kept["base"] == str(made.folder) and kept["undone"] == kept["changes"] >= 1


def test_the_base_never_costs_value(tmp_path: Path) -> None:
    # a base that keeps A with R2 is worth 2 less than the best plan (A with R1 at 12):
    # the what-if takes the better plan, the base only breaks ties
    for method in PATHS:
        method_set = f"solver.method={method}"
        worse = solve(twins(tmp_path / f"worse-{method}", "R2"), method_set)
        again = optimize(prepare(twins(tmp_path / f"again-{method}", "R1"), [method_set]),
                         base=as_base(worse))
        assert assigned(again)["A"] == "R1" and again.objective == pytest.approx(62.0)


def test_a_base_must_be_a_run_folder(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="--base .*not a run folder"):
        base_of_run(tmp_path)



@pytest.mark.parametrize(("command", "given"), [
    ("run", True), ("run", False), ("sweep", True), ("sweep", False)])
def test_a_base_whose_plan_was_edited_is_refused_naming_the_file(
        tmp_path: Path, command: str, given: bool) -> None:
    # given as --base, or kept by default (the latest plain run of a what-if's scenario)
    scenario, reports = twins(tmp_path / "R1", "R1"), tmp_path / "reports"
    made = api.run(scenario, output=reports)
    plan = pd.read_parquet(made.folder / "customer_plan.parquet")
    plan["rm_id"] = "R2"  # a plan the run did not make
    plan.to_parquet(made.folder / "customer_plan.parquet")
    said = (r"--base .*" if given else r"") + (
        r"customer_plan\.parquet changed since the run wrote it.*a changed run is no base")
    base, before = made.folder if given else None, sorted(made.folder.parent.iterdir())
    with pytest.raises(UserError, match=said):
        if command == "run":
            api.run(scenario, ["solver.gap=0.001"], output=reports, base=base)
        else:
            run_sweep(scenario, ["solver.gap=0.001,0.002"], output=reports, base=base)
    assert sorted(made.folder.parent.iterdir()) == before  # nothing begun


def test_a_base_of_another_book_is_refused(tmp_path: Path) -> None:
    other = api.run(world(tmp_path / "other", [{"customer_id": "Z"}]),
                    output=tmp_path / "reports")
    with pytest.raises(UserError, match="its 1 customer is not in this book"):
        api.run(twins(tmp_path / "plain"), output=tmp_path / "reports", base=other.folder)

CDNOW = Path(__file__).resolve().parents[1] / "scenarios" / "real" / "cdnow.yaml"
# 4,000 CDNOW customers with half the RM hours (capacity binds) and no value on continuity, so
# many plans are equally good; the base comes from the other solve path, whose ties differ.
REAL_SETS = ["data.dataset.sample=4000", "rules.rm_capacity_scale=0.5",
             "rules.continuity.bonus=0", "output.baselines=false"]


def budget_isolated(outcome: Outcome) -> set[str]:
    """Customers whose RM no budget can affect: those in a connected component of the
    customer-RM graph where no customer has an offer that needs an RM. No row holding such a
    component's RM columns holds an offer or package column (coverage, RM hours and book sizes,
    continuity hold RM columns only), so the component's best RMs are the same at any budget."""
    d, valued = outcome.decisions, outcome.prepared.valued
    n = len(valued.customers)
    graph = sp.coo_matrix((np.ones(len(d.x.rm)), (d.x.customer, n + d.x.rm)),
                          shape=(n + len(valued.rms),) * 2)
    _, component = connected_components(graph, directed=False)
    needs_rm = np.array([o.requires_rm for o in valued.offers])[d.y.offer]
    touched = np.unique(component[d.y.customer[needs_rm]])
    served = np.unique(d.x.customer)
    isolated = served[~np.isin(component[served], touched)]
    return set(valued.customers["customer_id"].to_numpy()[isolated].astype(str))


@pytest.mark.skipif(not SHARED.exists(), reason="no shared data beside the project")
@pytest.mark.parametrize(("paths", "channel"), [(("exact", "decomposition"), "email"),
                                                (("decomposition", "exact"), "rm")])
def test_a_budget_what_if_on_real_data_moves_no_rm_it_need_not(
        paths: tuple[str, str], channel: str) -> None:
    sets = [*REAL_SETS, f"offers.vip_preview.channel={channel}"]
    prepared = prepare(CDNOW, [*sets, "budget.total=500", f"solver.method={paths[0]}"])
    base = optimize(prepared)
    what_if = optimize(replace(prepared, loaded=load_scenario(
        CDNOW, [*sets, "budget.total=800", f"solver.method={paths[1]}"])), base=as_base(base))
    before, after = assigned(base), assigned(what_if)
    moved = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    isolated = budget_isolated(what_if)
    assert bool(isolated) == (channel == "email")  # an RM offer ties every component to the budget
    assert not moved & isolated
    assert len(moved) <= 0.01 * len(after)  # without the base: 1,001 of 1,456 moved
    assert what_if.check is not None and what_if.check.ok
    assert what_if.gap is not None and what_if.gap <= 5e-4


@pytest.mark.skipif(not SHARED.exists(), reason="no shared data beside the project")
def test_a_sweep_point_keeps_the_previous_points_plan(tmp_path: Path) -> None:
    result = run_sweep(CDNOW, ["budget.total=500,800", "solver.method=exact,decomposition"],
                       zipped=True, sets=[*REAL_SETS, "offers.vip_preview.channel=email"],
                       output=tmp_path)
    first, second = (pd.read_parquet(result.folder / folder / "customer_plan.parquet")
                     .set_index("customer_id")["rm_id"].fillna("")
                     for folder in result.table["folder"])
    assert (first != second).sum() == 0  # with today's books as the base, customers move


def test_an_added_rm_takes_the_customer_the_base_left_out(tmp_path: Path) -> None:
    """One RM with room for one customer: the base serves B. With an RM added, a plan that
    gives A the base's RM and B the new one is as good as B kept and A on the new RM: the
    phase moves A to the added RM so that B keeps its RM (no plain undo can)."""
    book = world(tmp_path, [{"customer_id": i} for i in "AB"],
                 rms=[{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10}],
                 fit=[(i, r, s, 10.0) for i in "AB" for r, s in (("R1", 10.0), ("rm+1", 5.0))],
                 output={"baselines": False})
    prepared = prepare(book, ["rules.add_rms.rm=1"])
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    d = problem.decisions
    ids = prepared.valued.customers["customer_id"].to_numpy()[d.x.customer]
    rms = prepared.valued.rms["rm_id"].to_numpy()[d.x.rm]
    values = np.zeros(problem.n_cols)
    values[:len(d.x.rm)] = [(i, r) in {("A", "R1"), ("B", "rm+1")}
                            for i, r in zip(ids, rms, strict=True)]
    base = BasePlan(pd.DataFrame({"customer_id": ["B"], "rm_id": ["R1"]}),
                    pd.DataFrame({"customer_id": [], "offer_id": []}), frozenset("AB"))
    out, kept = closest(problem, prepared.valued, values, base, 0.0)
    chosen = out[:len(d.x.rm)] > 0.5
    assert set(zip(ids[chosen], rms[chosen], strict=True)) == {("A", "rm+1"), ("B", "R1")}
    assert (kept.changes, kept.undone, kept.to_spare) == (2, 1, 1)
    assert float(problem.objective @ out) == pytest.approx(float(problem.objective @ values))


def test_the_closest_plan_and_baselines_count_against_the_time_limit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run whose time is spent once its plan is priced keeps no base and values no
    rule-of-thumb plan, and says that the clock stopped them."""
    from allocator import optimize as optimizing

    solved = optimizing._solved

    def spent(*args: Any) -> Outcome:
        outcome = solved(*args)
        args[-1].end = 0.0  # the run's deadline, as if the solve had taken it all
        return outcome

    monkeypatch.setattr(optimizing, "_solved", spent)
    book = twins(tmp_path / "book", offers=None)
    run = api.run(book, ["output.baselines=true"], output=tmp_path / "reports")
    manifest = json.loads((run.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kept_base"]["stopped_on"] == "time_limit"
    assert manifest["kept_base"]["begun"] is False
    assert manifest["solver"]["stopped_on"] == "time_limit"  # the clock decided the plan
    assert manifest["attempts"]["baselines"] == "time_limit"
    assert run.outcome.baselines is None and not (run.folder / "baselines.csv").exists()
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    assert "Closest plan: not sought, the run's time limit was reached first" in summary
    assert "changes against it" not in summary  # no count of changes it never looked for
    assert api.verify_run(run.folder).ok


def test_a_plan_kept_closer_within_the_gap_target_is_optimal_within_it() -> None:
    """The closest plan's value can bring a plan the solve left short of the gap target within
    it of the proven bound: it is then optimal within the gap, never still 'feasible'."""
    from dataclasses import dataclass

    from allocator.backends.base import SolveResult, Status
    from allocator.optimize import _status_of

    @dataclass(frozen=True)
    class Kept:  # an outcome's result and gap, all _status_of reads
        result: SolveResult
        gap: float

    short = SolveResult(Status.FEASIBLE, None, 99.0, 100.0, "decomposition", "", 1.0,
                        message="stopped above the gap target")
    within = _status_of(cast(Outcome, Kept(short, 0.00009)), 1e-4).result
    assert within.status == Status.OPTIMAL and within.message == ""
    above = _status_of(cast(Outcome, Kept(short, 0.0002)), 1e-4).result
    assert above.status == Status.FEASIBLE
