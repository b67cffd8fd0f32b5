"""`allocate runs`: list the runs and sweep points under a reports folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from allocator.cli.common import LanguageOption, console, errors, user_errors
from allocator.cli.tables import print_frame
from allocator.report.language import Words
from allocator.run_index import LOCK_WAIT, sync


def runs(
    reports: Annotated[Path, typer.Option(help="The reports folder.")] = Path("reports"),
    scenario: Annotated[str | None, typer.Option(help="Only this scenario.")] = None,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    last: Annotated[int, typer.Option(min=1, help="Show the latest N.")] = 20,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for a registry another "
                                                    "allocate process holds open.")] = LOCK_WAIT,
    language: LanguageOption = None,
) -> None:
    """List runs from the registry (rebuilt from the run folders when needed), then each run's
    folder in full, to give to compare, explain or verify."""
    words = Words(language or "en")
    with user_errors():
        table = sync(reports, lambda text: errors.print(words("warning") + text, markup=False,
                                                        soft_wrap=True), wait)
    if scenario:
        table = table[table["scenario"] == scenario]
    if status:
        table = table[table["status"] == status]
    shown = table.tail(last).reset_index(drop=True)
    shown.insert(0, "#", range(1, len(shown) + 1))
    columns = ["#", "label", "status", "method", "objective", "gap", "spend", "applied"]
    print_frame(shown[columns], words("runs_title", reports=reports, count=len(table)), words)
    if table.empty:
        console.print(words("runs_none"), markup=False)
    for number, folder in zip(shown["#"], shown["folder"], strict=True):
        console.print(f"{number:>3}  {reports / folder}", markup=False, soft_wrap=True,
                      highlight=False)  # whole on one line, to paste
