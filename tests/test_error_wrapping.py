"""Errors and verify's findings and verdict at 80 columns, in English and in Chinese, on a
terminal of 80 columns and through a pipe: wrapped by display width (a Chinese character two
columns), under their first word, words, ids and paths whole, the text as the message says
it; a file verify finds edited named once, by its name."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from allocator import api
from allocator.cli import consoles
from allocator.cli.app import app
from tests.builders import two_customers, world

WIDTH = 80
ASCII_WORD = re.compile(r"[!-~]+")
"""A run of printable ASCII in Chinese text: an id, a key, a path or a number."""
CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""What a terminal reads and does not show: a spinner hiding the cursor and showing it."""


def shown(args: list[str], monkeypatch: pytest.MonkeyPatch, terminal: bool | None
          ) -> tuple[int, list[str]]:
    """The command's exit code and lines (stdout and stderr) in-process: on a terminal of 80
    columns (terminal), through a pipe with no terminal anywhere and no COLUMNS (not
    terminal), or at a width no line reaches (None: the text as written)."""
    with monkeypatch.context() as patch:
        patch.delenv("COLUMNS", raising=False)
        if terminal is None:
            for console in (consoles.console, consoles.errors):
                patch.setattr(console, "_width", 10_000)
        else:
            def size(fd: int = 1) -> os.terminal_size:
                if not terminal:
                    raise OSError("not a terminal")
                return os.terminal_size((WIDTH, 24))

            patch.setattr(os, "get_terminal_size", size)
            for console in (consoles.console, consoles.errors):
                patch.setattr(console, "_force_terminal", terminal)
        result = CliRunner().invoke(app, args)
    return result.exit_code, CONTROL.sub("", result.output).splitlines()


def assert_wrapped(lines: list[str], written: list[str], language: str,
                   paths: tuple[Path, ...] = ()) -> None:
    """`lines` within 80 columns (one of `paths` too long for any line aside, on a line of its
    own but for its brackets and marks), none ending in a space; the text of `written` (the
    same output at a width no line reaches) unchanged but for line breaks: every word, id and
    path whole."""
    assert any(cell_len(line) > WIDTH for line in written), written  # long enough to wrap
    assert len(lines) > len(written), lines
    for line in lines:
        assert cell_len(line) <= WIDTH or any(
            len(line.replace(str(path), "").strip()) <= 3 for path in paths), line
        assert not line.endswith(" "), lines
    said, text = "\n".join(lines), "\n".join(written)
    if language == "en":
        assert said.split() == text.split(), lines
    else:
        assert "".join(said.split()) == "".join(text.split()), lines
        for word in ASCII_WORD.findall(text):
            assert any(word in line for line in lines), (word, lines)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scenario whose customer table holds text in a number column, in a folder deep
    enough that its path makes an error line long."""
    folder = tmp_path_factory.mktemp("errors") / "the-planning-committee" / "customer-books"
    customers = [{"customer_id": f"C{i:05d}", "tier_key": "high" if i % 2 else 1.0}
                 for i in range(24)]
    return world(folder, customers)


def error_commands(book: Path) -> dict[str, tuple[list[str], int]]:
    """Errors of each kind, by what is wrong: each command and its exit code."""
    scenario = str(book)
    return {"missing scenario": (["run", str(book.with_name("no-such-scenario.yaml"))], 4),
            "bad column": (["validate", scenario], 2),
            "bad --set": (["validate", scenario, "--set", "budget.total=abc", "--set",
                           "budget.totl=5", "--set", "tiers.top.max_offers=-1"], 2),
            "usage": (["runs", str(book.parent)], 2)}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_errors_wrap_at_80_columns_on_a_terminal_and_through_a_pipe(
        book: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    said = ["--language", "zh"] if language == "zh" else []
    paths = (book.with_name("no-such-scenario.yaml"), book.with_name("customers.csv"),
             book.parent)
    for kind, (args, code) in error_commands(book).items():
        args = [*args, *(said if kind == "usage" else
                         ["--set", f"output.language={language}"])]
        written = shown(args, monkeypatch, None)
        for terminal in (True, False):
            exit_code, lines = shown(args, monkeypatch, terminal)
            assert exit_code == written[0] == code, (kind, terminal, lines)
            assert_wrapped(lines, written[1], language, paths)
            error = next(line for line in lines if line.startswith(("error", "Error", "错误")))
            assert all(line.startswith("  ") for line in lines[lines.index(error) + 1:]
                       if not line.startswith(("--set", "运行“"))), (kind, lines)


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run of two customers, its folder's path longer than a line."""
    return api.run(two_customers(tmp_path_factory.mktemp("verified") / "the-committee")).folder


@pytest.fixture()
def edited(planned: Path, tmp_path: Path) -> Path:
    """A copy of the run whose customer_plan.csv puts customer A in another tier."""
    folder = Path(shutil.copytree(planned, tmp_path / planned.name))
    plan = folder / "customer_plan.csv"
    plan.write_text(plan.read_text(encoding="utf-8").replace("A,top", "A,base", 1),
                    encoding="utf-8")
    return folder


@pytest.mark.parametrize("language", ["en", "zh"])
def test_verify_wraps_its_verdict_and_findings_at_80_columns(
        planned: Path, edited: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    for folder, code in ((planned, 0), (edited, 1)):
        args = ["verify", str(folder), "--language", language]
        written = shown(args, monkeypatch, None)
        for terminal in (True, False):
            exit_code, lines = shown(args, monkeypatch, terminal)
            assert exit_code == written[0] == code, (terminal, lines)
            assert_wrapped(lines, written[1], language, (folder,))


@pytest.mark.parametrize(("language", "finding", "verdict"), [
    ("en", "  - customer_plan.csv: column 'tier' differs from customer_plan.parquet for 1 "
           "customer: A", "verify failed: violations in {folder}: 1"),
    ("zh", "  - 文件 customer_plan.csv：列“tier”与 customer_plan.parquet 不同，涉及 1 位客户：A",
     "校验未通过：{folder} 中有 1 处违反")])
def test_an_edited_file_is_named_once_by_what_changed_in_a_sentence(
        edited: Path, monkeypatch: pytest.MonkeyPatch, language: str, finding: str,
        verdict: str) -> None:
    """Its hash differs too; the column that differs says what changed, and the file is
    named by its name, as a path leads an error (no 'files [customer_plan.csv] violated')."""
    code, lines = shown(["verify", str(edited), "--language", language], monkeypatch, None)
    assert code == 1, lines
    findings = [line for line in lines if line.startswith("  - ")]
    assert findings == [finding], lines
    assert lines[-1] == verdict.format(folder=edited), lines


@pytest.mark.parametrize(("language", "finding"), [
    ("en", "  - inputs/offers.json: changed since the run wrote it (its SHA-256 differs from "
           "the one in manifest.json)"),
    ("zh", "  - 文件 inputs/offers.json：运行写出后已被修改（其 SHA-256 与 manifest.json 中记录"
           "的不同）")])
def test_a_file_no_check_reads_again_is_named_by_its_hash(
        planned: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str,
        finding: str) -> None:
    folder = Path(shutil.copytree(planned, tmp_path / planned.name))
    offers = folder / "inputs" / "offers.json"
    offers.write_text(offers.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    code, lines = shown(["verify", str(folder), "--language", language], monkeypatch, None)
    assert code == 1, lines
    assert [line for line in lines if line.startswith("  - ")] == [finding], lines
