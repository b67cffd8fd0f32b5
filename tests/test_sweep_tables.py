"""A headcount sweep's report reads net of RM cost first, its gaps and targets with their
digits, its RM counts whole; in Chinese, without a space between Chinese characters."""

from __future__ import annotations

import html
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.report import sweep_charts
from allocator.report.assumptions import base_record, sweep_assumptions
from allocator.report.axis_numbers import compact
from allocator.report.html import sweep_report
from allocator.report.language import Words
from allocator.report.sweep_charts import frontier_start
from allocator.report.sweep_tables import (
    frontier_shown,
    knee_line,
    sweep_shown,
    tolerance_lines,
)
from allocator.scenario import load_scenario
from allocator.sweep_page import swept_values
from allocator.sweeps import frontier
from tests.test_zh_everywhere import spaced

KEY = "rules.add_rms.premier_rm"


def headcount_sweep() -> pd.DataFrame:
    """Four points: each added RM adds about 1,000 and costs 200,000 over the horizon."""
    x = np.arange(4.0)
    gross = 5_424_098 + np.array([0.0, 994, 2_534, 3_226])
    cost = 3_353_876 + 199_635 * x
    return pd.DataFrame({
        "point": np.arange(4), KEY: x, "status": "optimal", "objective": gross,
        "bound": gross + 104, "gap": 104 / gross, "change": np.r_[np.nan, np.diff(gross)],
        "within_gap": ["", "no", "no", "no"], "rm_cost": cost, "net_value": gross - cost,
        "net_bound": gross + 104 - cost, "rms": 12.0 + x, "spend": 45_000.0,
        "gap_target": 1e-4, "tightened": 0})


def test_a_headcount_sweep_reads_net_of_rm_cost_first() -> None:
    table = headcount_sweep()
    assert list(sweep_shown(table, Words()))[:4] == ["point", KEY, "status", "net_value"]
    curve = frontier(table, KEY)
    assert not curve["knee"].any()  # net value falls with every added RM: no knee to hire to
    assert list(frontier_shown(curve, Words()))[:3] == [KEY, "net_value", "net_change"]
    page = sweep_report("demo", table, curve, Words())
    assert "0.0019%" in page and "0.01%" in page and ">0.0%<" not in page
    assert ">13<" in page and ">13.00<" not in page
    assert "No knee claimed: value net of RM cost bends at" in page
    chart = page[page.index("<svg"):page.index("</svg>")]
    ticks = re.findall(r"<text[^>]*>([^<]*)</text>", chart)
    assert "0.5" not in ticks and "1" in ticks  # RMs are counted whole on the chart


def test_the_sweep_s_net_columns_have_english_headers() -> None:
    words = Words()
    assert [words.column(c) for c in ("net_value", "net_change", "net_within_gap")] == [
        "value net of RM cost", "net change", "net change within the gap"]


def test_the_tolerance_lines_say_whether_the_tighter_target_was_reached() -> None:
    table = headcount_sweep().assign(
        tightened=[0, 1, 1, 0], tight_gap_target=[np.nan, 1e-5, 1e-5, np.nan],
        tight_gap_reached=[np.nan, True, False, np.nan])
    english = tolerance_lines(table, Words(), 10, 2)
    assert english[1] == (
        "1 of 2 re-solved points reached the tighter gap target (column tighter gap target "
        "reached); each point's status is judged against the scenario's own gap target of "
        "0.01%, as the point run alone.")
    chinese = tolerance_lines(table, Words("zh"), 10, 2)
    assert chinese[1].startswith("2 个重新求解的情景点中有 1 个达到了收紧后的间隙目标")
    assert not re.search("[A-Za-z]", chinese[1])


NAMED_COLUMN = {"en": r"\(column ([^)]+)\)", "zh": r"见“([^”]+)”列"}
"""How a tolerance line names the column it points to, in each language."""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_terminal_sweep_table_shows_every_column_its_lines_point_to(language: str) -> None:
    """The command line prints sweep_shown's table and the tolerance lines under it: each
    column a line names ("tightened", "tighter gap target reached") is a header there."""
    words = Words(language)
    table = headcount_sweep().assign(
        tightened=[0, 1, 1, 0], tight_gap_target=[np.nan, 1e-5, 1e-5, np.nan],
        tight_gap_reached=[np.nan, True, False, np.nan])
    named = [name for line in tolerance_lines(table, words, 10, 2)
             for name in re.findall(NAMED_COLUMN[language], line)]
    assert len(named) == 2, named
    assert set(named) <= set(words.headers(sweep_shown(table, Words()))), named
    untightened = headcount_sweep().assign(tight_gap_reached=np.nan)
    assert "tight_gap_reached" not in sweep_shown(untightened, words)


