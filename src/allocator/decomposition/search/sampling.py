"""A scaled-down copy of a large book, to find good starting prices cheaply.

Multipliers are prices per unit of a limit, so a systematic sample of customers with every
limit scaled by the sample's share has nearly the same prices. The full search then starts
near its optimum instead of at zero.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import numpy as np
from pydantic import BaseModel

from allocator import columns as c
from allocator.families import FAMILIES, ConstraintFamily, LimitAt, Scaling
from allocator.scenario.schema import Scenario
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions, ValuedBook

BOUNDS = ("min", "max", "limit")
"""The fields of a calendar rule that bound a total over the book."""


def sample_book(valued: ValuedBook, scenario: Scenario, size: int, step: int | None = None
                ) -> tuple[ValuedBook, Scenario, float]:
    """The last of every k customers of each region and tier (so no group is over-sampled;
    k = `step`, or what gives about `size` customers), with every family's limits scaled
    by 1/k as its scaling says (scaled_scenario)."""
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
    for family, limit in _limits_at("rms"):
        rms[limit.key] = _scaled(family, share, rms[limit.key])
    offer_limits = _limits_at("offers")
    sample = replace(
        valued,
        customers=valued.customers.loc[keep].reset_index(drop=True),
        rms=rms,
        offers=[o.model_copy(update={limit.key: _scaled(family, share, getattr(o, limit.key))
                                     for family, limit in offer_limits})
                for o in valued.offers],
        coverage=CoveragePairs(local[x.customer[in_x]], x.rm[in_x], x.value[in_x],
                               x.hours[in_x], x.incumbent[in_x], x.keepable[in_x],
                               x.held[in_x]),
        offer_pairs=OfferPairs(local[y.customer[in_y]], y.offer[in_y], y.propensity[in_y],
                               y.value[in_y], y.cost[in_y], y.expected_loss[in_y],
                               y.capital[in_y]),
        packages=PackageOptions(s.tier, s.package, s.value * tier_share[s.tier],
                                s.cost * tier_share[s.tier]),
    )
    return sample, scaled_scenario(scenario, share), share


def scaled_scenario(scenario: Scenario, share: float) -> Scenario:
    """The scenario's limits scaled by the sample's share, as each family's scaling says
    (allocator.families): the continuity limit is dropped, since per RM the sample's
    incumbents can outgrow its scaled capacity, and would then have to move more often than a
    scaled limit allows; the full search prices continuity itself."""
    for family, limit in _limits_at("scenario"):
        scenario = _replaced(scenario, limit.key.split("."), partial(_scaled, family, share))
    return scenario


def _limits_at(table: str) -> list[tuple[ConstraintFamily, LimitAt]]:
    """The limits stated in a table (scenario, rms, offers), with their families."""
    return [(family, limit) for family in FAMILIES for limit in family.limits
            if limit.table == table]


def _scaled(family: ConstraintFamily, share: float, value: Any) -> Any:
    """A limit (a number, a column, a mapping of them, or None) on a sample of this share."""
    if family.scaling is Scaling.DROPPED or value is None:
        return None
    if family.scaling is Scaling.KEPT:
        return value
    if isinstance(value, dict):
        return {key: _share_of(limit, share) for key, limit in value.items()}
    return value * share


def _share_of(limit: Any, share: float) -> Any:
    """A number, or a calendar rule's bounds (min, max, limit), scaled by the share."""
    if not isinstance(limit, BaseModel):
        return limit * share
    return limit.model_copy(update={
        key: getattr(limit, key) * share for key in BOUNDS
        if getattr(limit, key, None) is not None})


def _replaced(model: Any, path: list[str], change: Callable[[Any], Any]) -> Any:
    """A copy of a nested model with the value at `path` changed."""
    head, *rest = path
    if model is None:  # a section the scenario leaves out (no calendar)
        return None
    value = getattr(model, head)
    return model.model_copy(update={head: _replaced(value, rest, change) if rest
                                    else change(value)})
