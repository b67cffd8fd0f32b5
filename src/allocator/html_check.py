"""report.html against what the run folder writes again: its title, its key figures (status,
expected value, bound, gap, customers, covered, spend, expected loss, from the manifest) and
its assumptions box (from the manifest's record), each as the page renders it and required
verbatim; the charts and tables behind them are covered by the file's hash alone."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from allocator.errors import cut, told
from allocator.report.assumptions import assumptions_of
from allocator.report.formats import percent_text, view
from allocator.report.html import Card, report_page
from allocator.report.language import Words
from allocator.report.summary import money
from allocator.report.summary_facts import SUMMARY, SummaryFacts, assumed
from allocator.run_folder import read_manifest
from allocator.summary_check import REWRITTEN_FROM, Folder

TITLE = re.compile(r"<title>.*?</title>", re.S)
ASSUMPTIONS = re.compile(r'<section class="assumptions".*?</section>', re.S)
CARD = re.compile(r'<div class="card [^"]*">.*?</div></div>', re.S)


def html_difference(folder: Folder, words: Words) -> str | None:
    """The first part of report.html that differs from the part rendered again (None where
    none does, or the run is older than the manifest's `summary` record)."""
    path = folder.path / "report.html"
    manifest = read_manifest(folder.path)
    if (not path.is_file() or not isinstance(manifest.get(SUMMARY), dict)
            or not all(name in folder.tables for name in REWRITTEN_FROM)
            or not _finite(manifest["solver"].get("objective"))):
        return None  # the check of the objective names a claimed value that is no number
    try:
        page = report_page(words, title=words("plan_title", scenario=folder.inputs.scenario.name),
                           cards=_cards(manifest, folder, words),
                           assumptions=view(assumptions_table(manifest, folder, words),
                                            words))
    except (KeyError, TypeError, ValueError, AttributeError):
        return told("html_unwritten", record=SUMMARY)
    found = path.read_text(encoding="utf-8", errors="replace")
    wanted = [*TITLE.findall(page), *CARD.findall(page), *ASSUMPTIONS.findall(page)]
    missing = next((part for part in wanted if part not in found), None)
    return None if missing is None else told("html_differs", want=cut(_text(missing), 200))


def assumptions_table(manifest: Mapping[str, Any], folder: Folder, words: Words
                      ) -> pd.DataFrame:
    """The assumptions box written again from the manifest and the saved scenario."""
    tables = folder.tables
    facts = SummaryFacts(folder.inputs.scenario, manifest, tables["tier_summary.csv"],
                         tables["offer_summary.csv"], tables["constraints.csv"],
                         folder.inputs.rms)
    return assumptions_of(assumed(facts), words)


def _cards(manifest: Mapping[str, Any], folder: Folder, words: Words) -> list[Card]:
    """The key figures every plan's report opens with, from the manifest and tier_summary."""
    solver, unit = manifest["solver"], folder.inputs.scenario.objective.currency
    tiers = folder.tables["tier_summary.csv"]
    status, bound, gap = solver["status"], solver.get("bound"), solver.get("gap")
    return [
        Card(words("status"), words.term(status), f"status-{status}"),
        Card(words("expected_value"), f"{money(float(solver['objective']))} {unit}"),
        Card(words("best_bound"),
             words("none") if bound is None else f"{money(float(bound))} {unit}"),
        Card(words("gap"), words("unknown") if gap is None else percent_text(float(gap))),
        Card(words("card_customers"), f"{int(tiers['customers'].sum()):,}"),
        Card(words("card_covered"), f"{int(tiers['covered'].sum()):,}"),
        Card(words("card_spend"), f"{money(float(tiers['budget'].sum()))} {unit}"),
        Card(words("card_loss"), f"{money(float(tiers['expected_loss'].sum()))} {unit}"),
    ]


def _finite(value: object) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(value))


def _text(html: str) -> str:
    """A part of the page as its reader sees it: tags made spaces, blanks folded."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())
