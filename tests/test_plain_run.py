"""A what-if keeps by default the latest plain run of its scenario and data: the plan the
committee looks at, so that it moves only what its lever makes it move."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator import api
from allocator.cli.app import app
from allocator.cli.stopping import base_stop_key
from allocator.closeness import base_of_run
from allocator.plain_run import latest_plain_run
from allocator.report.language import Words
from allocator.scenario import load_scenario
from allocator.sweep_run import run_sweep
from tests.builders import assigned, world
from tests.conftest import SHARED
from tests.test_closeness import twins

WHAT_IF = ["solver.gap=1e-5"]
"""A key that changes plans, not which of the twins' equal plans is best."""
LEVER = ["budget.total=1000000"]
"""A lever of the bank's (a budget no plan reaches): with no plain run on record, its what-if
plans the plain run first."""


def _kept(run: api.Run) -> dict[str, Any]:
    manifest = json.loads((run.folder / "manifest.json").read_text(encoding="utf-8"))
    kept = manifest["kept_base"]
    assert isinstance(kept, dict)
    return kept


def _plain(tmp_path: Path) -> tuple[Path, api.Run]:
    """The twins' book and a plain run of it whose plan is not the default's (A with R1)."""
    other = api.run(twins(tmp_path / "other", "R1"), output=tmp_path / "elsewhere")
    assert assigned(other.outcome)["A"] == "R1"
    book = twins(tmp_path / "book")
    plain = api.run(book, output=tmp_path / "reports", base=other.folder)
    assert assigned(plain.outcome) == {"A": "R1", "B": "R2"}
    return book, plain


def test_a_what_if_keeps_the_latest_plain_run(tmp_path: Path) -> None:
    book, plain = _plain(tmp_path)
    today = api.run(book, WHAT_IF, output=tmp_path / "reports", base=Path("today"))
    assert assigned(today.outcome) == {"A": "R2", "B": "R1"}  # the reference assignment
    assert _kept(today)["base"] == "reference" and _kept(today)["why"] == ""
    what_if = api.run(book, WHAT_IF, output=tmp_path / "reports")
    assert assigned(what_if.outcome) == assigned(plain.outcome)
    kept = _kept(what_if)
    assert kept["base"] == str(plain.folder) and kept["why"] == "latest_plain_run"
    said = f"keeps the most of the plan of the run {plain.folder} (the latest run of this"
    assert said in (what_if.folder / "summary.md").read_text(encoding="utf-8")
    assert said in (what_if.folder / "report.html").read_text(encoding="utf-8")


def test_a_sweep_keeps_the_latest_plain_run(tmp_path: Path) -> None:
    book, plain = _plain(tmp_path)
    said: list[str] = []
    sweep = run_sweep(book, ["solver.gap=1e-5,2e-5"], output=tmp_path / "reports",
                      notify=said.append)
    for folder in sweep.table["folder"]:
        rms = pd.read_parquet(sweep.folder / folder / "customer_plan.parquet")
        assert dict(zip(rms["customer_id"], rms["rm_id"], strict=True)) == {"A": "R1", "B": "R2"}
    assert any(f"keeps the most of the plan of the run {plain.folder}" in line for line in said)
    today = run_sweep(book, ["solver.gap=1e-5,2e-5"], output=tmp_path / "reports",
                      base=Path("today"))
    rms = pd.read_parquet(today.folder / today.table["folder"][0] / "customer_plan.parquet")
    assert dict(zip(rms["customer_id"], rms["rm_id"], strict=True)) == {"A": "R2", "B": "R1"}


def test_a_sweep_without_a_plain_run_plans_it_first(tmp_path: Path) -> None:
    book = twins(tmp_path / "book")
    said: list[str] = []
    sweep = run_sweep(book, ["budget.total=1000000,2000000"], output=tmp_path / "reports",
                      notify=said.append)
    assert any("planning it first" in line for line in said)
    plain = latest_plain_run(tmp_path / "reports", load_scenario(book, LEVER))
    assert plain is not None
    first = json.loads((sweep.folder / sweep.table["folder"][0] / "manifest.json").read_text(
        encoding="utf-8"))
    assert first["kept_base"]["base"] == str(plain)


def test_a_plain_run_keeps_today_s_books(tmp_path: Path) -> None:
    book, _ = _plain(tmp_path)
    labelled = api.run(book, ["output.label=Again"], output=tmp_path / "reports")
    assert assigned(labelled.outcome) == {"A": "R2", "B": "R1"}
    assert _kept(labelled)["base"] == "reference" and _kept(labelled)["why"] == ""


def test_a_what_if_on_changed_data_plans_its_plain_run_first(tmp_path: Path) -> None:
    book, plain = _plain(tmp_path)
    customers = pd.read_csv(book.parent / "customers.csv")
    customers.assign(note="changed").to_csv(book.parent / "customers.csv", index=False)
    said: list[str] = []
    what_if = api.run(book, [*LEVER, "output.label=Tighter"], output=tmp_path / "reports",
                      notify=said.append)
    assert assigned(what_if.outcome) == {"A": "R2", "B": "R1"}  # as the new plain run
    kept = _kept(what_if)
    assert kept["why"] == "plain_run_planned_first" and kept["base"] != str(plain.folder)
    first = json.loads((Path(kept["base"]) / "manifest.json").read_text(encoding="utf-8"))
    assert first["applied"] == [] and first["label"] != "Tighter"
    assert any("planning it first" in line for line in said)
    assert "planned first as there was no such run yet" in (
        what_if.folder / "summary.md").read_text(encoding="utf-8")
    again = api.run(book, LEVER, output=tmp_path / "reports")
    assert _kept(again) | {"changes": 0, "undone": 0} == kept | {
        "why": "latest_plain_run", "changes": 0, "undone": 0}


