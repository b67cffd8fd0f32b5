"""HiGHS's threads: each thread that runs HiGHS has one scheduler of its own, sized by the first
run on it, shared by every later HiGHS model run on that thread. A run that asks for another
size is refused (HiGHS stops at once with an error, which read as "no plan in time"): a
scenario's `solver.threads: 1` measured none of its steps, since the prices' LP at the default
two threads had sized the scheduler first. Every HiGHS run here goes through `run_highs`, which
restarts the thread's scheduler where a run asks for another size (no other run can hold it:
a thread runs one model at a time).
"""

from __future__ import annotations

import threading
from typing import Any

_here = threading.local()
"""`size`: this thread's scheduler's size as last set here (absent: not known)."""


def run_highs(highs: Any, threads: int = 0) -> Any:
    """`highs.run()` on `threads` threads (0: the scheduler as it is, or HiGHS's own choice
    where the thread has none), its status returned."""
    highs.setOptionValue("threads", _granted(threads))
    return highs.run()


def forget_scheduler() -> None:
    """Forget the scheduler this thread inherited by a fork (its threads stayed in the
    parent): the next run starts one."""
    try:
        import highspy
    except ImportError:
        return
    highspy.Highs.resetGlobalScheduler(False)
    _here.size = None


def _granted(threads: int) -> int:
    """The thread count a run on this thread may ask for: `threads`, the thread's scheduler
    restarted at that size where it had another (or one not known); 0 stays 0 (HiGHS takes
    any scheduler then)."""
    if threads > 0 and threads != getattr(_here, "size", None):
        import highspy

        highspy.Highs.resetGlobalScheduler(True)
        _here.size = threads
    return threads
