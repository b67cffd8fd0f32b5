"""A count of one reads in the singular in English ("1 customer needs", never "1 customers
need"), in every message of the catalogues that puts a count before a plural noun, through the
catalogue's passages said of one (report/singular_words.py); Chinese, which has no plural, is
unchanged."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.errors import UserError, catalogued
from allocator.report.error_words import ERROR_MESSAGES
from allocator.report.language import MESSAGES, Words
from allocator.report.singular_words import ONE_EN
from allocator.scenario import load_scenario
from tests.builders import world

NOUNS = (r"(?:(?:more|labelled|filled|re-solved|capacity|customer-RM|customer-offer|step) )?"
         r"(?:customers|RMs|offers|rows|lines|points|changes|limits|contacts|days|years|hours|"
         r"iterations|differences|files|statements|errors|items|characters|reassignments|"
         r"activities|schedules|values|numbers|re-runs|pairs|parts|times)\b")
"""The plural nouns the catalogues count, with the word that may stand between."""
COUNTED = re.compile(r"\{(\w+)(?::[^}]*)?\}\)? " + NOUNS)
"""A field of a message's English followed by a plural noun: a count."""
ONE = re.compile(r"\b1\)? " + NOUNS)

NEVER_ONE = {
    ("one_statement", "count"): "said only of a query holding other than one statement",
    ("vary_too_many", "count"): "more points than the most a sweep makes",
    ("too_many_schedules", "activities"): "activities that conflicts join: two or more",
    ("too_many_schedules", "most"): "a fixed bound",
    ("gap_numbers", "expected"): "at least five numbers for any GAP instance",
    ("data_too_long", "limit"): "a fixed length", ("data_too_long_fix", "limit"): "a fixed length",
    ("offer_id_too_long", "limit"): "a fixed length",
    ("sheet_in_files_customers", "count"): "past SHEET_ROWS rows",
    ("sheet_in_file_customers", "count"): "past CSV_PLAN_LIMIT rows",
    ("sheet_in_file_contacts", "count"): "past SHEET_ROWS rows",
    ("csv_header_line", "lines"): "HEADER_ROWS", ("sheet_header_row", "rows"): "HEADER_ROWS",
    ("model_too_few_rows", "least"): "MIN_LABELLED", ("drivers_more", "shown"): "DRIVERS_SHOWN",
    ("yaml_aliases_expand", "limit"): "a fixed bound",
    ("decomposition_rm_month_hours", "parts"): "an RM-month in two or more parts",
    ("grade_price_range", "rms"): "the RMs whose values differ: two or more",
    ("rm_parts", "rms"): "some of a group's RMs and the others: two or more",
    ("tightened_note", "factor"): "TIGHTEN_FACTOR",
    ("plan_rows_repeated_one", "count"): "a customer on more than one row",
}
"""A message and its count before a plural noun that is never one, and why."""


LISTS_COUNTED = {"tier_count": "tiers"}
"""A count of the names a message lists (not shown itself) -> the field of the list."""


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _english(key: str, fields: dict[str, object]) -> str:
    return Words()(key, **fields) if key in MESSAGES else catalogued(key, **fields)[0]


def _counts() -> list[tuple[str, str]]:
    """Each message of either catalogue and each field its English counts a plural noun by."""
    return sorted({(key, found[1]) for catalogue in (MESSAGES, ERROR_MESSAGES)
                   for key, (english, _) in catalogue.items()
                   for found in COUNTED.finditer(english)})


@pytest.mark.parametrize(("key", "count"), _counts())
def test_every_count_before_a_plural_noun_reads_in_the_singular_for_one(
        key: str, count: str) -> None:
    english = (MESSAGES.get(key) or ERROR_MESSAGES[key])[0]
    fields: dict[str, object] = dict.fromkeys(_fields(english), 2)
    said = _english(key, {**fields, count: 1})
    never = (key, count) in NEVER_ONE
    assert never or not ONE.search(said), said
    assert never or count in ONE_EN.get(key, {}), key
    assert ONE.search(_english(key, fields)) is None  # two of them: as written


def test_the_counts_are_found_in_the_catalogues_by_their_nouns() -> None:
    found = {key for key, _ in _counts()}
    assert {"ready_short_hours", "ready_rm_no_hours", "valid_line", "base_other_book",
            "rm_cost_line", "package_holders"} <= found
    assert set(NEVER_ONE) <= set(_counts())


