"""Default of Credit Card Clients (UCI_Credit_Card.csv, 30,000 card holders of a Taiwanese
bank, 2005; amounts in NT$).

- `aum` and `loans`: the mean of the six monthly bill amounts, floored at 0 (revolving balance).
- `revenue_12m`: 12% a year on that balance plus 1% interchange on twelve months of payments.
- `pd`: left blank for the scenario's PD model, trained on the outcome `defaulted` (`Y`, default
  next month).
- `risk_tolerance` by age; the UCI attribute names X1..X23 become readable feature names.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allocator.adapters.common import Adapted, read_source, risk_by_age

FILE = "UCI_Credit_Card.csv"
CARD_YIELD = 0.12
INTERCHANGE = 0.01
NAMES = {"X1": "limit_bal", "X2": "sex", "X3": "education", "X4": "marriage", "X5": "age",
         **{f"X{6 + k}": f"pay_{m}" for k, m in enumerate((0, 2, 3, 4, 5, 6))},
         **{f"X{12 + k}": f"bill_amt{k + 1}" for k in range(6)},
         **{f"X{18 + k}": f"pay_amt{k + 1}" for k in range(6)}}


def load(folder: Path) -> Adapted:
    raw = read_source(folder, FILE).rename(columns=NAMES)
    bills = raw[[f"bill_amt{k}" for k in range(1, 7)]].mean(axis=1).clip(lower=0.0)
    payments = raw[[f"pay_amt{k}" for k in range(1, 7)]].mean(axis=1)
    customers = pd.DataFrame({
        "customer_id": "TW" + raw["ID"].astype(str).str.zfill(5),
        "region": "TW",
        "aum": bills,
        "loans": bills,
        "revenue_12m": CARD_YIELD * bills + INTERCHANGE * 12 * payments,
        "risk_tolerance": risk_by_age(raw["age"]),
        "pd": np.nan,
        "defaulted": raw["Y"].astype(int),
    })
    return Adapted(pd.concat([customers, raw[list(NAMES.values())]], axis=1),
                   {"customers": folder / FILE})
