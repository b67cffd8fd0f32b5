"""Every aggregate constraint family, measured from the plan: capacity, continuity, contact,
budget, risk, volume, packages. Each measurement lands in the ledger with its limit; each
family names its measurement in allocator.families."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks.economics import per_tier
from allocator.checks.ledger import BOTH, NEITHER, Ledger
from allocator.keepable import held, keepable
from allocator.scenario.schema import OfferSpec, Scenario

MOVED = "customers moved from their incumbent RM"
"""The continuity limit's label: it counts moves (the problem's row counts incumbents kept)."""


@dataclass(frozen=True)
class Joined:
    """A plan joined to the book it is checked against: what every limit is measured on."""

    scenario: Scenario
    customers: pd.DataFrame
    """The tiered book, with lifetime values."""
    assignments: pd.DataFrame
    """The plan's assignments with their customers' and RMs' attributes."""
    offers: pd.DataFrame
    """The plan's offers with their customers' attributes and their terms."""
    packages: pd.DataFrame
    """Each tier's package with its cost and value."""
    rms: pd.DataFrame
    specs: dict[str, OfferSpec]
    fit_scores: pd.DataFrame


def check_coverage(ledger: Ledger, joined: Joined) -> None:
    customers, a, scenario = joined.customers, joined.assignments, joined.scenario
    mandatory = [t for t, s in scenario.tiers.items() if s.coverage == "mandatory"]
    must = customers[c.TIER].isin(mandatory)
    covered = customers[c.CUSTOMER_ID].isin(a[c.CUSTOMER_ID])
    ledger.limit("coverage", "coverage_mandatory", "customers of mandatory tiers with an RM",
                 "eq", float(must.sum()), float((must & covered).sum()), BOTH,
                 who=customers.loc[must & ~covered, c.CUSTOMER_ID])


def pair_hours(pairs: pd.DataFrame, scenario: Scenario, fit: pd.DataFrame) -> pd.Series:
    """The hours each customer-RM pair (customer_id, rm_id, tier) takes of the RM: the fit
    table's hours of the pair, else the tier's hours per customer."""
    hours = per_tier(pairs[c.TIER], {t: s.hours_per_customer for t, s in scenario.tiers.items()})
    if not fit.empty and "hours" in fit:
        own = pairs[[c.CUSTOMER_ID, c.RM_ID]].merge(
            fit, on=[c.CUSTOMER_ID, c.RM_ID], how="left")["hours"].to_numpy()
        hours = hours.where(np.isnan(own.astype(float)), own)
    return hours


def check_rms(ledger: Ledger, joined: Joined) -> None:
    """RM hours, book sizes and minimum loads."""
    rms, a, scenario = joined.rms, joined.assignments, joined.scenario
    hours = pair_hours(a, scenario, joined.fit_scores)
    load = hours.groupby(a[c.RM_ID]).sum().reindex(rms[c.RM_ID], fill_value=0.0)
    book = a.groupby(c.RM_ID).size().reindex(rms[c.RM_ID], fill_value=0)
    ledger.limits("rm_capacity", "rm_capacity", rms[c.RM_ID], "le", rms[c.CAPACITY_HOURS], load)
    has_book = rms[c.MAX_BOOK].notna().to_numpy()
    ledger.limits("rm_book_size", "rm_book_size", rms[c.RM_ID][has_book], "le",
                  rms[c.MAX_BOOK][has_book], book[has_book])
    minimum = np.maximum(rms[c.MIN_LOAD_HOURS].fillna(0.0).to_numpy(),
                         scenario.rules.rm_min_load_share * rms[c.CAPACITY_HOURS].to_numpy())
    loaded = minimum > 0
    ledger.limits("rm_min_load", "rm_min_load", rms[c.RM_ID][loaded], "ge", minimum[loaded],
                  load.to_numpy()[loaded])


def check_continuity(ledger: Ledger, joined: Joined) -> None:
    """Reassigned: per RM, the most of its incumbents it could keep together (right region
    and grade, and the hours and book room for them: allocator.keepable), summed, less the
    keepable incumbents the plan keeps with it; the model's row counts the same, also where
    RM hours are soft. Its customers are the keepable ones who leave."""
    customers, a, rms = joined.customers, joined.assignments, joined.rms
    scenario = joined.scenario
    limit = scenario.rules.continuity.max_reassignments
    if limit is None:
        return
    rm = rms.set_index(c.RM_ID)
    incumbent = customers[c.INCUMBENT_RM]
    has = incumbent.notna() & incumbent.isin(rm.index)
    grade = incumbent[has].map(rm[c.GRADE])
    region = incumbent[has].map(rm[c.REGION])
    tiers = customers.loc[has, c.TIER].astype(object)
    served = [(t, g) for t, spec in scenario.tiers.items() if spec.coverage != "none"
              for g in spec.rm_grades]
    allowed = pd.MultiIndex.from_arrays([tiers.to_numpy(), grade.to_numpy()]).isin(
        served) if served else np.zeros(len(tiers), dtype=bool)
    own = pd.DataFrame({c.CUSTOMER_ID: customers.loc[has, c.CUSTOMER_ID].to_numpy(),
                        c.RM_ID: incumbent[has].to_numpy(), c.TIER: tiers.to_numpy()})
    hours = pair_hours(own, scenario, joined.fit_scores).to_numpy()
    capacity = incumbent[has].map(rm[c.CAPACITY_HOURS]).to_numpy(dtype=float)
    size = incumbent[has].map(rm[c.MAX_BOOK]).to_numpy(dtype=float, na_value=np.nan)
    could_stay = ((region == customers.loc[has, c.REGION]).to_numpy()
                  & allowed & keepable(hours, capacity, size))
    most = held(*(v[could_stay] for v in (own[c.RM_ID].to_numpy(), hours, capacity, size)))
    pairs = pd.MultiIndex.from_arrays([a[c.CUSTOMER_ID], a[c.RM_ID]])
    kept = pd.MultiIndex.from_arrays([customers.loc[has, c.CUSTOMER_ID], incumbent[has]])
    moved = could_stay & ~kept.isin(pairs)
    counted = int(most.sum()) - int(np.count_nonzero(could_stay & ~moved))
    ledger.limit("continuity", "continuity", MOVED, "le", float(limit), float(counted),
                 who=customers.loc[has].loc[moved, c.CUSTOMER_ID])


