"""Counts in messages: a broken rule of one row is said in the singular, and a count of rows in
a data problem is written with thousands separators, as the ids' "and 1,990 more" is."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.book.validation import ProblemList
from allocator.checks.ledger import Ledger, Violation
from allocator.report.language import Words
from allocator.report.violation_words import RULE_WHAT_ONE, RULE_WHAT_ZH, violation_detail


def _broken(count: int) -> Violation:
    ledger = Ledger({})
    ids = pd.Series([f"C{i}" for i in range(3)])
    ledger.rule("coverage", "RM in the customer's region", np.arange(3) < count, ids,
                "customers have an RM of another region")
    return ledger.violations[0]


def test_one_row_breaking_a_rule_is_said_in_the_singular() -> None:
    one, two = _broken(1), _broken(2)
    assert one.detail == "1 customer has an RM of another region (e.g. C0)"
    assert violation_detail(one, Words()) == "1 customer has an RM of another region (e.g. C0)"
    assert violation_detail(two, Words()).startswith("2 customers have an RM of another region")
    assert violation_detail(one, Words("zh")).startswith("共 1 位客户的客户经理属于其他区域")


def test_every_rule_has_its_singular() -> None:
    assert set(RULE_WHAT_ONE) == set(RULE_WHAT_ZH)


def test_a_count_of_rows_has_thousands_separators() -> None:
    n = 2000
    problems = ProblemList("c.csv", pd.Series([f"C{i}" for i in range(n)]), {})
    problems.add("aum", np.ones(n, dtype=bool), "not_numbers", examples=["x"])
    english, chinese = problems.problems[0].lines({})
    assert "column 'aum': 2,000 rows are not numbers" in english
    assert "(and 1,990 more)" in english
    assert "2,000" in chinese and "2000" not in chinese
