"""Each kind of value a scenario key refuses, told in plain words in both languages: what was
given and what the key accepts, never the validation library's own wording."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, time
from typing import Any

from allocator.errors import ScenarioValueError, catalogued, cut, in_a_row

Texts = tuple[str, str]
"""A message in English and in Chinese."""

WANTS: dict[str, str] = {
    **dict.fromkeys(("float_parsing", "float_type", "decimal_parsing", "decimal_type",
                     "complex_type"), "want_number"),
    **dict.fromkeys(("int_parsing", "int_type", "int_from_float", "int_parsing_size"),
                    "want_whole_number"),
    "finite_number": "want_finite",
    **dict.fromkeys(("bool_parsing", "bool_type"), "want_yes_no"),
    **dict.fromkeys(("string_type", "string_unicode", "string_sub_type"), "want_text"),
    **dict.fromkeys(("list_type", "tuple_type", "set_type", "frozen_set_type",
                     "iterable_type"), "want_list"),
    **dict.fromkeys(("dict_type", "mapping_type"), "want_mapping"),
    **dict.fromkeys(("date_parsing", "date_type", "date_from_datetime_parsing",
                     "date_from_datetime_inexact", "datetime_parsing", "datetime_type"),
                    "want_date"),
}
"""Errors of a value of the wrong kind -> the catalogue's words for the kind wanted."""

LIMITS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("want_at_least", "ge"), "greater_than": ("want_above", "gt"),
    "less_than_equal": ("want_at_most", "le"), "less_than": ("want_below", "lt"),
    "too_short": ("want_more_items", "min_length"),
    "string_too_short": ("want_longer_text", "min_length"),
    "too_long": ("want_fewer_items", "max_length"),
    "string_too_long": ("want_shorter_text", "max_length"),
    "multiple_of": ("want_multiple", "multiple_of"),
}
"""Errors of a value outside its bounds -> (the catalogue's words, the bound's name)."""

NUMBER_ERRORS = frozenset(kind for kind, want in WANTS.items()
                          if want in ("want_number", "want_whole_number"))
"""Errors of a value that should have been a number."""


NAME_CHARACTER = re.compile(r"[\w.-]")
"""A character a scenario's name may hold (the one key with a pattern: it names a folder)."""

said = catalogued
SHOWN_START = 40
"""How many characters of a text too long a message shows."""
"""Catalogue message `key` in English and in Chinese."""


def _a_change(value: Any, bound: str) -> bool:
    """Whether a negative `value` below a bound of 0 (ge or gt) would be a change the bound
    allows written as a percentage: -10 as -10% (-100% at most, above it for gt); -45000 not,
    as -45000% would be refused in turn."""
    if not isinstance(value, int | float) or isinstance(value, bool) or value >= 0:
        return False
    return value > -100 or (value == -100 and bound == "ge")


def shown(value: Any, limit: int = 80) -> str:
    """The value as written in a message: its repr, cut short; a long text's start quoted,
    then its own length (not its repr's)."""
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}…({len(value):,})"
    return cut(repr(value), limit)


def _wanted(want: str, value: Any, got: str) -> Texts:
    """What the key wants and what it got; a date (YAML reads 2026-01-01 as one) in words."""
    if not isinstance(value, date | time):
        return said(want, got=got)
    english, chinese = said("got_date", date=value.isoformat())
    return said(want, got=english)[0], said(want, got=chinese)[1]


def value_texts(error: Mapping[str, Any], change: str | None = None, table: bool = False
                ) -> Texts:
    """What is wrong with a value, for the errors that are about the value alone; `change`
    is the change of the scenario's value that gave it (-120%), when one did; `table`: the
    value is a table's cell, or of a key the scenario files leave unset, where no change of a
    scenario's value can be written."""
    kind = str(error["type"])
    ctx = error.get("ctx") or {}
    got = shown(error.get("input"))
    if kind in WANTS:
        return _wanted(WANTS[kind], error.get("input"), got)
    if kind in ("too_long", "too_short") and isinstance(error.get("input"), str):
        kind = f"string_{kind}"  # a text's length in characters, not items
    if kind in LIMITS:
        return _beyond(kind, error.get("input"), ctx, got, change, table)
    if kind == "string_pattern_mismatch" and error.get("input") == "":
        return said("want_name_given", got=got)
    if kind == "string_pattern_mismatch":
        refused = sorted({ch for ch in str(error.get("input")) if not NAME_CHARACTER.match(ch)})
        return said("want_name_characters", got=got,
                    refused=in_a_row(repr(ch) for ch in refused))
    if kind in ("literal_error", "enum"):
        return said("want_choice", choices=_choices(str(ctx.get("expected", ""))), got=got)
    if kind in ("value_error", "assertion_error"):
        return _own_texts(ctx.get("error"), str(error.get("msg", "")))
    return said("want_other", got=got)


def _beyond(kind: str, value: Any, ctx: Mapping[str, Any], got: str, change: str | None,
            table: bool = False) -> Texts:
    """A value outside its bound (LIMITS), with the hint of a change where one was meant."""
    key, bound = LIMITS[kind]
    if kind == "string_too_long" and isinstance(value, str):  # its length said apart
        got = f"{value[:SHOWN_START]!r}…"
    limit = _number(ctx.get(bound, "?"))
    if bound in ("min_length", "max_length") and isinstance(limit, int):
        limit = f"{limit:,}"  # a count, written as the length it is set against
    texts = said(key, limit=limit, got=got,
                 length=f"{len(value):,}" if isinstance(value, str) else "?")
    if bound in ("ge", "gt") and ctx.get(bound) == 0 and change is not None:
        hint = said(f"change_negative_{bound}", change=change)
        texts = (texts[0] + hint[0], texts[1] + hint[1])
    elif bound in ("ge", "gt") and ctx.get(bound) == 0 and _a_change(value, bound) and not table:
        hint = said("or_change", change=f"{value}%")  # -10 meant as -10%
        texts = (texts[0] + hint[0], texts[1] + hint[1])
    return texts


def _number(limit: object) -> object:
    """A bound as written in a scenario: 0, not 0.0; 1000000000000000, not 1e+15."""
    if isinstance(limit, float) and limit.is_integer():
        return int(limit)
    return f"{limit:g}" if isinstance(limit, float) else limit


def _choices(expected: str) -> str:
    """pydantic's "'en' or 'zh'" as "en, zh"."""
    return ", ".join(part.strip().strip("'\"") for part in
                     expected.replace(" or ", ",").split(",") if part.strip())


def _own_texts(raised: object, message: str) -> Texts:
    """A check of allocator's own: its words (both languages where it gives them)."""
    english = str(raised) if raised is not None else message.removeprefix("Value error, ")
    chinese = getattr(raised, "chinese", None) if isinstance(raised, ScenarioValueError) \
        else None
    return english, chinese or english
