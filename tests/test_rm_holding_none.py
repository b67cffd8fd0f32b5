"""An RM that can hold no customer (0 capacity hours, a max_book of 0) has a price per hour
of a limit no plan can use: one more RM hour is never "worth most" there, a grade's price range
and the drivers' rows by grade and region leave it out, in the terminal, summary.md, report.html
and the workbook (en and zh), explain and the checks."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import Result

from allocator.driver_ranking import drivers
from allocator.explain import Money, rm_reasons, shown_rms
from allocator.keepable import can_hold
from allocator.report.language import Words
from allocator.report.paper import grouped_constraints
from allocator.report.plan_tables import Priced, unit_prices
from allocator.report.price_words import grade_price_text
from allocator.report.quantities import with_units
from allocator.rm_rows import holding_none
from allocator.sensitivity import Step
from tests import test_zh_everywhere as zh_everywhere
from tests.test_keepable import book


def allocate(*args: str) -> Result:
    """The CLI, its terminal wide enough that no table cell wraps."""
    return zh_everywhere.allocate(*args, width=250)


def planned(folder: Path, *sets: str) -> tuple[str, Path]:
    """The terminal text and run folder of the book whose RM A has 0 hours (its hour priced
    1.00 by the LP: the continuity bonus its four customers lose) and B room for all."""
    result = allocate(str(book(folder, {"capacity_hours": 0})), *sets)
    assert result.exit_code == 0, result.stderr
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
        assert "100 hours of 1 RM, 0.00 EUR per RM hour" in line, line
        assert "1.00" not in line and "binding" not in line, line


def test_in_chinese_too(runs: dict[str, tuple[str, Path]]) -> None:
    terminal, folder = runs["zh"]
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for text in (terminal, summary):
        assert "价值最高处 B" in text and "价值最高处 A" not in text
        line = grade_line(text, "- 客户经理工时（客户经理）：")
        assert "1 名客户经理共 100 工时" in line and "1.00" not in line, line


def test_the_runs_pass_verify(runs: dict[str, tuple[str, Path]]) -> None:
    for _, folder in runs.values():
        result = allocate("verify", str(folder))
        assert result.exit_code == 0, result.stdout + result.stderr


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


def plan_texts(folder: Path) -> dict[str, str]:
    """summary.md, report.html and the workbook's summary sheet of a run, as text."""
    book = openpyxl.load_workbook(folder / "plan.xlsx", read_only=True)
    sheet = book.worksheets[0]
    cells = "\n".join(" | ".join(str(v) for v in row if v is not None)
                      for row in sheet.iter_rows(values_only=True))
    return {"summary.md": (folder / "summary.md").read_text(encoding="utf-8"),
            "report.html": (folder / "report.html").read_text(encoding="utf-8"),
            f"plan.xlsx {sheet.title}": cells}


A_PRICE = {"en": ("1.00 EUR per RM hour", "| RM hours | A |"),
           "zh": ("每客户经理工时 1.00 EUR", "| 客户经理工时 | A |")}
"""RM A's hour as the LP prices it (1.00), and its row in summary.md's appendix, the only place
that shows it: each row of constraints.csv as it is."""


def test_no_driver_row_is_priced_at_an_rm_of_no_hours(runs: dict[str, tuple[str, Path]]
                                                      ) -> None:
    """A is the only RM whose hours bind: the drivers have no row of its region, priced at
    its hour (before: "RM hours RM / R ... 1.00 EUR per RM hour, worth 1.00 EUR"), in the
    terminal, summary.md, report.html (neither its drivers nor its details' table by grade and
    region) and the workbook, en and zh alike."""
    for language, (terminal, folder) in runs.items():
        price, appendix = A_PRICE[language]
        texts = {"terminal": terminal, **plan_texts(folder)}
        for name, text in texts.items():
            shown = [line for line in text.splitlines()
                     if price in line and not line.startswith(appendix)]
            assert not shown, (language, name, shown)
        none = Words(language)("drivers_none")  # type: ignore[arg-type]
        assert none in terminal and none in texts["summary.md"], terminal


RANKED = pd.DataFrame({"constraint": "rm_capacity", "label": ["A", "B", "C"], "sense": "le",
                       "limit": [0.0, 400.0, 300.0], "used": [0.0, 400.0, 300.0],
                       "identity": False, "binding": True,
                       "marginal_value": [841.0, 13.9, 12.8],
                       "range_low": [0.0, 396.0, 296.0], "range_high": [0.49, 404.0, 304.0],
                       "step_change": np.nan, "step_gap": np.nan})
"""A grade's hours by RM: A, alone in region R2, at 0 hours priced 841 by the LP; B and C, in
R1 and R3, full."""
GROUPS = {"A": "premier_rm / R2", "B": "premier_rm / R1", "C": "premier_rm / R3"}


def test_the_drivers_leave_out_the_rows_of_an_rm_that_holds_none() -> None:
    """The grade's row, raised by its step, is priced at its strongest RM that can hold a
    customer and counts those alone; the region of none but A has no row."""
    step = Step("rm_capacity", "premier_rm", 700.0, 840.0, "re-solved", 2545.0)
    grades = dict.fromkeys(GROUPS, "premier_rm")
    rms = pd.DataFrame({"rm_id": list(GROUPS), "grade": "premier_rm",
                        "region": ["R2", "R1", "R3"], "capacity_hours": [0.0, 400.0, 300.0]})
    ranked = drivers(RANKED, GROUPS, (step,), grades, holding_none(rms)).set_index("label")
    assert list(ranked.index) == ["premier_rm", "premier_rm / R1", "premier_rm / R3"]
    grade = ranked.loc["premier_rm"]
    assert (grade["rms"], grade["limit"], grade["marginal_value"]) == (2, 700.0, 13.9)
    assert 841.0 not in ranked["marginal_value"].tolist()
    every = drivers(RANKED, GROUPS, (step,), grades).set_index("label")  # none left out
    assert every.loc["premier_rm", "marginal_value"] == 841.0 and "premier_rm / R2" in every.index


def test_the_details_by_grade_and_region_do_not_price_an_rm_that_holds_none() -> None:
    """The details' table by grade and region: A's region is not priced (a blank cell), its
    grade by its other RMs; A's hours and use still counted (the appendix lists each RM)."""
    table = RANKED.assign(slack=0.0)
    by_region = grouped_constraints(table, GROUPS, ("A",)).set_index("label")
    assert pd.isna(by_region.loc["premier_rm / R2", "marginal_value"])
    assert by_region.loc["premier_rm / R1", "marginal_value"] == 13.9
    by_grade = grouped_constraints(table, dict.fromkeys(GROUPS, "premier_rm"), ("A",))
    assert by_grade[["rms", "marginal_value"]].values.tolist() == [[3, 13.9]]
    for language in ("en", "zh"):
        shown = with_units(by_region.reset_index(), "EUR", Words(language))
        assert shown["marginal_value"].tolist()[1] == "", shown
