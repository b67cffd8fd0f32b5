"""`allocate explain RUN_DIR CUSTOMER_ID`: why this tier, this RM and these offers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from allocator.cli.common import LanguageOption, user_errors
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame
from allocator.cli.wrapping import print_wrapped
from allocator.explain import explain as explain_customer
from allocator.explain import shown_rms
from allocator.report.naming import folder_words


def explain(
    run_dir: Annotated[Path, typer.Argument(help="A run folder.")],
    customer_id: Annotated[str, typer.Argument(help="The customer to explain.")],
    language: LanguageOption = None,
) -> None:
    """Why a customer got their tier, RM and offers, with the alternatives and their prices."""
    words = folder_words(run_dir, language)
    with user_errors():
        found = explain_customer(run_dir, customer_id, words)
    console.print(f"[bold]{escape(str(found.customer_id))}[/]")
    for line in [*found.tier, *found.rm_reasons]:
        print_wrapped(line, first="  ")
    if len(found.rm):
        print_frame(shown_rms(found.rm, found.currency, words), words("explain_rms"), words)
    else:
        print_wrapped(words("explain_no_rm"), first="  ")
    columns = ["offer_id", "made", "value", "priced_by_limits", "why"]
    print_frame(found.offers[columns].rename(columns={"made": "offered"}), words("offers"), words)
    if found.timeline:
        console.print(f"[bold]{escape(words('explain_calendar'))}[/]")
        for line in found.timeline:
            print_wrapped(line, first="  ")
