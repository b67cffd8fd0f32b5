"""report.html against the page the run folder writes again, whole: the same functions the run
used (report/plan_page.py) write it from the folder alone (the manifest with its `summary`
record, the tables as the plan gives them, the saved RMs, offers and tiered customers), and the
two must agree byte for byte. Every figure a reader sees is held so: the key figures, the
decision's sentences, the drivers, the details' tables, the charts' text and the appendix. The
first line that differs is named, with the section it stands in.

Where the run was written by another allocator, matplotlib or jinja2 than verify's (the
manifest's versions), the charts' drawing may differ by the library alone: the page is then
compared with every chart's SVG left out (their figures are in the tables beside them)."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from html import unescape
from importlib import metadata
from typing import Any

import pandas as pd

from allocator.campaigns.calendar_tables import activity_table, contact_sheet
from allocator.errors import cut, told
from allocator.report.assumptions import assumptions_of
from allocator.report.language import Words
from allocator.report.page_facts import PageFacts
from allocator.report.plan_page import plan_page
from allocator.report.plan_tables import migration_of
from allocator.report.summary_facts import SUMMARY, SummaryFacts, assumed
from allocator.report.workbook import SHEET_ROWS
from allocator.run_folder import read_manifest
from allocator.summary_check import REWRITTEN_FROM, Folder, folder_facts

PAGE_FROM = (*REWRITTEN_FROM, "rm_books.csv")
"""The tables report.html is written again from (as the plan gives them)."""
DRAWN_WITH = ("allocator", "matplotlib", "jinja2")
"""The packages whose versions decide the page's bytes beyond the folder's contents."""
SVG = re.compile(r"<svg.*?</svg>", re.S)
HEADING = re.compile(r'<h[123][^>]*>(.*?)</h[123]>|<figure class="chart[^"]*" id="([^"]+)"')


def html_difference(folder: Folder, words: Words) -> str | None:
    """The first line of report.html that differs from the page written again from the run
    folder (None where none does, or the run is older than the manifest's `summary`
    record)."""
    path = folder.path / "report.html"
    manifest = read_manifest(folder.path)
    if (not path.is_file() or not isinstance(manifest.get(SUMMARY), dict)
            or not all(name in folder.tables for name in PAGE_FROM)
            or not _finite(manifest["solver"].get("objective"))):
        return None  # the check of the objective names a claimed value that is no number
    try:
        page = plan_page(page_facts(manifest, folder, words), words)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return told("html_unwritten", record=SUMMARY)
    found = path.read_text(encoding="utf-8", errors="replace")
    if not same_drawing(manifest):
        page, found = SVG.sub("<svg/>", page), SVG.sub("<svg/>", found)
    return None if found == page else page_difference(found, page)


def page_facts(manifest: Mapping[str, Any], folder: Folder, words: Words) -> PageFacts:
    """What report.html shows, from the run folder: summary.md's facts, rm_books.csv, the
    tiered customers' migration and, under a campaign calendar, its activities from the
    offers made."""
    scenario, offers = folder.inputs.scenario, folder.inputs.offers
    calendar, made = scenario.calendar, folder.tables["offer_plan.csv"]
    migration = migration_of(folder.inputs.customers, [str(t) for t in scenario.tiers],
                             words("new_customer"))
    return PageFacts(folder_facts(manifest, folder), folder.tables["rm_books.csv"], migration,
                     None if calendar is None else activity_table(calendar, offers, made),
                     None if calendar is None else contact_sheet(calendar, offers, made,
                                                                 SHEET_ROWS))


def same_drawing(manifest: Mapping[str, Any]) -> bool:
    """Whether verify draws with the versions the run drew with."""
    recorded = manifest.get("versions")
    if not isinstance(recorded, Mapping):
        return False
    for name in DRAWN_WITH:
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            return False
        if recorded.get(name) != installed:
            return False
    return True


def page_difference(found: str, wanted: str) -> str:
    """The first line of `found` that differs from `wanted`, with the heading (or chart) it
    stands under in `wanted`."""
    at = next((i for i, (a, b) in enumerate(zip(found, wanted, strict=False)) if a != b),
              min(len(found), len(wanted)))
    number = wanted.count("\n", 0, at) + 1
    have, want = found.splitlines(), wanted.splitlines()
    line_found = "" if number > len(have) else _text(have[number - 1]) or have[number - 1]
    line_wanted = "" if number > len(want) else _text(want[number - 1]) or want[number - 1]
    found_text, want_text = _differing(line_found, line_wanted)
    return told("html_line_differs", line=number, section=_section(wanted[:at]),
                found=found_text, want=want_text)


def _section(page: str) -> str:
    """The last heading or chart that opens in `page`."""
    marks = HEADING.findall(page)
    if not marks:
        return "<head>"
    heading, chart = marks[-1]
    return _text(heading) if heading else chart


def _differing(found: str, want: str, width: int = 160) -> tuple[str, str]:
    """The two lines from a little before where they first part, each cut to `width`."""
    start = next((i for i, (a, b) in enumerate(zip(found, want, strict=False)) if a != b),
                 min(len(found), len(want)))
    start = max(0, start - 40)
    lead = "…" if start else ""
    return lead + cut(found[start:], width), lead + cut(want[start:], width)


def assumptions_table(manifest: Mapping[str, Any], folder: Folder, words: Words
                      ) -> pd.DataFrame:
    """The assumptions box written again from the manifest and the saved scenario."""
    tables = folder.tables
    facts = SummaryFacts(folder.inputs.scenario, manifest, tables["tier_summary.csv"],
                         tables["offer_summary.csv"], tables["constraints.csv"],
                         folder.inputs.rms)
    return assumptions_of(assumed(facts), words)


def _finite(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _text(html: str) -> str:
    """A part of the page as its reader sees it: tags made spaces, blanks folded."""
    return unescape(" ".join(re.sub(r"<[^>]+>", " ", html).split()))
