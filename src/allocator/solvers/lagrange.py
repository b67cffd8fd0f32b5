"""Lagrangian decomposition for large books.

Price every coupling row with a multiplier lambda >= 0. What remains splits by customer: each
chooses its best RM or none (must choose one in a mandatory tier), and its best offers up to
its contact limit, RM-channel offers only with an RM; each tier chooses its best package. That
is solved exactly for all customers at once with numpy, so

    L(lambda) = max over those choices of (c - lambda A) z + lambda b

is a certified upper bound on the plan's value for every lambda. The multipliers follow a
disaggregated bundle method (bundle.py): each block of customers (neighbours by region) and
the packages contribute their own cut, until the bound stalls; every few iterations a repair
turns the priced choice into a plan that keeps every constraint.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.problem import Decisions
from allocator.scenario.schema import Scenario
from allocator.solvers.bundle import Bundle, Cut
from allocator.solvers.coupling import (
    Coupling,
    Pricing,
    Terms,
    implied_rows,
    limits_value,
    pricing,
)
from allocator.valuation import OfferPairs, ValuedBook

NONE, OPTIONAL, MANDATORY = 0, 1, 2
BLOCKS_PER_REGION = 2
CHUNK_CUSTOMERS = 250_000
BLOCK_RANGE = (128, 512)
"""Customers are grouped into two blocks per region (neighbours by region), within this range,
for the bundle's disaggregated model; a small book has one block per customer. More blocks
need fewer evaluations but make each model LP larger."""
START_BOX = 0.05
"""The first box, in natural steps, of a search from given multipliers: they are near."""
Progress = Callable[[int, float, float | None], None]


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


def solve_subproblems(d: Decisions, cs: Customers, lam: list[np.ndarray]) -> Choice:
    """The exact optimum of every customer's and tier's priced choice."""
    flat = np.concatenate(lam) if lam else np.zeros(0)
    x_pricing, y_pricing, s_pricing = cs.pricing
    n = len(cs.kind)  # each priced column set is dropped once used (5M customers: 0.1 GB)
    best_rm, rm_pair = _best_rm(x_pricing.priced(d.x.value, flat), d.x.customer, cs, n)
    with_rm, offers_with, without, offers_without = offer_choices(
        y_pricing.priced(d.y.value, flat), d.y, cs)
    ps = s_pricing.priced(d.s.value, flat)
    cover_value = best_rm + with_rm
    bare_value = np.where(cs.kind == MANDATORY, -np.inf, without)
    cover = cover_value > bare_value
    x = np.zeros(len(d.x.value), dtype=bool)
    x[rm_pair[cover]] = True
    y = np.where(cover[d.y.customer], offers_with, offers_without)
    s, s_value = _best_packages(ps, d.s.tier, cs.n_tiers)
    each = np.where(cover, cover_value, bare_value)
    by_block = np.append(np.bincount(cs.block, each, cs.n_blocks), s_value)
    gain = np.where(np.isfinite(cover_value), cover_value - np.where(
        np.isfinite(without), without, 0.0), -np.inf)
    return Choice(x, y, s, float(by_block.sum()), gain, by_block, flat, ps)


def priced_offers(d: Decisions, cs: Customers, choice: Choice) -> np.ndarray:
    """The offers' priced values the choice was made with."""
    return cs.pricing[1].priced(d.y.value, choice.prices)


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


def offer_choices(py: np.ndarray, y: OfferPairs, cs: Customers
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Best offers with an RM and without one (they differ only where RM-channel offers are
    open to the customer): each customer's value and the mask of the y columns chosen."""
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
    n = len(index)
    value, rows, chosen = np.zeros(n), np.arange(n), []
    for rank in range(int(max_offers.max(initial=0))):
        best = grid.argmax(axis=1)
        top = grid[rows, best]
        take = np.flatnonzero((top > 0) & (max_offers > rank))
        if len(take) == 0:
            break
        value[take] += top[take]
        chosen.append(index[take, best[take]])
        grid[take, best[take]] = -np.inf
    return value, np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int64)


def _best_packages(ps: np.ndarray, tier: np.ndarray, n_tiers: int) -> tuple[np.ndarray, float]:
    chosen = np.zeros(len(ps), dtype=bool)
    total = 0.0
    for t in range(n_tiers):
        options = np.flatnonzero(tier == t)
        if len(options):
            best = options[np.argmax(ps[options])]
            chosen[best] = True
            total += float(ps[best])
    return chosen, total