@pytest.mark.parametrize("key", sorted(ONE_EN))
def test_each_passage_is_its_messages_and_chinese_is_as_written(key: str) -> None:
    """Each passage stands once in its message's English and its count is a field there; the
    Chinese of a count of one is the message as written."""
    english, chinese = MESSAGES.get(key) or ERROR_MESSAGES[key]
    for count, passages in ONE_EN[key].items():
        assert LISTS_COUNTED.get(count, count) in _fields(english), (key, count)
        assert all(english.count(passage) == 1 for passage in passages), (key, passages)
    fields = dict.fromkeys(_fields(english) | _fields(chinese), 1)
    said = (Words("zh")(key, **fields) if key in MESSAGES
            else catalogued(key, **fields)[1])
    assert said == chinese.format(**fields)


def test_a_count_of_other_than_one_keeps_the_plural() -> None:
    for count in (0, 2, "1,000", 1.5):
        assert Words()("valid_line", scenario="s", customers=count, rms=count, offers=count,
                       pairs=count, offer_pairs=count) == (
            f"s: scenario and data are valid — {count} customers, {count} RMs, {count} offers, "
            f"{count} customer-RM pairs, {count} customer-offer pairs.")


def test_each_count_of_a_message_is_said_of_one_by_itself() -> None:
    said = Words()("valid_line", scenario="s", customers="1", rms=3, offers=1, pairs="1",
                   offer_pairs="2,000")
    assert said == ("s: scenario and data are valid — 1 customer, 3 RMs, 1 offer, "
                    "1 customer-RM pair, 2,000 customer-offer pairs.")


TIERS = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "hours_per_customer": 10.0},
         "base": {"rm_grades": {"rm": 1.0}}}
"""A mandatory tier whose customers need 10 hours a year each."""


def _one_customer(folder: Path, language: str = "en") -> Path:
    """One customer of the mandatory tier, served today by the one RM, of 1 hour a year:
    coverage may give."""
    return world(folder, [{"customer_id": "A", "tier_key": 2.0, "region": "North",
                           "incumbent_rm": "R1"}],
                 [{"rm_id": "R1", "grade": "rm", "region": "North", "capacity_hours": 1}],
                 tiers=TIERS, objective={"soft": {"coverage": 100.0}},
                 output={"dir": str(folder / "reports"), "language": language})


def test_validate_says_one_customer_and_one_rm_in_the_singular(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(_one_customer(tmp_path))])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert ("warning: RM R1 has 1 capacity hour (capacity_hours in the RM table), fewer than "
            "the 1 customer it serves today (incumbent_rm) needs of it alone: the customer "
            "moves to another RM or to none, a move forced by the RM's hours") in said, said
    assert ("coverage is mandatory for tier top, but its 1 customer in these regions needs "
            "more RM hours a year than the region's RMs of the tier's grades have") in said
    assert "so the plan falls short of covering the customer within those hours" in said
    assert ("world: scenario and data are valid — 1 customer, 1 RM, 0 offers, 1 customer-RM "
            "pair, 0 customer-offer pairs.") in said
    assert not ONE.search(said), said


def test_a_chinese_validate_of_one_customer_is_as_for_any_count(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["validate", str(_one_customer(tmp_path, "zh"))])
    assert result.exit_code == 0, result.output
    said = "".join(result.output.split())
    assert "层级top必须配备客户经理，但其在以下区域的1位客户每年所需的客户经理工时" in said, said
    assert "少于其现有客户（incumbent_rm）中1位各自单独所需的工时" in said
    assert "customer" not in said.split("data.customers")[0]  # the warnings, before the key


def test_a_text_of_at_least_one_character_is_said_so(tmp_path: Path) -> None:
    scenario = world(tmp_path, [{"customer_id": "A"}])
    with pytest.raises(UserError) as caught:
        load_scenario(scenario, ["objective.currency="])
    assert "objective.currency: expected at least 1 character, got ''" in str(caught.value)
    assert "至少应有 1 个字符" in caught.value.shown("zh")
    assert str(caught.value).startswith("The scenario has 1 error:")


def test_generate_says_one_customer_of_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", str(tmp_path), "--customers", "1"])
    assert result.exit_code == 0, result.output
    assert " ".join(result.output.split()) == f"wrote 1 customer, 3 RMs and 8 offers to {tmp_path}"


def test_a_copy_of_the_plan_differing_for_one_customer_names_it_so() -> None:
    said = catalogued("copy_column_differs", column="tier", count="1", ids="C001")
    assert said == ("column 'tier' differs from customer_plan.parquet for 1 customer: C001",
                    "列“tier”与 customer_plan.parquet 不同，涉及 1 位客户：C001")
