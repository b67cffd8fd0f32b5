"""`allocate fit SCENARIO`: train the scenario's propensity, PD and churn models, report AUC and
calibration on held-out customers, and write the scored book."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator import api
from allocator.cli.common import SetOption, UseOption, user_errors
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame


def fit(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file with a 'models' section.")],
    set_: SetOption = None,
    use: UseOption = None,
    out: Annotated[Path | None, typer.Option(help="Folder for the fit folder (default: the "
                                                  "scenario's output.dir).")] = None,
    compare: Annotated[bool, typer.Option(help="Also fit each model with the other method and "
                                               "compare AUC and Brier.")] = False,
) -> None:
    """Train calibrated classifiers (logistic regression or gradient boosting) on historical
    outcomes, measure them on held-out customers, and write the per-customer predictions."""
    with user_errors(), console.status(f"fitting the models of {scenario}"):
        fitted = api.fit(scenario, set_ or [], use or [], out)
    for report in fitted.reports:
        console.print(f"[bold]{escape(report.column)}[/] from '{escape(report.target)}' "
                      f"({report.method}): "
                      f"AUC {report.auc:.3f}, Brier {report.brier:.4f}, base rate "
                      f"{report.base_rate:.1%}; trained on {report.trained_on:,}, measured on "
                      f"{report.held_out:,} held-out customers")
        print_frame(report.calibration, f"Calibration of {report.column} (held out, by decile)")
    if compare:
        with user_errors(), console.status("fitting both methods"):
            table = api.compare_methods(fitted, fitted.scenario)
        print_frame(table, "Logistic regression against gradient boosting (held out)")
    console.print(f"Scored book written to {fitted.folder} (customers.parquet, rms.csv, "
                  "fit.json, calibration.csv). A scenario can read it as data.customers and "
                  "data.rms without refitting.", markup=False)
