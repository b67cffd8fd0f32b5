"""A book without RMs (a campaign book: every tier uncovered) reads as one: summary.md and
report.html say nothing of RM coverage, RM books or RM utilization, and a book of one tier
draws no tier migration; a book with RMs keeps every RM line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from allocator import api
from tests.builders import offer, world
from tests.test_zh_everywhere import allocate

CUSTOMERS = [{"customer_id": "A", "tier_key": 2.0, "p": 1.0},
             {"customer_id": "B", "tier_key": 0.0, "p": 0.5}]
OFFERS = {"dep": offer(10.0, propensity_column="p"),
          "card": offer(6.0, cost=1.0, channel="sms", product="card", propensity_column="p")}
RM_WORDS = ("RM coverage:", "RM books against today", "has an RM", "kept for RM coverage",
            "RM utilization", "RM coverage is worth", "The value of RM coverage", "rows per RM",
            "each grade's RM hours")
RM_WORDS_ZH = ("客户经理覆盖：", "与现有客户经理名单相比", "必选层级的每位客户均已配备客户经理", "保留客户经理覆盖",
               "客户经理利用率", "客户经理覆盖的价值", "按客户经理的行", "各职级客户经理工时")


def one_tier_book(folder: Path) -> Path:
    """The customers and offers in a single tier no RM covers."""
    path = world(folder, CUSTOMERS, offers=OFFERS)
    scenario = yaml.safe_load(path.read_text())
    scenario["tiering"]["thresholds"] = {}
    scenario["tiers"] = {"all": {"coverage": "none", "max_offers": 2}}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_book_without_rms_says_nothing_of_rms(tmp_path: Path, language: str) -> None:
    run = api.run(one_tier_book(tmp_path), sets=[f"output.language={language}"],
                  output=tmp_path / "reports")
    summary = (run.folder / "summary.md").read_text()
    html = (run.folder / "report.html").read_text()
    for said in (*RM_WORDS, *RM_WORDS_ZH):
        assert said not in summary and said not in html, said
    assert 'id="rm-utilization"' not in html and 'id="tier-migration"' not in html
    assert 'id="tier-pyramid"' in html


def test_a_book_with_rms_keeps_every_rm_line(tmp_path: Path) -> None:
    run = api.run(world(tmp_path, CUSTOMERS, offers=OFFERS), output=tmp_path / "reports")
    summary = (run.folder / "summary.md").read_text()
    html = (run.folder / "report.html").read_text()
    for said in RM_WORDS[:3]:
        assert said in summary, said
    assert 'id="rm-utilization"' in html and 'id="tier-migration"' in html


def test_the_terminal_says_nothing_of_rms_for_a_book_without_them(tmp_path: Path) -> None:
    result = allocate(str(one_tier_book(tmp_path)), "--out", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.stderr
    told = " ".join(result.stdout.split())
    for said in ("rows per RM", "each grade's RM hours", "RM coverage"):
        assert said not in told, said
    assert " covered " not in told  # no column of customers with an RM


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_book_without_rms_has_no_rm_sections_nor_a_plan_keeping_rm_books(
        tmp_path: Path, language: str) -> None:
    """No appendix section about RMs (coverage, RM offers need an RM), no rule-of-thumb plan
    that keeps today's RM books, no coverage figures in plan.xlsx, none in the terminal."""
    result = allocate(str(one_tier_book(tmp_path)), "--out", str(tmp_path / "reports"),
                      "--set", f"output.language={language}")
    assert result.exit_code == 0, result.stderr
    folder = next((tmp_path / "reports").glob("*/*"))
    baselines = pd.read_csv(folder / "baselines.csv")
    assert baselines["baseline"].tolist() == ["tier_greedy", "equal_split"]
    html = (folder / "report.html").read_text()
    summary = (folder / "summary.md").read_text()
    appendix = html[html.index('id="appendix"'):]
    for said in ("today's RM books kept", "维持现有客户经理名单方案", "Against today's plan",
                 "与现行方案"):
        assert said not in html and said not in summary and said not in result.stdout
    for heading in ("coverage", "RM offers need an RM", "客户经理覆盖", "客户经理推荐需有客户经理"):
        assert f"<h3>{heading}</h3>" not in appendix, heading
    assert "<h3>" in appendix  # the families that apply are still there
    assert "per RM" not in appendix and "按客户经理" not in appendix
    items = pd.read_excel(folder / "plan.xlsx", sheet_name=None)
    summary_sheet = next(iter(items.values()))
    said = " ".join(str(v) for v in summary_sheet.iloc[:, 0])
    for item in ("customers with an RM", "of them with an RM", "配备客户经理的客户"):
        assert item not in said, item
