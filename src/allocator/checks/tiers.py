"""The saved tiers of a run against the tiers recomputed from its raw data."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.checks.ledger import NAMED, Violation
from allocator.errors import and_more, examples


def tier_differences(saved: pd.DataFrame, recomputed: pd.DataFrame,
                     where: str) -> list[Violation]:
    """Each customer whose tier saved in the file `where` is not the one the raw data gives,
    and each customer found in one but not the other; one violation per kind, naming
    examples."""
    tiers = pd.concat({"saved": _tiers(saved), "recomputed": _tiers(recomputed)}, axis=1)
    both = tiers.dropna()
    differ = both[both["saved"] != both["recomputed"]]
    found = []
    if len(differ):
        named = [f"{i}: saved {s}, recomputed {r}" for i, s, r in zip(
            differ.index[:NAMED], differ["saved"], differ["recomputed"], strict=False)]
        found.append(Violation(
            "tiering", "tiering", "recomputed from the raw data",
            f"{len(differ)} customers' tiers in {where} are not those recomputed from the "
            f"raw data (e.g. {'; '.join(named)}{and_more(len(differ) - len(named))})",
            float(len(differ))))
    for side, other, what in (("saved", "recomputed", f"in {where} are not in the raw data"),
                              ("recomputed", "saved", f"of the raw data are missing from {where}")):
        alone = tiers.index[tiers[side].notna() & tiers[other].isna()]
        if len(alone):
            found.append(Violation("tiering", "tiering", "recomputed from the raw data",
                                   f"{len(alone)} customers {what} "
                                   f"(e.g. {examples(alone.tolist(), NAMED)})",
                                   float(len(alone))))
    return found


def _tiers(customers: pd.DataFrame) -> pd.Series:
    """Tier by customer id (a customer's first row, if a damaged file repeats it)."""
    first = customers.drop_duplicates(c.CUSTOMER_ID)
    return pd.Series(first[c.TIER].astype(object).to_numpy(),
                     index=first[c.CUSTOMER_ID].astype(str).to_numpy(), name=c.TIER)
