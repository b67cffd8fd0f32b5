"""The `allocate` command line.

Loading the engine's modules takes a moment before any command has put its own signal handlers
in place. Started as the `allocate` program, a SIGTERM or a Ctrl-C (SIGINT) in that moment
(before a scenario is read, so nothing is written) prints that it stopped and exits with 143
or 130, as a stopped run does; `main` then puts the commands' own handling in place."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from allocator.errors import catalogued

PROGRAM = "allocate"
STOPPED_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
"""The exit code of a command stopped by each signal (128 + the signal's number)."""
UNTOUCHED = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
"""Each signal's handling as Python starts (a SIGINT ignored, as in a background job of a
shell without job control, stays ignored)."""


def stopped_starting(signum: int, frame: FrameType | None) -> None:
    """Print the stop message and leave at once: nothing is open or half-written yet."""
    name = signal.Signals(signum).name
    sys.stderr.write(catalogued("stopped_starting", signal=name)[0] + "\n")
    sys.stderr.flush()
    os._exit(STOPPED_CODES[signal.Signals(signum)])


def _guard_start() -> None:
    started = Path(sys.argv[0]).name if sys.argv else ""
    if started != PROGRAM or threading.current_thread() is not threading.main_thread():
        return
    for signum, untouched in UNTOUCHED.items():
        if signal.getsignal(signum) is untouched:
            signal.signal(signum, stopped_starting)


_guard_start()
