"""The solver-neutral allocation problem: max c'z s.t. lower <= A z <= upper, bounds, integrality.

Columns come in named blocks (x: customer-RM, y: customer-offer, s: tier-package, the columns
a family adds to measure what the decisions use, then one slack per row of every soft family);
rows come in named blocks, one or more per constraint family. Everything is numpy arrays and
one sparse matrix; no Python object per coefficient.

Columns are left out before the build only as `valuation.prunable` says (no `>=` row could
need them), or when every plan must set them to zero (`_reachable_offers`). Rows are left out
only when no choice of the columns present could break them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy.sparse as sp

from allocator.scenario.schema import Family, Scenario
from allocator.valuation import CoveragePairs, OfferPairs, PackageOptions, ValuedBook

Sense = Literal["le", "ge", "eq"]


@dataclass(frozen=True)
class Rows:
    """A block of constraint rows in coordinate form (row numbers local to the block)."""

    family: Family
    name: str
    sense: Sense
    labels: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    row: np.ndarray
    col: np.ndarray
    coef: np.ndarray
    added: int = 0
    """Columns the block adds (continuous, >= 0, of no value: they measure what the decisions
    use, e.g. an RM's hours of a customer's contacts). Column numbers from the decisions' last
    on (Layout.n) name added columns, in the order the blocks add them. Rows that add columns
    define them: they never give, even when their family is soft."""

    @property
    def size(self) -> int:
        return len(self.labels)


@dataclass(frozen=True)
class Block:
    """A named range of rows or columns."""

    name: str
    start: int
    stop: int
    family: Family | None = None
    sense: Sense | None = None


@dataclass(frozen=True)
class Decisions:
    """The decision columns, in order: x (customer-RM), y (customer-offer), s (tier-package)."""

    x: CoveragePairs
    y: OfferPairs
    s: PackageOptions

    @property
    def layout(self) -> Layout:
        return Layout(len(self.x.rm), len(self.y.offer), len(self.s.tier))

    def col_block(self, name: str) -> slice:
        layout = self.layout
        return {"x": slice(0, layout.n_x), "y": slice(layout.y0, layout.s0),
                "s": slice(layout.s0, layout.n)}[name]


def decisions_of(valued: ValuedBook, unreachable: bool = False) -> Decisions:
    """The decisions a valued book offers (offers needing an RM only where one can serve,
    unless `unreachable`)."""
    offers = valued.offer_pairs if unreachable else _reachable_offers(valued)
    return Decisions(valued.coverage, offers, valued.packages)


@dataclass(frozen=True)
class AllocationProblem:
    objective: np.ndarray
    matrix: sp.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    col_lower: np.ndarray
    col_upper: np.ndarray
    integer: np.ndarray
    row_blocks: tuple[Block, ...]
    col_blocks: tuple[Block, ...]
    row_labels: np.ndarray
    decisions: Decisions
    penalties: dict[str, float]

    @property
    def x(self) -> CoveragePairs:
        return self.decisions.x

    @property
    def y(self) -> OfferPairs:
        return self.decisions.y

    @property
    def s(self) -> PackageOptions:
        return self.decisions.s

    @property
    def n_cols(self) -> int:
        return len(self.objective)

    @property
    def n_rows(self) -> int:
        return len(self.row_lower)

    def col_block(self, name: str) -> slice:
        block = next(b for b in self.col_blocks if b.name == name)
        return slice(block.start, block.stop)

    def row_block(self, name: str) -> Block:
        return next(b for b in self.row_blocks if b.name == name)


def build_problem(valued: ValuedBook, scenario: Scenario, prune: bool = True
                  ) -> AllocationProblem:
    """Assemble the MIP (docs/architecture.md) from a valued book, each family's rows in the
    order of allocator.families; soft families get penalized slacks. Offers needing an RM stay
    for customers no RM can serve when the link may give (a soft rm_offer_link), or when
    `prune` is false."""
    from allocator.families import define_all

    soft = {str(family): penalty for family, penalty in scenario.objective.soft.items()}
    decisions = decisions_of(valued, unreachable="rm_offer_link" in soft or not prune)
    return assemble(define_all(valued, scenario, decisions), decisions, soft)


@dataclass(frozen=True)
class Layout:
    n_x: int
    n_y: int
    n_s: int

    @property
    def x0(self) -> int:
        return 0

    @property
    def y0(self) -> int:
        return self.n_x

    @property
    def s0(self) -> int:
        return self.n_x + self.n_y

    @property
    def n(self) -> int:
        return self.n_x + self.n_y + self.n_s


def assemble(blocks: list[Rows], decisions: Decisions, soft: dict[str, float]
             ) -> AllocationProblem:
    """Stack row blocks into one matrix and add a slack column per row of each soft family."""
    x, y, s, layout = decisions.x, decisions.y, decisions.s, decisions.layout
    added = sum(block.added for block in blocks)
    objective = np.concatenate([x.value, y.value, s.value, np.zeros(added)])
    slack_cols, slack_costs, slack_blocks = [], [], []
    row_blocks, rows, cols, coefs = [], [], [], []
    offset, n = 0, layout.n + added
    for block in blocks:
        rows.append(block.row + offset)
        cols.append(block.col)
        coefs.append(block.coef)
        row_blocks.append(Block(block.name, offset, offset + block.size, block.family, block.sense))
        if block.family in soft and block.size and not block.added:
            sign = -1.0 if block.sense == "le" else 1.0
            slack_cols.append((np.arange(block.size) + offset, np.arange(block.size) + n, sign))
            slack_costs.append(np.full(block.size, -soft[block.family]))
            slack_blocks.append(Block(f"slack:{block.name}", n, n + block.size, block.family))
            n += block.size
        offset += block.size
    for row_ids, col_ids, sign in slack_cols:
        rows.append(row_ids)
        cols.append(col_ids)
        coefs.append(np.full(len(row_ids), sign))
    matrix = sp.csr_matrix(
        (np.concatenate(coefs) if coefs else np.zeros(0),
         (np.concatenate(rows) if rows else np.zeros(0, int),
          np.concatenate(cols) if cols else np.zeros(0, int))),
        shape=(offset, n),
    )
    matrix.sum_duplicates()
    objective = np.concatenate([objective, *slack_costs])
    n_slack = n - layout.n - added
    col_blocks = (Block("x", 0, layout.n_x), Block("y", layout.y0, layout.s0),
                  Block("s", layout.s0, layout.n),
                  *((Block("added", layout.n, layout.n + added),) if added else ()),
                  *slack_blocks)
    return AllocationProblem(
        objective=objective,
        matrix=matrix,
        row_lower=_cat([b.lower for b in blocks]),
        row_upper=_cat([b.upper for b in blocks]),
        col_lower=np.zeros(n),
        col_upper=np.concatenate([np.ones(layout.n), np.full(added + n_slack, np.inf)]),
        integer=np.concatenate([np.ones(layout.n, bool), np.zeros(added + n_slack, bool)]),
        row_blocks=tuple(row_blocks),
        col_blocks=col_blocks,
        row_labels=_cat([b.labels.astype(object) for b in blocks]),
        decisions=decisions, penalties=dict(soft),
    )


def _cat(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros(0)


def _reachable_offers(valued: ValuedBook) -> OfferPairs:
    """Drop offer pairs that need an RM for customers no RM can ever serve: a hard
    rm_offer_link (or, in a mandatory tier, hard coverage) holds them at zero in every plan."""
    pairs = valued.offer_pairs
    needs = np.array([o.requires_rm for o in valued.offers] or [False], dtype=bool)[pairs.offer]
    covered = np.zeros(len(valued.customers), dtype=bool)
    covered[valued.coverage.customer] = True
    keep = ~needs | covered[pairs.customer]
    if keep.all():  # the pairs as they are: a copy is 0.8 GB on a book of 5M customers
        return pairs
    return OfferPairs(*(getattr(pairs, f)[keep] for f in OfferPairs.__dataclass_fields__))

