"""The `allocate` command line.

Loading the engine's modules takes a moment before any command has put its own signal handlers
in place. Started as the `allocate` program, a SIGTERM in that moment (before a scenario is
read, so nothing is written) prints that it stopped and exits with 143, as a stopped run does;
`main` gives SIGTERM back to its default before a command starts."""

from __future__ import annotations

import os
import signal
import sys
import threading
from pathlib import Path
from types import FrameType

from allocator.errors import catalogued

PROGRAM = "allocate"
STOPPED_CODE = 143


def stopped_starting(signum: int, frame: FrameType | None) -> None:
    """Print the stop message and leave at once: nothing is open or half-written yet."""
    sys.stderr.write(catalogued("stopped_starting", signal="SIGTERM")[0] + "\n")
    sys.stderr.flush()
    os._exit(STOPPED_CODE)


def _guard_start() -> None:
    started = Path(sys.argv[0]).name if sys.argv else ""
    if (started == PROGRAM and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGTERM) is signal.SIG_DFL):
        signal.signal(signal.SIGTERM, stopped_starting)


_guard_start()
