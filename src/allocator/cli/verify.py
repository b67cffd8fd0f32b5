"""`allocate verify RUN_DIR`: re-check a saved plan against every constraint, from its files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator import api
from allocator.cli.common import LanguageOption, console, errors, user_errors
from allocator.folder_check import UNHASHED
from allocator.report.naming import folder_words


def verify(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `allocate run`.")],
    language: LanguageOption = None,
) -> None:
    """Recompute every constraint family and the objective of a saved plan."""
    words = folder_words(run_dir, language)
    with user_errors():
        report = api.verify_run(run_dir)
    for note in (*report.file_notes, *report.notes):
        errors.print(f"  [yellow]{escape(words('note'))}[/]{escape(note)}")
    for violation in report.violations:
        target = console if violation.soft else errors
        target.print("  - " + words("soft_line" if violation.soft else "violated_line",
                                    constraint=words.term(violation.constraint),
                                    label=words.term(violation.label),
                                    detail=violation.detail), markup=False)
    if not report.ok:
        errors.print(f"[bold red]{escape(words('verify_failed'))}[/]" + escape(words(
            "verify_violations", count=len(report.hard_violations), folder=run_dir)))
        sys.exit(1)
    tiers = words("verify_tiers_saved" if report.notes else "verify_tiers_recomputed")
    files = words("verify_unhashed" if any(n.startswith(UNHASHED) for n in report.file_notes)
                  else "verify_hashed")
    console.print(words("verify_passed", folder=run_dir, limits=len(report.constraints),
                        tiers=tiers, files=files, objective=f"{report.objective:,.2f}"),
                  markup=False)
