"""The checker keeps the numbers of what a plan breaks; a report words them in its language."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from allocator.checks.ledger import Ledger
from allocator.report.language import Words
from allocator.report.violation_words import RULE_WHAT_ZH, violation_detail


def _broken() -> Ledger:
    ledger = Ledger(soft={})
    ledger.limit("budget", "budget", "total", "le", 4_000_000.0, 4_000_100.5,
                 who=["C1", "C2"])
    ledger.limit("rm_capacity", "rm_capacity", "R1", "le", 10.0, 8.0)  # kept
    ledger.rule("contact", "do not contact", pd.Series([True, False, True]),
                pd.Series(["C1/o", "C2/o", "C3/o"]), "offers go to do-not-contact customers")
    return ledger


def test_a_broken_limit_keeps_its_numbers_and_reads_them_in_full() -> None:
    [breach] = _broken().breaches()
    assert (breach.used, breach.sense, breach.limit) == (4_000_100.5, "le", 4_000_000.0)
    assert breach.examples == ("C1", "C2")
    assert breach.detail == "used 4,000,100, must be <= 4,000,000 (off by 100.5) (e.g. C1, C2)"
    assert violation_detail(breach, Words("zh")) == (
        "使用量 4,000,100，应 ≤ 4,000,000（相差 100.5）（例如 C1，C2）")
    assert violation_detail(breach, Words()) == (
        "used 4,000,100, must be ≤ 4,000,000 (off by 100.5) (e.g. C1, C2)")


def test_a_broken_rule_reads_in_chinese() -> None:
    [rule] = _broken().violations
    assert (rule.count, rule.examples) == (2, ("C1/o", "C3/o"))
    said = violation_detail(rule, Words("zh"))
    assert said == "共 2 次推荐发给了免打扰客户（例如 C1/o，C3/o）"
    assert violation_detail(rule, Words()) == (
        "2 offers go to do-not-contact customers (e.g. C1/o, C3/o)")


def test_every_rule_of_the_checker_has_its_chinese_words() -> None:
    import allocator.checks.rules as rules

    text = Path(rules.__file__).read_text(encoding="utf-8")
    said = {" ".join(m.split()) for m in re.findall(r'ids,?\s*"([^"]+)"\)', text)}
    said |= {" ".join(m.split()) for m in re.findall(r'\),\s*"([^"]+)"\)', text)}
    assert said and said <= set(RULE_WHAT_ZH), said - set(RULE_WHAT_ZH)
