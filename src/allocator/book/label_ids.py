"""The scenario's labels read again once the book is read, with the ids only the book holds:
the RM grades of its RMs, the regions of its customers and RMs, the offers its data gives and
the channels it contacts through, its customer columns. A label of a grade, region, offer,
calendar activity or rule, model, customer column or named override neither the scenario nor
its data has names nothing (most likely a misspelt id), and is refused with the closest
id; a label that makes two things read as one is refused too
(allocator.scenario.label_clashes)."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pandas as pd

from allocator import columns as c
from allocator.book.book import Book
from allocator.errors import Named, UserError, catalogued, did_you_mean, examples
from allocator.scenario.label_clashes import label_clash, scenario_ids
from allocator.scenario.labels_schema import DisplayName
from allocator.scenario.schema import Scenario

OF_THE_BOOK = ("grades", "regions", "offers", "calendar", "models", "columns", "overrides")
"""The kinds of `labels` whose ids are read once the book is read: those its data may hold
where the scenario names none (grades, regions, offers, the calendar's activities, customer
columns), and those the scenario alone holds (models, named overrides), read alike."""


def refuse_unclear_labels(scenario: Scenario, book: Book, whole: bool = True) -> None:
    """UserError at the label's key where a label names a grade, region or offer neither the
    scenario nor the book has, names an id the book holds under another kind as well (a
    tier's label beside a region of the same id, unlabelled) or makes two of its ids read the
    same; nothing to read where the scenario labels nothing. A part of a book (not `whole`)
    holds only some of its customers' regions: their labels are read against every part's
    (decomposition.parts.book)."""
    kinds = scenario.labels.kinds()
    if not any(kinds.values()):
        return
    ids = scenario_ids(scenario)
    ids["grades"] += [str(grade) for grade in pd.unique(book.rms[c.GRADE])]
    ids["offers"] += list(book.given_offers)
    ids["channels"] += [str(offer.channel) for offer in book.offers.values()]
    ids["calendar"] += list(book.offers) if scenario.calendar is not None else []
    ids["regions"] = book_regions(book)
    columns = [*map(str, book.customers.columns), *(  # not held against the others' names
        column for model in scenario.models.values() for column in (model.target,
                                                                    *model.features))]
    for kind in OF_THE_BOOK:
        if whole or kind != "regions":
            refuse_unknown_labels(kind, kinds[kind], columns if kind == "columns" else ids[kind])
    clash = label_clash(scenario.labels, ids)
    if clash is not None:
        raise UserError(str(clash), clash.chinese).at(clash.key)


def book_regions(book: Book) -> list[str]:
    """The regions of the book's customers and RMs, in the order they first stand."""
    return [str(region) for region in pd.unique(pd.concat(
        [book.customers[c.REGION], book.rms[c.REGION]]))]


def refuse_unknown_labels(kind: str, labels: Mapping[str, DisplayName], ids: Collection[str]
                          ) -> None:
    """UserError at `labels.<kind>.<id>` for the first label of an id not among `ids` (the
    scenario's and the book's of `kind`), listing them and naming the closest."""
    known = sorted(set(ids))
    for key in labels:
        where = f"labels.{kind}.{key}"
        if not known:
            raise UserError.said("label_no_ids", key=where, id=key,
                                 kinds=Named(*catalogued(f"label_kind_{kind}"))
                                 ).at(where, every_value=True)
        if key not in known:
            raise UserError.said("label_unknown_id", key=where, id=key, known=examples(known),
                                 kinds=Named(*catalogued(f"label_kind_{kind}")),
                                 hint=did_you_mean(key, known),
                                 hint_zh=did_you_mean(key, known, "zh")
                                 ).at(where, every_value=True)
