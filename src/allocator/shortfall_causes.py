"""What in the book evidently explains a limit that must give, told beside the diagnosis.

A sales target (an offer's minimum) more customers than can take the offer: the offer's
decision pairs are counted (one per customer who may take it), and the customers the offer's
rules shut out are told by rule (allocator.offer_reach; a customer may be shut out by
several), the most first, with those no other rule shuts out but no RM may serve where the
offer needs one. A sales target enough customers can take, whose offers cost money, where
the plan that breaks the constraints least leaves less of the budget than one more sale costs
and the targets alone cost more than the budget: what a sale costs, and by how much at least
the budget must rise. A budget floor of a tier with no customers. The counts are the whole
book's, whichever way the diagnosis was made (on a sample of the book too); a shortfall with
no such cause is told as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from allocator import columns as c
from allocator.diagnosis import Cause, Shortfall
from allocator.offer_reach import RULES, offer_reach
from allocator.valuation import OfferPairs, ValuedBook

SHOWN = 5
"""The most offers or tiers of one shortfall told a cause of."""


def explained(shortfalls: Sequence[Shortfall], valued: ValuedBook, pairs: OfferPairs
              ) -> tuple[Shortfall, ...]:
    """The shortfalls, each with what in the book explains it (`pairs`: the offer pairs the
    model was built from)."""
    return tuple(replace(s, causes=causes_of(s, valued, pairs)) for s in shortfalls)


def causes_of(shortfall: Shortfall, valued: ValuedBook, pairs: OfferPairs
              ) -> tuple[Cause, ...]:
    """What explains one shortfall, for each of its offers or tiers that has a cause."""
    if shortfall.constraint == "offer_minimum":
        found = [_few_takers(valued, pairs, offer_id) for offer_id in shortfall.labels]
        takers_enough = [offer_id for offer_id, cause in zip(shortfall.labels, found,
                                                             strict=True) if cause is None]
        found.append(_unpaid(valued, takers_enough, shortfall.budget_left))
    elif shortfall.constraint == "tier_budget_floor":
        sizes = tier_sizes(valued)
        found = [Cause("cause_empty_tier", (tier,)) for tier in shortfall.labels
                 if sizes.get(tier, 0) == 0]
    else:
        return ()
    return tuple(cause for cause in found if cause is not None)[:SHOWN]


def tier_sizes(valued: ValuedBook) -> dict[str, int]:
    """Each tier's customers in the book."""
    codes = _tier_codes(valued)
    counts = np.bincount(codes[codes >= 0], minlength=len(valued.tiers))
    return dict(zip(valued.tiers, (int(n) for n in counts), strict=True))


def _few_takers(valued: ValuedBook, pairs: OfferPairs, offer_id: str) -> Cause | None:
    """Fewer customers can take the offer than its minimum: how many can, of the book's, and
    how many each rule shuts out; None where enough can (something else holds the sales
    back)."""
    if offer_id not in valued.offer_ids:
        return None
    k = valued.offer_ids.index(offer_id)
    offer = valued.offers[k]
    takers = int(np.count_nonzero(pairs.offer == k))
    if takers >= offer.minimum:
        return None
    reach = offer_reach(valued.customers, offer, valued.tiers, _tier_codes(valued))
    shut = reach.shut_out()
    parts = [_shut_out_by(rule, shut[rule], offer.eligible_tiers or [], valued)
             for rule in RULES if shut[rule]]
    unserved = int(np.count_nonzero(reach.open)) - takers  # no RM for an offer needing one
    if unserved > 0:
        parts.append(Cause("taker_no_rm", count=unserved))
    message = {0: "cause_no_taker", 1: "cause_one_taker"}.get(takers, "cause_few_takers")
    return Cause(message, (offer_id,), takers, offer.minimum,
                 tuple(sorted(parts, key=lambda part: -part.count)), len(valued.customers))


def _unpaid(valued: ValuedBook, offer_ids: Sequence[str],
            budget_left: tuple[float, float] | None) -> Cause | None:
    """The offers of a sales target enough customers can take, where the plan closest to one
    leaves less of the budget than one more sale of any of them costs (else something else
    holds the sales back) and their minimums alone cost more than the budget: what a sale of
    each costs, and what the minimums take (a budget below that never meets them); None
    where they cost no more, or no budget is set."""
    known = [k for k in (valued.offer_ids.index(o) for o in offer_ids if o in valued.offer_ids)
             if valued.offers[k].cost > 0]
    offers = [valued.offers[k] for k in known]
    if budget_left is None or not offers:
        return None
    budget, left = budget_left
    need = sum(offer.minimum * offer.cost for offer in offers)
    if left >= min(offer.cost for offer in offers) - 1e-6 or need <= budget + 1e-6:
        return None
    return Cause("cause_budget_short", tuple(valued.offer_ids[k] for k in known),
                 costs=tuple(offer.cost for offer in offers), budget=budget, need=need)


def _shut_out_by(rule: str, count: int, tiers: list[str], valued: ValuedBook) -> Cause:
    """The customers a rule shuts out; those of other tiers where the offer's own tiers have
    no customers at all say so."""
    if rule == "tier" and tiers and not any(tier_sizes(valued).get(t, 0) for t in tiers):
        return Cause("taker_empty_tiers", tuple(tiers), count)
    return Cause(f"taker_{rule}", count=count)


def _tier_codes(valued: ValuedBook) -> np.ndarray:
    """Each customer's tier by its position in the scenario's tiers (as valuation codes it)."""
    return np.asarray(valued.customers[c.TIER].cat.codes.to_numpy())
