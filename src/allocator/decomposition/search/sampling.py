"""A scaled-down copy of a large book, to find good starting prices cheaply.

Multipliers are prices per unit of a limit, so a systematic sample of customers with every
limit scaled by the sample's share has nearly the same prices. The full search then starts
near its optimum instead of at zero.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.scenario.schema import Scenario
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions, ValuedBook


def sample_book(valued: ValuedBook, scenario: Scenario, size: int, step: int | None = None
                ) -> tuple[ValuedBook, Scenario, float]:
    """The last of every k customers of each region and tier (so no group is over-sampled;
    k = `step`, or what gives about `size` customers), with RM, budget, risk, channel and
    volume limits scaled by 1/k."""
    n = len(valued.customers)
    step = step or max(1, n // size)
    tiers = valued.customers[c.TIER].cat.codes.to_numpy()
    groups = valued.customers.groupby([c.REGION, c.TIER], observed=True, sort=False)
    keep = (groups.cumcount().to_numpy() % step) == step - 1
    share = 1.0 / step
    local = np.cumsum(keep) - 1
    tier_share = np.bincount(tiers[keep], minlength=len(valued.tiers)) / np.maximum(
        np.bincount(tiers, minlength=len(valued.tiers)), 1)
    x, y, s = valued.coverage, valued.offer_pairs, valued.packages
    in_x, in_y = keep[x.customer], keep[y.customer]
    rms = valued.rms.copy()
    for column in (c.CAPACITY_HOURS, c.MAX_BOOK, c.MIN_LOAD_HOURS):
        rms[column] = rms[column] * share
    sample = replace(
        valued,
        customers=valued.customers.loc[keep].reset_index(drop=True),
        rms=rms,
        offers=[o.model_copy(update={"quota": None if o.quota is None else o.quota * share,
                                     "minimum": o.minimum * share}) for o in valued.offers],
        coverage=CoveragePairs(local[x.customer[in_x]], x.rm[in_x], x.value[in_x],
                               x.hours[in_x], x.incumbent[in_x]),
        offer_pairs=OfferPairs(local[y.customer[in_y]], y.offer[in_y], y.propensity[in_y],
                               y.value[in_y], y.cost[in_y], y.expected_loss[in_y],
                               y.capital[in_y]),
        packages=PackageOptions(s.tier, s.package, s.value * tier_share[s.tier],
                                s.cost * tier_share[s.tier]),
    )
    return sample, scaled_scenario(scenario, share), share


def scaled_scenario(scenario: Scenario, share: float) -> Scenario:
    """Limits scaled by the sample's share. The continuity limit is dropped: per RM, the
    sample's incumbents can outgrow its scaled capacity, and would then have to move more
    often than a scaled limit allows; the full search prices continuity itself."""
    def scaled(value: float | None) -> float | None:
        return None if value is None else value * share

    rules = scenario.rules
    return scenario.model_copy(update={
        "budget": scenario.budget.model_copy(update={"total": scaled(scenario.budget.total)}),
        "risk": scenario.risk.model_copy(update={
            "loss_cap": scaled(scenario.risk.loss_cap),
            "capital_cap": scaled(scenario.risk.capital_cap)}),
        "rules": rules.model_copy(update={
            "continuity": rules.continuity.model_copy(update={"max_reassignments": None}),
            "channel_capacity": {k: v * share for k, v in rules.channel_capacity.items()}}),
    })


def joined_samples(samples: list[ValuedBook], packages: PackageOptions,
                   customers_per_tier: np.ndarray) -> ValuedBook:
    """Samples of the parts of a book (each with the same step) as one sample of the book;
    the packages scaled by the share of each tier's customers sampled."""
    offsets = np.cumsum([0] + [len(s.customers) for s in samples])
    joined = pd.concat([s.customers for s in samples], ignore_index=True)

    def stacked(kind: str, field: str) -> np.ndarray:
        arrays = [getattr(getattr(s, kind), field) for s in samples]
        if field == "customer":
            arrays = [a + o for a, o in zip(arrays, offsets, strict=False)]
        return np.concatenate(arrays)

    sampled = np.bincount(joined[c.TIER].cat.codes.to_numpy(), minlength=len(customers_per_tier))
    share = sampled / np.maximum(customers_per_tier, 1)
    return replace(
        samples[0], customers=joined,
        coverage=CoveragePairs(*(stacked("coverage", f.name) for f in fields(CoveragePairs))),
        offer_pairs=OfferPairs(*(stacked("offer_pairs", f.name) for f in fields(OfferPairs))),
        packages=PackageOptions(packages.tier, packages.package,
                                packages.value * share[packages.tier],
                                packages.cost * share[packages.tier]))
