"""The nine constraint families of DESIGN §3, one function each, math in the docstring.

Every function takes the build context and returns row blocks; `define_all` lists them in order.
Indices: i customer, r RM, k offer, t tier, p package; x[i,r], y[i,k], s[t,p] binary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from allocator import columns as c
from allocator.problem import Layout, Rows, Sense
from allocator.scenario.schema import Family, Scenario
from allocator.valuation import OfferPairs, ValuedBook

INF = np.inf


@dataclass(frozen=True)
class Context:
    valued: ValuedBook
    scenario: Scenario
    y: OfferPairs
    layout: Layout

    @property
    def customer_tier(self) -> np.ndarray:
        return self.valued.customers[c.TIER].cat.codes.to_numpy()

    @property
    def customer_ids(self) -> np.ndarray:
        return self.valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)

    @property
    def x_cols(self) -> np.ndarray:
        return np.arange(self.layout.n_x) + self.layout.x0

    @property
    def y_cols(self) -> np.ndarray:
        return np.arange(self.layout.n_y) + self.layout.y0

    @property
    def s_cols(self) -> np.ndarray:
        return np.arange(self.layout.n_s) + self.layout.s0


def grouped(
    family: Family, name: str, sense: Sense, group: np.ndarray, cols: np.ndarray,
    coef: np.ndarray | float, labels: np.ndarray, lower: np.ndarray | float,
    upper: np.ndarray | float, keep_empty: np.ndarray | bool = False,
) -> Rows:
    """Rows `sum of coef * z[cols] over each group`, one per group that has a term
    (or that `keep_empty` marks: a row with no terms that must still hold)."""
    n = len(labels)
    present = np.zeros(n, dtype=bool)
    present[group] = True
    keep = present | np.broadcast_to(keep_empty, n)
    local = np.cumsum(keep) - 1
    return Rows(
        family, name, sense, np.asarray(labels, dtype=object)[keep],
        np.broadcast_to(np.asarray(lower, dtype=float), n)[keep].copy(),
        np.broadcast_to(np.asarray(upper, dtype=float), n)[keep].copy(),
        local[group], cols, np.broadcast_to(np.asarray(coef, dtype=float), len(cols)).copy(),
    )


def coverage(ctx: Context) -> list[Rows]:
    """Mandatory tiers: sum_r x[i,r] = 1; optional tiers: sum_r x[i,r] <= 1."""
    kinds = np.array([t.coverage for t in ctx.scenario.tiers.values()])[ctx.customer_tier]
    x = ctx.valued.coverage
    ids, mandatory = ctx.customer_ids, kinds == "mandatory"
    on_mandatory = mandatory[x.customer]
    counts = np.bincount(x.customer, minlength=len(ids))
    multi = (counts > 1)[x.customer] & ~on_mandatory
    return [
        grouped("coverage", "coverage_mandatory", "eq", x.customer[on_mandatory],
                ctx.x_cols[on_mandatory], 1.0, ids, 1.0, 1.0, keep_empty=mandatory),
        grouped("coverage", "coverage_optional", "le", x.customer[multi], ctx.x_cols[multi],
                1.0, ids, -INF, 1.0),
    ]


def rm_capacity(ctx: Context) -> list[Rows]:
    """sum_i hours[i] x[i,r] <= H[r]; sum_i x[i,r] <= max_book[r]; hours >= minimum load."""
    x, rms = ctx.valued.coverage, ctx.valued.rms
    ids = rms[c.RM_ID].to_numpy(dtype=object)
    hours = rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    book = rms[c.MAX_BOOK].to_numpy(dtype=float, na_value=np.nan)
    has_book = ~np.isnan(book[x.rm])
    minimum = np.maximum(rms[c.MIN_LOAD_HOURS].to_numpy(dtype=float),
                         ctx.scenario.rules.rm_min_load_share * hours)
    loaded = (minimum > 0)[x.rm]
    return [
        grouped("rm_capacity", "rm_capacity", "le", x.rm, ctx.x_cols, x.hours, ids, -INF, hours),
        grouped("rm_book_size", "rm_book_size", "le", x.rm[has_book], ctx.x_cols[has_book], 1.0,
                ids, -INF, np.nan_to_num(book, nan=INF)),
        grouped("rm_min_load", "rm_min_load", "ge", x.rm[loaded], ctx.x_cols[loaded],
                x.hours[loaded], ids, minimum, INF, keep_empty=minimum > 0),
    ]


def continuity(ctx: Context) -> list[Rows]:
    """Reassignments <= limit, i.e. sum of x on incumbent pairs >= (incumbent pairs) - limit."""
    limit = ctx.scenario.rules.continuity.max_reassignments
    if limit is None:
        return []
    kept = ctx.valued.coverage.incumbent
    need = max(int(kept.sum()) - limit, 0)
    return [grouped("continuity", "continuity", "ge", np.zeros(int(kept.sum()), dtype=int),
                    ctx.x_cols[kept], 1.0, np.array(["incumbent RMs kept"]), need, INF,
                    keep_empty=True)]


def contact(ctx: Context) -> list[Rows]:
    """sum_k y[i,k] <= max_offers[tier(i)]; per channel, sum of y <= channel capacity."""
    y, ids = ctx.y, ctx.customer_ids
    limit = np.array([t.max_offers for t in ctx.scenario.tiers.values()])[ctx.customer_tier]
    counts = np.bincount(y.customer, minlength=len(ids))
    binding = (counts > limit)[y.customer]
    blocks = [grouped("contact", "contact", "le", y.customer[binding], ctx.y_cols[binding], 1.0,
                      ids, -INF, limit.astype(float))]
    capacity = ctx.scenario.rules.channel_capacity
    if capacity:
        channels = list(capacity)
        channel_of_offer = np.array([str(o.channel) for o in ctx.valued.offers] or [""])
        pair_channel = channel_of_offer[y.offer] if len(y.offer) else np.array([], dtype=str)
        code = np.array([channels.index(ch) if ch in capacity else -1 for ch in pair_channel],
                        dtype=int)
        on = code >= 0
        blocks.append(grouped("channel_capacity", "channel_capacity", "le", code[on],
                              ctx.y_cols[on], 1.0, np.array(channels),
                              -INF, np.array([capacity[ch] for ch in channels], dtype=float)))
    return blocks


def rm_offer_link(ctx: Context) -> list[Rows]:
    """y[i,k] <= sum_r x[i,r] for offers that need an RM (implied where coverage is mandatory
    and hard)."""
    y, x = ctx.y, ctx.valued.coverage
    needs = np.array([o.requires_rm for o in ctx.valued.offers] or [False])[y.offer]
    kinds = np.array([t.coverage for t in ctx.scenario.tiers.values()])[ctx.customer_tier]
    implied = (kinds == "mandatory") & ("coverage" not in ctx.scenario.objective.soft)
    link = np.flatnonzero(needs & ~implied[y.customer])
    n_customers = len(ctx.customer_ids)
    starts = np.searchsorted(x.customer, np.arange(n_customers))
    counts = np.bincount(x.customer, minlength=n_customers)
    per_row = counts[y.customer[link]]
    row_of_x = np.repeat(np.arange(len(link)), per_row)
    ramp = np.arange(per_row.sum()) - np.repeat(np.cumsum(per_row) - per_row, per_row)
    x_cols = ctx.layout.x0 + np.repeat(starts[y.customer[link]], per_row) + ramp
    labels = np.array([f"{ctx.customer_ids[i]}/{ctx.valued.offer_ids[k]}" for i, k in
                       zip(y.customer[link], y.offer[link], strict=True)], dtype=object)
    return [Rows("rm_offer_link", "rm_offer_link", "le", labels, np.full(len(link), -INF),
                 np.zeros(len(link)), np.concatenate([np.arange(len(link)), row_of_x]),
                 np.concatenate([ctx.y_cols[link], x_cols]),
                 np.concatenate([np.ones(len(link)), -np.ones(len(x_cols))]))]


def budget(ctx: Context) -> list[Rows]:
    """sum cost y + sum package cost s <= total; floor share <= tier spend / total <= cap share."""
    total = ctx.scenario.budget.total
    if total is None:
        return []
    y, s, tiers = ctx.y, ctx.valued.packages, ctx.valued.tiers
    cols = np.concatenate([ctx.y_cols, ctx.s_cols])
    coef = np.concatenate([y.cost, s.cost])
    tier = np.concatenate([ctx.customer_tier[y.customer], s.tier]).astype(int)
    specs = list(ctx.scenario.tiers.values())
    floors = np.array([t.budget_floor_share for t in specs]) * total
    caps = np.array([t.budget_cap_share for t in specs]) * total
    has_floor, has_cap = (floors > 0)[tier], (caps < total)[tier]
    names = np.array(tiers)
    return [
        grouped("budget", "budget", "le", np.zeros(len(cols), dtype=int), cols, coef,
                np.array(["total"]), -INF, float(total), keep_empty=True),
        grouped("tier_budget", "tier_budget_floor", "ge", tier[has_floor], cols[has_floor],
                coef[has_floor], names, floors, INF, keep_empty=floors > 0),
        grouped("tier_budget", "tier_budget_cap", "le", tier[has_cap], cols[has_cap],
                coef[has_cap], names, -INF, caps),
    ]


def risk(ctx: Context) -> list[Rows]:
    """sum EL y <= loss cap; sum capital y <= capital cap; per tier, EL <= share x loss cap."""
    y, cap = ctx.y, ctx.scenario.risk
    everything = np.zeros(len(y.offer), dtype=int)
    blocks = []
    if cap.loss_cap is not None:
        blocks.append(grouped("loss_cap", "loss_cap", "le", everything, ctx.y_cols,
                              y.expected_loss, np.array(["total"]), -INF, cap.loss_cap))
        shares = np.array([t.loss_cap_share for t in ctx.scenario.tiers.values()])
        tier = ctx.customer_tier[y.customer]
        on = (shares < 1.0)[tier]
        blocks.append(grouped("tier_loss", "tier_loss", "le", tier[on], ctx.y_cols[on],
                              y.expected_loss[on], np.array(ctx.valued.tiers), -INF,
                              shares * cap.loss_cap))
    if cap.capital_cap is not None:
        blocks.append(grouped("capital_cap", "capital_cap", "le", everything, ctx.y_cols,
                              y.capital, np.array(["total"]), -INF, cap.capital_cap))
    return blocks


def product_volume(ctx: Context) -> list[Rows]:
    """minimum[k] <= sum_i y[i,k] <= quota[k]."""
    y, offers = ctx.y, ctx.valued.offers
    ids = np.array(ctx.valued.offer_ids, dtype=object)
    quota = np.array([INF if o.quota is None else o.quota for o in offers], dtype=float)
    minimum = np.array([o.minimum for o in offers], dtype=float)
    capped, floored = np.isfinite(quota)[y.offer], (minimum > 0)[y.offer]
    return [
        grouped("offer_quota", "offer_quota", "le", y.offer[capped], ctx.y_cols[capped], 1.0,
                ids, -INF, quota),
        grouped("offer_minimum", "offer_minimum", "ge", y.offer[floored], ctx.y_cols[floored],
                1.0, ids, minimum, INF, keep_empty=minimum > 0),
    ]


def package_choice(ctx: Context) -> list[Rows]:
    """sum_p s[t,p] = 1 for every tier (when the scenario has packages)."""
    if not ctx.valued.package_ids:
        return []
    s = ctx.valued.packages
    return [grouped("package_choice", "package_choice", "eq", s.tier, ctx.s_cols, 1.0,
                    np.array(ctx.valued.tiers), 1.0, 1.0, keep_empty=True)]


DEFINITIONS: tuple[Callable[[Context], list[Rows]], ...] = (
    coverage, rm_capacity, continuity, contact, rm_offer_link, budget, risk, product_volume,
    package_choice,
)


def define_all(valued: ValuedBook, scenario: Scenario, y: OfferPairs, layout: Layout) -> list[Rows]:
    """Every family's rows, in the order of DESIGN §3."""
    ctx = Context(valued, scenario, y, layout)
    return [rows for define in DEFINITIONS for rows in define(ctx)]
