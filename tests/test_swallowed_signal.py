"""A signal whose exception Python swallows on its way (raised in a finalizer) still stops the
command: at the next stage it reaches, and at the latest once its work is done."""

from __future__ import annotations

import gc
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from allocator.cli.stopping import stoppable
from allocator.interrupts import Terminated, caught
from allocator.staging import reached

pytestmark = pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")


def handler() -> None:
    """The command's SIGTERM handler run here, as a signal that comes now runs it (SIGINT may
    be ignored where the tests run in the background; its handler is the same)."""
    signal.getsignal(signal.SIGTERM)(signal.SIGTERM, None)  # type: ignore[operator]


class SignalledInFinalizer:
    """Its finalizer runs the command's handler, as a signal that comes during a garbage
    collection does: Python prints "Exception ignored" and goes on."""

    def __del__(self) -> None:
        handler()


def swallowed() -> None:
    holder = [SignalledInFinalizer()]
    holder.append(holder)  # a cycle: freed by the collector, as a weakref callback would be
    del holder
    gc.collect()


def test_a_swallowed_interrupt_stops_the_command_once_its_work_is_done(
        capsys: pytest.CaptureFixture[str]) -> None:
    # a sweep stopped this way ran to its end and exited 0, its Ctrl-C lost
    done = []
    with pytest.raises(SystemExit) as stopped, stoppable("stopped_run", lambda: "en"):
        swallowed()
        done.append(True)  # the work went on past the swallowed exception
    assert done == [True] and stopped.value.code == 143
    said = capsys.readouterr().err
    assert "Stopped by SIGTERM: no run folder was written" in said
    assert "Exception ignored" not in said and "Traceback" not in said  # raised again: quiet


def test_a_swallowed_interrupt_stops_the_work_at_its_next_stage() -> None:
    with pytest.raises(SystemExit) as stopped, stoppable("stopped_run", lambda: "en"):
        swallowed()
        with pytest.raises(Terminated):
            reached("solve")
        raise Terminated(signal.SIGTERM)  # as it goes on to the command, which says so
    assert stopped.value.code == 143


def test_nothing_is_pending_once_the_command_caught_it() -> None:
    with pytest.raises(SystemExit), stoppable("stopped_run", lambda: "en"):
        handler()
    reached("solve")  # the stop was said: nothing is raised again
    caught()


def test_a_signal_swallowed_past_the_command_is_said_as_it_ends(tmp_path: Path) -> None:
    # noted and never raised again (swallowed after the command's last stage): the program's
    # end says it, with its exit code, never a traceback from the last stage
    code = ("import signal; from allocator.interrupts import signalled; "
            "from allocator.cli.stopping import leave; "
            "signalled(signal.SIGTERM); leave(0)")
    ended = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=60, cwd=tmp_path)
    assert ended.returncode == 143, ended.stderr
    assert "Stopped by SIGTERM" in ended.stderr and "Traceback" not in ended.stderr
