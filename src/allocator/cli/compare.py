"""`allocate compare RUN_A RUN_B`: what changed from A to B, on screen and as files."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from allocator.cli.common import LanguageOption, console, user_errors
from allocator.cli.tables import print_frame
from allocator.compare import (
    Comparison,
    RunTables,
    classified,
    compare_runs,
    load_run_tables,
    objective_change,
)
from allocator.report.language import Words
from allocator.report.naming import manifest_words
from allocator.runs import csv_writer, write_run
from allocator.tolerance import BEYOND, SHIFTED, WITHIN

CHANGES = ("_delta", "_within_gap")


def compare(
    run_a: Annotated[Path, typer.Argument(help="The run to compare from.")],
    run_b: Annotated[Path, typer.Argument(help="The run to compare to.")],
    out: Annotated[Path | None, typer.Option(help="Folder for the comparison (default: "
                                                  "'compare' beside RUN_B's scenario folder).")
                   ] = None,
    language: LanguageOption = None,
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
    words = manifest_words(b.manifest, language)
    _print_comparison(result, (a, b), words, run_a)
    console.print(words("written", folder=folder), markup=False, soft_wrap=True)


def _print_comparison(result: Comparison, runs: tuple[RunTables, RunTables], words: Words,
                      run_a: Path) -> None:
    a, b = runs
    print_frame(result.headline.rename(columns={a.name: "A", b.name: "B"}),
                f"A = {a.name}, B = {b.name}", words)  # the runs' folder names, whole
    change, band, said = objective_change(a, b)
    if said != BEYOND and change is not None:
        console.print(words("compare_within" if said == WITHIN else "compare_uncertified",
                            delta=f"{change:+,.0f}", band=f"{band or 0:,.0f}"), markup=False)
    if any((table.filter(like="_within_gap") == SHIFTED).any().any()
           for table in result.deltas.values()):
        console.print(words("compare_shifted"), markup=False)
    for key, column, title in (("tiers", "tier", "compare_by_tier"),
                               ("offers", "offer_id", "compare_by_offer")):
        table = result.deltas[key]
        print_frame(table[[column, *[c for c in table.columns if c.endswith(CHANGES)]]],
                    words(title), words)
    print_frame(result.changes, words("compare_customers"), words)
    free = _free_rm_changes(result.changes)
    if free:
        console.print(words("compare_free_hint", free=f"{free:,}", base=run_a), markup=False,
                      soft_wrap=True)  # the path stays whole, to paste
    if len(result.binding):
        print_frame(result.binding[["constraint", "label", "change"]], words("compare_binding"),
                    words)


def _free_rm_changes(changes: pd.DataFrame) -> int:
    """RM changes B could have kept at no cost (counted by compare's classification)."""
    free = changes.loc[changes["change"] == "rm: free", "customers"]
    return int(free.iloc[0]) if len(free) else 0
