"""Expected values of every decision (docs/architecture.md), vectorized over the whole book.

- CLV_i = m_i/(1+d) * (1 - q^H)/(1 - q), q = r/(1+d): yearly margin m, retention r, discount d.
- Offer value v[i,k] = p[i,k]*margin_k - cost_k - p[i,k]*EL[i,k], EL = PD_i * LGD_k * EAD_k.
- Coverage value u[i,r] = CLV+_i * (uplift_t * effectiveness_t,g + bonus*[r incumbent])
  + effectiveness_t,g * (CLV_i at churn x (1 - churn_reduction_t) - CLV_i)
  + fit_weight * fit[i,r], for RMs of an allowed grade in the customer's region.
- Package value V[t,p] = uplift_t,p * sum of CLV+ in t - cost_p * n_t.
Only eligible pairs exist: offers need the tier, contactability and suitability. Pairs of no
value are left out only as `prunable` allows: when no `>=` row could need them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book.book import Book
from allocator.campaigns.activities import floored_activities
from allocator.keepable import held, keepable
from allocator.offer_reach import offer_reach
from allocator.scenario.schema import OfferSpec, Scenario

READS = (
    "tiers.*.rm_grades", "tiers.*.coverage", "tiers.*.hours_per_customer",
    "tiers.*.coverage_uplift", "tiers.*.retention", "tiers.*.churn_reduction",
    "tiers.*.budget_floor_share", "packages", "objective.horizon_years",
    "objective.discount_rate", "objective.fit_weight", "rules.continuity.bonus", "calendar",
)
"""What `value_book` reads of a scenario (allocator.scenario.reads), besides the book (whose
offers it values): keep it in step with every `scenario.` below."""


@dataclass(frozen=True)
class CoveragePairs:
    """Eligible customer-RM pairs, one entry per pair."""

    customer: np.ndarray
    rm: np.ndarray
    value: np.ndarray
    hours: np.ndarray
    incumbent: np.ndarray
    keepable: np.ndarray
    """Incumbent pairs whose RM could keep the customer alone (allocator.keepable): the moves
    the continuity limit counts are away from these; a move from any other is forced."""
    held: np.ndarray
    """Keepable pairs among the most each RM could keep together (allocator.keepable.held):
    their count less the keepable pairs kept is what the continuity limit counts."""


@dataclass(frozen=True)
class OfferPairs:
    """Eligible customer-offer pairs, one entry per pair."""

    customer: np.ndarray
    offer: np.ndarray
    propensity: np.ndarray
    value: np.ndarray
    cost: np.ndarray
    expected_loss: np.ndarray
    capital: np.ndarray


@dataclass(frozen=True)
class PackageOptions:
    """Tier-package options, one entry per allowed pair."""

    tier: np.ndarray
    package: np.ndarray
    value: np.ndarray
    cost: np.ndarray


@dataclass(frozen=True)
class ValuedBook:
    customers: pd.DataFrame
    """Tiered customers with `annual_margin` and `clv`."""
    rms: pd.DataFrame
    tiers: list[str]
    offer_ids: list[str]
    offers: list[OfferSpec]
    package_ids: list[str]
    coverage: CoveragePairs
    offer_pairs: OfferPairs
    packages: PackageOptions


def value_book(customers: pd.DataFrame, book: Book, scenario: Scenario, prune: bool = True
               ) -> ValuedBook:
    """Attach CLV to the tiered customers and value every eligible decision (with `prune`
    false, keep even the pairs `prunable` would leave out)."""
    tiers = list(scenario.tiers)
    customers = customers.copy(deep=False)  # copy on write: new columns only
    tier_code = customers[c.TIER].cat.codes.to_numpy()
    customers[c.ANNUAL_MARGIN] = customers[c.REVENUE].astype(float)
    customers[c.CLV] = lifetime_value(customers, scenario, tier_code)
    offer_ids = list(book.offers)
    offers = [book.offers[k] for k in offer_ids]
    return ValuedBook(
        customers=customers,
        rms=book.rms,
        tiers=tiers,
        offer_ids=offer_ids,
        offers=offers,
        package_ids=list(scenario.packages),
        coverage=coverage_pairs(customers, book, scenario, tier_code),
        offer_pairs=offer_pairs(customers, offers, scenario, tier_code, prune),
        packages=package_options(customers, scenario, tier_code),
    )


def lifetime_value(
    customers: pd.DataFrame, scenario: Scenario, tier_code: np.ndarray,
    churn_kept: np.ndarray | float = 1.0,
) -> np.ndarray:
    """Discounted margin over the horizon with geometric retention; `churn_kept` scales each
    customer's yearly churn (what is left of it with an RM)."""
    retention = np.array([t.retention for t in scenario.tiers.values()])[tier_code]
    churn = customers[c.CHURN].to_numpy(dtype=float, na_value=np.nan)
    churn = np.where(np.isnan(churn), 1.0 - retention, churn) * churn_kept
    retention = 1.0 - churn
    d, horizon = scenario.objective.discount_rate, scenario.objective.horizon_years
    q = retention / (1.0 + d)
    safe = np.where(np.isclose(q, 1.0), 0.5, q)
    factor = np.where(np.isclose(q, 1.0), float(horizon), (1.0 - safe**horizon) / (1.0 - safe))
    return customers[c.ANNUAL_MARGIN].to_numpy(dtype=float) / (1.0 + d) * factor


