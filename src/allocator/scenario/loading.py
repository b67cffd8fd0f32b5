"""Load a scenario: read YAML, follow `extends`, apply named overrides and `--set`, validate once.

Precedence, lowest first: base file(s) < scenario file < named overrides (`--use`) <
sweep point < command line (`--set`). Two named overrides, or two `--set`, that give the same
key are an error. Relative paths are resolved against the file that names them. A number may be
written 45k, 1.2m, 2bn or 4.5e4, or as a change (-10%) of the value the key has in the scenario
file, after extends and before any override (allocator.scenario.amounts).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from allocator.connection_text import masked
from allocator.errors import InputOutputError, UserError, did_you_mean, os_reason, resolved, speak
from allocator.scenario.amounts import Change, read_value
from allocator.scenario.errors import (
    describe_validation_errors,
    holds_rate,
    origin_words,
    takes_text,
)
from allocator.scenario.label_keys import with_ids
from allocator.scenario.schema import Scenario
from allocator.scenario.strict_yaml import named_language, parse_yaml

SAID_TWICE_ZH = {"named overrides": "命名覆盖设置", "--set options": "--set 选项"}
"""The kinds of layer that must not give a key twice, as a Chinese message names them."""

PATH_KEYS = (
    ("data", "customers", "path"), ("data", "customers", "database"),
    ("data", "rms", "path"), ("data", "rms", "database"),
    ("data", "offers", "path"), ("data", "offers", "database"),
    ("data", "fit_scores", "path"), ("data", "fit_scores", "database"),
    ("data", "dataset", "path"),
    ("output", "dir"),
)

Layer = tuple[str, dict[str, Any]]
"""A named layer of raw settings: (where it came from, nested dict)."""


@dataclass(frozen=True)
class Setting:
    """One key an override set: by what (a named override's name, `--set`, or `--vary` for the
    sweep point), the key, its value in the scenario file (after `extends`; None where the file
    gives none) and the value set."""

    source: str
    key: str
    before: Any
    after: Any


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with where it came from and what was applied on top."""

    scenario: Scenario
    path: Path
    files: tuple[Path, ...]
    applied: tuple[str, ...] = ()
    layers: tuple[Layer, ...] = field(default=(), repr=False)
    settings: tuple[Setting, ...] = ()
    """Each key the overrides set, with its value in the scenario file and after."""

    def resolved(self) -> dict[str, Any]:
        """The fully resolved scenario as plain data (for manifests and `validate --show`)."""
        return self.scenario.model_dump(mode="json", exclude={"overrides"})


def load_scenario(
    path: str | Path,
    sets: Sequence[str] = (),
    use: Sequence[str] = (),
    point: Mapping[str, Any] | None = None,
) -> LoadedScenario:
    """Read, merge and validate a scenario file; raise UserError naming the file and key. A
    percentage change, in a named override or a `--set`, is of the scenario file's value."""
    path = Path(path)
    heard = _language_set(sets)
    if heard is not None:
        speak(heard)
    layers: list[Layer] = _read_chain(resolved(path), chain=(), heard=heard)
    files = [Path(origin) for origin, _ in layers]
    merged: dict[str, Any] = {}
    for _, layer in layers:
        merged = deep_merge(merged, layer)
    speak(heard or _language_of(merged))
    named = _named_layers(path, merged, use)
    _reject_same_key_twice([layer for _, layer in named], "named overrides")
    applied = [f"--use {name}" for name in use]
    if point:
        named.append(("--vary", ("sweep point", _dotted_layer(point, "sweep point"))))
        applied.extend(f"{k}={v}" for k, v in point.items())
    set_layers = [(f"--set {masked(item)}", _parse_set(item)) for item in sets]
    _reject_same_key_twice(set_layers, "--set options")
    named.extend(("--set", (origin, _changed(tree, merged, (), origin)))
                 for origin, tree in set_layers)
    applied.extend(f"--set {masked(item)}" for item in sets)
    raw = merged
    for _, (_, layer) in named:
        raw = deep_merge(raw, layer)
    layers.extend(layer for _, layer in named)
    speak(_language_of(raw))
    raw = _labelled_by_overrides(raw, use)
    try:
        scenario = Scenario.model_validate(with_ids(raw))
    except ValidationError as exc:
        raise UserError(*describe_validation_errors(exc, layers)) from None
    return LoadedScenario(scenario, path, tuple(files), tuple(applied), tuple(layers),
                          _settings(named, merged))


