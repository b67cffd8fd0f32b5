"""`allocate verify RUN_DIR`: re-check a saved plan against every constraint, from its files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator import api
from allocator.cli.common import console, errors, user_errors
from allocator.folder_check import UNHASHED


def verify(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `allocate run`.")],
) -> None:
    """Recompute every constraint family and the objective of a saved plan."""
    with user_errors():
        report = api.verify_run(run_dir)
    for note in (*report.file_notes, *report.notes):
        errors.print(f"  [yellow]note:[/] {escape(note)}")
    for violation in report.violations:
        target = console if violation.soft else errors
        target.print(f"  - {violation.describe()}", markup=False)
    if not report.ok:
        errors.print(f"[bold red]verify failed:[/] {len(report.hard_violations)} violation(s) "
                     f"in {escape(str(run_dir))}")
        sys.exit(1)
    tiers = "tiers not recomputed" if report.notes else "tiers recomputed from the raw data"
    files = ("files not checked against hashes" if any(
        n.startswith(UNHASHED) for n in report.file_notes) else
        "every file the run wrote matching its hash")
    console.print(f"{run_dir}: plan passes every check "
                  f"({len(report.constraints)} limits measured; {tiers}; {files}; objective "
                  f"{report.objective:,.2f} recomputed and matching).", markup=False)
