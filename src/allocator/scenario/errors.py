"""Turn pydantic's validation errors into messages that name the file, the key path and a fix."""

from __future__ import annotations

import re
import types
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from allocator.errors import UserError, did_you_mean, in_a_row, visible
from allocator.scenario.error_texts import (
    LIMITS,
    NUMBER_ERRORS,
    Texts,
    said,
    shown,
    value_texts,
)
from allocator.scenario.fields import RATE
from allocator.scenario.schema import Scenario

Loc = tuple[str | int, ...]


def describe_validation_errors(exc: ValidationError, layers: Sequence[tuple[str, Any]],
                               of_keys: Mapping[str, str] | None = None) -> Texts:
    """One line per distinct key path, `origin: key.path: message`, in English and in
    Chinese. An unknown key names the origin `of_keys` gives in place of its layer's, where
    it gives one (a sweep point's key by its --vary as written, the same at every point)."""
    merged_order = list(reversed(layers))
    lines: dict[tuple[str, str], list[Texts]] = {}
    for error in exc.errors():
        loc, message = _clean(error, layers)
        loc = loc or _refused_key(error, layers)
        origin = _origin_of(loc, merged_order)
        if error["type"] == "extra_forbidden":
            origin = (of_keys or {}).get(origin, origin)
        if (change := written_change(origin)) is not None and error["type"] in LIMITS:
            message = value_texts(error, change)  # of the change, not of the value it gave
        elif error["type"] in LOWER_BOUNDS and not _changeable(origin, loc, layers):
            message = value_texts(error, table=True)  # no "-10%" hint: nothing to change
        if error["type"] in NUMBER_ERRORS and origin.startswith("--set"):
            forms = said("set_number_forms")
            message = (message[0] + forms[0], message[1] + forms[1])
        key = ".".join(str(p) for p in loc)
        if message not in lines.setdefault((origin, key), []):
            lines[(origin, key)].append(message)
    count = len(lines)
    english, chinese = ([_line(where, [m[i] for m in msgs], i) for where, msgs in lines.items()]
                        for i in (0, 1))
    return (said("scenario_errors", count=count, body="\n".join(english))[0],
            said("scenario_errors", count=count, body="\n".join(chinese))[1])


def of_origin(error: UserError, layers: Sequence[tuple[str, Any]],
              of_keys: Mapping[str, str] | None = None) -> UserError:
    """`error`, raised `at` a scenario key after loading (reading the book), naming the file,
    override or --set that gave the key, as a loading error does: `origin: message`; an
    error of the key itself (every_value) by the origin `of_keys` gives in place of its
    layer's, where it gives one (describe_validation_errors)."""
    origin = key_origin(error.key, layers)
    if error.every_value:
        origin = (of_keys or {}).get(origin, origin)
    english, chinese = (visible(words) for words in origin_words(origin))
    return UserError(f"{english}: {error}", f"{chinese}：{error.chinese or error}").at(
        error.key, error.every_value)


def key_origin(key: str, layers: Sequence[tuple[str, Any]]) -> str:
    """The file, override or --set that gave the dotted `key` (the last of `layers` that
    writes it, as far as any writes it): what a message about the key names."""
    return _origin_of(_given_part(key, layers), list(reversed(layers)))


def _changeable(origin: str, loc: Loc, layers: Sequence[tuple[str, Any]]) -> bool:
    """Whether the value `origin` gave at `loc` might have been meant as a change (-10%) of
    the scenario file's value: an override's, where the files give a number there (a change
    of a key they leave unset is no value at all)."""
    if not origin.startswith(CHANGES_WRITTEN):
        return False
    files = [tree for source, tree in layers if not source.startswith(CHANGES_WRITTEN)]
    given = next((_at(tree, loc) for tree in reversed(files)
                  if loc and _depth_present(tree, loc) == len(loc)), None)
    return isinstance(given, int | float) and not isinstance(given, bool)


def _at(tree: Any, loc: Loc) -> Any:
    """The value at `loc` of a raw tree that holds it (_depth_present)."""
    for part in loc:
        tree = tree[part]
    return tree


def _refused_key(error: Mapping[str, Any], layers: Sequence[tuple[str, Any]]) -> Loc:
    """The key a check of the whole scenario refuses (ScenarioValueError.at), as far as a
    file, override or --set writes it: so the message names where the key was given."""
    return _given_part(str(getattr(error.get("ctx", {}).get("error"), "key", "")), layers)


def _given_part(key: str, layers: Sequence[tuple[str, Any]]) -> Loc:
    """The dotted `key`'s path, as far as a file, override or --set writes it."""
    loc: Loc = tuple(key.split(".")) if key else ()
    return loc[:max((_depth_present(tree, loc) for _, tree in layers), default=0)]


