"""`allocate import`: write a scenario from a public instance's tables."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from allocator.campaigns.bigler import import_bigler
from allocator.cli.common import output_folder_option, user_errors
from allocator.cli.wrapping import print_wrapped
from allocator.errors import LANGUAGE, InputOutputError
from allocator.report.language import Words

imports = typer.Typer(help="Write a scenario (and its tables) from a public instance.",
                      no_args_is_help=True)


@imports.command()
def bigler(
    folder: Annotated[Path, typer.Argument(help="The instance's folder (table1.csv to "
                                           "table4.csv).")],
    out: Annotated[Path, typer.Option(callback=output_folder_option,
                                      help="Folder for scenario.yaml and its tables.")],
    soft: Annotated[bool, typer.Option(help="Let the business constraints (assignments, "
                                       "budgets, sales) give at a penalty.")] = False,
    penalty: Annotated[float, typer.Option(min=0, help="Penalty per unit a soft business "
                                           "constraint gives.")] = 1000.0,
) -> None:
    """A customer-assignment instance of Bigler, Kammermann and Baumann (2023): activities,
    eligible pairs, business and contact rules, conflicts, as a calendar scenario."""
    with user_errors():
        if not folder.exists():
            raise InputOutputError.said("no_instance_folder", folder=folder)
        if not folder.is_dir():
            raise InputOutputError.said("instance_not_folder", folder=folder)
        path = import_bigler(folder, out, soft, penalty)
        print_wrapped(Words(LANGUAGE.get())("import_wrote", path=path), hanging="  ",
                      whole=[path])  # the locale's language: a scenario has its own
