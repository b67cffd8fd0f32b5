"""A Chinese calendar run's `allocate explain` tells the customer's timeline in Chinese: each
activity's day, channel, offer and rule, and why it was blocked, with no English word."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from allocator import html_check, run_contents, table_check, workbook_check
from allocator.report import run_files, workbook
from allocator.report.language import Words
from tests.builders import world
from tests.test_calendar import CUSTOMERS, OFFERS, RULES, TIERS
from tests.test_rm_month_hours import hours_world, rm
from tests.test_zh_everywhere import allocate, english_words, folder_in

ACTIVITIES = {
    "deposit_mail": {"offer": "dep", "day": 10},
    "loan_call_spring": {"offer": "loan", "day": 20},
    "card_text": {"offer": "card", "day": 15},
    "loan_call_summer": {"offer": "loan", "day": 60, "cost": 3.0},
}
NAMES = {
    "tiers": {"top": "高端", "base": "基础"},
    "offers": {"dep": "存款", "loan": "贷款", "card": "信用卡"},
    "calendar": {"deposit_mail": "存款邮件", "loan_call_spring": "春季贷款电话",
                 "card_text": "信用卡短信", "loan_call_summer": "夏季贷款电话",
                 "two_by_day_60": "前六十天两次", "calls": "电话间隔"},
}


CHINESE_THEN_ASCII_MARK = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef“”] ?[:;,!?()\[\]]")
"""A Chinese character or mark followed by an ASCII mark, where Chinese writes its own (：)."""


def chinese_calendar(folder: Path) -> Path:
    """The tiny calendar, every tier, offer, activity and rule named in Chinese, in a Chinese
    run."""
    labels = {kind: {key: {"zh": name} for key, name in names.items()}
              for kind, names in NAMES.items()}
    return world(folder, CUSTOMERS, offers=OFFERS, tiers=TIERS, labels=labels,
                 calendar={"horizon": 120, "activities": ACTIVITIES, **RULES},
                 tiering={"method": "thresholds", "metric": "aum", "thresholds": {"top": 1.0}},
                 output={"dir": str(folder / "reports"), "language": "zh",
                         "baselines": False, "steps": False})


def test_explain_tells_a_chinese_calendar_run_s_timeline_in_chinese(tmp_path: Path) -> None:
    ran = allocate("run", str(chinese_calendar(tmp_path)))
    assert ran.exit_code == 0, ran.output
    plan = pd.read_csv(folder_in(ran.output) / "customer_plan.csv", dtype=str)
    assert plan.set_index("customer_id").loc["A", "schedule"] == (  # in the run's language
        "第 10 天，电子邮件：存款（存款邮件）；第 20 天，呼叫中心：贷款（春季贷款电话）")
    explained = allocate("explain", str(folder_in(ran.output)), "A")
    assert explained.exit_code == 0, explained.output
    timeline = explained.output[explained.output.index("营销日历"):]
    told = " ".join(line.strip() for line in timeline.splitlines()[1:])  # lines fold at 80
    lines = [line.strip() for line in re.split(r"(?=第 \d+ 天，)", told) if line.strip()]
    assert len(lines) == 4 and all(re.search(r"[\u4e00-\u9fff]", line) for line in lines)
    assert lines[0] == "第 10 天，电子邮件：存款（存款邮件）：已接触"
    assert "前六十天两次" in lines[1] and "电话间隔" in lines[-1]
    assert not english_words(explained.output), explained.output


def test_explain_tells_a_full_rm_month_in_chinese(tmp_path: Path) -> None:
    path = hours_world(tmp_path, [rm("R1")])
    scenario = yaml.safe_load(path.read_text())
    scenario["output"] |= {"language": "zh", "baselines": False, "steps": False}
    scenario["tiering"] |= {"metric": "aum", "thresholds": {"top": 0.0}}  # a named column
    scenario["labels"] = {"tiers": {"top": {"zh": "高端"}, "base": {"zh": "基础"}},
                          "offers": {"advice": {"zh": "投资建议"}, "check": {"zh": "回访"}},
                          "calendar": {"review": {"zh": "年度检视"}, "follow_up": {"zh": "跟进"}}}
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False))
    ran = allocate("run", str(path))
    assert ran.exit_code == 0, ran.output
    explained = allocate("explain", str(folder_in(ran.output)), "C")
    assert explained.exit_code == 0, explained.output
    told = "".join(explained.output[explained.output.index("营销日历"):].split())
    assert "受限：客户经理R1在第1–30天的工时已用完（已用1.5，上限2.0）" in told, told  # wrapped
    assert not english_words(explained.output) - {"C"}, explained.output  # C: the customer


def test_a_sheet_too_long_for_the_workbook_names_its_files_in_chinese(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the rows a sheet holds, the customer plan's and the contacts' sheets of a Chinese
    run count them and name the files that hold them in Chinese punctuation (before:
    "2 客户数: customer_plan.parquet (customer_plan.csv)"); verify writes them alike."""
    for module in (workbook, run_files, table_check, html_check, workbook_check):
        monkeypatch.setattr(module, "SHEET_ROWS", 1)
    ran = allocate("run", str(chinese_calendar(tmp_path)))
    assert ran.exit_code == 0, ran.output
    run = folder_in(ran.output)
    book = load_workbook(run / "plan.xlsx", read_only=True)
    assert [row for row in book["客户方案"].iter_rows(values_only=True)] == [
        ("2 位客户：customer_plan.parquet（customer_plan.csv）",)]
    contacts = len(pd.read_csv(run / "offer_plan.csv"))
    assert [row for row in book["接触明细"].iter_rows(values_only=True)] == [
        (f"{contacts} 次接触：offer_plan.csv",)]
    marks = [text for sheet in book for row in sheet.iter_rows(values_only=True)
             for text in row if isinstance(text, str) and CHINESE_THEN_ASCII_MARK.search(text)]
    assert not marks, marks
    verified = allocate("verify", str(run))
    assert verified.exit_code == 0, verified.output


def test_a_customer_plan_past_its_csv_s_size_names_only_the_parquet_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Past CSV_PLAN_LIMIT customers no customer_plan.csv is written: the sheet names only the
    file that holds the plan (before: customer_plan.csv too); verify finds it so."""
    for module in (workbook, run_files, table_check, html_check, workbook_check):
        monkeypatch.setattr(module, "SHEET_ROWS", 1)
    for module in (workbook, run_files, run_contents):
        monkeypatch.setattr(module, "CSV_PLAN_LIMIT", 1)
    ran = allocate("run", str(chinese_calendar(tmp_path)))
    assert ran.exit_code == 0, ran.output
    run = folder_in(ran.output)
    assert not (run / "customer_plan.csv").exists()
    book = load_workbook(run / "plan.xlsx", read_only=True)
    assert [row for row in book["客户方案"].iter_rows(values_only=True)] == [
        ("2 位客户：customer_plan.parquet",)]
    verified = allocate("verify", str(run))
    assert verified.exit_code == 0, verified.output
    assert workbook.pointed_to("customer plan", 300_000, Words()) == (
        "300,000 customers: customer_plan.parquet")
