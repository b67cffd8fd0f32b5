"""The words of a run: its report language and the display names its scenario gives ids."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from allocator.errors import LANGUAGE
from allocator.json_files import read_strict_json
from allocator.report.language import Language, Words
from allocator.scenario.schema import LabelsSection, Scenario

USED = re.compile(r"(?<!\S)--use (\S+)")
"""A named override in a run's list of what it applied (`--use more_premier_rms`)."""


def overrides_named(applied: object, words: Words) -> str:
    """What a run applied, each named override by its display name (`labels.overrides`):
    "--use more_premier_rms --set budget.total=9e6" reads "5 more premier RMs --set
    budget.total=9e6"; the `--set` items stay as typed."""
    text = "" if applied is None or applied != applied else str(applied)  # NaN: none
    return USED.sub(lambda used: words.term(used[1]), text)


def scenario_words(scenario: Scenario) -> Words:
    """The vocabulary of a scenario's reports: its language, its ids by their labels."""
    language = scenario.output.language
    return Words(language, scenario.labels.names(language))


def manifest_words(manifest: Mapping[str, Any], language: Language | None = None) -> Words:
    """The vocabulary a run folder was written in, from its manifest's resolved scenario
    (English and ids as they are where the manifest says none); `language` overrides the
    run's."""
    resolved = manifest.get("resolved_scenario")
    resolved = resolved if isinstance(resolved, Mapping) else {}
    output = resolved.get("output")
    written = output.get("language") if isinstance(output, Mapping) else None
    chosen: Language = language or ("zh" if written == "zh" else "en")
    try:
        labels = LabelsSection.model_validate(resolved.get("labels") or {})
    except ValidationError:
        labels = LabelsSection()
    return Words(chosen, labels.names(chosen))


def folder_words(folder: Path, language: Language | None = None) -> Words:
    """The vocabulary of the run folder's manifest.json (where it cannot be read, the
    language errors are told in: the locale's, as the reasons beside it are)."""
    path = folder / "manifest.json"
    try:  # a pipe or a device is no manifest: never wait on it
        manifest = read_strict_json(path) if path.is_file() else {}
    except (OSError, ValueError):
        manifest = {}
    if not isinstance(manifest, dict) or not manifest:
        return manifest_words({}, language or ("zh" if LANGUAGE.get() == "zh" else "en"))
    return manifest_words(manifest, language)
