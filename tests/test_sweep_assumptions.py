"""A sweep report's assumptions box shows each key the sweep varies by the range swept, never
the scenario's own value of it; every other key as it is in the scenario."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocator.report.assumptions import base_record, sweep_assumptions
from allocator.report.language import Words
from allocator.scenario.loading import load_scenario
from allocator.sweep_page import swept_values

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"
BUDGETS = [30_000, 40_000, 50_000, 60_000]


def _box(words: Words, swept: dict[str, list[object]] | None) -> dict[str, str]:
    record = base_record(load_scenario(DEMO), "2026-12-05T10:00:00+00:00")
    box = sweep_assumptions(record, [], words, swept)
    assert box is not None
    return dict(zip(box["item"], box["content"], strict=True))


def test_the_varied_budget_reads_as_the_range_swept_in_both_languages() -> None:
    for language, budget, floor in (
            ("en", "30,000 to 60,000 EUR, 4 points", "(4,500 to 9,000 EUR)"),
            ("zh", "30,000 至 60,000 EUR，共 4 个点", "（4,500 至 9,000 EUR）")):
        words = Words(language)
        plain, swept = _box(words, None), _box(words, {"budget.total": BUDGETS})
        assert plain[words("a_budget")] == "45,000 EUR"
        assert swept[words("a_budget")] == budget
        assert floor in swept[words("a_tier_budgets")]  # premier's 15% of each budget
        assert "6,750" not in swept[words("a_tier_budgets")]
        for item in ("a_caps", "a_rm_costs", "a_horizon", "a_discount", "a_channels"):
            assert swept[words(item)] == plain[words(item)], item  # the others as they are
        assert words("a_swept") not in swept


def test_a_varied_key_without_a_row_of_its_own_is_listed_with_its_range() -> None:
    words = Words("en")
    box = _box(words, {"rules.add_rms.premier_rm": [0, 5, 10], "risk.loss_cap": [1000, 2000]})
    assert box[words("a_swept")] == "RMs added (premier RM): 0 to 10, 3 points"
    assert box[words("a_caps")].startswith("expected loss 1,000 to 2,000 EUR, 2 points; ")
    assert "(600 to 1,200 EUR)" in box[words("a_caps")]  # mass's 60% of each loss cap
    assert box[words("a_budget")] == "45,000 EUR"


def test_the_varied_keys_are_read_from_the_sweep_table() -> None:
    table = pd.DataFrame({"point": [0, 1], "budget.total": [4e4, 5e4], "risk.loss_cap": [1, 2],
                          "status": ["optimal", "optimal"], "objective": [1.0, 2.0]})
    assert swept_values(table) == {"budget.total": [4e4, 5e4], "risk.loss_cap": [1, 2]}
    assert swept_values(table.drop(columns="status")) == {}
