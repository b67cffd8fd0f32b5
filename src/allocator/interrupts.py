"""Ctrl-C (SIGINT) and SIGTERM as exceptions raised where the process is, never lost on the way.

A signal's handler raises its exception wherever Python is. Where that is a finalizer or a
weakref's callback (a garbage collection), Python prints "Exception ignored" and goes on: the
stop is lost, and a sweep stopped so ran to its end and exited 0. So the command's handler
also notes the signal (`signalled`) until the command catches its exception (`caught`);
`raise_pending` raises it again at the next stage a run reaches (staging.reached) and in the
next callback of a solve (backends/highs.py), and the command raises it once its work is done.
"""

from __future__ import annotations

import signal


class Terminated(BaseException):
    """SIGTERM, raised where the process is, so that what is half-written is removed."""


INTERRUPTS = (KeyboardInterrupt, Terminated)

_PENDING: list[int] = []
"""The signal whose exception a handler raised and the command has not caught yet."""


def signalled(signum: int) -> BaseException:
    """The exception of signal `signum`, noted as pending until `caught`."""
    _PENDING[:] = [signum]
    return _exception(signum)


def caught() -> None:
    """The command caught the signal's exception: nothing is pending."""
    _PENDING.clear()


def pending() -> int | None:
    """The signal noted and not caught (a swallowed one), if any, now taken as caught."""
    found = _PENDING[0] if _PENDING else None
    _PENDING.clear()
    return found


def raise_pending() -> None:
    """Raise again the exception of a signal that was swallowed on its way (see above)."""
    if _PENDING:
        raise _exception(_PENDING[0])


def signal_of(stop: BaseException) -> int:
    """The signal an interrupt stands for (SIGINT for Ctrl-C)."""
    return int(stop.args[0]) if isinstance(stop, Terminated) and stop.args else signal.SIGINT


def _exception(signum: int) -> BaseException:
    return KeyboardInterrupt() if signum == signal.SIGINT else Terminated(signum)
