"""How each constraint family's rows are built: one function per family, math in the docstring
(the model of docs/architecture.md; the families and their traits are declared in families.py).

A family's rows are sums over groups of columns (`Grouped`): per column of a kind (x
customer-RM, y customer-offer, s tier-package), the row of its group and its coefficient, with
the groups that are rows of the family and their limits. The exact path makes them matrix rows
(`rows_of`), leaving out rows no choice of the columns present could break; the decomposition
prices the same groups (decomposition/coupling_rows.py). Indices: i customer, r RM, k offer,
t tier, p package.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal

import numpy as np

from allocator import columns as c
from allocator.problem import Decisions, Layout, Rows, Sense
from allocator.scenario.schema import Family, Scenario
from allocator.valuation import ValuedBook

if TYPE_CHECKING:
    from allocator.campaigns.rows import Pattern

INF = np.inf
Kind = Literal["x", "y", "s"]


@dataclass(frozen=True)
class Context:
    valued: ValuedBook
    scenario: Scenario
    d: Decisions

    @property
    def layout(self) -> Layout:
        return self.d.layout

    @property
    def customer_tier(self) -> np.ndarray:
        return self.valued.customers[c.TIER].cat.codes.to_numpy()

    @cached_property
    def customer_ids(self) -> np.ndarray:
        return self.valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)

    @cached_property
    def y_patterns(self) -> list[Pattern]:
        """The eligibility patterns of the y columns (allocator.campaigns.rows.patterns_of),
        worked out once for all the calendar's families."""
        from allocator.campaigns.rows import patterns_of  # it builds on this module

        return patterns_of(self.d.y.customer, self.d.y.offer)

    @cached_property
    def x_rm(self) -> np.ndarray:
        """Per x column, its RM."""
        return _groups(self.d.x.rm)

    @cached_property
    def y_offer(self) -> np.ndarray:
        """Per y column, its offer."""
        return _groups(self.d.y.offer)

    @cached_property
    def y_tier(self) -> np.ndarray:
        """Per y column, its customer's tier."""
        return _groups(self.customer_tier[self.d.y.customer])

    def whole(self, kind: Kind) -> np.ndarray:
        """Per column of a kind, group 0: one row over every column (a total)."""
        return np.broadcast_to(np.int32(0), self.count(kind))

    def count(self, kind: Kind) -> int:
        return {"x": self.layout.n_x, "y": self.layout.n_y, "s": self.layout.n_s}[kind]


@dataclass(frozen=True)
class On:
    """A family's terms on one kind of column: each column adds coef times itself to the row
    of its group (if that group is a row of the family)."""

    kind: Kind
    group: np.ndarray
    coef: np.ndarray | float


@dataclass(frozen=True)
class Grouped:
    """A block of rows `lower <= sum of coef * column over each group <= upper`, one per group
    that `defined` marks (per group: its label and limits)."""

    family: Family
    name: str
    sense: Sense
    labels: np.ndarray
    lower: np.ndarray | float
    upper: np.ndarray | float
    terms: tuple[On, ...]
    defined: np.ndarray | bool = True
    keep_empty: np.ndarray | bool = False
    """Rows that must be kept with no term (a floor no empty sum reaches)."""

    def marked(self, flags: np.ndarray | bool) -> np.ndarray:
        """Flags per group, as an array."""
        return np.broadcast_to(np.asarray(flags, dtype=bool), len(self.labels))

    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        n = len(self.labels)
        return (np.broadcast_to(np.asarray(self.lower, dtype=float), n),
                np.broadcast_to(np.asarray(self.upper, dtype=float), n))


Block = Grouped | Rows
"""What a family's builder returns: grouped rows, or (rows no grouping states) matrix rows."""


def rows_of(block: Block, layout: Layout) -> Rows:
    """Matrix rows of a block: one per group that is a row of its family and has a term (or
    that `keep_empty` marks); terms in the order of their kinds, columns ascending."""
    if isinstance(block, Rows):
        return block
    defined = block.marked(block.defined)
    start = {"x": layout.x0, "y": layout.y0, "s": layout.s0}
    groups, cols, coefs = [], [], []
    for on in block.terms:
        picked = np.flatnonzero(defined[on.group])
        groups.append(np.asarray(on.group)[picked])
        cols.append(start[on.kind] + picked)
        coefs.append(np.broadcast_to(np.asarray(on.coef, dtype=float), len(on.group))[picked])
    group = np.concatenate(groups) if groups else np.zeros(0, dtype=int)
    present = np.zeros(len(defined), dtype=bool)
    present[group] = True
    keep = (present | block.marked(block.keep_empty)) & defined
    local = np.cumsum(keep) - 1
    lower, upper = block.bounds()
    return Rows(block.family, block.name, block.sense,
                np.asarray(block.labels, dtype=object)[keep], lower[keep].copy(),
                upper[keep].copy(), local[group],
                np.concatenate(cols) if cols else np.zeros(0, dtype=int),
                np.concatenate(coefs) if coefs else np.zeros(0))


