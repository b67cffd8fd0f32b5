"""`allocate sweep SCENARIO --vary key=values ...`: a what-if grid and its frontier."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from allocator.cli.common import (
    DaskOption,
    DbUrlOption,
    ScenarioAddressOption,
    ScenarioDbUrlOption,
    SetOption,
    UseOption,
    output_folder_option,
    user_errors,
    with_dask,
)
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame
from allocator.cli.run import notice
from allocator.cli.stopping import scenario_language, stoppable
from allocator.cli.wrapping import print_wrapped
from allocator.report.language import Words
from allocator.report.sweep_tables import frontier_shown, knee_line, sweep_shown, tolerance_lines
from allocator.staging import reached
from allocator.sweep_run import run_sweep
from allocator.sweep_tightening import TIGHTEN_FACTOR, TIGHTEN_ROUNDS


def sweep(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    vary: Annotated[list[str], typer.Option(help="key=start:stop:step or key=v1,v2,...")],
    zip_: Annotated[bool, typer.Option("--zip", help="Pair the --vary lists instead of a grid."
                                       )] = False,
    jobs: Annotated[int, typer.Option(min=1, help="Points planned in parallel.")] = 1,
    set_: SetOption = None,
    use: UseOption = None,
    dask: DaskOption = None,
    out: Annotated[Path | None, typer.Option(callback=output_folder_option,
                                             help="Folder for the sweep folder.")] = None,
    tighten: Annotated[int, typer.Option(min=0, help=(
        "Times neighbouring points within each other's gap are re-solved with a gap target "
        f"{TIGHTEN_FACTOR} times tighter (0: never)."))] = TIGHTEN_ROUNDS,
    base: Annotated[Path | None, typer.Option(help=(
        "A run folder whose plan the point at the scenario's own values (else the middle "
        "point) keeps the most of, or 'today' for today's books (default: the latest run of "
        "the same scenario and data without overrides, else today's books); every other point "
        "keeps its neighbour's."))] = None,
    scenario_address: ScenarioAddressOption = False,
    db_url: DbUrlOption = None,
    scenario_db_url: ScenarioDbUrlOption = False,
    resume: Annotated[bool, typer.Option(help="Complete the interrupted sweep of the same "
                                              "options: plan only the points it had not "
                                              "finished.")] = False,
) -> None:
    """Plan every point of a what-if grid; tabulate them and the efficient frontier."""
    language = scenario_language(scenario, set_ or [], use or [])
    with stoppable("stopped_sweep", language), user_errors(), console.status(
            Words(language())("status_sweeping", scenario=scenario)):
        result = run_sweep(scenario, vary, zip_, jobs, with_dask(set_, dask), use or [], out,
                           tighten, base, scenario_address, resume, notice, db_url,
                           scenario_db_url)
    words = Words(result.language, result.labels)
    print_frame(sweep_shown(result.table, words), words("sweep_table"), words)
    if result.currency:
        print_wrapped(words("amounts_in", currency=result.currency), hanging="")
    for line in tolerance_lines(result.table, words, TIGHTEN_FACTOR, tighten):
        print_wrapped(line, hanging="")
    if result.frontier is not None:
        print_frame(frontier_shown(result.frontier, words, currency=result.currency),
                    words("frontier_table"), words)
        knee = knee_line(result.frontier, words)
        if knee:
            print_wrapped(knee, hanging="")
    print_wrapped(words("written", folder=result.folder), hanging="  ",
                  whole=[result.folder])  # the path on one line, spaces and all, to paste
    reached("done")  # a test hook: a signal after the last line still says it stopped
