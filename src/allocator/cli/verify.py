"""`allocate verify RUN_DIR`: re-check a saved plan against every constraint, from its files
(every point's run folder, given a sweep folder)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator import api
from allocator.checks import Violation
from allocator.cli.common import LanguageOption, user_errors
from allocator.cli.consoles import console, errors
from allocator.cli.wrapping import print_paragraphs
from allocator.errors import UserError
from allocator.folder_check import FAMILY as FILES
from allocator.folder_check import UNHASHED
from allocator.report.language import Language, Words
from allocator.report.naming import folder_words
from allocator.report.violation_words import violation_detail


def verify(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `allocate run`, or "
                                                 "a sweep folder (each point is verified).")],
    language: LanguageOption = None,
) -> None:
    """Recompute every constraint family and the objective of a saved plan."""
    points = api.sweep_points(run_dir)
    if points is None:
        if not _verified(run_dir, language):
            sys.exit(1)
        return
    words = folder_words(points[0], language) if points else folder_words(run_dir, language)
    if not points:
        with user_errors():
            raise UserError(words("verify_sweep_empty", folder=run_dir))
    planned = [point for point in points if api.to_verify(point)]
    for point in sorted(set(points) - set(planned)):
        _note(words("verify_point_no_plan", folder=point), words, point)
    failed = [point for point in planned if not _verified(point, language)]
    with user_errors():
        own = api.verify_sweep(run_dir)
        notes = api.verify_sweep_notes(run_dir)
    for note in notes:
        _note(note, words, run_dir)
    _say(own, words)
    if own and not failed:
        _failed(words("verify_violations", count=len(own), folder=run_dir), words, run_dir)
        sys.exit(1)
    if failed:
        _failed(words("verify_sweep_failed", failed=len(failed), points=len(points),
                      folder=run_dir), words, run_dir)
        sys.exit(1)
    print_paragraphs(words("verify_sweep_passed", folder=run_dir, planned=len(planned),
                           points=len(points)), stream=console, whole=[run_dir])


def _say(violations: list[Violation], words: Words) -> None:
    """One paragraph for each finding: on the terminal if soft, else on the error stream."""
    for violation in violations:
        print_paragraphs("  - " + _finding(violation, words),
                         stream=console if violation.soft else errors)


def _finding(violation: Violation, words: Words) -> str:
    """A finding as a line says it: a file's by its name (customer_plan.csv: column 'tier'
    differs ...), a limit's or rule's by its name and label (budget [total] violated: ...)."""
    detail = violation_detail(violation, words)
    if violation.family == FILES:
        return words("file_line", file=violation.label, detail=detail)
    return words("soft_line" if violation.soft else "violated_line",
                 constraint=words.term(violation.constraint),
                 label=words.term(violation.label), detail=detail)


def _verified(run_dir: Path, language: Language | None) -> bool:
    """Verify one run folder, saying what was found; whether it passed."""
    words = folder_words(run_dir, language)
    with user_errors():
        report = api.verify_run(run_dir)
    for note in (*report.file_notes, *report.notes):
        _note(note, words, run_dir)
    _say(report.violations, words)
    if not report.ok:
        _failed(words("verify_violations", count=len(report.hard_violations), folder=run_dir),
                words, run_dir)
        return False
    files = words("verify_unhashed" if any(n.startswith(UNHASHED) for n in report.file_notes)
                  else "verify_hashed")
    if not api.has_plan(run_dir):
        print_paragraphs(words("verify_passed_no_plan", folder=run_dir, files=files),
                         stream=console, whole=[run_dir])
        return True
    tiers = words("verify_tiers_saved" if report.notes else "verify_tiers_recomputed")
    print_paragraphs(words("verify_passed", folder=run_dir, limits=len(report.constraints),
                           tiers=tiers, files=files, objective=f"{report.objective:,.2f}"),
                     stream=console, whole=[run_dir])
    return True


def _note(note: str, words: Words, folder: Path) -> None:
    """A note on what verify could not check in full, indented under the findings' heading."""
    print_paragraphs(f"  {note}", lead=f"[yellow]{escape(words('note'))}[/]", whole=[folder])


def _failed(verdict: str, words: Words, folder: Path) -> None:
    """The verdict of a folder that fails, after a red "verify failed: "."""
    print_paragraphs(verdict, lead=f"[bold red]{escape(words('verify_failed'))}[/]",
                     whole=[folder])
