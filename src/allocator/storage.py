"""The output folder: errors in writing it (exit code 4) and the checks made before a solve."""

from __future__ import annotations

import errno
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from allocator.errors import InputOutputError


class OutputError(InputOutputError):
    """A file or folder allocator must write cannot be (not writable, a file where a folder
    should be, disk full, a registry held by another process). Exit code 4; the message names
    the path and what to do."""


MIN_FREE_BYTES = 64 * 2**20
"""Below this much free space a run is refused before its solve: a plan's files of a small
book take a few megabytes; a large book's customer plan takes far more."""


def check_writable(folder: Path, need: int = MIN_FREE_BYTES) -> None:
    """Before a long solve: the output folder is a folder (made if missing), allocator can
    create files in it, and it has at least `need` bytes free; OutputError naming it if not."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: is a file, not a folder; give a folder for the runs with "
                          "--out or output.dir.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"allocator")
    except OSError as error:
        raise OutputError(f"{folder}: cannot write here ({_reason(error)}); give a folder you "
                          "can write with --out or output.dir.") from None
    free = shutil.disk_usage(folder).free
    if free < need:
        raise OutputError(f"{folder}: only {free / 2**20:,.0f} MB free, {need / 2**20:,.0f} MB "
                          "needed; free some space or give another folder with --out.")


@contextmanager
def writing(folder: Path) -> Iterator[None]:
    """Turn a failed write into an OutputError naming the file and what to do."""
    try:
        yield
    except OSError as error:
        where = error.filename or folder
        raise OutputError(f"{where}: cannot write the run ({_reason(error)}); "
                          f"{_advice(error)}") from None


def _reason(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _advice(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return ("the disk is full: free some space, or give another folder with --out, and "
                "run again.")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "give a folder you can write with --out or output.dir, and run again."
    return "check the folder (--out or output.dir) and run again."
