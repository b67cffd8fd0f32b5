"""Ctrl-C (SIGINT) and SIGTERM end a command cleanly: what is half-written is removed (a
sweep keeps its finished points), a line in the scenario's language says so, and the exit
code is 130 or 143."""

from __future__ import annotations

import atexit
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn

from allocator.cli.wrapping import print_paragraphs
from allocator.errors import CLOSED_OUTPUT_EXIT_CODE, LANGUAGE, AllocatorError
from allocator.interrupts import (
    INTERRUPTS,
    Terminated,
    caught,
    pending,
    raise_pending,
    signalled,
)
from allocator.report.language import Language, Words
from allocator.run_folder import has_plan
from allocator.scenario import load_scenario
from allocator.staging import (
    SWEEP,
    StoppedWhenWritten,
    in_place,
    in_place_count,
    is_base,
    kept_count,
    reached,
)

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


@contextmanager
def stoppable(message: str, language: Callable[[], Language]) -> Iterator[None]:
    """Within: Ctrl-C raises KeyboardInterrupt and SIGTERM Terminated where the process is,
    each noted until caught (interrupts: one a finalizer swallowed is raised again); on either
    signal, print the catalogue's `message` (what is left behind) and exit with the signal's
    code. A run whose folder was already renamed into place says where the complete folder is
    instead."""
    def interrupted(signum: int, frame: FrameType | None) -> None:
        raise signalled(signum)

    def unraisable(found: Any) -> None:  # swallowed and raised again: no traceback shown
        if not isinstance(found.exc_value, INTERRUPTS):
            told(found)

    told, sys.unraisablehook = sys.unraisablehook, unraisable
    previous = signal.signal(signal.SIGTERM, interrupted)
    interrupt = signal.getsignal(signal.SIGINT)
    if interrupt is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, interrupted)
    before, kept = in_place_count(), kept_count()
    try:
        yield
        raise_pending()  # swallowed all the way: the command stops all the same
    except KeyboardInterrupt:
        caught()
        _stop_run(signal.SIGINT, message, language, (before, kept))
    except Terminated:
        caught()
        _stop_run(signal.SIGTERM, message, language, (before, kept))
    except StoppedWhenWritten as stop:  # the folder is whole; only its registration is not
        caught()
        _stop(signal.Signals(stop.signum), base_stop_key(stop.folder) if is_base(stop.folder)
              else "stopped_registering", language, folder=stop.folder)
    finally:
        signal.signal(signal.SIGTERM, previous)
        signal.signal(signal.SIGINT, interrupt)
        sys.unraisablehook = told


def stopped_late(signum: int, frame: FrameType | None) -> None:
    """A signal outside a command's stoppable work (before it, or after its folder is
    written, while its tables are printed): the stop line, naming the complete folder put in
    place if there is one, and the signal's exit code."""
    language: Language = "zh" if LANGUAGE.get() == "zh" else "en"
    folder = in_place()
    if folder is not None and folder.is_dir() and not folder.parent.parent.name.startswith(
            SWEEP):  # not a point of a sweep that was not completed
        message = "stopped_swept" if folder.name.startswith("sweep-") else "stopped_written"
        _stop(signal.Signals(signum), message, lambda: language, folder=folder)
    _stop(signal.Signals(signum), "stopped_plain", lambda: language)


def leave(code: int) -> NoReturn:
    """End the `allocate` program with `code` once its command is done, the signals still
    said: the exit functions run, the output is flushed and the process ends at once, without
    the interpreter's slow teardown (a signal there would end it silently). A signal that
    comes meanwhile is noted, then said as stopped_late says it, with its exit code."""
    late: list[int] = []
    for signum in EXIT_CODES:
        if signal.getsignal(signum) is stopped_late:
            signal.signal(signum, lambda number, frame: late.append(number))
    swallowed = pending()  # a signal whose exception nothing raised again: said as late
    if swallowed is not None:
        late.append(swallowed)
    atexit._run_exitfuncs()
    reached("leave")  # a test hook: a signal here is said too
    code = _flushed(code)
    if late:
        try:
            stopped_late(late[0], None)
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else EXIT_CODES[signal.SIGTERM]
        code = _flushed(code)
    os._exit(code)


def exit_code(done: SystemExit) -> int:
    """The exit code a SystemExit stands for, as Python gives it (a message: said, then 1)."""
    if done.code is None or isinstance(done.code, int):
        return done.code or 0
    print(done.code, file=sys.stderr)
    return 1


def _flushed(code: int) -> int:
    """`code` once the output is written out (CLOSED_OUTPUT_EXIT_CODE if its reader went
    away)."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            code = code or CLOSED_OUTPUT_EXIT_CODE
        except (OSError, ValueError):  # closed, or nowhere to write: nothing more to say
            continue
    return code


def scenario_language(scenario: Path, sets: Sequence[str], use: Sequence[str]
                      ) -> Callable[[], Language]:
    """The scenario's report language, read when asked (English if it cannot be read)."""
    def read() -> Language:
        try:
            return load_scenario(scenario, sets, use).scenario.output.language
        except (AllocatorError, OSError):
            return "en"

    return read


def _stop_run(signum: signal.Signals, message: str, language: Callable[[], Language],
              before: tuple[int, int]) -> None:
    """`message`, unless a run folder was put in place (after the first `before[0]`); a sweep
    that kept no folder (after the first `before[1]`) says that nothing was kept."""
    folder = in_place(before[0])
    if message == "stopped_run" and folder is not None:
        _stop(signum, base_stop_key(folder) if is_base(folder) else "stopped_written",
              language, folder=folder)
    if message == "stopped_sweep" and folder is not None and folder.name.startswith("sweep-"):
        _stop(signum, "stopped_swept", language, folder=folder)
    if message == "stopped_sweep" and kept_count() == before[1]:
        message = "stopped_sweep_empty"
    _stop(signum, message, language)


def _stop(signum: signal.Signals, message: str, language: Callable[[], Language],
          **values: object) -> None:
    """The stop line, wrapped as an error is (a folder it names whole, to paste), and the
    signal's exit code."""
    print_paragraphs(Words(language())(message, signal=signum.name, **values),
                     whole=list(values.values()))
    sys.exit(EXIT_CODES[signum])


def base_stop_key(folder: Path) -> str:
    """What a stop says of the plain run a what-if planned first as its base: the what-if,
    run again, keeps it; or, where it has no plan, starts from today's books."""
    try:
        planned = has_plan(folder)
    except (AllocatorError, OSError):
        planned = False
    return "stopped_base_written" if planned else "stopped_base_no_plan"
