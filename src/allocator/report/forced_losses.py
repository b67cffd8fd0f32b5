"""Why a plan makes offers that lose money: a floor or a minimum (a `≥` row that binds) forces
the spending. Each offer of negative expected value is put down to the binding minimum of its
product (offer_minimum) or else the binding budget floor of its customer's tier
(tier_budget_floor); the decision page says which, with the count, the value and what one unit
more of the limit would cost. Pure: the plan's offers and the constraint table in, sentences
out."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.report.cell_texts import number_text
from allocator.report.language import Words

FORCING = {"offer_minimum": c.OFFER_ID, "tier_budget_floor": c.TIER}
"""The `≥` rows that can force spending, and the column of an offer their label names, in the
order an offer is put down to them (a product's minimum before its tier's floor)."""
LOSS = -1e-9
"""An offer worth less than this loses money (rounding noise is no loss)."""


@dataclass(frozen=True)
class ForcedLoss:
    """Offers at a loss put down to one binding row (`constraint` None: to none)."""

    constraint: str | None
    label: str
    limit: float
    price: float
    offers: pd.DataFrame
    """customer_id, offer_id, tier, value: the offers at a loss the row forces."""


def forced_losses(offers: pd.DataFrame, tiers: pd.Series, constraints: pd.DataFrame
                  ) -> list[ForcedLoss]:
    """The plan's offers at a loss (`offers`: customer_id, offer_id, value; `tiers`: customer
    id -> tier), grouped by the binding floor or minimum that forces them, largest loss
    first; the rest, if any, last with no row."""
    losing = offers[offers["value"] < LOSS]
    losing = losing.assign(**{c.TIER: losing[c.CUSTOMER_ID].map(tiers)})
    left = np.ones(len(losing), dtype=bool)
    found: list[ForcedLoss] = []
    binding = constraints[constraints["binding"].astype(bool) & (constraints["sense"] == "ge")]
    for constraint, column in FORCING.items():
        for row in binding[binding["constraint"] == constraint].itertuples():
            mine = left & (losing[column].astype(str) == str(row.label)).to_numpy()
            if mine.any():
                found.append(ForcedLoss(constraint, str(row.label), float(row.limit),
                                        float(row.marginal_value), losing[mine]))
                left &= ~mine
    found.sort(key=lambda loss: float(loss.offers["value"].sum()))
    if left.any():
        found.append(ForcedLoss(None, "", np.nan, np.nan, losing[left]))
    return found


def forced_loss_lines(losses: list[ForcedLoss], currency: str, words: Words) -> list[str]:
    """One sentence per row that forces offers at a loss, and one for any not put down to a
    row."""
    return [_line(loss, currency, words) for loss in losses]


def _line(loss: ForcedLoss, currency: str, words: Words) -> str:
    made = loss.offers.groupby(c.OFFER_ID, sort=True).size()
    fields = {"count": f"{len(loss.offers):,}", "currency": currency,
              "value": f"{float(loss.offers['value'].sum()) + 0.0:,.0f}",
              "items": words.sep("clause").join(
                  f"{words.term(offer)} {count:,}" for offer, count in made.items())}
    if loss.constraint is None:
        return words("loss_unforced", **fields)
    price = "" if not np.isfinite(loss.price) else words(
        "loss_price", price=f"{abs(loss.price):,.2f}")
    return words(f"loss_{loss.constraint}", name=words.term(loss.label),
                 limit=number_text(loss.limit), price=price, **fields)
