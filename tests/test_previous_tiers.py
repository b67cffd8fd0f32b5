"""Previous tiers follow the scenario's tier ids: a generated book names them after the
scenario's tiers, and a book whose previous tiers the scenario does not know is refused."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.errors import UserError
from allocator.preparation import prepare
from tests.builders import world

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"
CHINESE = {"private": "私人银行", "wealth": "财富", "premier": "贵宾", "mass": "大众"}
OFFER_TIERS = {"wealth_mandate": ["private", "wealth"],
               "investment_fund": ["private", "wealth", "premier"],
               "structured_note": ["private", "wealth"], "mortgage": ["wealth", "premier", "mass"],
               "personal_loan": ["premier", "mass"]}


def _renamed_demo(folder: Path) -> Path:
    """demo.yaml with its tiers named in Chinese, on a smaller generated book."""
    scenario: dict[str, Any] = yaml.safe_load(DEMO.read_text())
    scenario["data"]["generate"]["customers"] = 600
    scenario["tiering"]["thresholds"] = {CHINESE[k]: v
                                         for k, v in scenario["tiering"]["thresholds"].items()}
    scenario["tiers"] = {CHINESE[k]: v for k, v in scenario["tiers"].items()}
    for package in scenario["packages"].values():
        if isinstance(package.get("uplift"), dict):
            package["uplift"] = {CHINESE[k]: v for k, v in package["uplift"].items()}
        if "tiers" in package:
            package["tiers"] = [CHINESE[t] for t in package["tiers"]]
    scenario["offers"] = {offer: {"eligible_tiers": [CHINESE[t] for t in tiers]}
                          for offer, tiers in OFFER_TIERS.items()}
    scenario["output"] = {"dir": str(folder / "reports")}
    path = folder / "renamed.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False))
    return path


def test_a_generated_book_names_previous_tiers_after_the_scenarios_tiers(tmp_path: Path) -> None:
    renamed = prepare(_renamed_demo(tmp_path))
    english = prepare(DEMO, ["data.generate.customers=600"])
    previous = renamed.book.customers["previous_tier"]
    assert set(previous) == set(CHINESE.values())
    matrix = renamed.tiering.migration.to_numpy()
    assert matrix.trace() > 0.9 * len(previous)  # most customers stay in their tier
    assert (renamed.tiering.migration.to_numpy() == english.tiering.migration.to_numpy()).all()
    assert list(renamed.tiering.customers["tier"].astype(str).map(
        {v: k for k, v in CHINESE.items()})) == list(english.tiering.customers["tier"].astype(str))


def _world_with_previous(folder: Path, previous: list[str]) -> Path:
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0 if i % 2 else 0.0,
                  "previous_tier": tier} for i, tier in enumerate(previous)]
    return world(folder, customers)


def test_previous_tiers_the_scenario_does_not_know_are_refused(tmp_path: Path) -> None:
    path = _world_with_previous(tmp_path, ["top", "gold", "silver", "", "base", "gold"])
    with pytest.raises(UserError) as caught:
        prepare(path)
    english, chinese = caught.value.args[0], str(caught.value.chinese)
    assert "customers.csv" in english and "'previous_tier'" in english
    assert "gold, silver" in english and "top, base" in english and "3 rows" in english
    assert "gold, silver" in chinese and "原层级" in chinese


def test_one_previous_tier_the_scenario_does_not_know_is_said_of_one_row(tmp_path: Path
                                                                          ) -> None:
    with pytest.raises(UserError) as caught:
        prepare(_world_with_previous(tmp_path, ["top", "gold"]))
    assert ("1 row names a previous tier the scenario does not know (gold; the tiers are top, "
            "base)") in " ".join(str(caught.value).split())
    assert "1 行所列原层级不在情景的层级中（gold" in caught.value.chinese


def test_validate_and_run_exit_2_naming_the_column_and_values(tmp_path: Path) -> None:
    path = _world_with_previous(tmp_path, ["gold", "gold", "top"])
    for command in (["validate", str(path)], ["run", str(path)]):
        result = CliRunner().invoke(app, command)
        assert result.exit_code == 2, result.output
        assert "previous_tier" in result.output and "gold" in result.output


def test_blank_and_known_previous_tiers_are_accepted(tmp_path: Path) -> None:
    path = _world_with_previous(tmp_path, ["top", "", "base", "top"])
    frame = prepare(path).book.customers
    assert pd.isna(frame["previous_tier"]).sum() == 1
