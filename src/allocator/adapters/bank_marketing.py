"""UCI Bank Marketing (bank-full.csv, 45,211 clients of a Portuguese bank's phone campaigns).

- `aum` and `deposits`: the average yearly balance (EUR), floored at 0 (balance as an assets proxy).
- `revenue_12m`: 1.5% net interest margin on the balance plus 60 EUR a year per product held
  (current account, housing loan, personal loan): the set has no revenue.
- `pd`: 0.20 for clients with credit in default (`default` = yes), else 0.02.
- `risk_tolerance`: by age (adapters.common.risk_by_age).
- Outcome `subscribed`: the campaign's result `y` (term deposit taken), for a propensity model.
- Features: the client and campaign-history columns. `duration` is left out: it is known only
  after the call, so a model using it would not be usable for planning.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocator.adapters.common import Adapted, as_flag, read_source, risk_by_age

FILE = "bank-full.csv"
MARGIN_ON_BALANCE = 0.015
FEE_PER_PRODUCT = 60.0
FEATURES = ("age", "job", "marital", "education", "default", "balance", "housing", "loan",
            "contact", "campaign", "pdays", "previous", "poutcome")


def load(folder: Path) -> Adapted:
    raw = read_source(folder, FILE, sep=";")
    balance = raw["balance"].astype(float).clip(lower=0.0)
    products = 1 + as_flag(raw["housing"]) + as_flag(raw["loan"])
    customers = pd.DataFrame({
        "customer_id": [f"BM{i:05d}" for i in range(1, len(raw) + 1)],
        "region": "PT",
        "aum": balance,
        "deposits": balance,
        "revenue_12m": MARGIN_ON_BALANCE * balance + FEE_PER_PRODUCT * products,
        "products_held": products,
        "risk_tolerance": risk_by_age(raw["age"]),
        "pd": as_flag(raw["default"]).map({1: 0.20, 0: 0.02}).astype(float),
        "subscribed": as_flag(raw["y"]),
    })
    features = raw[list(FEATURES)]
    return Adapted(pd.concat([customers, features], axis=1), {"customers": folder / FILE})
