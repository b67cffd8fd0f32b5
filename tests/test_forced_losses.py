"""The committee paper says why it makes offers at a loss (the floor or minimum that forces
them), what each override set (the file's value and the new one), and shows numbers a reader
can use: small percentages with their digits, distinct chart ticks, 万 in Chinese, multiples
with ×."""

from __future__ import annotations

import dataclasses
from html import unescape

import numpy as np
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from allocator import api
from allocator.report import assumptions, paper, plan_tables
from allocator.report.axis_numbers import compact_ticks
from allocator.report.cell_texts import multiple_text, percent_text
from allocator.report.forced_losses import forced_losses
from allocator.report.formats import view
from allocator.report.language import Words
from tests.builders import offer, world

OVERRIDES = "cut: total budget 1,000 EUR → 900 EUR; --set: discount rate 0.0% → 5.0%"


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    """B (base tier) must spend 5% of the budget: `good` (cost 10) is not enough, so the plan
    also makes `bad` (margin 10, cost 50: worth -40) to B."""
    folder = tmp_path_factory.mktemp("forced")
    path = world(folder, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 offers={"good": offer(100, cost=10), "bad": offer(10, cost=50)},
                 budget={"total": 1000}, overrides={"cut": {"budget.total": "-10%"}})
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    scenario["tiers"]["base"]["budget_floor_share"] = 0.05
    path.write_text(yaml.safe_dump(scenario, sort_keys=False), encoding="utf-8")
    return api.run(path, sets=["objective.discount_rate=5%"], use=["cut"],
                   output=folder / "runs")


def test_offers_at_a_loss_name_the_floor_that_forces_them(run: api.Run) -> None:
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    assert ("- 1 offer is made at a loss (-40 EUR in all: bad 1) to spend the budget floor "
            "of base (45 EUR), which binds; each unit more of it would cost") in summary
    page = unescape((run.folder / "report.html").read_text(encoding="utf-8"))
    assert "to spend the budget floor of base (45 EUR)" in page.split('id="details"')[0]
    constraints = plan_tables.constraint_table(run.outcome)
    [zh] = paper.loss_lines(run.outcome, constraints, Words("zh"))
    assert zh.startswith("为花满base的预算下限（45 EUR），方案做出 1 次亏损推荐（共 -40 EUR")


def test_a_loss_goes_to_the_products_minimum_first_then_the_tiers_floor() -> None:
    offers = pd.DataFrame({"customer_id": ["A", "B", "C", "D", "E"],
                           "offer_id": ["fund", "fund", "loan", "loan", "card"],
                           "value": [-5.0, -7.0, -3.0, 12.0, -1.0]})
    tiers = pd.Series({"A": "wealth", "B": "premier", "C": "premier", "D": "premier",
                       "E": "mass"})
    constraints = pd.DataFrame({
        "constraint": ["offer_minimum", "tier_budget_floor", "tier_budget_floor", "budget"],
        "label": ["fund", "premier", "mass", "total"], "sense": ["ge", "ge", "ge", "le"],
        "limit": [2.0, 100.0, 50.0, 900.0], "binding": [True, True, False, True],
        "marginal_value": [-4.0, -0.5, 0.0, 0.1]})
    found = forced_losses(offers, tiers, constraints)
    assert [(f.constraint, f.label, len(f.offers), f.offers["value"].sum()) for f in found] == [
        ("offer_minimum", "fund", 2, -12.0), ("tier_budget_floor", "premier", 1, -3.0),
        (None, "", 1, -1.0)]  # the mass floor does not bind: its loss is put down to none
    line = paper.forced_loss_lines(found, "EUR", Words())[0]
    assert line == ("2 offers are made at a loss (-12 EUR in all: fund 2) to reach the minimum "
                    "of fund (2 offers), which binds; each unit more of it would cost 4.00.")


