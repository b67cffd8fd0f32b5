"""The run's terminal prose at 80 columns: the closest-plan line and the notes about the
prices wrapped under their first word, each limit named in full, paths kept whole."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from rich.cells import cell_len

from allocator.cli.common import console
from allocator.cli.run import _print_price_notes
from allocator.cli.wrapping import wrapped_lines
from allocator.report.language import Words
from allocator.report.term_words import OF_WHICH
from tests.test_drivers import hours_before_budget
from tests.test_zh_everywhere import allocate

FOLDER = "/work/reports/demo/20261205T191045Z-b8118d2e"


def test_lines_wrap_under_the_first_word_and_keep_a_path_whole() -> None:
    text = f"Closest plan: the one that keeps the most of the plan of the run {FOLDER} (the latest"
    lines = wrapped_lines(text + " run of this scenario) " * 3, 40, hanging="  ")
    assert all(cell_len(line) <= 40 for line in lines if FOLDER not in line), lines
    assert f"  {FOLDER}" in lines and all(line.startswith("  ") for line in lines[1:]), lines
    zh = wrapped_lines("最接近的方案：" + "在间隙内价值相同的方案中选取与现有名单最接近者" * 4, 30,
                       first="  ")
    assert len(zh) > 3 and all(cell_len(line) <= 30 for line in zh), zh  # between characters
    assert "".join(line.strip() for line in zh).startswith("最接近的方案：在间隙内")


def test_the_notes_about_prices_name_the_grade_and_wrap_at_80_columns(
        monkeypatch: pytest.MonkeyPatch) -> None:
    drivers = pd.DataFrame({"constraint": ["rm_capacity", "rm_capacity", "tier_loss"],
                            "label": ["premier_rm", OF_WHICH + "R3", "mass"],
                            "price_note": ["", "whole decisions leave room",
                                           "whole decisions leave room"]})
    monkeypatch.setattr(console, "_width", 80)
    for language, named in (("en", "about the price: RM hours premier RM / R3: priced with"),
                            ("zh", "边际价值说明：客户经理工时 贵宾客户经理 / R3：")):
        with console.capture() as captured:
            _print_price_notes(drivers, Words(language))  # type: ignore[arg-type]
        lines = captured.get().splitlines()
        assert max(cell_len(line) for line in lines) <= 80, lines
        assert lines[0].startswith("  " + named) and "  " not in lines[0].strip(), lines
        notes = [line for line in lines if not line.startswith("    ")]
        assert len(notes) == 2 and lines[1].startswith("    "), lines  # two notes, wrapped


def test_the_closest_plan_line_wraps_at_80_columns(tmp_path: Path) -> None:
    printed = allocate("run", str(hours_before_budget(tmp_path)), "--out", str(tmp_path / "cli"),
                       "--set", "output.baselines=false")
    assert printed.exit_code == 0, printed.output
    lines = printed.output.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("Closest plan:"))
    paragraph = lines[first:next(i for i in range(first + 1, len(lines))
                                 if not lines[i].startswith("  "))]
    assert len(paragraph) > 1 and max(cell_len(line) for line in paragraph) <= 80, paragraph
    assert "were undone" in paragraph[-1], paragraph


def test_a_notice_wraps_on_a_terminal_and_stays_one_line_in_a_file(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from allocator.cli import run as cli_run

    said = (f"The point planned first keeps the most of the plan of the run {FOLDER} (the "
            "latest run of this scenario and data without overrides, kept by default)")
    for terminal in (True, False):
        out = io.StringIO()
        monkeypatch.setattr(cli_run, "errors", Console(file=out, width=80,
                                                       force_terminal=terminal))
        cli_run.notice(said)
        lines = out.getvalue().splitlines()
        if terminal:
            assert len(lines) > 1 and all(cell_len(line) <= 80 for line in lines), lines
            assert any(line.startswith(f"  {FOLDER}") for line in lines), lines  # whole
        else:
            assert lines == [said]
