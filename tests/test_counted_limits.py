"""Limits that count whole units (quotas, sales targets, book sizes, reassignments) read as
whole numbers in the terminal's drivers, beside amounts shown with cents."""

from __future__ import annotations

import pandas as pd
import pytest

from allocator.cli.consoles import console
from allocator.cli.run import print_driver_table
from allocator.report.language import Words


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_drivers_show_counted_limits_whole(language: str) -> None:
    table = pd.DataFrame({
        "constraint": ["offer_minimum", "offer_quota", "offer_quota", "offer_quota",
                       "tier_loss"],
        "label": ["wealth_mandate", "investment_fund", "personal_loan", "credit_card", "mass"],
        "limit": [2.0, 60.0, 90.0, 240.0, 900.0], "used": [2.0, 60.0, 89.0, 239.0, 898.3],
        "use_share": [1.0, 1.0, 89 / 90, 239 / 240, 898.3 / 900]})
    words = Words(language)  # type: ignore[arg-type]
    with console.capture() as captured:
        print_driver_table(table, words)
    rows = {cells[1].strip(): [cell.strip() for cell in cells[2:4]]
            for line in captured.get().splitlines() if (cells := line.split("│"))[1:4]}
    name = {label: words.limit(family, label)
            for family, label in zip(table["constraint"], table["label"], strict=True)}
    assert rows[name["wealth_mandate"]] == ["2", "2"]
    assert rows[name["investment_fund"]] == ["60", "60"]
    assert rows[name["personal_loan"]] == ["90", "89"]
    assert rows[name["credit_card"]] == ["240", "239"]
    assert rows[name["mass"]] == ["900", "898"]  # an amount: as its column shows it