def test_a_change_of_how_it_is_solved_plans_no_plain_run_first(tmp_path: Path) -> None:
    """Only the solver's settings changed: no what-if of the bank's, no second run."""
    book = twins(tmp_path / "book")
    said: list[str] = []
    run = api.run(book, WHAT_IF, output=tmp_path / "reports", notify=said.append)
    assert _kept(run)["why"] == "no_plain_run" and not any("planning it first" in line
                                                           for line in said)
    assert [folder.name for folder in (tmp_path / "reports" / "world").iterdir()] == [
        run.folder.name]


def test_the_terminal_names_the_base(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    book, plain = _plain(tmp_path)
    result = CliRunner().invoke(app, ["run", str(book), "--set", WHAT_IF[0], "--out",
                                      str(tmp_path / "reports")])
    assert result.exit_code == 0, result.output
    assert f"the plan of the run {plain.folder}" in " ".join(result.output.split())



BANK_MARKETING = Path(__file__).resolve().parents[1] / "scenarios" / "real" / "bank_marketing.yaml"


def _bank_sample(folder: Path, method: str) -> Path:
    """3,000 Bank Marketing clients with their RMs today, the fund offered through the RM, a
    tenth of the RM hours (they bind), a budget of 3,200: a scenario file of its own, so that
    its plain run has no overrides. The time limit leaves room for the solve on a busy machine
    (it counts reading the book too); the gap target ends it first."""
    folder.mkdir(parents=True)
    scenario = {"extends": str(BANK_MARKETING), "name": "bank_sample",
                "data": {"dataset": {"sample": 3000}}, "rules": {"rm_capacity_scale": 0.1},
                "models": {"p_term_deposit": {"method": "logistic"}},
                "budget": {"total": 3200},
                "solver": {"method": method, "time_limit": 600},  # a busy machine
                "output": {"baselines": False, "steps": False}}
    path = folder / "bank_sample.yaml"
    path.write_text(json.dumps(scenario), encoding="utf-8")
    return path


@pytest.mark.long  # three runs of 3,000 real clients on each path: minutes (make test-long)
@pytest.mark.skipif(not SHARED.exists(), reason="no shared data beside the project")
@pytest.mark.parametrize("method", ["decomposition", "exact"])
def test_a_budget_what_if_without_a_plain_run_moves_no_rm(tmp_path: Path, method: str) -> None:
    """No run of the scenario on record: the what-if plans its plain run first and keeps it."""
    book = _bank_sample(tmp_path / "scenario", method)
    what_if = api.run(book, ["budget.total=4000"], output=tmp_path / "reports")
    kept = _kept(what_if)
    assert kept["why"] == "plain_run_planned_first"
    rms = base_of_run(Path(kept["base"])).assignments
    was, now = dict(zip(rms["customer_id"], rms["rm_id"], strict=True)), assigned(
        what_if.outcome)
    assert len(now) > 600
    # with today's books as the base, 344 of 699 clients moved (decomposition)
    assert {i for i in was.keys() | now.keys() if was.get(i) != now.get(i)} == set()
    assert what_if.outcome.check is not None and what_if.outcome.check.ok


def test_a_server_s_table_leaves_a_run_plain_a_missing_file_does_not(tmp_path: Path) -> None:
    """A PostgreSQL table's manifest entry has no file to hash: a run on it stays the plain
    run of its what-ifs, as before the entry was recorded; an input file gone does not."""
    from allocator.plain_run import _unchanged

    server = {"source": "postgresql", "server": "db:5432", "database": "crm",
              "query": "SELECT * FROM clients", "rows": 8, "rows_sha256": "0" * 64,
              "copy": "inputs/customers.parquet"}
    assert _unchanged(server)
    assert not _unchanged({"path": str(tmp_path / "gone.csv"), "sha256": "0" * 64})
    assert not _unchanged({"source": "duckdb", "query": "SELECT 1", "rows": 1})


def test_a_plain_run_without_a_plan_is_planned_once_and_the_what_if_keeps_today(
        tmp_path: Path) -> None:
    """The plain scenario has no plan (its mandatory customers need 3 hours of R1's 1): a
    what-if that gives more hours plans it first, once; run again, the what-if finds that run
    on record and keeps today's books without planning it a second time."""
    customers = [{"customer_id": f"T{i}", "tier_key": 2.0, "region": "R"} for i in range(3)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 1.0}]
    book = world(tmp_path, customers, rms, tiers={
        "top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "hours_per_customer": 1.0},
        "base": {"rm_grades": {"rm": 1.0}}})
    reports = tmp_path / "reports"
    for why in ("plain_run_has_no_plan", "plain_run_without_plan"):
        what_if = api.run(book, ["rules.rm_capacity_scale=5"], output=reports)
        assert what_if.feasible
        assert _kept(what_if)["why"] == why
        assert _kept(what_if)["base"] == "reference"
    assert "(the latest run of this scenario and data without overrides has no plan: " \
        "today's books are kept)" in (what_if.folder / "summary.md").read_text(encoding="utf-8")
    folders = sorted(p for p in (reports / "world").iterdir() if p.is_dir())
    statuses = [json.loads((p / "manifest.json").read_text(encoding="utf-8"))["solver"]["status"]
                for p in folders]
    assert sorted(statuses) == ["infeasible", "optimal", "optimal"], statuses
    # a what-if stopped once its plain run is written says whether it will keep that run
    told = {status: base_stop_key(folder) for status, folder in zip(statuses, folders,
                                                                      strict=True)}
    assert told == {"infeasible": "stopped_base_no_plan", "optimal": "stopped_base_written"}
    assert "has no plan (its run is complete at" in Words()("stopped_base_no_plan",
                                                             signal="SIGTERM", folder="F")
