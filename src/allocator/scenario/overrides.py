"""The layers set on top of a scenario file: named overrides (`--use`), a sweep point and
`--set` options, each a tree of keys, and the keys each one sets.

A mapping a `--set` gives as a key's value (`--set 'tiers.wealth.rm_grades={wealth_rm: 1.0}'`)
replaces the scenario's mapping at that key whole, as the change shown says: it is a Whole. A
named override is a tree of keys, written dotted or nested alike (`budget.total: 45k` or
`budget: {total: 45k}`; `--set overrides.cut.budget.total=45k` declares the nested form): its
keys merge into the scenario's, and a key it gives twice is refused. A declaration of named
overrides (`--set 'overrides={cut: {...}}'`) sets nothing until used, and adds to the file's
overrides by name, key by key (_declared).

A key given twice by two named overrides, by two `--set`, or by a named override and a
`--set`, is an error; so is a key and a key within it (one would replace or change the other,
by the order given). A number may be written 45k, 1.2m, 2bn or 4.5e4, or as a change (-10%)
of the value the key has in the scenario file, after extends and before any override
(allocator.scenario.amounts). A password written in a connection string is masked wherever an
option is shown.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from allocator.connection_text import masked
from allocator.errors import UserError, cut, did_you_mean, in_a_row
from allocator.scenario.amounts import RELATIVE, read_value
from allocator.scenario.errors import holds_rate, origin_words, takes_text
from allocator.scenario.schema import unsaid_of_new_offer, unsaid_of_new_package
from allocator.scenario.strict_yaml import parse_yaml

SAID_TWICE_ZH = {"named overrides": "命名调整项", "--set options": "--set 选项"}
"""The kinds of layer that must not give a key twice, as a Chinese message names them."""

Layer = tuple[str, dict[str, Any]]
"""A named layer of raw settings: (where it came from, nested dict)."""


class Whole(dict[str, Any]):
    """A mapping a `--set` gives whole as its key's value: it replaces the scenario's mapping
    there (deep_merge), and is one key of the settings shown."""


@dataclass(frozen=True)
class Setting:
    """One key an override set: by what (a named override's name, `--set`, or `--vary` for the
    sweep point), the key, its value in the scenario file (after `extends`; None where the file
    gives none) and the value set."""

    source: str
    key: str
    before: Any
    after: Any


def named_layers(path: Path, merged: Mapping[str, Any], use: Sequence[str],
                 set_layers: Sequence[Layer] = ()) -> list[tuple[str, Layer]]:
    """The named overrides asked for, each with its name, percentages taken of the file's
    values; an override may be declared by the file or by a `--set` (`--set
    'overrides={cut: {budget.total: 45k}}'`), whose words then name it."""
    named, declared_by = _declared(merged, set_layers)
    out: list[tuple[str, Layer]] = []
    for name in use:
        if not named:
            raise UserError.said("no_overrides", path=path, name=name)
        if not isinstance(named, dict) or name not in named:
            choices = list(named) if isinstance(named, dict) else []
            raise UserError.said("unknown_override", path=path, name=name,
                                 hint=did_you_mean(name, choices),
                                 hint_zh=did_you_mean(name, choices, "zh"),
                                 known=in_a_row(choices) or "-")
        origin = (f"override '{name}'" if name not in declared_by
                  else f"override '{name}' ({declared_by[name]})")
        tree = _read_amounts(dotted_layer(named[name], origin), origin)
        out.append((name, (origin, changed(tree, merged, (), origin))))
    return out


def refuse_new_tiers(merged: Mapping[str, Any], layers: Sequence[Layer]) -> None:
    """UserError where an override (named, `--set`, a sweep point) names a tier the scenario
    files do not have: most likely a misspelt tier, and a new tier needs its threshold and
    its place among the others, which the file gives."""
    tiers = merged.get("tiers")
    if not isinstance(tiers, Mapping):
        return
    for origin, tree in layers:
        given = tree.get("tiers")
        for name in given if isinstance(given, Mapping) else ():
            if name not in tiers:
                known = [str(tier) for tier in tiers]
                raise UserError.said("override_new_tier", origin=origin, name=name,
                                     origin_zh=origin_words(origin)[1],
                                     hint=did_you_mean(str(name), known),
                                     hint_zh=did_you_mean(str(name), known, "zh"),
                                     known=in_a_row(known))


def refuse_partial_offers(merged: Mapping[str, Any], layers: Sequence[Layer],
                          word: str = "override_new_offer") -> None:
    """UserError where overrides give an offer that neither the scenario files nor an offer
    table or generated book (which the book's reading checks: offer_rows.refuse_partial_new)
    define, with only some fields and no worth (unsaid_of_new_offer): most likely a mistyped
    offer id, which would add an offer of no value and leave the one meant unchanged. `word`:
    the catalogue's message (of a file that extends others: scenario.extending)."""
    data = merged.get("data")
    if isinstance(data, Mapping) and ({"offers", "generate"} & set(data)):
        return
    refuse_partial_keyed(merged, layers, "offers", unsaid_of_new_offer, word)


def refuse_partial_packages(merged: Mapping[str, Any], layers: Sequence[Layer],
                            word: str = "override_new_package") -> None:
    """UserError where overrides give a package the scenario files do not define without
    what it costs and adds (unsaid_of_new_package): `--set packages.premiun.cost_per_customer=50`
    would add a package of no worth and leave `premium` unchanged. Not where the files
    define no package, whose first packages an override may give as a file would (one without
    its uplift is refused by the scenario's check). `word`: as for offers."""
    if not merged.get("packages"):
        return
    refuse_partial_keyed(merged, layers, "packages", unsaid_of_new_package, word)


def refuse_partial_keyed(merged: Mapping[str, Any], layers: Sequence[Layer], section: str,
                       unsaid: Callable[[Iterable[str]], list[str]], word: str) -> None:
    """UserError (`word`) where `layers` give, in the keyed `section` (offers, packages), a
    name `merged` does not have, with fields that leave some it needs unsaid (`unsaid` of
    the fields given, over every layer): the message names the first layer that gave it,
    the key, what is missing and the closest name `merged` has."""
    have = merged.get(section)
    known = [str(name) for name in have] if isinstance(have, Mapping) else []
    given: dict[str, tuple[str, set[str]]] = {}
    for origin, tree in layers:
        named = tree.get(section)
        for name, fields in named.items() if isinstance(named, Mapping) else ():
            if name not in known and isinstance(fields, Mapping):
                first, keys = given.get(name, (origin, set()))
                given[name] = (first, keys | set(map(str, fields)))
    for name, (origin, keys) in given.items():
        missing = unsaid(keys)
        if missing:
            raise UserError.said(word, origin=origin, name=name,
                                 origin_zh=origin_words(origin)[1],
                                 given=in_a_row(sorted(keys)) or "{}",
                                 missing=in_a_row(missing),
                                 hint=did_you_mean(str(name), known),
                                 hint_zh=did_you_mean(str(name), known, "zh"),
                                 known=in_a_row(known) or "-")


def _declared(merged: Mapping[str, Any], set_layers: Sequence[Layer]
              ) -> tuple[Any, dict[str, str]]:
    """The named overrides the file and the `--set` options declare, and which `--set`
    declared (or changed) each it names."""
    named = merged.get("overrides") or {}
    declared_by: dict[str, str] = {}
    for origin, tree in set_layers:
        given = tree.get("overrides")
        if isinstance(given, Mapping) and isinstance(named, Mapping):
            named = {**named, **{name: _merged_override(named.get(name), value)
                                 for name, value in given.items()}}
            declared_by |= dict.fromkeys(map(str, given), origin)
    return named, declared_by


def _merged_override(before: Any, after: Any) -> Any:
    """An override as the file declares it with a `--set` of its keys over it (a key the
    `--set` gives wins; the file's others stay)."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        return deep_merge(dotted_layer(before, "overrides"), dotted_layer(after, "overrides"))
    return after


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """`top` over `base`: nested mappings merge, anything else is replaced, and so is a
    mapping an override gives whole (overrides.Whole), which then stays a plain mapping."""
    out = copy.deepcopy(dict(base))
    for key, value in top.items():
        if isinstance(value, Whole):
            out[key] = copy.deepcopy(dict(value))
        elif isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def settings_of(named: Sequence[tuple[str, Layer]], merged: Mapping[str, Any]
                ) -> tuple[Setting, ...]:
    """Each key of each override layer with the file's value and the value set; not the
    `overrides` a `--set` declares: they set nothing until used (`--use`), and are then
    listed as that override's own keys."""
    return tuple(Setting(source, ".".join(leaf), value_at(merged, leaf),
                         _plain(value_at(tree, leaf)))
                 for source, (_, tree) in named for leaf in sorted(_leaf_paths(tree))
                 if leaf[0] != "overrides")


def value_at(tree: Any, leaf: tuple[str, ...]) -> Any:
    """The value at a path of keys in a raw tree (None where the tree gives none)."""
    for key in leaf:
        tree = tree.get(key) if isinstance(tree, Mapping) else None
    return tree


def _plain(value: Any) -> Any:
    """A Whole as the plain mapping it gives (for the settings a run records)."""
    return dict(value) if isinstance(value, Whole) else value


def parse_set(item: str) -> dict[str, Any]:
    """One `--set section.key=value` as a tree of keys, its value read as an amount, a change
    or YAML."""
    key, sep, text = item.partition("=")
    if not sep or not key.strip():
        raise UserError.said("set_form", item=masked(item))
    path = tuple(key.strip().split("."))
    value: Any = None if not _reads_amounts(path) else read_value(
        text, key.strip(), "--set", holds_rate(path))
    origin = f"--set {cut(masked(item))}"
    if value is None:
        try:
            value = parse_yaml(text, origin) if text.strip() else ""
        except UserError:
            value = text
    if isinstance(value, Mapping) and path[0] != "overrides":  # given whole: replaces
        value = Whole(_read_amounts(value, origin, path))
    return dotted_layer({key.strip(): value}, origin)


def _reads_amounts(path: tuple[str, ...]) -> bool:
    """Whether the key reads amounts (45k) and changes (-10%): a number, never a count of RMs
    to add (a whole number, whose error then says so)."""
    return not takes_text(path) and path[:2] != ("rules", "add_rms")


def _read_amounts(tree: Mapping[str, Any], origin: str, prefix: tuple[str, ...] = ()
                  ) -> dict[str, Any]:
    """A named override's texts that are amounts (45k) or changes (-10%) read as such."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        path = (*prefix, key)
        if isinstance(value, Mapping):
            out[key] = _as_given(value, _read_amounts(value, origin, path))
        elif isinstance(value, str) and _reads_amounts(path):
            read = read_value(value, ".".join(path), origin, holds_rate(path))
            out[key] = value if read is None else read
        else:
            out[key] = value
    return out


def changed(tree: Mapping[str, Any], below: Any, prefix: tuple[str, ...], origin: str
            ) -> dict[str, Any]:
    """A layer with each percentage change applied to the value under it (a number with a
    leading + and no %, refused: amounts.Unsigned)."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        under = below.get(key) if isinstance(below, Mapping) else None
        if isinstance(value, RELATIVE):
            out[key] = value.of(under, ".".join((*prefix, key)), origin)
        elif isinstance(value, Mapping):
            out[key] = _as_given(value, changed(value, under, (*prefix, key), origin))
        else:
            out[key] = value
    return out


def _as_given(given: Mapping[str, Any], read: dict[str, Any]) -> dict[str, Any]:
    """`read`, made of `given`, still Whole where `given` was."""
    return Whole(read) if isinstance(given, Whole) else read


def dotted_layer(items: Any, origin: str) -> dict[str, Any]:
    """{'budget.total': 8e6} -> {'budget': {'total': 8e6}}; a key given twice ('budget.total'
    and 'budget: {total: ...}') is refused: which one holds would depend on their order."""
    if not isinstance(items, Mapping):
        raise UserError.said("dotted_not_mapping", origin=origin,
                             origin_zh=origin_words(origin)[1])
    out: dict[str, Any] = {}
    for dotted, value in items.items():
        parts = str(dotted).split(".")
        if any(not p for p in parts):
            raise UserError.said("not_key_path", origin=origin, dotted=dotted,
                                 origin_zh=origin_words(origin)[1])
        node = out
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        if parts[-1] in node:
            raise UserError.said("dotted_twice", origin=origin, dotted=dotted,
                                 origin_zh=origin_words(origin)[1])
        node[parts[-1]] = dict(value) if isinstance(value, Mapping) and not isinstance(
            value, Whole) else value
    return out


def _leaf_paths(tree: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """The key paths a layer sets: a Whole mapping is one."""
    paths: set[tuple[str, ...]] = set()
    for key, value in tree.items():
        if isinstance(value, Mapping) and value and not isinstance(value, Whole):
            paths |= _leaf_paths(value, (*prefix, key))
        else:
            paths.add((*prefix, key))
    return paths


def reject_same_key_twice(layers: Sequence[Layer], what: str) -> None:
    """UserError when two layers of one kind (`what`) set the same key, or one a key and the
    other a key within it (a mapping given whole, and one of its keys)."""
    for at, (origin, tree) in enumerate(layers):
        for first, before in layers[:at]:
            key = _shared_key(before, tree)
            if key is not None:
                raise UserError.said("same_key_twice", first=first, second=origin, key=key,
                                     what=what, what_zh=SAID_TWICE_ZH.get(what, what))


def refuse_set_over_used(used: Sequence[tuple[str, Layer]], set_layers: Sequence[Layer]
                         ) -> None:
    """UserError when a `--set` gives a key a named override (`--use`) sets, or a key within
    it or the section holding it: the --set would replace the override's change, and a run
    labelled after the override would not plan it."""
    for name, (_, tree) in used:
        for index, (origin, given) in enumerate(set_layers):
            key = _shared_key(tree, given)
            if key is not None:
                said = UserError.said("use_and_set", name=name, given=origin, key=key)
                raise SetOverUsed(index, str(said), said.chinese)


class SetOverUsed(UserError):
    """A `--set` of a key a `--use` sets (refuse_set_over_used): `index`, the `--set`'s
    place among those given, for a caller that checks the override without it."""

    def __init__(self, index: int, message: str, chinese: str | None) -> None:
        super().__init__(message, chinese)
        self.index = index


def _shared_key(one: Mapping[str, Any], other: Mapping[str, Any]) -> str | None:
    """The first key both layers set, or the section one sets whole where the other sets a
    key within it; None where they share none."""
    for leaf in sorted(_leaf_paths(other)):
        for path in sorted(_leaf_paths(one)):
            if _nested(path, leaf):
                return ".".join(leaf[:min(len(path), len(leaf))])
    return None


def _nested(one: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """Whether either key path is the other or lies within it."""
    shorter = min(len(one), len(other))
    return one[:shorter] == other[:shorter]
