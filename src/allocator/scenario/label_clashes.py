"""Labels that would make two things read as one. The reports show an id by its one label
wherever it stands (a tier's column, a region's, a sentence), so a label given under one kind
(`labels.regions.top`) names an id of the same spelling under every other kind (the tier
`top`) as well: such a label is refused unless every kind holding the id names it alike, and
so is one that makes two different ids read the same (a label like another id's, or like
another id itself). Checked on the scenario's own ids while it loads, and again with the
book's (its regions, the offers it gives) once read."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING

from allocator.errors import Named, catalogued
from allocator.errors import ScenarioValueError as Refusal
from allocator.report.id_words import STANDARD_IDS_ZH

if TYPE_CHECKING:
    from allocator.scenario.labels_schema import LabelsSection
    from allocator.scenario.schema import Scenario

Ids = Mapping[str, Collection[str]]
"""Each kind of `labels` (tiers, regions...) -> the ids of that kind the scenario or book
holds."""


def scenario_ids(scenario: Scenario) -> dict[str, list[str]]:
    """The ids the scenario holds, by the kind of `labels` that names them: its tiers,
    packages, offers and their channels, RM grades, models, named overrides and the calendar's
    activities and rules."""
    calendar = scenario.calendar
    rules = [] if calendar is None else [
        *calendar.activities, *calendar.contact_rules, *calendar.conflicts,
        *calendar.channel_limits, *calendar.budgets, *calendar.sales]
    return {"tiers": list(scenario.tiers), "packages": list(scenario.packages),
            "offers": list(scenario.offers),
            "channels": [str(offer.channel) for offer in scenario.offers.values()],
            "grades": [*scenario.rm_grades, *(grade for tier in scenario.tiers.values()
                                              for grade in tier.rm_grades)],
            "models": list(scenario.models), "overrides": list(scenario.overrides),
            "calendar": rules}


def label_clash(labels: LabelsSection, known: Ids) -> Refusal | None:
    """The refusal of the first label, in English then in Chinese, that gives an id of
    several kinds two names, names it where another kind `known` to hold it gives it none, or
    makes two ids read the same; None where every label is clear."""
    for language in ("en", "zh"):
        named = {kind: {key: shown for key, name in names.items()
                        if (shown := name.in_language(language)) is not None}
                 for kind, names in labels.kinds().items()}
        ids = {kind: list(dict.fromkeys([*known.get(kind, ()), *named[kind]]))
               for kind in named}
        clash = next(_renamings(named, ids, language), None) or next(
            _alike(named, ids, language), None)
        if clash is not None:
            return clash
    return None


def _renamings(named: Mapping[str, Mapping[str, str]], ids: Ids, language: str
               ) -> Iterator[Refusal]:
    """A label of an id that another kind holding the id names otherwise (blamed on the
    later kind's), or not at all."""
    kinds = list(named)
    for place, kind in enumerate(kinds):
        for key, shown in named[kind].items():
            for other in (other for other in kinds if other != kind and key in ids[other]):
                given = named[other].get(key)
                if given is None:
                    where = f"labels.{kind}.{key}"
                    yield Refusal.said("label_names_other", key=where, id=key, name=shown,
                                       others=_kind(other), other_kind=other,
                                       language=language).at(where)
                elif given != shown and kinds.index(other) > place:
                    yield Refusal.said("label_two_names", key=key, first=shown,
                                       first_kind=kind, second=given, kind=other,
                                       language=language).at(f"labels.{other}.{key}")


def _alike(named: Mapping[str, Mapping[str, str]], ids: Ids, language: str
           ) -> Iterator[Refusal]:
    """A labelled id that reads as another id does (by its label, or as the id it is)."""
    labelled = {key: (kind, shown) for kind, names in named.items()
                for key, shown in names.items()}
    readers: dict[str, tuple[str, str]] = {}
    for kind, held in ids.items():
        for key in held:
            shown = _shown(key, labelled, language)
            first = readers.setdefault(shown, (kind, key))
            if first[1] == key:
                continue
            blamed, other = ((kind, key), first) if key in labelled else (first, (kind, key))
            if blamed[1] in labelled:
                where = f"labels.{labelled[blamed[1]][0]}.{blamed[1]}"
                yield Refusal.said("label_reads_as", key=where, id=blamed[1], name=shown,
                                   other=other[1], others=_kind(other[0]),
                                   language=language).at(where)


def _shown(key: str, labelled: Mapping[str, tuple[str, str]], language: str) -> str:
    """How the reports show `key` in `language`: its label, in Chinese the engine's standard
    name where it has none, else the id itself."""
    if key in labelled:
        return labelled[key][1]
    return STANDARD_IDS_ZH.get(key, key) if language == "zh" else key


def _kind(kind: str) -> Named:
    """A kind of `labels` as a message names it, in English and in Chinese."""
    return Named(*catalogued(f"label_kind_{kind}"))
