"""The output folder: errors in writing it (exit code 4) and the checks made before a solve."""

from __future__ import annotations

from allocator.errors import AllocatorError

IO_EXIT_CODE = 4


class OutputError(AllocatorError):
    """A file or folder allocator must write or read cannot be (not writable, a file where a
    folder should be, disk full, a registry held by another process). Exit code 4; the message
    names the path and what to do."""

    exit_code = IO_EXIT_CODE
