"""The scenario's labels read again once the book is read, with the ids only the book holds:
the RM grades of its RMs, the regions of its customers and RMs, the offers its data gives and
the channels it contacts through. A label of a grade, region or offer neither the scenario
nor its data has names nothing (most likely a misspelt id), and is refused with the closest
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

OF_THE_BOOK = ("grades", "regions", "offers")
"""The kinds of `labels` whose ids the book's data may hold where the scenario names none:
their labels are read against the ids only once the book is read."""


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
    ids["regions"] = book_regions(book)
    for kind in OF_THE_BOOK:
        if whole or kind != "regions":
            refuse_unknown_labels(kind, kinds[kind], ids[kind])
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
        if key not in known:
            where = f"labels.{kind}.{key}"
            raise UserError.said("label_unknown_id", key=where, id=key, known=examples(known),
                                 kinds=Named(*catalogued(f"label_kind_{kind}")),
                                 hint=did_you_mean(key, known),
                                 hint_zh=did_you_mean(key, known, "zh")
                                 ).at(where, every_value=True)
