"""A solve's outcome: the plan read from a solution vector, checked independently and priced;
the hint a neighbouring sweep point starts from; the error when the checker rejects a plan."""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from allocator.attempts import Attempts
from allocator.backends import SolveResult
from allocator.checks import CheckReport, verify_plan
from allocator.closeness import Kept
from allocator.decomposition.parts.summed_tables import PartsTables
from allocator.diagnosis import Basis, Shortfall
from allocator.errors import AllocatorError
from allocator.forked_call import ForkedCall, may_call_apart
from allocator.no_plan import rejected_plan
from allocator.plan import Plan, read_plan
from allocator.preparation import Prepared, lap
from allocator.pricing import Priced
from allocator.problem import AllocationProblem, Decisions
from allocator.sensitivity import Sensitivity, as_held


@dataclass(frozen=True)
class Hint:
    """A solved point's plan and multipliers, for starting a neighbouring point."""

    values: np.ndarray | None = None
    multipliers: tuple[np.ndarray, ...] | None = None


class PlanCheckError(AllocatorError):
    """The solver returned a plan that the independent checker rejects. Exit code 3."""

    exit_code = 3


@dataclass(frozen=True)
class Outcome:
    prepared: Prepared
    decisions: Decisions
    result: SolveResult
    method: str
    problem: AllocationProblem | None = None
    """The whole MIP (exact path only)."""
    plan: Plan | None = None
    values: np.ndarray | None = None
    """The rounded solution vector the plan was read from."""
    objective: float | None = None
    """Objective of the (rounded) plan, as checked."""
    check: CheckReport | None = None
    prices: dict[tuple[str, str], float] = field(default_factory=dict)
    """(constraint, label) -> marginal value: d objective / d limit."""
    sensitivity: Sensitivity | None = None
    """The prices' ranges and the headline limits' steps."""
    diagnosis: tuple[Shortfall, ...] = ()
    diagnosed_on: Basis | None = None
    """How the diagnosis was made, when not as the whole book's elastic MIP."""
    timings: dict[str, float] = field(default_factory=dict)
    hint: Hint | None = None
    """What a neighbouring sweep point can start from."""
    warm_started: bool = False
    baselines: pd.DataFrame | None = None
    """The rule-of-thumb plans' checked values and the uplift over each (allocator.baselines)."""
    parts: PartsTables | None = None
    """A book planned in parts: its tables (its plan holds only the packages)."""
    kept: Kept | None = None
    """What keeping the most of the base plan undid (allocator.closeness)."""
    attempts: Attempts | None = None
    """Each path's solve, and which plan was kept and why (allocator.attempts)."""

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.result.bound is None:
            return None
        return max(0.0, self.result.bound - self.objective) / max(abs(self.objective), 1.0)


def _priced_beside(beside: ThreadPoolExecutor, pricing: Callable[[], Priced], apart: bool
                   ) -> Future[Priced] | ForkedCall[Priced]:
    """The prices, on the second thread or (`apart`, where this process may fork) in a process
    of its own; either's `result()` waits for them."""
    if apart and may_call_apart():
        return ForkedCall(pricing)
    return beside.submit(pricing)


def checked_plan(outcome: Outcome, values: np.ndarray, objective: float,
                 timings: dict[str, float],
                 pricing: Callable[[], Priced], apart: bool = False) -> Outcome:
    """Read the plan from a solution vector, check it independently and price the limits.

    The limits are priced beside the check, on a second thread: neither reads what the other
    makes, and the LP that prices an exact plan releases the GIL. With `apart` (a large book
    priced by its multipliers: pure numpy and pandas work, which takes turns at the GIL with
    the check's), in a forked process where this one may start one (allocator.forked_call).
    `marginal_values` is the time the run waited for the prices after the check. A rejected
    plan's prices are dropped: waited for on the thread, their process ended."""
    prepared = outcome.prepared
    plan = read_plan(outcome.decisions, prepared.valued, values)
    with ThreadPoolExecutor(1) as beside:
        pricing_done = _priced_beside(beside, pricing, apart)
        try:
            start = time.perf_counter()
            check = verify_plan(prepared.check_inputs(), plan, objective)
            timings["verify"] = lap(start)
            if not check.ok:
                raise PlanCheckError(*rejected_plan("plan_rejected", prepared.loaded.scenario,
                                                    check.hard_violations, True,
                                                    solver=outcome.result.solver))
            start = time.perf_counter()
            answer = pricing_done.result()
        except BaseException:  # a rejected plan, Ctrl-C: the prices are not wanted
            if isinstance(pricing_done, ForkedCall):
                pricing_done.stop()
            raise
        priced = pricing() if answer is None else answer  # none from a process that died
        timings["marginal_values"] = lap(start)
    hint = Hint(values, outcome.hint.multipliers if outcome.hint else None)
    prices, sensitivity = as_held(priced.prices, priced.sensitivity, check.constraints)
    return replace(outcome, plan=plan, values=values, objective=objective, check=check,
                   prices=prices, sensitivity=sensitivity, timings=timings, hint=hint)
