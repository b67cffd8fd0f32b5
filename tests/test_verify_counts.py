"""verify names the first few of many differing customers, rows, cells or ids, and says how
many more there are (in English and Chinese): a reader takes a list that does not say it is
cut for the whole of it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator import api
from allocator.checks.ledger import Ledger, merged
from allocator.checks.tiers import tier_differences
from allocator.errors import speak
from allocator.report.language import Words
from allocator.report.violation_words import violation_detail
from allocator.table_check import Derived, table_difference
from tests.builders import reseal, world

SEVEN = [f"C{n}" for n in range(1, 8)]


def test_a_broken_limit_names_five_customers_and_counts_the_rest() -> None:
    ledger = Ledger(soft={})
    ledger.limit("coverage", "coverage_mandatory", "covered", "eq", 7.0, 0.0, who=SEVEN)
    [breach] = ledger.breaches()
    assert (breach.count, breach.examples) == (7, tuple(SEVEN[:5]))
    assert breach.detail.endswith("(e.g. C1, C2, C3, C4, C5 (and 2 more))")
    assert violation_detail(breach, Words()).endswith("(e.g. C1, C2, C3, C4, C5 (and 2 more))")
    assert violation_detail(breach, Words("zh")).endswith("（例如 C1，C2，C3，C4，C5（另有 2 项））")


def test_a_book_in_parts_counts_the_customers_of_every_part() -> None:
    parts = [Ledger(soft={}), Ledger(soft={})]
    for ledger, who in zip(parts, (SEVEN[:4], SEVEN[4:]), strict=True):
        ledger.limit("coverage", "coverage_mandatory", "covered", "eq", float(len(who)), 0.0,
                     who=who)
    [breach] = merged(parts).breaches()
    assert (breach.count, breach.examples) == (7, tuple(SEVEN[:5]))
    assert "(and 2 more)" in violation_detail(breach, Words())


def test_a_broken_rule_counts_the_rows_it_does_not_name() -> None:
    ledger = Ledger(soft={})
    ledger.rule("contact", "do not contact", pd.Series([True] * 7), pd.Series(SEVEN),
                "offers go to do-not-contact customers")
    [rule] = ledger.violations
    assert violation_detail(rule, Words()) == (
        "7 offers go to do-not-contact customers (e.g. C1, C2, C3, C4, C5 (and 2 more))")
    assert violation_detail(rule, Words("zh")) == (
        "共 7 次推荐发给了免打扰客户（例如 C1，C2，C3，C4，C5（另有 2 项））")


def test_tiers_unlike_the_raw_datas_are_counted() -> None:
    saved = pd.DataFrame({"customer_id": SEVEN, "tier": ["top"] * 7})
    [differ] = tier_differences(saved, saved.assign(tier="base"), "customer_plan.parquet")
    assert differ.detail.endswith("C5 (top → base) (and 2 more))")
    assert violation_detail(differ, Words("zh")).startswith(
        "customer_plan.parquet 中有 7 位客户的层级与按原始数据重新计算的层级不同")
    [one] = tier_differences(saved.head(1), saved.head(1).assign(tier="base"), "plan.csv")
    assert violation_detail(one, Words()) == ("1 customer's tier in plan.csv is not the one "
                                              "recomputed from the raw data (saved → recomputed)"
                                              " (e.g. C1 (top → base))")
    [missing] = tier_differences(saved.head(0), saved.head(2), "plan.csv")
    assert violation_detail(missing, Words("zh")) == (
        "原始数据中有 2 位客户不在 plan.csv 中（例如 C1，C2）")


def _derived() -> Derived:
    return Derived("rm_books.csv", pd.DataFrame({"rm_id": SEVEN, "hours": [1.0] * 7}),
                   ("rm_id",))


CELLS = {"en": ("line 5 (rm_id C4), column 'hours'; line 6 (rm_id C5), column 'hours' "
                "(and 2 more) differ from what customer_plan.parquet"),
         "zh": "第 6 行（rm_id C5）的“hours”列（另有 2 个）与 customer_plan.parquet"}
ROWS = {"en": ("missing: rm_id C1, C2, C3, C4, C5 (and 2 more)",
               "not in the plan: rm_id X1, X2, X3, X4, X5 (and 2 more)"),
        "zh": ("缺少：rm_id C1, C2, C3, C4, C5（另有 2 个）",
               "不在方案中：rm_id X1, X2, X3, X4, X5（另有 2 个）")}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_tables_differing_cells_and_rows_are_counted(language: str) -> None:
    speak(language)
    derived = _derived()
    cells = table_difference(derived, derived.table.assign(hours=2.0))
    assert cells is not None and CELLS[language] in cells, cells
    missing, extra = ROWS[language]
    rows = table_difference(derived, derived.table.iloc[:0])
    assert rows is not None and rows.endswith(missing), rows
    others = derived.table.assign(rm_id=[f"X{n}" for n in range(1, 8)])
    rows = table_difference(derived, pd.concat([derived.table, others]))
    assert rows is not None and rows.endswith(extra), rows


@pytest.fixture(scope="module", params=["en", "zh"])
def planned(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
            ) -> tuple[Path, str]:
    """A run of seven customers in the parameter's language (tests edit copies)."""
    path = world(tmp_path_factory.mktemp("book"), [{"customer_id": i} for i in SEVEN],
                 output={"language": request.param})
    return api.run(path).folder, request.param


