"""`allocate runs`: list the runs and sweep points under a reports folder."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from allocator.backends.base import Status
from allocator.cli.common import LanguageOption, user_errors
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame
from allocator.cli.wrapping import print_warnings, print_wrapped
from allocator.errors import InputOutputError, UserError, in_a_row
from allocator.json_files import read_strict_json
from allocator.plain_run import plans_changed
from allocator.report.cell_texts import status_text
from allocator.report.language import Language, Words
from allocator.report.naming import manifest_words, overrides_named
from allocator.run_index import LOCK_WAIT, manifest_paths, sync
from allocator.run_label import minute_utc

STATUSES = tuple(Status)
"""The statuses a run can have (`--status`)."""


def runs(
    reports: Annotated[Path, typer.Option(help="The reports folder.")] = Path("reports"),
    scenario: Annotated[str | None, typer.Option(help="Only this scenario.")] = None,
    status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
    last: Annotated[int, typer.Option(min=1, help="Show the latest N.")] = 20,
    wait: Annotated[float, typer.Option(min=0, help="Seconds to wait for a registry another "
                                                    "allocate process holds open.")] = LOCK_WAIT,
    language: LanguageOption = None,
) -> None:
    """List runs from the registry (rebuilt from the run folders when needed), then each run's
    folder in full, to give to compare, explain or verify."""
    words = Words(language or "en")
    with user_errors():
        if status is not None and status not in STATUSES:
            raise UserError.said("runs_unknown_status", status=status,
                                 statuses=in_a_row(STATUSES))
        if not reports.is_dir():
            raise InputOutputError.said(  # a folder missing, or a file in its place: 4
                "reports_is_file" if reports.exists() else "no_reports_folder", folder=reports)
        table = sync(reports, lambda text: print_warnings([text], words), wait)
    every = table
    if scenario:
        table = table[table["scenario"] == scenario]
    if status:
        table = table[table["status"] == status]
    if table.empty:  # the line alone, without a table of no rows
        unread = len(manifest_paths(reports)) if every.empty else 0
        print_wrapped(_none_said(every, scenario, status, words, reports, unread),
                      hanging="  ", whole=[reports])  # the path whole, to paste
        if unread:  # runs there are, none of them read: an input that could not be read
            sys.exit(InputOutputError.exit_code)
        return
    shown = table.tail(last).reset_index(drop=True)
    if language is None and scenario and len(shown):
        words = _shown_in(reports, shown["folder"])
    shown.insert(0, "#", range(1, len(shown) + 1))
    shown = shown.assign(run_label=run_kinds(shown, words), note=shown["note"].fillna(""),
                         created=shown["created"].map(minute_utc),
                         currency=shown["currency"].fillna(""),  # each run's amounts in it
                         applied=_applied(reports, shown, words),
                         status=_statuses(reports, shown, words))
    columns = ["#", "run_label", "scenario", "created", "status", "method", "currency",
               "objective", *(["net_value"] if shown["net_value"].notna().any() else []), "gap",
               "spend", "applied", "note"]
    title = words("runs_title" if len(shown) == len(table) else "runs_title_last",
                  reports=reports, count=len(table), shown=len(shown))
    print_wrapped(title, hanging="  ", style="italic", whole=[reports])  # the path whole
    print_frame(shown[columns], "", words)
    for number, folder in zip(shown["#"], shown["folder"], strict=True):
        console.print(f"{number:>3}  {reports / folder}", markup=False, soft_wrap=True,
                      highlight=False)  # whole on one line, to paste


def run_kinds(shown: pd.DataFrame, words: Words) -> list[str]:
    """Each run's label, or what it is where it has none: a plan of the scenario as it is, a
    what-if (overrides that change plans) or a sweep's point."""
    kinds = [words("run_kind_point") if kind == "sweep point" else words(
        "run_kind_what_if") if plans_changed(str(applied or "")) else words("run_kind_plan")
        for kind, applied in zip(shown["kind"], shown["applied"], strict=True)]
    labels = shown["label"].fillna("").astype(str).str.strip()
    return [label or kind for label, kind in zip(labels, kinds, strict=True)]


def _applied(reports: Path, shown: pd.DataFrame, words: Words) -> list[str]:
    """What each run applied, its named overrides by the display names its own scenario gives
    them, in the table's language."""
    return [overrides_named(applied, _written_in(reports / folder, words.language))
            for applied, folder in zip(shown["applied"], shown["folder"], strict=True)]


def _statuses(reports: Path, shown: pd.DataFrame, words: Words) -> list[str]:
    """Each run's status as its pages say it (cell_texts.status_text: "optimal" alone only at a
    zero gap, else within the gap target its scenario gave the solver, from its manifest); the
    registry keeps the solver's status."""
    return [status_text(str(status), None if pd.isna(gap) else float(gap),
                        _gap_target(_manifest(reports / folder)), words)
            for status, gap, folder in zip(shown["status"], shown["gap"], shown["folder"],
                                           strict=True)]


def _gap_target(manifest: Mapping[str, Any]) -> float:
    """The gap target the run's scenario gave the solver (solver.gap), else the one the
    solver was given; 0 where the manifest holds neither."""
    resolved = manifest.get("resolved_scenario")
    scenario = resolved.get("solver") if isinstance(resolved, Mapping) else None
    solver = manifest.get("solver")
    for target in (scenario.get("gap") if isinstance(scenario, Mapping) else None,
                   solver.get("relative_gap_target") if isinstance(solver, Mapping) else None):
        if isinstance(target, int | float) and not isinstance(target, bool):
            return float(target)
    return 0.0


def _none_said(every: pd.DataFrame, scenario: str | None, status: str | None, words: Words,
               reports: Path, unread: int) -> str:
    """Why the list is empty: no runs at all, `unread` runs of `reports` none of whose
    manifests could be read (as the warnings before it say), none of the scenario asked for
    (and the scenarios that have runs), or none of the status asked for (and the statuses its
    runs have)."""
    known = sorted({str(name) for name in every["scenario"].dropna()})
    of_scenario = every[every["scenario"] == scenario] if scenario else every
    if unread:
        return words("runs_none_read", reports=reports, count=unread)
    if not known:
        return words("runs_none")
    if of_scenario.empty:
        return words("runs_none_of_scenario", scenario=scenario,
                     scenarios=words.sep("items").join(known))
    statuses = sorted({str(found) for found in of_scenario["status"].dropna()})
    return words("runs_none_with_status", status=status,
                 statuses=words.sep("items").join(statuses))


def _shown_in(reports: Path, folders: pd.Series) -> Words:
    """The words of one scenario's runs: the language they were all written in, else English
    (runs of it in both languages), with the labels of the latest."""
    each = {_written_in(reports / folder).language for folder in folders}
    latest = reports / folders.iloc[-1]
    return _written_in(latest) if len(each) == 1 else _written_in(latest, "en")


def _written_in(folder: Path, language: Language | None = None) -> Words:
    """The language and labels a run was written in (one scenario's runs share them), or its
    labels in `language`; English (or `language`) without labels when its manifest cannot be
    read."""
    manifest = _manifest(folder)
    return manifest_words(manifest, language) if manifest else Words(language or "en")


def _manifest(folder: Path) -> dict[str, Any]:
    """The run's manifest, or nothing where it cannot be read."""
    try:
        manifest = read_strict_json(folder / "manifest.json")
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}
