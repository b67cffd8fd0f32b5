"""The value a key had before an override set it, where the scenario files give none: the
schema's default (`--set output.baselines=false` turns off what was on), or, for an offer of
an offer table or a generated book, the value the book gives it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic_core import PydanticUndefined, to_jsonable_python

from allocator.scenario.overrides import Setting, value_at
from allocator.scenario.schema import OfferSpec, Scenario


def defaulted(settings: Sequence[Setting], merged: Mapping[str, Any]) -> tuple[Setting, ...]:
    """`settings` with each key the files (`merged`) leave unset shown at the schema's
    default; but an offer's key where the offers come from a table or a generated book,
    which only the book knows (with_book_offers)."""
    booked = offers_from_book(merged)
    return tuple(setting if setting.before is not None
                 or (booked and setting.key.startswith("offers."))
                 else replace(setting, before=schema_default(tuple(setting.key.split("."))))
                 for setting in settings)


def with_book_offers(settings: Sequence[Setting], given: Mapping[str, OfferSpec]
                     ) -> tuple[Setting, ...]:
    """`settings` with each offer's key they leave without a value before (defaulted) at the
    value the book's own offer (`given`: the table's or generated book's) has there."""
    return tuple(_booked(setting, given) for setting in settings)


def waits_for_book(setting: Setting) -> bool:
    """Whether `setting`'s value before is the book's to give (with_book_offers): an offer's
    key the scenario files leave without one."""
    path = setting.key.split(".")
    return setting.before is None and path[0] == "offers" and len(path) >= 2


def _booked(setting: Setting, given: Mapping[str, OfferSpec]) -> Setting:
    if not waits_for_book(setting):
        return setting
    path = setting.key.split(".")
    offer = given.get(path[1])
    dumped = None if offer is None else offer.model_dump(mode="json")
    before = value_at(dumped, tuple(path[2:])) if offer is not None else schema_default(
        tuple(path))
    return replace(setting, before=before)


def offers_from_book(merged: Mapping[str, Any]) -> bool:
    """Whether the scenario (as `merged` gives it) reads offers from a table or generates
    them with its book."""
    data = merged.get("data")
    return isinstance(data, Mapping) and bool({"offers", "generate"} & set(data))


def schema_default(path: tuple[str, ...]) -> Any:
    """The schema's default at a key path (as JSON data), None where it has none: a key of a
    mapping by name (a tier's), or of several forms whose defaults differ."""
    kinds: list[Any] = [Scenario]
    for depth, part in enumerate(path):
        found = [hint for kind in kinds for hint in _within(kind, part)]
        if depth == len(path) - 1:
            defaults = [default for hint, default in found if default is not PydanticUndefined]
            same = defaults and all(value == defaults[0] for value in defaults)
            return to_jsonable_python(defaults[0]) if same else None
        kinds = [hint for hint, _ in found]
    return None


def _within(kind: Any, part: str) -> list[tuple[Any, Any]]:
    """What `part` is within a value of type `kind`: (its type, its default) for a model's
    field; (the values' type, no default) for a key of a mapping."""
    found: list[tuple[Any, Any]] = []
    for one in _forms(kind):
        if isinstance(one, type) and issubclass(one, BaseModel) and part in one.model_fields:
            field = one.model_fields[part]
            default = (field.get_default(call_default_factory=True)
                       if not field.is_required() else PydanticUndefined)
            found.append((field.annotation, default))
        elif get_origin(one) in (dict, Mapping) and len(get_args(one)) == 2:
            found.append((get_args(one)[1], PydanticUndefined))
    return found


def _forms(kind: Any) -> list[Any]:
    """The types a type hint allows: through Annotated, unions and Optional."""
    origin = get_origin(kind)
    if origin is Annotated:
        return _forms(get_args(kind)[0])
    if origin is Union or type(kind).__name__ == "UnionType":
        return [form for arg in get_args(kind) for form in _forms(arg)]
    return [kind]
