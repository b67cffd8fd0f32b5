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
    priced = rm_cost_and_net(outcome)
    return roi_of(tiers, None if priced is None else priced[0], currency(outcome), words)


def roi_of(tiers: pd.DataFrame, rm_cost: float | None, unit: str, words: Words) -> str:
    """roi_note of the tiers' table, the RM cost over the horizon (None: not priced) and the
    currency."""
    roi = tiers["roi"].to_numpy(dtype=float)
    shown = roi[np.isfinite(roi)]
    meaning = ([words("roi_note", multiple=multiple_text(float(shown.max())),
                      value=multiple_text(float(shown.max())).removesuffix("×"))]
               if len(shown) else [])
    return " ".join([*meaning, rm_cost_said(tiers, rm_cost, unit, words)])


def rm_cost_said(tiers: pd.DataFrame, rm_cost: float | None, unit: str, words: Words) -> str:
    """Whether the multiples carry the RMs' cost: unpriced, or the plan's multiple net of it."""
    if rm_cost is None:
        return words("roi_rm_unpriced")
    cost = amount(rm_cost)
    spend, value = float(tiers["budget"].sum()), float(tiers["value"].sum())
    if spend <= 0:
        return words("roi_rm_priced_unspent", cost=cost, currency=unit)
    return words("roi_rm_priced", cost=cost, currency=unit,
                 net=multiple_text((value - rm_cost) / spend),
                 gross=multiple_text(value / spend))
