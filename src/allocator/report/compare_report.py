"""compare.html and compare.xlsx: two runs side by side for a planning committee, headed by the
runs' labels, in the runs' language. Pure: a comparison in, HTML text and sheets out."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.compare import Comparison
from allocator.compare_kpis import plan_inputs
from allocator.report.cell_texts import percent_text, texts_apart
from allocator.report.compare_words import BOOK_CAUSES
from allocator.report.formats import view
from allocator.report.html import Card, Section, _page
from allocator.report.language import Words
from allocator.report.naming import overrides_named
from allocator.report.setting_values import value_text
from allocator.report.workbook import write_workbook
from allocator.scenario.errors import holds_rate

KPI_COLUMNS = ("change", "changed")
"""Columns of the comparison's tables that hold the engine's words (translated). The kpi
column is translated where a table is shown, which first reads its ids for the rows that
count or hold shares."""


def compare_sheets(result: Comparison) -> dict[str, pd.DataFrame]:
    """The comparison's tables in reading order, by sheet name (a catalogue term)."""
    return {"expected value": result.headline, "key figures": result.kpis,
            "packages": result.packages, "scenario differences": result.inputs,
            "tiers": result.deltas["tiers"], "offers": result.deltas["offers"],
            "rm books": result.deltas["rms"], "binding changes": result.binding,
            "change counts": result.changes, "changed customers": result.customers}


VALUE_SHEETS = ("packages", "scenario differences", "changed customers", "binding changes")
"""Sheets whose cells under the runs' labels are ids, flags or scenario values, shown in words."""


def shown_headline(headline: pd.DataFrame) -> pd.DataFrame:
    """The headline with its gaps as percentages, with the digits a small gap needs (0.0093%,
    never 0.00); the CSV keeps the fractions."""
    out = headline.astype({name: object for name in headline.columns if name != "kpi"})
    gap = out["kpi"] == "gap"
    for name in out.columns[1:4]:  # run A, run B, delta
        out.loc[gap, name] = [percent_text(float(v)) if isinstance(v, int | float)
                              and pd.notna(v) else v for v in out.loc[gap, name]]
    return out


def shown_inputs(inputs: pd.DataFrame) -> pd.DataFrame:
    """The scenario differences for a reader: each key's values in the runs written so that
    they read as differently as they are (texts_apart), a rate or a share as a percentage: a
    gap target of 0.0001 against 0 reads 0.01% against 0.0%, never 0.00 twice. The CSV and
    compare.xlsx keep the values."""
    runs = [name for name in inputs.columns if name != "key"]
    out = inputs.astype(dict.fromkeys(runs, object))
    for index, key in zip(inputs.index, inputs["key"], strict=True):
        rate = holds_rate(tuple(str(key).split(".")))
        out.loc[index, runs] = texts_apart(list(inputs.loc[index, runs]), rate)
    return out


def translated(frame: pd.DataFrame, words: Words, values: bool = False) -> pd.DataFrame:
    """The frame with the engine's words in its change columns in the language;
    with `values`, the runs' columns too (package ids by their labels, true/false as yes/no)
    and scenario keys by their names."""
    def said(value: object) -> object:
        if isinstance(value, bool | np.bool_):
            return words.term("yes" if value else "no")
        return value if isinstance(value, int | float) else words.term(value)

    runs = [name for name in frame.columns
            if name not in (*KPI_COLUMNS, "kpi", "tier", "key")]
    named = [*KPI_COLUMNS, *(runs if values else [])]
    out = frame.assign(**{name: frame[name].map(said) for name in named if name in frame})
    if "key" in out:
        applied = frame["key"] == "applied"  # the named overrides by their names
        for name in runs:
            out.loc[applied, name] = frame.loc[applied, name].map(
                lambda text: overrides_named(text, words))
            out.loc[~applied, name] = [difference(key, value, words) for key, value in zip(
                frame.loc[~applied, "key"], frame.loc[~applied, name], strict=True)]
        out["key"] = out["key"].map(words.key)
    return out


def difference(key: str, value: object, words: Words) -> object:
    """A run's value at scenario key `key` among the differences, for a reader: a number as
    it is (shown_inputs writes it apart from the other run's), nothing blank, a list or a
    section (kept as JSON, compare_kpis.input_diff) and any other value as value_text reads
    it: 私人银行、财富管理, 必选."""
    if isinstance(value, bool | np.bool_):
        return value_text(key, bool(value), words)
    if value is None or value == "" or isinstance(value, int | float | np.integer | np.floating):
        return value
    text = str(value)
    if text.startswith(("[", "{")):
        try:
            return value_text(key, json.loads(text), words)
        except ValueError:  # text that only opens as JSON does
            pass
    return value_text(key, text, words)


def translated_sheets(result: Comparison, words: Words) -> dict[str, pd.DataFrame]:
    """compare_sheets in the language."""
    return {name: translated(frame, words, values=name in VALUE_SHEETS)
            for name, frame in compare_sheets(result).items()}


