"""A limit, or a value an override gives, that is not whole is shown with the decimals it has
wherever it is stated (a budget of 45,000.5, never 45,000), and an override's value before
and after never read alike when they differ."""

from __future__ import annotations

import pandas as pd
import pytest

from allocator.cli.rich_tables import _texts
from allocator.report.assumptions import setting_text
from allocator.report.cell_texts import limit_text
from allocator.report.formats import view
from allocator.report.language import Words
from allocator.report.price_words import price_text
from allocator.scenario.overrides import Setting


@pytest.mark.parametrize(("value", "text"), [
    (45_000.5, "45,000.5"), (45_000, "45,000"), (1_234.25, "1,234.25"),
    (0.07 * 45_000, "3,150"), (12.5, "12.5"), (float("inf"), "inf")])
def test_a_limit_keeps_the_decimals_it_has(value: float, text: str) -> None:
    assert limit_text(value) == text


@pytest.mark.parametrize(("language", "said"), [
    ("en", ("--set: total budget 45,000 EUR → 45,000.5 EUR",
            "--set: solver time limit (seconds) 60.0000000 → 60.0000001")),
    ("zh", ("命令行调整：总预算由 45,000 EUR 改为 45,000.5 EUR",
            "命令行调整：求解时间上限（秒）由 60.0000000 改为 60.0000001"))])
def test_an_override_never_reads_as_changing_nothing(language: str, said: tuple[str, str]
                                                     ) -> None:
    words = Words(language)  # type: ignore[arg-type]
    budget = Setting("--set", "budget.total", 45_000, 45_000.5)
    clock = Setting("--set", "solver.time_limit", 60, 60.0000001)
    texts = (setting_text(budget, words, "EUR"), setting_text(clock, words, "EUR"))
    assert texts == said


def test_the_tables_and_the_drivers_state_the_limit_with_its_decimals() -> None:
    frame = pd.DataFrame({"constraint": ["budget"], "limit": [45_000.5], "used": [44_999.96],
                          "marginal_value": [1.22], "range_low": [44_955.0],
                          "range_high": [45_035.0]})
    for words in (Words(), Words("zh")):
        cells = [cell.text for cell in view(frame, words).rows[0].cells]
        assert cells[1:3] == ["45,000.5", "45,000"]
        assert _texts(frame, words)[0][1:3] == ["45,000.5", "45,000"]
    assert "(now 45,000.5)" in price_text(frame.iloc[0], "budget", "EUR", Words())
    assert "当前 45,000.5" in price_text(frame.iloc[0], "budget", "EUR", Words("zh"))
