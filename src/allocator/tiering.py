"""Tier the customer book (the tier stage of docs/architecture.md).

Every method reduces to a score per customer and a descending threshold per tier (all but the
base tier): thresholds on a metric; a weighted score of rank-normalized features cut by
thresholds or population quantiles; RFM quintile sums; a value-share (Pareto) pyramid.
Hysteresis then keeps a customer in `previous_tier` unless the score falls below that tier's
threshold x (1 - band). Each customer gets a reason; the migration matrix compares with before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.scenario.tier_schema import (
    ParetoTiering,
    RfmTiering,
    ScoreTiering,
    ThresholdTiering,
    Tiering,
)

NEW = "(new)"

READS = ("tiering", "tiers.*")
"""What `assign_tiers` reads of a scenario (allocator.scenario.reads): the method and the tier
names, in order."""


@dataclass(frozen=True)
class TieringResult:
    customers: pd.DataFrame
    """The book with `tier`, `tier_score` and `tier_reason` columns added."""
    thresholds: dict[str, float]
    """Tier -> lowest score of the tier (all but the base tier)."""
    score_name: str
    """What the score is (a column name, 'score' or 'rfm score')."""
    migration: pd.DataFrame
    """Customers by previous tier (rows, '(new)' for none) and new tier (columns)."""


@dataclass(frozen=True)
class Scores:
    """Every customer's tier score, each tier's threshold and what the score is."""

    score: np.ndarray
    thresholds: dict[str, float]
    name: str


def assign_tiers(customers: pd.DataFrame, tiering: Tiering, tiers: list[str],
                 scored: Scores | None = None) -> TieringResult:
    """Tier every customer; `tiers` runs from the highest tier to the base tier. `scored`
    gives the scores and thresholds if made elsewhere (over a whole book in parts)."""
    score, thresholds, score_name = _score_and_cut(customers, tiering, tiers) if (
        scored is None) else (scored.score, scored.thresholds, scored.name)
    cut = np.array([thresholds[t] for t in tiers[:-1]], dtype=float)
    index = _tier_index(score, cut)
    previous = _previous_index(customers[c.PREVIOUS_TIER], tiers)
    banded = _tier_index(score, cut - np.abs(cut) * tiering.hysteresis)
    held = (previous >= 0) & (previous < index) & (banded <= previous)
    final = np.where(held, previous, index)
    names = np.array(tiers, dtype=object)
    out = customers.copy(deep=False)  # columns shared until changed (copy on write)
    out[c.TIER] = pd.Categorical(names[final], categories=tiers)
    out[c.TIER_SCORE] = score
    out[c.TIER_REASON] = _reasons(final, held, tiers, cut, score_name, tiering.hysteresis)
    return TieringResult(out, thresholds, score_name, migration_matrix(out, tiers))


def migration_matrix(customers: pd.DataFrame, tiers: list[str]) -> pd.DataFrame:
    """Count of customers by previous tier (rows) and tier (columns)."""
    known = customers[c.PREVIOUS_TIER].where(customers[c.PREVIOUS_TIER].isin(tiers), NEW)
    rows = pd.Categorical(known, categories=[*tiers, NEW])
    table = pd.crosstab(rows, customers[c.TIER], dropna=False)
    table = table.reindex(index=[*tiers, NEW], columns=tiers, fill_value=0)
    table.index.name, table.columns.name = "previous_tier", "tier"
    return table.loc[(table.sum(axis=1) > 0) | (table.index != NEW)]


def scores(customers: pd.DataFrame, tiering: Tiering, tiers: list[str]) -> Scores:
    """The scores and thresholds of these customers (the columns the method reads)."""
    return Scores(*_score_and_cut(customers, tiering, tiers))


def _score_and_cut(
    customers: pd.DataFrame, tiering: Tiering, tiers: list[str]
) -> tuple[np.ndarray, dict[str, float], str]:
    if isinstance(tiering, ThresholdTiering):
        return _column(customers, tiering.metric), dict(tiering.thresholds), tiering.metric
    if isinstance(tiering, ScoreTiering):
        score = weighted_rank_score(customers, tiering.features)
        if tiering.thresholds is not None:
            return score, dict(tiering.thresholds), "score"
        return score, quantile_cut(score, tiering.quantiles or {}, tiers), "score"
    if isinstance(tiering, RfmTiering):
        return rfm_score(customers, tiering.monetary), dict(tiering.thresholds), "rfm score"
    assert isinstance(tiering, ParetoTiering)
    values = _column(customers, tiering.metric)
    return values, value_share_cut(values, tiering.value_shares, tiers), tiering.metric


def _column(customers: pd.DataFrame, name: str) -> np.ndarray:
    return customers[name].to_numpy(dtype=float, na_value=np.nan)


def weighted_rank_score(customers: pd.DataFrame, features: dict[str, float]) -> np.ndarray:
    """Weighted mean of each feature's percentile rank (0..1); blanks rank lowest."""
    total = sum(features.values()) or 1.0
    score = np.zeros(len(customers))
    for name, weight in features.items():
        ranks = customers[name].rank(pct=True, method="average").fillna(0.0)
        score += weight / total * ranks.to_numpy()
    return score


