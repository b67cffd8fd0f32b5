"""What each solve path was given and gave, and which plan the run kept, for the manifest and
the summary.

A run has one deadline: its `solver.time_limit` from the start of the run, so reading, tiering
and valuing the book, building the model, solving, diagnosing and pricing all count against it
(`run_deadline`). Writing the run folder comes after it, within `write_allowance` seconds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

import numpy as np

from allocator.backends.base import SolveOptions, SolveResult, seconds_given
from allocator.decomposition.clock import Deadline

WRITE_ALLOWANCE = 30.0
"""Seconds a run may take past its time limit to write its folder, whatever its size: the
fixed part of `write_allowance` (docs/architecture.md, "Time limit")."""
WRITE_PER_10K_ROWS = 10.0
"""Seconds more per 10,000 rows of plan.xlsx's sheets of one row per customer or contact, which
hold at most report.workbook.SHEET_ROWS rows (100,000; longer plans stay in their CSV and
Parquet files). Measured at 60,000 and 100,000 customers (docs/scale.md, "Writing the run
folder")."""
WRITE_PER_100K_CUSTOMERS = 3.0
"""Seconds more per 100,000 customers, whatever plan.xlsx holds: the customer plan's CSV and
Parquet files and the report's pages. At 1,000,000 customers writing the whole folder took
8 s on an idle machine and 30 s at a load average of 12 (docs/scale.md)."""


def write_allowance(customers: int) -> float:
    """Seconds a run of a book of `customers` may take past its time limit to write its
    folder: WRITE_ALLOWANCE, WRITE_PER_10K_ROWS per 10,000 of the workbook's rows and
    WRITE_PER_100K_CUSTOMERS per 100,000 customers."""
    from allocator.report.workbook import SHEET_ROWS  # openpyxl: loaded where runs are written

    rows = min(customers, SHEET_ROWS)
    return round(WRITE_ALLOWANCE + WRITE_PER_10K_ROWS * rows / 10_000
                 + WRITE_PER_100K_CUSTOMERS * customers / 100_000, 1)


def past_allowance(seconds: float, time_limit: float, customers: int) -> float | None:
    """Seconds a run that took `seconds` ended past its time limit plus its write allowance;
    None where it ended within them."""
    past = seconds - time_limit - write_allowance(customers)
    return past if past > 0 else None
CLOSING_SHARE = 0.2
"""The share of the time limit kept at its end, after the prices and steps, for keeping the
most of the base plan and valuing the rule-of-thumb plans: they count against the limit, and
stop at it (the closest plan's MIP on the clock, recorded as its `stopped_on`; the
rule-of-thumb plans are not begun past it, recorded as `baselines: time_limit`). At 60,000
customers (120 s, a load average of 15) they took 52 s and 16 s after the deadline, the steps
having taken all the time left."""

REASONS = ("small_book", "large_book", "method_exact", "method_decomposition", "exact_better",
           "decomposition_better", "decomposition_proved", "decomposition_settled",
           "exact_no_time", "decomposition_no_time", "soft_kept_exactly", "too_many_schedules",
           "exact_started")
"""Why a run kept the plan it kept (each a message `kept_<reason>` in the catalogue)."""
ONE_PATH_ONLY = ("soft_kept_exactly", "too_many_schedules")
"""Reasons `solver.method: auto` planned on one path because the other cannot hold the
scenario: the terminal says so beside the result line."""


@dataclass(frozen=True)
class Attempt:
    """One path's solve: the seconds it was given and took, what it found, what stopped it."""

    path: str
    """"exact" or "decomposition"."""
    seconds_given: float
    seconds: float
    status: str
    objective: float | None = None
    bound: float | None = None
    stopped_on: str | None = None


def attempt_of(path: str, seconds_given: float, result: SolveResult,
               objective: float | None = None) -> Attempt:
    """The record of a path's solve (`objective`: of its rounded plan, where that differs)."""
    stop = result.stopped_on
    return Attempt(path, round(seconds_given, 3), round(result.seconds, 3), result.status.value,
                   result.objective if objective is None else objective, result.bound,
                   None if stop is None else stop.value)


def skipped(path: str, seconds_given: float) -> Attempt:
    """A path that was not run: too little time was left for it."""
    return Attempt(path, round(seconds_given, 3), 0.0, "skipped")


@dataclass(frozen=True)
class Attempts:
    """The paths a run tried, in order, and which one's plan it kept and why."""

    kept: str
    why: str
    """One of REASONS."""
    tried: tuple[Attempt, ...]
    time_limit: float
    """The scenario's solver.time_limit: the run's deadline from its start."""
    seconds_for_solve: float
    """What was left of the time limit when the solve began (after reading and valuing)."""
    baselines: str = ""
    """"time_limit" where the rule-of-thumb plans were not valued: the run's time was spent
    before them."""

    def describe(self, customers: int) -> dict[str, object]:
        """The manifest's record, with the write allowance of a book of `customers`."""
        return {"kept": self.kept, "why": self.why, "time_limit": self.time_limit,
                "seconds_for_solve": round(self.seconds_for_solve, 3),
                "write_allowance": write_allowance(customers),
                "attempts": [asdict(attempt) for attempt in self.tried],
                **({"baselines": self.baselines} if self.baselines else {})}


def run_deadline(time_limit: float, spent: float) -> Deadline:
    """The deadline of a run whose preparation took `spent` seconds of its time limit."""
    return Deadline(max(time_limit - spent, 0.0))


PRICING_SHARE = 0.05
"""The share of the time limit kept from the solve for the diagnosis or the pricing after it."""


def kept_after_solve(time_limit: float, spent: float, whole_book_passes: bool) -> float:
    """Seconds kept from the solve for what follows it: PRICING_SHARE of the time limit; where
    the check and the prices pass over every customer of a large book (`whole_book_passes`),
    at least the `spent` seconds its reading, tiering and valuing took: at a million customers
    the checker and the multipliers' ranges took 182 s after the solve, where reading, tiering
    and valuing took 147 s (load 18-24)."""
    share = PRICING_SHARE * time_limit
    return max(share, spent) if whole_book_passes else share


@dataclass(frozen=True)
class Clock:
    """The run's deadline, and the solve options that end by it: a solve's options end `kept`
    seconds before it (PRICING_SHARE of the time limit unless given), what comes after
    (`after`) at it."""

    deadline: Deadline
    after: SolveOptions
    kept: float | None = None

    @property
    def options(self) -> SolveOptions:
        """Options of a solve: ending with the time kept for the pricing still left."""
        assert self.after.ends_at is not None
        kept = PRICING_SHARE * self.after.time_limit if self.kept is None else self.kept
        return replace(self.after, ends_at=self.after.ends_at - kept)

    def left(self) -> float:
        """Seconds left for solving."""
        return seconds_given(replace(self.options, time_limit=np.inf))

    def record(self, kept: str, why: str, *tried: Attempt) -> Attempts:
        return Attempts(kept, why, tried, self.options.time_limit, self.seconds_for_solve)

    @property
    def seconds_for_solve(self) -> float:
        return self.deadline.end - self.deadline.start
