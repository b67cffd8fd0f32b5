"""Who may take an offer, rule by rule: the offer's tiers, the customer's consent to be
contacted, suitability (the offer's risk level within the customer's tolerance) and, for an
offer the bank values in its own column, a value there. An offer's decision pairs are made for
the customers every rule lets through (valuation.offer_pairs); the readiness checks and the
infeasibility diagnosis count whom each rule shuts out, to say why an offer's minimum cannot
be met."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.scenario.schema import OfferSpec

RULES = ("tier", "do_not_contact", "risk", "no_value")
"""The rules, in the order they are checked."""


@dataclass(frozen=True)
class Reach:
    """Each rule's verdict on every customer of the book (True: the rule lets them take it)."""

    in_tier: np.ndarray
    contactable: np.ndarray
    suitable: np.ndarray
    valued: np.ndarray

    @property
    def open(self) -> np.ndarray:
        """The customers every rule lets take the offer."""
        return self.in_tier & self.contactable & self.suitable & self.valued

    def shut_out(self) -> dict[str, int]:
        """How many customers each rule (of RULES) shuts out, whatever the other rules say:
        a rule that shuts out the whole book shows as such."""
        verdicts = (self.in_tier, self.contactable, self.suitable, self.valued)
        return {rule: int(np.count_nonzero(~passed))
                for rule, passed in zip(RULES, verdicts, strict=True)}


def offer_reach(customers: pd.DataFrame, offer: OfferSpec, tiers: list[str],
                tier_code: np.ndarray) -> Reach:
    """Who of the tiered `customers` (their tiers' positions in `tiers`: `tier_code`) may take
    `offer`, rule by rule."""
    eligible = [tiers.index(t) for t in offer.eligible_tiers or tiers]
    tolerance = customers[c.RISK_TOLERANCE].to_numpy(dtype=float)
    if offer.value_column is None:
        valued = np.ones(len(customers), dtype=bool)
    else:
        own = customers[offer.value_column].to_numpy(dtype=float, na_value=np.nan)
        valued = ~np.isnan(own)
    return Reach(np.isin(tier_code, eligible),
                 ~customers[c.DO_NOT_CONTACT].to_numpy(dtype=bool),
                 tolerance >= offer.risk_level, valued)
