"""CDNOW purchase log (CDNOW_master.txt): the 23,570 customers whose first purchase at the
online retailer fell in Q1 1997, followed to 1998-06-30 (amounts in USD). It stands in for a
retail book tiered on behaviour alone (recency, frequency, monetary value).

- As of 1998-06-30: `recency_days` since the last purchase, `frequency_12m` purchase days and
  `revenue_12m` spend in the last twelve months; `aum`: spend since the first purchase.
- `tenure_years` since the first purchase; one region (`US`); `pd` 0 (no credit);
  `risk_tolerance` 3 (no age).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocator.adapters.common import Adapted, read_source

FILE = "CDNOW_master.txt"
AS_OF = pd.Timestamp("1998-06-30")


def load(folder: Path) -> Adapted:
    raw = read_source(folder, FILE, sep=r"\s+", dtype={"customer_id": str})
    raw["date"] = pd.to_datetime(raw["date"].astype(str), format="%Y%m%d")
    recent = raw[raw["date"] > AS_OF - pd.Timedelta(days=365)]
    every = raw.groupby("customer_id").agg(first=("date", "min"), last=("date", "max"),
                                           spend=("dollar_value", "sum"))
    year = recent.groupby("customer_id").agg(days=("date", "nunique"),
                                             revenue=("dollar_value", "sum"))
    table = every.join(year, how="left").fillna({"days": 0, "revenue": 0.0}).sort_index()
    customers = pd.DataFrame({
        "customer_id": "CD" + table.index.astype(str),
        "region": "US",
        "aum": table["spend"].to_numpy(),
        "revenue_12m": table["revenue"].to_numpy(),
        "recency_days": (AS_OF - table["last"]).dt.days.to_numpy(),
        "frequency_12m": table["days"].to_numpy(),
        "tenure_years": ((AS_OF - table["first"]).dt.days / 365.25).to_numpy(),
        "risk_tolerance": 3,
        "pd": 0.0,
    })
    return Adapted(customers, {"customers": folder / FILE})
