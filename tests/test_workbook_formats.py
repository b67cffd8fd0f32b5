"""Number formats and words of the workbooks: values per unit keep their cents, small amounts
the cents the page shows, the customer plan the report's words."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator.report.language import Words
from allocator.report.workbook import write_workbook


def test_marginal_values_and_their_range_keep_two_decimals(tmp_path: Path) -> None:
    constraints = pd.DataFrame({"constraint": ["budget", "loss"], "limit": [45000.0, 1500.0],
                                "used": [45000.0, 1200.0], "marginal_value": [1.22, 350.0],
                                "range_low": [44000.5, 1200.0], "range_high": [46000.0, 9e9]})
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"constraints": constraints})
    sheet = load_workbook(path).worksheets[0]
    formats = {cell.value: sheet.cell(row=2, column=cell.column).number_format
               for cell in sheet[1]}
    assert formats["marginal value"] == formats["range low"] == "#,##0.00", formats
    assert formats["range high"] == "#,##0.00" and formats["limit"] == "#,##0"


def test_amounts_below_100_keep_their_cents_as_on_the_page(tmp_path: Path) -> None:
    # a tier's expected loss of 7.23 beside 898.4: the page reads 7.23 and 898
    tiers = pd.DataFrame({"tier": ["private", "mass"], "customers": [40, 2000],
                          "expected_loss": [7.23, 898.4]})
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"tiers": tiers})
    sheet = load_workbook(path).worksheets[0]
    assert [sheet.cell(row=row, column=3).number_format for row in (2, 3)] == [
        "#,##0.00", "#,##0"]
    assert sheet.cell(row=2, column=2).number_format == "#,##0"  # counts stay whole


@pytest.mark.parametrize(("language", "headers", "reason"), [
    ("en", ["customer lifetime value", "tier reason"], "assets below 50,000: mass"),
    ("zh", ["客户终身价值", "分层依据"], "资产规模低于 50,000，归入大众")])
def test_the_customer_plan_reads_in_the_report_s_words(tmp_path: Path, language: str,
                                                      headers: list[str], reason: str) -> None:
    plan = pd.DataFrame({"clv": [580.6], "tier_reason": ["aum below 50,000 -> mass"]})
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"customer plan": plan}, Words(language))  # type: ignore[arg-type]
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == headers and rows[1][1] == reason
