"""A book in parts (the files of a partitioned table): what each part computes alone.

A part holds its customers' columns (x, y) and its terms of every coupling row; the rows are
the whole book's (RMs, offers, tiers, channels), so parts line up row by row. The packages
(one choice per tier) are one more part, with no customers. Every function here is pure, so
a part gives the same answer on this machine or on a cluster's worker; what comes back is
small: block values, row usage, plan values.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from allocator.decomposition.coupling import Coupling, fewest_hours, worst_value
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.repair.offers import downgrade_packages
from allocator.decomposition.repair.restore import Repaired, repair
from allocator.decomposition.search.multipliers import block_usage, price_terms
from allocator.decomposition.subproblems import (
    BLOCK_RANGE,
    Customers,
    customer_structure,
    solve_subproblems,
)
from allocator.errors import UserError
from allocator.families import BY_NAME
from allocator.problem import Decisions, decisions_of
from allocator.scenario.schema import Scenario
from allocator.valuation import PackageOptions, ValuedBook

MARGIN = 1e-12
"""Shares of other limits are this much (relatively) inside them, so rounding in the sum of
the shares never crosses the whole book's limit."""


@dataclass(frozen=True)
class Part:
    d: Decisions
    cs: Customers
    families: list[Coupling]
    own: tuple[int, int]
    """The blocks of its choice that are its own: its customers', or (the packages' part)
    the packages'."""
    x_block: np.ndarray
    y_block: np.ndarray
    whole: np.ndarray | None = None
    """The pairs its component LPs take whole at the starting prices (a mask over its x
    columns; local_prices.py), where its first repair takes its RMs from."""


@dataclass(frozen=True)
class Piece:
    """A part's answer to multipliers: its blocks' values and their usage of every row."""

    values: np.ndarray
    blocks: np.ndarray
    rows: np.ndarray
    use: np.ndarray


@dataclass(frozen=True)
class Totals:
    """What a part tells once: per stacked row, the absolute value and use of its columns;
    how many moves from incumbent RMs the continuity limit may count (the sum of k,
    allocator.keepable.held) and customers it has; how many blocks it brings."""

    value: np.ndarray
    use: np.ndarray
    incumbents: int
    blocks: int
    customers: int
    worst: float
    """The least its columns can be worth (coupling.worst_value)."""
    fewest: np.ndarray | None = None
    """Per RM hours row, the fewest hours of any of its customers (coupling.fewest_hours)."""


def customer_part(valued: ValuedBook, scenario: Scenario,
                  block_range: tuple[int, int] = BLOCK_RANGE) -> Part:
    """The part of these customers (their valued book, its packages ignored)."""
    d = replace(decisions_of(valued), s=_empty(valued.packages))
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families, block_range)
    return _part(d, cs, families, (0, cs.n_blocks))


def skeleton(valued: ValuedBook) -> ValuedBook:
    """A valued book's RMs, offers and tiers, without its customers."""
    return replace(valued, customers=valued.customers.iloc[:0],
                   coverage=_empty(valued.coverage), offer_pairs=_empty(valued.offer_pairs))


def package_part(valued: ValuedBook, scenario: Scenario, packages: PackageOptions) -> Part:
    """The packages' part: no customers, the whole book's package options (from its tiers'
    totals); `valued` is any part's (or its skeleton), for the RMs, offers and tiers."""
    empty = replace(skeleton(valued), packages=packages)
    d = decisions_of(empty)
    families = couplings(empty, scenario, d)
    cs = customer_structure(empty, scenario, d, families)
    return _part(d, cs, families, (cs.n_blocks, cs.n_blocks + 1))


def _part(d: Decisions, cs: Customers, families: list[Coupling], own: tuple[int, int]) -> Part:
    return Part(d, cs, families, own, cs.block[d.x.customer], cs.block[d.y.customer])


def _empty(pairs: Any) -> Any:
    """The same kind of column arrays, with no entries."""
    return type(pairs)(**{f.name: getattr(pairs, f.name)[:0] for f in fields(pairs)})


def one_part_per_rm(families: list[Coupling], reach: np.ndarray) -> None:
    """Refuse RM hours per month (rows through the customer's RM) whose RM's customers are
    in several parts (`reach`: per part, the most of each stacked row its customers could
    use): each part's repair holds only its own customers' RM contacts, so an RM-month must
    be one part's alone. RMs are per region: a book split by region has each RM in one."""
    offset = 0
    for family in families:
        rows = slice(offset, offset + len(family.limits))
        offset = rows.stop
        if family.through_rm is None:
            continue
        parts = (reach[:, rows] > 0).sum(axis=0)
        shared = np.flatnonzero(parts > 1)
        if len(shared):
            from allocator.report.language import Words  # the catalogue imports the search

            row = shared[0]
            raise UserError(*(Words(language)(
                "decomposition_rm_month_hours", month=str(family.labels[row]),
                parts=int(parts[row])) for language in ("en", "zh")))


def totals(part: Part) -> Totals:
    terms = [price_terms(f, part.d) for f in part.families]
    stacked = [np.concatenate([t[i] for t in terms] or [np.zeros(0)]) for i in (0, 1)]
    return Totals(stacked[0], stacked[1], int(part.d.x.held.sum()),
                  part.own[1] - part.own[0], len(part.cs.kind), worst_value(part.d),
                  fewest_hours(part.families))


