"""An added RM (premier_rm+1) reads as words, "added premier RM 1", and an RM id made of
labelled ids (a staffed RM BENESOV-private_banker-01) by the labels in reports; an unknown grade to add RMs to is
refused listing the grades with their names."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator.errors import AllocatorError
from allocator.preparation import prepare
from allocator.report.language import Words
from allocator.report.naming import scenario_words
from allocator.scenario.loading import load_scenario

DEMO_ZH = Path(__file__).parent.parent / "scenarios" / "demo_zh.yaml"


def test_an_added_or_staffed_rm_reads_by_its_grades_label() -> None:
    words = scenario_words(load_scenario(DEMO_ZH).scenario)
    assert words.term("premier_rm+1") == "新增贵宾客户经理 1"
    assert words.term("R2-wealth_rm-02") == "华东-财富客户经理-02"
    assert words.term("rm_capacity [premier_rm+3]") == "客户经理工时（新增贵宾客户经理 3）"
    assert words.term("x-y") == "x-y"


def test_an_added_rm_reads_as_words_where_no_label_names_its_grade() -> None:
    english = Words("en")
    assert english.term("premier_rm+1") == "added premier RM 1"
    assert english.named("premier_rm+12") == "added premier RM 12"
    assert english.term("rm_capacity [premier_rm+3]") == "RM hours [added premier RM 3]"
    assert Words("en", {"premier_rm": "Premier banker"}).named("premier_rm+2") == (
        "added Premier banker 2")
    assert [english.named(i) for i in ("1e+10", "RM00012", "+1")] == ["1e+10", "RM00012", "+1"]


def test_an_unknown_grade_to_add_to_lists_the_grades_by_name() -> None:
    with pytest.raises(AllocatorError) as caught:
        prepare(DEMO_ZH, ["rules.add_rms.premier_rmx=2", "data.generate.customers=300"])
    assert "贵宾客户经理（premier_rm）、私人银行家（private_banker）" in caught.value.shown("zh")


def test_an_unknown_grade_in_chinese_lists_the_grades_by_name_when_the_scenario_labels_none(
        ) -> None:
    # demo.yaml labels no grade: in Chinese the engine's own names, each with the id to type
    with pytest.raises(AllocatorError) as caught:
        prepare(DEMO_ZH.with_name("demo.yaml"), ["rules.add_rms.nosuch_rm=3",
                                                 "output.language=zh",
                                                 "data.generate.customers=300"])
    assert ("已有职级：贵宾客户经理（premier_rm）、私人银行家（private_banker）、"
            "财富客户经理（wealth_rm）") in caught.value.shown("zh")
    assert "(its grades: premier_rm, private_banker, wealth_rm)" in caught.value.shown("en")


def test_rm_columns_read_by_labels_wherever_a_table_is_shown() -> None:
    words = scenario_words(load_scenario(DEMO_ZH).scenario)
    frame = pd.DataFrame({"rm_id": ["premier_rm+1", "R2-wealth_rm-02", "RM00012"],
                          "incumbent_rm": ["RM00012", None, "R1-private_banker-01"]})
    shown = words.localized(frame)
    assert shown["客户经理"].tolist() == ["新增贵宾客户经理 1", "华东-财富客户经理-02", "RM00012"]
    assert shown["原客户经理"].tolist()[::2] == ["RM00012", "华北-私人银行家-01"]
    assert Words("en").named("rm_north") == "rm_north"  # an id, never humanized
