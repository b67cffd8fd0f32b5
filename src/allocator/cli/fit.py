"""`allocate fit SCENARIO`: train the scenario's propensity, PD and churn models, report AUC and
calibration on held-out customers, and write the scored book."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator import api
from allocator.cli.common import SetOption, UseOption, output_folder_option, user_errors
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame
from allocator.cli.stopping import scenario_language
from allocator.cli.wrapping import print_wrapped
from allocator.report.language import Words
from allocator.report.naming import scenario_words


def fit(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file with a 'models' section.")],
    set_: SetOption = None,
    use: UseOption = None,
    out: Annotated[Path | None, typer.Option(callback=output_folder_option,
                                             help="Folder for the fit folder (default: the "
                                                  "scenario's output.dir).")] = None,
    compare: Annotated[bool, typer.Option(help="Also fit each model with the other method and "
                                               "compare AUC and Brier.")] = False,
) -> None:
    """Train calibrated classifiers (logistic regression or gradient boosting) on historical
    outcomes, measure them on held-out customers, and write the per-customer predictions."""
    said = Words(scenario_language(scenario, set_ or [], use or [])())
    with user_errors(), console.status(said("status_fitting", scenario=scenario)):
        fitted = api.fit(scenario, set_ or [], use or [], out)
    words = scenario_words(fitted.scenario)
    for report in fitted.reports:
        column = words.named(report.column)
        print_wrapped(words("fit_line", column=f"[bold]{escape(column)}[/]",
                            target=escape(report.target), method=words.term(report.method),
                            auc=report.auc, brier=report.brier, base_rate=report.base_rate,
                            trained_on=report.trained_on, held_out=report.held_out),
                      hanging="  ", markup=True)
        print_frame(report.calibration, words("fit_calibration", column=column), words)
    if compare:
        with user_errors(), console.status(words("status_fitting_both")):
            table = api.compare_methods(fitted, fitted.scenario)
        print_frame(table, words("fit_methods"), words)
    print_wrapped(words("fit_written", folder=fitted.folder), hanging="  ",
                  whole=[fitted.folder])  # the path on one line, spaces and all, to paste
