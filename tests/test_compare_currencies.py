"""Two runs planned in different currencies: their amounts stand side by side, each in its
currency, and are never set against each other (no change, share or verdict on the gap, and
no heading that promises one), in the terminal, the CSVs, compare.html and compare.xlsx, in
English and Chinese; their counts are still compared."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from allocator import api
from tests.test_compare import two_offers
from tests.test_zh_everywhere import allocate

APART = {"en": ("A's expected value is 40 EUR, B's 60 CNY. The two runs' amounts are in "
                "different currencies and are not compared"),
         "zh": "A的预期价值为40EUR，B的为60CNY。两次运行的金额币种不同，不作比较"}
"""The one statement, each value in its currency (the Chinese with its spaces taken out)."""
VERDICTS = ("measured difference", "within tolerance", "worth +", "(+50.0%)", "combined gap",
            "可测量", "在容差内", "+50.0%", "间隙之和")


@pytest.fixture(scope="module")
def in_two_currencies(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    # A (EUR, budget 60) makes the offer worth 40; B (CNY, budget 100) both, worth 60
    folder = tmp_path_factory.mktemp("currencies")
    path = two_offers(folder, output={"baselines": False, "steps": False})
    first = api.run(path, ["objective.currency=EUR"], output=folder / "reports")
    second = api.run(path, ["objective.currency=CNY", "budget.total=100"],
                     output=folder / "reports")
    return first.folder, second.folder


def compared(runs: tuple[Path, Path], language: str, out: Path) -> tuple[list[str], Path]:
    """`allocate compare` of the runs in `language`: what it printed, its compare.html and
    compare.xlsx's notes, each on one line (the Chinese with its spaces taken out), and the
    comparison's folder."""
    printed = allocate("compare", *map(str, runs), "--language", language, "--out", str(out))
    assert printed.exit_code == 0, printed.output
    folder = next((out / "compare").iterdir())
    page = unescape((folder / "compare.html").read_text(encoding="utf-8"))
    notes = [str(row[0]) for row in openpyxl.load_workbook(folder / "compare.xlsx").worksheets[0]
             .iter_rows(min_row=2, values_only=True)]
    return [" ".join(text.split()) if language == "en" else "".join(text.split())
            for text in (printed.output, page, " ".join(notes))], folder


@pytest.mark.parametrize("language", ["en", "zh"])
def test_amounts_in_two_currencies_are_shown_apart_never_compared(
        in_two_currencies: tuple[Path, Path], tmp_path: Path, language: str) -> None:
    texts, folder = compared(in_two_currencies, language, tmp_path)
    for flat in texts:
        assert flat.count(APART[language]) == 1, flat[:800]
        assert not [said for said in VERDICTS if said in flat], flat[:800]
    headline = pd.read_csv(folder / "headline.csv").set_index("kpi")
    assert list(headline.columns[2:]) == ["delta"]  # no noise band, no verdict
    assert headline["delta"].isna()[["objective", "bound"]].all()
    kpis = pd.read_csv(folder / "kpis.csv").set_index("kpi")
    assert kpis["delta"].isna()[["spend", "expected_loss"]].all()
    assert kpis.loc["customers", "delta"] == 0  # counts are compared
    offers = pd.read_csv(folder / "offers_deltas.csv").set_index("offer_id")
    assert offers.loc["small", ["made_a", "made_b", "made_delta"]].tolist() == [0, 1, 1]
    assert offers.loc["small", ["value_a", "value_b"]].tolist() == [0, 20]  # side by side
    for table in ("offers", "tiers", "rms"):
        columns = pd.read_csv(folder / f"{table}_deltas.csv").columns
        assert not [name for name in columns if name.endswith("_within_gap") or name in (
            "value_delta", "cost_delta", "budget_delta", "expected_loss_delta",
            "coverage_value_delta")], columns


HEADINGS = {"en": ("Expected value (A and B)", "Key figures (B - A except amounts)",
                   "Change by tier (B - A except amounts)",
                   "Change by offer (B - A except amounts)"),
            "zh": ("预期价值（A与B）", "关键指标（B−A，金额除外）", "按层级的变化（B−A，金额除外）",
                   "按产品的变化（B−A，金额除外）")}
"""The tables' headings (the Chinese with its spaces taken out): B - A only where it is given."""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_headings_promise_no_difference_in_amounts_between_two_currencies(
        in_two_currencies: tuple[Path, Path], tmp_path: Path, language: str) -> None:
    (printed, page, _), _ = compared(in_two_currencies, language, tmp_path)
    for flat in (printed, page):
        assert [heading for heading in HEADINGS[language] if heading not in flat] == []
        assert "(B - A)" not in flat and "（B−A）" not in flat, flat[:800]
