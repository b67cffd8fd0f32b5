"""verify names what is unknown in an assignment: the RM id beside its customer where the RM is
not in the RM table, and the customer where it is not in the book, in English and Chinese."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pandas as pd

from allocator.checks.ledger import Ledger, Violation
from allocator.checks.rules import check_assignments
from allocator.report.language import Words
from allocator.report.violation_words import violation_detail

SCENARIO: Any = SimpleNamespace(tiers={"mass": SimpleNamespace(coverage="optional",
                                                                rm_grades=["rm"])})
"""What check_assignments reads of a scenario: its tiers' coverage and RM grades."""


def _known_ids(rows: list[dict[str, object]]) -> Violation:
    ledger = Ledger({})
    check_assignments(ledger, pd.DataFrame(rows), SCENARIO)
    return next(v for v in ledger.violations if v.constraint == "known ids")


def _row(customer: str, rm: str, tier: object = "mass", grade: object = "rm") -> dict[str, object]:
    return {"customer_id": customer, "rm_id": rm, "tier": tier, "region": "n",
            "rm_grade": grade, "rm_region": "n"}


def test_an_unknown_rm_is_named_beside_its_customer() -> None:
    found = _known_ids([_row("C1", "RM77777", grade=None), _row("C2", "RM1", tier=None)])
    assert found.detail == ("2 assignments name an unknown customer or RM (e.g. C1 → RM77777, "
                            "not in the RM table; C2, not in the book)")
    assert violation_detail(found, Words("zh")) == (
        "共 2 项分配涉及未知的客户或客户经理（例如 C1 → RM77777，不在客户经理表中；"
        "C2，不在客户群中）")
