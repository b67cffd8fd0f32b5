"""A sweep's report.html, written from what its folder holds: sweep.csv and frontier.csv as read
back, the `report` record of sweep.json (the scenario's name, currency, language and labels,
how far and how often near points were re-solved, the base scenario of the assumptions box) and
the input files the first point's manifest names. The sweep writes its tables, then the page
from them; verify writes the page again from the folder and compares it byte for byte."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from allocator.book.queried import shown_input
from allocator.csv_cells import read_people_csv
from allocator.json_files import read_strict_json
from allocator.report.assumptions import sweep_assumptions
from allocator.report.html import sweep_report
from allocator.report.language import Language, Words
from allocator.report.sweep_tables import base_point_lines, own_point, tolerance_lines
from allocator.scenario.schema import LabelsSection, Scenario

RECORD = "report"
"""sweep.json's key of what the page needs beyond the sweep's tables."""
TABLE, FRONTIER = "sweep.csv", "frontier.csv"
TEXT = ("status", "folder", "stopped_on", "diagnosis", "within_gap", "point")
"""Columns of sweep.csv read as text."""


def page_record(spec: Scenario, rounds: int, factor: int, own: Mapping[str, Any],
                base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the sweep's page says beyond its tables: the scenario's name, currency, language
    and labels, the re-solves of near points (`rounds` at most, each `factor` tighter), the
    varied keys' values in the scenario itself (`own`: the point holding them agrees with a
    plain run within the gap) and what its points hold fixed (`base`:
    assumptions.base_record)."""
    return {"scenario": spec.name, "currency": spec.objective.currency,
            "language": spec.output.language, "labels": spec.labels.model_dump(mode="json"),
            "tighten": rounds, "factor": factor, "own": dict(own),
            **({} if base is None else {"base": dict(base)})}


def point_inputs(folder: Path, table: pd.DataFrame) -> list[tuple[str, str, str]]:
    """The input files (role, file name, SHA-256) the first point with a manifest read."""
    names = table["folder"].dropna() if "folder" in table else ()
    for name in names:
        path = folder / str(name) / "manifest.json"
        if path.is_file():
            recorded = read_strict_json(path).get("inputs") or {}
            return [shown_input(role, item) for role, item in recorded.items()]
    return []


def _kept_base(folder: Path, table: pd.DataFrame, own: dict[str, Any]
               ) -> Mapping[str, Any] | None:
    """The base the point at the scenario's own values kept the most of (its manifest's
    kept_base); None where there is no such point or its manifest says none."""
    first = own_point(table, own)
    if first is None or "folder" not in table or pd.isna(table["folder"].iloc[first]):
        return None
    path = folder / str(table["folder"].iloc[first]) / "manifest.json"
    kept = read_strict_json(path).get("kept_base") if path.is_file() else None
    return kept if isinstance(kept, Mapping) else None


def swept_values(table: pd.DataFrame) -> dict[str, list[object]]:
    """The keys a sweep varies (sweep.csv's columns between `point` and `status`) and the
    values its points take, in order."""
    columns = list(table.columns)
    if "point" not in columns or "status" not in columns:
        return {}
    keys = columns[columns.index("point") + 1:columns.index("status")]
    return {str(key): [value.item() if hasattr(value, "item") else value
                       for value in table[key]] for key in keys}


def read_sweep_table(path: Path) -> pd.DataFrame:
    """sweep.csv or frontier.csv as the page reads it."""
    header = pd.read_csv(path, nrows=0).columns
    return read_people_csv(path, dtype={name: str for name in TEXT if name in header},
                           keep_default_na=False, na_values=[""])


def sweep_page(folder: Path, record: Mapping[str, Any]) -> str:
    """The sweep's report.html from its folder's tables and sweep.json's `report` record."""
    language: Language = "zh" if record.get("language") == "zh" else "en"
    labels = LabelsSection.model_validate(record.get("labels") or {})
    words = Words(language, labels.names(language))
    table = read_sweep_table(folder / TABLE)
    curve = read_sweep_table(folder / FRONTIER) if (folder / FRONTIER).is_file() else None
    currency = str(record.get("currency") or "")
    own = dict(record.get("own") or {})
    lines = [words("amounts_in", currency=currency),
             *tolerance_lines(table, words, int(record.get("factor") or 1),
                              int(record.get("tighten") or 0)),
             *base_point_lines(table, own, words, _kept_base(folder, table, own))]
    assumed = sweep_assumptions(record.get("base"), point_inputs(folder, table), words,
                                swept_values(table))
    return sweep_report(str(record.get("scenario")), table, curve, words, lines, currency,
                        assumed)
