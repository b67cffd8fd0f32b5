"""HiGHS's threads: one scheduler per process, sized by its first run, shared by every HiGHS
model here. A run that asks for another size is refused (HiGHS stops at once with an error,
which reads as "no plan"): a scenario's `solver.threads: 1` after a run at 2 in the same
notebook, or a model left at HiGHS's own choice (0: sized by the machine's cores) run first on
a large server, made every later MIP's steps unmeasured. Every HiGHS run here goes through
`run_highs`, which restarts the scheduler at the size asked for where no other run holds it,
and otherwise lets the run take the scheduler as it is.
"""

from __future__ import annotations

import threading
from typing import Any

_lock = threading.Lock()
_size: int | None = None
"""The scheduler's size as last set here (None: not known)."""
_running = 0
"""HiGHS runs under way in this process."""


def run_highs(highs: Any, threads: int = 0) -> Any:
    """`highs.run()` on `threads` threads (0: the scheduler as it is), its status returned."""
    given = _granted(threads)
    highs.setOptionValue("threads", given)
    try:
        return highs.run()
    finally:
        _done()


def forget_scheduler() -> None:
    """Forget the scheduler this process inherited by a fork (its threads stayed in the
    parent): the next run starts one."""
    global _size, _running
    try:
        import highspy
    except ImportError:
        return
    highspy.Highs.resetGlobalScheduler(False)
    _size, _running = None, 0


def _granted(threads: int) -> int:
    """The thread count a run may ask for: `threads` where the scheduler has that size or no
    run holds it (it is then restarted at that size), else 0 (the scheduler's own size)."""
    global _size, _running
    with _lock:
        if threads > 0 and threads != _size and _running == 0:
            import highspy

            highspy.Highs.resetGlobalScheduler(True)
            _size = threads
        _running += 1
        return threads if threads == _size else 0


def _done() -> None:
    global _running
    with _lock:
        _running -= 1
