"""Errors a user can act on. The CLI prints these as one paragraph and exits with their code."""

from __future__ import annotations

from collections.abc import Iterable
from difflib import get_close_matches

UNEXPECTED_EXIT_CODE = 3
"""Exit code of a fault nobody raised on purpose (the CLI logs its traceback)."""
CLOSED_OUTPUT_EXIT_CODE = 141
"""Exit code when the reader of the output went away (`allocate ... | head -1`): 128 + SIGPIPE,
as the shell's own commands end; what the command wrote to files is whole."""


class AllocatorError(Exception):
    """Base of every error allocator raises on purpose."""

    exit_code = 2


class UserError(AllocatorError):
    """Bad input: a scenario, a data file or a command-line argument. Exit code 2."""

    exit_code = 2


class InputOutputError(AllocatorError):
    """A file or folder could not be read or written (missing, a folder where a file was
    expected, no permission, disk full). Exit code 4; the message names the path and what to
    do."""

    exit_code = 4


def io_error(exc: OSError, doing: str = "use") -> InputOutputError:
    """An InputOutputError for an OSError: the path, the system's reason, and what to do."""
    reason = exc.strerror or " ".join(str(exc).split())[:300] or type(exc).__name__
    if exc.filename is None:
        return InputOutputError(f"cannot {doing} a file ({reason}); {_remedy(exc)}")
    return InputOutputError(f"{exc.filename}: cannot {doing} it ({reason}); {_remedy(exc)}")


def _remedy(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "check the path (relative paths are taken from the scenario file's folder)."
    if isinstance(exc, PermissionError):
        return "check the permissions, or choose a folder you may write to."
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "a file is in the way of a folder; choose another path or move the file."
    if isinstance(exc, IsADirectoryError):
        return "a folder is where a file was expected; give a file's path."
    return "check the path, the free space and the permissions, then run again."


class InfeasibleError(AllocatorError):
    """The constraints cannot all hold. Exit code 1; the message carries the diagnosis."""

    exit_code = 1


class NoPlanError(AllocatorError):
    """No plan was found in the time and search allowed, without a proof that none exists.
    Exit code 1; the message says what to loosen or raise."""

    exit_code = 1


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ' did you mean 'x'?' hint, or '' when nothing is close."""
    matches = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" Did you mean '{matches[0]}'?" if matches else ""


def examples(ids: Iterable[object], limit: int = 10) -> str:
    """Up to `limit` example ids for an error message, with a count of the rest."""
    items = [str(i) for i in ids]
    shown = ", ".join(items[:limit])
    more = len(items) - limit
    return f"{shown} (and {more} more)" if more > 0 else shown
