"""A calendar plan that breaks a contact rule or a conflict is failed naming what breaks it, in
English and Chinese: the rule by its key in the scenario, the window (its days) or the lag, the
customer and the contacts concerned, the first few of them with how many more there are."""

from __future__ import annotations

from pathlib import Path

from allocator import api
from allocator.checks.ledger import Ledger, merged
from allocator.report.language import Words
from allocator.report.violation_words import violation_detail
from tests.test_calendar import CHECKED, calendar_run
from tests.test_checker import only_violation

__all__ = ["calendar_run"]  # the module's fixture, shared


def test_a_contact_rule_broken_names_the_rule_the_window_and_the_contacts(
        calendar_run: api.Run, tmp_path: Path) -> None:
    edits, family, _ = CHECKED["calendar_contact"]  # C given a5, a6 and a4: 3 by day 60
    violation = only_violation(calendar_run.folder, tmp_path / "run", edits, family,
                               "calendar_contact")
    assert violation.label == "two_by_day_60"
    assert violation_detail(violation, Words("en")) == (
        "used 1, must be ≤ 0 (off by 1) (e.g. C: 3 contacts in days 1–60, where rule "
        "'two_by_day_60' allows 2 (a5, a6, a4))")
    assert violation_detail(violation, Words("zh")) == (
        "使用量 1，应 ≤ 0（相差 1）（例如 C：第 1–60 天有 3 次接触，而规则“two_by_day_60”最多"
        "允许 2 次（a5、a6、a4））")
    assert "C: 3 contacts in days 1–60" in violation.detail  # the checker's own English


def test_a_conflict_broken_names_the_rule_the_lag_and_the_two_contacts(
        calendar_run: api.Run, tmp_path: Path) -> None:
    edits, family, _ = CHECKED["calendar_conflict"]  # A's a1 made a4: calls on days 20, 60
    violation = only_violation(calendar_run.folder, tmp_path / "run", edits, family,
                               "calendar_conflict")
    assert violation_detail(violation, Words("en")) == (
        "used 1, must be ≤ 0 (off by 1) (e.g. A: a3 (day 20) and a4 (day 60), 40 days apart, "
        "where rule 'calls' wants 50 days between them)")
    assert violation_detail(violation, Words("zh")) == (
        "使用量 1，应 ≤ 0（相差 1）（例如 A：a3（第 20 天）与 a4（第 60 天）仅相隔 40 天，而规则"
        "“calls”要求两者间隔 50 天）")


def test_findings_past_the_first_five_are_counted_and_kept_over_parts() -> None:
    from allocator.report.violation_words import said_both

    def part(first: int) -> Ledger:
        ledger = Ledger({})
        findings = [said_both("calendar_pair_conflict", id=f"C{k}", first="a", first_day="1",
                              second="b", second_day="2", gap="1", rule="calls", lag="9")
                    for k in range(first, first + 4)]
        ledger.limit("calendar_conflict", "calendar_conflict", "conflicting contacts", "le",
                     0.0, 4.0, who=findings)
        return ledger

    [violation] = merged([part(0), part(4)]).breaches()
    english, chinese = (violation_detail(violation, Words(language))  # type: ignore[arg-type]
                        for language in ("en", "zh"))
    assert "C4: a (day 1) and b (day 2), 1 day apart, where rule 'calls'" in english
    assert "C5" not in english and english.endswith("wants 9 days between them (and 3 more))")
    assert "; C1: a (day 1)" in english
    assert "C4：a（第 1 天）与 b（第 2 天）仅相隔 1 天" in chinese and "；C1：" in chinese
    assert "C5" not in chinese and "另有 3 项" in chinese
