"""What makes every plan impossible, found before any solve: a tier whose coverage is mandatory
with customers in a region where no RM of an allowed grade works (or whose RMs have too few
hours or places), a tier's budget floor where the tier has no customers, and an offer whose
minimum is more than the customers who may take it. Each is worded as a limit that gives where
the scenario lets one of its families give (objective.soft): the readiness then warns of it.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from allocator import columns as c
from allocator.book.findings import Finding
from allocator.offer_reach import offer_reach
from allocator.report.cell_texts import limit_text, percent_text
from allocator.scenario.schema import OfferSpec, Scenario


def minimums_out_of_reach(scenario: Scenario, customers: pd.DataFrame,
                          offers: Mapping[str, OfferSpec] | None) -> list[Finding]:
    """An offer whose minimum (a sales target) is more than the customers who may take it at
    all (of its tiers, contactable, suitable: allocator.offer_reach): no plan meets it (where
    objective.soft lets minimums give, the plan falls short of it)."""
    message = _given("ready_few_takers", "offer_minimum", scenario)
    tiers, codes = list(scenario.tiers), customers[c.TIER].cat.codes.to_numpy()
    findings = []
    for offer_id, offer in (scenario.offers if offers is None else offers).items():
        if offer.minimum <= 0:
            continue
        count = int(offer_reach(customers, offer, tiers, codes).open.sum())
        if count < offer.minimum:
            findings.append(Finding(message, {
                "offer": offer_id, "id": offer_id, "minimum": f"{offer.minimum:,g}",
                "count": f"{count:,}"}))
    return findings


def floors_of_empty_tiers(scenario: Scenario, customers: pd.DataFrame) -> list[Finding]:
    """A tier with a budget floor (tiers.*.budget_floor_share of a budget.total above 0) and
    no customers: nothing can be spent on it, so no plan meets the floor (where objective.soft
    lets tier budgets give, the plan falls short of it)."""
    total = scenario.budget.total
    if not total:
        return []
    message = _given("ready_empty_tier_floor", "tier_budget", scenario)
    held = {str(tier) for tier in customers[c.TIER].unique()}
    return [Finding(message, {"tier": tier, "tier_name": tier,
                              "share": percent_text(spec.budget_floor_share),
                              "amount": limit_text(spec.budget_floor_share * total),
                              "currency": scenario.objective.currency},
                    f"tiers.{tier}.budget_floor_share")
            for tier, spec in scenario.tiers.items()
            if spec.budget_floor_share > 0 and tier not in held]


def _given(message: str, family: str, scenario: Scenario) -> str:
    """`message`, or its words for a limit the scenario lets give (objective.soft)."""
    return f"{message}_soft" if family in scenario.objective.soft else message


def unserved_mandatory(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                       ) -> list[Finding]:
    findings = []
    for tier, spec in scenario.tiers.items():
        if spec.coverage != "mandatory":
            continue
        grades = sorted(spec.rm_grades)
        served = set(rms.loc[rms[c.GRADE].isin(grades), c.REGION])
        alone = (customers[c.TIER].astype(str) == tier) & ~customers[c.REGION].isin(served)
        if alone.any():
            regions = sorted(customers.loc[alone, c.REGION].astype(str).unique())
            findings.append(Finding("ready_unserved", {
                "tier": tier, "count": int(alone.sum()), "regions": tuple(regions),
                "ids": tuple(customers.loc[alone, c.CUSTOMER_ID]), "grades": tuple(grades)}))
    return findings


SHORT_GIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    c.CAPACITY_HOURS: ("ready_short_hours", ("coverage", "rm_capacity")),
    c.MAX_BOOK: ("ready_short_places", ("coverage", "rm_book_size"))}
"""By the RM table's column a shortfall is counted in: its message and the families of
objective.soft that let it give (mandatory coverage, or the RMs' hours or book sizes)."""


def short_of_hours(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame,
                   pair_hours: bool) -> dict[str, list[Finding]]:
    """By column of SHORT_GIVES, the regions whose customers of mandatory tiers need more than
    all their RMs of those tiers' grades have: hours (each customer its tier's
    hours_per_customer, from one RM) or places (max_book): no plan can cover them all within
    them. Each mandatory tier is counted alone (its own grades) and all of them together.
    Hours are not counted where fit scores give pairs hours of their own. The book is counted
    once, by tier and region."""
    mandatory = [tier for tier, spec in scenario.tiers.items() if spec.coverage == "mandatory"]
    found: dict[str, list[Finding]] = {column: [] for column in SHORT_GIVES}
    if not mandatory or customers.empty:
        return found
    tier = customers[c.TIER].astype(str)
    held = tier.isin(mandatory)
    counts = held[held].groupby([tier[held], customers.loc[held, c.REGION].astype(str)]).size()
    groups = [[name] for name in mandatory] + ([mandatory] if len(mandatory) > 1 else [])
    for column in (col for col in SHORT_GIVES if col != c.CAPACITY_HOURS or not pair_hours):
        found[column] = [finding for group in groups
                         if (finding := _short_in_regions(scenario, counts, rms, group, column))]
    return found


def _short_in_regions(scenario: Scenario, counts: pd.Series, rms: pd.DataFrame,
                      group: list[str], held_column: str) -> Finding | None:
    """The regions where `group`'s customers (`counts` by tier and region) need more (hours
    each, or one place each) than the RMs of the group's grades hold in `held_column` (a
    region where one RM holds no limit, a blank max_book, is never short); None where none
    is. Worded as a limit that gives where objective.soft names one of its families."""
    mine = counts[counts.index.get_level_values(0).isin(group)]
    customers = mine.groupby(level=1).sum()
    if held_column == c.CAPACITY_HOURS:
        hours = mine.index.get_level_values(0).map(
            {t: scenario.tiers[t].hours_per_customer for t in group}).to_numpy(dtype=float)
        needed = (mine * hours).groupby(level=1).sum()
    else:
        needed = customers.astype(float)
    grades = {grade for t in group for grade in scenario.tiers[t].rm_grades}
    serving = rms[rms[c.GRADE].isin(grades)]
    if held_column not in serving:
        return None
    limits = pd.to_numeric(serving[held_column], errors="coerce")
    where = serving[c.REGION].astype(str)
    held = limits.groupby(where).sum()
    unlimited = set(where[limits.isna()])
    short = needed[(needed > held.reindex(needed.index, fill_value=0.0) + 1e-9)
                   & needed.index.isin(held.index) & ~needed.index.isin(unlimited)]
    if short.empty:  # a region without such RMs: unserved_mandatory names it
        return None
    regions = tuple((name, f"{short[name]:,.0f} > {held[name]:,.0f}")
                    for name in sorted(short.index))
    message, families = SHORT_GIVES[held_column]
    soft = [family for family in families if family in scenario.objective.soft]
    return Finding(f"{message}_soft" if soft else message, {
        "count": int(customers[list(short.index)].sum()), "regions": regions,
        "tiers": tuple(group), "tier_count": len(group), "soft": tuple(soft)})
