"""Sweeps: expansion, a point that is infeasible, the frontier worked out by hand and drawn in
the sweep's report."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.errors import UserError
from allocator.optimize import optimize
from allocator.preparation import Preparer
from allocator.scenario import load_scenario
from allocator.sweep_chains import own_point, waves
from allocator.sweep_run import run_sweep
from allocator.sweeps import expand, parse_vary, solve_only
from tests.builders import offer, world
from tests.test_cli import allocate as program
from tests.test_sweep_keys import book
from tests.test_zh_everywhere import allocate


def test_parse_and_expand() -> None:
    assert parse_vary("budget.total=6e6:8e6:1e6") == ("budget.total", [6_000_000, 7_000_000,
                                                                       8_000_000])
    assert parse_vary("solver.backend=highs,cbc") == ("solver.backend", ["highs", "cbc"])
    grid = expand(["a.x=1,2", "b.y=3,4,5"])
    assert len(grid) == 6 and grid[0] == {"a.x": 1, "b.y": 3}
    assert expand(["a.x=1,2", "b.y=3,4"], zipped=True) == [{"a.x": 1, "b.y": 3},
                                                          {"a.x": 2, "b.y": 4}]
    with pytest.raises(UserError, match="same number of values"):
        expand(["a.x=1,2", "b.y=3"], zipped=True)
    with pytest.raises(UserError, match="start <= stop"):
        parse_vary("budget.total=5:1:1")
    with pytest.raises(UserError, match="key=start:stop:step"):
        parse_vary("budget.total")
    assert solve_only(["budget.total", "tiers.mass.max_offers", "risk.loss_cap"])
    assert solve_only(["rules.continuity.max_reassignments", "objective.soft.budget"])
    assert not solve_only(["tiers.mass.coverage_uplift"])
    assert not solve_only(["rules.continuity.bonus"])  # valued into every incumbent pair
    assert not solve_only(["rules.continuity"]) and not solve_only(["tiers"])
    assert not solve_only(["rules.rm_capacity_scale.wealth_rm"])
    assert not solve_only(["rules.add_rms.premier_rm"]) and not solve_only(["rules.add_rms"])
    assert not solve_only(["rm_grades.premier_rm.hours"])
    assert solve_only(["rm_grades.premier_rm.cost_per_year"])  # only the reported net value


def loans(tmp_path: Path) -> Path:
    # A loan to A loses 100 on average (worth 400), to B 200 (worth 300); one must be sold.
    return world(tmp_path, [{"customer_id": "A", "pd": 0.1}, {"customer_id": "B", "pd": 0.2}],
                 offers={"loan": offer(500, lgd=1.0, ead=1000, minimum=1)})


def test_sweep_keeps_going_past_an_infeasible_point(tmp_path: Path) -> None:
    result = run_sweep(loans(tmp_path), ["risk.loss_cap=50,150,300,400"], jobs=2,
                       output=tmp_path / "reports")
    table = result.table.set_index("risk.loss_cap")
    assert table.loc[50, "status"] == "infeasible"
    assert any(w in table.loc[50, "diagnosis"] for w in ("loss cap", "sales target for loan"))
    assert table.loc[150, "objective"] == pytest.approx(400)
    assert table.loc[300, "objective"] == pytest.approx(700)
    assert table.loc[400, "objective"] == pytest.approx(700)
    assert result.frontier is not None
    curve = result.frontier.set_index("risk.loss_cap")
    assert curve.loc[300, "marginal_value_per_unit"] == pytest.approx(300 / 150)
    assert curve.loc[400, "marginal_value_per_unit"] == pytest.approx(0.0)
    assert bool(curve.loc[300, "knee"]) and not bool(curve.loc[400, "knee"])
    saved = pd.read_csv(result.folder / "sweep.csv")
    assert len(saved) == 4 and (result.folder / "frontier.csv").exists()
    for folder in saved["folder"]:
        assert (result.folder / folder / "manifest.json").exists()
    assert not [p for p in result.folder.parent.iterdir() if p.name.startswith(".")]
    html = (result.folder / "report.html").read_text(encoding="utf-8")  # the sweep's report
    assert 'id="frontier"' in html and html.count("<svg") == 1
    assert "Efficient frontier" in html and "Points of the sweep" in html
    assert "infeasible" in html  # the point at 50 has no plan, and says so


def test_cli_sweep(tmp_path: Path) -> None:
    result = allocate("sweep", str(loans(tmp_path)), "--vary", "risk.loss_cap=150,300",
                      "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert "Frontier" not in result.stdout or "knee" in result.stdout
    assert "Written to" in result.stdout
    assert "Amounts are in EUR." in result.stdout  # the terminal's tables have a currency
    folder = next((tmp_path / "out").glob("*/*"))
    report = (folder / "report.html").read_text(encoding="utf-8")
    assumptions = report[report.index("Assumptions"):]  # what every point holds fixed
    assert "customers.csv" in assumptions and "Budget" in assumptions
    bad = allocate("sweep", str(loans(tmp_path)), "--vary", "risk.los_cap=1,2")
    assert bad.exit_code == 2 and "Did you mean 'loss_cap'" in " ".join(bad.stderr.split())


def test_neighbouring_points_warm_start(tmp_path: Path) -> None:
    # the middle point (300) first, then 400 and 500 in one chain and 150 in another: a point
    # warm starts from the point before it in its chain
    result = run_sweep(loans(tmp_path), ["risk.loss_cap=150,300,400,500"],
                       output=tmp_path / "reports")
    assert result.table["warm_started"].tolist() == [False, False, False, True]
    assert result.table["objective"].tolist() == pytest.approx([400, 700, 700, 700])


def test_sweep_points_keep_their_neighbour_towards_the_middle() -> None:
    assert waves(range(5), 5) == [[[2]], [[1, 0], [3, 4]]]
    assert waves(range(2), 2) == [[[0]], [[1]]]
    assert waves([0, 3, 4], 5) == [[[0], [3, 4]]]  # re-solves keep their planned neighbours
    assert waves([2, 3], 5) == [[[2]], [[3]]]
    assert waves(range(5), 5, 4) == [[[4]], [[3, 2, 1, 0]]]  # from the scenario's own value
    assert waves(range(4), 4, 0) == [[[0]], [[1, 2, 3]]]


def test_the_point_planned_first_is_the_one_at_the_scenarios_own_values() -> None:
    points = [{"budget.total": 40000, "risk.loss_cap": 1500.0},
              {"budget.total": 45000.0, "risk.loss_cap": 1500}]
    assert own_point(points, {"budget.total": 45000, "risk.loss_cap": 1500}) == 1
    assert own_point(points, {"budget.total": 45000}) is None  # loss cap not the scenario's
    assert own_point([{"solver.method": "exact"}], {"solver.method": "exact"}) == 0


def test_a_parallel_sweep_gives_the_plans_of_a_serial_one(tmp_path: Path) -> None:
    # each point keeps its neighbour towards the middle, for any number of jobs (in fresh
    # processes, as the command runs: a solver's threads do not survive a fork)
    path = book(tmp_path / "book")
    folders = []
    for jobs in ("1", "2"):
        done = program("sweep", str(path), "--vary", "budget.total=20,30,40,50,60", "--jobs",
                       jobs, "--tighten", "0", "--out", str(tmp_path / jobs), "--set",
                       "output.steps=false")
        assert done.returncode == 0, done.stderr
        folders.append(next((tmp_path / jobs).glob("*/sweep-*")))
    tables = [pd.read_csv(folder / "sweep.csv") for folder in folders]
    kept = [[json.loads((folder / f / "manifest.json").read_text())["kept_base"]["base"]
             for f in table["folder"]] for folder, table in zip(folders, tables, strict=True)]
    # the book's own budget (60) first, from today's books, then a chain down from it
    assert kept[0] == kept[1] == ["point 1", "point 2", "point 3", "point 4", "incumbent_rm"]
    for serial, parallel in zip(tables[0]["folder"], tables[1]["folder"], strict=True):
        pd.testing.assert_frame_equal(
            pd.read_parquet(folders[0] / serial / "customer_plan.parquet"),
            pd.read_parquet(folders[1] / parallel / "customer_plan.parquet"))


def test_neighbours_within_tolerance_are_re_solved_tighter(tmp_path: Path) -> None:
    # 300 generated customers; at a 5% gap target HiGHS, warm started from the point before,
    # stops short of proving the last point, whose value then differs from the one before by
    # less than its gap.
    demo = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"
    result = run_sweep(demo, ["budget.total=3000,3005,3010,3015"], output=tmp_path / "reports",
                       sets=["data.generate.customers=300", "solver.gap=0.05",
                             "solver.method=exact", "tiers.premier.budget_floor_share=0",
                             "output.steps=false"])
    table = result.table
    assert table["tightened"].tolist() == [0, 0, 0, 1]
    assert table["gap_target"].tolist() == pytest.approx([0.05] * 4)
    assert table["tight_gap_target"].iloc[3] == pytest.approx(0.005)
    assert table["gap"].iloc[3] <= 0.005 and table["tight_gap_reached"].iloc[3]
    saved = pd.read_csv(result.folder / "sweep.csv")
    assert {"change", "noise_band", "within_gap", "gap_target", "tightened"} <= set(saved)
    assert len(list((result.folder / "point-003").iterdir())) == 1  # the tighter plan only
    report = (result.folder / "report.html").read_text(encoding="utf-8")
    assert "re-solved with a gap target 10 times tighter" in report
    assert "farthest above the straight line joining the first and last points" in report


def test_a_tightened_point_has_the_status_of_the_point_run_alone(tmp_path: Path) -> None:
    # 120 generated customers planned by the decomposition at a 0.1% gap target: both points
    # have the same plan, within tolerance, and are re-solved at 0.01%, which the
    # decomposition stops short of (it converges at about 0.05%). Each point's status is
    # judged against the scenario's 0.1%, as the same point planned alone.
    demo = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"
    sets = ["data.generate.customers=120", "solver.method=decomposition", "solver.gap=0.001",
            "tiers.premier.budget_floor_share=0", "output.steps=false",
            "output.baselines=false"]
    result = run_sweep(demo, ["budget.total=3000,3005"], tighten=1, sets=sets,
                       output=tmp_path / "reports")
    table = result.table
    assert table["tightened"].tolist() == [1, 1]
    assert table["tight_gap_target"].tolist() == pytest.approx([1e-4, 1e-4])
    assert table["tight_gap_reached"].tolist() == (table["gap"] <= 1e-4).tolist()
    assert not table["tight_gap_reached"].all()  # the case at stake: the tighter target missed
    for point, value in enumerate((3000, 3005)):
        loaded = load_scenario(demo, [*sets, f"budget.total={value}"])
        alone = optimize(Preparer().prepare(loaded))
        assert table["status"].iloc[point] == alone.result.status.value == "optimal"
    report = (result.folder / "report.html").read_text(encoding="utf-8")
    reached = int(table["tight_gap_reached"].sum())
    assert (f"{reached} of 2 re-solved points reached the tighter gap target" in report)
    assert "own gap target of 0.1%, as the point run alone" in report


def test_resume_takes_the_newest_interrupted_sweep_and_removes_older_ones(
        tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from allocator.staging import machine
    from allocator.sweep_folder import open_sweep

    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    stopped = [tmp_path / f".sweep-abc-p{ended.pid}.{machine()}-{tag}" for tag in ("old", "new")]
    for age, folder in enumerate(stopped):
        folder.mkdir()
        os.utime(folder, (1_000_000 + age, 1_000_000 + age))
    other = tmp_path / f".sweep-xyz-p{ended.pid}.{machine()}-kept"
    other.mkdir()
    mine = open_sweep(tmp_path, "abc", resume=True).folder
    assert mine.name.endswith("-new") and mine.is_dir()
    assert not stopped[0].exists() and other.is_dir()


@pytest.mark.parametrize("method", ["exact", "decomposition"])
def test_the_point_at_the_scenarios_own_value_is_its_plain_run(tmp_path: Path,
                                                               method: str) -> None:
    # the book's budget is 60, the last point of 20, 40, 60: it is planned first, from today's
    # books as a plain run is, and never re-solved, so it is the plain run's plan; the others
    # keep their neighbour towards it
    path = book(tmp_path / "book")
    sets = [f"solver.method={method}", "output.steps=false"]
    alone = api.run(path, sets=sets, output=tmp_path / "alone")
    swept = run_sweep(path, ["budget.total=20,40,60"], sets=sets, output=tmp_path / "sweep")
    row = swept.table.set_index("budget.total").loc[60]
    point = swept.folder / str(row["folder"])
    kept = [json.loads((swept.folder / f / "manifest.json").read_text())["kept_base"]["base"]
            for f in swept.table["folder"]]
    assert kept == ["point 1", "point 2", "incumbent_rm"]
    assert row["status"] == alone.outcome.result.status.value and not row["warm_started"]
    assert row["objective"] == pytest.approx(alone.outcome.objective, rel=1e-9)
    pd.testing.assert_frame_equal(pd.read_parquet(point / "customer_plan.parquet"),
                                  pd.read_parquet(alone.folder / "customer_plan.parquet"))


def test_a_point_without_a_plan_shows_no_rm_figures(tmp_path: Path) -> None:
    """The book's RM costs 1,000 a year: each point with a plan has 1 RM and that cost; the
    point no plan meets has neither (before: 1 RM and its cost beside no plan)."""
    path = world(tmp_path, [{"customer_id": "A", "pd": 0.1}, {"customer_id": "B", "pd": 0.2}],
                 rms=[{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 1000,
                       "cost_per_year": 1000}],
                 offers={"loan": offer(500, lgd=1.0, ead=1000, minimum=1)})
    result = run_sweep(path, ["risk.loss_cap=50,150"], jobs=1, output=tmp_path / "reports")
    table = result.table.set_index("risk.loss_cap")
    assert table.loc[50, "status"] == "infeasible"
    assert table.loc[50, ["rms", "rm_cost", "net_value"]].isna().all(), table
    assert table.loc[150, "rms"] == 1 and table.loc[150, "rm_cost"] == pytest.approx(1000)
