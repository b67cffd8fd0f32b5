"""An empty customer id is said "(blank id)" (zh "（空白编号）") wherever a finding lists ids,
not as nothing ("customer  on row 8", "(e.g. )")."""

from __future__ import annotations

import pandas as pd
import pytest

from allocator.checks.ledger import Ledger, Violation
from allocator.checks.plan_rows import customer_rows
from allocator.errors import examples, speak
from allocator.report.language import Words
from allocator.report.violation_words import violation_detail


def test_a_blank_id_among_examples_is_said_in_either_language() -> None:
    said = examples(["C1", "", " "])
    assert (str(said), said.chinese) == ("C1, (blank id), (blank id)",
                                         "C1、（空白编号）、（空白编号）")


def test_a_row_of_a_blank_customer_is_named_so() -> None:
    found = customer_rows(pd.DataFrame({"customer_id": ["C1", ""]}),
                          pd.DataFrame({"customer_id": ["C1"]}), "plan.parquet")
    assert [v.detail for v in found] == [
        "plan.parquet: customer (blank id) on row 2 (rows of customers the book does not hold: "
        "1); run the scenario again to write the plan afresh"]
    assert "第 2 行的客户（空白编号）" in violation_detail(found[0], Words("zh"))


@pytest.mark.parametrize(("language", "said"), [("en", "(e.g. (blank id))"),
                                                ("zh", "（例如（空白编号））")])
def test_a_rule_broken_by_a_blank_id_names_it(language: str, said: str) -> None:
    ledger = Ledger({})
    ledger.rule("coverage", "known ids", [True], pd.Series([""]),
                "assignments name an unknown customer or RM")
    violation: Violation = ledger.violations[0]
    speak(language, pin=True)
    assert violation_detail(violation, Words(language)).endswith(said)
    assert violation.detail.endswith("(e.g. (blank id))")
