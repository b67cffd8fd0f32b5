"""Rules each assignment and offer must keep: eligibility, suitability, contactability."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks.ledger import NAMED, Ledger
from allocator.report.violation_words import said_both
from allocator.scenario.schema import OfferSpec, Scenario


def check_assignments(ledger: Ledger, a: pd.DataFrame, scenario: Scenario) -> None:
    """a: assignments joined with the customer's tier/region and the RM's grade/region."""
    ids = a[c.CUSTOMER_ID]
    unknown = a[c.TIER].isna() | a["rm_grade"].isna()
    ledger.rule("coverage", "known ids", unknown, _unknown_named(a, unknown),
                "assignments name an unknown customer or RM")
    repeated = a.duplicated([c.CUSTOMER_ID, c.RM_ID])  # a row given again, as it was
    ledger.rule("coverage", "customer_rows", repeated, ids,
                "customers' assignments are on more than one row")
    twice = ids.duplicated() & ~repeated  # each RM beyond a customer's first
    mandatory = a[c.TIER].isin([t for t, s in scenario.tiers.items() if s.coverage == "mandatory"])
    for kind, of_kind in (("coverage_mandatory", mandatory), ("coverage_optional", ~mandatory)):
        ledger.rule("coverage", kind, twice & of_kind, ids, "customers have more than one RM")
    ledger.rule("coverage", "RM in the customer's region",
                (a["rm_region"] != a[c.REGION]) & ~unknown, ids,
                "customers have an RM of another region")
    allowed = [(t, g) for t, spec in scenario.tiers.items() if spec.coverage != "none"
               for g in spec.rm_grades]
    pairs = pd.MultiIndex.from_arrays([a[c.TIER].astype(object), a["rm_grade"]])
    ledger.rule("coverage", "RM grade allowed for the tier", ~pairs.isin(allowed) & ~unknown,
                ids, "customers have an RM whose grade may not serve their tier")


def _unknown_named(a: pd.DataFrame, unknown: pd.Series) -> pd.Series:
    """The assignments' customer ids, the first NAMED of those naming an unknown customer or
    RM said with what is unknown ("C1 → RM9, not in the RM table"), in English and Chinese."""
    named = a[c.CUSTOMER_ID].astype(object).copy()
    for at in np.flatnonzero(unknown.to_numpy())[:NAMED]:
        customer = str(named.iloc[at])
        named.iloc[at] = (said_both("unknown_customer", customer=customer)
                          if pd.isna(a[c.TIER].iloc[at])
                          else said_both("unknown_rm", customer=customer,
                                         rm=str(a[c.RM_ID].iloc[at])))
    return named


def check_offers(ledger: Ledger, o: pd.DataFrame, offers: dict[str, OfferSpec],
                 tiers: list[str]) -> None:
    """o: offers joined with the customer's attributes."""
    if o.empty:
        return
    ids = o[c.CUSTOMER_ID] + "/" + o[c.OFFER_ID]
    known = o[c.OFFER_ID].isin(list(offers)) & o[c.TIER].notna()
    ledger.rule("contact", "known ids", ~known, ids, "offers name an unknown customer or offer")
    ledger.rule("contact", "one offer of a kind per customer", ids.duplicated(), ids,
                "offers are made twice to the same customer")
    ledger.rule("contact", "do not contact", o[c.DO_NOT_CONTACT].fillna(False).astype(bool), ids,
                "offers go to do-not-contact customers")
    level = o[c.OFFER_ID].map({k: v.risk_level for k, v in offers.items()})
    ledger.rule("contact", "suitability", level > o[c.RISK_TOLERANCE], ids,
                "offers are above the customer's risk tolerance")
    eligible = {(t, k) for k, v in offers.items() for t in (v.eligible_tiers or tiers)}
    _check_valued(ledger, o, offers, ids)
    pairs = pd.MultiIndex.from_arrays([o[c.TIER].astype(object), o[c.OFFER_ID]])
    ledger.rule("contact", "offer eligible for the tier", ~pairs.isin(list(eligible)) & known,
                ids, "offers go to a tier they are not open to")


def _check_valued(ledger: Ledger, o: pd.DataFrame, offers: dict[str, OfferSpec],
                  ids: pd.Series) -> None:
    """Offers valued per customer (a value column) go only to customers with a value (the
    offer's value read from the column: `value`, blank where the customer has none)."""
    by_column = o[c.OFFER_ID].map({k: s.value_column is not None for k, s in offers.items()})
    unvalued = by_column.fillna(False).astype(bool) & o["value"].isna()
    ledger.rule("contact", "offer valued for the customer", unvalued, ids,
                "offers go to customers the offer's value column has no value for")


def check_package_rules(ledger: Ledger, packages: pd.DataFrame, scenario: Scenario) -> None:
    if not scenario.packages:
        return
    names = packages["package"].astype(object)
    known = names.isin(list(scenario.packages)) & packages[c.TIER].isin(list(scenario.tiers))
    ledger.rule("package_choice", "known ids", ~known, packages[c.TIER],
                "tiers name an unknown package or tier")
    open_to = np.array([scenario.packages[p].tiers is None or t in (scenario.packages[p].tiers
                        or []) for t, p in zip(packages[c.TIER], names, strict=True)
                        if p in scenario.packages], dtype=bool)
    ledger.rule("package_choice", "package open to the tier", ~open_to,
                packages[c.TIER][known.to_numpy()], "tiers have a package not open to them")
