"""The package a run's customer plan gives each customer, against its tier's package (one
package per tier, as the tier summary holds it) and the packages open to its tier."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.checks.ledger import Violation
from allocator.checks.worded import worded_violation
from allocator.scenario.schema import Scenario

PACKAGE = "package"


def package_holders(plan_customers: pd.DataFrame, tiered: pd.DataFrame, packages: pd.DataFrame,
                    scenario: Scenario, where: str) -> list[Violation]:
    """Customers of the plan (the file `where`) whose package is not their tier's (one package
    per tier), how many of them hold one not open to their tier, naming examples; a customer's
    tier is the `tiered` book's (a tier the plan shows wrongly is told apart)."""
    if PACKAGE not in plan_customers or not scenario.packages:
        return []
    rows = plan_customers[plan_customers[PACKAGE].notna()]
    tiers = dict(zip(tiered[c.CUSTOMER_ID].astype(str), tiered[c.TIER].astype(str), strict=True))
    ids = rows[c.CUSTOMER_ID].astype(str)
    tier = ids.map(tiers).astype(object).fillna(rows[c.TIER].astype(str))  # none known: NaN
    rows = rows.assign(**{c.TIER: tier})
    package = rows[PACKAGE].astype(str)
    own = tier.map(dict(zip(packages[c.TIER].astype(str), packages[PACKAGE].astype(str),
                            strict=True)))
    other = rows[own.notna() & (package != own)]
    if other.empty:
        return []
    closed = sum(not _open(scenario, t, p) for t, p in zip(other[c.TIER], other[PACKAGE],
                                                           strict=True))
    named = [f"{i} ({t}: {p})" for i, t, p in zip(
        other[c.CUSTOMER_ID].astype(str), other[c.TIER], other[PACKAGE], strict=False)]
    fields = (("count", f"{len(other):,}"), ("where", where), ("closed", f"{closed:,}"))
    return [worded_violation(("package_choice", "package_choice", "one package per tier"),
                             "package_holders", fields, named)]


def _open(scenario: Scenario, tier: str, package: str) -> bool:
    spec = scenario.packages.get(package)
    return spec is not None and (spec.tiers is None or tier in spec.tiers)
