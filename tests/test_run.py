"""End to end: run folders, determinism, verify (also of corrupted plans), infeasible runs."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.errors import UserError
from tests.builders import world
from tests.test_cli import ROOT
from tests.test_cli import allocate as program
from tests.test_zh_everywhere import allocate

PLAN_FILES = ("customer_plan.csv", "customer_plan.parquet", "offer_plan.csv", "rm_books.csv",
              "tier_summary.csv", "offer_summary.csv", "constraints.csv", "summary.md",
              "plan.xlsx", "report.html")


@pytest.fixture(scope="module")
def demo_runs(demo_run: api.Run, demo_rerun: api.Run) -> tuple[api.Run, api.Run]:
    """The demo planned twice into one reports folder (the session's runs)."""
    return demo_run, demo_rerun


def test_run_folder_has_every_file(demo_runs: tuple[api.Run, api.Run]) -> None:
    first, _ = demo_runs
    assert first.folder.parent.name == "demo"
    for name in (*PLAN_FILES, "manifest.json", "inputs/customers.parquet", "inputs/rms.csv",
                 "inputs/offers.json"):
        assert (first.folder / name).is_file(), name
    assert not [p for p in first.folder.parent.iterdir() if p.name.startswith(".")]
    manifest = json.loads((first.folder / "manifest.json").read_text())
    solver = manifest["solver"]
    assert solver["status"] == "optimal" and solver["backend"] == "highs"
    assert solver["bound"] >= solver["objective"] and 0 <= solver["gap"] <= 1e-4
    assert manifest["resolved_scenario"]["name"] == "demo"
    assert {"highspy", "pandas", "numpy"} <= set(manifest["versions"])
    assert {"read", "tier", "value", "build", "solve", "verify"} <= set(manifest["timings"])
    assert manifest["exclusions"][0]["reason"] == "closed account"


def test_two_runs_give_identical_plans_in_separate_folders(
    demo_runs: tuple[api.Run, api.Run]
) -> None:
    first, second = demo_runs
    assert first.folder != second.folder and first.folder.exists() and second.folder.exists()
    for name in PLAN_FILES:  # the same but for the time each was made (the assumptions box)
        assert _timeless(first.folder / name) == _timeless(second.folder / name), name


CREATED = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?(\+00:00| UTC)?")
"""A run's time of making, as its assumptions box shows it."""


def _timeless(path: Path) -> object:
    """A file's content without the time it was made: text, or a workbook's cell values."""
    if path.suffix != ".xlsx":
        return CREATED.sub("", path.read_bytes().decode("utf-8", errors="replace"))
    from openpyxl import load_workbook

    book = load_workbook(path)
    return [[[CREATED.sub("", v) if isinstance(v, str) else v for v in row]
             for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames]


def test_demo_plan_is_one_a_banker_accepts(demo_runs: tuple[api.Run, api.Run]) -> None:
    folder = demo_runs[0].folder
    plan = pd.read_csv(folder / "customer_plan.csv")
    customers = pd.read_parquet(folder / "inputs" / "customers.parquet")
    rms = pd.read_csv(folder / "inputs" / "rms.csv")
    offers = pd.read_csv(folder / "offer_plan.csv")
    must = plan[plan["tier"].isin(["private", "wealth"])]
    assert must["rm_id"].notna().all()
    covered = plan.dropna(subset=["rm_id"]).merge(rms, on="rm_id", suffixes=("", "_rm"))
    assert (covered["region"] == covered["region_rm"]).all()
    grades = {"private": {"private_banker"}, "wealth": {"wealth_rm", "private_banker"},
              "premier": {"premier_rm", "wealth_rm"}}
    assert all(g in grades[t] for t, g in zip(covered["tier"], covered["grade"], strict=True))
    books = pd.read_csv(folder / "rm_books.csv")
    assert (books["hours"] <= books["capacity_hours"] + 1e-9).all()
    assert (books["utilization"] > 0.95).any()  # capacity is scarce and used
    joined = offers.merge(customers, on="customer_id")
    assert not joined["do_not_contact"].any()
    levels = {"wealth_mandate": 3, "investment_fund": 3, "structured_note": 5, "mortgage": 1,
              "personal_loan": 1, "credit_card": 1, "term_deposit": 1, "insurance": 2}
    assert (joined["offer_id"].map(levels) <= joined["risk_tolerance"]).all()
    tiers = pd.read_csv(folder / "tier_summary.csv")
    assert tiers["budget"].sum() <= 45_000 + 1e-6
    assert offers["expected_loss"].sum() <= 1_500 + 1e-6
    constraints = pd.read_csv(folder / "constraints.csv")
    budget = constraints[constraints["constraint"] == "budget"].iloc[0]
    assert budget["marginal_value"] > 0  # one more unit of budget is worth something


def test_verify_passes_on_a_saved_run(demo_runs: tuple[api.Run, api.Run]) -> None:
    report = api.verify_run(demo_runs[0].folder)
    assert report.ok and not report.violations
    result = program("verify", str(demo_runs[0].folder))
    assert result.returncode == 0 and "passes every check" in result.stdout


def corrupt_copy(run: api.Run, tmp_path: Path) -> Path:
    folder = tmp_path / "corrupted"
    shutil.copytree(run.folder, folder)
    return folder


def test_verify_names_each_violation_of_a_corrupted_plan(
    demo_runs: tuple[api.Run, api.Run], tmp_path: Path
) -> None:
    folder = corrupt_copy(demo_runs[0], tmp_path)
    plan = pd.read_parquet(folder / "customer_plan.parquet")
    books = pd.read_csv(folder / "rm_books.csv")
    full = books.loc[books["hours"] == books["capacity_hours"]].iloc[0]
    # an RM over capacity: give the full RM one more customer of its region it may serve
    region = (plan["region"] == full["region"]) & (plan["tier"] == "premier")
    extra = plan.index[region & (plan["rm_id"] != full["rm_id"])][0]
    plan.loc[extra, "rm_id"] = full["rm_id"]
    plan.to_parquet(folder / "customer_plan.parquet", index=False)
    # an offer to a do-not-contact customer, and one above a customer's risk tolerance
    customers = pd.read_parquet(folder / "inputs" / "customers.parquet")
    silent = customers.loc[customers["do_not_contact"], "customer_id"].iloc[0]
    cautious = customers.loc[(customers["risk_tolerance"] == 1) & ~customers["do_not_contact"]
                             & customers["tier"].isin(["wealth", "private"]), "customer_id"].iloc[0]
    offers = pd.read_csv(folder / "offer_plan.csv")
    added = pd.DataFrame({"customer_id": [silent, cautious],
                          "offer_id": ["term_deposit", "structured_note"]})
    pd.concat([offers, added]).to_csv(folder / "offer_plan.csv", index=False)

    report = api.verify_run(folder)
    described = "\n".join(v.describe() for v in report.hard_violations)
    assert f"rm_capacity [{full['rm_id']}] violated" in described
    assert "do not contact [rule] violated: 1 offer goes to a do-not-contact customer" in described
    assert f"(e.g. {silent}/term_deposit)" in described
    assert "suitability [rule] violated: 1 offer is above the customer's risk tolerance" in (
        described)
    assert f"{cautious}/structured_note" in described
    assert "objective [total] violated" in described
    result = allocate("verify", str(folder))
    assert result.exit_code == 1
    assert "RM hours" in result.stderr and "do not contact" in result.stderr


def test_verify_of_something_else_is_a_clean_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no manifest.json; is this a run folder"):
        api.verify_run(tmp_path)


def test_infeasible_run_writes_its_diagnosis_and_exits_1(tmp_path: Path) -> None:
    customers = [{"customer_id": c, "tier_key": 1.0} for c in ("A", "B", "C")]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10}, "base": {}}
    path = world(tmp_path, customers, rms, tiers=tiers)
    result = allocate(str(path))
    assert result.exit_code == 1
    assert "infeasible" in result.stderr and "Traceback" not in result.stderr
    folders = list((tmp_path / "reports" / "world").iterdir())
    assert len(folders) == 1
    summary = (folders[0] / "summary.md").read_text()
    assert "infeasible" in summary and ("capacity" in summary or "without an RM" in summary)
    manifest = json.loads((folders[0] / "manifest.json").read_text())
    assert manifest["solver"]["status"] == "infeasible" and manifest["diagnosis"]