def heading(title: str, result: Comparison, words: Words) -> str:
    """A table's heading, catalogue message `title`: what it sets against what, B - A; for
    runs in two currencies, whose amounts stand side by side, its `<title>_apart` (the
    expected value of A and B, elsewhere B - A except amounts)."""
    return words(title if result.amounts else f"{title}_apart")


def with_causes_named(words: Words, result: Comparison) -> Words:
    """`words` that name the changes by cause as the comparison can: between runs of two books
    as those B needed and those it did not (compare_words.BOOK_CAUSES), never as forced by a
    lever, which moves no book; between runs of one book as they are (forced by the lever)."""
    if result.books is None:
        return words
    causes = {cause: said[words.language == "zh"] for cause, said in BOOK_CAUSES.items()}
    return Words(words.language, {**words.labels, **causes})


def with_run_headers(words: Words, frames: Iterable[pd.DataFrame], names: tuple[str, str]
                     ) -> Words:
    """`words` that also head each run's column (value_a, value_b) by the figure and the run's
    label: "value (Budget −10%)", as the terminal and compare.xlsx head them."""
    headers: dict[str, str] = {}
    for name in {str(column) for frame in frames for column in frame.columns}:
        for suffix, label in (("_a", names[0]), ("_b", names[1])):
            base = name.removesuffix(suffix)
            if base != name:
                headers[name] = f"{words.column(base)}{words.sep('open')}{label}" \
                                f"{words.sep('close')}"
    return Words(words.language, {**words.labels, **headers})


def write_compare_workbook(path: Path, result: Comparison, words: Words,
                           notes: list[str]) -> None:
    """compare.xlsx: the notes first (the amounts' currency, whether the change in value is
    within the gaps), then one sheet per table, with filters on every header."""
    sheets = {"notes": pd.DataFrame({"note": notes}), **translated_sheets(result, words)}
    names = (str(result.headline.columns[1]), str(result.headline.columns[2]))
    write_workbook(path, sheets, with_run_headers(words, sheets.values(), names), filters=True)


def compare_report(result: Comparison, names: tuple[str, str], words: Words,
                   notes: list[str]) -> str:
    """compare.html: the labels, the expected value with its noise verdict (`notes` say it in
    words), the key figures, packages, the scenario values that differ, then the changes by
    tier, offer and RM, the customers moved and the limits that started or stopped binding."""
    tables = translated_sheets(result, words)
    tables["expected value"] = translated(shown_headline(result.headline), words)
    tables["scenario differences"] = translated(shown_inputs(result.inputs), words, values=True)
    words = with_run_headers(words, tables.values(), names)
    inputs, display_only = plan_inputs(tables["scenario differences"])
    folded = words("compare_display_only", count=display_only) if display_only else ""
    sections = [
        Section(heading("compare_headline", result, words),
                view(tables["expected value"], words), bullets=notes),
        Section(heading("compare_kpis", result, words), view(tables["key figures"], words),
                note=words("compare_kpis_note")),
        Section(words("compare_packages"), view(tables["packages"], words)),
        Section(words("compare_inputs"), view(inputs, words) if len(inputs) else None,
                note=folded if len(inputs) or folded else words("compare_inputs_none")),
        *parted(heading("compare_by_tier", result, words), tables["tiers"], words),
        *parted(heading("compare_by_offer", result, words), tables["offers"], words),
        *parted(heading("compare_by_rm", result, words), tables["rm books"], words),
        Section(words("compare_customers"), view(tables["change counts"], words)),
    ]
    if len(result.binding):
        sections.append(Section(words("compare_binding"), view(tables["binding changes"],
                                                                words)))
    cards = [Card("A", names[0]), Card("B", names[1])]
    return _page(words, title=words("compare_title", a=names[0], b=names[1]), cards=cards,
                 sections=sections)


FIGURES_A_PART = 3
"""A table of changes shows this many figures (each A, B, the delta and its verdict) beside
its names at most; the rest go on in the next part, so that a page 1,400 px wide holds it."""
SIDES = ("_a", "_b", "_delta", "_within_gap")


def parted(title: str, frame: pd.DataFrame, words: Words) -> list[Section]:
    """A table of changes by tier, offer or RM, in parts of FIGURES_A_PART figures, each part
    with the names (the first column) and titled "title (1/2)"."""
    figures = list(dict.fromkeys(_figure(str(name)) for name in frame.columns[1:]))
    groups = [figures[i:i + FIGURES_A_PART] for i in range(0, len(figures), FIGURES_A_PART)]
    if len(groups) <= 1:
        return [Section(title, view(frame, words))]
    sections = []
    for number, group in enumerate(groups, start=1):
        columns = [frame.columns[0], *(name for name in frame.columns[1:]
                                       if _figure(str(name)) in group)]
        part = f"{words.sep('open')}{number}/{len(groups)}{words.sep('close')}"
        sections.append(Section(title + part, view(frame[columns], words)))
    return sections


def _figure(column: str) -> str:
    """The figure a column of changes is of: value_a, value_delta -> value."""
    return next((column.removesuffix(side) for side in SIDES if column.endswith(side)),
                column)