def changes_taken(path: str | Path, points: Sequence[Mapping[str, Any]]
                  ) -> list[dict[str, Any]]:
    """Sweep points with each percentage change (amounts.Change) taken of the value its key
    has in the scenario file, after `extends` and before any override."""
    if not any(isinstance(v, Change) for point in points for v in point.values()):
        return [dict(point) for point in points]
    merged: dict[str, Any] = {}
    for _, layer in _read_chain(resolved(Path(path)), chain=()):
        merged = deep_merge(merged, layer)
    return [{key: value.of(_at(merged, tuple(key.split("."))), key, f"--vary {key}")
             if isinstance(value, Change) else value for key, value in point.items()}
            for point in points]


def _labelled_by_overrides(raw: dict[str, Any], use: Sequence[str]) -> dict[str, Any]:
    """The raw scenario, labelled (`output.label`) by the display names of the named overrides
    used, in its language, when nothing else labels it: `Budget -10% + More premier RMs`; the
    scenario's name and the ids where an override has no name (`demo + budget_cut`)."""
    output = raw.get("output")
    if not use or (isinstance(output, Mapping) and output.get("label")):
        return raw
    language = "zh" if _language_of(raw) == "zh" else "en"
    labels = raw.get("labels")
    names = labels.get("overrides") if isinstance(labels, Mapping) else None
    names = names if isinstance(names, Mapping) else {}
    shown = [_display_name(names.get(name), language) for name in use]
    label = " + ".join(name or use[i] for i, name in enumerate(shown))
    if not all(shown):  # an override known by its id alone: after the scenario's name
        label = f"{raw.get('name')} + {label}"
    return deep_merge(raw, {"output": {"label": label}}) if isinstance(
        output, Mapping | None) else raw


def _display_name(name: Any, language: str) -> str | None:
    shown = name.get(language) if isinstance(name, Mapping) else None
    return shown if isinstance(shown, str) and shown.strip() else None


def _named_layers(path: Path, merged: Mapping[str, Any], use: Sequence[str]
                  ) -> list[tuple[str, Layer]]:
    """The named overrides asked for, each with its name, percentages taken of the file's
    values."""
    named = merged.get("overrides") or {}
    out: list[tuple[str, Layer]] = []
    for name in use:
        if not named:
            raise UserError.said("no_overrides", path=path, name=name)
        if not isinstance(named, dict) or name not in named:
            choices = list(named) if isinstance(named, dict) else []
            raise UserError.said("unknown_override", path=path, name=name,
                                 hint=did_you_mean(name, choices),
                                 hint_zh=did_you_mean(name, choices, "zh"),
                                 known=", ".join(choices) or "-")
        origin = f"override '{name}'"
        tree = _read_amounts(_dotted_layer(named[name], origin), origin)
        out.append((name, (origin, _changed(tree, merged, (), origin))))
    return out


def _settings(named: Sequence[tuple[str, Layer]], merged: Mapping[str, Any]
              ) -> tuple[Setting, ...]:
    """Each key of each override layer with the file's value and the value set."""
    return tuple(Setting(source, ".".join(leaf), _at(merged, leaf), _at(tree, leaf))
                 for source, (_, tree) in named for leaf in sorted(_leaf_paths(tree)))


def _at(tree: Any, leaf: tuple[str, ...]) -> Any:
    for key in leaf:
        tree = tree.get(key) if isinstance(tree, Mapping) else None
    return tree


def _language_set(sets: Sequence[str]) -> str | None:
    """The output language a `--set output.language=...` gives, if any (the last one): the
    language of an error in the files, which are read before any `--set`."""
    given = [value.strip() for key, _, value in (item.partition("=") for item in sets)
             if key.strip() == "output.language"]
    return given[-1] if given else None


def _language_of(raw: Mapping[str, Any]) -> str | None:
    """The output language a raw scenario tree names, if any."""
    output = raw.get("output")
    return output.get("language") if isinstance(output, Mapping) else None


def deep_merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """`top` over `base`: nested mappings merge, anything else is replaced."""
    out = copy.deepcopy(dict(base))
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read_chain(path: Path, chain: tuple[Path, ...], heard: str | None = None) -> list[Layer]:
    """The scenario file and the files it extends, base first, each as its own layer. An
    error meanwhile speaks the language the files read so far name (`heard`: the first file
    that names one, as it overrides its bases)."""
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise UserError.said("extends_cycle", path=path, cycle=cycle)
    raw = _read_yaml(path, heard)
    heard = heard or _language_of(raw)
    if heard is not None:
        speak(heard)
    _resolve_paths(raw, path.parent)
    base_name = raw.pop("extends", None)
    if base_name is None:
        return [(str(path), raw)]
    if not isinstance(base_name, str):
        raise UserError.said("extends_not_name", path=path, got=repr(base_name))
    return [*_read_chain(resolved(path.parent / base_name), (*chain, path), heard),
            (str(path), raw)]


