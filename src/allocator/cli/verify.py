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
from allocator.cli.common import LanguageOption, console, errors, user_errors
from allocator.errors import UserError
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
        errors.print(f"  [yellow]{escape(words('note'))}[/]"
                     + escape(words("verify_point_no_plan", folder=point)), soft_wrap=True)
    failed = [point for point in planned if not _verified(point, language)]
    with user_errors():
        own = api.verify_sweep(run_dir)
        notes = api.verify_sweep_notes(run_dir)
    for note in notes:
        errors.print(f"  [yellow]{escape(words('note'))}[/]{escape(note)}", soft_wrap=True)
    _say(own, words)
    if own and not failed:
        errors.print(f"[bold red]{escape(words('verify_failed'))}[/]" + escape(words(
            "verify_violations", count=len(own), folder=run_dir)), soft_wrap=True)
        sys.exit(1)
    if failed:
        errors.print(f"[bold red]{escape(words('verify_failed'))}[/]" + escape(words(
            "verify_sweep_failed", failed=len(failed), points=len(points), folder=run_dir)),
                     soft_wrap=True)
        sys.exit(1)
    console.print(words("verify_sweep_passed", folder=run_dir, planned=len(planned),
                        points=len(points)), markup=False, soft_wrap=True)


def _say(violations: list[Violation], words: Words) -> None:
    """One line for each finding: on the terminal if soft, else on the error stream."""
    for violation in violations:
        target = console if violation.soft else errors
        target.print("  - " + words("soft_line" if violation.soft else "violated_line",
                                    constraint=words.term(violation.constraint),
                                    label=words.term(violation.label),
                                    detail=violation_detail(violation, words)),
                     markup=False)


def _verified(run_dir: Path, language: Language | None) -> bool:
    """Verify one run folder, saying what was found; whether it passed."""
    words = folder_words(run_dir, language)
    with user_errors():
        report = api.verify_run(run_dir)
    for note in (*report.file_notes, *report.notes):
        errors.print(f"  [yellow]{escape(words('note'))}[/]{escape(note)}", soft_wrap=True)
    _say(report.violations, words)
    if not report.ok:
        errors.print(f"[bold red]{escape(words('verify_failed'))}[/]" + escape(words(
            "verify_violations", count=len(report.hard_violations), folder=run_dir)),
                     soft_wrap=True)
        return False
    files = words("verify_unhashed" if any(n.startswith(UNHASHED) for n in report.file_notes)
                  else "verify_hashed")
    if not api.has_plan(run_dir):
        console.print(words("verify_passed_no_plan", folder=run_dir, files=files), markup=False,
                      soft_wrap=True)  # the path stays whole, to paste
        return True
    tiers = words("verify_tiers_saved" if report.notes else "verify_tiers_recomputed")
    console.print(words("verify_passed", folder=run_dir, limits=len(report.constraints),
                        tiers=tiers, files=files, objective=f"{report.objective:,.2f}"),
                  markup=False, soft_wrap=True)  # the path stays whole, to paste
    return True
