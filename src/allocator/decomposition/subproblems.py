"""The priced subproblems: with every coupling row priced, each customer chooses its best RM or
none (must choose one in a mandatory tier) and its best offers up to its contact limit (under a
campaign calendar, its best schedule: schedules.py), RM-channel offers only with an RM; each
tier chooses its best package. Solved exactly for all
customers at once with numpy (search/multipliers.py searches the prices).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.decomposition.coupling import Coupling, Pricing, pricing
from allocator.decomposition.rm_months import RmMonths, charged, rm_months_of
from allocator.decomposition.schedules import Schedules, best_schedules, schedules_of
from allocator.problem import Decisions
from allocator.scenario.schema import Scenario
from allocator.valuation import OfferPairs, ValuedBook

NONE, OPTIONAL, MANDATORY = 0, 1, 2
BLOCKS_PER_REGION = 2
CHUNK_CUSTOMERS = 250_000
BLOCK_RANGE = (128, 512)
"""Customers are grouped into two blocks per region (neighbours by region), within this range,
for the bundle's disaggregated model; a small book has one block per customer. More blocks
need fewer evaluations but make each model LP larger."""


@dataclass(frozen=True)
class Customers:
    """The static per-customer structure of the subproblems."""

    kind: np.ndarray
    max_offers: np.ndarray
    x_starts: np.ndarray
    x_owner: np.ndarray
    offer_index: np.ndarray
    """customers x offers: the y column of each pair, -1 where none (int32 when it fits)."""
    needs_rm: np.ndarray
    rm_offer_open: np.ndarray
    """Per customer: whether an RM-channel offer is open to them."""
    n_tiers: int
    block: np.ndarray
    """Per customer: its block in the bundle's model (the packages are block n_blocks)."""
    n_blocks: int
    pricing: tuple[Pricing, Pricing, Pricing]
    """How the multipliers price the x, y and s columns."""
    schedules: Schedules | None = None
    """Under a campaign calendar, each customer's own rows and schedules."""
    rm_months: RmMonths | None = None
    """Under a calendar with RM hours per month, what the repair needs to hold them."""
    rm_month_family: int = -1
    """The index of their family among the coupling families (-1: none)."""


@dataclass(frozen=True)
class Choice:
    """The priced subproblems' solution: 0/1 masks over the x, y, s columns."""

    x: np.ndarray
    y: np.ndarray
    s: np.ndarray
    value: float
    gain: np.ndarray
    """Per customer: how much more the best choice with an RM is worth than without."""
    by_block: np.ndarray
    """The value per block of customers, then the packages'."""
    prices: np.ndarray
    """The multipliers it was priced at, stacked: the repair prices the offers again
    (priced_offers) rather than every choice holding a large book's priced offers."""
    priced_s: np.ndarray


def customer_structure(valued: ValuedBook, scenario: Scenario, d: Decisions,
                       families: list[Coupling], block_range: tuple[int, int] = BLOCK_RANGE
                       ) -> Customers:
    specs = list(scenario.tiers.values())
    tier = valued.customers[c.TIER].cat.codes.to_numpy()
    kinds = {"none": NONE, "optional": OPTIONAL, "mandatory": MANDATORY}
    n, k = len(tier), len(valued.offer_ids)
    starts = np.flatnonzero(np.r_[True, np.diff(d.x.customer) != 0]) if len(d.x.customer) else (
        np.zeros(0, dtype=int))
    small = len(d.y.offer) < np.iinfo(np.int32).max  # half the memory on a large book
    index = np.full((n, max(k, 1)), -1, dtype=np.int32 if small else np.int64)
    index[d.y.customer, d.y.offer] = np.arange(len(d.y.offer))
    block, blocks = customer_blocks(valued, block_range)
    needs_rm = np.array([o.requires_rm for o in valued.offers] or [False])
    return Customers(
        kind=np.array([kinds[s.coverage] for s in specs])[tier],
        max_offers=np.array([s.max_offers for s in specs])[tier],
        x_starts=starts, x_owner=d.x.customer[starts], offer_index=index,
        needs_rm=needs_rm, rm_offer_open=np.any(index[:, needs_rm] >= 0, axis=1),
        n_tiers=len(specs), block=block, n_blocks=blocks,
        pricing=(pricing(families, "x", len(d.x.value)), pricing(families, "y", len(d.y.value)),
                 pricing(families, "s", len(d.s.value))),
        schedules=schedules_of(valued, scenario, d),
        rm_months=rm_months_of(valued, scenario, d),
        rm_month_family=next((k for k, f in enumerate(families) if f.through_rm is not None),
                             -1),
    )


