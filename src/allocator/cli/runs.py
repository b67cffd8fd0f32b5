"""`allocate runs`: list the runs and sweep points under a reports folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from allocator.cli.common import console, errors, user_errors
from allocator.cli.tables import print_frame
from allocator.run_index import LOCK_WAIT, sync


def runs(
    reports: Annotated[Path, typer.Option(help="The reports folder.")] = Path("reports"),
    scenario: Annotated[str | None, typer.Option(help="Only this scenario.")] = None,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    last: Annotated[int, typer.Option(min=1, help="Show the latest N.")] = 20,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for a registry another "
                                                    "allocate process holds open.")] = LOCK_WAIT,
) -> None:
    """List runs from the registry (rebuilt from the run folders when needed)."""
    with user_errors():
        table = sync(reports, lambda text: errors.print(f"warning: {text}", markup=False,
                                                        soft_wrap=True), wait)
    if scenario:
        table = table[table["scenario"] == scenario]
    if status:
        table = table[table["status"] == status]
    columns = ["folder", "label", "status", "method", "objective", "gap", "spend", "applied"]
    print_frame(table[columns].tail(last), f"Runs in {reports} ({len(table)} matching)")
    if table.empty:
        console.print("No runs yet: plan a scenario with `allocate SCENARIO.yaml`.")