def _groups(group: np.ndarray) -> np.ndarray:
    """Per column, its group as read-only int32 (shared by every family grouped by it)."""
    rows = group.astype(np.int32)
    rows.flags.writeable = False
    return rows


def coverage(ctx: Context) -> list[Block]:
    """Mandatory tiers: sum_r x[i,r] = 1; optional tiers: sum_r x[i,r] <= 1."""
    kinds = np.array([t.coverage for t in ctx.scenario.tiers.values()])[ctx.customer_tier]
    x, ids = ctx.d.x, ctx.customer_ids
    mandatory = kinds == "mandatory"
    several = np.bincount(x.customer, minlength=len(ids)) > 1
    on = (On("x", x.customer, 1.0),)
    return [Grouped("coverage", "coverage_mandatory", "eq", ids, 1.0, 1.0, on,
                    defined=mandatory, keep_empty=mandatory),
            Grouped("coverage", "coverage_optional", "le", ids, -INF, 1.0, on,
                    defined=several & ~mandatory)]


def _rm_ids(ctx: Context) -> np.ndarray:
    return ctx.valued.rms[c.RM_ID].to_numpy(dtype=object)


def rm_capacity(ctx: Context) -> list[Block]:
    """sum_i hours[i] x[i,r] <= H[r]."""
    hours = ctx.valued.rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    return [Grouped("rm_capacity", "rm_capacity", "le", _rm_ids(ctx), -INF, hours,
                    (On("x", ctx.x_rm, ctx.d.x.hours),))]


def rm_book_size(ctx: Context) -> list[Block]:
    """sum_i x[i,r] <= max_book[r], for RMs with a book size."""
    book = ctx.valued.rms[c.MAX_BOOK].to_numpy(dtype=float, na_value=np.nan)
    return [Grouped("rm_book_size", "rm_book_size", "le", _rm_ids(ctx), -INF, book,
                    (On("x", ctx.x_rm, 1.0),), defined=~np.isnan(book))]


def rm_min_load(ctx: Context) -> list[Block]:
    """sum_i hours[i] x[i,r] >= minimum load[r] (its own, or a share of its hours)."""
    rms = ctx.valued.rms
    hours = rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    minimum = np.maximum(rms[c.MIN_LOAD_HOURS].to_numpy(dtype=float),
                         ctx.scenario.rules.rm_min_load_share * hours)
    return [Grouped("rm_min_load", "rm_min_load", "ge", _rm_ids(ctx), minimum, INF,
                    (On("x", ctx.x_rm, ctx.d.x.hours),), defined=minimum > 0,
                    keep_empty=minimum > 0)]


def continuity(ctx: Context) -> list[Block]:
    """Reassignments <= limit, i.e. sum of x on keepable incumbent pairs >= sum over RMs of
    k - limit, k the most of its keepable incumbents an RM could keep together
    (allocator.keepable): any other move from an incumbent RM (one who could not keep the
    customer alone, or not with the others it keeps) is forced, and not counted."""
    limit = ctx.scenario.rules.continuity.max_reassignments
    if limit is None:
        return []
    kept = ctx.d.x.keepable
    need = max(int(ctx.d.x.held.sum()) - limit, 0)
    incumbents = np.array([True, False])  # group 0: incumbent pairs; 1: the others
    return [Grouped("continuity", "continuity", "ge",
                    np.array(["incumbent RMs kept", ""], dtype=object), float(need), INF,
                    (On("x", np.where(kept, 0, 1), 1.0),), defined=incumbents,
                    keep_empty=incumbents)]


def contact(ctx: Context) -> list[Block]:
    """sum_k y[i,k] <= max_offers[tier(i)] (rows only where a customer has more offers)."""
    y, ids = ctx.d.y, ctx.customer_ids
    limit = np.array([t.max_offers for t in ctx.scenario.tiers.values()])[ctx.customer_tier]
    more = np.bincount(y.customer, minlength=len(ids)) > limit
    return [Grouped("contact", "contact", "le", ids, -INF, limit.astype(float),
                    (On("y", y.customer, 1.0),), defined=more)]


def channel_capacity(ctx: Context) -> list[Block]:
    """Per channel with a capacity, sum of its offers' y <= capacity."""
    capacity = ctx.scenario.rules.channel_capacity
    if not capacity:
        return []
    channels = list(capacity)
    code = np.array([channels.index(o.channel) if o.channel in capacity else len(channels)
                     for o in ctx.valued.offers] or [0], dtype=np.int32)[ctx.y_offer]
    limits = np.array([*(capacity[ch] for ch in channels), INF], dtype=float)
    return [Grouped("channel_capacity", "channel_capacity", "le",
                    np.array([*channels, ""], dtype=object), -INF, limits,
                    (On("y", code, 1.0),), defined=np.append(np.ones(len(channels), bool),
                                                             False))]