def test_cli_run_prints_a_summary(tmp_path: Path) -> None:
    demo = (ROOT / "scenarios" / "demo.yaml").read_text(encoding="utf-8")
    small = tmp_path / "demo.yaml"  # the demo's summary on a sixth of its book and budget
    small.write_text(demo.replace("customers: 3000,", "customers: 500,").replace(
        "total: 45000", "total: 7500"), encoding="utf-8")
    result = program(str(small), "--out", str(tmp_path), "--set",
                     "budget.total=7000", "--base", "today")  # one run: no plain run first
    assert result.returncode == 0, result.stderr
    assert "optimal" in result.stdout and "Plan by tier" in result.stdout
    assert "checked independently: passed" in result.stdout
    manifest = next((tmp_path / "demo").glob("*/manifest.json"))
    assert json.loads(manifest.read_text())["applied"] == ["--set budget.total=7000"]


def test_time_limit_returns_the_best_plan_with_its_gap(tmp_path: Path) -> None:
    from allocator.instances import read_gap, write_gap_book
    from tests.conftest import SHARED

    source = SHARED / "gap-orlib" / "instances" / "yagiura2004" / "c10400"
    if not source.exists():
        pytest.skip("no shared data")
    path = write_gap_book(read_gap(source), tmp_path, time_limit=2.0)
    run = api.run(path, output=tmp_path / "reports")
    result = run.outcome.result
    assert result.status.value == "feasible" and "time limit" in result.message
    assert run.outcome.gap is not None and run.outcome.gap > 0
    assert result.bound is not None and run.outcome.objective is not None
    assert result.bound > run.outcome.objective
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["solver"]["status"] == "feasible" and manifest["solver"]["gap"] > 0
    assert api.verify_run(run.folder).ok


def test_workbook_sheets_hold_numbers_under_frozen_headers(
    demo_runs: tuple[api.Run, api.Run]
) -> None:
    from openpyxl import load_workbook

    book = load_workbook(demo_runs[0].folder / "plan.xlsx")
    assert book.sheetnames == ["summary", "assumptions", "tiers", "rm books", "offers",
                               "constraints", "customer plan"]
    tiers = book["tiers"]
    assert tiers.freeze_panes == "A2"
    header = [cell.value for cell in tiers[1]]
    assert header[:3] == ["tier", "customers", "covered"]
    assert tiers.cell(2, 1).value == "private"
    assert isinstance(tiers.cell(2, 2).value, int) and tiers.cell(2, 2).data_type == "n"
    assert tiers.column_dimensions["A"].width >= len("private")
    plan = pd.read_csv(demo_runs[0].folder / "customer_plan.csv")
    assert book["customer plan"].max_row == len(plan) + 1
