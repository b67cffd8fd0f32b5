"""An offer table's refusals name the offer, the column and the value in the run's language:
an eligible tier the scenario does not have, a quota below the minimum (of the row, not of one
column: said without a label of its own)."""

from __future__ import annotations

from pathlib import Path

from tests.builders import world
from tests.faults.cli import answer, answer_in_chinese
from tests.faults.test_number_faults import _plain

CUSTOMERS = [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}]


def _with_offer_table(folder: Path, header: str, row: str) -> Path:
    """A book whose offers come from offers.csv, of one row."""
    path = world(folder, CUSTOMERS,
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})
    (folder / "offers.csv").write_text(f"{header}\n{row}\n", encoding="utf-8")
    text = path.read_text()
    path.write_text(text.replace("data:\n", "data:\n  offers: {path: offers.csv}\n", 1))
    return path


def _both(path: Path) -> tuple[str, str]:
    """What validate says of the scenario, in English and in Chinese (each refused: 2)."""
    code, english = answer("validate", path)
    assert code == 2, english
    code, chinese = answer_in_chinese("validate", path, "--set", "output.language=zh")
    assert code == 2, chinese
    return _plain(english), _plain(chinese)


def test_an_unknown_eligible_tier_is_named_with_its_offer_and_column(tmp_path: Path) -> None:
    path = _with_offer_table(tmp_path, "offer_id,channel,margin,eligible_tiers",
                             "fund,email,10,top|platinum")
    english, chinese = _both(path)
    assert ("offers.csv: offer 'fund': eligible_tiers: unknown tier 'platinum'. "
            "The tiers are: top, base.") in english, english
    assert ("offers.csv：产品“fund”：eligible_tiers：未知的层级“platinum”。"
            "已有层级：top、base。") in chinese, chinese
    assert "offer '" not in chinese and "offer 'fund' eligible_tiers" not in english


def test_a_quota_below_the_minimum_names_both_columns_without_a_row_label(
        tmp_path: Path) -> None:
    path = _with_offer_table(tmp_path, "offer_id,channel,margin,quota,minimum",
                             "fund,email,10,2,5")
    english, chinese = _both(path)
    assert english.endswith("offers.csv: offer 'fund': quota 2 is below minimum 5; raise the "
                            "quota or lower the minimum"), english
    assert chinese.endswith("offers.csv：产品“fund”：配额（quota）2 低于最低量（minimum）5；"
                            "请提高配额或降低最低量"), chinese
    assert "row:" not in english and "行：" not in chinese

