"""The note under the tier table: what its ROI multiple means, told with the table's own
figure, and whether the RMs' cost is in it as the run has it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.optimize import Outcome
from allocator.report.formats import multiple_text
from allocator.report.language import Words
from allocator.report.paper import amount, currency
from allocator.report.summary import rm_cost_and_net


def roi_note(outcome: Outcome, tiers: pd.DataFrame, words: Words) -> str:
    """The meaning of `roi` read on the tier with the largest multiple of `tiers`, then the RM
    cost: not priced by the scenario, or priced, with the plan's value per unit spent net of
    it."""
    roi = tiers["roi"].to_numpy(dtype=float)
    shown = roi[np.isfinite(roi)]
    meaning = ([words("roi_note", multiple=multiple_text(float(shown.max())),
                      value=multiple_text(float(shown.max())).removesuffix("×"))]
               if len(shown) else [])
    return " ".join([*meaning, rm_cost_said(outcome, tiers, words)])


def rm_cost_said(outcome: Outcome, tiers: pd.DataFrame, words: Words) -> str:
    """Whether the multiples carry the RMs' cost: unpriced, or the plan's multiple net of it."""
    priced = rm_cost_and_net(outcome)
    if priced is None:
        return words("roi_rm_unpriced")
    cost, unit = amount(priced[0]), currency(outcome)
    spend, value = float(tiers["budget"].sum()), float(tiers["value"].sum())
    if spend <= 0:
        return words("roi_rm_priced_unspent", cost=cost, currency=unit)
    return words("roi_rm_priced", cost=cost, currency=unit,
                 net=multiple_text((value - priced[0]) / spend),
                 gross=multiple_text(value / spend))
