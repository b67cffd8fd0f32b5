"""One interface for every solver backend: options in, a normalized result out.

A backend declares `name`, `available()` and `solve(problem, options) -> SolveResult`, imports its
solver package itself, and maps the solver's statuses onto `Status`. No solver status leaks out.
"""

from __future__ import annotations

import enum
import time
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from allocator.problem import AllocationProblem


class Status(enum.StrEnum):
    OPTIMAL = "optimal"
    """Proven optimal within the requested relative gap."""
    FEASIBLE = "feasible"
    """A plan, stopped by the time limit before proving the gap."""
    INFEASIBLE = "infeasible"
    NO_SOLUTION = "no_solution"
    """Stopped (time limit) before finding any plan."""
    ERROR = "error"

    @property
    def has_plan(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE)


class StoppedOn(enum.StrEnum):
    """What ended a solve. Only TIME_LIMIT is a reading of the clock: a solve that stopped on
    anything else gives the same plan on any machine, however fast."""

    TIME_LIMIT = "time_limit"
    """The wall clock stopped the search (or a part of it), so the plan depends on timing."""
    GAP = "gap"
    """The best plan came within the gap target of the bound."""
    PROOF = "proof"
    """The solver proved its answer: optimal within the gap, or no plan exists."""
    ITERATIONS = "iterations"
    """The search used its count of iterations."""
    STALL = "stall"
    """The bound stopped improving for a count of iterations."""
    CONVERGED = "converged"
    """The bundle's model promised no further decrease of the bound."""


@dataclass(frozen=True)
class LpBasis:
    """A simplex basis of an LP: each column's and each row's status, in the backend's own
    codes. An LP with the same columns and rows, a bound or a cost moved, starts from it a few
    pivots from its optimum instead of from scratch."""

    cols: np.ndarray
    rows: np.ndarray


@dataclass(frozen=True)
class SolveOptions:
    time_limit: float = 60.0
    gap: float = 1e-4
    threads: int = 2
    seed: int = 0
    relax: bool = False
    """Solve the LP relaxation (all columns continuous)."""
    start: np.ndarray | None = None
    """A plan to start from (e.g. a neighbouring sweep point's), where the backend allows."""
    ranging: bool = False
    """With `relax`: also the range of each row's limit over which its dual holds."""
    ends_at: float | None = None
    """The run's deadline (a `time.perf_counter()` reading): the solve gets at most the time
    left until then, whatever its `time_limit` (see `seconds_given`)."""
    known_bound: float | None = None
    """An upper bound proven elsewhere (the decomposition's): a backend that can stops once its
    plan is within `gap` of it; the others ignore it."""
    basis: LpBasis | None = None
    """With `relax`: the basis of a neighbouring LP to start from (a backend that
    `supports.basis`; the others ignore it)."""


def seconds_given(options: SolveOptions) -> float:
    """The seconds a solve may take: its time limit, or the time left before the run's deadline
    if that is sooner (never negative)."""
    if options.ends_at is None:
        return options.time_limit
    return max(min(options.time_limit, options.ends_at - time.perf_counter()), 0.0)


@dataclass(frozen=True)
class SolveResult:
    status: Status
    values: np.ndarray | None
    objective: float | None
    bound: float | None
    """Best proven upper bound on the objective (maximization)."""
    solver: str
    version: str
    seconds: float
    message: str = ""
    row_duals: np.ndarray | None = None
    row_ranges: np.ndarray | None = None
    """(rows, 2): low and high end of each row's limit over which its dual holds (LP only)."""
    stop: StoppedOn | None = None
    """What ended the solve, where the solver says (the decomposition); else `stopped_on`
    reads it from the status."""
    basis: LpBasis | None = None
    """An LP's optimal basis, solved with `ranging` by a backend that `supports.basis`."""

    @property
    def stopped_on(self) -> StoppedOn | None:
        """What ended the solve: an exact backend's proof or its time limit, as its status
        tells; the decomposition's own record."""
        if self.stop is not None:
            return self.stop
        if self.status in (Status.OPTIMAL, Status.INFEASIBLE):
            return StoppedOn.PROOF
        if self.status in (Status.FEASIBLE, Status.NO_SOLUTION):
            return StoppedOn.TIME_LIMIT
        return None

    @property
    def gap(self) -> float | None:
        """Relative gap (bound - objective) / max(|objective|, 1)."""
        if self.objective is None or self.bound is None:
            return None
        return max(self.bound - self.objective, 0.0) / max(abs(self.objective), 1.0)


@dataclass(frozen=True)
class Capabilities:
    """What a backend can do beyond solving the problem it is given."""

    warm_start: bool
    """Starts from a given plan (SolveOptions.start)."""
    duals: bool
    """Gives an LP's row duals and their ranges (SolveOptions.relax, ranging)."""
    soft_rows: bool
    """Takes continuous columns: the slacks of soft families."""
    basis: bool = False
    """Starts an LP from a given basis (SolveOptions.basis) and gives its own (ranging)."""


class Backend(Protocol):
    name: str
    supports: Capabilities

    def available(self) -> bool: ...

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult: ...
