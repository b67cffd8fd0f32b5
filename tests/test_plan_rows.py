"""Each customer of the book is on exactly one row of the customer plan: verify names a
customer the plan file repeats (with its rows), one of the book it leaves out and a row of a
customer the book does not hold, in English and Chinese, as a hard violation, each once (not
again as an assignment on two rows or a tier missing); the checker given a plan that assigns a
customer twice in memory fails it too."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.checks import verify_plan
from allocator.checks.plan_rows import customer_rows
from allocator.report.language import Words
from allocator.report.violation_words import violation_detail
from allocator.run_folder import load_run
from tests.builders import reseal, two_customers


def book(*ids: str) -> pd.DataFrame:
    return pd.DataFrame({"customer_id": list(ids)})


def said(frame: pd.DataFrame, known: pd.DataFrame) -> list[tuple[str, str]]:
    """Each violation of the plan rows, in English and in Chinese."""
    found = customer_rows(frame, known, "customer_plan.parquet")
    assert all(not v.soft and v.constraint == "customer_rows" for v in found)
    return [(violation_detail(v, Words("en")), violation_detail(v, Words("zh"))) for v in found]


def test_a_repeated_customer_is_named_with_its_rows() -> None:
    plan = book("C1", "C2", "C3", "C2")
    [(english, chinese)] = said(plan, book("C1", "C2", "C3"))
    assert english.startswith("customer_plan.parquet: customer C2 appears on 2 rows (2, 4) "
                              "(customers on more than one row: 1)")
    assert "客户 C2 出现在 2 行（第 2、4 行）" in chinese and "customer_plan.parquet" in chinese


def test_many_repeated_customers_are_named_to_the_first_five_and_counted() -> None:
    ids = [f"C{i}" for i in range(8)]
    [(english, chinese)] = said(book(*ids, *ids), book(*ids))
    assert "customer C4 appears on 2 rows (5, 13)" in english
    assert "C5 appears" not in english and "(and 3 more)" in english
    assert "customers on more than one row: 8" in english
    assert "客户 C4 出现在 2 行（第 5、13 行）" in chinese and "C5" not in chinese


def test_a_missing_customer_and_a_stranger_are_named() -> None:
    found = said(book("C1", "X9"), book("C1", "C2"))
    assert [english for english, _ in found] == [
        "customer_plan.parquet: customers of the book on no row: 1 (C2); the plan holds each "
        "customer of the book on exactly one row: run the scenario again to write the plan "
        "afresh",
        "customer_plan.parquet: customer X9 on row 2 (rows of customers the book does not "
        "hold: 1); run the scenario again to write the plan afresh"]
    assert "没有对应行的客户：1 位（C2）" in found[0][1]
    assert "第 2 行的客户 X9" in found[1][1]


def test_a_plan_of_each_customer_once_has_no_finding() -> None:
    assert customer_rows(book("C2", "C1"), book("C1", "C2"), "customer_plan.parquet") == []


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    """The module's run of two customers (planned once; tests edit copies)."""
    folder = tmp_path_factory.mktemp("plan_rows")
    return api.run(two_customers(folder / "world"), output=folder / "reports")


def test_verify_names_a_customer_the_plan_file_repeats(run: api.Run, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(run.folder, tmp_path / "copy"))
    plan = pd.read_parquet(folder / "customer_plan.parquet")
    alone = plan.index[plan["rm_id"].isna()][0]  # a customer without an RM: in no assignment
    customer = str(plan.at[alone, "customer_id"])
    plan = pd.concat([plan, plan.loc[[alone]]], ignore_index=True)
    plan.to_parquet(folder / "customer_plan.parquet", index=False)
    plan.to_csv(folder / "customer_plan.csv", index=False)
    reseal(folder)
    report = api.verify_run(folder)
    assert not report.ok
    [found] = [v for v in report.hard_violations if v.constraint == "customer_rows"]
    english = violation_detail(found, Words("en"))
    assert english.startswith(f"customer_plan.parquet: customer {customer} appears on 2 rows "
                              f"({alone + 1}, {len(plan)})")
    assert f"客户 {customer} 出现在 2 行（第 {alone + 1}、{len(plan)} 行）" in violation_detail(
        found, Words("zh"))
    assert Words("zh").term("customer_rows") == "客户方案的行"


