"""The saved tiers of a run against the tiers recomputed from its raw data."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.checks.ledger import NAMED, Violation
from allocator.errors import examples


def tier_differences(saved: pd.DataFrame, recomputed: pd.DataFrame) -> list[Violation]:
    """Each customer whose saved tier is not the one the raw data gives, and each customer
    found in one book but not the other; one violation per kind, naming examples."""
    tiers = pd.concat({"saved": _tiers(saved), "recomputed": _tiers(recomputed)}, axis=1)
    both = tiers.dropna()
    differ = both[both["saved"] != both["recomputed"]]
    found = []
    if len(differ):
        named = [f"{i}: saved {s}, recomputed {r}" for i, s, r in zip(
            differ.index[:NAMED], differ["saved"], differ["recomputed"], strict=False)]
        found.append(Violation(
            "tiering", "tiering", "recomputed from the raw data",
            f"{len(differ)} customers' saved tiers are not those recomputed from the raw "
            f"data (e.g. {'; '.join(named)})", float(len(differ))))
    for side, other, what in (("saved", "recomputed", "are in the saved book but not in the "
                               "raw data"), ("recomputed", "saved", "of the raw data are "
                               "missing from the saved book")):
        alone = tiers.index[tiers[side].notna() & tiers[other].isna()]
        if len(alone):
            found.append(Violation("tiering", "tiering", "recomputed from the raw data",
                                   f"{len(alone)} customers {what} "
                                   f"(e.g. {examples(alone.tolist(), NAMED)})",
                                   float(len(alone))))
    return found


def _tiers(customers: pd.DataFrame) -> pd.Series:
    return pd.Series(customers[c.TIER].astype(object).to_numpy(),
                     index=customers[c.CUSTOMER_ID].astype(str).to_numpy(), name=c.TIER)
