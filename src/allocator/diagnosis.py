"""Why a scenario is infeasible: re-solve with every constraint elastic and report what gave.

Every row gets a slack priced by 1 / max(1, |limit|), so the solver finds the plan that breaks
the constraints least in relative terms; the slacks it needs are the diagnosis. The exact path
solves that MIP. A book the decomposition plans is diagnosed as an LP (assignments may be
split), on the whole book up to WHOLE_BOOK customers and on a sample of that size beyond,
with every limit scaled to the sample and the amounts scaled back.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import scipy.sparse as sp

from allocator.backends import SolveOptions, get_backend
from allocator.decomposition.search.sampling import sample_book
from allocator.errors import examples
from allocator.families import CONSTRAINTS, COUNTED, PHRASES
from allocator.problem import AllocationProblem, Block, build_problem
from allocator.report.figures import number_text
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook

WHOLE_BOOK = 50_000
"""Books up to this many customers are diagnosed whole; larger ones on a sample this large."""


@dataclass(frozen=True)
class Cause:
    """What in the book explains a shortfall (allocator.shortfall_causes): a message of the
    report catalogue, with the ids it names (an offer, tiers), its figures, and what it lists
    in brackets of the book's `of` customers (each a Cause of its own); for a budget that
    cannot pay for sales targets, what a sale of each offer costs, the budget, and what the
    targets alone take of it."""

    message: str
    ids: tuple[str, ...] = ()
    count: int = 0
    minimum: float = 0.0
    parts: tuple[Cause, ...] = ()
    of: int = 0
    costs: tuple[float, ...] = ()
    budget: float = 0.0
    need: float = 0.0


@dataclass(frozen=True)
class Shortfall:
    """One constraint block that had to give."""

    constraint: str
    family: str
    amount: float
    limit: float
    rows: int
    labels: tuple[str, ...]
    causes: tuple[Cause, ...] = ()
    """What in the book explains it, where something evidently does (a sales target no more
    customers can take or the budget cannot pay for, a budget floor of a tier with no
    customers)."""
    budget_left: tuple[float, float] | None = None
    """The budget and what the plan that breaks the constraints least leaves of it (None where
    the scenario sets none): a sales target whose offers cost more than is left is held back
    by the budget too."""

    @property
    def whole(self) -> float:
        """The amount, in whole units where the limit counts them (customers moved, offers,
        contacts): a relaxation's 307.5 reassignments are at least 308."""
        if self.constraint in COUNTED:
            return float(np.ceil(self.amount - 1e-6))
        return self.amount

    @property
    def share(self) -> float | None:
        """The shortfall as a share of its limit, for a single-row limit."""
        if self.rows == 1 and self.limit not in (0.0, np.inf, -np.inf):
            return self.whole / abs(self.limit)
        return None

    @property
    def where(self) -> str | None:
        """Which tiers, RMs or offers, when not the book's total."""
        return examples(self.labels, 5) if self.labels and self.labels[0] != "total" else None

    @property
    def is_short(self) -> bool:
        """A floor not reached (rather than a limit exceeded)."""
        known = CONSTRAINTS.get(self.constraint)
        return known is not None and known.short

    def describe(self) -> str:
        """In English, for the manifest and logs (reports use their own language)."""
        limit, amount = number_text(self.limit), number_text(self.whole)
        share = "" if self.share is None else f" ({self.share:.1%} of {limit})"
        where = "" if self.where is None else f" for {self.where}"
        phrase = PHRASES.get(self.constraint, self.constraint)
        said = (f"{phrase}{where} short by {amount}{share}" if self.is_short
                else f"{phrase}{where}: by {amount}{share}")
        from allocator.report.cause_words import causes_text
        from allocator.report.language import Words  # the catalogue imports the diagnosis

        return said + causes_text(self.causes, Words())


@dataclass(frozen=True)
class Basis:
    """How a diagnosis at scale was made: the elastic LP of this many customers, this share
    of the book (1: the whole book)."""

    customers: int
    share: float

    @property
    def sampled(self) -> bool:
        return self.share < 1.0

    def describe(self) -> str:
        if not self.sampled:
            return "elastic LP relaxation of the whole book"
        return (f"elastic LP relaxation of a sample of {self.customers:,} customers "
                f"(1 in {round(1 / self.share)}), limits scaled to it, amounts scaled back")


