"""Keys that name an RM grade or a region may name it by its display label in the scenario's
language (`--set rules.add_rms.premier_rm.华东=3`), and in Chinese a standard grade the labels
name not by its standard name, as a Chinese run lists it (`rules.add_rms.贵宾客户经理=1`): each
such key is read as the id the name belongs to, before the scenario is validated. A name that
two ids share is an error listing them; a key that is an id, or no name at all, stays as it is
(the data's own checks name an id they do not hold). A scenario file is read so too, by the
names its files give: one that names a grade or region by its name changes the id a file it
extends gives, as an override does; a sweep's --vary is read as a --set is."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from allocator.errors import UserError, in_a_row
from allocator.report.id_words import STANDARD_GRADES_ZH
from allocator.scenario.labels_schema import DisplayName
from allocator.scenario.overrides import Layer, deep_merge

Place = tuple[str, ...]

PLACES: dict[str, tuple[Place, ...]] = {
    "grades": (("rules", "add_rms"), ("rules", "rm_capacity_scale"), ("rm_grades",),
               ("tiers", "*", "rm_grades")),
    "regions": (("rules", "add_rms", "*"),),
}
"""Where keys name an RM grade or a region ("*": any key at that level)."""
KINDS = {"grades": ("RM grades", "客户经理职级"), "regions": ("regions", "区域")}
"""Each kind of id as an error names it, in English and in Chinese."""
STANDARD = {"grades": STANDARD_GRADES_ZH}
"""Each kind's standard ids by their Chinese names, which stand where the labels give none."""


def with_ids(raw: Mapping[str, Any], whole: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The raw scenario, or one layer of it (an override, a `--set`), with every grade or
    region key written as a name read as its id: the names of `whole` (the scenario with
    every layer: its labels and language), by default of `raw` itself. A layer read so
    changes the id the files give (`rm_grades.贵宾客户经理.cost_per_year` the files'
    `premier_rm`), and is compared with another layer by id."""
    out = copy.deepcopy(dict(raw))
    named_in = out if whole is None else whole
    language = _language(named_in)
    for kind, places in PLACES.items():
        named = _ids_by_label(named_in, kind, language)
        for place in places:
            for path, node in _nodes(out, place, ()):
                _rename(node, named, path, kind)
    return out


def layers_with_ids(layers: Sequence[Layer]) -> list[Layer]:
    """A scenario's files (base first), each read by with_ids by the names it and the files
    it extends give: a key of a file that names a grade or region by its name is the same key
    as the id a file it extends gives, and replaces it; a file's keys mean what they meant
    whatever a file extending it names otherwise."""
    read: list[Layer] = []
    below: dict[str, Any] = {}
    for origin, layer in layers:
        below = deep_merge(below, layer)
        read.append((origin, layer_with_ids(origin, layer, below)))
    return read


def layer_with_ids(origin: str, layer: Mapping[str, Any], whole: Mapping[str, Any]
                   ) -> dict[str, Any]:
    """with_ids of the layer `origin` gives (a file, named override or --set), a refusal of
    it (a grade given both by its label and by its id) naming `origin` first."""
    from allocator.scenario.errors import origin_words  # it reads the schema, which reads this

    try:
        return with_ids(layer, whole)
    except UserError as error:
        english, chinese = origin_words(origin)
        raise UserError(f"{english}: {error}", f"{chinese}：{error.chinese or error}"
                        ).at(error.key, error.every_value) from None


def key_with_ids(key: str, layers: Sequence[Layer]) -> str:
    """The dotted `key` (a sweep's --vary, a --set's key) as with_ids reads it by the names of
    `layers` (a loaded scenario's: its files, named overrides and --set):
    rules.add_rms.贵宾客户经理 is rules.add_rms.premier_rm."""
    parts = key.split(".")
    tree: dict[str, Any] = {}
    node = tree
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = None
    read: Any = with_ids(tree, _merged(layers))
    path = []
    while isinstance(read, dict):
        [(name, read)] = read.items()
        path.append(str(name))
    return ".".join(path)


def _merged(layers: Sequence[Layer]) -> dict[str, Any]:
    whole: dict[str, Any] = {}
    for _, layer in layers:
        whole = deep_merge(whole, layer)
    return whole


def key_names(ids: Iterable[str], labels: Mapping[str, DisplayName], language: str,
              kind: str) -> list[str]:
    """What a key may name each of `ids` (of `kind`, grades or regions; `labels`: the
    scenario's labels of that kind) by: the id, and its name in the scenario's `language`
    (names_of). A misspelt key is matched against these for the closest
    (errors.did_you_mean): 贵宾客户经 -> 贵宾客户经理."""
    ids = [str(i) for i in ids]
    names = names_of({i: name.in_language(language) for i, name in labels.items()}, kind,
                     language)
    return [*ids, *(names[i] for i in ids if i in names)]


def names_of(labels: Mapping[str, object], kind: str, language: str) -> dict[str, str]:
    """Id of `kind` -> the name a key may give it in `language`: its label (`labels`, in that
    language), else in Chinese a standard id's standard name (STANDARD)."""
    names = dict(STANDARD.get(kind, {})) if language == "zh" else {}
    names.update({str(i): shown for i, shown in labels.items() if isinstance(shown, str)})
    return names


def _language(raw: Mapping[str, Any]) -> str:
    output = raw.get("output")
    language = output.get("language") if isinstance(output, Mapping) else None
    return "zh" if language == "zh" else "en"


def _ids_by_label(raw: Mapping[str, Any], kind: str, language: str) -> dict[str, list[str]]:
    """Name in `language` (names_of) -> the ids named by it."""
    labels = raw.get("labels")
    given = labels.get(kind) if isinstance(labels, Mapping) else None
    shown = {key: name.get(language) if isinstance(name, Mapping) else None
             for key, name in (given.items() if isinstance(given, Mapping) else ())}
    named: dict[str, list[str]] = {}
    for key, name in names_of(shown, kind, language).items():
        named.setdefault(name, []).append(key)
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
                                 kind_zh=KINDS[kind][1], ids=in_a_row(named[key]))
        (id_,) = named[key]
        if id_ in node:
            raise UserError.said("label_and_id", key=where, label=key, id=id_)
        node[id_] = node.pop(key)