def _line(where: tuple[str, str], messages: list[str], language: int) -> str:
    """`origin: key: message or message` in one language (0 English, 1 Chinese); a message
    that names the key itself or a section holding it first (a check of the whole
    scenario's: labels.tiers of labels.tiers.nosuch) names the key once."""
    origin, key = visible(origin_words(where[0])[language]), visible(where[1])
    key = key or said("top_level")[language]
    colon = (": ", "：")[language]
    told = [_without_section(message, key, colon) for message in messages]
    return f"{origin}{colon}{key}{colon}{said('or')[language].join(told)}"


def _without_section(message: str, key: str, colon: str) -> str:
    """`message` without the key `key` or a section holding it that it starts with."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        named = ".".join(parts[:end]) + colon
        if message.startswith(named):
            return message.removeprefix(named)
    return message


def written_change(origin: str) -> str | None:
    """The change of the scenario's value a `--set` or a sweep point's `--vary` wrote
    (`--set budget.total=-120%` wrote -120%); None for any other origin or value."""
    written = origin.partition("=")[2].strip()
    if not origin.startswith(("--set ", "--vary ")) or not written.endswith("%"):
        return None
    return written if written[:1] in "+-" else None


CHANGES_WRITTEN = ("--set", "override", "--vary")
"""Origins whose values may be changes of the scenario's (`-10%`): not a scenario file's."""
LOWER_BOUNDS = ("greater_than_equal", "greater_than")
"""The errors of a value below its bound, which may hint at such a change."""

DECLARED_BY_SET = re.compile(r"override '(?P<name>[^']*)' \((?P<option>--set .*)\)$", re.S)
"""The origin of a named override a `--set` declared (allocator.scenario.overrides)."""


def origin_words(origin: str) -> Texts:
    """Where a key was given, as each language names it (a file or --set is its own name)."""
    declared = DECLARED_BY_SET.match(origin)
    if declared is not None:
        return said("origin_set_override", name=declared["name"], option=declared["option"])
    if origin.startswith("override '"):
        return said("origin_override", name=origin.removeprefix("override '")[:-1])
    return origin, origin


def _clean(error: Mapping[str, Any], layers: Sequence[tuple[str, Any]]) -> tuple[Loc, Texts]:
    loc: Loc = tuple(error["loc"])
    written, reached = _untagged(loc)
    kind = error["type"]
    if kind == "extra_forbidden":
        return written, _unknown_key(loc)
    if kind == "missing":
        return written, said("required")
    if written[-1:] == ("[key]",) and kind == "string_too_short":  # a mapping's empty name
        return written[:-2], said("empty_name")
    if kind in ("model_type", "model_attributes_type"):
        keys, given = _keys_of(reached), error.get("input")
        if isinstance(given, str) and "path" in keys:  # a file's name where its section goes
            return written, said("section_path_value", keys=in_a_row(keys), got=shown(given),
                                 key=".".join(map(str, written)))
        example = ".".join(map(str, (*written, keys[0] if keys else "key")))
        return written, said("section_not_value", keys=in_a_row(keys), example=example,
                             got=shown(given))
    if kind == "union_tag_invalid":
        tags = error.get("ctx", {}).get("expected_tags", "")
        return (*written, "method"), said("unknown_method",
                                          method=repr(error["input"].get("method")), tags=tags)
    if kind == "union_tag_not_found":
        return written, said("no_method", tags=in_a_row(_tags_at(loc)) or "?")
    return _present_prefix(written, layers), value_texts(error)


def _unknown_key(loc: Loc) -> Texts:
    """The message of the unknown key a pydantic error's `loc` ends in, naming the keys
    allowed beside it: where a method chooses them, that method's (tiering.thresholds.foo)."""
    word, allowed = str(loc[-1]), _keys_of(_untagged(loc[:-1])[1])
    words = {"name": visible(word), "hint": did_you_mean(word, allowed),
             "hint_zh": did_you_mean(word, allowed, "zh"), "allowed": ", ".join(allowed)}
    if len(loc) > 1 and _tagged_member(_untagged(loc[:-2])[1], loc[-2]) is not None:
        return said("unknown_method_key", method=visible(str(loc[-2])), **words)
    return said("unknown_key", **words)


def _untagged(loc: Loc) -> tuple[Loc, Any]:
    """A pydantic error's `loc` as the key the user wrote: without the method pydantic names
    after a key whose value its method chooses (tiering.thresholds.foo is tiering.foo where
    tiering's method is thresholds); and the annotation `loc` reaches (after a method's
    name, that method's model), None past the schema."""
    annotation: Any = Scenario
    written: list[str | int] = []
    for part in loc:
        member = _tagged_member(annotation, part)
        if member is None:
            written.append(part)
        annotation = member or _step(annotation, part)
    return tuple(written), annotation


