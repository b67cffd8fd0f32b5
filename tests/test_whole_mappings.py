"""A mapping given whole as a key's value, by `--set key={...}` or a named override, replaces
the scenario's mapping there, as the change shown says; the keys of a path still merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator import api
from allocator.cli.app import app
from allocator.errors import UserError
from allocator.scenario import load_scenario
from allocator.scenario.overrides import Setting
from tests.builders import assigned, solve, world

TOP_GRADES = {"rm": 1.0, "senior": 1.1}
REPLACED = "tiers.top.rm_grades={rm: 1.0}"


def two_grades(folder: Path, **sections: object) -> Path:
    """One top-tier customer A, whom the senior R2 fits best, and the junior R1; both
    grades may serve the top tier."""
    tiers = {"top": {"rm_grades": TOP_GRADES, "coverage": "mandatory", "max_offers": 5},
             "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5}}
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 1000},
           {"rm_id": "R2", "grade": "senior", "region": "R", "capacity_hours": 1000}]
    return world(folder, [{"customer_id": "A", "tier_key": 2.0}], rms=rms,
                 fit=[("A", "R1", 0.1), ("A", "R2", 0.9)], tiers=tiers,
                 output={"dir": str(folder / "reports"), "steps": False,
                         "baselines": False}, **sections)


def test_a_set_mapping_replaces_the_scenarios(tmp_path: Path) -> None:
    loaded = load_scenario(two_grades(tmp_path), [REPLACED])
    assert loaded.resolved()["tiers"]["top"]["rm_grades"] == {"rm": 1.0}
    assert loaded.resolved()["tiers"]["base"]["rm_grades"] == {"rm": 1.0}
    assert loaded.settings == (Setting("--set", "tiers.top.rm_grades", TOP_GRADES,
                                       {"rm": 1.0}),)


def test_a_set_empty_mapping_replaces_the_scenarios(tmp_path: Path) -> None:
    path = two_grades(tmp_path)
    sets = ["tiers.top.rm_grades={}", "tiers.top.coverage=optional"]
    assert load_scenario(path, sets).resolved()["tiers"]["top"]["rm_grades"] == {}
    assert assigned(solve(path, *sets)) == {}  # no grade may serve the tier: A has no RM


def test_a_replaced_rm_grades_changes_who_may_serve_the_tier(tmp_path: Path) -> None:
    path = two_grades(tmp_path)
    assert assigned(solve(path)) == {"A": "R2"}
    assert assigned(solve(path, REPLACED)) == {"A": "R1"}


def test_the_run_records_the_mapping_it_planned(tmp_path: Path) -> None:
    made = api.run(two_grades(tmp_path), [REPLACED])
    manifest = json.loads((made.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["resolved_scenario"]["tiers"]["top"]["rm_grades"] == {"rm": 1.0}
    assert set(made.outcome.plan.assignments["rm_id"]) == {"R1"}  # type: ignore[union-attr]


def test_validate_says_the_whole_mapping_it_replaced(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(two_grades(tmp_path)), "--set", REPLACED])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "tiers.top.rm_grades RM 1, senior 1.1 → RM 1" in said


@pytest.mark.parametrize(("language", "words"), [
    ("en", "--set tiers={}: tiers: expected at least 1 item"),
    ("zh", "--set tiers={}：tiers："),
])
def test_an_empty_mapping_the_schema_refuses_names_the_set(tmp_path: Path, language: str,
                                                          words: str) -> None:
    with pytest.raises(UserError) as raised:
        load_scenario(two_grades(tmp_path), ["tiers={}", f"output.language={language}"])
    said = raised.value.chinese if language == "zh" else str(raised.value)
    assert words in str(said)


def test_a_mandatory_tier_with_no_grade_left_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(two_grades(tmp_path)),
                                      "--set", "tiers.top.rm_grades={}"])
    said = " ".join(result.output.split())
    assert result.exit_code != 0
    assert "tiers.top.rm_grades RM 1, senior 1.1 → none" in said
    assert "tiers.top: coverage is mandatory" in said and "(none: rm_grades is empty)" in said
    assert "((" not in said, said


def test_a_named_override_is_a_tree_of_keys_that_merges(tmp_path: Path) -> None:
    """A named override written nested or dotted alike sets keys: `--set
    overrides.cut.budget.total=...` declares the nested form, which must change the total
    alone, never replace the budget."""
    path = two_grades(tmp_path, overrides={"more": {"tiers.top.rm_grades": {"rm": 1.2}}})
    loaded = load_scenario(path, use=["more"])
    assert loaded.resolved()["tiers"]["top"]["rm_grades"] == {"rm": 1.2, "senior": 1.1}
    declared = load_scenario(path, ["overrides.cut.budget.total=45k"], use=["cut"])
    assert declared.scenario.budget.total == 45_000
    assert [s.key for s in declared.settings] == ["budget.total"]


def test_a_key_given_twice_within_one_override_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"budget is given twice"):
        load_scenario(two_grades(tmp_path), [
            "overrides={cut: {budget.total: 30000, budget: {total: 20000}}}"], use=["cut"])


def test_a_mapping_given_whole_reads_amounts_and_changes(tmp_path: Path) -> None:
    path = two_grades(tmp_path, budget={"total": 1000})
    assert load_scenario(path, ["budget={total: 40k}"]).scenario.budget.total == 40_000
    assert load_scenario(path, ["budget={total: -10%}"]).scenario.budget.total == \
        pytest.approx(900)


def test_an_override_declared_by_set_still_adds_to_the_files(tmp_path: Path) -> None:
    path = two_grades(tmp_path, budget={"total": 1000},
                      overrides={"cut": {"budget.total": "-10%", "tiers.top.max_offers": 2}})
    loaded = load_scenario(path, ["overrides={cut: {budget.total: -20%}}"], use=["cut"])
    assert loaded.scenario.budget.total == pytest.approx(800)
    assert loaded.scenario.tiers["top"].max_offers == 2
    assert loaded.resolved()["tiers"]["top"]["rm_grades"] == TOP_GRADES


def test_a_path_of_keys_still_merges(tmp_path: Path) -> None:
    loaded = load_scenario(two_grades(tmp_path), ["tiers.top.rm_grades.senior=1.3"])
    assert loaded.resolved()["tiers"]["top"]["rm_grades"] == {"rm": 1.0, "senior": 1.3}


def test_a_mapping_and_a_key_within_it_are_one_key_given_twice(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"both set tiers\.top\.rm_grades; --set options"):
        load_scenario(two_grades(tmp_path), [REPLACED, "tiers.top.rm_grades.senior=1.3"])
