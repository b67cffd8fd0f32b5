"""A solve that ends by the run's deadline whatever the solver does.

A solver's own time limit is checked only between its steps: HiGHS 1.16, given 15 s on a
generalized assignment book of 80 RMs and 1,600 customers (128,000 binaries), spent 130-230 s
before its first node on a busy machine, neither its time limit nor its interrupt callbacks
asked. So the exact path's solve runs in a forked process of its own (which first drops the
HiGHS threads it did not inherit: without that, a fork of a process that has run HiGHS hangs),
ended GRACE seconds past its time limit (at most the time left before the deadline); the solve
then has no plan, stopped on the time limit. Where this process may not start one (a daemonic
worker, e.g. of a Dask cluster), the solve runs here on its own time limit.
"""

from __future__ import annotations

import multiprocessing
import time
from multiprocessing.connection import Connection
from typing import Any

from allocator.backends.base import (
    Backend,
    SolveOptions,
    SolveResult,
    Status,
    StoppedOn,
    seconds_given,
)
from allocator.problem import AllocationProblem

GRACE = 2.0
"""Seconds past the deadline before the solver's process is ended."""
GUARDED_COLUMNS = 20_000
"""Problems with fewer columns are solved here (a fork costs 20-70 ms; the phases that do not
ask the clock take a fraction of a second on them)."""


def solve_by_deadline(backend: Backend, problem: AllocationProblem,
                      options: SolveOptions) -> SolveResult:
    """`backend.solve`, ended GRACE seconds past its time limit (or the time left before
    `options.ends_at`, if sooner) if the solver overruns it (on a problem of GUARDED_COLUMNS
    columns or more)."""
    if (options.ends_at is None or problem.n_cols < GUARDED_COLUMNS
            or multiprocessing.current_process().daemon):
        return backend.solve(problem, options)
    seconds = seconds_given(options)
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_solve_into, args=(backend, problem, options, send))
    start = time.perf_counter()
    child.start()
    send.close()
    answer = _answer(receive, seconds + GRACE)
    ended = child.exitcode is None and answer is None
    if ended:
        child.kill()
    child.join()
    receive.close()
    if isinstance(answer, BaseException):
        raise answer
    if isinstance(answer, SolveResult):
        return answer
    seconds = time.perf_counter() - start
    if ended:
        return SolveResult(Status.NO_SOLUTION, None, None, None, backend.name, "", seconds,
                           "stopped at the time limit before any plan was found",
                           stop=StoppedOn.TIME_LIMIT)
    return SolveResult(Status.ERROR, None, None, None, backend.name, "", seconds,
                       f"the solver's process ended without an answer (exit code "
                       f"{child.exitcode})")


def _answer(receive: Connection, seconds: float) -> Any:
    """What the solver's process sent within `seconds`, or None."""
    if not receive.poll(seconds):
        return None
    try:
        return receive.recv()
    except EOFError:  # the process died without an answer
        return None


def _solve_into(backend: Backend, problem: AllocationProblem, options: SolveOptions,
                send: Connection) -> None:
    try:
        _fresh_highs_threads()
        answer: Any = backend.solve(problem, options)
    except Exception as error:
        answer = error
    send.send(answer)
    send.close()


def _fresh_highs_threads() -> None:
    """Forget the HiGHS scheduler this process inherited (its threads stayed in the parent)."""
    try:
        import highspy
    except ImportError:
        return
    highspy.Highs.resetGlobalScheduler(False)
