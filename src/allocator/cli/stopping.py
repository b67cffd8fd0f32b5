"""Ctrl-C (SIGINT) and SIGTERM end a command cleanly: what is half-written is removed (a
sweep keeps its finished points), a line says so, and the exit code is 130 or 143."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from allocator.cli.common import errors
from allocator.staging import Terminated

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


@contextmanager
def stoppable(kept: str) -> Iterator[None]:
    """Within: SIGTERM raises Terminated where the process is; on either signal, print
    'stopped by ...' and `kept` (what is left behind), and exit with the signal's code."""
    def terminate(signum: int, frame: FrameType | None) -> None:
        raise Terminated(signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    except KeyboardInterrupt:
        _stop(signal.SIGINT, kept)
    except Terminated:
        _stop(signal.SIGTERM, kept)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _stop(signum: signal.Signals, kept: str) -> None:
    errors.print(f"stopped by {signum.name}: {kept}", markup=False, soft_wrap=True)
    sys.exit(EXIT_CODES[signum])
