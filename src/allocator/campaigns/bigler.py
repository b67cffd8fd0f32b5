"""Import a customer-assignment instance of Bigler, Kammermann and Baumann (EJOR 304(2), 2023,
"A matheuristic for a customer assignment problem in direct marketing"; CC BY 4.0) as a
scenario with a campaign calendar.

An instance is four CSV tables in one folder (their columns separated by commas, or by
semicolons, tabs or bars, as each header shows):
- table1.csv, the activities: Activity, Day, Channel, TargetProducts (";"-separated), Cost
  per contact;
- table2.csv (or table2.parquet), the eligible customer-activity pairs: Customer, Activity,
  ExpectedProfit, ResponseProbability (a pair not listed is not allowed);
- table3.csv, the business constraints and contact rules: Index, Type, StartDay, EndDay,
  Channels (";"-separated or ALL), TargetProducts (";"-separated or ALL), Bound;
- table4.csv, the conflict rules: Index, Channel1, TargetProduct1, Channel2, TargetProduct2,
  Lag.

The semantics implemented (the tables' README leaves them to the paper):
- decision: customer i gets activity a (an eligible pair) or not; the objective is the sum
  of the expected profits of the pairs given (costs enter the budgets only);
- an activity falls under a rule when its day is in [StartDay, EndDay], its channel among
  the rule's channels and one of its target products among the rule's products (ALL: any);
- "Minimum assignment" / "Maximum assignment": the number of pairs given under the rule,
  over all customers, is at least / at most Bound (family channel_window);
- "Budget": the cost of the pairs given under the rule is at most Bound (channel_budget);
- "Minimum sales" / "Maximum sales": the expected sales, the response probabilities of the
  pairs given under the rule summed, are at least / at most Bound (product_sales);
- "Maximum contact": each customer gets at most Bound of the rule's activities
  (calendar_contact);
- a conflict rule forbids one customer an activity of (Channel1, TargetProduct1) and one of
  (Channel2, TargetProduct2) whose day comes fewer than Lag days later, the same day
  included: 0 <= day2 - day1 < Lag (calendar_conflict).
With `soft`, the business constraints (assignments, budgets, sales) may give at a penalty per
unit; the contact and conflict rules stay hard. Channels become the engine's: text message
-> sms, call center -> call_centre, email -> email, direct mail -> mail.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from allocator.book.csv_header import first_lines, separator
from allocator.campaigns.bigler_sources import check_scenario
from allocator.campaigns.bigler_tables import ID_COLUMNS, checked_tables
from allocator.errors import UserError, in_a_row
from allocator.storage import staged_files

TABLES = ("table1.csv", "table2.csv", "table3.csv", "table4.csv")
CHANNELS = {"text message": "sms", "call center": "call_centre", "email": "email",
            "direct mail": "mail"}
KINDS = {"Minimum assignment": ("channel_limits", "min"),
         "Maximum assignment": ("channel_limits", "max"), "Budget": ("budgets", "limit"),
         "Minimum sales": ("sales", "min"), "Maximum sales": ("sales", "max"),
         "Maximum contact": ("contact_rules", "max")}
SOFT = ("channel_window", "channel_budget", "product_sales")
"""The business constraints `soft` lets give."""


def import_bigler(folder: Path, out: Path, soft: bool = False, penalty: float = 1000.0
                  ) -> Path:
    """Write `out/scenario.yaml` and its tables (customers.parquet with each activity's
    expected profit and response probability as columns, rms.csv) for the instance in
    `folder`, all or none: the tables are checked and the scenario checked as its loading
    checks it (check_scenario) before any is written; return the scenario's path."""
    tables = _read_tables(folder)
    activities, pairs, rules, conflicts = tables
    scenario = _scenario(folder.name, activities, rules, conflicts)
    if soft:
        scenario["objective"]["soft"] = dict.fromkeys(SOFT, penalty)
    check_scenario(scenario, tables)
    customers = _customer_table(pairs, activities["Activity"])
    with staged_files(out) as staging:
        customers.to_parquet(staging / "customers.parquet", index=False)
        pd.DataFrame(columns=["rm_id", "grade", "region", "capacity_hours"]).to_csv(
            staging / "rms.csv", index=False)
        (staging / "scenario.yaml").write_text(
            yaml.safe_dump(scenario, sort_keys=False, allow_unicode=True))
    return out / "scenario.yaml"


def _read_tables(folder: Path) -> list[pd.DataFrame]:
    parquet = folder / "table2.parquet"
    missing = [name for name in TABLES if not (folder / name).is_file()
               and not (name == "table2.csv" and parquet.is_file())]
    if missing:
        raise UserError.said("instance_tables_missing", folder=folder, missing=in_a_row(missing),
                             tables=in_a_row(TABLES))
    return checked_tables([
        _read_table(parquet if name == "table2.csv" and not (folder / name).is_file()
                    else folder / name) for name in TABLES])


def _read_table(path: Path) -> pd.DataFrame:
    """The table at `path`: Parquet, or CSV split by the separator its header uses (a comma,
    a semicolon, a tab or a bar, as a customer table's: allocator.book.csv_header)."""
    try:
        if path.suffix == ".parquet":
            return pd.read_parquet(path)
        lines = first_lines(path, "utf-8")
        return pd.read_csv(path, sep=separator(lines[0] if lines else ""),
                           dtype=dict.fromkeys(ID_COLUMNS, str))
    except Exception as exc:  # any reader's parse error: not a table
        lines = str(exc).strip().splitlines()
        raise UserError.said("instance_table_unreadable", path=path,
                             reason=lines[0] if lines else type(exc).__name__) from None


