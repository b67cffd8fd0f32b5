"""Numbers of a scenario within the range their business meaning allows, and written as
numbers: a value beyond its range is refused naming the key, the value and the range; a number
in quotes is refused with what to write; the command line's amounts (45k) and changes (-10%)
still read."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.scenario.error_texts import value_texts
from tests.faults.cli import answer, answer_in_chinese
from tests.faults.test_number_faults import _plain, _with


@pytest.mark.parametrize(("item", "key", "most"), [
    ("tiers.top.coverage_uplift=1e14", "tiers.top.coverage_uplift", "at most 10,"),
    ("tiers.top.hours_per_customer=1e6", "tiers.top.hours_per_customer", "at most 8784"),
    ("tiers.top.rm_grades.rm=1e9", "tiers.top.rm_grades.rm", "at most 10,"),
    ("rules.rm_capacity_scale=1e12", "rules.rm_capacity_scale", "at most 10,"),
    ("rules.continuity.bonus=500", "rules.continuity.bonus", "at most 10,"),
    ("objective.fit_weight=1e15", "objective.fit_weight", "at most 10,"),
    ("rm_grades.rm.hours_per_month=1000", "rm_grades.rm.hours_per_month", "at most 744"),
])
def test_a_value_beyond_its_business_range_names_key_value_and_range(
        scenario: Path, item: str, key: str, most: str) -> None:
    code, said = answer("validate", scenario, "--set", item)
    assert code == 2, said
    said = _plain(said)
    assert key in said and most in said, said


@pytest.mark.parametrize(("lines", "key"), [
    ('budget:\n  total: "1e3"', "budget.total"),
    ("budget: {total: '45000'}", "budget.total"),
    ('rules:\n  continuity: {max_reassignments: "3"}', "rules.continuity.max_reassignments"),
])
def test_a_number_in_quotes_is_refused_with_what_to_write(scenario: Path, lines: str,
                                                         key: str) -> None:
    code, said = answer("validate", _with(scenario, lines))
    assert code == 2, said
    said = _plain(said)
    assert key in said and "write the number without quotes" in said, said


def test_a_number_in_quotes_is_refused_in_chinese(scenario: Path) -> None:
    path = _with(scenario, 'budget:\n  total: "1e3"')
    code, said = answer("validate", path, "--set", "output.language=zh", prefix="错误：")
    assert code == 2 and "请去掉引号直接写数字" in _plain(said), said


def test_amounts_and_changes_still_read_on_the_command_line_and_in_named_overrides(
        scenario: Path) -> None:
    path = _with(scenario, "budget:\n  total: 50000\noverrides:\n  cut:\n"
                           "    budget.total: 45k\n    risk.loss_cap: 2k")
    code, said = answer("validate", path, "--set", "budget.total=-10%", "--set",
                        "risk.loss_cap=1.5k", "--set", "objective.discount_rate=8%")
    assert code == 0, said
    code, said = answer("validate", path, "--use", "cut")
    assert code == 0, said


def test_a_long_label_is_counted_in_characters(scenario: Path) -> None:
    code, said = answer("validate", scenario, "--set", "output.label=" + "x" * 300)
    assert code == 2, said
    said = _plain(said)
    assert "output.label: expected at most 200 characters, got 300" in said, said
    assert "item" not in said, said


@pytest.mark.parametrize(("limit", "items"), [(1, "1 item,"), (3, "3 items,")])
def test_a_count_of_items_is_said_in_plain_grammar(limit: int, items: str) -> None:
    error = {"type": "too_long", "input": [1, 2, 3, 4], "ctx": {"max_length": limit}}
    english, chinese = value_texts(error)
    assert english.startswith(f"expected at most {items} got"), english
    assert f"至多应有 {limit} 项" in chinese


@pytest.mark.parametrize(("item", "key"), [
    ("offers.mail.eligible_tiers=[]", "offers.mail.eligible_tiers"),
    ("packages.basic.tiers=[]", "packages.basic.tiers"),
])
def test_an_empty_list_of_tiers_is_refused_never_read_as_every_tier(
        scenario: Path, item: str, key: str) -> None:
    code, said = answer("validate", scenario, "--set", item)
    assert code == 2, said
    said = _plain(said)
    assert key in said and "[] lists no tier" in said and "name the tiers" in said, said
    code, said = answer("validate", scenario, "--set", item, "--set", "output.language=zh",
                        prefix="错误：")
    assert code == 2 and "未列出任何层级" in said, said


@pytest.mark.parametrize(("option", "given", "said_of"), [
    ("--label", 300, "expected at most 200 characters, got 300:"),
    ("--note", 5000, "expected at most 2,000 characters, got 5,000:"),
])
def test_a_long_label_or_note_is_refused_as_the_option_typed_with_its_one_length(
        scenario: Path, option: str, given: int, said_of: str) -> None:
    # named as the --set it was made into, with that --set's length beside the text's
    # (--set output.label="xxx…(315): output.label: ... got 300), and 2000 beside 5,000
    code, said = answer("run", scenario, option, "x" * given)
    assert code == 2, said
    assert _plain(said) == f"error: {option}: {said_of} '{'x' * 40}'…", said
    assert not (scenario.parent / "reports").exists()


def test_a_long_note_is_refused_in_the_scenarios_language(scenario: Path) -> None:
    code, said = answer_in_chinese("run", scenario, "--set", "output.language=zh",
                                   "--note", "x" * 5000)
    assert code == 2, said
    assert _plain(said) == f"错误：选项 --note：至多应有 2,000 个字符，给出的有 5,000 个：'{'x' * 40}'…"
