"""The checker's own arithmetic of value, cost and risk, written apart from valuation.py.

Lifetime value is summed year by year here (valuation uses the closed form), so a slip in either
shows up as an objective mismatch.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.scenario.schema import OfferSpec, Scenario


def per_tier(tiers: pd.Series, values: Mapping[str, float]) -> pd.Series:
    """Each row's tier's value (NaN for a tier not named), looked up once per tier, not once
    per row: a million customers' tiers mapped one by one took a third of a second."""
    kinds = pd.Categorical(tiers)
    table = np.array([*(float(values.get(str(t), np.nan)) for t in kinds.categories), np.nan])
    return pd.Series(table[kinds.codes], index=tiers.index)


def lifetime_values(customers: pd.DataFrame, scenario: Scenario,
                    with_rm: bool = False) -> pd.Series:
    """Sum over years t = 1..H of margin x retention^(t-1) / (1 + d)^t; `with_rm` takes off
    the tier's churn_reduction share of churn."""
    tier = customers[c.TIER]
    retention = per_tier(tier, {t: s.retention for t, s in scenario.tiers.items()})
    churn = pd.to_numeric(customers.get(c.CHURN), errors="coerce") if c.CHURN in customers else None
    if churn is not None:
        retention = retention.where(churn.isna(), 1.0 - churn)
    if with_rm:
        reduction = per_tier(tier, {t: s.churn_reduction for t, s in scenario.tiers.items()})
        retention = 1.0 - (1.0 - retention) * (1.0 - reduction)
    margin = customers[c.REVENUE].astype(float)
    d = scenario.objective.discount_rate
    total = pd.Series(0.0, index=customers.index)
    for year in range(1, scenario.objective.horizon_years + 1):
        total += margin * retention ** (year - 1) / (1.0 + d) ** year
    return total


def offer_terms(o: pd.DataFrame, offers: dict[str, OfferSpec]) -> pd.DataFrame:
    """Per offer made: propensity, cost, expected loss, capital and value."""
    rows = []
    for offer_id, group in o.groupby(c.OFFER_ID, sort=False):
        spec = offers[str(offer_id)]
        if isinstance(spec.propensity, dict):
            p = per_tier(group[c.TIER], spec.propensity).fillna(0.0)
        else:
            p = pd.Series(float(spec.propensity), index=group.index)
        if spec.propensity_column is not None:
            own = pd.to_numeric(group[spec.propensity_column], errors="coerce")
            p = own.where(own.notna(), p)
        loss = p * group[c.PD].astype(float) * spec.lgd * spec.ead
        value = p * spec.margin - spec.cost - loss
        if spec.value_column is not None:
            value = pd.to_numeric(group[spec.value_column], errors="coerce").astype(float)
        rows.append(pd.DataFrame({
            "propensity": p, "cost": spec.cost, "expected_loss": loss,
            "capital": p * spec.ead * spec.capital_weight,
            "value": value, "channel": spec.channel,
            "requires_rm": spec.requires_rm,
        }, index=group.index))
    columns = ["propensity", "cost", "expected_loss", "capital", "value", "channel",
               "requires_rm"]
    return pd.concat(rows).reindex(o.index) if rows else pd.DataFrame(columns=columns)


def coverage_values(a: pd.DataFrame, scenario: Scenario, fit: pd.DataFrame) -> pd.Series:
    """Per assignment: CLV+ x (uplift x grade effectiveness + bonus if incumbent)
    + grade effectiveness x the lifetime value the RM retains + fit."""
    uplift = per_tier(a[c.TIER], {t: s.coverage_uplift for t, s in scenario.tiers.items()})
    effect = [scenario.tiers[t].rm_grades.get(g, 0.0) if t in scenario.tiers else 0.0
              for t, g in zip(a[c.TIER].astype(object), a["rm_grade"], strict=True)]
    kept = (a[c.INCUMBENT_RM] == a[c.RM_ID]).astype(float)
    base = a[c.CLV].clip(lower=0.0)
    effect_ = np.asarray(effect, dtype=float)
    value = base * (uplift.astype(float) * effect_ + scenario.rules.continuity.bonus * kept)
    value = value + effect_ * a["retained"].clip(lower=0.0)
    if not fit.empty:
        scores = a.merge(fit, on=[c.CUSTOMER_ID, c.RM_ID], how="left")["score"].fillna(0.0)
        value = value + scenario.objective.fit_weight * scores.to_numpy()
    return value


def package_terms(packages: pd.DataFrame, customers: pd.DataFrame,
                  scenario: Scenario) -> pd.DataFrame:
    """Per tier: customers, cost and value of the package it gets."""
    counts = customers[c.TIER].astype(object).value_counts()
    clv = customers[c.CLV].clip(lower=0.0).groupby(customers[c.TIER].astype(object)).sum()
    rows = []
    for tier, package in zip(packages[c.TIER], packages["package"], strict=True):
        spec = scenario.packages.get(package)
        if spec is None:
            continue
        uplift = spec.uplift.get(tier, 0.0) if isinstance(spec.uplift, dict) else spec.uplift
        n = int(counts.get(tier, 0))
        cost = spec.cost_per_customer * n
        rows.append((tier, package, n, cost, uplift * float(clv.get(tier, 0.0)) - cost))
    return pd.DataFrame(rows, columns=[c.TIER, "package", "customers", "cost", "value"])
