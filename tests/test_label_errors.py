"""Errors about tier names and labels: in the run's language, naming the file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from allocator.errors import UserError
from allocator.preparation import prepare
from allocator.scenario import load_scenario
from tests.test_previous_tiers import _renamed_demo

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"


def _extending(folder: Path, labels: dict[str, Any]) -> Path:
    path = folder / "mine.yaml"
    path.write_text(yaml.safe_dump({"extends": str(DEMO), "name": "mine",
                                    "output": {"language": "zh"}, "labels": labels},
                                   allow_unicode=True), encoding="utf-8")
    return path


def test_renamed_tiers_without_offer_tiers_generate_offers_for_the_renamed_tiers(
        tmp_path: Path) -> None:
    # the generator's offers take their eligible tiers from the scenario's tiers by position
    path = _renamed_demo(tmp_path)
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    del scenario["offers"]
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    prepared = prepare(path)
    tiers = set(prepared.loaded.scenario.tiers)
    assert all(set(offer.eligible_tiers or tiers) <= tiers
               for offer in prepared.book.offers.values())


def test_a_label_typo_is_blamed_on_the_file_and_key_that_hold_it(tmp_path: Path) -> None:
    path = _extending(tmp_path, {"tiers": {"privat": {"zh": "私人银行"}}})
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    said = caught.value.shown("zh")
    assert f"{path}：labels.tiers.privat：" in said, said
    assert "demo.yaml" not in said.replace(str(path), "")


def test_two_tiers_of_one_name_are_refused_naming_both(tmp_path: Path) -> None:
    path = _extending(tmp_path, {"tiers": {"private": {"zh": "私人银行"},
                                           "wealth": {"zh": "私人银行"}}})
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    english, chinese = caught.value.shown("en"), caught.value.shown("zh")
    assert "'private' and 'wealth' are both named '私人银行'" in english
    assert f"{path}：labels.tiers.wealth：" in chinese and "“private”与“wealth”" in chinese


def test_an_added_rm_of_an_unknown_region_lists_the_regions_with_their_labels() -> None:
    demo_zh = DEMO.with_name("demo_zh.yaml")
    with pytest.raises(UserError) as caught:
        prepare(demo_zh, ["data.generate.customers=300", "rules.add_rms.premier_rm.R9=1"])
    assert "R1（华北）、R2（华东）、R3（华南）、R4（西部）" in caught.value.shown("zh")
    assert "R1 (North), R2 (East), R3 (South), R4 (West)" in caught.value.shown("en")
