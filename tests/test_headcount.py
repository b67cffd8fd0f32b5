"""Headcount in business units: RMs added to a grade on both solve paths and in the checker,
and every RM's cost taken from the reported value as a constant."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.book import load_book
from allocator.errors import UserError
from allocator.headcount import add_rms, rm_cost
from allocator.optimize import optimize
from allocator.preparation import loaded_book as load_book_of
from allocator.preparation import prepare
from allocator.scenario import load_scenario
from allocator.scenario.schema import RmGradeSpec
from tests.builders import world
from tests.faults.cli import answer, answer_in_chinese

TOP = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "hours_per_customer": 10.0,
       "coverage_uplift": 0.5}


def two_customers(folder: Path) -> Path:
    """Two top customers worth 100 a year each, 50 with an RM; one RM of 10 hours serves one."""
    customers = [{"customer_id": c, "tier_key": 1.0, "revenue_12m": 100.0} for c in "AB"]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10, "max_book": 3}]
    return world(folder, customers, rms, tiers={"top": TOP, "base": {**TOP, "rm_grades": {}}},
                 rm_grades={"rm": {"cost_per_year": 20.0}})


@pytest.mark.parametrize("method", ["exact", "decomposition"])
def test_an_added_rm_serves_the_customer_one_rm_could_not(tmp_path: Path, method: str) -> None:
    path = two_customers(tmp_path)
    sets = [f"solver.method={method}"]
    alone = api.run(path, sets)
    hired = api.run(path, [*sets, "rules.add_rms.rm=1"])
    assert alone.outcome.objective == pytest.approx(50)
    assert hired.outcome.objective == pytest.approx(100)
    assert hired.outcome.plan is not None
    assert set(hired.outcome.plan.assignments["rm_id"]) == {"R1", "rm+1"}
    kpis = json.loads((hired.folder / "manifest.json").read_text())["kpis"]
    assert kpis["rms"] == 2 and kpis["rm_cost"] == pytest.approx(40)  # 2 RMs x 20 x 1 year
    assert kpis["net_value"] == pytest.approx(60)
    summary = (hired.folder / "summary.md").read_text(encoding="utf-8")
    assert ("Cost of the 2 RMs: 40 EUR, the present value of 40 EUR a year over a 1-year "
            "horizon; value net of RM cost: **60** EUR") in summary
    report = api.verify_run(hired.folder)  # the checker reads the added RM from the scenario
    assert report.ok and "tiers recomputed from the raw data" not in " ".join(report.notes)


def test_an_added_rm_takes_its_grade_mean_or_its_set_hours(tmp_path: Path) -> None:
    rms = pd.DataFrame({"rm_id": ["A", "B", "C"], "grade": ["g", "g", "h"],
                        "region": ["N", "S", "S"], "capacity_hours": [100.0, 300.0, 50.0],
                        "max_book": [10.0, 15.0, None], "min_load_hours": 0.0,
                        "branch": None})
    added = add_rms(rms, {"g": 3, "h": {"N": 1}}, {"h": RmGradeSpec(hours=80)})
    new = added.iloc[3:]
    assert list(new["rm_id"]) == ["g+1", "g+2", "g+3", "h+1"]
    assert list(new["region"]) == ["N", "S", "N", "N"]  # round-robin, ties by name
    assert list(new["capacity_hours"]) == [200.0, 200.0, 200.0, 80.0]
    assert list(new["max_book"].iloc[:3]) == [12.0, 12.0, 12.0]
    assert add_rms(rms, {"g": 0}, {}) is rms


@pytest.mark.parametrize(("added", "message"), [
    ({"x": 1}, "rules.add_rms.x: the book has no RM of grade 'x'.*rm_grades.x.hours"),
    ({"g": {"W": 1}}, "rules.add_rms.g.W: no RM works in region 'W'; the regions are N"),
])
def test_an_rm_that_cannot_be_added_is_named(added: dict[str, object], message: str) -> None:
    rms = pd.DataFrame({"rm_id": ["A"], "grade": ["g"], "region": ["N"],
                        "capacity_hours": [100.0], "max_book": [None]})
    with pytest.raises(UserError, match=message):
        add_rms(rms, added, {})  # type: ignore[arg-type]


@pytest.mark.parametrize(("added", "message"), [
    ("rules.add_rms.x=1", r"^--set rules\.add_rms\.x=1: rules\.add_rms\.x: the book has no RM"),
    ("rules.add_rms.rm.W=1", r"^--set rules\.add_rms\.rm\.W=1: rules\.add_rms\.rm\.W: no RM "
                             r"works in region 'W'")])
def test_an_rm_that_cannot_be_added_names_where_it_was_asked_for(
        tmp_path: Path, added: str, message: str) -> None:
    # read with the book, after the scenario: named as a scenario's errors are
    with pytest.raises(UserError, match=message):
        load_book_of(load_scenario(two_customers(tmp_path), [added]))


def test_a_what_if_adding_to_a_misspelt_grade_is_refused_before_its_base_is_planned(
        tmp_path: Path) -> None:
    # the what-if planned the scenario without overrides first, as its base (a run of its
    # own), and only then refused, without the grade meant
    path = two_customers(tmp_path)
    code, said = answer("run", path, "--set", "rules.add_rms.r_m=1")
    assert code == 2, said
    assert " ".join(said.split()) == (
        "error: --set rules.add_rms.r_m=1: rules.add_rms.r_m: the book has no RM of grade 'r_m' "
        "to take hours from (its grades: rm). Did you mean 'rm'? Add to one of those grades, "
        "by id or label, or set rm_grades.r_m.hours for a new grade."), said
    assert not list(tmp_path.rglob("manifest.json"))


def test_a_what_if_scaling_a_misspelt_grade_is_refused_before_its_base_is_planned(
        tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    code, said = answer("run", path, "--set", "rules.rm_capacity_scale.r_m=2")
    assert code == 2, said
    assert " ".join(said.split()).startswith(
        "error: --set rules.rm_capacity_scale.r_m=2: rules.rm_capacity_scale.r_m: the book has "
        "no RM of grade 'r_m' whose hours to scale (its grades: rm). Did you mean 'rm'?"), said
    assert not list(tmp_path.rglob("manifest.json"))


def test_a_chinese_what_if_is_refused_in_chinese_though_its_base_is_english(
        tmp_path: Path) -> None:
    # reading the English plain run the what-if keeps made its refusal English
    path = two_customers(tmp_path)
    assert answer("run", path)[0] == 0
    code, said = answer_in_chinese("run", path, "--set", "output.language=zh", "--set",
                                   "rules.add_rms.r_m=1")
    assert code == 2, said
    assert said.startswith("错误：--set rules.add_rms.r_m=1：rules.add_rms.r_m：客户账簿中没有职级为"
                           "“r_m”的客户经理可供参照工时（已有职级：rm）。您是否想写“rm”？"), said


def test_rm_cost_is_discounted_like_customer_value_and_a_column_overrides(
        tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    spec = load_scenario(path, ["objective.horizon_years=2", "objective.discount_rate=0.25",
                                "rules.add_rms.rm=1"]).scenario
    rms = load_book(spec).rms
    assert rm_cost(rms, spec) == pytest.approx(2 * 20 * (1 / 1.25 + 1 / 1.25**2))
    own = rms.assign(cost_per_year=[5.0, None])
    assert rm_cost(own, spec) == pytest.approx((5 + 20) * (1 / 1.25 + 1 / 1.25**2))
    assert rm_cost(rms, load_scenario(path, ["rm_grades.rm.cost_per_year=null"]).scenario) is None


def test_the_cost_changes_the_net_value_not_the_plan(tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    cheap = optimize(prepare(load_scenario(path, ["rules.add_rms.rm=1"])))
    dear = optimize(prepare(load_scenario(path, ["rules.add_rms.rm=1",
                                                 "rm_grades.rm.cost_per_year=1m"])))
    assert cheap.plan is not None and dear.plan is not None
    assert cheap.objective == pytest.approx(dear.objective)
    pd.testing.assert_frame_equal(cheap.plan.assignments, dear.plan.assignments)


@pytest.mark.parametrize(("sets", "keys"), [
    ([], "rm_grades.rm"), (["rm_grades={}", "rules.add_rms.rm=1"], "rules.add_rms.rm"),
    (["rm_grades.rm.hours=100", "rules.add_rms.rm.R=1"], "rm_grades.rm, rules.add_rms.rm"),
    (["rm_grades={}", "rules.rm_capacity_scale.rm=2"], "rules.rm_capacity_scale.rm"),
])
def test_an_rm_table_of_its_header_only_is_refused_where_the_scenario_names_its_grades(
        tmp_path: Path, sets: list[str], keys: str) -> None:
    """Not as a grade the book lacks, which its RMs would hold: the file has no rows."""
    path = two_customers(tmp_path)
    (tmp_path / "rms.csv").write_text("rm_id,grade,region,capacity_hours\n")
    with pytest.raises(UserError) as err:
        load_book(load_scenario(path, sets).scenario)
    assert str(err.value) == (
        f"data.rms: {tmp_path / 'rms.csv'} has no rows (its header only), while the scenario "
        f"names grades its RMs hold ({keys}): give the file that holds the RMs.")
    assert err.value.shown("zh") == (
        f"data.rms：{tmp_path / 'rms.csv'} 没有数据行（只有表头），而情景提到了其中客户经理的"
        f"职级（{keys.replace(', ', '、')}）：请给出包含客户经理的文件。")


def test_an_rm_table_of_its_header_only_is_a_book_without_rms(tmp_path: Path) -> None:
    """Where the scenario names no grade of its RMs."""
    path = two_customers(tmp_path)
    (tmp_path / "rms.csv").write_text("rm_id,grade,region,capacity_hours\n")
    assert load_book(load_scenario(path, ["rm_grades={}"]).scenario).rms.empty