COPIES = {"en": ("column 'tier_reason' differs from customer_plan.parquet for 7 customers: "
                 "C1, C2, C3, C4, C5 (and 2 more)",
                 "row 6 (customer_id C5), column C 'tier reason' (and 2 more) differ from "
                 "what the run wrote"),
          "zh": ("列“tier_reason”与 customer_plan.parquet 不同，涉及 7 位客户："
                 "C1、C2、C3、C4、C5（另有 2 个）",
                 "第 6 行（customer_id C5）第 C 列“分层依据”（另有 2 个）与运行写出的内容不同")}


def test_a_plans_copies_name_five_customers_and_count_the_rest(planned: tuple[Path, str],
                                                                tmp_path: Path) -> None:
    """The plan edited for all seven customers, resealed: the CSV copy and plan.xlsx's
    customer sheet each name five of them and say how many more differ."""
    run, language = planned
    folder = Path(shutil.copytree(run, tmp_path / "run"))
    path = folder / "customer_plan.parquet"
    pd.read_parquet(path).assign(tier_reason="edited").to_parquet(path, index=False)
    reseal(folder)
    found = api.verify_run(folder).violations
    copy, sheet = COPIES[language]
    assert [v.detail for v in found if v.label == "customer_plan.csv"] == [copy], found
    assert any(v.label == "plan.xlsx" and sheet in v.detail for v in found), found


def test_a_copy_with_a_repeated_row_is_told_in_the_language_asked(planned: tuple[Path, str],
                                                                   tmp_path: Path) -> None:
    """customer_plan.csv with its last row written twice, resealed: verify tells it in the
    language asked, whatever the run's."""
    run, language = planned
    folder = Path(shutil.copytree(run, tmp_path / "run"))
    path = folder / "customer_plan.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[-1]]), encoding="utf-8")
    reseal(folder)
    asked = "en" if language == "zh" else "zh"
    speak(asked, pin=True)
    [found] = [v.detail for v in api.verify_run(folder).violations
               if v.label == "customer_plan.csv"]
    assert found == {"zh": "共 8 行，而 customer_plan.parquet 有 7 行；第一处不同在第 9 行"
                           "（客户 C7，计划中为 —）",
                     "en": "it holds 8 rows where customer_plan.parquet holds 7; the first "
                           "that differs is line 9 (customer C7, where the plan has —)"}[asked]


SUMMARY = {"en": r" \(and \d+ more\) differ from the manifest and the checker's recomputation",
           "zh": r"（另有 \d+ 个）与清单及校验器重新计算的结果不同"}


def test_a_summary_sheets_differing_rows_are_counted(planned: tuple[Path, str],
                                                    tmp_path: Path) -> None:
    """Every figure of plan.xlsx's summary sheet edited, resealed: five rows are named and
    the rest counted."""
    run, language = planned
    folder = Path(shutil.copytree(run, tmp_path / "run"))
    book = load_workbook(folder / "plan.xlsx")
    sheet = book[Words(language).term("summary")[:31]]
    for row in sheet.iter_rows(min_row=2):
        if isinstance(row[1].value, int | float):
            row[1].value += 1
    book.save(folder / "plan.xlsx")
    reseal(folder)
    found = [v.detail for v in api.verify_run(folder).violations if v.label == "plan.xlsx"]
    assert any(re.search(SUMMARY[language], d) for d in found), found
