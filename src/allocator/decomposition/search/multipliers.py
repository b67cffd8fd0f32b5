"""Lagrangian decomposition for large books: the search for the multipliers.

Price every coupling row with a multiplier lambda >= 0. What remains splits by customer and is
solved exactly for all customers at once (subproblems.py), so

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

from allocator.decomposition.coupling import Coupling, Terms, implied_rows, limits_value
from allocator.decomposition.search.bundle import Bundle, Cut
from allocator.decomposition.subproblems import BLOCK_RANGE, Choice, Customers
from allocator.decomposition.through_rm import ThroughRm
from allocator.problem import Decisions

START_BOX = 0.05
"""The first box, in natural steps, of a search from given multipliers: they are near."""
Progress = Callable[[int, float, float | None], None]


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
    """Customers in that sample (default: a fifth of the book, 20,000 to 200,000, if it has
    component-local rows; else a tenth, 20,000 to 100,000: solve.sample_size)."""
    seed: int = 0
    """Seed of the local search's random kicks and of the perturbed prices."""
    perturbations: int = 30
    """Repairs from perturbed prices once the bound has settled (while a gap remains)."""
    neighbourhoods: int = 200
    """Restricted MIPs on the final plan's neighbourhoods at most (repair/neighbourhood.py): a
    count, so a solve that ends on it gives the same plan on any machine."""
    blocks: tuple[int, int] = BLOCK_RANGE
    """The range of the number of customer blocks in the bundle's model."""
    along: tuple[int, int] | None = None
    """A row (family, row) whose multiplier the search from `start` moves first to where the
    bound is lowest among the package breaks nearest to it (search/along.py): the lever of a
    re-run at a moved limit that prices the packages (decomposition/steps.py)."""
    plan: np.ndarray | None = None
    """A plan to start from as the best so far (its values over the decisions), where it keeps
    every row: the run's own plan for a re-run at a moved limit (decomposition/steps.py)."""
    rms: np.ndarray | None = None
    """RMs every repair starts from (a mask over the x columns) where the book would have the
    assignment LP (repair/assignment.py): the run's own for a re-run at a moved limit, which
    keep its rows or need only a local repair, where that LP's first solve costs more than the
    re-run's search (3.3 s at 60,000 customers under a load average of 13, the repairs from
    the run's RMs 0.5 s each, their plans as good: decomposition/steps.py)."""
    ended: Callable[[], bool] | None = None
    """Asked with the clock: True stops the search as its time limit would (clock.Deadline)."""
    last_mip: bool = True
    """A polished plan still above the gap target ends the solve with a MIP over every
    customer-RM pair for the time left (decomposed.polished). Off for the solves inside a
    solve (a sample's, a package combination's, a re-run at a moved limit), whose time is a
    share of the run's, and where the exact MIP follows for the time left."""


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
        if not self.scale:  # no rows: np.split would still give one (empty) part
            return []
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
        if family.through_rm is not None:
            block_of, row, used = _through_rm_usage(family.through_rm, choice, y_block, r)
            found_blocks.append(block_of)
            found_rows.append(row + offset)
            found_use.append(used)
            offset += r
            continue
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


def _through_rm_usage(terms: ThroughRm, choice: Choice, y_block: np.ndarray, rows: int
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """block_usage of rows through the customer's RM (RM hours per month): (block, row,
    usage) of each block's use of a row, kept sparse (RMs times months of rows)."""
    entries, at = terms.picked(choice.x, choice.y)
    keys, inverse = np.unique(y_block[terms.cols[entries]].astype(np.int64) * rows + at,
                              return_inverse=True)
    block_of, row = np.divmod(keys, rows)
    return block_of, row, np.bincount(inverse, terms.coefs[entries], len(keys))


def new_search(families: list[Coupling], soft: dict[str, float], d: Decisions,
               cs: Customers) -> Search:
    prices = [typical_price(f, d) for f in families]
    return search_over(families, soft, prices, cs.n_blocks + 1, cs.block[d.x.customer],
                       cs.block[d.y.customer])


def search_over(families: list[Coupling], soft: dict[str, float], prices: list[np.ndarray],
                blocks: int, x_block: np.ndarray, y_block: np.ndarray,
                fewest: np.ndarray | None = None) -> Search:
    """A search over these rows from zero multipliers, each row's step scaled by its typical
    price, with `blocks` blocks in the bundle's model; the rows others imply held at zero
    (coupling.implied_rows, `fewest` its customers' fewest hours per RM where the rows' terms
    do not hold them)."""
    scale = [np.maximum(1.0, np.abs(f.limits)) for f in families]
    caps = [np.full(len(f.limits), soft.get(f.family, np.inf)) * s
            for f, s in zip(families, scale, strict=True)]
    widths = [p * s for p, s in zip(prices, scale, strict=True)]
    linear = [f.sign * f.limits / s for f, s in zip(families, scale, strict=True)]
    upper = np.concatenate(caps) if caps else np.zeros(0)
    implied = implied_rows(families, soft, fewest)
    upper[np.concatenate(implied or [np.zeros(0, dtype=bool)])] = 0.0
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
    if family.through_rm is not None:
        through, r = family.through_rm, len(family.limits)
        value += through.value_per_row(np.abs(d.y.value[through.cols]), r)
        use += through.extremes(r)[0]
    return value, use


def price_of(value: np.ndarray, use: np.ndarray) -> np.ndarray:
    return np.maximum(np.divide(value, use, out=np.zeros_like(value), where=use > 0), 1e-6)