def test_the_checker_fails_a_plan_that_assigns_a_customer_twice(run: api.Run) -> None:
    inputs, plan, claimed = load_run(run.folder)
    assert verify_plan(inputs, plan, claimed).ok
    twice = plan.assignments.iloc[[0, 0]].reset_index(drop=True)
    repeated = type(plan)(pd.concat([plan.assignments, twice.iloc[[0]]], ignore_index=True),
                          plan.offers, plan.packages)
    report = verify_plan(inputs, repeated)
    assert not report.ok
    [found] = [v for v in report.hard_violations if v.constraint == "customer_rows"]
    assert found.examples == (str(twice.at[0, "customer_id"]),)
    assert violation_detail(found, Words("zh")).startswith("共 1 位客户的客户经理分配出现在不止一行")


EDITS = {"repeat": lambda plan: pd.concat([plan, plan[plan["customer_id"] == "A"]]),
         "delete": lambda plan: plan[plan["customer_id"] != "B"],
         "stranger": lambda plan: pd.concat([plan, plan[plan["customer_id"] == "B"].assign(
             customer_id="X9", rm_id=None)])}
"""Edits of the plan of two_customers (A of the top tier with an RM, B of the base tier): A's
row repeated, B's deleted, a row of a customer the book does not hold."""


def plan_findings(run: api.Run, tmp_path: Path, edit: str) -> list[tuple[str, str]]:
    """verify's findings of a copy of the run folder whose plan (the Parquet plan and its CSV
    alike, resealed) has the edit made, but those of its other files (which the plan's rows
    feed), in English and Chinese."""
    folder = Path(shutil.copytree(run.folder, tmp_path / edit))
    plan = EDITS[edit](pd.read_parquet(folder / "customer_plan.parquet"))
    plan.to_parquet(folder / "customer_plan.parquet", index=False)
    plan.to_csv(folder / "customer_plan.csv", index=False)
    reseal(folder)
    report = api.verify_run(folder)
    return [(violation_detail(v, Words("en")), violation_detail(v, Words("zh")))
            for v in report.hard_violations if v.family != "files"]


def test_a_repeated_customer_with_an_rm_is_named_once_with_its_rows(
        run: api.Run, tmp_path: Path) -> None:
    [(english, chinese)] = plan_findings(run, tmp_path, "repeat")  # not as an assignment too
    assert english.startswith("customer_plan.parquet: customer A appears on 2 rows (1, 3) "
                              "(customers on more than one row: 1)"), english
    assert chinese.startswith("customer_plan.parquet：客户 A 出现在 2 行（第 1、3 行）"), chinese


def test_a_customer_whose_row_is_deleted_is_named_once_with_what_to_do(
        run: api.Run, tmp_path: Path) -> None:
    [(english, chinese)] = plan_findings(run, tmp_path, "delete")  # not as a tier missing too
    assert english == ("customer_plan.parquet: customers of the book on no row: 1 (B); the "
                       "plan holds each customer of the book on exactly one row: run the "
                       "scenario again to write the plan afresh")
    assert chinese.startswith("customer_plan.parquet：客户群中没有对应行的客户：1 位（B）"), chinese


def test_a_row_of_a_customer_the_book_does_not_hold_is_named_once(
        run: api.Run, tmp_path: Path) -> None:
    [(english, chinese)] = plan_findings(run, tmp_path, "stranger")  # not as a tier too
    assert english.startswith("customer_plan.parquet: customer X9 on row 3 (rows of customers "
                              "the book does not hold: 1)"), english
    assert "第 3 行的客户 X9" in chinese, chinese
