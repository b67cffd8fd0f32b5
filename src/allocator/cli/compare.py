"""`allocate compare RUN_A RUN_B`: what changed from A to B, on screen and as files."""

from __future__ import annotations

import hashlib
from functools import partial
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from allocator.cli.common import LanguageOption, user_errors
from allocator.cli.rich_tables import print_frame
from allocator.cli.wrapping import print_wrapped
from allocator.compare import (
    Comparison,
    RunTables,
    classified,
    compare_runs,
    currencies,
    labelled_in,
    load_run_tables,
    objective_change,
    refuse_unrelated,
)
from allocator.compare_kpis import distinct, plan_inputs, run_note
from allocator.errors import UserError
from allocator.report.cell_texts import percent_text
from allocator.report.compare_report import (
    compare_report,
    heading,
    shown_headline,
    shown_inputs,
    translated,
    with_causes_named,
    write_compare_workbook,
)
from allocator.report.language import Words
from allocator.report.naming import manifest_words
from allocator.runs import Writer, csv_writer, text_writer, write_run
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
    """Runs headed by their labels, with their notes: expected value, key figures (spend,
    loss, capital, RMs, coverage by tier, moves), packages, the scenario values that differ,
    KPI deltas per tier, offer and RM; customers that changed, and whether B had to change
    them (forced) or could have kept A's choice at no cost (free); limits that started or
    stopped binding. Writes CSVs, compare.html and compare.xlsx."""
    with user_errors():
        if run_a.resolve() == run_b.resolve():  # no change to tell, nor a gap to blame
            raise UserError.said("compare_same_run", folder=run_a)
        a, b = load_run_tables(run_a), load_run_tables(run_b)
        refuse_unrelated((run_a, run_b), a, b)
        words = manifest_words(b.manifest, language)
        a, b = (labelled_in(run, folder, words.language)
                for run, folder in ((a, run_a), (b, run_b)))
        result = classified(run_a, run_b, compare_runs(a, b))
        words = with_causes_named(words, result)
        digest = hashlib.sha256(f"{run_a.resolve()}|{run_b.resolve()}".encode()).hexdigest()[:8]
        folder = write_run(out or run_b.resolve().parent.parent, "compare", digest,
                           _files(result, (a, b), words), written="comparison")
    _print_comparison(result, (a, b), words, run_a)
    print_wrapped(words("written", folder=folder), hanging="  ",
                  whole=[folder])  # the path on one line, spaces and all, to paste


def _files(result: Comparison, runs: tuple[RunTables, RunTables], words: Words
           ) -> dict[str, Writer]:
    """The comparison's CSVs, compare.html and compare.xlsx, side by side."""
    notes = _noise_lines(*runs, result, words)
    files: dict[str, Writer] = {
        "headline.csv": csv_writer(result.headline), "kpis.csv": csv_writer(result.kpis),
        "packages.csv": csv_writer(result.packages),
        "scenario_differences.csv": csv_writer(result.inputs),
        "changed_customers.csv": csv_writer(result.customers),
        "change_counts.csv": csv_writer(result.changes),
        "binding_changes.csv": csv_writer(result.binding),
        "compare.html": text_writer(compare_report(
            result, distinct(runs[0].name, runs[1].name), words, notes)),
        "compare.xlsx": partial(write_compare_workbook, result=result, words=words,
                                notes=notes)}
    return files | {f"{key}_deltas.csv": csv_writer(table)
                    for key, table in result.deltas.items()}


def _print_comparison(result: Comparison, runs: tuple[RunTables, RunTables], words: Words,
                      run_a: Path) -> None:
    a, b = runs
    # folder names, whole; the verdict (net of RM cost first) before the tables
    print_wrapped(f"A = {a.name}, B = {b.name}", hanging="  ")
    for line in _noise_lines(a, b, result, words):
        print_wrapped(line, hanging="")
    print_frame(shown_headline(result.headline), heading("compare_headline", result, words),
                words)
    print_frame(result.kpis, heading("compare_kpis", result, words), words)
    print_frame(translated(result.packages, words, values=True), words("compare_packages"),
                words)
    inputs, display_only = plan_inputs(result.inputs)
    if len(inputs):
        print_frame(translated(shown_inputs(inputs), words, values=True),
                    words("compare_inputs"), words)
    if display_only:
        print_wrapped(words("compare_display_only", count=display_only), hanging="")
    for key, column, title in (("tiers", "tier", "compare_by_tier"),
                               ("offers", "offer_id", "compare_by_offer")):
        table = result.deltas[key]
        print_frame(table[[column, *[c for c in table.columns if c.endswith(CHANGES)]]],
                    heading(title, result, words), words)
    print_frame(result.changes, words("compare_customers"), words)
    free = _free_rm_changes(result.changes)
    if free:
        hint = "compare_free_hint" if result.books is None else "compare_free_hint_books"
        print_wrapped(words(hint, free=f"{free:,}", base=run_a), hanging="  ",
                      whole=[run_a])  # the path stays whole, to paste
    if len(result.binding):
        print_frame(result.binding[["constraint", "label", "change"]], words("compare_binding"),
                    words)


