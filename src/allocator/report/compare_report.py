"""compare.html and compare.xlsx: two runs side by side for a planning committee, headed by the
runs' labels, in the runs' language. Pure: a comparison in, HTML text and sheets out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocator.compare import Comparison
from allocator.report.formats import view
from allocator.report.html import Card, Section, _page
from allocator.report.language import Words
from allocator.report.workbook import write_workbook

KPI_COLUMNS = ("kpi", "change", "changed")
"""Columns of the comparison's tables that hold the engine's words (translated)."""


def compare_sheets(result: Comparison) -> dict[str, pd.DataFrame]:
    """The comparison's tables in reading order, by sheet name (a catalogue term)."""
    return {"expected value": result.headline, "key figures": result.kpis,
            "packages": result.packages, "scenario differences": result.inputs,
            "tiers": result.deltas["tiers"], "offers": result.deltas["offers"],
            "rm books": result.deltas["rms"], "binding changes": result.binding,
            "change counts": result.changes, "changed customers": result.customers}


def translated(frame: pd.DataFrame, words: Words) -> pd.DataFrame:
    """The frame with the engine's words in its kpi and change columns in the language."""
    def said(value: object) -> str:
        return words.term(("yes" if value else "no") if isinstance(value, bool) else value)

    return frame.assign(**{name: frame[name].map(said) for name in KPI_COLUMNS
                           if name in frame})


def write_compare_workbook(path: Path, result: Comparison, words: Words) -> None:
    """compare.xlsx: one sheet per table, with filters on every header."""
    sheets = {name: translated(frame, words) for name, frame in compare_sheets(result).items()}
    write_workbook(path, sheets, words, filters=True)


def compare_report(result: Comparison, names: tuple[str, str], words: Words,
                   notes: list[str]) -> str:
    """compare.html: the labels, the expected value with its noise verdict (`notes` say it in
    words), the key figures, packages, the scenario values that differ, then the changes by
    tier, offer and RM, the customers moved and the limits that started or stopped binding."""
    tables = {name: translated(frame, words) for name, frame in compare_sheets(result).items()}
    inputs = tables["scenario differences"]
    sections = [
        Section(words("compare_headline"), view(tables["expected value"], words),
                bullets=notes),
        Section(words("compare_kpis"), view(tables["key figures"], words),
                note=words("compare_kpis_note")),
        Section(words("compare_packages"), view(tables["packages"], words)),
        Section(words("compare_inputs"), view(inputs, words) if len(inputs) else None,
                note="" if len(inputs) else words("compare_inputs_none")),
        Section(words("compare_by_tier"), view(tables["tiers"], words)),
        Section(words("compare_by_offer"), view(tables["offers"], words)),
        Section(words("compare_by_rm"), view(tables["rm books"], words)),
        Section(words("compare_customers"), view(tables["change counts"], words)),
    ]
    if len(result.binding):
        sections.append(Section(words("compare_binding"), view(tables["binding changes"],
                                                                words)))
    cards = [Card("A", names[0]), Card("B", names[1])]
    return _page(words, title=words("compare_title", a=names[0], b=names[1]), cards=cards,
                 sections=sections)