def test_the_frontier_chart_shows_what_hires_add_on_axes_that_start_where_it_shows() -> None:
    # gross value moves by 3,226 over 5.4 million: from zero it is a flat line. It gets a
    # chart of its own below the value net of RM cost (never a second axis on one plot),
    # starting near its values, each value axis with its currency.
    curve = frontier(headcount_sweep(), KEY)
    gross_start = frontier_start(curve, ["objective", "bound"])
    assert 5_000_000 < gross_start < 5_424_098
    assert frontier_start(curve, ["net_value", "net_bound"]) == 0  # its steps show from zero
    for language, title, axis in (("en", "Value net of RM cost against", "expected value"),
                                  ("zh", "扣除客户经理成本后的价值随", "预期价值")):
        svg = sweep_charts.frontier(curve, KEY, Words(language), "EUR")
        assert title in svg and axis in svg
        assert svg.count('<g id="axes_') == 2 and svg.count("EUR") >= 2  # two charts
        words = Words(language)  # the footnote names the axis that does not start at zero
        said = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg))  # its lines wrapped
        assert words("axis_cut_named", axis=axis, side=words("axis_lower"), start=compact(
            gross_start, language)) in said
        assert words("axis_upper") not in svg and words("axis_right") not in svg


def test_one_change_within_tolerance_is_said_in_the_singular() -> None:
    one = pd.DataFrame({"within_gap": ["yes", "no"]})
    assert tolerance_lines(one, Words(), 4, 2) == [
        "1 change between neighbouring points remains within tolerance: read it as no "
        "measurable difference."]
    two = pd.DataFrame({"within_gap": ["yes", "yes"]})
    assert tolerance_lines(two, Words(), 4, 2)[0].startswith("2 changes between")


def test_a_frontier_reads_its_marginal_values_per_unit_of_the_key_varied() -> None:
    curve = frontier(headcount_sweep(), KEY)
    for language, per_rm in (("en", "994 EUR per added RM"), ("zh", "每名新增客户经理 994 EUR")):
        shown = frontier_shown(curve, Words(language), currency="EUR")
        assert shown["marginal_value_per_unit"].iloc[1] == per_rm
        assert pd.isna(shown["marginal_value_per_unit"].iloc[0])  # no neighbour before it
        assert shown["net_marginal_value_per_unit"].iloc[1].endswith(
            {"en": " EUR per added RM", "zh": " EUR"}[language])
    budget = frontier(headcount_sweep().rename(columns={KEY: "budget.total"}).assign(
        **{"budget.total": [40_000.0, 41_000.0, 42_000.0, 43_000.0]}), "budget.total")
    said = frontier_shown(budget, Words(), currency="EUR")["marginal_value_per_unit"]
    assert said.iloc[1] == "0.99 EUR per EUR of budget"
    page = sweep_report("demo", headcount_sweep(), curve, Words(), currency="EUR")
    assert "994 EUR per added RM" in page


def test_the_frontier_chart_writes_the_key_s_values_with_thousands_separators() -> None:
    # a budget sweep: 30,000 to 60,000, in both languages as the tables write it
    x = np.arange(30_000.0, 60_001.0, 2_000.0)
    value = 5_000_000 + np.sqrt(x - 29_000.0) * 1_000
    curve = frontier(pd.DataFrame({"budget.total": x, "objective": value, "bound": value + 50,
                                   "status": "optimal"}), "budget.total")
    for language in ("en", "zh"):
        svg = sweep_charts.frontier(curve, "budget.total", Words(language), "EUR")  # type: ignore[arg-type]
        ticks = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
        assert "40,000" in ticks and not any(re.fullmatch(r"\d{5}", tick) for tick in ticks)


DEMO_ZH = Path(__file__).resolve().parents[1] / "scenarios" / "demo_zh.yaml"


def test_a_chinese_sweep_report_has_no_space_between_chinese_characters() -> None:
    # it read "价值在 新增客户经理（贵宾客户经理） = 0 时最高：...。 未认定拐点", "价值随 新增客户经理
    # （贵宾客户经理） 的变化", "自 542万 起", "贵宾 不低于预算的" and "demo_zh (demo.yaml, ...)"
    loaded = load_scenario(DEMO_ZH)
    words = Words("zh", loaded.scenario.labels.names("zh"))
    table = headcount_sweep()
    curve = frontier(table, KEY)
    knee = knee_line(curve, words)
    assert knee == (
        "扣除客户经理成本后的价值在新增客户经理（贵宾客户经理）为 0 时最高：2,070,222（上图；"
        "下图为扣除客户经理成本前的价值）。未认定拐点：扣除客户经理成本后的价值在新增客户经理"
        "（贵宾客户经理）为 2 处弯折（距弦线 383），但并不高于未新增客户经理时，新增的客户经理无法"
        "收回成本。")
    box = sweep_assumptions(base_record(loaded, "2026-12-05T10:00:00+00:00"), [], words,
                            swept_values(table))
    page = sweep_report("demo_zh", table, curve, words, tolerance_lines(table, words, 10, 2),
                        "EUR", box)
    shown = html.unescape(re.sub(r"<[^>]+>", "\n", re.sub(r"<style.*?</style>", "", page,
                                                         flags=re.S)))
    assert not spaced(shown), spaced(shown)
    for said in ("扣除客户经理成本后的价值随新增客户经理（贵宾客户经理）的变化",
                 "下图纵轴（预期价值）起点为 542万，而非零，以便显示差异。", knee,
                 "贵宾：不低于预算的 15.0%（6,750 EUR）", "demo_zh（demo.yaml、demo_zh.yaml）"):
        assert said in shown, said
