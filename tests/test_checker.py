"""The independent checker, attacked: a saved run folder of a small book where every
constraint family and rule is present, corrupted one family at a time; verify must name the
broken family and who it concerns, and nothing else. Its saved tiers are checked against
the raw data tiered again."""

from __future__ import annotations

import ast
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple, get_args

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import allocator.checks.rules
import allocator.formulation
from allocator import api
from allocator.checks import CheckReport, Violation, joined_plan, verify_plan
from allocator.checks.ledger import Ledger
from allocator.cli.verify import verify
from allocator.families import CONSTRAINTS, ConstraintFamily
from allocator.families import FAMILIES as FAMILY_SPECS
from allocator.plan import read_plan
from allocator.preparation import prepare
from allocator.problem import AllocationProblem, build_problem
from allocator.report.language import Words
from allocator.report.violation_words import violation_detail
from allocator.scenario.schema import Family
from tests.builders import offer, world

Edit = Callable[[Path], None]
PLAN, OFFERS, TIERS = "customer_plan.parquet", "offer_plan.csv", "tier_summary.csv"


def every_family_world(folder: Path) -> Path:
    """Top customers T1-T3 (mandatory, up to two offers), base customers elsewhere (optional,
    one offer); RMs R1-R6; offers and limits so that each family binds or is at hand, and
    fit scores, default probabilities and propensities that leave one optimal plan."""
    top = {"tier_key": 1.0, "revenue_12m": 100.0, "priced_p": 1.0}
    customers = [
        {"customer_id": "T1", **top, "incumbent_rm": "R1", "pd": 0.01},
        {"customer_id": "T2", **top}, {"customer_id": "T3", **top, "risk_tolerance": 1},
        *[{"customer_id": f"B{i}"} for i in range(1, 7)],
        {"customer_id": "B7", "do_not_contact": True}, {"customer_id": "B8", "risk_tolerance": 1},
        {"customer_id": "B9", "risk_tolerance": 1, "priced_p": 1.0},
        {"customer_id": "S1", "region": "S"}, {"customer_id": "S2", "region": "S", "pd": 0.01},
        {"customer_id": "Q1", "region": "Q"}, {"customer_id": "Q2", "region": "Q"},
    ]
    rms = [
        {"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 100},
        {"rm_id": "R2", "grade": "junior", "region": "R", "capacity_hours": 100,
         "min_load_hours": 10},
        {"rm_id": "R3", "grade": "rm", "region": "S", "capacity_hours": 10},
        {"rm_id": "R4", "grade": "rm", "region": "Q", "capacity_hours": 100, "max_book": 1},
        {"rm_id": "R5", "grade": "rm", "region": "R", "capacity_hours": 100},
        {"rm_id": "R6", "grade": "rm", "region": "Q", "capacity_hours": 100},
    ]
    fit = [("T1", "R1", 5.0), ("T2", "R1", 5.0), ("T3", "R1", 5.0), ("B7", "R2", 1.0),
           ("B8", "R2", 1.0), ("S1", "R3", 2.0), ("S2", "R3", 1.0), ("Q1", "R4", 2.0),
           ("Q2", "R4", 1.0), ("Q2", "R6", 1.0), *[(f"B{i}", "R5", 1.0) for i in (
               1, 2, 3, 4, 5, 6, 9)]]
    tiers = {
        "top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "hours_per_customer": 10,
                "max_offers": 2, "budget_floor_share": 0.1, "loss_cap_share": 0.5},
        "base": {"rm_grades": {"rm": 1.0, "junior": 1.0}, "coverage": "optional",
                 "hours_per_customer": 10, "max_offers": 1, "budget_cap_share": 0.1},
    }
    offers = {
        "app": offer(10.0, channel="app"),
        "mail": offer(20.0, channel="email"),
        "gift": offer(30.0, channel="branch", quota=1, risk_level=2),
        "survey": offer(-5.0, channel="sms", minimum=1),
        "advice": offer(15.0, channel="rm", risk_level=2, eligible_tiers=["base"]),
        "priced": offer(300.0, cost=100.0, channel="call_centre", propensity_column="priced_p"),
        "pricey": offer(0.5, cost=1000.0, channel="call_centre"),
        "loan": offer(50.0, channel="branch", lgd=1.0, ead=100.0, capital_weight=1.0),
        "big_loan": offer(0.5, channel="branch", lgd=1.0, ead=200.0, capital_weight=1.0),
        "guarantee": offer(0.5, channel="branch", ead=1000.0, capital_weight=1.0),
        "fund": offer(5.0, channel="app", risk_level=3),
    }
    packages = {"basic": {"cost_per_customer": 0.0, "uplift": 0.0},
                "premium": {"cost_per_customer": 0.0, "uplift": 0.1, "tiers": ["top"]}}
    rows = [{"pd": 0.02, "priced_p": 0.0, **row} for row in customers]
    return world(folder, rows, rms, fit, tiers=tiers, offers=offers, packages=packages,
                 budget={"total": 1000.0}, risk={"loss_cap": 2.0, "capital_cap": 1000.0},
                 rules={"continuity": {"max_reassignments": 0},
                        "channel_capacity": {"email": 1}})