def customer_blocks(valued: ValuedBook, block_range: tuple[int, int] = BLOCK_RANGE
                    ) -> tuple[np.ndarray, int]:
    """Customers in region order, cut into blocks of equal size: an RM's customers share few
    blocks, so each block's cut prices few RMs."""
    n = len(valued.customers)
    region = pd.Categorical(valued.customers[c.REGION].astype(str)).codes
    wanted = np.clip(BLOCKS_PER_REGION * (int(region.max(initial=0)) + 1), *block_range)
    blocks = max(min(n, int(wanted)), 1)
    position = np.empty(n, dtype=np.int64)
    position[np.lexsort((np.arange(n), region))] = np.arange(n)
    return (position * blocks // max(n, 1)).astype(np.int32), blocks


OfferChoices = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]
"""offer_choices': each customer's best offers' value with an RM, the mask of their y columns,
and the same without an RM."""


@dataclass(frozen=True)
class OffersChosen:
    """The offers' priced values, and the choices made at them."""

    priced: np.ndarray
    choices: OfferChoices


def chosen_offers(d: Decisions, cs: Customers, lam: list[np.ndarray]) -> OffersChosen:
    """Each customer's best offers at these multipliers (offer_choices)."""
    py = cs.pricing[1].priced(d.y.value, np.concatenate(lam) if lam else np.zeros(0))
    return OffersChosen(py, offer_choices(py, d.y, cs))


def solve_subproblems(d: Decisions, cs: Customers, lam: list[np.ndarray],
                      known: OffersChosen | None = None) -> Choice:
    """The exact optimum of every customer's and tier's priced choice; the `known` offer
    choices taken where made at the same priced offers (a search whose multipliers differ
    only on rows that do not price an offer: the RMs' hours)."""
    flat = np.concatenate(lam) if lam else np.zeros(0)
    x_pricing, y_pricing, s_pricing = cs.pricing
    # each priced column set is dropped once used (5M customers: 0.1 GB)
    py = y_pricing.priced(d.y.value, flat)
    same = known is not None and np.array_equal(known.priced, py)
    with_rm, offers_with, without, offers_without = (
        known.choices if known is not None and same else offer_choices(py, d.y, cs))
    px = x_pricing.priced(d.x.value, flat)
    cover_value, rm_pair, offers_with = _covered(d, cs, (px, py), lam, (with_rm, offers_with))
    del px
    del py
    ps = s_pricing.priced(d.s.value, flat)
    bare_value = np.where(cs.kind == MANDATORY, -np.inf, without)
    cover = cover_value > bare_value
    x = np.zeros(len(d.x.value), dtype=bool)
    x[rm_pair[cover]] = True
    y = np.where(cover[d.y.customer], offers_with, offers_without)
    s, s_value = best_packages(ps, d.s.tier, cs.n_tiers)
    each = np.where(cover, cover_value, bare_value)
    by_block = np.append(np.bincount(cs.block, each, cs.n_blocks), s_value)
    gain = np.where(np.isfinite(cover_value), cover_value - np.where(
        np.isfinite(without), without, 0.0), -np.inf)
    return Choice(x, y, s, float(by_block.sum()), gain, by_block, flat, ps)


def priced_offers(d: Decisions, cs: Customers, choice: Choice) -> np.ndarray:
    """The offers' priced values the choice was made with."""
    return cs.pricing[1].priced(d.y.value, choice.prices)


def priced_pairs(d: Decisions, cs: Customers, choice: Choice) -> np.ndarray:
    """The customer-RM pairs' priced values the choice was made with."""
    return cs.pricing[0].priced(d.x.value, choice.prices)