def coverage_pairs(
    customers: pd.DataFrame, book: Book, scenario: Scenario, tier_code: np.ndarray
) -> CoveragePairs:
    """Every customer with every RM of an allowed grade in the customer's region."""
    customer, rm, effect = _eligible_pairs(customers, book, scenario, tier_code)
    tier = tier_code[customer].astype(np.int64)
    specs = list(scenario.tiers.values())
    uplift = np.array([s.coverage_uplift for s in specs])[tier]
    base = np.maximum(customers[c.CLV].to_numpy(), 0.0)[customer]
    incumbent = _incumbents(customers, book)[customer] == rm
    bonus = scenario.rules.continuity.bonus
    value = base * (uplift * effect + bonus * incumbent) + retained_value(
        customers, scenario, tier_code)[customer] * effect
    score, pair_hours = _fit(book, customers, customer, rm)
    value = value + scenario.objective.fit_weight * score
    hours = np.array([s.hours_per_customer for s in specs], dtype=float)[tier]
    hours = np.where(np.isnan(pair_hours), hours, pair_hours)
    capacity = book.rms[c.CAPACITY_HOURS].to_numpy(dtype=float)[rm]
    size = book.rms[c.MAX_BOOK].to_numpy(dtype=float, na_value=np.nan)[rm]
    could_keep = incumbent & keepable(hours, capacity, size)
    together = np.zeros(len(rm), dtype=bool)
    together[could_keep] = held(*(a[could_keep] for a in (rm, hours, capacity, size)))
    return CoveragePairs(customer, rm, value, hours, incumbent, could_keep, together)


def _incumbents(customers: pd.DataFrame, book: Book) -> np.ndarray:
    """Each customer's incumbent RM's position in the book's RMs (-1 if none or unknown)."""
    ids = pd.Index(book.rms[c.RM_ID].to_numpy(dtype=object))
    held = customers[c.INCUMBENT_RM].to_numpy(dtype=object)
    if ids.is_unique:
        return ids.get_indexer(held)
    first = {rm: at for at, rm in reversed(list(enumerate(ids)))}  # each id's first RM
    return np.array([first.get(rm, -1) for rm in held], dtype=np.int64)


