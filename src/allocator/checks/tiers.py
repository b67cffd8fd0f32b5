"""The saved tiers of a run against the tiers recomputed from its raw data."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.checks.ledger import Violation
from allocator.checks.worded import worded_violation


def tier_differences(saved: pd.DataFrame, recomputed: pd.DataFrame,
                     where: str) -> list[Violation]:
    """Each customer whose tier saved in the file `where` is not the one the raw data gives,
    and each customer found in one but not the other; one violation per kind, naming
    examples, worded in either language (violation_words)."""
    tiers = pd.concat({"saved": _tiers(saved), "recomputed": _tiers(recomputed)}, axis=1)
    both = tiers.dropna()
    differ = both[both["saved"] != both["recomputed"]]
    found = []
    if len(differ):
        found.append(_violation("tiers_recomputed", where, [
            f"{i} ({s} → {r})" for i, s, r in zip(differ.index, differ["saved"],
                                                  differ["recomputed"], strict=True)]))
    for side, other, message in (("saved", "recomputed", "tiers_not_in_raw_data"),
                                 ("recomputed", "saved", "tiers_missing")):
        alone = tiers.index[tiers[side].notna() & tiers[other].isna()]
        if len(alone):
            found.append(_violation(message, where, [str(i) for i in alone]))
    return found


def _violation(message: str, where: str, named: list[str]) -> Violation:
    """A tiering violation of this catalogue message."""
    return worded_violation(("tiering", "tiering", "recomputed from the raw data"), message,
                            (("count", f"{len(named):,}"), ("where", where)), named)


def _tiers(customers: pd.DataFrame) -> pd.Series:
    """Tier by customer id (a customer's first row, if a damaged file repeats it)."""
    first = customers.drop_duplicates(c.CUSTOMER_ID)
    return pd.Series(first[c.TIER].astype(object).to_numpy(),
                     index=first[c.CUSTOMER_ID].astype(str).to_numpy(), name=c.TIER)
