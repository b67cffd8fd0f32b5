"""The run's terminal prose at 80 columns: the closest-plan line and the notes about the
prices wrapped under their first word, each limit named in full, paths kept whole."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from rich.cells import cell_len

from allocator.cli.consoles import console
from allocator.cli.run import _print_price_notes
from allocator.cli.wrapping import wrapped_lines
from allocator.report.language import Words
from allocator.report.term_words import OF_WHICH
from tests.builders import two_customers
from tests.test_drivers import hours_before_budget
from tests.test_zh_everywhere import allocate, folder_in

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
    drivers = pd.DataFrame({"constraint": ["rm_capacity", "rm_capacity", "tier_loss",
                                           "offer_quota"],
                            "label": ["premier_rm", OF_WHICH + "R3", "mass", "credit_card"],
                            "price_note": ["", "whole decisions leave room",
                                           "whole decisions leave room", "another limit binds first"]})
    monkeypatch.setattr(console, "_width", 80)
    for language, named in (
            ("en", "about the price: RM hours premier RM / R3, tier loss concentration mass: "
                   "priced with"),
            ("zh", "边际价值说明：客户经理工时（贵宾客户经理 / R3）、")):
        with console.capture() as captured:
            _print_price_notes(drivers, Words(language))  # type: ignore[arg-type]
        lines = captured.get().splitlines()
        assert max(cell_len(line) for line in lines) <= 80, lines
        text = (" " if language == "en" else "").join(line.strip() for line in lines)
        assert text.startswith(named), lines
        assert lines[0].startswith("  ") and "  " not in lines[0].strip(), lines
        notes = [line for line in lines if not line.startswith("    ")]
        # a note said once for the two limits it is about, the other note its own paragraph
        assert len(notes) == 2 and lines[1].startswith("    "), lines


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


def test_a_notice_wraps_on_a_terminal_and_in_a_file_alike(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """At 80 columns, the terminal's width or a file's (no COLUMNS, no terminal), as an error
    wraps: a notice read as one line of any length in a file or through a pipe."""
    import io

    from rich.console import Console

    from allocator.cli import run as cli_run
    from allocator.cli import wrapping as cli_wrapping

    said = (f"The point planned first keeps the most of the plan of the run {FOLDER} (the "
            "latest run of this scenario and data without overrides, kept by default)")
    monkeypatch.delenv("COLUMNS", raising=False)  # no width given but the terminal's
    for terminal in (True, False):
        out = io.StringIO()
        monkeypatch.setattr(cli_wrapping, "errors", Console(file=out, width=80,
                                                            force_terminal=terminal))
        cli_run.notice(said)
        lines = out.getvalue().splitlines()
        assert len(lines) > 1 and all(cell_len(line) <= 80 for line in lines), lines
        assert any(line.startswith(f"  {FOLDER}") for line in lines), lines  # whole
        assert " ".join(lines).split() == said.split(), lines


@pytest.mark.parametrize(("language", "label"), [("en", "Written to"), ("zh", "输出目录：")])
def test_a_long_output_folder_goes_whole_under_its_label_at_80_columns(
        tmp_path: Path, language: str, label: str) -> None:
    """run, compare and sweep at 80 columns: a folder too long to follow its label stands on
    the next line, whole, in Chinese as in English (the Chinese label once held it on its own
    line, past 80 columns)."""
    scenario = str(two_customers(tmp_path / "world"))
    out = str(tmp_path / "reports-of-the-planning-committee-for-the-whole-bank")
    said = ("--out", out, "--set", f"output.language={language}")
    first = allocate("run", scenario, *said)
    second = allocate("run", scenario, *said, "--set", "budget.total=3")
    compared = allocate("compare", str(folder_in(first.output)), str(folder_in(second.output)),
                        "--out", out)
    swept = allocate("sweep", scenario, "--vary", "budget.total=5,6", *said)
    for printed in (first, compared, swept):
        assert printed.exit_code == 0, printed.output
        lines = printed.output.splitlines()
        folder = str(folder_in(printed.output))
        at = lines.index(f"  {folder}")
        assert len(folder) > 80 and lines[at - 1].endswith(label), lines[at - 1:]
        assert cell_len(lines[at - 1]) <= 80, lines[at - 1:]


CLOSING = "）)]」』】》〉、。，．：；！？%％"
"""What a line of Chinese never starts with (kinsoku)."""


def starts_with_a_closing_mark(line: str) -> bool:
    """A line (a table's border and padding taken off) whose text starts with a closing mark."""
    text = line.strip().strip("│┃").strip()
    return text[:1] in CLOSING if text else False


def test_chinese_prose_fills_its_lines_and_no_line_starts_with_a_closing_mark() -> None:
    note = ("对方案起约束作用的限额，按影响从大到小排列：所有紧约束（恰好用满，或边际价值不为零）、"
            "使用率达到 98% 及以上的限额，以及上调后重新求解有收益的限额（全账簿限额的收益可能来"
            "自随之上调的各层级份额，与其收益相同）；按客户经理的行已按职级与区域汇总，客户经理的"
            "月度行另按月份汇总（限额与使用量相加，边际价值取各客户经理中最大者，不取各客户经理的"
            "平均）。放宽价值：限额放宽 20% 的价值。")
    lines = wrapped_lines(note, 80, hanging="")
    assert all(cell_len(line) <= 80 for line in lines), lines
    assert not any(starts_with_a_closing_mark(line) for line in lines), lines
    assert all(cell_len(line) >= 76 for line in lines[:-1]), lines  # none broken early
    assert "使用率达到 98% 及以上的限额" in "".join(lines), lines
    assert "".join(lines) == note
    head = ("demo_zh：最优（精确，highs，1.8 秒）— 预期价值 5,424,098 EUR（扣除客户经理成本后的价值 "
            "2,070,222 EUR，客户经理成本 3,353,876 EUR），上界 5,424,202 EUR，间隙 0.0019%")
    first = wrapped_lines(head, 80, hanging="")[0]
    assert cell_len(first) >= 76 and first.endswith("EUR（扣除客户经理成本后"), first


def test_a_chinese_cell_wraps_by_width_without_a_closing_mark_first() -> None:
    from allocator.cli.rich_tables import cell_text

    for text, width in (("至少（超出范围未测算）", 10),
                        ("客户经理工时每增加一小时（贵宾客户经理，价值最高处 RM00006）", 26)):
        lines = cell_text(text, width).plain.splitlines()
        assert len(lines) > 1 and all(cell_len(line) <= width for line in lines), lines
        assert not any(starts_with_a_closing_mark(line) for line in lines), lines
        assert not any(line.endswith("（") for line in lines), lines
    assert cell_text("  其中 客户经理工时每增加一小时（贵宾客户经理）", 20).plain.splitlines()[1] \
        .startswith("  "), "an indented row's lines stay indented"
    assert cell_text("客户经理工时 贵宾客户经理", 14).plain == "客户经理工时 贵宾客户经理"


def test_a_chinese_run_at_80_columns_wraps_by_width(tmp_path: Path) -> None:
    printed = allocate("run", str(hours_before_budget(tmp_path)), "--out", str(tmp_path / "cli"),
                       "--set", "output.baselines=false", "--set", "output.language=zh")
    assert printed.exit_code == 0, printed.output
    lines = [line for line in printed.output.splitlines() if "/" not in line]  # paths whole
    assert lines and all(cell_len(line) <= 80 for line in lines), lines
    assert not any(starts_with_a_closing_mark(line) for line in lines), lines
    note = next(i for i, line in enumerate(lines) if line.startswith("对方案起约束"))
    assert all(cell_len(line) >= 76 for line in lines[note:note + 4]), lines  # filled
    assert any("使用率达到 98% 及以上的限额" in line for line in lines), lines


def test_the_lines_explain_prints_wrap_under_their_first_word(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    from allocator.cli import explain as cli_explain

    left = {"en": ("left the incumbent RM RM00009 for RM00008: RM00009's hours were full (99.7% "
                   "used, an hour priced at 13.74 EUR per RM hour); net of the hours, the "
                   "continuity bonus counted, RM00008 is worth 29.88 EUR more"),
            "zh": ("离开原客户经理 RM00009，改由 RM00008 服务：RM00009 的工时已满（已使用 99.7%，"
                   "工时价格为每客户经理工时 13.74 EUR）；扣除工时并计入连续性加分后，RM00008 多"
                   "值 29.88 EUR")}
    offers = pd.DataFrame(columns=["offer_id", "made", "value", "priced_by_limits", "why"])
    for language, line in left.items():
        found = SimpleNamespace(customer_id="C00002", tier=[], rm_reasons=[line], rm=[],
                                offers=offers, timeline=[], currency="EUR")
        monkeypatch.setattr(cli_explain, "explain_customer", lambda *_, found=found: found)
        monkeypatch.setattr(cli_explain, "folder_words", lambda *_, lang=language: Words(lang))
        printed = allocate("explain", "/nowhere", "C00002")
        lines = printed.output.splitlines()
        first = next(i for i, shown in enumerate(lines) if shown.startswith("  " + line[:5]))
        assert len(lines[first:first + 3]) == 3, lines
        assert all(shown.startswith("    ") and cell_len(shown) <= 80
                   for shown in lines[first + 1:first + 3]), lines
        assert not any(starts_with_a_closing_mark(shown) for shown in lines), lines


def test_a_notice_wraps_through_a_pipe_where_columns_gives_a_width(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from rich.console import Console

    from allocator.cli import run as cli_run
    from allocator.cli import wrapping as cli_wrapping

    for language in ("en", "zh"):
        for said in (Words(language)("plain_run_first"),
                     Words(language)("sweep_base_plain_run", folder=FOLDER)):
            out = io.StringIO()
            monkeypatch.setattr(cli_wrapping, "errors", Console(file=out, width=80,
                                                                force_terminal=False))
            monkeypatch.setenv("COLUMNS", "80")
            cli_run.notice(said)
            lines = out.getvalue().splitlines()
            assert len(lines) > 1, lines
            assert all(cell_len(line) <= 80 for line in lines if FOLDER not in line), lines
            assert not any(starts_with_a_closing_mark(line) for line in lines), lines


def _paragraphs_wrap_at_80(lines: list[str], starts: str) -> list[str]:
    """The paragraph that starts with `starts` among `lines`: wrapped within 80 columns (a
    line holding a path aside), each line after its first indented, none ending in a space."""
    first = next(i for i, line in enumerate(lines) if line.startswith(starts))
    rest = list(itertools.takewhile(lambda line: line.startswith("  ") and not line.startswith(
        "  - "), lines[first + 1:]))
    paragraph = [lines[first], *rest]
    assert len(paragraph) > 1, lines
    assert all(cell_len(line) <= 80 for line in paragraph if "/" not in line), paragraph
    assert not any(line.endswith(" ") for line in paragraph), paragraph
    assert not any(starts_with_a_closing_mark(line) for line in paragraph), paragraph
    return paragraph


@pytest.mark.parametrize(("language", "bullet", "cause"), [
    ("en", "  - sales target for o short by 2", "  - offer 'o': its minimum of 2"),
    ("zh", "  - 销售目标（涉及 o）缺口 2", "  - 产品 'o'：其最低量 2")])
def test_a_diagnosis_and_a_cause_found_before_the_solve_wrap_at_80_columns(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, bullet: str,
        cause: str) -> None:
    from tests.builders import offer, world

    monkeypatch.setenv("COLUMNS", "80")
    customers = [{"customer_id": f"C{i}", "do_not_contact": True} for i in range(3)]
    path = world(tmp_path, customers, offers={"o": offer(100, minimum=2)})
    printed = allocate("run", str(path), "--set", f"output.language={language}")
    assert printed.exit_code == 1, printed.output
    lines = printed.output.splitlines()
    found = _paragraphs_wrap_at_80(lines, cause)  # named beside the diagnosis (readiness)
    assert all(line.startswith("    ") for line in found[1:]), found
    diagnosis = _paragraphs_wrap_at_80(lines, bullet)
    assert all(line.startswith("    ") for line in diagnosis[1:]), diagnosis


def test_the_last_line_of_a_run_wraps_at_80_columns_keeping_its_path_whole(
        tmp_path: Path) -> None:
    printed = allocate("run", str(hours_before_budget(tmp_path)), "--out", str(tmp_path / "cli"),
                       "--set", "output.baselines=false")
    assert printed.exit_code == 0, printed.output
    lines = printed.output.splitlines()
    last = _paragraphs_wrap_at_80(lines, "Plan checked independently: passed.")
    assert last[-1].startswith("  /") and " " not in last[-1].strip(), last  # whole, to paste