def rm_offer_link(ctx: Context) -> list[Block]:
    """y[i,k] <= sum_r x[i,r] for offers that need an RM (implied where coverage is mandatory
    and hard)."""
    y, x = ctx.d.y, ctx.d.x
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
    y_cols = ctx.layout.y0 + link
    return [Rows("rm_offer_link", "rm_offer_link", "le", labels, np.full(len(link), -INF),
                 np.zeros(len(link)), np.concatenate([np.arange(len(link)), row_of_x]),
                 np.concatenate([y_cols, x_cols]),
                 np.concatenate([np.ones(len(link)), -np.ones(len(x_cols))]))]


def budget(ctx: Context) -> list[Block]:
    """sum cost y + sum package cost s <= total."""
    total = ctx.scenario.budget.total
    if total is None:
        return []
    d = ctx.d
    return [Grouped("budget", "budget", "le", np.array(["total"], dtype=object), -INF,
                    float(total), (On("y", ctx.whole("y"), d.y.cost),
                                   On("s", ctx.whole("s"), d.s.cost)), keep_empty=True)]


def tier_budget(ctx: Context) -> list[Block]:
    """floor share x total <= a tier's spend (offers and its package) <= cap share x total."""
    total = ctx.scenario.budget.total
    if total is None:
        return []
    d, specs = ctx.d, list(ctx.scenario.tiers.values())
    floors = np.array([t.budget_floor_share for t in specs]) * total
    caps = np.array([t.budget_cap_share for t in specs]) * total
    tiers = np.array(ctx.valued.tiers, dtype=object)
    spend = (On("y", ctx.y_tier, d.y.cost), On("s", d.s.tier, d.s.cost))
    return [Grouped("tier_budget", "tier_budget_floor", "ge", tiers, floors, INF, spend,
                    defined=floors > 0, keep_empty=floors > 0),
            Grouped("tier_budget", "tier_budget_cap", "le", tiers, -INF, caps, spend,
                    defined=caps < total)]


def loss_cap(ctx: Context) -> list[Block]:
    """sum EL y <= loss cap."""
    cap = ctx.scenario.risk.loss_cap
    if cap is None:
        return []
    return [Grouped("loss_cap", "loss_cap", "le", np.array(["total"], dtype=object), -INF, cap,
                    (On("y", ctx.whole("y"), ctx.d.y.expected_loss),))]


def tier_loss(ctx: Context) -> list[Block]:
    """Per tier, sum EL y <= its share x loss cap."""
    cap = ctx.scenario.risk.loss_cap
    if cap is None:
        return []
    shares = np.array([t.loss_cap_share for t in ctx.scenario.tiers.values()])
    return [Grouped("tier_loss", "tier_loss", "le", np.array(ctx.valued.tiers, dtype=object),
                    -INF, shares * cap, (On("y", ctx.y_tier, ctx.d.y.expected_loss),),
                    defined=shares < 1.0)]


def capital_cap(ctx: Context) -> list[Block]:
    """sum capital y <= capital cap."""
    cap = ctx.scenario.risk.capital_cap
    if cap is None:
        return []
    return [Grouped("capital_cap", "capital_cap", "le", np.array(["total"], dtype=object),
                    -INF, cap, (On("y", ctx.whole("y"), ctx.d.y.capital),))]


def offer_quota(ctx: Context) -> list[Block]:
    """sum_i y[i,k] <= quota[k]."""
    quota = np.array([INF if o.quota is None else o.quota for o in ctx.valued.offers],
                     dtype=float)
    return [Grouped("offer_quota", "offer_quota", "le",
                    np.array(ctx.valued.offer_ids, dtype=object), -INF, quota,
                    (On("y", ctx.y_offer, 1.0),), defined=np.isfinite(quota))]


def offer_minimum(ctx: Context) -> list[Block]:
    """sum_i y[i,k] >= minimum[k] (a sales target)."""
    minimum = np.array([o.minimum for o in ctx.valued.offers], dtype=float)
    return [Grouped("offer_minimum", "offer_minimum", "ge",
                    np.array(ctx.valued.offer_ids, dtype=object), minimum, INF,
                    (On("y", ctx.y_offer, 1.0),), defined=minimum > 0,
                    keep_empty=minimum > 0)]


def package_choice(ctx: Context) -> list[Block]:
    """sum_p s[t,p] = 1 for every tier (when the scenario has packages)."""
    if not ctx.valued.package_ids:
        return []
    return [Grouped("package_choice", "package_choice", "eq",
                    np.array(ctx.valued.tiers, dtype=object), 1.0, 1.0,
                    (On("s", ctx.d.s.tier, 1.0),), keep_empty=True)]
