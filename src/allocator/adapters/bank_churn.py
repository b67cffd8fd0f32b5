"""Bank Churn Modelling (Churn_Modelling.csv, 10,000 customers in France, Germany and Spain).

- `region`: the country (`Geography`); `aum` and `deposits`: `Balance`.
- `revenue_12m`: 1.5% net interest margin on the balance, 60 a year per product held
  (`NumOfProducts`) and 30 for a credit card: the set has no revenue.
- `pd`: from the credit score, 30% at 350 falling linearly to 0.5% at 850.
- `tenure_years`, `products_held`, `age` as given; `risk_tolerance` by age.
- Outcome `exited` (`Exited`): churn, for a churn model whose prediction becomes
  `churn_probability`, which sets the customer's retention and so the value RM coverage keeps.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allocator.adapters.common import Adapted, read_source, risk_by_age

FILE = "Churn_Modelling.csv"
MARGIN_ON_BALANCE = 0.015
FEE_PER_PRODUCT = 60.0
CARD_FEE = 30.0


def load(folder: Path) -> Adapted:
    raw = read_source(folder, FILE)
    balance = raw["Balance"].astype(float)
    score = raw["CreditScore"].astype(float)
    customers = pd.DataFrame({
        "customer_id": raw["CustomerId"].astype(str),
        "region": raw["Geography"].astype(str),
        "aum": balance,
        "deposits": balance,
        "revenue_12m": (MARGIN_ON_BALANCE * balance + FEE_PER_PRODUCT * raw["NumOfProducts"]
                        + CARD_FEE * raw["HasCrCard"]),
        "products_held": raw["NumOfProducts"],
        "tenure_years": raw["Tenure"].astype(float),
        "age": raw["Age"].astype(float),
        "risk_tolerance": risk_by_age(raw["Age"]),
        "pd": np.clip(0.005 + 0.295 * (850.0 - score) / 500.0, 0.005, 0.30),
        "exited": raw["Exited"].astype(int),
        "credit_score": score,
        "gender": raw["Gender"].astype(str),
        "balance": balance,
        "has_card": raw["HasCrCard"].astype(int),
        "active_member": raw["IsActiveMember"].astype(int),
        "salary": raw["EstimatedSalary"].astype(float),
    })
    return Adapted(customers, {"customers": folder / FILE})
