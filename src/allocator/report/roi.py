"""The note under the tier table: what its ROI multiple means (the value offers and packages
buy per unit of budget spent on them), told with the table's own figure, and RM coverage's
value apart from it, against the RMs' cost where the run prices it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.optimize import Outcome
from allocator.report.cell_texts import multiple_text
from allocator.report.language import Words
from allocator.report.paper import amount, currency
from allocator.report.summary import rm_cost_and_net


def roi_note(outcome: Outcome, tiers: pd.DataFrame, words: Words) -> str:
    """The meaning of `roi` (the value offers and packages buy per unit spent on them) read on
    the tier with the largest multiple of `tiers`, then RM coverage's value on its own: against
    the RMs' cost where the scenario prices it."""
    priced = rm_cost_and_net(outcome)
    return roi_of(tiers, None if priced is None else priced[0], currency(outcome), words)


def roi_of(tiers: pd.DataFrame, rm_cost: float | None, unit: str, words: Words,
           with_rms: bool = True) -> str:
    """roi_note of the tiers' table, the RM cost over the horizon (None: not priced) and the
    currency; no word of RM coverage for a book without RMs (`with_rms` False)."""
    roi = tiers["roi"].to_numpy(dtype=float)
    shown = roi[np.isfinite(roi)]
    meaning = ([words("roi_note" if with_rms else "roi_note_no_rms",
                      multiple=multiple_text(float(shown.max())),
                      value=multiple_text(float(shown.max())).removesuffix("×"))]
               if len(shown) else [])
    rms = [rm_cost_said(tiers, rm_cost, unit, words)] if with_rms else []
    return words.sep("sentence").join([*meaning, *rms])


def rm_cost_said(tiers: pd.DataFrame, rm_cost: float | None, unit: str, words: Words) -> str:
    """RM coverage's value (the tiers' coverage_value), apart from the multiples: against the
    RMs' cost where priced."""
    coverage = float(tiers["coverage_value"].sum())
    if rm_cost is None:
        return words("roi_rm_unpriced", coverage=amount(coverage), currency=unit)
    multiple = multiple_text(coverage / rm_cost) if rm_cost > 0 else "—"
    return words("roi_rm_priced", coverage=amount(coverage), cost=amount(rm_cost),
                 currency=unit, multiple=multiple)
