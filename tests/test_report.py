"""report.html, summary.md, plan.xlsx and the terminal summary, in English and Chinese."""

from __future__ import annotations

import re
import shutil
import string
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator import api
from allocator.report.language import MESSAGES, TERMS_ZH, Words
from allocator.sweep_run import run_sweep
from tests.builders import world
from tests.test_cli import ROOT, allocate
from tests.test_sweep import loans

CHARTS = ("tier-pyramid", "baselines", "value-components", "budget", "rm-utilization", "offer-volumes",
          "risk-caps", "tier-migration")


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, api.Run]:
    out = tmp_path_factory.mktemp("reports")
    scenario = ROOT / "scenarios" / "demo.yaml"
    return {language: api.run(scenario, sets=[f"output.language={language}"], output=out)
            for language in ("en", "zh")}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    for key, (english, chinese) in MESSAGES.items():
        assert english and chinese, key
        assert fields(english) == fields(chinese), key
        assert re.search(r"[\u4e00-\u9fff]", chinese), f"{key} has no Chinese"


def test_an_unknown_message_fails_loudly() -> None:
    with pytest.raises(KeyError):
        Words("zh")("no_such_message")


def test_report_html_is_self_contained_with_every_chart(runs: dict[str, api.Run]) -> None:
    html = (runs["en"].folder / "report.html").read_text(encoding="utf-8")
    for chart in CHARTS:
        assert f'id="{chart}"' in html, chart
    assert html.count("<svg") == len(CHARTS)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "must open offline"
    assert "<script" not in html
    for heading in ("Tiers", "Offers", "Constraints, binding flags and marginal values",
                    "What one more unit is worth"):
        assert f"<h2>{heading}</h2>" in html
    assert 'class="binding"' in html  # binding constraints are flagged
    assert "5,424,098" in html  # the demo's expected value


def test_summary_states_the_gap_beside_its_target(runs: dict[str, api.Run]) -> None:
    summary = (runs["en"].folder / "summary.md").read_text(encoding="utf-8")
    gap = runs["en"].outcome.gap
    assert gap is not None
    assert f"Gap {gap:.4%} (target 0.0100%)" in summary  # the demo's solver.gap: 1e-4


def test_same_plan_gives_the_same_report_bytes(tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "demo.yaml"
    first, second = (api.run(scenario, output=tmp_path) for _ in range(2))
    assert (first.folder / "report.html").read_bytes() == (
        second.folder / "report.html").read_bytes()


def test_chinese_report_has_no_english_labels(runs: dict[str, api.Run]) -> None:
    folder = runs["zh"].folder
    html = (folder / "report.html").read_text(encoding="utf-8")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for text in (html, summary):
        for word in ("客户分层", "预算", "预期损失", "边际价值"):
            assert word in text
        for english, _ in MESSAGES.values():
            if not fields(english) and len(english) > 8:
                assert english not in text, english
    assert "客户经理" in html and "<html lang=\"zh-CN\">" in html
    assert "Status" not in summary and "Tiers" not in html


def test_chinese_workbook_sheets_and_headers(runs: dict[str, api.Run]) -> None:
    book = load_workbook(runs["zh"].folder / "plan.xlsx")
    assert book.sheetnames == ["摘要", "客户分层", "客户经理名单", "产品推荐", "约束", "客户方案"]
    tiers = book["客户分层"]
    assert [cell.value for cell in tiers[1]][:3] == ["层级", "客户数", "已覆盖"]
    assert tiers.cell(2, 2).data_type == "n" and tiers.freeze_panes == "A2"
    assert book["约束"].cell(2, 4).value in {"≤", "≥", "="}
    # CJK headers count double when sizing columns
    assert tiers.column_dimensions["B"].width >= 2 * len("客户数")


def test_terminal_summary_in_chinese(tmp_path: Path) -> None:
    result = allocate("scenarios/demo.yaml", "--out", str(tmp_path), "--set",
                      "output.language=zh")
    assert result.returncode == 0, result.stderr
    for word in ("最优", "分层方案", "预期价值", "每增加一个单位的价值", "方案已通过独立校验"):
        assert word in result.stdout, word
    assert "Plan by tier" not in result.stdout


def test_report_of_an_infeasible_run_shows_its_diagnosis(tmp_path: Path) -> None:
    customers = [{"customer_id": c, "tier_key": 1.0} for c in ("A", "B", "C")]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10}, "base": {}}
    path = world(tmp_path, customers, rms, tiers=tiers, output={"language": "zh"})
    result = allocate(str(path))
    assert result.returncode == 1 and "不可行" in result.stderr
    assert "没有满足全部约束的方案" in result.stderr
    folder = next((tmp_path / "reports" / "world").iterdir())
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "无可行方案" in html and "需要放宽的约束" in html
    assert "客户经理工时超出容量" in html or "必选层级中未分配客户经理的客户" in html


def test_report_of_a_sweep_shows_the_frontier(tmp_path: Path) -> None:
    result = run_sweep(loans(tmp_path), ["risk.loss_cap=50,150,300,400"],
                       output=tmp_path / "reports")
    html = (result.folder / "report.html").read_text(encoding="utf-8")
    assert 'id="frontier"' in html and html.count("<svg") == 1
    assert "Efficient frontier" in html and "Points of the sweep" in html
    assert "infeasible" in html  # the point at 50 has no plan, and says so


def test_engine_terms_have_chinese() -> None:
    from allocator.backends.base import Status
    from allocator.diagnosis import PHRASES

    for phrase in (*PHRASES.values(), *PHRASES, *(s.value for s in Status)):
        assert phrase in TERMS_ZH, phrase


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_sheet_with_numbers(runs: dict[str, api.Run],
                                                    tmp_path: Path) -> None:
    book = runs["zh"].folder / "plan.xlsx"
    shutil.copy(book, tmp_path / "plan.xlsx")
    # CSV filter options: comma, quote, UTF-8, first line 1, ..., sheet -1 = every sheet
    subprocess.run(["soffice", "--headless", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,'
                    'false,-1', "plan.xlsx"], cwd=tmp_path, check=True, capture_output=True,
                   timeout=180)
    sheets = {p.stem.removeprefix("plan-"): p for p in tmp_path.glob("plan-*.csv")}
    assert set(sheets) == {"摘要", "客户分层", "客户经理名单", "产品推荐", "约束", "客户方案"}
    tiers = pd.read_csv(sheets["客户分层"])
    assert tiers["客户数"].dtype.kind in "if" and tiers["客户数"].sum() == 2_978
    plan = pd.read_csv(sheets["客户方案"])
    assert len(plan) == 2_978


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "budget [total] soft, penalized: used 50, must be ≤ 0 (off by 50)"),
    ("zh", "预算 [合计] 软约束，已计惩罚：使用 50，应 ≤ 0（偏离 50）"),
])
def test_soft_constraints_that_gave_are_reported_in_the_language(
        tmp_path: Path, language: str, expected: str) -> None:
    from tests.builders import offer

    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 0}, output={"language": language},
                 objective={"horizon_years": 1, "discount_rate": 0.0, "soft": {"budget": 0.5}})
    run = api.run(path)
    assert expected in (run.folder / "summary.md").read_text(encoding="utf-8")
    assert expected in (run.folder / "report.html").read_text(encoding="utf-8")