def _covered(d: Decisions, cs: Customers, priced: tuple[np.ndarray, np.ndarray],
             lam: list[np.ndarray], offers: tuple[np.ndarray, np.ndarray]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per customer, the value of its best RM with its best offers with an RM, and that RM's
    x column; and the offers chosen with an RM. `offers`: each customer's best offers with
    an RM, their value and the mask of the y columns; under priced RM hours per month, a
    customer's are those of the schedule its RM leaves best (rm_months.charged)."""
    px = priced[0]
    with_rm, offers_with = offers
    n = len(cs.kind)
    found = None
    if cs.rm_months is not None and cs.schedules is not None and cs.rm_month_family >= 0:
        found = charged(cs.rm_months, cs.schedules, priced, lam[cs.rm_month_family],
                        (with_rm, cs.max_offers))
    if found is None:
        best_rm, rm_pair = _best_rm(px, d.x.customer, cs, n)
        return best_rm + with_rm, rm_pair, offers_with
    best, rm_pair = _best_rm(found.value, d.x.customer, cs, n)
    is_charged = np.zeros(len(px), dtype=bool)
    is_charged[found.pairs] = True
    won = np.flatnonzero(np.isfinite(best) & is_charged[rm_pair])
    redone = np.zeros(n, dtype=bool)
    redone[won] = True
    chosen = offers_with & ~redone[d.y.customer]
    kept = np.zeros(len(found.pairs), dtype=bool)
    kept[np.searchsorted(found.pairs, rm_pair[won])] = True
    chosen[found.cols[kept[found.owner]]] = True
    return best, rm_pair, chosen


def _best_rm(px: np.ndarray, owner: np.ndarray, cs: Customers, n: int
             ) -> tuple[np.ndarray, np.ndarray]:
    best = np.full(n, -np.inf)
    pair = np.zeros(n, dtype=np.int64)
    if len(px) == 0:
        return best, pair
    best[cs.x_owner] = np.maximum.reduceat(px, cs.x_starts)
    ties = np.flatnonzero(px == best[owner])
    _, first = np.unique(owner[ties], return_index=True)
    pair[owner[ties[first]]] = ties[first]
    return best, pair


def offer_choices(py: np.ndarray, y: OfferPairs, cs: Customers) -> OfferChoices:
    """Best offers with an RM and without one (they differ only where RM-channel offers are
    open to the customer): each customer's value and the mask of the y columns chosen."""
    if cs.schedules is not None:
        return _schedule_choices(py, y, cs, cs.schedules)
    with_rm, cols = top_offers(py, cs.offer_index, cs.max_offers)
    offers_with = np.zeros(len(py), dtype=bool)
    offers_with[cols] = True
    if not cs.needs_rm.any():
        return with_rm, offers_with, with_rm, offers_with
    affected = cs.rm_offer_open
    customers = np.flatnonzero(affected)
    value, cols = top_offers(py, cs.offer_index, cs.max_offers, cs.needs_rm, customers)
    without = with_rm.copy()
    without[customers] = value
    offers_without = offers_with & ~affected[y.customer]
    offers_without[cols] = True
    return with_rm, offers_with, without, offers_without


def _schedule_choices(py: np.ndarray, y: OfferPairs, cs: Customers, schedules: Schedules
                      ) -> OfferChoices:
    """offer_choices under a campaign calendar: each customer's best schedule."""
    with_rm, cols = best_schedules(schedules, py, cs.max_offers)
    offers_with = np.zeros(len(py), dtype=bool)
    offers_with[cols] = True
    if not cs.needs_rm.any():
        return with_rm, offers_with, with_rm, offers_with
    customers = np.flatnonzero(cs.rm_offer_open)
    value, cols = best_schedules(schedules, py, cs.max_offers, cs.needs_rm[y.offer], customers)
    without = with_rm.copy()
    without[customers] = value
    offers_without = offers_with & ~cs.rm_offer_open[y.customer]
    offers_without[cols] = True
    return with_rm, offers_with, without, offers_without


def top_offers(py: np.ndarray, index: np.ndarray, max_offers: np.ndarray,
               blocked: np.ndarray | None = None, customers: np.ndarray | None = None
               ) -> tuple[np.ndarray, np.ndarray]:
    """Per customer (a row of `index`, its y column per offer or -1; only the rows of
    `customers` if given), the value of the best priced offers up to the contact limit
    (positive ones only, none of the `blocked` offers), and the y columns chosen. In chunks
    of CHUNK_CUSTOMERS: a large book's whole grid of priced offers would be a transient
    gigabyte."""
    n = len(index) if customers is None else len(customers)
    value, chosen = np.zeros(n), []
    for start in range(0, n, CHUNK_CUSTOMERS):
        part = slice(start, min(start + CHUNK_CUSTOMERS, n))
        rows = part if customers is None else customers[part]
        value[part], cols = _top_offers_of(py, index[rows], max_offers[rows], blocked)
        chosen.append(cols)
    return value, np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)


def _top_offers_of(py: np.ndarray, index: np.ndarray, max_offers: np.ndarray,
                   blocked: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """top_offers for one chunk of customers: one argmax pass per allowed offer."""
    # -inf in place of no pair (-1); not by appending it to py: that copy of a large book's
    # priced offers would be held beside the grid
    grid = py[index] if len(py) else np.zeros(index.shape)
    grid[index < 0] = -np.inf
    if blocked is not None:
        grid[:, blocked] = -np.inf
    value, (rows, cells) = best_cells(grid, max_offers)
    return value, index[rows, cells]


def best_cells(grid: np.ndarray, max_offers: np.ndarray
               ) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Per row of a grid of priced offers (-inf where none), the value of its best positive
    cells up to its contact limit, the first of equals first, and the cells taken (their
    rows, their columns): one argmax pass per allowed offer. The grid is spent."""
    n = len(grid)
    value, rows, taken, at = np.zeros(n), np.arange(n), [], []
    for rank in range(int(max_offers.max(initial=0))):
        best = grid.argmax(axis=1)
        top = grid[rows, best]
        take = np.flatnonzero((top > 0) & (max_offers > rank))
        if len(take) == 0:
            break
        value[take] += top[take]
        taken.append(take)
        at.append(best[take])
        grid[take, best[take]] = -np.inf
    if not taken:
        return value, (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    return value, (np.concatenate(taken), np.concatenate(at))


def best_packages(ps: np.ndarray, tier: np.ndarray, n_tiers: int) -> tuple[np.ndarray, float]:
    """Each tier's best package at these priced values (the first of equals): the mask of
    the package columns chosen, and their value."""
    chosen = np.zeros(len(ps), dtype=bool)
    total = 0.0
    for t in range(n_tiers):
        options = np.flatnonzero(tier == t)
        if len(options):
            best = options[np.argmax(ps[options])]
            chosen[best] = True
            total += float(ps[best])
    return chosen, total
