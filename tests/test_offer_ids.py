"""An offer id no offer table, generated book or scenario file defines, given only in part (a
quota, a margin), is a mistyped id: refused, naming the key and what gave it, with the id
meant; a new offer given whole is added."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from allocator.errors import UserError
from allocator.preparation import loaded_book
from allocator.scenario.loading import load_scenario
from tests.conftest import DEMO, tiny_scenario

REAL = Path(__file__).resolve().parents[1] / "scenarios" / "real" / "bank_churn.yaml"


def refusal(path: Path, *sets: str) -> UserError:
    with pytest.raises(UserError) as raised:
        loaded_book(load_scenario(path, sets))
    return raised.value


@pytest.mark.parametrize("item", ["offers.credit_crd.quota=0", "offers.credit_crd.margin=100"])
def test_a_mistyped_generated_offer_is_refused_with_the_id_meant(item: str) -> None:
    error = refusal(DEMO, item)
    field = item.split(".")[2].split("=")[0]
    assert str(error).startswith(f"--set {item}: offers.credit_crd: no offer 'credit_crd' in "
                                 "generated book")
    assert f"{field} alone is no offer" in str(error)
    assert "Did you mean 'credit_card'?" in str(error)
    assert error.chinese.startswith(f"--set {item}：offers.credit_crd：生成的客户群")
    assert "中没有产品“credit_crd”" in error.chinese
    assert "您是否想写“credit_card”？" in error.chinese


def test_a_mistyped_offer_of_a_table_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(tiny_scenario(), sort_keys=False))
    error = refusal(path, "offers.crad.quota=1")
    assert "offers.crad: no offer 'crad' in " in str(error)
    assert "offers.csv" in str(error) and "Did you mean 'card'?" in str(error)
    assert "您是否想写“card”？" in error.chinese


def test_an_offer_of_the_table_given_in_the_scenario_names_what_gave_it(tmp_path: Path
                                                                       ) -> None:
    # it named nothing: "offers card are given both in the scenario's 'offers' section ..."
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(tiny_scenario(), sort_keys=False))
    error = refusal(path, "offers.card.cost=1")
    assert str(error).startswith("--set offers.card.cost=1: offer card is given both in the "
                                 "scenario's 'offers' section (by the file, a named override, "
                                 "--set or --vary) and in data.offers (")
    assert error.chinese.startswith("--set offers.card.cost=1：产品 card 既在情景的 offers 一节中"
                                    "给出（由情景文件、命名调整项、--set 或 --vary 给出）")
    two = refusal(path, "offers.card.cost=1", "offers.fund.cost=1")
    assert ": the 2 offers card, fund are given both in the scenario's 'offers'" in str(two)
    assert "：产品 card、fund 既在情景的 offers 一节中给出" in two.chinese


def test_a_mistyped_offer_of_the_scenario_file_is_refused() -> None:
    with pytest.raises(UserError) as raised:
        load_scenario(REAL, ["offers.credit_crd.margin=100"])
    assert str(raised.value).startswith(
        "--set offers.credit_crd.margin=100: offers.credit_crd: no offer 'credit_crd' in the "
        "scenario file, and margin alone is no offer (a new one also gives: propensity). "
        "Did you mean 'credit_card'?")
    assert "情景文件中没有产品“credit_crd”" in raised.value.chinese
    assert "新增产品还需给出：propensity" in raised.value.chinese


def test_a_whole_new_offer_is_added(tmp_path: Path) -> None:
    raw = yaml.safe_load(DEMO.read_text())
    raw["offers"] = {"gold_card": {"channel": "email", "margin": 90, "propensity": 0.02}}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    offers = loaded_book(load_scenario(path)).offers
    assert len(offers) == 9 and offers["gold_card"].margin == 90
    added = loaded_book(load_scenario(DEMO, ["offers.gold.margin=90",
                                              "offers.gold.propensity=0.02"])).offers
    assert added["gold"].propensity == 0.02
    assert "credit_card" in load_scenario(REAL, ["offers.new.margin=9",
                                                 "offers.new.propensity=0.1"]).scenario.offers
