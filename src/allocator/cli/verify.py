"""`allocate verify RUN_DIR`: re-check a saved plan against every constraint, from its files
(every point's run folder, given a sweep folder)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator import api
from allocator.cli.common import console, errors, user_errors
from allocator.errors import UserError
from allocator.folder_check import UNHASHED


def verify(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `allocate run`, or "
                                                 "a sweep folder (each point is verified).")],
) -> None:
    """Recompute every constraint family and the objective of a saved plan."""
    points = api.sweep_points(run_dir)
    if points is None:
        if not _verified(run_dir):
            sys.exit(1)
        return
    if not points:
        with user_errors():
            raise UserError(f"{run_dir}: a sweep folder without a planned point; nothing to "
                            "verify.")
    planned = [point for point in points if api.has_plan(point)]
    for point in sorted(set(points) - set(planned)):
        errors.print(f"  [yellow]note:[/] {escape(str(point))}: this point has no plan "
                     "(see its summary.md); nothing to verify.")
    failed = [point for point in planned if not _verified(point)]
    if failed:
        errors.print(f"[bold red]verify failed:[/] {len(failed)} of {len(points)} points of "
                     f"the sweep {escape(str(run_dir))}")
        sys.exit(1)
    console.print(f"{run_dir}: every planned point of the sweep ({len(planned)} of "
                  f"{len(points)}) passes every check.", markup=False)


def _verified(run_dir: Path) -> bool:
    """Verify one run folder, saying what was found; whether it passed."""
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
        return False
    tiers = "tiers not recomputed" if report.notes else "tiers recomputed from the raw data"
    files = ("files not checked against hashes" if any(
        n.startswith(UNHASHED) for n in report.file_notes) else
        "every file the run wrote matching its hash")
    console.print(f"{run_dir}: plan passes every check "
                  f"({len(report.constraints)} limits measured; {tiers}; {files}; objective "
                  f"{report.objective:,.2f} recomputed and matching).", markup=False)
    return True
