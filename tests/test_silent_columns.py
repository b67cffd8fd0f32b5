"""A column that says nothing (every row "no" or empty) is left out of the drivers' tables:
on the terminal, in summary.md and in report.html."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allocator.report.formats import without_blank_columns
from tests.test_drivers import hours_before_budget
from tests.test_zh_everywhere import allocate, folder_in

AT_LEAST = {"en": "at least (beyond the range: not measured)", "zh": "至少（超出范围未测算）"}


def test_a_column_of_nothing_but_no_is_left_out() -> None:
    frame = pd.DataFrame({"constraint": ["budget", "hours"], "worth_at_least": [False, np.nan],
                          "note": ["", None], "all_yes": [True, True], "worth": [0.0, 0.0],
                          "some": [False, True]})
    assert list(without_blank_columns(frame)) == ["constraint", "all_yes", "worth", "some"]
    assert list(without_blank_columns(frame.assign(worth_at_least=[False, False]))) == [
        "constraint", "all_yes", "worth", "some"]


def test_the_drivers_show_no_at_least_column_where_every_row_is_no(tmp_path: Path) -> None:
    for language in ("en", "zh"):
        printed = allocate("run", str(hours_before_budget(tmp_path / language)),
                           "--out", str(tmp_path / language / "cli"),
                           "--set", "output.baselines=false",
                           "--set", f"output.language={language}")
        assert printed.exit_code == 0, printed.output
        lines = printed.output.splitlines()
        assert any(line.startswith(("What drives", "方案的驱动因素")) for line in lines), lines
        folder = folder_in(printed.output)
        for text in (printed.output.replace("\n", " "), (folder / "summary.md").read_text(
                encoding="utf-8"), (folder / "report.html").read_text(encoding="utf-8")):
            flat = " ".join(text.split())
            assert AT_LEAST[language] not in flat and "至少（超出" not in flat, flat[:400]
