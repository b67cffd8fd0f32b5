"""What an override changed is shown from the value the key had: the scenario file's, else
the schema's default, else (an offer of a generated book or an offer table) the book's own;
never "(not set)" for a key that had a value."""

from __future__ import annotations

from typing import Any

import pytest

from allocator.compare_kpis import input_diff
from allocator.preparation import prepare
from allocator.report.assumptions import setting_text
from allocator.report.language import Words
from allocator.scenario.loading import load_scenario
from tests.conftest import DEMO

SAID = {"en": ("--set: offers.credit_card.quota 240 → 0",
               "--set: rule-of-thumb plans yes → no", "--set: output.language en → zh"),
        "zh": ("命令行调整：产品配额（信用卡）由 240 改为 0",
               "命令行调整：经验法则方案由是改为否", "命令行调整：输出语言由英文改为中文")}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_an_override_shows_the_books_value_and_the_schemas_default(language: str) -> None:
    loaded = load_scenario(DEMO, ["offers.credit_card.quota=0", "output.baselines=false",
                                  "output.language=zh"])
    assert [s.before for s in loaded.settings][1:] == [True, "en"]  # the schema's defaults
    settings = prepare(loaded).loaded.settings
    assert settings[0].before == 240  # the generated offer's quota
    words = Words(language)  # type: ignore[arg-type]
    assert tuple(setting_text(s, words, "EUR") for s in settings) == SAID[language]


def test_a_new_offers_field_shows_its_default_and_a_key_without_one_none() -> None:
    loaded = load_scenario(DEMO, ["rules.add_rms.premier_rm=2", "offers.gold.margin=9",
                                  "offers.gold.propensity=0.1"])
    assert [s.before for s in prepare(loaded).loaded.settings] == [None, 0.0, 0.0]


def test_compare_shows_the_books_value_of_an_offer_only_one_run_changes() -> None:
    def manifest(offers: dict[str, Any], settings: list[dict[str, Any]]) -> dict[str, Any]:
        return {"resolved_scenario": {"data": {"generate": {"customers": 3000, "seed": 7}},
                                      "offers": offers},
                "summary": {"settings": settings}}
    plain = manifest({}, [])
    cut = manifest({"credit_card": {"quota": 0}},
                   [{"source": "--set", "key": "offers.credit_card.quota", "before": 240,
                     "after": 0}])
    rows = input_diff((plain, cut), ("A", "B")).set_index("key")
    assert rows.loc["offers.credit_card.quota"].tolist() == [240, 0]
    other = {**cut, "resolved_scenario": {**cut["resolved_scenario"], "data": {}}}
    rows = input_diff((plain, other), ("A", "B")).set_index("key")  # another book: unknown
    assert rows.loc["offers.credit_card.quota"].tolist() == ["", 0]