@dataclass(frozen=True)
class Settings:
    time_limit: float = 60.0
    gap: float = 1e-4
    max_iterations: int = 400
    repair_every: int = 5
    stall_iterations: int = 40
    warm_start_above: int = 60_000
    """Books with more customers start from the prices of a stratified sample."""
    branch_packages: bool = True
    """Branch on package combinations when a gap remains (see packages.py)."""
    start: tuple[np.ndarray, ...] | None = None
    """Multipliers to start from (e.g. a neighbouring sweep point's), per coupling family."""
    sample_size: int | None = None
    """Customers in that sample (default: a tenth of the book, 20,000 to 100,000)."""
    seed: int = 0
    """Seed of the local search's random kicks and of the perturbed prices."""
    perturbations: int = 30
    """Repairs from perturbed prices once the bound has settled (while a gap remains)."""
    blocks: tuple[int, int] = BLOCK_RANGE
    """The range of the number of customer blocks in the bundle's model."""


@dataclass
class Search:
    """The multipliers (scaled by each row's limit, as one vector) and the best bound so far."""

    families: list[Coupling]
    scale: list[np.ndarray]
    bundle: Bundle
    mu: np.ndarray
    x_block: np.ndarray
    y_block: np.ndarray
    bound: float = np.inf
    best_lam: list[np.ndarray] | None = None
    since_better: int = 0
    floor: float = -np.inf
    """A value no plan can fall below (coupling.lowest_value)."""

    def lam(self, mu: np.ndarray | None = None) -> list[np.ndarray]:
        flat = self.mu if mu is None else mu
        parts = np.split(flat, np.cumsum([len(s) for s in self.scale])[:-1])
        return [m / s for m, s in zip(parts, self.scale, strict=True)]

    def start_from(self, multipliers: list[np.ndarray] | tuple[np.ndarray, ...]) -> None:
        """Search from these multipliers (a sample's, a neighbouring point's) in a narrow
        first box; those the bundle keeps at zero stay there."""
        scaled = [m * s for m, s in zip(multipliers, self.scale, strict=True)]
        self.mu = np.minimum(np.concatenate(scaled or [np.zeros(0)]), self.bundle.upper)
        self.bundle.box = START_BOX

    def dual_value(self, choice: Choice) -> float:
        return self.dual_of(choice.value)

    def dual_of(self, value: float) -> float:
        """L at the current multipliers, from the priced choice's value."""
        return value + limits_value(self.families, self.lam())

    def cut(self, choice: Choice) -> Cut:
        """Each block's value and its slope dV_b/dmu: minus its usage of every row, signed by
        sense, over the row's scale (the limits' part of the slope is the linear term)."""
        blocks, rows, use = block_usage(self.families, choice, self.x_block, self.y_block,
                                        self.bundle.blocks)
        return Cut(choice.by_block, blocks, rows, self.slopes(rows, use))

    def slopes(self, rows: np.ndarray, use: np.ndarray) -> np.ndarray:
        """The cut's slopes of (stacked) rows used this much: minus the usage, signed by
        sense, over the row's scale."""
        sign = np.concatenate([np.full(len(f.limits), f.sign) for f in self.families] or
                              [np.zeros(0)])
        scale = np.concatenate(self.scale or [np.zeros(0)])
        return -sign[rows] * use / scale[rows]

    def improves(self, dual: float) -> bool:
        """Whether this dual value is a new best bound."""
        return dual < self.bound - 1e-9 * max(1.0, abs(dual))

    def update(self, dual: float, cut: Callable[[], Cut]) -> None:
        """Record the evaluation (its dual value; its cut, asked for only if the bundle needs
        one) and move to the bundle's next point."""
        if self.improves(dual):
            self.bound, self.best_lam, self.since_better = dual, self.lam(), 0
        else:
            self.since_better += 1
        if self.bundle.box <= 0 or self.mu.size == 0:
            return
        self.bundle.add(self.mu, dual, cut())
        self.mu = self.bundle.next_point()

    @property
    def disproved(self) -> bool:
        """Whether the bound fell below the floor: then no plan keeps every hard row."""
        return self.bound < self.floor - 1e-9 * max(1.0, abs(self.floor))

    def converged(self, tolerance: float) -> bool:
        return self.bundle.predicted <= tolerance * max(1.0, abs(self.bound))


def disproof(bound: float, floor: float) -> str:
    """What a disproved search says: its bound fell below any plan's value."""
    return (f"the bound {bound:,.0f} fell below {floor:,.0f}, the lowest value any plan can "
            "have: no plan keeps every constraint")


