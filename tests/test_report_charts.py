"""The plan's value charts: a bar's value stands clear of the axis line and of the tier's
name (a tick beside it reads as a minus sign), zero never reads "-0", and the value axis
names its currency."""

from __future__ import annotations

import re

import pandas as pd

from allocator.report import charts, sweep_charts
from allocator.report.language import Words

TEXT = re.compile(r'<text style="[^"]*text-anchor: (\w+)" x="([\d.]+)"[^>]*>([^<]*)</text>')


def texts(svg: str) -> list[tuple[str, str, float]]:
    """Each text of the chart: itself, its anchor and x."""
    return [(text, anchor, float(x)) for anchor, x, text in TEXT.findall(svg)]


def test_small_and_zero_components_read_as_they_are() -> None:
    svg = charts.value_components({"coverage": 4.1e6, "offers": 8621.0, "packages": 1.3e6,
                                   "penalties": -1e-9}, Words("en"), "EUR")
    shown = texts(svg)
    axis = next(x for text, anchor, x in shown if text == "0" and anchor == "middle")
    assert "EUR" in [text for text, _, _ in shown]
    assert not [text for text, _, _ in shown if text.startswith("-")]
    offers = next((anchor, x) for text, anchor, x in shown if text == "8,621")
    zero = next((anchor, x) for text, anchor, x in shown if text == "0" and anchor != "middle")
    for anchor, x in (offers, zero):  # right of the axis line, clear of it
        assert anchor == "start" and x >= axis + 3
    assert "L -3.5 0" not in svg  # no tick marks beside the components' names


def test_the_pyramid_s_values_have_their_currency_and_no_tick_beside_them() -> None:
    tiers = pd.DataFrame({"tier": ["private", "mass"], "customers": [28, 2224],
                          "value": [3.2e6, 6270.0]})
    svg = charts.tier_pyramid(tiers, Words("zh"), "EUR")
    shown = [text for text, _, _ in texts(svg)]
    assert "价值（EUR）" in shown and "6,270" in shown
    assert svg.count("L -3.5 0") == 0  # no tick marks beside the values' bars


def test_a_budget_frontier_reads_its_ticks_in_thousands_and_wraps_its_axis_note() -> None:
    budgets = [35_000.0, 40_000.0, 45_000.0, 50_000.0]
    value = [5.3749e6, 5.3771e6, 5.4241e6, 5.4276e6]
    curve = pd.DataFrame({"budget.total": budgets, "objective": value, "bound": value,
                          "net_value": [v - 3.35e6 for v in value],
                          "net_bound": [v - 3.35e6 for v in value],
                          "knee": [False, False, True, False]})
    svg = sweep_charts.frontier(curve, "budget.total", Words("en"), "EUR")
    shown = re.findall(r">([^<]+)</text>", svg)
    assert "40,000" in shown and "40000" not in shown
    note = [text for text in shown if "not at zero" in text or "show." in text]
    assert len(note) > 2 and all(len(line) <= 100 for line in note), note  # 7 in wide: wrapped


def test_the_rm_heatmap_never_rounds_a_share_short_of_full_up_to_100() -> None:
    # premier R2 at 406 of 408 hours (99.5%) is not full; R4 at 408 of 408 is
    books = pd.DataFrame({"grade": ["premier_rm"] * 3, "region": ["R2", "R4", "R1"],
                          "hours": [406.0, 408.0, 300.0],
                          "capacity_hours": [408.0, 408.0, 400.0]})
    shown = re.findall(r">([^<]+)</text>", charts.rm_utilization(books, Words("en")))
    assert "99.5%" in shown and "75.0%" in shown and shown.count("100.0%") == 1, shown
