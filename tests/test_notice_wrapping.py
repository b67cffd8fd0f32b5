"""A run's warnings, `allocate runs`' warnings, the stop line after Ctrl-C or SIGTERM and the
lines of report, compare and validate that name a path wrap at 80 columns in English and in
Chinese through a pipe with no COLUMNS, as errors do: under their first word, by display
width, each path whole (on a line of its own where it is longer than one), the text as the
message says it."""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from rich.cells import cell_len

from allocator import api
from allocator.cli import compare as cli_compare
from allocator.cli import consoles, stopping
from tests.builders import two_customers
from tests.test_error_wrapping import WIDTH, shown

DEEP = "the-planning-committee-of-the-whole-bank/season-2027/reports-for-the-board"
"""Folders deep enough that a path among them is longer than a line."""
WARNING = {"en": "warning:", "zh": "警告："}


def paragraph(lines: list[str], starts: str) -> list[str]:
    """The paragraph whose first line starts with `starts`: that line and the lines standing
    in under its first word."""
    first = next(i for i, line in enumerate(lines) if line.startswith(starts))
    under = " " * (len(starts) - len(starts.lstrip()) + 2)
    rest = lines[first + 1:]
    ends = next((i for i, line in enumerate(rest) if not line.startswith(under)), len(rest))
    return [lines[first], *rest[:ends]]


def assert_wraps(wrapped: list[str], written: list[str], language: str,
                 paths: tuple[Path, ...] = ()) -> None:
    """`wrapped` (a paragraph through a pipe) within 80 columns, but for a line of one of
    `paths` alone (and its marks), and the text of `written` (the same paragraph where no
    line wraps) but for its line breaks; each of `paths` whole on one line."""
    assert len(written) == 1 and cell_len(written[0]) > WIDTH, written  # long enough to wrap
    assert len(wrapped) > 1, wrapped
    for line in wrapped:
        assert cell_len(line) <= WIDTH or any(
            len(line.replace(str(path), "").strip()) <= 3 for path in paths), wrapped
        assert not line.endswith(" "), wrapped
    for path in paths:
        assert any(str(path) in line for line in wrapped), (path, wrapped)
    if language == "en":
        assert " ".join(wrapped).split() == written[0].split(), wrapped
    else:
        assert "".join("".join(wrapped).split()) == "".join(written[0].split()), wrapped


def both_ways(args: list[str], monkeypatch: pytest.MonkeyPatch, starts: str
              ) -> tuple[list[str], list[str]]:
    """The paragraph starting with `starts` of the command's output through a pipe with no
    COLUMNS, and as written (where no line wraps)."""
    _, piped = shown(args, monkeypatch, False)
    _, written = shown(args, monkeypatch, None)
    return paragraph(piped, starts), paragraph(written, starts)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Per language, two runs of two customers (the second with a smaller budget), their
    folders' paths longer than a line."""
    folder = tmp_path_factory.mktemp("notices") / DEEP
    scenario = two_customers(folder / "book")
    made = {}
    for language in ("en", "zh"):
        said = [f"output.language={language}", f"output.dir={folder / language}"]
        made[language] = (api.run(scenario, said).folder,
                          api.run(scenario, [*said, "budget.total=1"]).folder)
    return made


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_run_s_warnings_wrap_at_80_columns_through_a_pipe(
        runs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    """A warning of `allocate run` read one line of some 280 columns through a pipe."""
    scenario = runs[language][0].parent.parent.parent / "book" / "scenario.yaml"
    args = ["run", str(scenario), "--set", f"output.language={language}", "--set",
            "tiers.base.rm_grades.senior_relationship_manager=1", "--set",
            "output.baselines=false"]
    assert_wraps(*both_ways(args, monkeypatch, WARNING[language]), language)


@pytest.mark.damages_manifests
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_runs_warnings_wrap_at_80_columns_keeping_the_path_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    manifest = tmp_path / DEEP / "world" / "20270101T000000Z-0123abcd" / "manifest.json"
    manifest.parent.mkdir(parents=True)
    manifest.write_text("{damaged", encoding="utf-8")
    args = ["runs", "--reports", str(tmp_path / DEEP), "--language", language]
    wrapped, written = both_ways(args, monkeypatch, WARNING[language])
    assert_wraps(wrapped, written, language, (manifest,))
    assert wrapped[1] == f"  {manifest}{'：' if language == 'zh' else ':'}", wrapped


@pytest.mark.parametrize(("language", "starts"), [("en", "Runs in"), ("zh", "/")])
def test_the_runs_title_keeps_its_reports_folder_whole_on_a_line_of_its_own(
        runs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch, language: str,
        starts: str) -> None:
    """The table's title folded the folder at the 80th column (before: .../reports-for-the-b
    on one line, oard/zh (2 matching) on the next)."""
    reports = runs[language][0].parent.parent
    args = ["runs", "--reports", str(reports), "--language", language]
    wrapped, written = both_ways(args, monkeypatch, starts)
    assert_wraps(wrapped, written, language, (reports,))
    assert str(reports) in {line.strip() for line in wrapped}, wrapped


@pytest.mark.parametrize(("language", "starts"), [("en", "Stopped by SIGTERM"),
                                                   ("zh", "已由 SIGTERM 停止")])
def test_the_stop_line_wraps_at_80_columns_keeping_the_folder_whole(
        runs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], language: str, starts: str) -> None:
    """SIGTERM once the run folder is in place names it: through a pipe, the line wraps and
    the folder stands whole on a line of its own."""
    folder = runs[language][0]

    def stop_line(width: int | None) -> list[str]:
        with monkeypatch.context() as patch:
            patch.delenv("COLUMNS", raising=False)
            patch.setattr(os, "get_terminal_size", _no_terminal)
            if width is not None:
                patch.setattr(consoles.errors, "_width", width)
            with pytest.raises(SystemExit) as stop:
                stopping._stop(signal.SIGTERM, "stopped_written", lambda: language,
                               folder=folder)
        assert stop.value.code == 143
        return paragraph(capsys.readouterr().err.splitlines(), starts)

    assert_wraps(stop_line(None), stop_line(10_000), language, (folder,))


