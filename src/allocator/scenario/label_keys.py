"""Keys that name an RM grade or a region may name it by its display label in the scenario's
language (`--set rules.add_rms.premier_rm.华东=3`): each such key is read as the id the label
belongs to, before the scenario is validated. A label that two ids share is an error listing
them; a key that is an id, or no label at all, stays as it is (the data's own checks name an
id they do not hold)."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from allocator.errors import UserError
from allocator.scenario.labels_schema import DisplayName

Place = tuple[str, ...]

PLACES: dict[str, tuple[Place, ...]] = {
    "grades": (("rules", "add_rms"), ("rules", "rm_capacity_scale"), ("rm_grades",),
               ("tiers", "*", "rm_grades")),
    "regions": (("rules", "add_rms", "*"),),
}
"""Where keys name an RM grade or a region ("*": any key at that level)."""
KINDS = {"grades": ("RM grades", "客户经理职级"), "regions": ("regions", "区域")}
"""Each kind of id as an error names it, in English and in Chinese."""


def with_ids(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The raw scenario with every grade or region key written as a label read as its id."""
    out = copy.deepcopy(dict(raw))
    language = _language(out)
    for kind, places in PLACES.items():
        named = _ids_by_label(out, kind, language)
        for place in places:
            for path, node in _nodes(out, place, ()):
                _rename(node, named, path, kind)
    return out


def key_names(ids: Iterable[str], labels: Mapping[str, DisplayName], language: str
              ) -> list[str]:
    """What a key may name each of `ids` (grades or regions; `labels`: the scenario's labels
    of their kind) by: the id, and its label in the scenario's `language`. A misspelt key is
    matched against these for the closest (errors.did_you_mean): 贵宾客户经 -> 贵宾客户经理."""
    ids = [str(i) for i in ids]
    return [*ids, *(label for i in ids if i in labels
                    and (label := labels[i].in_language(language)))]


def _language(raw: Mapping[str, Any]) -> str:
    output = raw.get("output")
    language = output.get("language") if isinstance(output, Mapping) else None
    return "zh" if language == "zh" else "en"


def _ids_by_label(raw: Mapping[str, Any], kind: str, language: str) -> dict[str, list[str]]:
    """Label in `language` -> the ids named by it."""
    labels = raw.get("labels")
    given = labels.get(kind) if isinstance(labels, Mapping) else None
    named: dict[str, list[str]] = {}
    for key, name in (given.items() if isinstance(given, Mapping) else ()):
        shown = name.get(language) if isinstance(name, Mapping) else None
        if isinstance(shown, str):
            named.setdefault(shown, []).append(str(key))
    return named


def _nodes(tree: Any, place: Place, path: Place) -> list[tuple[Place, dict[str, Any]]]:
    """The mappings at `place` in the tree, with their key paths."""
    if not isinstance(tree, dict):
        return []
    if not place:
        return [(path, tree)]
    head, rest = place[0], place[1:]
    keys = list(tree) if head == "*" else [head] if head in tree else []
    return [found for key in keys for found in _nodes(tree[key], rest, (*path, str(key)))]


def _rename(node: dict[str, Any], named: Mapping[str, list[str]], path: Place,
            kind: str) -> None:
    ids = {i for found in named.values() for i in found}
    for key in list(node):
        if key in ids or key not in named:
            continue
        where = ".".join((*path, str(key)))
        if len(named[key]) > 1:
            raise UserError.said("label_ambiguous", key=where, label=key, kind=KINDS[kind][0],
                                 kind_zh=KINDS[kind][1], ids=", ".join(named[key]))
        (id_,) = named[key]
        if id_ in node:
            raise UserError.said("label_and_id", key=where, label=key, id=id_)
        node[id_] = node.pop(key)
