"""What the terminal and the reports show of ids typed or made by the engine: constraint
families and rule-of-thumb plans by their English words, region and grade labels taken as
input, a run's label as a label, times as a reader writes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from allocator.compare_kpis import input_diff, run_label
from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.builders import offer, world
from tests.test_zh_everywhere import allocate, folder_in

ROOT = Path(__file__).resolve().parents[1]
DEMO, DEMO_ZH = ROOT / "scenarios" / "demo.yaml", ROOT / "scenarios" / "demo_zh.yaml"
IDS = ("rm_capacity", "tier_budget_floor", "offer_quota", "offer_minimum", "tier_greedy",
       "equal_split", "incumbent_books", "expected_loss", "coverage_share", "rm_moves")
"""Ids of constraint families and rule-of-thumb plans, which files keep and readers never see."""


def test_the_english_terminal_names_limits_and_plans_in_words(tmp_path: Path) -> None:
    """A book whose budget, RM hours and offer quota bind: the run and the comparison with a
    richer run speak of them, and of the rule-of-thumb plans, in words."""
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0 if i < 3 else 0.0,
                  "revenue_12m": 100.0 * (i + 1)} for i in range(6)]
    tier = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5,
            "hours_per_customer": 10}
    scenario = world(tmp_path, customers,
                     rms=[{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20}],
                     offers={"card": offer(10.0, 1.0, quota=2), "loan": offer(5.0, 1.0)},
                     budget={"total": 4.0}, tiers={"top": {**tier, "budget_floor_share": 0.3},
                                                   "base": tier})
    first = allocate("run", str(scenario))
    second = allocate("run", str(scenario), "--set", "offers.card.quota=10", "--set",
                      "budget.total=10", "--label", "lean")
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    compared = allocate("compare", str(folder_in(first.output)), str(folder_in(second.output)))
    assert compared.exit_code == 0, compared.output
    for output in (first.output, compared.output):
        assert not [found for found in IDS if found in output], output
    assert "RM hours" in first.output and "offer quota" in first.output
    assert "greedy fill" in first.output and "offer quota" in compared.output
    assert "number of RMs" in compared.output and not re.search(r"\brms\b", compared.output)
    assert "output.label" not in compared.output and "lean" in compared.output


def test_a_region_or_grade_key_may_be_its_label() -> None:
    by_label = load_scenario(DEMO_ZH, ["rules.add_rms.贵宾客户经理.华东=3"])
    assert by_label.scenario.rules.add_rms == {"premier_rm": {"R2": 3}}
    english = load_scenario(DEMO_ZH, ["output.language=en", "rules.add_rms.premier_rm.East=2",
                                      "rules.rm_capacity_scale.Wealth RM=0.5"])
    assert english.scenario.rules.add_rms == {"premier_rm": {"R2": 2}}
    assert english.scenario.rules.rm_capacity_scale == {"wealth_rm": 0.5}
    by_id = load_scenario(DEMO_ZH, ["rules.add_rms.premier_rm.R2=1"])
    assert by_id.scenario.rules.add_rms == {"premier_rm": {"R2": 1}}


def test_a_label_two_ids_share_or_given_beside_its_id_is_refused() -> None:
    with pytest.raises(UserError) as shared:
        load_scenario(DEMO_ZH, ["labels.regions.R3.zh=华东", "rules.add_rms.premier_rm.华东=3"])
    assert "R2, R3" in shared.value.shown("en") and "区域" in shared.value.shown("zh")
    with pytest.raises(UserError, match="keep one"):
        load_scenario(DEMO_ZH, ["rules.add_rms.premier_rm={华东: 3, R2: 1}"])
    with pytest.raises(UserError, match="both set rules.add_rms.premier_rm.R2; --set options"):
        load_scenario(DEMO_ZH, ["rules.add_rms.premier_rm.华东=3",
                                "rules.add_rms.premier_rm.R2=1"])  # one key, by label and id


def test_a_label_and_a_note_head_the_columns_and_are_no_difference() -> None:
    manifests = tuple({"resolved_scenario": {"output": {"label": label, "note": note}},
                       "applied": [f'--set output.label="{label}"', f'--set output.note="{note}"'],
                       "created": "2026-12-05T01:25:09+00:00", "scenario": "demo"}
                      for label, note in (("lean", "why"), ("rich", "why not")))
    assert input_diff((manifests[0], manifests[1]), ("A", "B")).empty
    unnamed = {key: value for key, value in manifests[0].items() if key != "resolved_scenario"}
    assert run_label(unnamed, "folder") == "demo 2026-12-05 01:25 UTC"
