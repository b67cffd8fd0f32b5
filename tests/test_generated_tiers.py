"""The generated book names its offers' eligible tiers after the scenario's tiers, by position:
a scenario with any tier ids plans a generated book."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from allocator.book.generator import generate_book
from allocator.preparation import prepare

DEMO = Path(__file__).parent.parent / "scenarios" / "demo.yaml"
CHINESE = {"private": "私人银行", "wealth": "财富", "premier": "贵宾", "mass": "大众"}


def _renamed(tree: Any) -> Any:
    """The tree with every tier id, as a key or a value, in Chinese."""
    if isinstance(tree, dict):
        return {CHINESE.get(k, k): _renamed(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return [_renamed(v) for v in tree]
    return CHINESE.get(tree, tree) if isinstance(tree, str) else tree


def test_a_demo_with_chinese_tier_ids_plans_its_generated_book(tmp_path: Path) -> None:
    scenario = _renamed(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    scenario["output"]["dir"] = str(tmp_path / "reports")
    path = tmp_path / "demo_tiers_zh.yaml"
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False), encoding="utf-8")
    prepared = prepare(path, ["data.generate.customers=300"])
    offers = prepared.book.offers
    named = {tier for offer in offers.values() for tier in offer.eligible_tiers or []}
    assert named and named <= set(CHINESE.values())
    assert offers["wealth_mandate"].eligible_tiers == ["私人银行", "财富"]


def test_the_generated_offers_name_the_tiers_they_are_given() -> None:
    book = generate_book(50, seed=3, tiers=("top", "middle", "base"))
    named = {t for text in book.offers["eligible_tiers"] if text for t in text.split("|")}
    assert named <= {"top", "middle", "base"} and named
    mandate = book.offers.set_index("offer_id").loc["wealth_mandate", "eligible_tiers"]
    assert mandate == "top|middle"
    loan = book.offers.set_index("offer_id").loc["personal_loan", "eligible_tiers"]
    assert loan == "base"  # premier and mass both fall to the base tier
