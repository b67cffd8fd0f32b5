"""The limits a customer's offers use, read from the formulation's rows.

Every family the decomposition prices (allocator.families) is built for the one customer, as
the run's model builds it (decomposition/coupling_rows.py), with a column for each offer of
the scenario: an offer uses each row its column has a term in, by the term's coefficient. The
RM hours per month of an RM contact are those of the customer's RM (the plan's), the rows
stated on the offers once the RM is chosen (decomposition/rm_months.py). So a family added to
the registry is charged as soon as its rows are built.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book.book import Book
from allocator.checks import PlanInputs
from allocator.checks.economics import offer_terms
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.rm_months import rm_months_of
from allocator.problem import Decisions
from allocator.scenario.schema import OfferSpec
from allocator.valuation import OfferPairs, ValuedBook, value_book

Use = tuple[str, str, float]
"""A row an offer uses: its constraint, its label, and how much of it the offer takes."""


def offer_uses(inputs: PlanInputs, customer: pd.DataFrame, terms: pd.DataFrame,
               rm: str | None) -> list[list[Use]]:
    """Per row of `terms` (one per offer of the scenario, in its order: customer_offers),
    the rows of the priced families the offer uses, in the families'
    order; `rm`: the customer's RM in the plan (None: no RM). An upper limit is used from its
    limit, a floor (a sales target) is helped towards."""
    book = Book(customer, inputs.rms, inputs.offers, inputs.fit_scores, pd.DataFrame())
    valued = value_book(customer, book, inputs.scenario, prune=False)
    d = Decisions(valued.coverage, _pairs(terms), valued.packages)
    uses: list[list[Use]] = [[] for _ in range(len(terms))]
    for family in _on_offers(valued, inputs, d, rm):
        if family.on_y is None:
            continue
        at, rows, coefs = family.on_y.entries(np.arange(len(terms)))
        for position, row, coef in zip(at, rows, coefs, strict=True):
            if coef:
                uses[position].append((family.name, str(family.labels[row]), float(coef)))
    return uses


def customer_offers(customer: pd.DataFrame, offers: dict[str, OfferSpec]
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The customer (a one-row table) paired with each offer of the scenario, in its order,
    and each pair's terms (checks.economics.offer_terms)."""
    pairs = pd.concat([customer.assign(**{c.OFFER_ID: k}) for k in offers], ignore_index=True)
    return pairs, offer_terms(pairs, offers)


def _pairs(terms: pd.DataFrame) -> OfferPairs:
    """One column per offer of the scenario for the one customer, with the offer's terms."""
    figures = terms[["propensity", "value", "cost", "expected_loss", "capital"]].astype(
        float).fillna(0.0)
    return OfferPairs(np.zeros(len(terms), dtype=np.int64),
                      np.arange(len(terms), dtype=np.int64),
                      *(figures[name].to_numpy() for name in figures))


def _on_offers(valued: ValuedBook, inputs: PlanInputs, d: Decisions, rm: str | None
               ) -> list[Coupling]:
    """The priced families' rows, the RM-months among them stated on the offers for the
    customer's RM."""
    found = couplings(valued, inputs.scenario, d)
    months = rm_months_of(valued, inputs.scenario, d)
    if months is None:
        return found
    chosen = np.asarray(valued.rms[c.RM_ID].astype(str))[np.asarray(d.x.rm)] == str(rm)
    return [replace(months.given(d, chosen), name=family.name, labels=family.labels)
            if family.through_rm is not None else family for family in found]
