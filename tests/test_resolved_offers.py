"""A run's resolved scenario, read back, plans the same book: a scenario that changes some
fields of generated offers (the calendar demo clears their quotas) keeps the generator's other
fields when verify reads the raw data again."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.book import load_book
from allocator.errors import UserError
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
    assert "generated book (3,000 customers, seed 7): offer 'investment_fund': " in str(
        caught.value)
    assert "quota 5 is below minimum 6" in str(caught.value)
    assert "配额（quota）5 低于最低量（minimum）6" in caught.value.shown("zh")
    kept = load_book(load_scenario(ROOT / "scenarios" / "demo.yaml",
                                   ["offers.investment_fund.quota=7"]).scenario)
    assert kept.offers["investment_fund"].quota == 7
    assert kept.offers["investment_fund"].minimum == 6
