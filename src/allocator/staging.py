"""Temporary folders of runs and sweeps being written. Each is named after the process that
writes it and its machine (`.<name>-p<pid>.<machine>-<random>`, the machine a short hash of its
host name: Dask workers write into the same folders), so a later run on that machine can tell
a folder whose writer was killed from one still being written, and remove it; an interrupted
sweep's finished points are kept for `allocate sweep ... --resume`."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from allocator.interrupts import raise_pending
from allocator.report.language import Language, Words

OWNER = re.compile(r"-p(\d+)\.([0-9a-f]{8})-[^-]+$")
SWEEP = ".sweep-"
ROWS = "rows"
"""The folder of a sweep in progress that holds one finished point's row per file."""
PAUSE = "ALLOCATOR_PAUSE_AT"
"""Test hook: `stage:marker-file` makes the process create the marker when it reaches the
stage, then wait there (ALLOCATOR_PAUSE_SECONDS, default 30), so a test can signal it."""
Notify = Callable[[str], None]


class StoppedWhenWritten(BaseException):
    """A signal that came while a complete folder was being registered: the folder stays."""

    def __init__(self, signum: int, folder: Path) -> None:
        super().__init__(signum, folder)
        self.signum, self.folder = signum, folder


_IN_PLACE: list[Path] = []
"""The run folders this process has renamed into place: complete, whatever stops it next."""


def put_in_place(folder: Path) -> None:
    """Note that `folder` is complete and in place."""
    _IN_PLACE.append(folder)
    if _PLANNING_BASE:
        _BASES.append(folder)


_BASES: list[Path] = []
"""The run folders in place that a what-if planned first as its base (its plain run)."""
_PLANNING_BASE: list[bool] = []


@contextmanager
def planning_base() -> Iterator[None]:
    """The run folders put in place meanwhile are the plain run a what-if plans first as its
    base: a stop after one has still written no what-if."""
    _PLANNING_BASE.append(True)
    try:
        yield
    finally:
        _PLANNING_BASE.pop()


def is_base(folder: Path) -> bool:
    return folder in _BASES


_KEPT_ON_STOP: list[Path] = []
"""The sweep folders this process kept, with finished points, when a signal stopped it."""


def kept_on_stop(folder: Path) -> None:
    """Note that a stopped sweep's `folder` is kept for --resume."""
    _KEPT_ON_STOP.append(folder)


def kept_count() -> int:
    return len(_KEPT_ON_STOP)


def in_place(since: int = 0) -> Path | None:
    """The last run folder put in place after the first `since` (None: none)."""
    return _IN_PLACE[-1] if len(_IN_PLACE) > since else None


def in_place_count() -> int:
    return len(_IN_PLACE)


def machine() -> str:
    return hashlib.sha256(socket.gethostname().encode()).hexdigest()[:8]


def staging_prefix(name: str) -> str:
    """The prefix of a temporary folder this process writes for `name`."""
    return f".{name}-p{os.getpid()}.{machine()}-"


def owner(folder: Path) -> int | None:
    """The process of this machine that writes a temporary folder (None if the name does not
    say, or names another machine's)."""
    found = OWNER.search(folder.name)
    if not found or not folder.name.startswith(".") or found.group(2) != machine():
        return None
    return int(found.group(1))


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def finished_points(sweep: Path) -> int:
    rows = sweep / ROWS
    return len(list(rows.glob("*.json"))) if rows.is_dir() else 0


def clean_stale(root: Path, notify: Notify | None = None, language: Language = "en",
                say_kept: bool = True) -> None:
    """Remove the temporary folders under the reports folder `root` whose writer is gone (one
    line each through `notify`); a sweep with finished points is kept for --resume (said
    unless not `say_kept`: a sweep being resumed says what it takes over)."""
    say = notify or (lambda _: None)
    words = Words(language)
    if not root.is_dir():
        return
    for folder in sorted([*root.glob("*/.*"), *root.glob("*/fits/.*"),
                          *root.glob("*/compare/.*")]):
        pid = owner(folder)
        if pid is None or not folder.is_dir() or alive(pid):
            continue
        points = finished_points(folder) if folder.name.startswith(SWEEP) else 0
        if points:
            if say_kept:
                say(words("stale_sweep_kept", folder=folder, points=points, pid=pid))
            continue
        shutil.rmtree(folder, ignore_errors=True)
        say(words("stale_removed", folder=folder, pid=pid))


def reached(stage: str) -> None:
    """A stage of the work: a signal swallowed on its way stops it here (interrupts); and a
    pause once if the test hook asks for this stage (see PAUSE)."""
    raise_pending()
    name, _, marker = os.environ.get(PAUSE, "").partition(":")
    if name != stage or not marker or Path(marker).exists():
        return
    Path(marker).write_text(str(os.getpid()))
    time.sleep(float(os.environ.get("ALLOCATOR_PAUSE_SECONDS", "30")))
