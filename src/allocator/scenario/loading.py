"""Load a scenario: read YAML, follow `extends`, apply named overrides and `--set`, validate once.

Precedence, lowest first: base file(s) < scenario file < named overrides (`--use`) <
sweep point < command line (`--set`). Two named overrides, or two `--set`, that give the same
key are an error. Relative paths are resolved against the file that names them. A number may be
written 45k, 1.2m, 2bn or 4.5e4, or as a change (-10%) of the value the key has in the scenario
file, after extends and before any override (allocator.scenario.amounts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from allocator import api_arguments as arguments
from allocator.errors import (
    InputOutputError,
    UserError,
    cut,
    environment_language,
    os_reason,
    resolved,
    speak,
    visible,
)
from allocator.run_label import overrides_label
from allocator.scenario.amounts import RELATIVE
from allocator.scenario.defaults import defaulted
from allocator.scenario.errors import describe_validation_errors
from allocator.scenario.extending import refuse_partial_extensions
from allocator.scenario.fields import output_folder_fault
from allocator.scenario.file_shape import refuse_not_mapping, refuse_table
from allocator.scenario.label_keys import (
    key_with_ids,
    layer_with_ids,
    layers_with_ids,
    with_ids,
)
from allocator.scenario.overrides import (
    Layer,
    Setting,
    changed,
    deep_merge,
    dotted_layer,
    masked,
    named_layers,
    parse_set,
    refuse_new_tiers,
    refuse_partial_offers,
    refuse_partial_packages,
    refuse_set_over_used,
    reject_same_key_twice,
    settings_of,
    value_at,
)
from allocator.scenario.schema import Scenario
from allocator.scenario.strict_yaml import named_language, parse_yaml

PATH_KEYS = (
    ("data", "customers", "path"), ("data", "customers", "database"),
    ("data", "rms", "path"), ("data", "rms", "database"),
    ("data", "offers", "path"), ("data", "offers", "database"),
    ("data", "fit_scores", "path"), ("data", "fit_scores", "database"),
    ("data", "dataset", "path"),
    ("output", "dir"),
)


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
    of_keys: Mapping[str, str] = field(default_factory=dict, repr=False)
    """A sweep point's origins of its keys (--vary budget.totl=1) by the one an error of the
    key itself takes, the same at every point: its --vary as written (--vary budget.totl=1,2)."""

    def key_by_id(self, key: str) -> str:
        """The dotted `key` (a sweep's --vary) as a --set of it is read: a grade or region it
        names by its name read as its id, by the names of this scenario's layers
        (label_keys.key_with_ids)."""
        return key_with_ids(key, self.layers)

    def resolved(self) -> dict[str, Any]:
        """The fully resolved scenario as plain data (for manifests and `validate --show`).
        Its offers keep only the fields the scenario sets: over a generated or tabled offer
        only those replace the offer's own (book.offer_rows.overlaid), so read back they plan the
        same book."""
        resolved = self.scenario.model_dump(mode="json", exclude={"overrides"})
        resolved["offers"] = {name: spec.model_dump(mode="json", exclude_unset=True)
                              for name, spec in self.scenario.offers.items()}
        return resolved


def load_scenario(
    path: str | Path,
    sets: Sequence[str] = (),
    use: Sequence[str] = (),
    point: Mapping[str, Any] | None = None,
    written: Mapping[str, Any] | None = None,
    varied: Mapping[str, str] | None = None,
    gap: float | None = None,
) -> LoadedScenario:
    """Read, merge and validate a scenario file; raise UserError naming the file and key. A
    percentage change, in a named override or a `--set`, is of the scenario file's value. A
    sweep's `point` (its changes taken: changes_taken) is named in errors of its values as
    `written` gives it, where given (`--vary budget.total=-300%`, not the value it gave), and
    in errors of its keys themselves (an unknown key, a new tier), the same at every point, by
    each key's --vary as `varied` writes it, where given (`--vary budget.totl=1,2`). A `--set`
    of a key a `--use` sets is refused; a sweep point's tighter `gap` target
    (allocator.sweep_tightening) is set over every layer as a last `--set` of solver.gap."""
    path = arguments.path("scenario", path)
    sets, use = arguments.texts("sets", sets), arguments.texts("use", use)
    heard = _language_set(sets)
    if heard is not None:
        speak(heard)
    layers = layers_with_ids(_read_chain(resolved(path), chain=(), heard=heard))
    files = [Path(origin) for origin, _ in layers]
    merged: dict[str, Any] = {}
    for _, layer in layers:
        merged = deep_merge(merged, layer)
    speak(heard or _language_of(merged))
    refuse_partial_extensions(layers)
    set_layers = [_set_layer(item) for item in sets]
    named, set_layers = _with_ids(merged, named_layers(path, merged, use, set_layers),
                                  set_layers)
    reject_same_key_twice([layer for _, layer in named], "named overrides")
    applied = [f"--use {name}" for name in use]
    of_keys: dict[str, str] = {}
    if point:
        point_layers, of_keys = _point_layers(point, written or point, varied or {})
        named.extend(point_layers)
        applied.extend(f"{k}={v}" for k, v in point.items())
    reject_same_key_twice(set_layers, "--set options")
    refuse_set_over_used(named[:len(use)], set_layers)
    if gap is not None:
        sets = [*sets, f"solver.gap={gap!r}"]
        set_layers.append(_set_layer(sets[-1]))
    named.extend(("--set", (origin, changed(tree, merged, (), origin)))
                 for origin, tree in set_layers)
    applied.extend(f"--set {masked(item)}" for item in sets)
    keyed = [(of_keys.get(origin, origin), tree) for _, (origin, tree) in named]
    refuse_new_tiers(merged, keyed)
    refuse_partial_offers(merged, keyed)
    refuse_partial_packages(merged, keyed)
    raw = merged
    for _, (_, layer) in named:
        raw = deep_merge(raw, layer)
    layers.extend(layer for _, layer in named)
    speak(_language_of(raw))
    raw = _labelled_by_overrides(raw, use)
    try:
        scenario = Scenario.model_validate(with_ids(raw))
    except ValidationError as exc:
        raise UserError(*describe_validation_errors(exc, layers, of_keys)) from None
    return LoadedScenario(scenario, path, tuple(files), tuple(applied), tuple(layers),
                          defaulted(settings_of(named, merged), merged), of_keys)


def _with_ids(merged: Mapping[str, Any], named: list[tuple[str, Layer]],
              set_layers: list[Layer]) -> tuple[list[tuple[str, Layer]], list[Layer]]:
    """The named overrides' and the `--set` options' layers, each key that names a grade or a
    region by its name read as its id (label_keys.with_ids), by the names of the files
    (`merged`) with every layer over them: a name changes the id the files give, and a key
    set twice, once by its name, is one key."""
    whole = merged
    for tree in [layer for _, (_, layer) in named] + [layer for _, layer in set_layers]:
        whole = deep_merge(whole, tree)
    return ([(name, (origin, layer_with_ids(origin, tree, whole)))
             for name, (origin, tree) in named],
            [(origin, layer_with_ids(origin, tree, whole)) for origin, tree in set_layers])


def _set_layer(item: str) -> Layer:
    """One `--set` as a layer, named as written (a password masked)."""
    return f"--set {cut(masked(item))}", parse_set(item)


def _point_layers(point: Mapping[str, Any], written: Mapping[str, Any],
                  varied: Mapping[str, str]) -> tuple[list[tuple[str, Layer]], dict[str, str]]:
    """A sweep point's layers, one per key, each named by its value as `written` gives it
    (`--vary budget.total=-300%`); and, by those names, the one an error of the key itself
    takes: its --vary as `varied` writes it (`--vary budget.totl=1,2`), where given."""
    layers: list[tuple[str, Layer]] = []
    of_keys: dict[str, str] = {}
    for key, value in point.items():
        origin = f"--vary {key}={cut(masked(str(written[key])))}"
        layers.append(("--vary", (origin, dotted_layer({key: value}, origin))))
        if key in varied:
            of_keys[origin] = f"--vary {cut(masked(varied[key]))}"
    return layers, of_keys


def without_overrides(loaded: LoadedScenario, keeping: frozenset[str] = frozenset()
                      ) -> LoadedScenario | None:
    """The scenario as its files alone say it (after `extends`), without named overrides, a
    sweep point or `--set`, but for what they set in the sections `keeping` (the language
    and where reports are written, say), the run's label and note aside; None where that is
    not a valid scenario."""
    merged: dict[str, Any] = {}
    for _, layer in loaded.layers[:len(loaded.files)]:
        merged = deep_merge(merged, layer)
    for _, layer in loaded.layers[len(loaded.files):]:
        merged = deep_merge(merged, _kept_sections(layer, keeping))
    try:
        scenario = Scenario.model_validate(with_ids(merged))
    except (ValidationError, UserError):
        return None
    applied = tuple(item for item in loaded.applied if item.startswith("--set ") and _kept_key(
        item.removeprefix("--set ").partition("=")[0].strip(), keeping))
    return LoadedScenario(scenario, loaded.path, loaded.files, applied)


NAMING_KEYS = frozenset({"output.label", "output.note"})
"""What a run is called and why it was made: a what-if's own, never its plain run's."""


def _kept_key(key: str, keeping: frozenset[str]) -> bool:
    return key.split(".")[0] in keeping and key not in NAMING_KEYS


def _kept_sections(layer: Mapping[str, Any], keeping: frozenset[str]) -> dict[str, Any]:
    """The sections `keeping` of an override's layer, without the run's label and note."""
    kept = {key: value for key, value in layer.items() if key in keeping}
    if isinstance(kept.get("output"), Mapping):
        kept["output"] = {key: value for key, value in kept["output"].items()
                          if f"output.{key}" not in NAMING_KEYS}
    return kept


def changes_taken(path: str | Path, points: Sequence[Mapping[str, Any]]
                  ) -> list[dict[str, Any]]:
    """Sweep points with each percentage change (amounts.Change) taken of the value its key
    has in the scenario file, after `extends` and before any override; a number with a
    leading + and no % refused (amounts.Unsigned)."""
    if not any(isinstance(v, RELATIVE) for point in points for v in point.values()):
        return [dict(point) for point in points]
    merged: dict[str, Any] = {}
    for _, layer in layers_with_ids(_read_chain(resolved(Path(path)), chain=())):
        merged = deep_merge(merged, layer)
    return [{key: value.of(value_at(merged, tuple(key.split("."))), key, f"--vary {key}")
             if isinstance(value, RELATIVE) else value for key, value in point.items()}
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
    label = overrides_label(str(raw.get("name")), names if isinstance(names, Mapping) else {},
                            use, language)
    return deep_merge(raw, {"output": {"label": label}}) if isinstance(
        output, Mapping | None) else raw


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


def _read_chain(path: Path, chain: tuple[Path, ...], heard: str | None = None) -> list[Layer]:
    """The scenario file and the files it extends, base first, each as its own layer. An
    error meanwhile speaks the language the files read so far name (`heard`: the first file
    that names one, as it overrides its bases)."""
    if path in chain:
        cycle = " -> ".join(str(p) for p in (*chain, path))
        raise UserError.said("extends_cycle", path=path, cycle=cycle)
    raw = _read_yaml(path, heard, base=bool(chain))
    heard = heard or _language_of(raw)
    if heard is not None:
        speak(heard)
    _resolve_paths(raw, path.parent)
    base_name = raw.pop("extends", None)
    if base_name is None:
        return [(str(path), raw)]
    if not isinstance(base_name, str):
        raise UserError.said("extends_not_name", path=path, got=repr(base_name))
    base = resolved(path.parent / base_name)
    if not base.exists():  # named by the file that extends it, where the name was written
        raise InputOutputError.said("extends_missing", path=path, name=visible(base_name),
                                    base=base)
    return [*_read_chain(base, (*chain, path), heard), (str(path), raw)]


def _read_yaml(path: Path, heard: str | None = None, base: bool = False) -> dict[str, Any]:
    """One scenario file's data; a file that is no YAML mapping is refused in the language
    `heard` of the files that extend it, else the one it names itself if it can be read, else
    the locale's (environment_language). A `base` file (one named by `extends`) that is not a
    mapping of scenario sections is refused by its name and a line number, never its text."""
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
    refuse_table(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        _speak_if_named(heard or environment_language())
        line = data[:exc.start].count(b"\n") + 1
        raise UserError.said("scenario_not_utf8", path=path, line=line,
                             byte=f"{data[exc.start]:02x}") from None
    if base:
        _check_base_sections(text, path)
    try:
        raw = parse_yaml(text, str(path))
    except UserError:
        _speak_if_named(heard or named_language(text) or environment_language())
        raise
    if raw is None:
        raw = {}
    refuse_not_mapping(path, raw)
    assert isinstance(raw, dict)
    return raw


def _check_base_sections(text: str, path: Path) -> None:
    """Refuse a file named by `extends` unless its top level is a mapping of scenario sections;
    the error names the first offending line, never what the file holds. Text that is not YAML
    is left to the strict reading, which names the line and the problem."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return
    if node is None:
        return
    if not isinstance(node, yaml.MappingNode):
        raise UserError.said("base_not_scenario", path=path, line=node.start_mark.line + 1)
    sections = {*Scenario.model_fields, "extends"}
    for key_node, _ in node.value:
        if not isinstance(key_node.value, str) or key_node.value not in sections:
            raise UserError.said("base_not_scenario", path=path,
                                 line=key_node.start_mark.line + 1)


def _speak_if_named(language: str | None) -> None:
    if language is not None:
        speak(language)


def _resolve_paths(raw: dict[str, Any], folder: Path) -> None:
    for keys in PATH_KEYS:
        parent: Any = raw
        for key in keys[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if isinstance(parent, dict) and isinstance(parent.get(keys[-1]), str):
            if _refused_as_written(keys, parent[keys[-1]]):
                continue  # refused by the schema as written, not as the file's folder
            value = Path(parent[keys[-1]]).expanduser()
            parent[keys[-1]] = str(value if value.is_absolute() else resolved(folder / value))
            if keys[-1] == "database":
                _check_inside(Path(parent[keys[-1]]), folder, ".".join(keys))


def _refused_as_written(keys: tuple[str, ...], text: str) -> bool:
    """Whether the schema refuses the path `text` at `keys` as written: blank (it would read as
    the file's own folder), or an output folder with a name in it edged with whitespace."""
    return not text.strip() or (keys == ("output", "dir")
                                and output_folder_fault(text) is not None)


def _check_inside(database: Path, folder: Path, key: str) -> None:
    """UserError when a scenario file names a DuckDB database outside its own folder: DuckDB
    may read the files beside the database, and the scenario must not choose where that is."""
    if not resolved(database).is_relative_to(resolved(folder)):
        raise UserError.said("database_outside", key=key, path=database, folder=folder)