def evaluate(part: Part, lam: list[np.ndarray]) -> Piece:
    """The part's priced choice at these multipliers, as its own blocks' values and usage."""
    choice = solve_subproblems(part.d, part.cs, lam)
    blocks, rows, use = block_usage(part.families, choice, part.x_block, part.y_block,
                                    part.cs.n_blocks + 1)
    first, stop = part.own
    mine = (blocks >= first) & (blocks < stop)
    return Piece(choice.by_block[first:stop], blocks[mine] - first, rows[mine], use[mine])


def packages_chosen(part: Part, lam: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The packages' part's choice at these multipliers (a mask over its package options),
    cheaper packages taken while the packages alone break a limit (as a whole book's repair
    does when offers cannot give way); and its usage of every stacked row."""
    chosen = solve_subproblems(part.d, part.cs, lam).s
    priced = [f for f in part.families if f.on_s is not None]
    nothing = [np.zeros(len(f.limits)) for f in priced]
    for _ in range(len(chosen)):
        if not downgrade_packages(chosen, nothing, part.d, priced):
            break
    x, y = np.zeros(0, dtype=bool), np.zeros(0, dtype=bool)
    return chosen, np.concatenate([f.usage(x, y, chosen) for f in part.families]
                                  or [np.zeros(0)])


def repaired(part: Part, lam: list[np.ndarray], limits: np.ndarray, from_whole: bool = False
             ) -> Repaired | None:
    """The part's priced choice at these multipliers made into a plan within its share of
    every limit (stacked as the rows are), or None; its RMs first from the pairs its component
    LPs took whole if `from_whole` (from the choice's own if that finds no plan), as a whole
    book's first repair (repair/queue.candidate)."""
    bounds = np.split(limits, np.cumsum([len(f.limits) for f in part.families])[:-1])
    families = [replace(f, limits=b) for f, b in zip(part.families, bounds, strict=True)]
    return repair(part.d, part.cs, families, solve_subproblems(part.d, part.cs, lam),
                  part.whole if from_whole else None)


def plan_totals(part: Part, plan: Repaired | None) -> tuple[float, np.ndarray] | None:
    """A part's plan's value and its use of every stacked row (None without a plan)."""
    if plan is None:
        return None
    return plan.objective, np.concatenate([f.usage(plan.x, plan.y, plan.s)
                                           for f in part.families] or [np.zeros(0)])


def rebalanced(families: list[Coupling], shares: np.ndarray, usage: np.ndarray,
               planned: np.ndarray) -> np.ndarray:
    """New shares after a round of repairs: the parts that `planned` keep exactly what
    their plans use, and what they leave of their shares (room under a limit; use beyond a
    minimum, which others then need not reach) goes to the parts that found no plan, as
    those shares stand."""
    counted = _stacked(families, _counted)
    freed = (shares - usage)[planned].sum(axis=0)
    weights = _weights(np.abs(shares[~planned]), None)
    out = shares.copy()
    out[planned] = usage[planned]
    extra = freed * weights
    whole = _whole_units(extra, np.round(freed)) if len(extra) else extra
    out[~planned] += np.where(counted, whole, extra - MARGIN * np.abs(extra))
    return out


def _counted(family: Coupling) -> bool:
    """Whether a family's rows count whole units: their limits are shared out in whole
    units."""
    return BY_NAME[family.family].counted


def _stacked(families: list[Coupling], flag: Callable[[Coupling], bool]) -> np.ndarray:
    """A flag of each family, per stacked row."""
    return np.concatenate([np.full(len(f.limits), flag(f)) for f in families]
                          or [np.zeros(0, bool)])


def apportion(families: list[Coupling], usage: np.ndarray, reach: np.ndarray,
              fixed: np.ndarray) -> np.ndarray:
    """Each part's share (rows) of every stacked row's limit, less what `fixed` (the packages)
    uses. A row the parts' choices use beyond its limit (or, for a minimum, up to it) is
    shared as they use it; the rest of a limit (or what a minimum still needs) goes by how
    much of the row each part could use at most (`reach`). Counting rows get whole units
    (largest remainders); the others stay a hair inside."""
    limits = np.concatenate([f.limits for f in families] or [np.zeros(0)])
    upper = _stacked(families, lambda f: f.sense == "le")
    counted = _stacked(families, _counted)
    room, total = limits - fixed, usage.sum(axis=0)
    spread = _weights(np.maximum(reach - usage, 0.0), _weights(reach, None))
    used = _weights(usage, spread)
    share = np.where(total >= room, room * used, usage + (room - total) * spread)
    inside = share - np.where(upper, 1.0, -1.0) * MARGIN * np.abs(share)
    units = np.where(upper, np.floor(room + 1e-9), np.ceil(room - 1e-9))
    return np.where(counted, _whole_units(share, units), inside)


def _weights(amounts: np.ndarray, otherwise: np.ndarray | None) -> np.ndarray:
    """Each part's share (rows) of the column's total; `otherwise` (or equal shares) where
    the total is zero."""
    total = amounts.sum(axis=0)
    fallback = (np.full_like(amounts, 1 / len(amounts)) if otherwise is None
                else otherwise.copy())
    return np.divide(amounts, total, out=fallback, where=total > 0)


def _whole_units(share: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Whole numbers per part (rows) adding up to `units` per column: the shares rounded
    down, then one more unit to the largest remainders."""
    base = np.floor(share)
    missing = np.clip(units - base.sum(axis=0), 0, len(share)).astype(np.int64)
    order = np.argsort(-(share - base), axis=0, kind="stable")
    rank = np.empty_like(order)
    np.put_along_axis(rank, order, np.arange(len(share))[:, None], axis=0)
    return base + (rank < missing)
