"""The tables of a book in parts, added up over its parts: tiers (with the packages, chosen
for the whole book), RM books and offers. Its customer and offer plans stay in the run folder
(customer_plan/, offer_plan/), written by the parts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c


@dataclass(frozen=True)
class PartsTables:
    """A book planned in parts: its tables, added up over the parts. Its customer and offer
    plans stay in the run folder (customer_plan/, offer_plan/), written by the parts."""

    tiers: pd.DataFrame
    rms: pd.DataFrame
    offers: pd.DataFrame
    sizes: dict[str, int]
    """Customer-RM and customer-offer pairs, and (for the whole book) its parts."""


def added_up(parts: list[PartsTables], packages: pd.DataFrame, sizes: dict[str, int]
             ) -> PartsTables:
    """The parts' tables added up, with the packages' columns of the tier table."""
    tiers = _added([p.tiers for p in parts], [c.TIER, "package"])
    rms = _added([p.rms for p in parts], [c.RM_ID, c.GRADE, c.REGION, c.CAPACITY_HOURS])
    offers = _added([p.offers for p in parts], [c.OFFER_ID, "channel", "quota", "minimum"])
    return PartsTables(_tier_totals(tiers, packages), _rm_totals(rms), offers, sizes)


def _added(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    """The parts' tables added up row by row (they list the same rows in the same order);
    `keys` are the same in every part and kept as they are."""
    first = frames[0]
    out = first.copy()
    for column in first.columns:
        if column not in keys and pd.api.types.is_numeric_dtype(first[column]):
            out[column] = sum(f[column].to_numpy() for f in frames)
    return out


def _tier_totals(parts: pd.DataFrame, packages: pd.DataFrame) -> pd.DataFrame:
    """The parts' tier table with the packages' part (chosen here) added."""
    out = parts.copy()
    out["package"] = packages["package"].to_numpy()
    for column in ("package_cost", "budget", "value"):
        out[column] = parts[column].to_numpy() + packages[column].to_numpy()
    spend, value = out["budget"].to_numpy(float), out["value"].to_numpy(float)
    bought = value - out["coverage_value"].to_numpy(float)  # offers' and packages' value
    out["roi"] = np.divide(bought, spend, out=np.full(len(out), np.nan), where=spend > 0)
    return out


def _rm_totals(books: pd.DataFrame) -> pd.DataFrame:
    capacity, hours = books[c.CAPACITY_HOURS].to_numpy(float), books["hours"].to_numpy(float)
    return books.assign(utilization=np.divide(hours, capacity, out=np.zeros(len(books)),
                                              where=capacity > 0))