def diagnose_at_scale(valued: ValuedBook, scenario: Scenario, options: SolveOptions
                      ) -> tuple[list[Shortfall], Basis]:
    """What must give, for a book too large for the exact MIP: the elastic LP of the book, or
    of a sample of it (the continuity limit, which a sample cannot scale, left out)."""
    sample, sampled_scenario, share = (valued, scenario, 1.0) if len(
        valued.customers) <= WHOLE_BOOK else sample_book(valued, scenario, WHOLE_BOOK)
    return diagnose_sample(sample, sampled_scenario, share, options)


def diagnose_sample(sample: ValuedBook, scenario: Scenario, share: float,
                    options: SolveOptions) -> tuple[list[Shortfall], Basis]:
    """What must give, from the elastic LP of a sample of the book (`share` of it, with its
    limits scaled to it: sample_book), the amounts scaled back to the whole book."""
    found = diagnose(build_problem(sample, scenario), replace(options, relax=True))
    scaled = [replace(s, amount=s.amount / share, limit=s.limit / share,
                      budget_left=None if s.budget_left is None else (
                          s.budget_left[0] / share, s.budget_left[1] / share))
              for s in found]
    return scaled, Basis(len(sample.customers), share)


def elastic(problem: AllocationProblem) -> AllocationProblem:
    """The same rows with a slack on each, and an objective that only prices the slacks."""
    n_rows, n_cols = problem.n_rows, problem.n_cols
    senses = np.empty(n_rows, dtype=object)
    for block in problem.row_blocks:
        senses[block.start:block.stop] = block.sense
    sign = np.where(senses == "le", -1.0, 1.0)
    slack = sp.csr_matrix((sign, (np.arange(n_rows), np.arange(n_rows))), shape=(n_rows, n_rows))
    limit = np.where(np.isfinite(problem.row_upper), problem.row_upper, problem.row_lower)
    weight = 1.0 / np.maximum(1.0, np.abs(np.nan_to_num(limit, posinf=1.0, neginf=1.0)))
    return replace(
        problem,
        objective=np.concatenate([np.zeros(n_cols), -weight]),
        matrix=sp.hstack([problem.matrix, slack], format="csr"),
        col_lower=np.concatenate([problem.col_lower, np.zeros(n_rows)]),
        col_upper=np.concatenate([problem.col_upper, np.full(n_rows, np.inf)]),
        integer=np.concatenate([problem.integer, np.zeros(n_rows, dtype=bool)]),
        col_blocks=(*problem.col_blocks, Block("slack:elastic", n_cols, n_cols + n_rows)),
    )


def diagnose(problem: AllocationProblem, options: SolveOptions) -> list[Shortfall]:
    """The constraint blocks that must give for any plan to exist, largest first."""
    result = get_backend("highs").solve(elastic(problem), options)
    if result.values is None:
        return []
    slacks = result.values[problem.n_cols:]
    left = budget_left(problem, result.values[:problem.n_cols])
    found = []
    for block in problem.row_blocks:
        amounts = slacks[block.start:block.stop]
        broken = np.flatnonzero(amounts > 1e-6)
        if len(broken) == 0:
            continue
        rows = broken + block.start
        limits = np.where(np.isfinite(problem.row_upper[rows]), problem.row_upper[rows],
                          problem.row_lower[rows])
        labels = tuple(str(label) for label in problem.row_labels[rows])
        if block.name == "continuity":  # a floor on incumbents kept: told as moves allowed
            limits = problem.matrix[rows].getnnz(axis=1) - limits
            labels = ("total",)
        found.append(Shortfall(block.name, block.family or block.name,
                               float(amounts[broken].sum()), float(limits.sum()), len(broken),
                               labels, budget_left=left))
    return sorted(found, key=lambda s: -s.amount / max(1.0, abs(s.limit)))


def budget_left(problem: AllocationProblem, values: np.ndarray) -> tuple[float, float] | None:
    """The budget and what the plan `values` (the problem's own columns) leaves of it; None
    where the scenario sets no budget."""
    block = next((b for b in problem.row_blocks if b.name == "budget"), None)
    if block is None:
        return None
    limit = float(problem.row_upper[block.start])
    used = float((problem.matrix[block.start] @ values)[0])
    return limit, max(limit - used, 0.0)