def _read_yaml(path: Path, heard: str | None = None) -> dict[str, Any]:
    """One scenario file's data; a file that is no YAML mapping is refused in the language
    `heard` of the files that extend it, else the one it names itself if it can be read, else
    the locale's (environment_language)."""
    if path.exists() and not (path.is_file() or path.is_dir()):  # a pipe would block forever
        raise UserError.said("scenario_not_regular", path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputOutputError.said("no_scenario_file", path=path) from None
    except OSError as exc:
        reason, reason_zh = os_reason(exc)
        raise InputOutputError.said("scenario_unreadable", path=path, reason=reason,
                                    reason_zh=reason_zh) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _speak_if_named(heard or environment_language())
        line = data[:exc.start].count(b"\n") + 1
        raise UserError.said("scenario_not_utf8", path=path, line=line,
                             byte=f"{data[exc.start]:02x}") from None
    try:
        raw = parse_yaml(text, str(path))
    except UserError:
        _speak_if_named(heard or named_language(text) or environment_language())
        raise
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise UserError.said("scenario_not_mapping", path=path, kind=type(raw).__name__)
    return raw


def _speak_if_named(language: str | None) -> None:
    if language is not None:
        speak(language)


def environment_language() -> str | None:
    """The language of an error in a file that cannot be read far enough to name its own:
    Chinese where the locale (LC_ALL, else LC_MESSAGES, else LANG) starts with zh."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else None
    return None


def _resolve_paths(raw: dict[str, Any], folder: Path) -> None:
    for keys in PATH_KEYS:
        parent: Any = raw
        for key in keys[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and isinstance(parent.get(keys[-1]), str):
            value = Path(parent[keys[-1]]).expanduser()
            parent[keys[-1]] = str(value if value.is_absolute() else resolved(folder / value))
            if keys[-1] == "database":
                _check_inside(Path(parent[keys[-1]]), folder, ".".join(keys))


def _check_inside(database: Path, folder: Path, key: str) -> None:
    """UserError when a scenario file names a DuckDB database outside its own folder: DuckDB
    may read the files beside the database, and the scenario must not choose where that is."""
    if not resolved(database).is_relative_to(resolved(folder)):
        raise UserError.said("database_outside", key=key, path=database, folder=folder)


def _parse_set(item: str) -> dict[str, Any]:
    key, sep, text = item.partition("=")
    if not sep or not key.strip():
        raise UserError.said("set_form", item=masked(item))
    path = tuple(key.strip().split("."))
    value: Any = None if not _reads_amounts(path) else read_value(
        text, key.strip(), "--set", holds_rate(path))
    if value is None:
        try:
            value = parse_yaml(text, f"--set {masked(item)}") if text.strip() else ""
        except UserError:
            value = text
    return _dotted_layer({key.strip(): value}, f"--set {masked(item)}")


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
            out[key] = _read_amounts(value, origin, path)
        elif isinstance(value, str) and _reads_amounts(path):
            read = read_value(value, ".".join(path), origin, holds_rate(path))
            out[key] = value if read is None else read
        else:
            out[key] = value
    return out


def _changed(tree: Mapping[str, Any], below: Any, prefix: tuple[str, ...], origin: str
             ) -> dict[str, Any]:
    """A layer with each percentage change applied to the value under it."""
    out: dict[str, Any] = {}
    for key, value in tree.items():
        under = below.get(key) if isinstance(below, Mapping) else None
        if isinstance(value, Change):
            out[key] = value.of(under, ".".join((*prefix, key)), origin)
        elif isinstance(value, Mapping):
            out[key] = _changed(value, under, (*prefix, key), origin)
        else:
            out[key] = value
    return out


def _dotted_layer(items: Any, origin: str) -> dict[str, Any]:
    """{'budget.total': 8e6} -> {'budget': {'total': 8e6}}."""
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
        node[parts[-1]] = value
    return out


def _leaf_paths(tree: Mapping[str, Any], prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    paths: set[tuple[str, ...]] = set()
    for key, value in tree.items():
        if isinstance(value, Mapping) and value:
            paths |= _leaf_paths(value, (*prefix, key))
        else:
            paths.add((*prefix, key))
    return paths


def _reject_same_key_twice(layers: Sequence[Layer], what: str) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for origin, tree in layers:
        for leaf in _leaf_paths(tree):
            if leaf in seen:
                raise UserError.said("same_key_twice", first=seen[leaf], second=origin,
                                     key=".".join(leaf), what=what,
                                     what_zh=SAID_TWICE_ZH.get(what, what))
            seen[leaf] = origin
