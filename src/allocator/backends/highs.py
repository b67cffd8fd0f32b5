"""HiGHS through highspy: the whole matrix is passed at once (CSC arrays), no per-row objects."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from importlib import metadata
from typing import Any

import numpy as np

from allocator.backends.alone import solve_alone
from allocator.backends.base import (
    Capabilities,
    LpBasis,
    SolveOptions,
    SolveResult,
    Status,
    StoppedOn,
    seconds_given,
)
from allocator.backends.highs_threads import run_highs
from allocator.backends.reasons import reason
from allocator.interrupts import raise_pending
from allocator.problem import AllocationProblem
from allocator.report.solve_error_words import HIGHS_STATUS_WORDS

INF = 1e30
NAME = "highs"
VERSION = metadata.version("highspy")
"""The installed HiGHS, read without starting a solver (which prints its banner)."""


class HighsBackend:
    name = NAME
    supports = Capabilities(warm_start=True, duals=True, soft_rows=True, basis=True)

    def available(self) -> bool:
        try:
            import highspy  # noqa: F401
        except ImportError:
            return False
        return True

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        import highspy

        start = time.perf_counter()
        with _banner_silenced():
            highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        highs.setOptionValue("time_limit", float(seconds_given(options)))
        highs.setOptionValue("mip_rel_gap", float(options.gap))
        highs.setOptionValue("random_seed", int(options.seed))
        if options.ranging:
            highs.setOptionValue("solver", "simplex")  # ranging needs a simplex basis
        highs.passModel(_model(problem, options.relax, highspy))
        if options.start is not None and len(options.start) == problem.n_cols:
            highs.setSolution(problem.n_cols, np.arange(problem.n_cols, dtype=np.int32),
                              options.start.astype(float))
        if options.relax and options.basis is not None:
            start_from(highs, options.basis, highspy)
        stops = Stops(options)
        stops.watch(highs)
        run_highs(highs, int(options.threads))
        stops.reraise()
        if highs.getModelStatus() == highspy.HighsModelStatus.kModelEmpty:
            return solve_alone(problem, "highs", highs.version(), time.perf_counter() - start)
        result = _result(highs, problem, options, time.perf_counter() - start, highspy)
        return stops.proven(result) if stops.by_bound else result


class Stops:
    """Interrupts HiGHS at the run's deadline (should its own time limit, set from the same
    deadline, let it run past it), and once its plan is within the gap of a bound proven
    elsewhere (`SolveOptions.known_bound`): HiGHS takes no outside dual bound, so the
    comparison is made here, on each plan it reports."""

    def __init__(self, options: SolveOptions) -> None:
        self.ends_at, self.known, self.gap = options.ends_at, options.known_bound, options.gap
        self.by_bound = False
        self.raised: BaseException | None = None
        """An exception raised in a callback (a signal's, whose handler runs wherever Python
        is): HiGHS drops it and solves on, so it is kept, HiGHS stopped, and raised after."""

    def watch(self, highs: Any) -> None:
        if self.known is not None:
            highs.cbMipInterrupt.subscribe(self._check)
        if self.ends_at is not None:
            for event in (highs.cbSimplexInterrupt, highs.cbIpmInterrupt):
                event.subscribe(self._check)
            if self.known is None:
                highs.cbMipInterrupt.subscribe(self._check)

    def _check(self, event: Any) -> None:
        try:
            self._stop_if_done(event)
        except BaseException as stop:  # Ctrl-C or SIGTERM, raised here by their handler
            self.raised = stop
            event.interrupt()

    def reraise(self) -> None:
        """Raise what a callback raised (see `raised`), if anything."""
        if self.raised is not None:
            raise self.raised

    def _stop_if_done(self, event: Any) -> None:
        raise_pending()  # a signal swallowed on its way (allocator.interrupts) stops it here
        if self.known is not None and _within(event.data_out.mip_primal_bound, self.known,
                                              self.gap):
            self.by_bound = True
            event.interrupt()
        elif self.ends_at is not None and time.perf_counter() > self.ends_at:
            event.interrupt()

    def proven(self, result: SolveResult) -> SolveResult:
        """A plan within the gap of the known bound: proven, with that bound if it is lower."""
        assert self.known is not None
        bound = self.known if result.bound is None else min(result.bound, self.known)
        return replace(result, status=Status.OPTIMAL, bound=bound, stop=StoppedOn.GAP,
                       message=reason("reason_within_bound"))


def _within(objective: float, bound: float, gap: float) -> bool:
    """Whether a plan of this value is within the relative gap of the bound."""
    if not np.isfinite(objective) or abs(objective) >= INF:
        return False
    return bound - objective <= gap * max(abs(objective), 1.0)


def _model(problem: AllocationProblem, relax: bool, highspy: Any) -> Any:
    lp = linear_program(problem.matrix, problem.objective, (problem.col_lower, problem.col_upper),
                        (problem.row_lower, problem.row_upper), highspy)
    lp.sense_ = highspy.ObjSense.kMaximize
    if not relax:
        kinds = highspy.HighsVarType
        lp.integrality_ = [kinds.kInteger if i else kinds.kContinuous for i in problem.integer]
    return lp


def linear_program(matrix: Any, cost: np.ndarray, cols: tuple[np.ndarray, np.ndarray],
                   rows: tuple[np.ndarray, np.ndarray], highspy: Any) -> Any:
    """A HighsLp (minimizing) of a scipy sparse matrix, its costs and (lower, upper) bounds of
    columns and rows; infinite bounds become HiGHS's infinity."""
    lp = highspy.HighsLp()
    matrix = matrix.tocsc()
    lp.num_col_, lp.num_row_ = matrix.shape[1], matrix.shape[0]
    lp.col_cost_ = np.asarray(cost, dtype=float)
    lp.col_lower_ = np.maximum(cols[0], -INF).astype(float)
    lp.col_upper_ = np.minimum(cols[1], INF).astype(float)
    lp.row_lower_ = np.maximum(rows[0], -INF).astype(float)
    lp.row_upper_ = np.minimum(rows[1], INF).astype(float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = matrix.indptr.astype(np.int32)
    lp.a_matrix_.index_ = matrix.indices.astype(np.int32)
    lp.a_matrix_.value_ = matrix.data.astype(float)
    return lp


def _result(highs: Any, problem: AllocationProblem, options: SolveOptions, seconds: float,
            highspy: Any) -> SolveResult:
    status = highs.getModelStatus()
    kinds = highspy.HighsModelStatus
    info = highs.getInfo()
    version = highs.version()
    solution = highs.getSolution()
    has_values = bool(info.primal_solution_status == 2)
    values = np.asarray(solution.col_value) if has_values else None
    objective = float(info.objective_function_value) if has_values else None
    if status == kinds.kOptimal:
        bound = objective if options.relax or not problem.integer.any() else _mip_bound(info)
        duals = np.asarray(solution.row_dual) if options.relax else None
        ranges = None
        if duals is not None and options.ranging and objective is not None:
            ranges = _row_ranges(highs, problem, duals, np.asarray(solution.row_value),
                                 objective, highspy)
        return SolveResult(Status.OPTIMAL, values, objective, bound, "highs", version, seconds,
                           row_duals=duals, row_ranges=ranges,
                           basis=_basis_of(highs) if options.ranging else None)
    if status in (kinds.kInfeasible, kinds.kUnboundedOrInfeasible):
        return SolveResult(Status.INFEASIBLE, None, None, None, "highs", version, seconds)
    if status in (kinds.kTimeLimit, kinds.kIterationLimit, kinds.kInterrupt):
        if values is not None:
            return SolveResult(Status.FEASIBLE, values, objective, _mip_bound(info), "highs",
                               version, seconds, reason("reason_time_limit"))
        return SolveResult(Status.NO_SOLUTION, None, None, None, "highs", version, seconds,
                           reason("reason_no_plan_in_time"))
    text = HIGHS_STATUS_WORDS.get(status.name, (highs.modelStatusToString(status), ""))[0]
    return SolveResult(Status.ERROR, None, None, None, "highs", version, seconds, text)


def _row_ranges(highs: Any, problem: AllocationProblem, duals: np.ndarray,
                activity: np.ndarray, objective: float, highspy: Any) -> np.ndarray | None:
    """Each row's range of its limit (its upper bound if it has one alone, else its lower)
    over which its dual holds. A basic row's dual (zero) holds from its activity outwards. A
    nonbasic row's range is HiGHS's row bound ranging, each end kept only where the objective
    HiGHS gives there is the dual's line (at a degenerate vertex it is not: that end is the
    limit itself)."""
    status, ranging = highs.getRanging()
    if status != highspy.HighsStatus.kOk:
        return None
    basic = np.array([s == highspy.HighsBasisStatus.kBasic for s in highs.getBasis().row_status],
                     dtype=bool)
    upper_only = np.isfinite(problem.row_upper) & ~np.isfinite(problem.row_lower)
    lower_only = np.isfinite(problem.row_lower) & ~np.isfinite(problem.row_upper)
    limit = np.where(upper_only, problem.row_upper, problem.row_lower)
    ends = []
    for record, outward in ((ranging.row_bound_dn, -np.inf), (ranging.row_bound_up, np.inf)):
        value = np.clip(np.asarray(record.value_, dtype=float), -np.inf, np.inf)
        value[np.abs(value) >= INF] = outward
        with np.errstate(invalid="ignore"):  # an infinite end has no objective to compare
            line = objective + duals * (value - limit)
            off = np.abs(np.asarray(record.objective_, dtype=float) - line)
        wrong = np.isfinite(value) & (off > 1e-7 * max(1.0, abs(objective)))
        ends.append(np.where(wrong, limit, value))
    low, high = ends
    low = np.where(basic & upper_only, activity, np.where(basic & lower_only, -np.inf, low))
    high = np.where(basic & lower_only, activity, np.where(basic & upper_only, np.inf, high))
    return np.column_stack([np.minimum(low, limit), np.maximum(high, limit)])


def _basis_of(highs: Any) -> LpBasis | None:
    """The solved LP's simplex basis (HiGHS's status codes), if it has a valid one."""
    basis = highs.getBasis()
    if not basis.valid:
        return None
    return LpBasis(np.array([int(s) for s in basis.col_status], dtype=np.int8),
                   np.array([int(s) for s in basis.row_status], dtype=np.int8))


def start_from(highs: Any, basis: LpBasis, highspy: Any) -> None:
    """Start the simplex from a neighbouring LP's basis (the same columns and rows); one of
    another shape is left out (HiGHS starts cold)."""
    lp = highs.getLp()
    if len(basis.cols) != lp.num_col_ or len(basis.rows) != lp.num_row_:
        return
    statuses = {int(status): status for status in highspy.HighsBasisStatus.__members__.values()}
    given = highspy.HighsBasis()
    given.col_status = [statuses[s] for s in basis.cols.tolist()]
    given.row_status = [statuses[s] for s in basis.rows.tolist()]
    given.valid = True
    highs.setBasis(given)


def _mip_bound(info: Any) -> float | None:
    bound = float(info.mip_dual_bound)
    return bound if np.isfinite(bound) and abs(bound) < INF else None


_banner = threading.Lock()
_banner_hidden = False
"""Whether HiGHS's first construction here is done (its banner hidden)."""


@contextmanager
def _banner_silenced() -> Iterator[None]:
    """HiGHS prints a banner to the process's stdout on its first construction; hide it. The
    swap of the process's stdout is made once, one thread at a time: two threads swapping it
    at once could leave it on /dev/null."""
    global _banner_hidden
    if _banner_hidden:
        yield
        return
    with _banner:
        if _banner_hidden:
            yield
            return
        sys.stdout.flush()
        saved = os.dup(1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            yield
            _banner_hidden = True
        finally:
            os.dup2(saved, 1)
            os.close(devnull)
            os.close(saved)
