"""The offers of a table (or the generated book's) as OfferSpecs: each row checked, named by its
offer and column in both languages; the scenario's fields laid over them; and an offer given
both in the scenario and in a table refused."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from allocator import columns as c
from allocator.book.row_places import DATA_ROWS, RowPlaces
from allocator.book.validation import LONGEST_TEXT
from allocator.errors import ScenarioValueError, UserError, did_you_mean, examples, in_a_row
from allocator.scenario.consistency import known_tiers
from allocator.scenario.error_texts import value_texts
from allocator.scenario.schema import OfferSpec, unsaid_of_new_offer


def offers_from_frame(frame: pd.DataFrame, label: str, tiers: list[str] | None,
                      places: RowPlaces = DATA_ROWS) -> dict[str, OfferSpec]:
    """The offers of a table; with `tiers`, each offer's eligible tiers must be among them
    (`places`: where its rows stand in the source, for a message that names one)."""
    _refuse_long_offer_ids(frame, label, places)
    offers: dict[str, OfferSpec] = {}
    for row in frame.to_dict(orient="records"):
        offer_id = str(row.pop(c.OFFER_ID))
        values = {k: v for k, v in row.items() if not _blank(v)}
        if isinstance(values.get("eligible_tiers"), str):
            values["eligible_tiers"] = [t.strip() for t in values["eligible_tiers"].split("|")]
        try:
            offer = OfferSpec.model_validate(values)
            if tiers is not None:
                known_tiers("eligible_tiers", offer.eligible_tiers or [], tiers)
        except (ValidationError, ValueError) as exc:
            problem = _offer_error(exc)
            raise UserError.said("offer_invalid", label=label, offer=offer_id,
                                 problem=problem[0], problem_zh=problem[1]) from None
        if offer_id in offers:
            raise UserError.said("offer_twice", label=label, offer=offer_id)
        offers[offer_id] = offer
    return offers


def _refuse_long_offer_ids(frame: pd.DataFrame, label: str, places: RowPlaces) -> None:
    """Refuse offer ids longer than LONGEST_TEXT, naming their rows as the source numbers
    them (a CSV file's lines, a sheet's rows)."""
    ids = frame[c.OFFER_ID].astype("string")
    long = ids.str.len().gt(LONGEST_TEXT).fillna(False).to_numpy(dtype=bool)
    if long.any():
        rows = places.numbers(np.flatnonzero(long))
        raise UserError.said("offer_id_too_long", label=label, count=int(long.sum()),
                             limit=LONGEST_TEXT, rows=examples(rows), ids=examples(ids[long]))


def check_offer_tiers(offers: dict[str, OfferSpec], label: tuple[str, str], tiers: list[str]
                       ) -> None:
    """The generated offers name the scenario's tiers by position; an offer's eligible_tiers
    the scenario gives must name its tiers too."""
    for offer_id, offer in offers.items():
        try:
            known_tiers(f"offers.{offer_id}.eligible_tiers", offer.eligible_tiers or [], tiers)
        except ScenarioValueError as exc:
            raise UserError.said("generated_offer_tiers", label=label[0], label_zh=label[1],
                                 reason=str(exc), reason_zh=exc.chinese, offer=offer_id
                                 ) from None


def _offer_error(exc: Exception) -> tuple[str, str]:
    """What is wrong with an offer's row, in English and in Chinese: each refused cell after
    its column; a refusal of the row as a whole (a quota below the minimum) names its columns
    itself."""
    if isinstance(exc, ValidationError):
        found = _one_per_field(exc.errors())
        texts = [value_texts(e, table=True) for e in found]
        return ("; ".join(_of_column(_field_path(e["loc"]), text[0], ": ")
                          for e, text in zip(found, texts, strict=True)),
                "；".join(_of_column(_field_path(e["loc"]), text[1], "：")
                         for e, text in zip(found, texts, strict=True)))
    return str(exc), _chinese(exc)


def _of_column(column: str, text: str, colon: str) -> str:
    """A refusal after the column it is of; alone where it is of no one column."""
    return f"{column}{colon}{text}" if column else text


def _one_per_field(errors: list[Any]) -> list[Any]:
    """A field of several forms (a propensity: one number, or one per tier) refused in each:
    the refusal of the form the cell was written in (a number: not 'expected a mapping')."""
    fields = [error["loc"][0] if error["loc"] else None for error in errors]
    return [error for error, name in zip(errors, fields, strict=True)
            if not (error["type"] == "dict_type" and fields.count(name) > 1)]


def _field_path(loc: tuple[int | str, ...]) -> str:
    """A column's path as the user writes it (propensity.top), without the names of the
    validation library's inner steps (function-after[...])."""
    return ".".join(str(part) for part in loc
                    if isinstance(part, int) or str(part).isidentifier())