def _eligible_pairs(customers: pd.DataFrame, book: Book, scenario: Scenario,
                    tier_code: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(customer, rm, effectiveness) of every customer with every RM of a grade its tier
    allows in its region, ordered by customer then RM: per allowed (tier, grade), each
    customer of the tier with the RMs of the grade found by region code in one search."""
    region, _ = pd.factorize(np.concatenate([customers[c.REGION].to_numpy(dtype=object),
                                             book.rms[c.REGION].to_numpy(dtype=object)]),
                             use_na_sentinel=False)
    held, rm_region = region[:len(customers)], region[len(customers):]
    rm_grade = book.rms[c.GRADE].to_numpy(dtype=object)
    found = [(np.zeros(0, dtype=np.int64),) * 2 + (np.zeros(0),)]
    for tier, spec in enumerate(scenario.tiers.values()):
        if spec.coverage == "none":
            continue
        who = np.flatnonzero(tier_code == tier)
        for grade, effectiveness in spec.rm_grades.items():
            mine = np.flatnonzero(rm_grade == grade)
            mine = mine[np.argsort(rm_region[mine], kind="stable")]
            first = np.searchsorted(rm_region[mine], held[who], side="left")
            count = np.searchsorted(rm_region[mine], held[who], side="right") - first
            at = np.repeat(first - np.cumsum(count) + count, count) + np.arange(count.sum())
            found.append((np.repeat(who, count).astype(np.int64), mine[at].astype(np.int64),
                          np.full(len(at), float(effectiveness))))
    customer, rm, effect = (np.concatenate(part) for part in zip(*found, strict=True))
    order = np.argsort(customer * max(len(book.rms), 1) + rm, kind="stable")
    return customer[order], rm[order], effect[order]


def retained_value(customers: pd.DataFrame, scenario: Scenario, tier_code: np.ndarray
                   ) -> np.ndarray:
    """Lifetime value an RM keeps by preventing the tier's `churn_reduction` of churn."""
    reduction = np.array([t.churn_reduction for t in scenario.tiers.values()])[tier_code]
    if not reduction.any():
        return np.zeros(len(customers))
    kept = lifetime_value(customers, scenario, tier_code, 1.0 - reduction)
    return np.maximum(kept - lifetime_value(customers, scenario, tier_code), 0.0)


def _fit(
    book: Book, customers: pd.DataFrame, customer: np.ndarray, rm: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Fit score (0 where none) and pair-specific hours (NaN where none) of each pair."""
    if book.fit_scores.empty:
        return np.zeros(len(customer)), np.full(len(customer), np.nan)
    key = pd.MultiIndex.from_arrays([customers[c.CUSTOMER_ID].to_numpy()[customer],
                                     book.rms[c.RM_ID].to_numpy()[rm]])
    table = book.fit_scores.set_index([c.CUSTOMER_ID, c.RM_ID]).reindex(key)
    return (table["score"].fillna(0.0).to_numpy(dtype=float),
            table["hours"].to_numpy(dtype=float))


def prunable(value: np.ndarray, in_lower_row: np.ndarray) -> np.ndarray:
    """The one rule by which a decision column is left out before the model is built: its
    value is <= 0 and it enters no `>=` or `=` row, hard or soft (a tier budget floor, an
    offer minimum, a minimum load, continuity, mandatory coverage). Every `<=` row has
    non-negative coefficients, so setting such a column to zero keeps any plan feasible and
    loses no value: no plan needs it. Coverage pairs enter minimum loads, continuity and
    mandatory coverage, so only offer pairs are pruned."""
    return (value <= 0) & ~in_lower_row


def offer_pairs(
    customers: pd.DataFrame, offers: list[OfferSpec], scenario: Scenario, tier_code: np.ndarray,
    prune: bool = True,
) -> OfferPairs:
    """Eligible, contactable, suitable customer-offer pairs with their values; the pairs of
    no value that `prunable` allows are left out (with `prune`)."""
    tiers = list(scenario.tiers)
    floored = np.array([t.budget_floor_share > 0 for t in scenario.tiers.values()])
    needed = floored_activities(scenario.calendar, offers)
    pd_ = customers[c.PD].to_numpy(dtype=float)
    parts: list[tuple[np.ndarray, ...]] = []
    for k, offer in enumerate(offers):
        who = np.flatnonzero(offer_reach(customers, offer, tiers, tier_code).open)
        p = _propensity(customers, offer, tiers, tier_code)[who]
        loss = p * pd_[who] * offer.lgd * offer.ead
        value = p * offer.margin - offer.cost - loss
        if offer.value_column is not None:  # the bank's own value (offer_reach: one is given)
            value = customers[offer.value_column].to_numpy(dtype=float, na_value=np.nan)[who]
        # the >= rows an offer pair enters: its offer's minimum, its tier's budget floor (kept
        # whatever budget.total is, so that the budget stays a key of the solve alone)
        lower = ((offer.minimum > 0) | needed[k]) | ((offer.cost > 0) & floored[tier_code[who]])
        keep = ~prunable(value, lower) if prune else np.ones(len(who), dtype=bool)
        who, p, loss, value = who[keep], p[keep], loss[keep], value[keep]
        parts.append((who, np.full(len(who), k), p, value, np.full(len(who), offer.cost), loss,
                      p * offer.ead * offer.capital_weight))
    if not parts:
        empty_i, empty_f = np.zeros(0, dtype=np.int64), np.zeros(0)
        return OfferPairs(empty_i, empty_i, empty_f, empty_f, empty_f, empty_f, empty_f)
    cols = [np.concatenate(col) for col in zip(*parts, strict=True)]
    return OfferPairs(cols[0].astype(np.int64), cols[1].astype(np.int64), *cols[2:])


def _propensity(
    customers: pd.DataFrame, offer: OfferSpec, tiers: list[str], tier_code: np.ndarray
) -> np.ndarray:
    if isinstance(offer.propensity, dict):
        default = np.array([offer.propensity.get(t, 0.0) for t in tiers])[tier_code]
    else:
        default = np.full(len(tier_code), float(offer.propensity))
    if offer.propensity_column is None:
        return default
    column = customers[offer.propensity_column].to_numpy(dtype=float, na_value=np.nan)
    return np.where(np.isnan(column), default, column)


def package_options(
    customers: pd.DataFrame, scenario: Scenario, tier_code: np.ndarray
) -> PackageOptions:
    """Value and cost of giving each tier each allowed package."""
    return packages_of(tier_totals(customers, tier_code, len(scenario.tiers)), scenario)


def tier_totals(customers: pd.DataFrame, tier_code: np.ndarray, n_tiers: int) -> np.ndarray:
    """Per tier: its customers and the sum of their positive CLV (rows), which add up over
    parts of a book."""
    counts = np.bincount(tier_code, minlength=n_tiers).astype(float)
    clv = np.bincount(tier_code, np.maximum(customers[c.CLV].to_numpy(), 0.0), n_tiers)
    return np.vstack([counts, clv])


def packages_of(totals: np.ndarray, scenario: Scenario) -> PackageOptions:
    """The package options of tiers with these totals (see tier_totals)."""
    tiers = list(scenario.tiers)
    counts, clv = totals
    rows = []
    for p, package in enumerate(scenario.packages.values()):
        for t, tier in enumerate(tiers):
            if package.tiers is not None and tier not in package.tiers:
                continue
            uplift = (package.uplift.get(tier, 0.0) if isinstance(package.uplift, dict)
                      else package.uplift)
            cost = package.cost_per_customer * counts[t]
            rows.append((t, p, uplift * clv[t] - cost, cost))
    table = np.array(rows, dtype=float).reshape(-1, 4)
    return PackageOptions(table[:, 0].astype(np.int64), table[:, 1].astype(np.int64),
                          table[:, 2], table[:, 3])
