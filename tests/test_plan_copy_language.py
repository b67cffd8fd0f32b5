"""customer_plan.csv, the plan's copy for people, says each tier reason in the run's
language, as plan.xlsx does (before, a Chinese run's CSV read "aum below 50,000 -> mass");
the Parquet plan keeps the engine's words for code, and verify holds the CSV to either (a
run written before kept them in the CSV too)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from allocator import api
from tests.builders import reseal

CODES = ("customer_id", "tier", "region", "rm_id", "incumbent_rm", "offers", "package")
"""The columns that hold ids and codes, which stay as the data writes them."""
ENGLISH = re.compile(r"[A-Za-z]{2,}")


def test_a_chinese_runs_csv_plan_has_no_english_words(demo_zh_run: api.Run) -> None:
    plan = pd.read_csv(demo_zh_run.folder / "customer_plan.csv", dtype=str,
                       keep_default_na=False)
    texts = [name for name in plan.columns if name not in CODES
             and pd.to_numeric(plan[name], errors="coerce").isna().any()]
    assert texts == ["tier_reason"]
    for name in texts:
        english = plan.loc[plan[name].str.contains(ENGLISH), name].unique()
        assert len(english) == 0, english[:3]
    reasons = set(plan["tier_reason"])
    assert "资产规模低于 50,000，归入大众" in reasons
    assert "保留在贵宾：资产规模 ≥ 45,000（门槛减去 10% 的缓冲带）" in reasons


def test_the_csv_says_what_the_workbook_says(demo_zh_run: api.Run) -> None:
    plan = pd.read_csv(demo_zh_run.folder / "customer_plan.csv", dtype=str)
    sheet = load_workbook(demo_zh_run.folder / "plan.xlsx", read_only=True)["客户方案"]
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows))
    shown = [row[header.index("分层依据")] for row, _ in zip(rows, range(50), strict=False)]
    assert shown == plan["tier_reason"].head(len(shown)).tolist()
    parquet = pd.read_parquet(demo_zh_run.folder / "customer_plan.parquet")
    assert parquet["tier_reason"].iloc[0] == "aum below 50,000 -> mass"  # for code


def test_verify_holds_the_csv_to_the_plan_in_either_words(demo_zh_run: api.Run,
                                                          tmp_path: Path) -> None:
    assert api.verify_run(demo_zh_run.folder).ok
    before = Path(shutil.copytree(demo_zh_run.folder, tmp_path / "before"))
    plan = pd.read_parquet(before / "customer_plan.parquet")
    plan.to_csv(before / "customer_plan.csv", index=False)  # as a run before wrote it
    reseal(before)
    assert api.verify_run(before).ok, api.verify_run(before).violations
    edited = Path(shutil.copytree(demo_zh_run.folder, tmp_path / "edited"))
    copy = pd.read_csv(edited / "customer_plan.csv", dtype=str, keep_default_na=False)
    copy.loc[0, "tier_reason"] = "资产规模低于 50,000，归入贵宾"
    copy.to_csv(edited / "customer_plan.csv", index=False)
    reseal(edited)
    found = [v.detail for v in api.verify_run(edited).violations
             if v.label == "customer_plan.csv"]
    assert found == [f"列“tier_reason”与 customer_plan.parquet 不同，涉及 1 位客户："
                     f"{copy.loc[0, 'customer_id']}"], found
