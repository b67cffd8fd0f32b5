"""The scenario's labels read again once the book is read, with the ids only the book holds:
the regions of its customers and RMs, the offers its data gives and the channels it contacts
through (allocator.scenario.label_clashes)."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.book.book import Book
from allocator.errors import UserError
from allocator.scenario.label_clashes import label_clash, scenario_ids
from allocator.scenario.schema import Scenario


def refuse_label_clashes(scenario: Scenario, book: Book) -> None:
    """UserError at the label's key where a label names an id the book holds under another
    kind as well (a tier's label beside a region of the same id, unlabelled) or makes two of
    its ids read the same; nothing to read where the scenario labels nothing."""
    if not any(scenario.labels.kinds().values()):
        return
    ids = scenario_ids(scenario)
    ids["offers"] += list(book.given_offers)
    ids["channels"] += [str(offer.channel) for offer in book.offers.values()]
    ids["regions"] = [str(region) for region in pd.unique(pd.concat(
        [book.customers[c.REGION], book.rms[c.REGION]]))]
    clash = label_clash(scenario.labels, ids)
    if clash is not None:
        raise UserError(str(clash), clash.chinese).at(clash.key)