def _proven_same(change: float | None, band: float | None) -> bool:
    """Whether B is worth what A is to the unit, the runs' bounds proving it: the change and
    its noise band both under half a unit."""
    return change is not None and band is not None and f"{abs(change):,.0f}" == "0" \
        and f"{band:,.0f}" == "0"


def _noise_lines(a: RunTables, b: RunTables, result: Comparison, words: Words) -> list[str]:
    """The verdict first: what B is worth against A, and whether that is beyond the runs'
    combined gap; then the currency of the amounts, whether parts only shifted value
    between them, whether the runs plan different books, and each run's note, in words."""
    books = result.books
    apart = [] if books is None else [words(
        "compare_books", both=f"{books.both:,}", only_a=f"{books.only_a:,}",
        only_b=f"{books.only_b:,}")]
    return _value_lines(a, b, result, words) + apart + _run_notes((a, b), words)


def _value_lines(a: RunTables, b: RunTables, result: Comparison, words: Words) -> list[str]:
    """What B is worth against A and its verdict, net of RM cost first, and the currency of
    the amounts; runs in two currencies have each its value in its currency instead, and no
    verdict."""
    money = currencies(a, b)
    if money[0] != money[1]:
        values = (f"{float(run.manifest['solver'].get('objective') or 0.0):,.0f}"
                  for run in (a, b))
        return [words("compare_currencies", a=money[0], b=money[1], value_a=next(values),
                      value_b=next(values))]
    lines = [words("amounts_in", currency=money[0])]
    change, band, said = objective_change(a, b)
    net = _net_lines(a, b, change, money[1], words)
    if _proven_same(change, band):
        lines.insert(0, words("compare_same_gross" if net else "compare_same"))
    elif said == BEYOND and change is not None:  # the verdict first
        base = float(a.manifest["solver"].get("objective") or 0.0)
        lines.insert(0, words("compare_beyond_gross" if net else "compare_beyond",
                              delta=f"{change:+,.0f}", currency=money[1],
                              share=percent_text(change / abs(base), "+") if base else "—",
                              band=f"{band or 0:,.0f}"))
    elif change is not None:
        lines.insert(0, words("compare_within" if said == WITHIN else "compare_uncertified",
                              delta=f"{change:+,.0f}", band=f"{band or 0:,.0f}"))
    lines[:0] = net  # net of RM cost leads
    if any((table.filter(like="_within_gap") == SHIFTED).any().any()
           for table in result.deltas.values()):
        lines.append(words("compare_shifted"))
    return lines


def _net_lines(a: RunTables, b: RunTables, change: float | None, currency: str, words: Words
               ) -> list[str]:
    """B's value net of RM cost against A's, and how its RM cost and its value before RM cost
    changed, when both runs price their RMs; none otherwise."""
    nets = [_kpi(run, "net_value") for run in (a, b)]
    if nets[0] is None or nets[1] is None or change is None:
        return []
    delta = nets[1] - nets[0]
    cost = change - delta
    same_cost = f"{abs(cost):,.0f}" == "0"  # never "changes by +0 EUR"
    return [words("compare_net_same_cost" if same_cost else "compare_net",
                  delta=f"{delta + 0.0:+,.0f}", currency=currency,
                  share=percent_text(delta / abs(nets[0]), "+") if nets[0] else "—",
                  cost=f"{cost + 0.0:+,.0f}", gross=f"{change + 0.0:+,.0f}")]


def _kpi(run: RunTables, name: str) -> float | None:
    """A figure of the run's manifest KPIs; None where the run has none."""
    value = (run.manifest.get("kpis") or {}).get(name)
    return float(value) if isinstance(value, int | float) else None


def _run_notes(runs: tuple[RunTables, RunTables], words: Words) -> list[str]:
    """Why each run was made (its `--note`), by its letter and label, for the runs that say."""
    names = distinct(runs[0].name, runs[1].name)
    return [words("compare_note", run=letter, label=name, note=note)
            for letter, name, run in zip("AB", names, runs, strict=True)
            if (note := run_note(run.manifest))]


def _free_rm_changes(changes: pd.DataFrame) -> int:
    """RM changes B could have kept at no cost (counted by compare's classification)."""
    free = changes.loc[changes["change"] == "rm: free", "customers"]
    return int(free.iloc[0]) if len(free) else 0
