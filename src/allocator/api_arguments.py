"""The arguments of the Python entry points (allocator.api) held to what they take, as the
command line's parser holds its options: a list of texts given as one text
(`sets="budget.total=40000"`, read a character at a time) or holding other things, a scenario
file or a folder that is no path or is blank (the current folder, unasked, as `--out ""` is
refused), an output folder `--out` would refuse (a name in it with whitespace at either end), a
table that is none, a language other than en and zh, a fit or a scenario of
another kind, a model method allocator does not fit. Each is refused naming the argument, what
it was given and what to give."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path
from typing import Literal, TypeVar

import pandas as pd

from allocator.errors import UserError, cut, did_you_mean
from allocator.output_options import output_option

Kind = TypeVar("Kind")

LISTED = {"sets": ("--set", "budget.total=40000"), "use": ("--use", "budget_cut")}
"""A list argument -> the option each of its texts is on the command line, and an example."""


def texts(name: str, value: object) -> list[str]:
    """`value`, the list argument `name` (LISTED), as a list of its texts: one per --set or
    --use, as the command line gives them."""
    if isinstance(value, Iterable) and not isinstance(value, (str, bytes, Mapping)):
        items = list(value)
        if all(isinstance(item, str) for item in items):
            return items
    option, example = LISTED[name]
    raise UserError.said("api_text_list", name=name, got=cut(repr(value)), option=option,
                         example=repr(value if isinstance(value, str) else example))


def path(name: str, value: object) -> Path:
    """The path argument `name` (a scenario file, a folder) as a path: a text or a path, not
    blank."""
    if isinstance(value, (str, PathLike)) and str(value).strip():
        return Path(value)
    raise UserError.said("api_path", name=name, got=cut(repr(value)))


def maybe_path(name: str, value: object) -> Path | None:
    """The path argument `name` as a path, None where it is left out (its default); blank, it
    is refused as `--out ""` is."""
    if isinstance(value, str) and not value.strip():
        raise UserError.said("api_blank_path", name=name, got=repr(value))
    return None if value is None else path(name, value)


def output(value: object) -> Path | None:
    """The `output` argument (maybe_path), held to what `--out` takes (output_options): a
    folder's name in it starting or ending with whitespace is refused, naming the argument."""
    folder = maybe_path("output", value)
    if folder is not None:
        output_option("output", "dir", str(value), argument=True)
    return folder


def table(value: object) -> pd.DataFrame:
    """A table argument (`frame`): a pandas DataFrame."""
    if not isinstance(value, pd.DataFrame):
        raise UserError.said("api_not_table", got=cut(repr(value)))
    return value


def language(value: object) -> Literal["en", "zh"]:
    """A language argument: en or zh."""
    if value not in ("en", "zh"):
        raise UserError.said("api_language", got=cut(repr(value)))
    return "zh" if value == "zh" else "en"


def of_kind(name: str, value: object, kind: type[Kind], message: str) -> Kind:
    """The argument `name` where it is a `kind` (what api.fit returned, a scenario); else
    refused with catalogue message `message`, which says what to give."""
    if not isinstance(value, kind):
        raise UserError.said(message, name=name, got=cut(repr(value)))
    return value


def methods(value: object, known: tuple[str, ...]) -> list[str]:
    """A list of model methods (`methods`), each one of `known`, once each in the order
    given."""
    items = list(value) if isinstance(value, Iterable) and not isinstance(
        value, (str, bytes, Mapping)) else []
    said = {"known": ", ".join(known), "known_zh": "、".join(known)}
    if not items or not all(isinstance(item, str) for item in items):
        raise UserError.said("api_method_list", got=cut(repr(value)),
                             example=repr([known[0]]), **said)
    for item in items:
        if item not in known:
            raise UserError.said("api_unknown_method", method=cut(item),
                                 hint=did_you_mean(item, known),
                                 hint_zh=did_you_mean(item, known, "zh"), **said)
    return list(dict.fromkeys(items))
