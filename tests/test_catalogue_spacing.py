"""Every error message of the catalogue writes Chinese as Chinese writes it, whatever fills its
fields: no space between two Chinese characters nor after a Chinese mark (a field holding a
Chinese name meets the message's words closed up: 区域华东), while an id or a number keeps its
space (区域 R1) and a path its spaces; a command written in backquotes reads as typed."""

from __future__ import annotations

import re
from pathlib import Path
from string import Formatter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.errors import Named, catalogued
from allocator.report.error_words import ERROR_MESSAGES

CHINESE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018\u2019\u201c\u201d"
"""Chinese characters and marks: ideographs, CJK and full-width marks, Chinese quotes."""
MARKS = "\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d"
SPACED = re.compile(f"[{CHINESE}] +[{CHINESE}]|[{MARKS}] +\\S")
"""A space Chinese does not write: between two Chinese characters, or after a mark."""
COMMAND = re.compile(r"`[^`]*`")
"""A command as typed (`allocate sweep 情景文件 --vary 键=值1,值2`), its spaces its own."""
PATH = Path("/tmp/规划 报告/华东 客户.csv")
"""A path, spaces and all: where it ends is for the reader to see."""
SAMPLES: tuple[object, ...] = (
    "华东", "贵宾客户经理", "（未设置）", "R1", "premier_rm", 3, 1234.5, "-10%",
    Named("premier RM", "贵宾客户经理"), PATH)
"""What a field may hold: a Chinese name, a mark-led aside, an id, a number, a name that
reads differently in Chinese, a path."""
NUMBERS: tuple[object, ...] = (3, 1234.5)
"""What a field with a format (`{customers:,}`) holds."""


def _fields(key: str) -> dict[str, str]:
    """The fields of catalogue message `key`, in either language, each with its format."""
    return {name: spec or "" for text in ERROR_MESSAGES[key]
            for _, name, spec, _ in Formatter().parse(text) if name}


def _misspaced(key: str, values: dict[str, object]) -> list[str]:
    """The spaces Chinese does not write in message `key` filled with `values`, each shown
    with the text around it (a path and a command as typed left out)."""
    said = COMMAND.sub("`…`", catalogued(key, **values)[1].replace(str(PATH), "/p"))
    return [said[max(0, found.start() - 12):found.end() + 12] for found in SPACED.finditer(said)]


def _filled_with(key: str, sample: object) -> dict[str, object]:
    """Each field of `key` filled with `sample` (a number where the field has a format)."""
    return {name: NUMBERS[0] if spec and not isinstance(sample, (int, float)) else sample
            for name, spec in _fields(key).items()}


@pytest.mark.parametrize("sample", SAMPLES, ids=str)
def test_every_chinese_error_message_is_spaced_as_chinese_writes_it(sample: object) -> None:
    found = {key: said for key in ERROR_MESSAGES
             if (said := _misspaced(key, _filled_with(key, sample)))}
    assert not found, found


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_message_of_mixed_fields_is_spaced_as_chinese_writes_it(data: st.DataObject) -> None:
    """Fields of different kinds side by side ({tier}{hint_zh}, “{name}”：{reason})."""
    key = data.draw(st.sampled_from(sorted(ERROR_MESSAGES)))
    values = {name: data.draw(st.sampled_from(NUMBERS if spec else SAMPLES))
              for name, spec in _fields(key).items()}
    assert not _misspaced(key, values), (key, values)


def test_a_chinese_name_meets_the_words_closed_up_and_an_id_keeps_its_space() -> None:
    assert catalogued("data_unknown_previous_tier", rows=2, values="华东", tiers="贵宾、大众"
                      )[1] == "2 行所列原层级不在情景的层级中（华东；层级为贵宾、大众）"
    assert catalogued("data_unknown_previous_tier", rows=2, values="R1", tiers="vip, mass"
                      )[1] == "2 行所列原层级不在情景的层级中（R1；层级为 vip, mass）"
