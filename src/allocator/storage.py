"""The output folder: errors in writing it (exit code 4) and the checks made before a solve."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

from allocator.errors import InputOutputError, catalogued, os_reason


class OutputError(InputOutputError):
    """A file or folder allocator must write cannot be (not writable, a file where a folder
    should be, disk full, a registry held by another process). Exit code 4; the message names
    the path and what to do."""


MIN_FREE_BYTES = 64 * 2**20
"""Below this much free space a run is refused before its solve: a plan's files of a small
book take a few megabytes; a large book's customer plan takes far more."""


def check_writable(folder: Path, need: int = MIN_FREE_BYTES) -> list[Path]:
    """Before a long solve: the output folder is a folder (made if missing), allocator can
    create files in it, and it has at least `need` bytes free; OutputError naming it if not.
    Return the folders it made, the outermost first."""
    _no_file_in_the_way(folder)
    made: list[Path] = []
    try:
        _make(folder, made)
        with tempfile.TemporaryFile(dir=folder) as probe:
            probe.write(b"allocator")
    except OSError as error:
        remove_if_empty(made)
        raise unwritable(folder, error) from None
    free = shutil.disk_usage(folder).free
    if free < need:
        remove_if_empty(made)
        raise OutputError.said("output_no_space", folder=folder, free=f"{free / 2**20:,.0f}",
                               need=f"{need / 2**20:,.0f}")
    return made


UNWRITABLE_CAUSES = ("EACCES", "EROFS", "ENOSPC", "EDQUOT", "ENOENT", "ENOTDIR", "EPERM")
"""The errors of creating a file whose cause the catalogue words for an output folder
(`output_why_<name>`); another's is the system's own words."""


def unwritable(folder: Path, error: OSError) -> OutputError:
    """The error of an output folder in which no file could be created, its cause read from
    the system's error: a file or folder created in a folder that exists, yet "not found",
    or in a file system of no blocks, is in a system folder (as in /proc or /sys), not on a
    regular file system."""
    name = errno.errorcode.get(error.errno, "") if isinstance(error.errno, int) else ""
    created = Path(error.filename) if isinstance(error.filename, str) else folder
    if created.parent.is_dir() and (name in ("ENOENT", "EINVAL", "EOPNOTSUPP")
                                    or _holds_no_blocks(created.parent)):
        name = "system"
    if name == "system" or name in UNWRITABLE_CAUSES:
        reason, reason_zh = catalogued(f"output_why_{name}")
    else:
        reason, reason_zh = os_reason(error)
    return OutputError.said("output_not_writable", folder=folder, reason=reason,
                            reason_zh=reason_zh)


def _no_file_in_the_way(folder: Path) -> Path:
    """The nearest of `folder` and its parents that exists; OutputError naming it when it is
    a file (output.dir: customers.csv/reports)."""
    for path in (folder, *folder.parents):
        _no_dangling_link(path)
    existing = next(path for path in (folder, *folder.parents) if path.exists())
    if not existing.is_dir():
        raise OutputError.said("output_is_file", folder=existing)
    return existing


def _no_dangling_link(path: Path) -> None:
    """OutputError naming `path` when it is a symbolic link to nothing: no folder can be made
    there, and the run's write would fail only after the solve."""
    if path.is_symlink() and not path.exists():
        raise OutputError.said("output_dangling_link", folder=path, target=os.readlink(path))


def _no_link_outside(folder: Path, inner: Path) -> None:
    """OutputError naming `inner` when it is a symbolic link to a folder outside `folder`:
    runs are written only inside the output folder, where its registry finds them."""
    if not inner.is_symlink():
        return
    target = inner.resolve()
    if not target.is_relative_to(folder.resolve()):
        raise OutputError.said("output_link_outside", folder=inner, target=target,
                               root=folder)


def check_output_place(folder: Path, inner: Path | None = None) -> None:
    """What a run checks of its output folder, made without writing anything (for
    `validate`): neither the folder, the runs' folder `inner` in it, nor the nearest of their
    parents that exists is a file, and that parent lets this user create files in it (and is
    no system folder); OutputError naming it if not."""
    existing = _no_file_in_the_way(folder)
    if inner is not None:
        _no_dangling_link(inner)
        _no_link_outside(folder, inner)
    if inner is not None and inner.exists() and not inner.is_dir():
        raise OutputError.said("output_is_file", folder=inner)
    if not os.access(existing, os.W_OK | os.X_OK) or _holds_no_blocks(existing):
        cause = errno.EROFS if _read_only(existing) else errno.EACCES
        raise unwritable(folder, OSError(cause, os.strerror(cause), str(existing / "probe")))


