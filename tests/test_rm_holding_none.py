"""An RM that can hold no customer (0 capacity hours, a max_book of 0) has a price per hour
of a limit no plan can use: one more RM hour is never "worth most" there, and a grade's price
range leaves it out, in the terminal, summary.md (en and zh), explain and the table check."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.explain import Money, rm_reasons, shown_rms
from allocator.keepable import can_hold
from allocator.report.drivers import grade_price_text
from allocator.report.language import Words
from allocator.report.plan_tables import Priced, unit_prices
from tests.test_keepable import book


def allocate(*args: str) -> subprocess.CompletedProcess[str]:
    """The CLI, its terminal wide enough that no table cell wraps."""
    command = [sys.executable, "-c", "from allocator.cli.app import main; main()", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "COLUMNS": "250"})


def planned(folder: Path, *sets: str) -> tuple[str, Path]:
    """The terminal text and run folder of the book whose RM A has 0 hours (its hour priced
    1.00 by the LP: the continuity bonus its four customers lose) and B room for all."""
    result = allocate(str(book(folder, {"capacity_hours": 0})), *sets)
    assert result.returncode == 0, result.stderr
    [run] = (folder / "reports" / "world").iterdir()
    return result.stdout, run


@pytest.fixture(scope="module", params=["exact", "decomposition"])
def runs(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
         ) -> dict[str, tuple[str, Path]]:
    method = f"solver.method={request.param}"
    return {language: planned(tmp_path_factory.mktemp(language), "--set", method, "--set",
                              f"output.language={language}") for language in ("en", "zh")}


def grade_line(text: str, start: str) -> str:
    [line] = [line for line in text.splitlines() if line.strip().startswith(start)]
    return line


def test_one_more_hour_is_never_worth_most_at_an_rm_of_no_hours(
        runs: dict[str, tuple[str, Path]]) -> None:
    terminal, folder = runs["en"]
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for text in (terminal, summary):
        assert "one more RM hour (RM, worth most at B)" in text
        assert "worth most at A" not in text
    assert "| one more RM hour (RM, worth most at B) | 0.00 EUR per RM hour |" in summary
    for text in (terminal, summary):
        line = grade_line(text, "- RM hours RM:")
        assert "100 hours of 1 RMs, 0.00 EUR per RM hour" in line, line
        assert "1.00" not in line and "binding" not in line, line


def test_in_chinese_too(runs: dict[str, tuple[str, Path]]) -> None:
    terminal, folder = runs["zh"]
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for text in (terminal, summary):
        assert "价值最高处 B" in text and "价值最高处 A" not in text
        line = grade_line(text, "- 客户经理工时 客户经理：")
        assert "1 名客户经理共 100 工时" in line and "1.00" not in line, line


def test_the_runs_pass_verify(runs: dict[str, tuple[str, Path]]) -> None:
    for _, folder in runs.values():
        result = allocate("verify", str(folder))
        assert result.returncode == 0, result.stdout + result.stderr


RMS = pd.DataFrame({"rm_id": ["A", "B", "C", "D"], "grade": "rm",
                    "capacity_hours": [0.0, 100.0, 100.0, 100.0],
                    "max_book": [10, 0, np.nan, 1]})


def test_an_rm_holds_a_customer_with_hours_and_a_book_of_one() -> None:
    assert can_hold(RMS).to_dict() == {"A": False, "B": False, "C": True, "D": True}
    assert can_hold(RMS.drop(columns="max_book")).to_dict() == {
        "A": False, "B": True, "C": True, "D": True}


def test_a_grade_whose_rms_hold_none_is_not_priced() -> None:
    rows = pd.DataFrame({"constraint": "rm_capacity", "label": ["A", "B"],
                         "limit": [0.0, 100.0], "marginal_value": [841.0, 5.0]})
    assert grade_price_text(rows, RMS, "EUR", Words()) == "not priced (limit 100)"
    assert grade_price_text(rows, RMS, "EUR", Words("zh")) == "未定价（限额 100）"
    priced = Priced({("rm_capacity", "A"): 841.0, ("rm_capacity", "B"): 5.0}, {}, ())
    assert unit_prices(priced, RMS.iloc[:2], "EUR", Words()).empty
    kept = unit_prices(Priced({**priced.prices, ("rm_capacity", "C"): 2.0}, {}, ()), RMS,
                       "EUR", Words())
    assert kept["marginal"].tolist() == ["one more RM hour (RM, worth most at C)"]
    assert kept["value"].tolist() == [2.0]


def test_explain_does_not_price_an_hour_of_an_rm_that_holds_none() -> None:
    rms = pd.DataFrame({"rm_id": ["A", "C"], "grade": "rm", "utilization": [0.0, 0.5],
                        "hour_marginal_value": [np.nan, 2.0],
                        "value_net_of_hours": [np.nan, 30.0]})
    assert shown_rms(rms, "EUR", Words())["hour_marginal_value"].tolist() == [
        "not priced: holds no customer", "2.00 EUR per RM hour"]
    assert shown_rms(rms, "EUR", Words("zh"))["hour_marginal_value"].tolist()[0] == (
        "未定价：无法承接客户")
    [said] = rm_reasons(rms, "A", "C", Money(5.0, "EUR"), Words())
    assert said.startswith("left the incumbent RM A for C: A can hold no customer"), said
    [zh] = rm_reasons(rms, "A", "C", Money(5.0, "EUR"), Words("zh"))
    assert "A 无法承接任何客户" in zh, zh
