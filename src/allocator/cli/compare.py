"""`allocate compare RUN_A RUN_B`: what changed from A to B, on screen and as files."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import typer

from allocator.cli.common import console, user_errors
from allocator.cli.tables import print_frame
from allocator.compare import classified, compare_runs, load_run_tables, objective_change
from allocator.report.language import Words
from allocator.runs import csv_writer, write_run
from allocator.tolerance import BEYOND, SHIFTED, WITHIN

CHANGES = ("_delta", "_within_gap")


def compare(
    run_a: Annotated[Path, typer.Argument(help="The run to compare from.")],
    run_b: Annotated[Path, typer.Argument(help="The run to compare to.")],
    out: Annotated[Path | None, typer.Option(help="Folder for the comparison (default: "
                                                  "'compare' beside RUN_B's scenario folder).")
                   ] = None,
) -> None:
    """KPI deltas per tier, offer and RM; customers that changed, and whether B had to change
    them (forced) or could have kept A's choice at no cost (free); limits that started or
    stopped binding."""
    with user_errors():
        a, b = load_run_tables(run_a), load_run_tables(run_b)
        result = classified(run_a, run_b, compare_runs(a, b))
        files = {"headline.csv": csv_writer(result.headline),
                 "changed_customers.csv": csv_writer(result.customers),
                 "change_counts.csv": csv_writer(result.changes),
                 "binding_changes.csv": csv_writer(result.binding)}
        files |= {f"{key}_deltas.csv": csv_writer(table) for key, table in result.deltas.items()}
        digest = hashlib.sha256(f"{run_a.resolve()}|{run_b.resolve()}".encode()).hexdigest()[:8]
        folder = write_run(out or run_b.resolve().parent.parent, "compare", digest, files)
    words = Words(b.manifest.get("resolved_scenario", {}).get("output", {}).get("language", "en"))
    print_frame(result.headline, f"{a.name} -> {b.name}", words)
    change, band, said = objective_change(a, b)
    if said != BEYOND and change is not None:
        console.print(words("compare_within" if said == WITHIN else "compare_uncertified",
                            delta=f"{change:+,.0f}", band=f"{band or 0:,.0f}"), markup=False)
    if any((table.filter(like="_within_gap") == SHIFTED).any().any()
           for table in result.deltas.values()):
        console.print(words("compare_shifted"), markup=False)
    tiers = result.deltas["tiers"]
    print_frame(tiers[["tier", *[c for c in tiers.columns if c.endswith(CHANGES)]]],
                "Change by tier (B - A)", words)
    offers = result.deltas["offers"]
    print_frame(offers[["offer_id", *[c for c in offers.columns if c.endswith(CHANGES)]]],
                "Change by offer (B - A)", words)
    print_frame(result.changes, "Customers that changed")
    if len(result.binding):
        print_frame(result.binding[["constraint", "label", "change"]], "Binding limits")
    console.print(f"Written to {folder}", markup=False)
