"""Pure table builders: data in, DataFrame out. Writers and printers live elsewhere."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.valuation import ValuedBook


def tier_summary(valued: ValuedBook) -> pd.DataFrame:
    """Customers, AUM and lifetime value per tier, with shares of the book."""
    customers = valued.customers
    grouped = customers.groupby(c.TIER, observed=False)
    table = pd.DataFrame({
        "customers": grouped.size(),
        "aum": grouped[c.AUM].sum(),
        "revenue_12m": grouped[c.REVENUE].sum(),
        "clv": grouped[c.CLV].sum(),
    }).reindex(valued.tiers, fill_value=0)
    table["customer_share"] = table["customers"] / max(int(table["customers"].sum()), 1)
    table["aum_share"] = table["aum"] / (table["aum"].sum() or 1.0)
    table.index.name = c.TIER
    return table.reset_index()
