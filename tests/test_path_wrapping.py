"""A path the terminal prints ("Written to ...") stays on one line, spaces and all, so that it
can be copied and pasted, in English and Chinese, at 80 columns."""

from __future__ import annotations

import pytest

from allocator.cli.wrapping import wrapped_lines
from allocator.report.language import Words

FOLDER = "/tmp/out dir/客户 报告/demo/20261207T080522Z-b529f346"


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("message", ["checked_written", "diagnosis_written", "written"])
def test_a_path_with_spaces_is_never_broken(language: str, message: str) -> None:
    text = Words(language)(message, folder=FOLDER)
    lines = wrapped_lines(text, 80, hanging="  ", whole=[FOLDER])
    assert any(FOLDER in line for line in lines), lines
    assert "".join(line.strip() for line in lines).replace(" ", "") == text.replace(" ", "")


def test_the_words_before_a_path_still_wrap() -> None:
    text = "word " * 20 + FOLDER
    lines = wrapped_lines(text, 40, hanging="  ", whole=[FOLDER])
    assert lines[-1] == "  " + FOLDER and all(len(line) <= 40 for line in lines[:-1])
