"""The words of a run: its report language and the display names its scenario gives ids."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
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


def scenario_words(scenario: Scenario, language: Language | None = None) -> Words:
    """The vocabulary of a scenario's reports: its language (or `language`), its ids by
    their labels."""
    known = {"tiers": list(scenario.tiers), "packages": list(scenario.packages),
             "offers": list(scenario.offers),
             "grades": [*scenario.rm_grades, *(g for t in scenario.tiers.values()
                                                for g in t.rm_grades)]}
    return labelled_words(language or scenario.output.language, scenario.labels, known)


def labelled_words(language: Language, labels: LabelsSection,
                   known: Mapping[str, Collection[str]] | None = None) -> Words:
    """The words of `language` with the ids `labels` names, each kind by its own section
    (`known`: the scenario's ids by kind, whose labels another kind's never replace)."""
    return Words(language, labels.names(language, known), labels.by_kind(language))


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
    return labelled_words(chosen, labels, _resolved_ids(resolved))


def _resolved_ids(resolved: Mapping[str, Any]) -> dict[str, list[str]]:
    """The ids of a resolved scenario (a manifest's) by the kind of `labels` they are: its
    tiers, packages, offers and the grades it names."""
    tiers = resolved.get("tiers")
    specs = list(tiers.values()) if isinstance(tiers, Mapping) else []
    return {"tiers": _keys(tiers), "packages": _keys(resolved.get("packages")),
            "offers": _keys(resolved.get("offers")),
            "grades": [*_keys(resolved.get("rm_grades")), *(
                grade for spec in specs if isinstance(spec, Mapping)
                for grade in _keys(spec.get("rm_grades")))]}


def _keys(section: object) -> list[str]:
    """The ids a section of a resolved scenario names (none where it is no mapping)."""
    return [str(key) for key in section] if isinstance(section, Mapping) else []


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
