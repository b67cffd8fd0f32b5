"""Signals while the `allocate` program starts.

Loading the engine's modules takes a moment before any command has put its own signal handlers
in place. Started as the `allocate` program, a SIGTERM or a Ctrl-C (SIGINT) in that moment
(before a scenario is read, so nothing is written) prints that it stopped and exits with 143
or 130, as a stopped run does. This module is the first the package loads and needs nothing
but the standard library: a signal that comes before the message catalogue is loaded is held
until it is (`stop_if_pending`), then said; `main` then puts the commands' own handling in
place."""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

PROGRAM = "allocate"
STOPPED_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}
"""The exit code of a command stopped by each signal (128 + the signal's number)."""
UNTOUCHED = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: signal.SIG_DFL}
"""Each signal's handling as Python starts (a SIGINT ignored, as in a background job of a
shell without job control, stays ignored)."""
_PENDING: list[int] = []
"""A signal that came before the catalogue was loaded."""


def stopped_starting(signum: int, frame: FrameType | None) -> None:
    """Print the stop message and leave at once (nothing is open or half-written yet), or,
    before the catalogue that words it is loaded, hold the signal until it is."""
    if _catalogued() is None:
        _PENDING.append(signum)
        return
    _leave(signum)


def stop_if_pending() -> None:
    """Stop now if a signal came while the catalogue was being loaded."""
    if _PENDING:
        _leave(_PENDING[0])


def _catalogued() -> object:
    return getattr(sys.modules.get("allocator.errors"), "catalogued", None)


def _leave(signum: int) -> None:
    """The stop message, in the locale's language (no command has read a scenario yet)."""
    from allocator.errors import catalogued, environment_language

    name = signal.Signals(signum).name
    said = catalogued("stopped_starting", signal=name)[environment_language() == "zh"]
    sys.stderr.write(said + "\n")
    sys.stderr.flush()
    os._exit(STOPPED_CODES[signal.Signals(signum)])


def guard_start() -> None:
    """Started as `allocate` in the main thread: the signals stop the start cleanly (the
    standard library's modules only: a signal may come any moment)."""
    started = os.path.basename(sys.argv[0]) if sys.argv else ""
    if started != PROGRAM:
        return
    for signum, untouched in UNTOUCHED.items():
        try:
            if signal.getsignal(signum) is untouched:
                signal.signal(signum, stopped_starting)
        except ValueError:  # not the main thread: its caller handles the signals
            return