def _customer_table(pairs: pd.DataFrame, activities: pd.Series) -> pd.DataFrame:
    """One row per customer, in the order the pairs first name them, each id as written;
    per activity a, value_a and response_a (blank: not eligible, as for every customer of an
    activity no pair lists). Filled by position from the pairs, one array per measure: a
    million customers' 7.7 million pairs in seconds (a pivot of them took minutes)."""
    row, customer = pd.factorize(pairs["Customer"].astype(str))
    listed = activities.to_numpy()
    order = np.argsort(listed, kind="stable")
    activity = pairs["Activity"].to_numpy()
    at = order[np.minimum(np.searchsorted(listed, activity, sorter=order), len(listed) - 1)]
    known = listed[at] == activity  # an activity table1 does not list is no column
    key = np.where(known, row * len(listed) + at, -1 - np.arange(len(at)))
    first = known & ~pd.Series(key).duplicated().to_numpy()  # as a pivot's first
    columns: dict[str, Any] = {"customer_id": customer.to_numpy(), "region": "all",
                               "aum": 0.0, "revenue_12m": 0.0, "risk_tolerance": 5, "pd": 0.0}
    for measure, name in (("ExpectedProfit", "value"), ("ResponseProbability", "response")):
        grid = np.full((len(listed), len(customer)), np.nan)
        grid[at[first], row[first]] = pairs[measure].to_numpy(dtype=float)[first]
        columns.update({f"{name}_{a}": grid[k] for k, a in enumerate(listed)})
    return pd.DataFrame(columns, copy=False)


def _listed(text: object, names: dict[str, str] | None = None) -> list[str] | None:
    words = [w.strip() for w in str(text).split(";") if w.strip()]
    if words == ["ALL"]:
        return None
    if names is None:
        return words
    unknown = [w for w in words if w not in names]
    if unknown:
        raise UserError.said("unknown_instance_channel", channel=repr(unknown[0]),
                             channels=in_a_row(names))
    return [names[w] for w in words]


def _scenario(name: str, activities: pd.DataFrame, rules: pd.DataFrame,
              conflicts: pd.DataFrame) -> dict[str, Any]:
    horizon = int(max(activities["Day"].max(), rules["EndDay"].max()))
    offers, calendar_activities = {}, {}
    for row in activities.itertuples(index=False):
        a = str(row.Activity)
        offers[f"a{a}"] = {"channel": _listed(row.Channel, CHANNELS)[0],  # type: ignore[index]
                           "cost": float(row.Cost), "propensity_column": f"response_{a}",
                           "value_column": f"value_{a}"}
        calendar_activities[f"a{a}"] = {"offer": f"a{a}", "day": int(row.Day),
                                        "products": _listed(row.TargetProducts)}
    calendar: dict[str, Any] = {"horizon": horizon, "activities": calendar_activities,
                                "contact_rules": {}, "conflicts": {}, "channel_limits": {},
                                "budgets": {}, "sales": {}}
    for row in rules.itertuples(index=False):
        if row.Type not in KINDS:
            raise UserError.said("unknown_rule_type", kind=repr(row.Type),
                                 kinds=in_a_row(KINDS))
        section, bound = KINDS[row.Type]
        rule = {"start": int(row.StartDay), "end": int(row.EndDay),
                "channels": _listed(row.Channels, CHANNELS),
                "products": _listed(row.TargetProducts)}
        key = f"rule_{row.Index}"
        calendar[section][key] = {**rule, bound: float(row.Bound)}
    for row in conflicts.itertuples(index=False):
        calendar["conflicts"][f"conflict_{row.Index}"] = {
            "first": {"channels": _listed(row.Channel1, CHANNELS),
                      "products": _listed(row.TargetProduct1)},
            "second": {"channels": _listed(row.Channel2, CHANNELS),
                       "products": _listed(row.TargetProduct2)},
            "lag": int(row.Lag)}
    for section in ("contact_rules", "conflicts", "channel_limits", "budgets", "sales"):
        calendar[section] = {k: _without_none(v) for k, v in calendar[section].items()}
    for rule in calendar["contact_rules"].values():
        rule["max"] = int(rule["max"])  # a count of contacts
    return {
        "name": name.replace(" ", "_"),
        "description": f"Customer-assignment instance {name} (Bigler, Kammermann and Baumann "
                       "2023, CC BY 4.0), imported by allocate import bigler.",
        "data": {"customers": {"path": "customers.parquet"}, "rms": {"path": "rms.csv"}},
        "tiering": {"method": "thresholds", "metric": "aum", "thresholds": {}},
        "tiers": {"all": {"coverage": "none", "max_offers": len(activities)}},
        "offers": offers,
        "calendar": calendar,
        "objective": {"horizon_years": 1, "discount_rate": 0.0},
        "solver": {"method": "auto", "time_limit": 300, "gap": 1e-4},
        "output": {"dir": "reports", "baselines": False, "steps": False},
    }


def _without_none(rule: dict[str, Any]) -> dict[str, Any]:
    """A rule without the keys left at their default (None: all channels or products)."""
    return {k: (_without_none(v) if isinstance(v, dict) else v) for k, v in rule.items()
            if v is not None}