def _tagged_member(annotation: Any, part: str | int) -> type[BaseModel] | None:
    """The member of a union whose value its 'method' chooses that the method `part` names;
    None where `annotation` is no such union or no member has that method."""
    models = _models_in(annotation)
    if len(models) < 2 or not all("method" in model.model_fields for model in models):
        return None
    return next((model for model in models
                 if part in get_args(model.model_fields["method"].annotation)), None)


def _keys_of(annotation: Any) -> list[str]:
    """The keys the models of `annotation` allow, sorted."""
    return sorted({name for model in _models_in(annotation) for name in model.model_fields})


def _tags_at(loc: Loc) -> list[str]:
    """The methods a key whose value is chosen by its 'method' accepts."""
    annotation: Any = Scenario
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return []
    return sorted(str(tag) for model in _models_in(annotation)
                  for tag in get_args(model.model_fields["method"].annotation)
                  if "method" in model.model_fields)


def _present_prefix(loc: Loc, layers: Sequence[tuple[str, Any]]) -> Loc:
    """Drop the parts pydantic adds for union members (a type's name), keeping what the user
    wrote: a path written in full beats a longer partial one."""
    candidates = [loc, *(loc[:i] + loc[i + 1:] for i in range(1, len(loc)))]
    best, rank = loc, (False, 0)
    for candidate in candidates:
        present = max((_depth_present(tree, candidate) for _, tree in layers), default=0)
        if (present == len(candidate), present) > rank:
            best, rank = candidate, (present == len(candidate), present)
    return best[:rank[1]] or loc


def _origin_of(loc: Loc, layers_high_first: Sequence[tuple[str, Any]]) -> str:
    """The highest-precedence layer (file, override, --set) that gives the key at `loc`."""
    for origin, tree in layers_high_first:
        if loc and _depth_present(tree, loc) == len(loc):
            return origin
    return layers_high_first[-1][0] if layers_high_first else "scenario"


def _depth_present(tree: Any, loc: Loc) -> int:
    """How many leading parts of `loc` exist in the raw tree."""
    node, depth = tree, 0
    for part in loc:
        in_mapping = isinstance(node, Mapping) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if not (in_mapping or in_list):
            break
        node = node[part]
        depth += 1
    return depth


def takes_text(loc: Loc) -> bool:
    """Whether the key at `loc` takes text and no number (a name, a path, a choice), so that
    `1m` there stays the text it is."""
    annotation: Any = Scenario
    for part in loc:
        annotation = _step(annotation, part)
        if annotation is None:
            return False
    kinds = _flatten(annotation)
    return not any(kind in (int, float) for kind in kinds) and bool(kinds)


def holds_rate(loc: Loc) -> bool:
    """Whether the key at `loc` holds a rate or a share: a number the schema marks RATE
    (allocator.scenario.fields), such as objective.discount_rate or a tier's
    budget_floor_share."""
    annotation: Any = Scenario
    for part in loc[:-1]:
        annotation = _step(annotation, part)
        if annotation is None:
            return False
    for candidate in _flatten(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(str(loc[-1]))
            if field is not None:
                return RATE in [*field.metadata, *_marks(field.annotation)]
        elif get_origin(candidate) is dict:
            return RATE in _marks(get_args(candidate)[1])
    return False


def _marks(annotation: Any) -> list[Any]:
    """The metadata of an annotation and of each member of a union (not of containers)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return [*annotation.__metadata__, *_marks(get_args(annotation)[0])]
    if origin in (Union, types.UnionType):
        return [mark for arg in get_args(annotation) for mark in _marks(arg)]
    return []


def _step(annotation: Any, part: str | int) -> Any:
    for candidate in _flatten(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if part in candidate.model_fields:
                return candidate.model_fields[str(part)].annotation
            method = candidate.model_fields.get("method")
            if method is not None and part in get_args(method.annotation):
                return candidate
        elif get_origin(candidate) is dict:
            return get_args(candidate)[1]
        elif get_origin(candidate) is list and isinstance(part, int):
            return get_args(candidate)[0]
    return None


def _flatten(annotation: Any) -> list[Any]:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _flatten(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        return [c for arg in get_args(annotation) for c in _flatten(arg)]
    if origin is Literal:
        return []
    return [annotation]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [c for c in _flatten(annotation) if isinstance(c, type) and issubclass(c, BaseModel)]
