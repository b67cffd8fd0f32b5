"""Every shipped scenario names its data's currency; a scenario that names none shows the
currency it is read in as an assumption."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.report.assumptions import assumption_rows
from allocator.report.language import Words
from allocator.scenario.loading import load_scenario
from tests.builders import solve, world

SCENARIOS = Path(__file__).parent.parent / "scenarios"

CURRENCIES = {"real/berka.yaml": "CZK", "real/credit_default.yaml": "TWD",
              "real/cdnow.yaml": "USD", "real/bank_marketing.yaml": "EUR",
              "real/bank_churn.yaml": "EUR", "demo.yaml": "EUR", "demo_zh.yaml": "EUR"}


@pytest.mark.parametrize(("name", "money"), sorted(CURRENCIES.items()))
def test_a_shipped_scenario_sets_the_currency_of_its_data(name: str, money: str) -> None:
    objective = load_scenario(SCENARIOS / name).scenario.objective
    assert "currency" in objective.model_fields_set and objective.currency == money


def test_a_currency_left_unset_is_shown_as_assumed(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "C1", "tier_key": 2.0}])
    outcome = solve(path)
    for language, said in (("en", "EUR (assumed: the scenario sets no objective.currency)"),
                           ("zh", "EUR（假定：情景未设置 objective.currency）")):
        rows = assumption_rows(outcome, Words(language), "2026-12-05T10:00:00Z")
        assert said in set(rows["content"])
    chosen = solve(path, "objective.currency=CHF")
    rows = assumption_rows(chosen, Words("en"), "2026-12-05T10:00:00Z")
    assert "CHF" in set(rows["content"])