def _no_terminal(fd: int = 1) -> os.terminal_size:
    raise OSError("not a terminal")


def report_files(folder: Path, language: str) -> tuple[list[str], str]:
    """`allocate report`'s lines and the first of its files (report.html)."""
    return ["report", str(folder)], "  " + ("the report, for a browser:" if language == "en"
                                            else "报告（浏览器阅读）：")


def validated(folder: Path, language: str) -> tuple[list[str], str]:
    """`allocate validate` of the run's scenario, which names the customer table it read."""
    scenario = folder.parent.parent.parent / "book" / "scenario.yaml"
    return (["validate", str(scenario), "--set", f"output.language={language}"],
            "data.customers")


@pytest.mark.parametrize("language", ["en", "zh"])
@pytest.mark.parametrize("command", [report_files, validated])
def test_report_and_validate_wrap_their_path_lines_at_80_columns(
        runs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch, language: str,
        command: Callable[[Path, str], tuple[list[str], str]]) -> None:
    """report's files and validate's tables were printed one line each, past 80 columns."""
    folder = runs[language][0]
    args, starts = command(folder, language)
    path = folder / "report.html" if command is report_files else (
        folder.parent.parent.parent / "book" / "customers.csv")
    wrapped, written = both_ways(args, monkeypatch, starts)
    assert_wraps(wrapped, written, language, (path,))
    assert f"  {path}" in wrapped or f"    {path}" in wrapped, wrapped  # alone, to paste


@pytest.mark.parametrize(("language", "starts"), [("en", "3 RM changes were free"),
                                                   ("zh", "3 处客户经理变更是非必要的")])
def test_compare_wraps_its_hint_naming_a_run_at_80_columns(
        runs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch, language: str,
        starts: str) -> None:
    monkeypatch.setattr(cli_compare, "_free_rm_changes", lambda changes: 3)
    first, second = runs[language]
    args = ["compare", str(first), str(second), "--out", str(first.parent.parent / "cmp")]
    assert_wraps(*both_ways(args, monkeypatch, starts), language, (first,))


def test_generate_says_where_it_wrote_at_80_columns_keeping_the_folder_whole(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder was broken within its name, at the terminal's last column."""
    folder = tmp_path / DEEP / "generated-books" / "book-1"
    args = ["generate", str(folder), "--customers", "20", "--overwrite"]
    wrapped, written = both_ways(args, monkeypatch, "wrote")
    assert_wraps(wrapped, written, "en", (folder,))
    assert wrapped[-1] == f"  {folder}", wrapped