def test_when_every_rule_of_thumb_plan_breaks_a_limit_the_paper_says_so(run: api.Run) -> None:
    assert run.outcome.baselines is not None
    broken = run.outcome.baselines.assign(meets_every_limit=False,
                                          falls_short="tier_budget_floor [base]")
    outcome = dataclasses.replace(run.outcome, baselines=broken)
    lines = paper.against_lines(outcome, Words())
    assert lines[0].startswith("Every rule-of-thumb plan below breaks a limit "
                               "(tier budget floor [base]), so none is a like-for-like "
                               "comparison")
    assert len(lines) == len(broken) + 1
    assert all(row.highlight for row in paper.baselines_view(broken, Words()).rows)
    assert paper.against_lines(outcome, Words("zh"))[0].startswith("下列经验法则方案均违反限额")
    kept = run.outcome.baselines.assign(meets_every_limit=True)
    assert not any(row.highlight for row in paper.baselines_view(kept, Words()).rows)
    assert not paper.against_lines(dataclasses.replace(run.outcome, baselines=kept),
                                   Words())[0].startswith("Every")


def test_the_assumptions_show_what_each_override_set(run: api.Run) -> None:
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    assert f"| Overrides applied | {OVERRIDES} |" in summary
    page = unescape((run.folder / "report.html").read_text(encoding="utf-8"))
    assert f"<td>Overrides applied</td><td>{OVERRIDES}</td>" in page
    sheet = load_workbook(run.folder / "plan.xlsx")["assumptions"]
    rows = dict(sheet.iter_rows(min_row=2, values_only=True))
    assert rows["Overrides applied"] == OVERRIDES
    zh = dict(assumptions.assumption_rows(run.outcome, Words("zh"), "").to_numpy())
    assert zh["已应用的调整项"] == "cut：总预算由 1,000 EUR 改为 900 EUR；命令行调整：折现率由 0.0% 改为 5.0%"


def test_numbers_read_as_a_committee_needs_them() -> None:
    assert [percent_text(v) for v in (1e-4, 1.23e-4, 0.0, 0.08)] == [
        "0.01%", "0.012%", "0.0%", "8.0%"]
    assert percent_text(0.001, "+") == "+0.1%"
    ticks = np.array([5.415e6, 5.42e6, 5.425e6, 5.43e6])
    assert compact_ticks(ticks) == ["5.415M", "5.420M", "5.425M", "5.430M"]
    assert compact_ticks(ticks, "zh") == ["541.5万", "542.0万", "542.5万", "543.0万"]
    assert compact_ticks(np.array([0.0, 1e8, 2e8]), "zh") == ["0", "1亿", "2亿"]
    assert [multiple_text(v) for v in (684.83, 62.02, 2.548)] == ["685×", "62.0×", "2.55×"]
    frame = pd.DataFrame({"tier": ["private"], "roi": [684.83], "gap": [1e-4]})
    assert [cell.text for cell in view(frame, Words()).rows[0].cells] == [
        "private", "685×", "0.01%"]
    assert Words("zh").reason("aum >= 5e+06 -> private") == "资产规模 ≥ 5,000,000，归入私人银行"


def test_counts_in_tables_of_amounts_are_whole() -> None:
    constraints = pd.DataFrame({"constraint": ["offer_quota", "tier_loss"],
                                "limit": [90.0, 900.0], "used": [89.99999999, 899.5],
                                "marginal_value": [29.64, 0.66]})
    cells = [[cell.text for cell in row.cells] for row in view(constraints, Words()).rows]
    assert cells == [["offer quota", "90", "90", "29.64"], ["tier loss concentration", "900", "900", "0.66"]]
    kpis = pd.DataFrame({"kpi": ["rms", "rm_moves", "spend"], "A": [12.0, np.nan, 40.5],
                         "B": [13.0, np.nan, 45.25], "delta": [1.0, 56.0, 4.75]})
    cells = [[cell.text for cell in row.cells] for row in view(kpis, Words()).rows]
    assert cells == [["number of RMs", "12", "13", "1"], ["customers whose RM changed", "", "", "56"],
                     ["spend", "40.50", "45.25", "4.75"]]