@pytest.fixture(scope="module")
def saved_run(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    """The run of the every-family world (written once)."""
    folder = tmp_path_factory.mktemp("every_family")
    run = api.run(every_family_world(folder / "book"), output=folder / "reports")
    assert run.outcome.result.status.value == "optimal"
    return run


@pytest.fixture
def copy(saved_run: api.Run, tmp_path: Path) -> Path:
    folder = tmp_path / "run"
    shutil.copytree(saved_run.folder, folder)
    return folder


def set_rm(customer: str, rm: str | None) -> Edit:
    def edit(folder: Path) -> None:
        plan = pd.read_parquet(folder / PLAN)
        plan.loc[plan["customer_id"] == customer, "rm_id"] = rm
        plan.to_parquet(folder / PLAN, index=False)
    return edit


def second_rm(customer: str, rm: str) -> Edit:
    def edit(folder: Path) -> None:
        plan = pd.read_parquet(folder / PLAN)
        row = plan[plan["customer_id"] == customer].assign(rm_id=rm)
        pd.concat([plan, row], ignore_index=True).to_parquet(folder / PLAN, index=False)
    return edit


def repeat_row(customer: str) -> Edit:
    """The customer's row of the plan given again at its end, as it is."""
    def edit(folder: Path) -> None:
        plan = pd.read_parquet(folder / PLAN)
        row = plan[plan["customer_id"] == customer]
        pd.concat([plan, row], ignore_index=True).to_parquet(folder / PLAN, index=False)
    return edit


def swap_offer(customer: str, old: str | None, new: str | None) -> Edit:
    """Replace the customer's offer `old` by `new` (add it if old is None, drop old if new
    is None)."""
    def edit(folder: Path) -> None:
        offers = pd.read_csv(folder / OFFERS)
        mine = (offers["customer_id"] == customer) & (offers["offer_id"] == old)
        assert old is None or mine.sum() == 1, f"{customer} has no {old} in the saved plan"
        offers = offers[~mine]
        if new is not None:
            offers = pd.concat([offers, pd.DataFrame({"customer_id": [customer],
                                                      "offer_id": [new]})])
        offers.to_csv(folder / OFFERS, index=False)
    return edit


def set_package(tier: str, package: str | None) -> Edit:
    def edit(folder: Path) -> None:
        tiers = pd.read_csv(folder / TIERS)
        tiers.loc[tiers["tier"] == tier, "package"] = package
        tiers.to_csv(folder / TIERS, index=False)
        plan = pd.read_parquet(folder / PLAN)  # the tier's customers with it
        plan.loc[plan["tier"] == tier, "package"] = package
        plan.to_parquet(folder / PLAN, index=False)
    return edit


def claim(objective_change: float) -> Edit:
    def edit(folder: Path) -> None:
        manifest = json.loads((folder / "manifest.json").read_text())
        manifest["solver"]["objective"] += objective_change
        (folder / "manifest.json").write_text(json.dumps(manifest))
    return edit


class Case(NamedTuple):
    edits: tuple[Edit, ...]
    family: str
    constraint: str
    who: str
    """The customer, RM, offer, tier or channel the violation must name."""
    also: frozenset[str] = frozenset()
    """Other constraints of the family the same corruption breaks as well."""


FAMILIES: dict[str, Case] = {
    "coverage_mandatory": Case((set_rm("T3", None),), "coverage", "coverage_mandatory", "T3"),
    "coverage_optional": Case((second_rm("B1", "R1"),), "coverage", "coverage_optional",
                              "1 customer has more than one RM (e.g. B1)",
                              frozenset({"customer_rows"})),  # the file holds B1 twice
    "rm_capacity": Case((set_rm("S2", "R3"),), "rm_capacity", "rm_capacity", "R3"),
    "rm_book_size": Case((set_rm("Q2", "R4"),), "rm_book_size", "rm_book_size", "R4"),
    "rm_min_load": Case((set_rm("B7", None), set_rm("B8", None)), "rm_min_load", "rm_min_load",
                        "R2"),
    "continuity": Case((set_rm("T1", "R5"),), "continuity", "continuity", "T1"),
    "contact": Case((swap_offer("B1", None, "app"),), "contact", "contact", "B1"),
    "channel_capacity": Case((swap_offer("T2", "gift", "mail"),), "channel_capacity",
                             "channel_capacity", "email"),
    "rm_offer_link": Case((swap_offer("S2", "loan", "advice"),), "rm_offer_link",
                          "rm_offer_link", "S2/advice"),
    "budget": Case((swap_offer("T2", "gift", "pricey"),), "budget", "budget", "total"),
    "tier_budget_floor": Case(tuple(swap_offer(t, "priced", None) for t in ("T1", "T2", "T3")),
                              "tier_budget", "tier_budget_floor", "top"),
    "tier_budget_cap": Case((swap_offer("B1", "advice", "priced"),), "tier_budget",
                            "tier_budget_cap", "base"),
    "loss_cap": Case((swap_offer("B2", "advice", "loan"),), "loss_cap", "loss_cap", "total"),
    "tier_loss": Case((swap_offer("S2", "loan", "app"), swap_offer("T1", "loan", "big_loan")),
                      "tier_loss", "tier_loss", "top"),
    "capital_cap": Case((swap_offer("B3", "advice", "guarantee"),), "capital_cap",
                        "capital_cap", "total"),
    "offer_quota": Case((swap_offer("B4", "advice", "gift"),), "offer_quota", "offer_quota",
                        "gift"),
    "offer_minimum": Case((swap_offer("B8", "survey", None),), "offer_minimum",
                          "offer_minimum", "survey"),
    "package_choice": Case((set_package("top", None),), "package_choice", "package_choice",
                           "top"),
}
"""One case per row family the model builder writes (see the guard test below)."""

RULES: dict[str, Case] = {
    "unknown RM": Case((set_rm("B3", "R99"),), "coverage", "known ids", "B3"),
    "RM of another region": Case((set_rm("B3", "R6"),), "coverage",
                                 "RM in the customer's region", "B3"),
    "RM grade": Case((set_rm("T2", "R2"),), "coverage", "RM grade allowed for the tier", "T2"),
    "unknown offer": Case((swap_offer("B5", "advice", "lottery"),), "contact", "known ids",
                          "B5/lottery"),
    "offer made twice": Case((swap_offer("T3", "mail", "priced"),), "contact",
                             "one offer of a kind per customer",
                             "1 offer is made twice to the same customer (e.g. T3/priced)"),
    "do not contact": Case((swap_offer("B7", None, "app"),), "contact", "do not contact",
                           "B7/app"),
    "suitability": Case((swap_offer("B9", "priced", "fund"),), "contact", "suitability",
                        "B9/fund"),
    "offer eligible for the tier": Case((swap_offer("T2", "gift", "advice"),), "contact",
                                        "offer eligible for the tier", "T2/advice"),
    "unknown package": Case((set_package("top", "gold"),), "package_choice", "known ids",
                            "top", frozenset({"package_choice"})),  # no package it may have
    "package open to the tier": Case((set_package("base", "premium"),), "package_choice",
                                     "package open to the tier", "base"),
    "objective claim": Case((claim(100.0),), "objective", "objective", "total"),
    "customer on two rows": Case((repeat_row("S2"),), "coverage", "customer_rows",
                                 "customer S2 appears on 2 rows (14, 17)"),
}
"""One case per rule the checker enforces beyond the rows, and the objective it recomputes."""


def plan_broken(report: CheckReport) -> list[Violation]:
    """The plan's violations: the edits these tests make also change files whose hashes the
    manifest holds (those checks are tested in test_folder_check.py)."""
    return [v for v in report.hard_violations if v.family != "files"]


def broken(report: CheckReport) -> set[tuple[str, str]]:
    return {(v.family, v.constraint) for v in plan_broken(report)}


def only_violation(run_folder: Path, copy: Path, edits: tuple[Edit, ...],
                   family: str, name: str) -> Violation:
    """Verify a copy of `run_folder` with `edits` made: `name` of `family` is the one limit
    broken (beside the objective the edits change), and its violation."""
    shutil.copytree(run_folder, copy)
    for edit in edits:
        edit(copy)
    report = api.verify_run(copy)
    assert broken(report) - {("objective", "objective")} == {(family, name)}
    [violation] = [v for v in plan_broken(report) if v.constraint == name]
    return violation


def test_the_saved_plan_passes(saved_run: api.Run) -> None:
    report = api.verify_run(saved_run.folder)
    assert report.ok and not report.violations and not report.notes
    assert saved_run.outcome.problem is not None
    built = {block.name for block in saved_run.outcome.problem.row_blocks}
    assert built == set(FAMILIES), "the world must make every family present in the model"


@pytest.mark.parametrize("family", [f for f in FAMILY_SPECS if f.rows.__module__ !=
                                    "allocator.campaigns.rows"], ids=lambda f: f.name)
def test_each_family_s_checker_measures_it(family: ConstraintFamily, saved_run: api.Run
                                           ) -> None:
    """The measurement a family declares records its rows, run alone on the plan."""
    plan = saved_run.outcome.plan
    assert plan is not None
    ledger = Ledger({})
    family.check(ledger, joined_plan(saved_run.outcome.prepared.check_inputs(), plan))
    assert family.name in {row[0] for row in ledger.rows}


@pytest.mark.parametrize("name", [*FAMILIES, *RULES])
def test_verify_names_each_broken_family_and_who(name: str, copy: Path) -> None:
    case = FAMILIES.get(name) or RULES[name]
    for edit in case.edits:
        edit(copy)
    report = api.verify_run(copy)
    expected = {(case.family, constraint) for constraint in {case.constraint, *case.also}}
    assert broken(report) - {("objective", "objective")} == expected - {
        ("objective", "objective")}
    [violation] = [v for v in plan_broken(report)
                   if (v.family, v.constraint) == (case.family, case.constraint)]
    assert case.who in f"{violation.label} {violation.detail}", violation.describe()


def row_names(module: object) -> set[str]:
    """The constraint names a module writes: the second argument of every call of
    `Grouped(...)` or `Rows(...)` (or `ledger.rule(...)`) given as a literal."""
    tree = ast.parse(Path(str(getattr(module, "__file__", ""))).read_text())
    names = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(
            node.func, "id", "")
        second = node.args[1]
        if called in ("Grouped", "Rows", "rule") and isinstance(second, ast.Constant):
            names.add(str(second.value))
    return names


def test_every_family_the_builder_writes_has_a_corruption_case() -> None:
    from tests.test_calendar import CHECKED  # the calendar's families: their own world
    from tests.test_rm_month_hours import CHECKED as HOURS_CHECKED

    builder = row_names(allocator.formulation)
    calendar = {f.name: [c.name for c in f.constraints] for f in FAMILY_SPECS
                if f.rows.__module__ == "allocator.campaigns.rows"}
    scheduled = {name for names in calendar.values() for name in names}
    assert builder | scheduled == set(CONSTRAINTS), "declare each block of rows in families"
    assert builder == set(FAMILIES), "add a case to FAMILIES for each new row family"
    assert scheduled == set(CHECKED) | set(HOURS_CHECKED), \
        "add a case to tests/test_calendar.py CHECKED"
    assert {c.family for c in FAMILIES.values()} | set(calendar) == set(get_args(Family))
    rules = row_names(allocator.checks.rules)
    valued = {"offer valued for the customer"}  # its case: tests/test_bigler.py
    assert rules <= {c.constraint for c in RULES.values()} | valued, "add a case to RULES"


def test_a_saved_tier_that_is_not_the_raw_data_s_fails_naming_the_customer(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    customers = pd.read_parquet(copy / "inputs" / "customers.parquet")
    customers.loc[customers["customer_id"] == "T3", "tier"] = "base"
    customers.to_parquet(copy / "inputs" / "customers.parquet", index=False)
    report = api.verify_run(copy)
    assert broken(report) == {("tiering", "tiering")}
    [violation] = plan_broken(report)
    assert "1 customer's tier in inputs/customers.parquet is not" in violation.detail
    assert "T3 (base → top)" in violation.detail
    with pytest.raises(SystemExit) as exit_:
        verify(copy)
    assert exit_.value.code == 1
    assert "T3 (base → top)" in " ".join(capsys.readouterr().err.split())


def test_a_tier_the_customer_plan_shows_wrongly_fails_naming_the_customer(copy: Path) -> None:
    plan = pd.read_parquet(copy / PLAN)
    plan.loc[plan["customer_id"] == "B2", "tier"] = "top"
    plan.to_parquet(copy / PLAN, index=False)
    report = api.verify_run(copy)
    assert broken(report) == {("tiering", "tiering")}
    [violation] = plan_broken(report)
    assert violation.detail == ("1 customer's tier in customer_plan.parquet is not the one "
                                "recomputed from the raw data (saved → recomputed) (e.g. B2 "
                                "(top → base))")


def test_a_package_the_customer_plan_gives_wrongly_fails_naming_the_customers(
        copy: Path) -> None:
    # Every base customer given premium, a package only the top tier may have, in the plan
    # (Parquet and CSV alike); the tier summary still gives base its own package.
    plan = pd.read_parquet(copy / PLAN)
    base = plan["tier"] == "base"
    assert (plan.loc[base, "package"] != "premium").all()
    plan.loc[base, "package"] = "premium"
    plan.to_parquet(copy / PLAN, index=False)
    plan.to_csv(copy / "customer_plan.csv", index=False)
    report = api.verify_run(copy)
    assert broken(report) == {("package_choice", "package_choice")}
    [violation] = plan_broken(report)
    count = int(base.sum())
    assert violation.label == "one package per tier"
    assert violation.detail.startswith(
        f"{count} customers in customer_plan.parquet hold a package other than their tier's, "
        f"{count} of them one not open to their tier (e.g. B1 (base: premium)")
    zh = violation_detail(violation, Words("zh"))
    assert zh.startswith(f"customer_plan.parquet 中有 {count} 位客户持有的服务包不是其所在层级"
                         f"的服务包，其中 {count} 位持有的服务包不对其层级开放（例如 B1 (base: "
                         "premium)")
    assert "customers" not in zh


def test_one_customer_holding_another_package_is_said_in_the_singular(copy: Path) -> None:
    plan = pd.read_parquet(copy / PLAN)
    plan.loc[plan["customer_id"] == "B2", "package"] = "premium"
    plan.to_parquet(copy / PLAN, index=False)
    plan.to_csv(copy / "customer_plan.csv", index=False)
    [violation] = plan_broken(api.verify_run(copy))
    assert violation.detail.startswith(
        "1 customer in customer_plan.parquet holds a package other than their tier's")
    assert violation_detail(violation, Words("zh")).startswith(
        "customer_plan.parquet 中有 1 位客户持有的服务包不是其所在层级的服务包")


def test_raw_data_changed_or_gone_is_said_and_the_saved_book_used(
    copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    manifest = json.loads((copy / "manifest.json").read_text())
    raw = Path(manifest["inputs"]["customers"]["path"])
    kept = raw.read_bytes()
    try:
        raw.write_bytes(kept + b"\n")
        changed = api.verify_run(copy)
        raw.unlink()
        gone = api.verify_run(copy)
        verify(copy)  # passes, and says why the tiers were not recomputed
    finally:
        raw.write_bytes(kept)
    assert changed.ok and gone.ok
    printed = capsys.readouterr()
    out, err = (" ".join(text.split()) for text in (printed.out, printed.err))
    assert "tiers not recomputed" in out and "customers.csv is no longer there" in err
    [note] = changed.notes
    assert f"the customers data {raw} has changed since the run" in note
    assert "tiers not recomputed" in note
    assert f"the customers data {raw} is no longer there" in gone.notes[0]


def model_breaks(problem: AllocationProblem, values: np.ndarray) -> set[str]:
    """The row blocks (constraint names) whose rows the values break, by the model itself."""
    activity = problem.matrix @ values
    slack = 1e-6 * np.maximum(1.0, np.abs(np.nan_to_num(problem.row_upper, posinf=0.0)))
    broken_rows = (activity < problem.row_lower - slack) | (activity > problem.row_upper + slack)
    return {b.name for b in problem.row_blocks if broken_rows[b.start:b.stop].any()}


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_checker_and_the_model_agree_on_every_plan_near_the_optimum(
    saved_run: api.Run, data: st.DataObject
) -> None:
    """Flip a few decisions of the optimal plan (RM pairs, offer pairs, tiers' packages):
    the checker finds broken exactly the families whose rows the model finds broken, and
    values the plan as the model's objective does."""
    outcome = saved_run.outcome
    problem, values = outcome.problem, outcome.values
    assert problem is not None and values is not None
    flipped = values.round().copy()
    s = problem.col_block("s")
    flips = data.draw(st.lists(st.integers(0, s.start - 1), max_size=6, unique=True))
    flipped[flips] = 1.0 - flipped[flips]
    options = problem.decisions.s.tier
    for tier in np.unique(options):
        mine = np.flatnonzero(options == tier)
        choice = data.draw(st.sampled_from([-2, -1, *mine]))  # keep, none, or one
        if choice != -2:
            flipped[s.start + mine] = 0.0
        if choice >= 0:
            flipped[s.start + choice] = 1.0
    plan = read_plan(problem.decisions, outcome.prepared.valued, flipped)
    report = verify_plan(outcome.prepared.check_inputs(), plan, float(problem.objective @ flipped))
    found = {v.constraint for v in plan_broken(report)}
    event(", ".join(sorted(found)) or "none")
    assert found == model_breaks(problem, flipped), report.violations


@st.composite
def small_books(draw: st.DrawFn) -> dict[str, Any]:
    """A small random book and scenario in which any family may be present."""
    rms = [{"rm_id": f"R{k}", "grade": draw(st.sampled_from(["rm", "junior"])),
            "region": draw(st.sampled_from("RS")),
            "capacity_hours": draw(st.sampled_from([10, 20, 100])),
            "max_book": draw(st.sampled_from([None, 1, 2])),
            "min_load_hours": draw(st.sampled_from([0, 10]))}
           for k in range(1, draw(st.integers(1, 3)) + 1)]
    customers = [{"customer_id": f"C{i}", "tier_key": draw(st.sampled_from([0.0, 1.0])),
                  "region": draw(st.sampled_from("RS")), "revenue_12m": 100.0 * (i % 2),
                  "risk_tolerance": draw(st.integers(1, 5)),
                  "pd": draw(st.sampled_from([0.0, 0.01, 0.05])),
                  "incumbent_rm": draw(st.sampled_from([None, *[r["rm_id"] for r in rms]])),
                  "do_not_contact": draw(st.booleans())}
                 for i in range(draw(st.integers(2, 8)))]
    catalogue = {
        "app": offer(10.0, channel="app", quota=draw(st.sampled_from([None, 1, 3]))),
        "mail": offer(20.0, channel="email", risk_level=2, minimum=draw(st.integers(0, 2))),
        "advice": offer(15.0, channel="rm", eligible_tiers=["base"]),
        "loan": offer(50.0, cost=5.0, channel="branch", lgd=1.0, ead=100.0,
                      capital_weight=1.0),
    }
    offers = {k: v for k, v in catalogue.items() if draw(st.booleans())} or catalogue
    mandatory = draw(st.booleans())
    tiers = {
        "top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory" if mandatory else "optional",
                "hours_per_customer": 10, "max_offers": draw(st.integers(1, 2)),
                "budget_floor_share": draw(st.sampled_from([0.0, 0.1])),
                "loss_cap_share": draw(st.sampled_from([0.5, 1.0]))},
        "base": {"rm_grades": {"rm": 1.0, "junior": 0.5}, "coverage": "optional",
                 "hours_per_customer": 10, "max_offers": 1,
                 "budget_cap_share": draw(st.sampled_from([0.5, 1.0]))},
    }
    packages = {"basic": {"cost_per_customer": 0.0, "uplift": 0.0},
                "premium": {"cost_per_customer": 1.0, "uplift": 0.1, "tiers": ["top"]}}
    return {"customers": customers, "rms": rms, "tiers": tiers, "offers": offers,
            "packages": packages if draw(st.booleans()) else {},
            "budget": {"total": draw(st.sampled_from([None, 20.0, 1000.0]))},
            "risk": {"loss_cap": draw(st.sampled_from([None, 1.0, 10.0])),
                     "capital_cap": draw(st.sampled_from([None, 200.0]))},
            "rules": {"continuity": {"max_reassignments": draw(st.sampled_from([None, 0, 1]))},
                      "channel_capacity": draw(st.sampled_from([{}, {"email": 1}])),
                      "rm_min_load_share": 0.0}}


@settings(max_examples=40, deadline=None)
@given(book=small_books(), data=st.data())
def test_the_checker_and_the_model_agree_on_random_plans_of_random_books(
    book: dict[str, Any], data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any plan within the model's decisions (a few RM pairs, offer pairs and packages of a
    small random book): the checker breaks exactly the families the model's rows break, and
    values the plan as the model's objective does."""
    folder = tmp_path_factory.mktemp("random_book")
    sections = {k: v for k, v in book.items() if k not in ("customers", "rms")}
    prepared = prepare(world(folder, book["customers"], book["rms"], **sections))
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    values = np.zeros(problem.n_cols)
    s = problem.col_block("s")
    if s.start:
        values[data.draw(st.lists(st.integers(0, s.start - 1), max_size=8, unique=True))] = 1
    options = problem.decisions.s.tier
    for tier in np.unique(options):
        choice = data.draw(st.sampled_from([-1, *np.flatnonzero(options == tier)]))
        if choice >= 0:
            values[s.start + choice] = 1.0
    plan = read_plan(problem.decisions, prepared.valued, values)
    report = verify_plan(prepared.check_inputs(), plan, float(problem.objective @ values))
    found = {v.constraint for v in plan_broken(report)}
    event(", ".join(sorted(found)) or "none")
    assert found == model_breaks(problem, values), report.violations