class _Picked:
    """The chosen columns of one kind and their blocks, found once per cut: terms over every
    column (the total budget, loss and capital caps; quotas when every offer has one) take
    them as they are; the others pick their own entries."""

    def __init__(self, chosen: np.ndarray, block: np.ndarray | None, blocks: int) -> None:
        self.chosen, self.cols = chosen, np.flatnonzero(chosen)
        self.block = (np.full(len(self.cols), blocks - 1) if block is None
                      else block[self.cols])
        self.column_block, self.blocks = block, blocks

    def entries(self, terms: Terms) -> tuple[np.ndarray, np.ndarray]:
        """The block of each chosen entry of the terms, and those entries."""
        if terms.over_every(len(self.chosen)):
            return self.block, self.cols
        entries = np.flatnonzero(self.chosen[terms.cols])
        if self.column_block is None:
            return np.full(len(entries), self.blocks - 1), entries
        return self.column_block[terms.cols[entries]], entries


def block_usage(families: list[Coupling], choice: Choice, x_block: np.ndarray,
                y_block: np.ndarray, blocks: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """How much each block of the choice (the packages are the last) uses of every row:
    (block, row of the stacked families, usage), one entry per nonzero, family by family."""
    found_blocks, found_rows, found_use, offset = [], [], [], 0
    kinds = [_Picked(choice.x, x_block, blocks), _Picked(choice.y, y_block, blocks),
             _Picked(choice.s, None, blocks)]
    for family in families:
        r = len(family.limits)
        use = np.zeros(blocks * r)
        for terms, kind in zip((family.on_x, family.on_y, family.on_s), kinds, strict=True):
            if terms is not None:
                where, entries = kind.entries(terms)
                use += np.bincount(where * r + terms.rows[entries], terms.coefs[entries],
                                   blocks * r)
        block_of, row = np.divmod(np.flatnonzero(use), r)
        found_blocks.append(block_of)
        found_rows.append(row + offset)
        found_use.append(use[block_of * r + row])
        offset += r
    empty = np.zeros(0, dtype=np.int64)
    return (np.concatenate(found_blocks or [empty]), np.concatenate(found_rows or [empty]),
            np.concatenate(found_use or [np.zeros(0)]))


def new_search(families: list[Coupling], soft: dict[str, float], d: Decisions,
               cs: Customers) -> Search:
    prices = [typical_price(f, d) for f in families]
    return search_over(families, soft, prices, cs.n_blocks + 1, cs.block[d.x.customer],
                       cs.block[d.y.customer])


def search_over(families: list[Coupling], soft: dict[str, float], prices: list[np.ndarray],
                blocks: int, x_block: np.ndarray, y_block: np.ndarray) -> Search:
    """A search over these rows from zero multipliers, each row's step scaled by its typical
    price, with `blocks` blocks in the bundle's model."""
    scale = [np.maximum(1.0, np.abs(f.limits)) for f in families]
    caps = [np.full(len(f.limits), soft.get(f.family, np.inf)) * s
            for f, s in zip(families, scale, strict=True)]
    widths = [p * s for p, s in zip(prices, scale, strict=True)]
    linear = [f.sign * f.limits / s for f, s in zip(families, scale, strict=True)]
    upper = np.concatenate(caps) if caps else np.zeros(0)
    upper[np.concatenate(implied_rows(families, soft) or [np.zeros(0, dtype=bool)])] = 0.0
    width = np.concatenate(widths) if widths else np.zeros(0)
    bundle = Bundle(len(upper), blocks, upper, width,
                    np.concatenate(linear) if linear else np.zeros(0))
    return Search(families, scale, bundle, np.zeros(len(upper)), x_block, y_block)


def typical_price(family: Coupling, d: Decisions) -> np.ndarray:
    """Per row: the value of its columns per unit of the row's resource, a natural scale for
    its multiplier."""
    value, use = price_terms(family, d)
    return price_of(value, use)


def price_terms(family: Coupling, d: Decisions) -> tuple[np.ndarray, np.ndarray]:
    """Per row: the value of its columns and their use of it (both absolute), which add up
    over parts of a book."""
    value, use = np.zeros(len(family.limits)), np.zeros(len(family.limits))
    for terms, values in ((family.on_x, d.x.value), (family.on_y, d.y.value),
                          (family.on_s, d.s.value)):
        if terms is not None:
            value += np.bincount(terms.rows, np.abs(values[terms.cols]), len(family.limits))
            use += np.bincount(terms.rows, np.abs(terms.coefs), len(family.limits))
    return value, use


def price_of(value: np.ndarray, use: np.ndarray) -> np.ndarray:
    return np.maximum(np.divide(value, use, out=np.zeros_like(value), where=use > 0), 1e-6)
