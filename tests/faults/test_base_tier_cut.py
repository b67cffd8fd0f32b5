"""A tiering that gives the base tier (the last) a cut is told that the base tier takes none
and to remove it, in English and in Chinese; a tier above it without one is still named
missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.builders import world
from tests.faults.test_offer_table_words import CUSTOMERS, _both


def _tiered(folder: Path, tiers: dict[str, Any], thresholds: dict[str, float]) -> Path:
    return world(folder, CUSTOMERS, tiers=tiers,
                 tiering={"method": "thresholds", "metric": "tier_key",
                          "thresholds": thresholds},
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})


ONE_TIER = {"all": {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5}}
TWO_TIERS = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "max_offers": 5},
             "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5}}


@pytest.mark.parametrize(("tiers", "thresholds", "base"), [
    (ONE_TIER, {"all": 0.0}, "all"),
    (TWO_TIERS, {"top": 1.0, "base": 0.0}, "base"),
])
def test_a_threshold_of_the_base_tier_is_said_to_be_removed(
        tmp_path: Path, tiers: dict[str, Any], thresholds: dict[str, float], base: str
) -> None:
    english, chinese = _both(_tiered(tmp_path, tiers, thresholds))
    assert (f"tiering.thresholds: the base tier '{base}' (the last of tiers) takes no "
            f"threshold: it holds the customers no tier above it takes; remove '{base}' "
            "here.") in english, english
    assert (f"tiering.thresholds：最低层级“{base}”（tiers 中的最后一个）不设门槛："
            f"未归入其上各层级的客户都属于它；请在此删除“{base}”。") in chinese, chinese
    assert "needed" not in english and "需要" not in chinese


def test_a_tier_without_its_threshold_is_still_named_missing(tmp_path: Path) -> None:
    english, chinese = _both(_tiered(tmp_path, TWO_TIERS, {}))
    assert ("tiering.thresholds: give a value for every tier but the base tier 'base' "
            "(needed: top; missing: top).") in english, english
    assert "缺少：top" in chinese, chinese