def _read_only(folder: Path) -> bool:
    """Whether `folder` is on a file system mounted read-only (which a file created in it
    meets as EROFS, as a run's write would)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs (Windows): the permission is the cause
        return False


def _holds_no_blocks(folder: Path) -> bool:
    """Whether `folder` is on a file system without storage (proc, sysfs, cgroup)."""
    try:
        return os.statvfs(folder).f_blocks == 0
    except (OSError, AttributeError):  # no statvfs (Windows): a regular file system
        return False


@contextmanager
def output_folder(folder: Path, inner: Path | None = None, need: int = MIN_FREE_BYTES
                  ) -> Iterator[None]:
    """check_writable(folder) for the work within, and the folder `inner` in it made if
    missing; on the way out, however it ends (bad input, a failed solve, a signal), the
    folders made here are removed again where they hold nothing, so an output folder is left
    only with something in it."""
    made = check_writable(folder, need)
    if inner is not None and inner.is_symlink():
        try:
            _no_dangling_link(inner)
            _no_link_outside(folder, inner)
        except OutputError:
            remove_if_empty(made)
            raise
    if inner is not None and inner.exists() and not inner.is_dir():
        remove_if_empty(made)
        raise OutputError.said("output_is_file", folder=inner)
    if inner is not None:
        with suppress(OSError):  # a file there: the write into it names it
            _make(inner, made)
    try:
        yield
    finally:
        remove_if_empty(made)


@contextmanager
def staged_files(folder: Path) -> Iterator[Path]:
    """A temporary folder in `folder` (made if missing) for files written together: once the
    work within ends, each is moved into `folder`, replacing one of its name; where the work
    fails, none is, the temporary folder is removed either way, and so are the folders made
    for it."""
    made = [path for path in reversed((folder, *folder.parents)) if not path.exists()]
    try:
        folder.mkdir(parents=True, exist_ok=True)  # a file in the way: the system's error
        staging = Path(tempfile.mkdtemp(prefix=".staged-", dir=folder))
        try:
            yield staging
            for path in sorted(staging.iterdir()):
                os.replace(path, folder / path.name)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        remove_if_empty(made)
        raise


def _make(folder: Path, made: list[Path]) -> None:
    """Make `folder` and its missing parents, adding to `made` those this process made (one
    that another process made meanwhile is not counted), the outermost first."""
    missing = [folder, *folder.parents]
    missing = missing[:next((i for i, path in enumerate(missing) if path.is_dir()),
                            len(missing))]
    for path in reversed(missing):
        try:
            path.mkdir()
        except FileExistsError:
            continue
        made.append(path)


def remove_if_empty(made: Sequence[Path]) -> None:
    """Remove the folders `made` (the outermost first) that hold nothing, innermost first."""
    for path in reversed(made):
        try:
            os.rmdir(path)
        except OSError:  # it holds something (or is gone): kept, and so are its parents
            return


WRITE_ADVICE = {"run": ("write_advice_full", "write_advice_permission", "write_advice_other"),
                "comparison": ("write_advice_full", "compare_advice_permission",
                               "compare_advice_other")}
"""What to do about a failed write of a run (--out or output.dir) and of a comparison (--out
alone): a full disk, no permission, any other cause."""


@contextmanager
def writing(folder: Path, written: str = "run") -> Iterator[None]:
    """Turn a failed write of `written` (a run or a comparison) into an OutputError naming the
    file and what to do."""
    try:
        yield
    except OSError as error:
        where = error.filename or folder
        (reason, reason_zh), advice = os_reason(error), _advice(error, written)
        raise OutputError.said(f"{written}_not_written", where=where, reason=reason,
                               reason_zh=reason_zh, advice=advice[0],
                               advice_zh=advice[1]) from None


def _advice(error: OSError, written: str) -> tuple[str, str]:
    """What to do about a failed write of `written`, in English and in Chinese."""
    full, permission, other = WRITE_ADVICE[written]
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return catalogued(full)
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return catalogued(permission)
    return catalogued(other)
