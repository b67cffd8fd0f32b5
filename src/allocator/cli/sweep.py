"""`allocate sweep SCENARIO --vary key=values ...`: a what-if grid and its frontier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from allocator.cli.common import DaskOption, SetOption, UseOption, console, user_errors, with_dask
from allocator.cli.tables import print_frame
from allocator.report.language import Words
from allocator.sweep_run import run_sweep


def sweep(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    vary: Annotated[list[str], typer.Option(help="key=start:stop:step or key=v1,v2,...")],
    zip_: Annotated[bool, typer.Option("--zip", help="Pair the --vary lists instead of a grid."
                                       )] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Points planned in parallel.")] = 1,
    set_: SetOption = None,
    use: UseOption = None,
    dask: DaskOption = None,
    out: Annotated[Path | None, typer.Option(help="Folder for the sweep folder.")] = None,
) -> None:
    """Plan every point of a what-if grid; tabulate them and the efficient frontier."""
    with user_errors(), console.status(f"sweeping {scenario}"):
        result = run_sweep(scenario, vary, zip_, jobs, with_dask(set_, dask), use or [], out)
    words = Words(result.language)
    keep = {"point", "status", "objective", "gap", "spend", "expected_loss", "rm_utilization"}
    shown = [c for c in result.table.columns if c in keep or "." in c]
    print_frame(result.table[shown], words("sweep_table"), words)
    if result.frontier is not None:
        print_frame(result.frontier, words("frontier_table"), words)
    console.print(words("written", folder=result.folder), markup=False)
