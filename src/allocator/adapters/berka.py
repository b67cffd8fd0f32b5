"""PKDD'99 Financial (Berka): a Czech bank's accounts, clients, loans, cards and standing
orders, 1993-1998 (amounts in CZK). One customer per account, its owner.

- `region` and `branch`: the account's district (77); RMs are staffed per district. The
  district's wider region (8, Prague included) is kept as `area`.
- The transaction table is not in the set, so balances are unknown. `aum` stands in as twelve
  months of standing-order payments; `loans` is the loan principal.
- `revenue_12m`: 3% a year on the loan principal, the card's yearly fee (junior 60, classic 240,
  gold 1,200) and 1% on standing-order flows.
- `age` (at 1999-01-01, from the birth number, whose month carries +50 for women), `gender`,
  `tenure_years` (account age), `products_held` (account, loan, card, standing orders).
- Outcome `loan_bad`: loan status B or D (not repaid, or in debt) = 1, A or C = 0, blank without
  a loan; a PD model trained on the 682 loans scores every customer.
- `risk_tolerance` by age.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocator.adapters.common import Adapted, read_source, risk_by_age

FILES = ("account.csv", "client.csv", "disp.csv", "loan.csv", "card.csv", "district.csv",
         "order.csv")
AS_OF = pd.Timestamp("1999-01-01")
LOAN_MARGIN, FLOW_MARGIN = 0.03, 0.01
CARD_FEE = {"junior": 60.0, "classic": 240.0, "gold": 1200.0}
CARD_LEVEL = {"none": 0, "junior": 1, "classic": 2, "gold": 3}


def load(folder: Path) -> Adapted:
    read = {name: read_source(folder, name, sep=";") for name in FILES}
    owners = read["disp.csv"].query("type == 'OWNER'")[["disp_id", "client_id", "account_id"]]
    frame = (owners.merge(read["account.csv"], on="account_id")
             .merge(read["client.csv"].drop(columns="district_id"), on="client_id")
             .merge(_districts(read["district.csv"]), on="district_id")
             .merge(_loans(read["loan.csv"]), on="account_id", how="left")
             .merge(_orders(read["order.csv"]), on="account_id", how="left")
             .merge(_cards(read["card.csv"]), on="disp_id", how="left")
             .sort_values("account_id", kind="stable").reset_index(drop=True))
    frame[["loan_amount", "loan_months", "monthly_orders"]] = frame[
        ["loan_amount", "loan_months", "monthly_orders"]].fillna(0.0)
    frame["card"] = frame["card"].fillna("none")
    birth = frame["birth_number"].astype(int)
    month = birth // 100 % 100
    born = pd.to_datetime(pd.DataFrame({"year": 1900 + birth // 10000, "month": month % 50,
                                        "day": birth % 100}))
    opened = pd.to_datetime(frame["date"].astype(str), format="%y%m%d")
    flows = 12.0 * frame["monthly_orders"]
    customers = pd.DataFrame({
        "customer_id": "C" + frame["client_id"].astype(str),
        "region": frame["district"], "branch": frame["district"], "area": frame["region"],
        "aum": flows, "loans": frame["loan_amount"],
        "revenue_12m": (LOAN_MARGIN * frame["loan_amount"] + frame["card"].map(CARD_FEE).fillna(0)
                        + FLOW_MARGIN * flows),
        "products_held": (1 + (frame["loan_amount"] > 0).astype(int)
                          + (frame["card"] != "none").astype(int)
                          + (frame["monthly_orders"] > 0).astype(int)),
        "tenure_years": (AS_OF - opened).dt.days / 365.25,
        "age": (AS_OF - born).dt.days // 365.25,
        "gender": (month > 50).map({True: "F", False: "M"}),
        "card_level": frame["card"].map(CARD_LEVEL),
        "loan_months": frame["loan_months"], "loan_amount": frame["loan_amount"],
        "monthly_orders": frame["monthly_orders"], "salary": frame["salary"],
        "unemployment": frame["unemployment"], "entrepreneurs": frame["entrepreneurs"],
        "loan_bad": frame["loan_bad"],
    })
    customers["risk_tolerance"] = risk_by_age(customers["age"])
    customers["pd"] = float("nan")
    return Adapted(customers, {name: folder / name for name in FILES})


def _districts(table: pd.DataFrame) -> pd.DataFrame:
    renamed = table.rename(columns={"A1": "district_id", "A2": "district", "A3": "region",
                                    "A11": "salary", "A14": "entrepreneurs"})
    renamed["unemployment"] = pd.to_numeric(table["A13"], errors="coerce").fillna(
        pd.to_numeric(table["A12"], errors="coerce"))
    return renamed[["district_id", "district", "region", "salary", "unemployment",
                    "entrepreneurs"]]


def _loans(table: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"account_id": table["account_id"], "loan_amount": table["amount"],
                         "loan_months": table["duration"],
                         "loan_bad": table["status"].isin(["B", "D"]).astype(float)})


def _orders(table: pd.DataFrame) -> pd.DataFrame:
    return table.groupby("account_id", as_index=False).agg(monthly_orders=("amount", "sum"))


def _cards(table: pd.DataFrame) -> pd.DataFrame:
    return table[["disp_id", "type"]].rename(columns={"type": "card"})
