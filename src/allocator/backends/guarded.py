"""A solve that ends by the run's deadline whatever the solver does.

A solver's own time limit is checked only between its steps: HiGHS 1.16, given 15 s on a
generalized assignment book of 80 RMs and 1,600 customers (128,000 binaries), spent 130-230 s
before its first node on a busy machine, neither its time limit nor its interrupt callbacks
asked. So the exact path's solve runs in a forked process of its own (which first drops the
HiGHS threads it did not inherit: without that, a fork of a process that has run HiGHS hangs),
ended a grace past its time limit (`grace`: a share of it, within bounds); the solve
then has no plan, stopped on the time limit. Where this process may not start one (a daemonic
worker, e.g. of a Dask cluster), the solve runs here on its own time limit. `ForkedSolve`
starts such a process and lets this one go on with other work (allocator.portfolio runs the
decomposition beside it); given a function that builds the model, it builds it there too, so
the work beside it starts at once.
"""

from __future__ import annotations

import multiprocessing
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
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
from allocator.backends.highs_threads import forget_scheduler
from allocator.backends.reasons import reason
from allocator.problem import AllocationProblem

GRACE = (0.5, 0.05, 2.0)
"""Seconds past its time limit before the solver's process is ended (`grace`): at least the
first, the second's share of the time limit, at most the third. A run's time limit is a
promise: with 2 s on every solve, an `auto` run of 10 s on a GAP book of 80 RMs by 1,600
customers ended at 11.9 s, its exact process past its own limit without a plan."""
GUARDED_COLUMNS = 20_000
"""Problems with fewer columns are solved here (a fork costs 20-70 ms; the phases that do not
ask the clock take a fraction of a second on them)."""


def solve_by_deadline(backend: Backend, problem: AllocationProblem,
                      options: SolveOptions) -> SolveResult:
    """`backend.solve`, ended its `grace` past its time limit (or the time left before
    `options.ends_at`, if sooner) if the solver overruns it (on a problem of GUARDED_COLUMNS
    columns or more)."""
    if (options.ends_at is None or problem.n_cols < GUARDED_COLUMNS
            or multiprocessing.current_process().daemon):
        return backend.solve(problem, options)
    return ForkedSolve(backend, problem, options).result()


def grace(seconds: float) -> float:
    """Seconds a solve given `seconds` may overrun them before its process is ended (GRACE)."""
    least, share, most = GRACE
    return min(max(least, share * seconds), most)


def may_fork() -> bool:
    """Whether this process may start a solve in a process of its own (not a daemonic one)."""
    return not multiprocessing.current_process().daemon


def main_process() -> bool:
    """Whether this is the program's own process, not a worker forked from it (a sweep's or
    a cluster's): a HiGHS scheduler reset in a fork of a fork has crashed the forked solve."""
    return multiprocessing.parent_process() is None


Model = AllocationProblem | Callable[[], tuple[AllocationProblem, SolveOptions]]
"""A model, or a function that builds it and gives the options of its solve."""


@dataclass(frozen=True)
class Built:
    """A model built in the forked process (sent back where its solve found a plan), and the
    seconds the build took."""

    problem: AllocationProblem | None
    result: SolveResult
    seconds: float


class ForkedSolve:
    """`backend.solve` in a forked process of its own, started at once: this process goes on
    with other work, asks whether the answer is in (`done`) and takes it (`result`), waiting
    until its `grace` past the solve's time limit at most. Given a function that builds the
    model, the model is built there too (`built` holds it once the result is in)."""

    def __init__(self, backend: Backend, problem: Model, options: SolveOptions) -> None:
        self.backend, self.seconds = backend, seconds_given(options)
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        self.child = context.Process(target=_solve_into, args=(backend, problem, options, send))
        self.start = time.perf_counter()
        self.child.start()
        send.close()
        self.answer: Any = None
        self.answered = False
        self.built: Built | None = None

    def done(self) -> bool:
        """Whether the solve has answered (or its process ended), without waiting."""
        if not self.answered and self.receive.poll(0):
            self._take(0.0)
        return self.answered

    def result(self) -> SolveResult:
        if not self.answered:
            try:
                self._take(max(self.start + self.seconds + grace(self.seconds)
                                   - time.perf_counter(), 0.0))
            except BaseException:  # Ctrl-C (the solve's process ignores it): end it too
                self.stop()
                raise
        ended = self.child.exitcode is None and self.answer is None
        if ended:
            self.child.kill()
        self.child.join()
        self.receive.close()
        if isinstance(self.answer, BaseException):
            raise self.answer
        if isinstance(self.answer, Built):
            self.built = self.answer
            return self.answer.result
        if isinstance(self.answer, SolveResult):
            return self.answer
        seconds = time.perf_counter() - self.start
        if ended:
            return SolveResult(Status.NO_SOLUTION, None, None, None, self.backend.name, "",
                               seconds, reason("reason_stopped_in_time"),
                               stop=StoppedOn.TIME_LIMIT)
        return SolveResult(Status.ERROR, None, None, None, self.backend.name, "", seconds,
                           reason("reason_process_ended", code=self.child.exitcode))

    def stop(self) -> None:
        """End the solve's process unless it has ended (this process gave up on the solve)."""
        if self.child.exitcode is None:
            self.child.kill()
        self.child.join()
        self.receive.close()

    def _take(self, seconds: float) -> None:
        self.answer = _answer(self.receive, seconds)
        self.answered = True


def _answer(receive: Connection, seconds: float) -> Any:
    """What the solver's process sent within `seconds`, or None."""
    if not receive.poll(seconds):
        return None
    try:
        return receive.recv()
    except EOFError:  # the process died without an answer
        return None


def _solve_into(backend: Backend, problem: Model, options: SolveOptions,
                send: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is this process's parent's to act on
    try:
        _fresh_highs_threads()
        answer: Any = (backend.solve(problem, options) if isinstance(problem, AllocationProblem)
                       else _built_and_solved(backend, problem))
    except Exception as error:
        answer = error
    send.send(answer)
    send.close()


def _built_and_solved(backend: Backend,
                      build: Callable[[], tuple[AllocationProblem, SolveOptions]]) -> Built:
    start = time.perf_counter()
    problem, options = build()
    seconds = time.perf_counter() - start
    result = backend.solve(problem, options)
    return Built(problem if result.values is not None else None, result, seconds)


def _fresh_highs_threads() -> None:
    """Forget the HiGHS scheduler this process inherited (its threads stayed in the parent)."""
    forget_scheduler()
