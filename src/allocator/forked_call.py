"""A function called in a forked process of its own, its answer sent back.

Two pieces of pure-Python and pandas work side by side on two threads take turns at the GIL:
at a million customers, the check of a plan (3.5 s) and the decomposition's prices of its
limits (6 s) took 9.6 s together on two threads. In a forked process the second runs on the
other core, reading what this process had built without a copy (the pages are shared until
written), and only its answer is sent back. The process first drops the HiGHS threads it did
not inherit (allocator.backends.guarded: a fork that runs HiGHS hangs otherwise), and leaves
Ctrl-C to this process, which ends it. Where no answer comes (the process died: out of memory,
killed), the caller is told so and computes it here.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Generic, TypeVar

from allocator.backends.guarded import main_process, may_fork
from allocator.backends.highs_threads import forget_scheduler

T = TypeVar("T")

APART_ABOVE = 100_000
"""A run of a book of more customers than this forks its pure-Python side work (the
decomposition's prices beside the plan's check, the pages beside the other files' writing),
where this process may fork: the fork costs tens of milliseconds, the work seconds."""


def may_call_apart() -> bool:
    """Whether this process may fork a call: the program's own process (not a daemonic
    worker, which may start no process, nor a sweep's forked worker, whose forks have crashed
    resetting HiGHS), on a system that forks."""
    return (may_fork() and main_process()
            and "fork" in multiprocessing.get_all_start_methods())


class ForkedCall(Generic[T]):
    """`call()` started at once in a forked process; `result()` waits for its answer (its
    exception raised here), or gives None if the process ended without one; `stop()` ends it
    unanswered. Either must be called: an answer larger than the pipe holds is sent only as
    it is read."""

    def __init__(self, call: Callable[[], T]) -> None:
        context = multiprocessing.get_context("fork")
        self.receive, send = context.Pipe(duplex=False)
        # daemonic: ended, not waited for, if this process exits without taking the answer
        self.child = context.Process(target=_call_into, args=(call, send), daemon=True)
        self.child.start()
        send.close()

    def result(self) -> T | None:
        try:
            return self.received()
        except BaseException:  # Ctrl-C while waiting: the call is not wanted any more
            self.child.kill()
            raise
        finally:
            self.child.join()
            self.receive.close()

    def received(self) -> T | None:
        """The answer, waited for but the process not (`result` less the wait for it to end:
        a process forked from this one after the call began may read it too, only this one
        may wait for it, by `result` or `stop`); None if the process ended without one."""
        try:
            answer = self.receive.recv()
        except EOFError:  # the process ended without an answer
            return None
        if isinstance(answer, _Raised):
            raise answer.error
        return answer

    def stop(self) -> None:
        """End the process without its answer (not wanted any more): it would otherwise wait,
        its answer unread, for ever."""
        if self.child.exitcode is None:
            self.child.kill()
        self.child.join()
        self.receive.close()


class _Raised:
    """An exception the call raised, sent back to be raised by the caller."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


def _call_into(call: Callable[[], object], send: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to act on
    forget_scheduler()
    try:
        answer: object = call()
    except Exception as error:
        answer = _Raised(error)
    try:
        send.send(answer)
    except Exception:  # an answer that cannot be sent: none, and the caller computes it
        pass
    finally:
        send.close()
