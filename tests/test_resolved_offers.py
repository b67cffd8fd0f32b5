"""A run's resolved scenario, read back, plans the same book: a scenario that changes some
fields of generated offers (the calendar demo clears their quotas) keeps the generator's other
fields when verify reads the raw data again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from allocator.book import load_book
from allocator.errors import UserError
from allocator.preparation import loaded_book
from allocator.raw_book import reread_book
from allocator.scenario import load_scenario
from allocator.scenario.schema import Scenario

ROOT = Path(__file__).resolve().parents[1]


def test_partial_offer_overrides_read_back_give_the_same_offers() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "demo_calendar.yaml",
                           ["data.generate.customers=200"])
    again = Scenario.model_validate(loaded.resolved())
    assert load_book(again).offers == load_book(loaded.scenario).offers
    assert again.offers["credit_card"].quota is None  # the scenario's own change is kept


def test_verify_tiers_a_calendar_run_from_its_raw_data(tmp_path: Path) -> None:
    loaded = load_scenario(ROOT / "scenarios" / "demo_calendar.yaml",
                           ["data.generate.customers=200"])
    folder = tmp_path / "run"
    folder.mkdir()
    (folder / "manifest.json").write_text('{"inputs": {}}', encoding="utf-8")
    raw = reread_book(folder, Scenario.model_validate(loaded.resolved()))
    assert raw.note is None and raw.inputs is not None


def test_a_set_field_of_a_generated_offer_is_checked_with_the_offer_s_others() -> None:
    """A quota set below the generated offer's minimum is refused as a table's row would be,
    naming the book and the offer, before any solve (not an infeasible run later)."""
    with pytest.raises(UserError) as caught:
        load_book(load_scenario(ROOT / "scenarios" / "demo.yaml",
                                ["offers.investment_fund.quota=5"]).scenario)
    assert "offers.investment_fund: quota 5 is below minimum 6" in str(caught.value)
    assert "the offer's other fields by generated book (3,000 customers, seed 7)" in str(
        caught.value)
    assert "配额（quota）5 低于最低量（minimum）6" in caught.value.shown("zh")
    kept = load_book(load_scenario(ROOT / "scenarios" / "demo.yaml",
                                   ["offers.investment_fund.quota=7"]).scenario)
    assert kept.offers["investment_fund"].quota == 7
    assert kept.offers["investment_fund"].minimum == 6


@pytest.mark.parametrize(("sets", "cause"), [
    (["offers.wealth_mandate.quota=0"], "--set offers.wealth_mandate.quota=0"),
    (["offers.wealth_mandate.minimum=20", "offers.wealth_mandate.margin=5"],
     "--set offers.wealth_mandate.minimum=20"),
])
def test_a_set_that_breaks_a_generated_offer_is_named_as_the_cause(
        sets: list[str], cause: str) -> None:
    loaded = load_scenario(ROOT / "scenarios" / "demo.yaml", sets)
    with pytest.raises(UserError) as caught:
        loaded_book(loaded)
    english, chinese = str(caught.value), caught.value.shown("zh")
    field = cause.split(".")[2].split("=")[0]
    assert english.startswith(f"{cause}: offers.wealth_mandate: quota "), english
    assert f"({field} given here, the offer's other fields by generated book (3,000 " \
           f"customers, seed 7))." in english, english
    assert chinese.startswith(f"{cause}：offers.wealth_mandate：配额（quota）"), chinese
    assert f"（此处给出 {field}，该产品的其余字段取自生成的客户群（3,000 位客户，种子 7））。" \
        in chinese, chinese


def test_a_scenario_file_that_breaks_a_generated_offer_is_named(
        write_yaml: Callable[[str, dict[str, Any]], Path]) -> None:
    raw = yaml.safe_load((ROOT / "scenarios" / "demo.yaml").read_text(encoding="utf-8"))
    raw["offers"] = {"investment_fund": {"quota": 1}}
    path = write_yaml("demo.yaml", raw)
    with pytest.raises(UserError) as caught:
        loaded_book(load_scenario(path))
    assert str(caught.value).startswith(f"{path}: offers.investment_fund: quota 1 is below "
                                        f"minimum 6"), str(caught.value)
