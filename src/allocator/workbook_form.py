"""plan.xlsx as a whole: its sheets, by name and in order, as the run writes them; no formula
and no comment in any cell, nor macros or links to other workbooks (none is ever written);
and its assumptions sheet as the run's manifest writes it again."""

from __future__ import annotations

import math
import re
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pandas as pd

from allocator.errors import examples, in_a_row, told
from allocator.headcount import plans_rms
from allocator.html_check import assumptions_table
from allocator.report.language import Words
from allocator.report.paper import mandatory_tiers
from allocator.report.summary_facts import SUMMARY
from allocator.run_folder import read_manifest
from allocator.summary_check import REWRITTEN_FROM, Folder
from allocator.workbook_check import Shown, sheet_difference, sheet_rows
from allocator.workbook_display import display_difference
from allocator.workbook_views import views_difference

SHEETS = ("summary", "assumptions", "tiers", "rm books", "offers", "constraints",
          "customer plan")
"""The sheets of every plan.xlsx, in order (report/run_files.py plan_files)."""
CALENDAR_SHEETS = ("calendar", "contacts")
OPTIONAL = ("rm hours",)
"""A sheet written under a calendar where the plan has RM hours by month."""
FORMULA = re.compile(rb"<(?:\w+:)?f[ >/]")
FOREIGN_PARTS = ("comments", "threadedcomments", "vbaproject", "externallink", "persons")
"""Parts of a workbook's zip the run never writes: comments, macros, links to other files."""


def workbook_form_difference(path: Path, manifest: Mapping[str, Any], words: Words
                             ) -> str | None:
    """What in plan.xlsx's form differs from what the run writes: a formula or comment, a
    part it never writes, what it shows of its values (workbook_display), its sheets'
    names, count and order, or their views, filters and print setup (workbook_views)."""
    try:
        with zipfile.ZipFile(path) as book:
            names = book.namelist()
            foreign = [n for n in names if any(p in n.lower() for p in FOREIGN_PARTS)]
            if foreign:
                return told("workbook_foreign_part", part=examples(foreign, 1))
            for name in names:
                if name.startswith("xl/worksheets/") and FORMULA.search(book.read(name)):
                    return told("workbook_formula", part=name)
            shown = display_difference(book) or _titles_difference(path, manifest, words)
            return shown or views_difference(book)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, ElementTree.ParseError):
        return None  # the hash check and the sheets' readers name a damaged workbook


def _titles_difference(path: Path, manifest: Mapping[str, Any], words: Words) -> str | None:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True)
    except Exception:  # a damaged workbook: named by the sheets' readers
        return None
    titles = list(book.sheetnames)
    book.close()
    scenario = manifest.get("resolved_scenario")
    calendar = isinstance(scenario, dict) and scenario.get("calendar") is not None
    wanted = [words.term(t)[:31] for t in (*SHEETS, *(CALENDAR_SHEETS if calendar else ()))]
    optional = [words.term(t)[:31] for t in OPTIONAL] if calendar else []
    if titles == wanted or titles == wanted + optional:
        return None
    return told("workbook_sheets_differ", found=in_a_row(titles), wanted=in_a_row(wanted))


def workbook_differences(folder: Folder, words: Words) -> list[str]:
    """plan.xlsx's form, and its assumptions sheet against the assumptions box written again
    from the manifest (for a run of a whole book that records its `summary`)."""
    path = folder.path / "plan.xlsx"
    manifest = read_manifest(folder.path)
    found = [workbook_form_difference(path, manifest, words)]
    if isinstance(manifest.get(SUMMARY), dict) and all(
            name in folder.tables for name in REWRITTEN_FROM):
        try:
            table = assumptions_table(manifest, folder, words)
        except (KeyError, TypeError, ValueError, AttributeError):
            return [*(d for d in found if d is not None),
                    told("html_unwritten", record=SUMMARY)]
        found.append(sheet_difference(Shown("assumptions", table, str(table.columns[0])),
                                      path, words))
        found.append(figures_difference(folder, path, words))
    return [d for d in found if d is not None]


def figures_difference(folder: Folder, path: Path, words: Words) -> str | None:
    """The summary sheet's figures of the plan (spend, loss, capital, coverage, uplift over
    today's books) against those the folder's tables give; None where they agree."""
    from allocator.report.workbook_sheets import figures_of  # the run's own writer of them

    baselines = folder.path / "baselines.csv"
    wanted = figures_of(folder.tables["tier_summary.csv"], folder.tables["offer_summary.csv"],
                        mandatory_tiers(folder.inputs.scenario),
                        pd.read_csv(baselines) if baselines.exists() else None,
                        plans_rms(folder.inputs.rms, folder.inputs.scenario))
    title = words.term("summary")[:31]
    rows = sheet_rows(path, title)
    if rows is None:
        return told("sheet_missing", title=title)
    found = {str(row[0]): (number, row[1]) for number, row in enumerate(rows, start=1)
             if row and number > 1}  # the sheet's row number beside each item's value
    for item, value in wanted:
        row, got = found.get(words.term(item), (None, None))
        if not isinstance(got, int | float) or not math.isclose(
                float(got), float(value), rel_tol=1e-9, abs_tol=1e-6):  # type: ignore[arg-type]
            return told("sheet_figure_differs", title=title, row=row or "—",
                        item=words.term(item), got=got, wanted=value)
    return None