def _chinese(exc: Exception) -> str:
    """A refusal's Chinese words (its English where it has none)."""
    return exc.chinese if isinstance(exc, ScenarioValueError) else str(exc)


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, float) and np.isnan(value)) or value == ""


def overlaid(base: dict[str, OfferSpec], inline: dict[str, OfferSpec], label: str
              ) -> dict[str, OfferSpec]:
    """`base` with the scenario's offers over it: for an offer in both, only the fields the
    scenario sets (`--set offers.credit_card.margin=80` changes that margin, nothing else),
    the offer checked again as a whole (a quota set below the offer's minimum is refused as
    in a table); an offer only in the scenario is added, if whole (refuse_partial_new)."""
    refuse_partial_new(inline, base, label)
    over = {name: _over(base[name], spec, (label, name)) if name in base else spec
            for name, spec in inline.items()}
    return {**base, **over}


def _over(base: OfferSpec, spec: OfferSpec, named: tuple[str, str]) -> OfferSpec:
    """`base` with the fields `spec` sets, validated; `named`: the book's label, the offer.
    The book's own offer was valid: a refusal is of the scenario's key that broke it
    (UserError.at), so that it names the file, override or `--set` that set it."""
    given = sorted(spec.model_fields_set)
    fields = {**base.model_dump(exclude_unset=True),
              **{field: getattr(spec, field) for field in given}}
    try:
        return OfferSpec.model_validate(fields)
    except ValidationError as exc:
        problem = _offer_error(exc)
        blamed = [field for field in given if field in _involved(exc)] or given
        key = ".".join(["offers", named[1], *blamed[:1]])
        raise UserError.said("offer_set_invalid", label=named[0], offer=named[1],
                             fields=in_a_row(blamed), problem=problem[0],
                             problem_zh=problem[1]).at(key) from None


def refuse_partial_new(inline: dict[str, OfferSpec], base: dict[str, OfferSpec], label: str
                       ) -> None:
    """UserError where the scenario gives an offer `base` (the table's or generated book's
    offers, `label`) does not define with only some fields and no worth (unsaid_of_new_offer):
    `--set offers.credit_crd.quota=0` would add an offer of no value, the one meant unchanged.
    The refusal is of its key whatever its value (UserError.at), naming the file, override,
    `--set` or a sweep's --vary as written that set it."""
    known = list(base)
    for name, spec in inline.items():
        missing = unsaid_of_new_offer(spec.model_fields_set)
        if name in base or not missing:
            continue
        given = sorted(spec.model_fields_set)
        raise UserError.said("offer_unknown", offer=name, label=label,
                             given=in_a_row(given) or "{}", missing=in_a_row(missing),
                             hint=did_you_mean(name, known),
                             hint_zh=did_you_mean(name, known, "zh"),
                             known=in_a_row(known) or "-"
                             ).at(".".join(["offers", name, *given[:1]]), every_value=True)


WHOLE_OFFER_CHECK = frozenset({"quota", "minimum"})
"""The fields OfferSpec's check of the offer as a whole compares (a quota below the
minimum)."""


def _involved(exc: ValidationError) -> set[str]:
    """The fields an offer's refusal is of: each refused field, and those of the whole
    offer's check."""
    found: set[str] = set()
    for error in exc.errors():
        found |= {str(error["loc"][0])} if error["loc"] else WHOLE_OFFER_CHECK
    return found


def merge_offers(
    inline: dict[str, OfferSpec], table: dict[str, OfferSpec], label: str
) -> dict[str, OfferSpec]:
    """The scenario's offers (`inline`) beside an offer table's: an offer in both is refused
    whatever the scenario gives it, naming the file, override, `--set` or a sweep's --vary as
    written that gave the first."""
    both = sorted(set(inline) & set(table))
    if both:
        raise UserError.said("offers_given_twice", count=len(both), offers=in_a_row(both),
                             table=label).at(f"offers.{both[0]}", every_value=True)
    refuse_partial_new(inline, table, label)
    return {**table, **inline}
