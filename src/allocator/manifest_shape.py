"""The shape of a run's manifest as report/run_files.py writes it: each entry it holds is of
the kind written (a JSON object, a list, text, a number), so that an edited or damaged entry
is named where the manifest is read, by every command that reads a run folder, rather than
failing later inside a report, a comparison or a check. An entry a manifest lacks (one of an
older run) is left to the reader that needs it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

OBJECT, LIST, TEXT, NUMBER, WHOLE = "object", "list", "text", "number", "whole number"
KINDS: dict[str, tuple[str, str]] = {
    OBJECT: ("a JSON object", "JSON 对象"), LIST: ("a list", "列表"), TEXT: ("text", "文本"),
    NUMBER: ("a number", "数字"), WHOLE: ("a whole number", "整数"), "null": ("null", "null"),
    "true or false": ("true or false", "true 或 false")}
ENTRIES: dict[str, tuple[str, bool]] = {
    "format": (WHOLE, False), "scenario": (TEXT, False), "label": (TEXT, True),
    "note": (TEXT, True), "currency": (TEXT, True), "scenario_files": (LIST, True),
    "applied": (LIST, True), "created": (TEXT, True), "inputs": (OBJECT, True),
    "versions": (OBJECT, True), "renderer": (TEXT, True), "solver": (OBJECT, False),
    "problem": (OBJECT, True),
    "kept_base": (OBJECT, True), "steps": (OBJECT, True), "components": (OBJECT, True),
    "kpis": (OBJECT, True), "baselines": (LIST, True), "models": (LIST, True),
    "exclusions": (LIST, True), "diagnosis": (LIST, True), "timings": (OBJECT, True),
    "attempts": (OBJECT, True), "summary": (OBJECT, True),
    "resolved_scenario": (OBJECT, False), "outputs": (OBJECT, False)}
"""The manifest's entries: (kind, whether null is written for it)."""
SOLVER_ENTRIES: dict[str, tuple[str, bool]] = {
    "method": (TEXT, True), "backend": (TEXT, True), "status": (TEXT, False),
    "objective": (NUMBER, True), "bound": (NUMBER, True), "gap": (NUMBER, True),
    "time_limit": (NUMBER, True), "solver_seconds": (NUMBER, True)}


def misshapen_entry(manifest: Mapping[str, Any]) -> tuple[str, str, str] | None:
    """(key, kind found, kind written) of the first entry of the manifest (or of its
    `solver`) that is not of the kind written; None when each is."""
    found = _misshapen(manifest, ENTRIES, "")
    solver = manifest.get("solver")
    if found is None and isinstance(solver, Mapping):
        found = _misshapen(solver, SOLVER_ENTRIES, "solver.")
    return found


def _misshapen(record: Mapping[str, Any], entries: Mapping[str, tuple[str, bool]],
               prefix: str) -> tuple[str, str, str] | None:
    for key, (kind, nullable) in entries.items():
        if key in record and not ((nullable and record[key] is None)
                                  or _kind(record[key]) == kind
                                  or (kind == NUMBER and _kind(record[key]) == WHOLE)):
            return f"{prefix}{key}", _kind(record[key]), kind
    return None


def _kind(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return "true or false" if isinstance(value, bool) else "null"
    if isinstance(value, int):
        return WHOLE
    return {dict: OBJECT, list: LIST, str: TEXT, float: NUMBER}.get(type(value), "?")


def kind_words(kind: str) -> tuple[str, str]:
    """A kind in English and Chinese (null, true or false as JSON writes them)."""
    return KINDS.get(kind, (kind, kind))