def check_contact(ledger: Ledger, joined: Joined) -> None:
    """Offers per customer, per channel, and RM offers to customers without an RM."""
    customers, o, a = joined.customers, joined.offers, joined.assignments
    scenario = joined.scenario
    per_customer = o.groupby(c.CUSTOMER_ID).size()
    tier = customers.set_index(c.CUSTOMER_ID)[c.TIER].astype(object)
    allowed = tier.reindex(per_customer.index).map(
        {t: s.max_offers for t, s in scenario.tiers.items()})
    excess = (per_customer - allowed).clip(lower=0)
    ledger.limit("contact", "contact", "offers above the per-customer limit", "le", 0.0,
                 float(excess.sum()), who=excess.index[excess > 0])
    for channel, capacity in scenario.rules.channel_capacity.items():
        ledger.limit("channel_capacity", "channel_capacity", channel, "le", float(capacity),
                     float((o["channel"] == channel).sum()))
    unserved = o["requires_rm"].astype(bool) & ~o[c.CUSTOMER_ID].isin(a[c.CUSTOMER_ID])
    ledger.limit("rm_offer_link", "rm_offer_link", "RM offers to customers without an RM",
                 "le", 0.0, float(unserved.sum()),
                 who=o.loc[unserved, c.CUSTOMER_ID] + "/" + o.loc[unserved, c.OFFER_ID])


def check_budget(ledger: Ledger, joined: Joined) -> None:
    """The total budget and each tier's floor and cap."""
    o, packages, scenario = joined.offers, joined.packages, joined.scenario
    total = scenario.budget.total
    if total is None:
        return
    offer_spend = o["cost"].astype(float).groupby(o[c.TIER].astype(object)).sum()
    package_spend = packages.groupby(c.TIER)["cost"].sum()
    spend = offer_spend.add(package_spend, fill_value=0.0)
    ledger.limit("budget", "budget", "total", "le", total, float(spend.sum()))
    for tier, spec in scenario.tiers.items():
        if spec.budget_floor_share > 0:
            ledger.limit("tier_budget", "tier_budget_floor", tier, "ge",
                         spec.budget_floor_share * total, float(spend.get(tier, 0.0)))
        if spec.budget_cap_share < 1:
            ledger.limit("tier_budget", "tier_budget_cap", tier, "le",
                         spec.budget_cap_share * total, float(spend.get(tier, 0.0)))


def check_risk(ledger: Ledger, joined: Joined) -> None:
    """The loss cap, each tier's share of it, and the capital cap."""
    o, scenario = joined.offers, joined.scenario
    risk = scenario.risk
    if risk.loss_cap is not None:
        ledger.limit("loss_cap", "loss_cap", "total", "le", risk.loss_cap,
                     float(o["expected_loss"].sum()))
        by_tier = o["expected_loss"].astype(float).groupby(o[c.TIER].astype(object)).sum()
        for tier, spec in scenario.tiers.items():
            if spec.loss_cap_share < 1:
                ledger.limit("tier_loss", "tier_loss", tier, "le",
                             spec.loss_cap_share * risk.loss_cap, float(by_tier.get(tier, 0.0)))
    if risk.capital_cap is not None:
        ledger.limit("capital_cap", "capital_cap", "total", "le", risk.capital_cap,
                     float(o["capital"].sum()))


def check_volume(ledger: Ledger, joined: Joined) -> None:
    """Each offer's quota and minimum, offer by offer."""
    o, offers = joined.offers, joined.specs
    counts = o.groupby(c.OFFER_ID).size()
    for offer_id, spec in offers.items():
        made = float(counts.get(offer_id, 0))
        if spec.quota is not None:
            ledger.limit("offer_quota", "offer_quota", offer_id, "le", spec.quota, made)
        if spec.minimum > 0:
            ledger.limit("offer_minimum", "offer_minimum", offer_id, "ge", spec.minimum, made)


def check_packages(ledger: Ledger, joined: Joined) -> None:
    packages, scenario = joined.packages, joined.scenario
    if not scenario.packages:
        return
    counts = packages[c.TIER].value_counts()
    for tier in scenario.tiers:
        ledger.limit("package_choice", "package_choice", tier, "eq", 1.0,
                     float(counts.get(tier, 0)), NEITHER)
