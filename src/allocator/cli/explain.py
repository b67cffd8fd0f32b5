"""`allocate explain RUN_DIR CUSTOMER_ID`: why this tier, this RM and these offers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator.cli.common import console, user_errors
from allocator.cli.tables import print_frame
from allocator.explain import explain as explain_customer


def explain(
    run_dir: Annotated[Path, typer.Argument(help="A run folder.")],
    customer_id: Annotated[str, typer.Argument(help="The customer to explain.")],
) -> None:
    """Why a customer got their tier, RM and offers, with the alternatives and their prices."""
    with user_errors():
        found = explain_customer(run_dir, customer_id)
    console.print(f"[bold]{escape(str(found.customer_id))}[/]")
    for line in found.tier:
        console.print(f"  {line}", markup=False)
    if len(found.rm):
        print_frame(found.rm, "RMs this customer could have (value; price of an hour there)")
    else:
        console.print("  no RM coverage for this tier", markup=False)
    columns = ["offer_id", "made", "value", "priced_by_limits", "why"]
    print_frame(found.offers[columns], "Offers")
    if found.timeline:
        console.print("[bold]Calendar[/]")
        for line in found.timeline:
            console.print(f"  {line}", markup=False)
