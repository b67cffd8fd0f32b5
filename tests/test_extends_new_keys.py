"""A file that `extends` another and names a tier or an offer the files it extends do not
have: most likely misspelt, refused naming that file and the key, with the closest name, in
English and Chinese, unless it adds the tier or offer whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.errors import UserError
from allocator.scenario import load_scenario
from tests.builders import world

OFFER = {"margin": 100, "propensity": 0.2}


def child(folder: Path, body: str) -> Path:
    """A scenario extending the world's (tiers top and base, the offer loan inline)."""
    parent = world(folder, [{"customer_id": "A"}], offers={"loan": OFFER})
    path = folder / "child.yaml"
    path.write_text(f"extends: {parent.name}\nname: child\n{body}\n", encoding="utf-8")
    return path


def test_a_misspelt_tier_names_the_child_file_and_the_closest_tier(tmp_path: Path) -> None:
    path = child(tmp_path, "tiers: {topp: {max_offers: 1}}")
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert str(caught.value) == (
        f"{path}: tiers.topp: no tier 'topp' in the files it extends, and tiering.thresholds "
        "gives it no place among the tiers (a value for every tier but the last, the base "
        "tier). Did you mean 'top'? Their tiers: top, base. Correct the tier's name, or add "
        "the new tier whole, with its place in tiering.thresholds.")
    assert caught.value.shown("zh") == (
        f"{path}：tiers.topp：其所扩展（extends）的文件中没有客户层级“topp”，且 "
        "tiering.thresholds 未给出它在各层级中的位置（除最后一个即最低层级外，每个层级都需给出"
        "取值）。您是否想写“top”？已有层级：top、base。请改正层级名称，或完整地添加新层级，并在 "
        "tiering.thresholds 中给出其位置。")


def test_a_misspelt_tier_given_a_threshold_is_refused_too(tmp_path: Path) -> None:
    # as the last tier it is the base tier, which takes none, and `base` then lacks one
    path = child(tmp_path, "tiers: {topp: {max_offers: 1}}\n"
                           "tiering: {thresholds: {topp: 2.0}}")
    with pytest.raises(UserError, match=r"child\.yaml: tiers\.topp: .* Did you mean 'top'\?"):
        load_scenario(path)


def test_a_new_tier_added_whole_is_kept(tmp_path: Path) -> None:
    path = child(tmp_path, "tiers: {small: {max_offers: 1}}\n"
                           "tiering: {thresholds: {base: 0.5}}")
    spec = load_scenario(path).scenario
    assert list(spec.tiers) == ["top", "base", "small"]
    assert spec.tiers["small"].max_offers == 1
    assert load_scenario(child(tmp_path, "tiers: {top: {max_offers: 2}}")
                         ).scenario.tiers["top"].max_offers == 2


def test_a_misspelt_offer_names_the_child_file_and_the_closest_offer(tmp_path: Path) -> None:
    path = child(tmp_path, "offers: {lon: {margin: 50}}")
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert str(caught.value) == (
        f"{path}: offers.lon: no offer 'lon' in the files it extends, and margin alone is no "
        "offer (a new one also gives: propensity). Did you mean 'loan'? Their offers: loan. "
        "Correct the offer's id, or add the new offer whole.")
    assert caught.value.shown("zh") == (
        f"{path}：offers.lon：其所扩展（extends）的文件中没有产品“lon”，仅凭 margin 不构成产品"
        "（新增产品还需给出：propensity）。您是否想写“loan”？已有产品：loan。请改正产品编号，"
        "或完整地添加新产品。")


def test_a_new_offer_added_whole_is_kept(tmp_path: Path) -> None:
    spec = load_scenario(child(tmp_path, "offers: {card: {margin: 50, propensity: 0.1}}")
                         ).scenario
    assert list(spec.offers) == ["loan", "card"]