def rfm_score(customers: pd.DataFrame, monetary: str) -> np.ndarray:
    """Recency (fewer days is better), frequency and monetary quintiles, 1..5 each, summed."""
    def quintile(values: pd.Series) -> np.ndarray:
        pct = values.rank(pct=True, method="average").fillna(0.0).to_numpy()
        return np.clip(np.ceil(pct * 5.0), 1.0, 5.0)

    return (quintile(-customers[c.RECENCY]) + quintile(customers[c.FREQUENCY])
            + quintile(customers[monetary]))


def quantile_cut(score: np.ndarray, shares: dict[str, float], tiers: list[str]) -> dict[str, float]:
    """Thresholds putting each tier's population share above its cut, from the top."""
    cumulative = np.cumsum([shares[t] for t in tiers[:-1]])
    levels = np.quantile(score, np.clip(1.0 - cumulative, 0.0, 1.0), method="higher")
    return _monotone(dict(zip(tiers[:-1], levels.tolist(), strict=True)), tiers)


def value_share_cut(
    values: np.ndarray, shares: dict[str, float], tiers: list[str]
) -> dict[str, float]:
    """Thresholds so each tier, from the top, holds its share of the book's total value."""
    ordered = np.sort(np.where(np.isnan(values), 0.0, values))[::-1]
    positive = np.maximum(ordered, 0.0)
    total = positive.sum() or 1.0
    cumulative = np.cumsum(positive) / total
    targets = np.cumsum([shares[t] for t in tiers[:-1]])
    positions = np.minimum(np.searchsorted(cumulative, targets - 1e-12), len(ordered) - 1)
    return _monotone(dict(zip(tiers[:-1], ordered[positions].tolist(), strict=True)), tiers)


def _monotone(thresholds: dict[str, float], tiers: list[str]) -> dict[str, float]:
    """Nudge equal cuts apart so every tier is reachable in order (ties go to the higher tier)."""
    out: dict[str, float] = {}
    previous = np.inf
    for tier in tiers[:-1]:
        value = min(thresholds[tier], np.nextafter(previous, -np.inf))
        out[tier], previous = float(value), value
    return out


def _tier_index(score: np.ndarray, cut: np.ndarray) -> np.ndarray:
    """0 for the top tier ... len(cut) for the base tier; NaN scores go to the base tier."""
    if len(cut) == 0:
        return np.zeros(len(score), dtype=int)
    passed = score[:, None] >= cut[None, :]
    return np.where(passed.any(axis=1), passed.argmax(axis=1), len(cut))


def _previous_index(previous: pd.Series, tiers: list[str]) -> np.ndarray:
    lookup = {name: i for i, name in enumerate(tiers)}
    return previous.map(lookup).fillna(-1).to_numpy(dtype=int)


REASONS = {
    "reason_above": re.compile(r"^(?P<metric>.+) >= (?P<value>\S+) -> (?P<tier>.+)$"),
    "reason_below": re.compile(r"^(?P<metric>.+) below (?P<value>\S+) -> (?P<tier>.+)$"),
    "reason_single": re.compile(r"^single tier -> (?P<tier>.+)$"),
    "reason_kept": re.compile(r"^kept in (?P<tier>.+): (?P<metric>.+) >= (?P<value>\S+) "
                              r"\(threshold less (?P<band>\S+) hysteresis band\)$"),
}
"""The forms of a tier reason (the files keep it in English), read back to show it in the
report's language: catalogue message -> the pattern of its English text."""


def reason_fields(reason: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue message of a tier reason and its fields, or None for another text; a
    threshold written as 5e+06 (by an older run) comes back in full, 5,000,000."""
    for message, pattern in REASONS.items():
        found = pattern.match(reason)
        if found:
            fields = found.groupdict()
            if "value" in fields:
                fields["value"] = _in_full(fields["value"])
            return message, fields
    return None


def _in_full(text: str) -> str:
    try:
        return cut_text(float(text))
    except ValueError:  # already 5,000,000
        return text


def cut_text(value: float) -> str:
    """A tier threshold as people write it: 5,000,000 rather than 5e+06; six significant
    digits below a thousand."""
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.6g}"


def _reasons(final: np.ndarray, held: np.ndarray, tiers: list[str], cut: np.ndarray,
             score_name: str, band: float) -> pd.Categorical:
    labels = [f"{score_name} >= {cut_text(cut[i])} -> {t}" for i, t in enumerate(tiers[:-1])]
    labels.append(f"{score_name} below {cut_text(cut[-1])} -> {tiers[-1]}" if len(cut)
                  else f"single tier -> {tiers[-1]}")
    labels += [f"kept in {t}: {score_name} >= {cut_text(cut[i] - abs(cut[i]) * band)} "
               f"(threshold less {band:.0%} hysteresis band)" for i, t in enumerate(tiers[:-1])]
    codes = np.where(held, len(tiers) + final, final)
    return pd.Categorical.from_codes(codes, categories=pd.Index(labels))
