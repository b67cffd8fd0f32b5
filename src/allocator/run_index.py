"""The run index: one row per run folder under a reports root, in an embedded DuckDB file.

The run folders are the truth; the registry is an index derived from their manifests. A run
adds its row after its folder is in place; `sync` adds rows for folders it has not seen,
reads again the manifests changed since their row was written (size or modification time),
and drops rows whose folder or manifest is gone, so an interrupted run or a lost registry file
heals itself. A damaged registry file is rebuilt from the folders; a manifest that cannot be
read is left out with a warning; a registry another process holds open is waited for.
"""

from __future__ import annotations

import json
import math
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from allocator.errors import LANGUAGE, catalogued, os_reason, told
from allocator.interrupts import INTERRUPTS, signal_of
from allocator.json_files import read_strict_json
from allocator.manifest_check import field_digests
from allocator.manifest_shape import kind_words, misshapen_entry
from allocator.report.error_words import json_reason_zh
from allocator.report.language import Language, Words
from allocator.run_label import is_naming
from allocator.staging import StoppedWhenWritten, reached
from allocator.storage import OutputError

FILE = "registry.duckdb"
COLUMNS = {
    "folder": "VARCHAR PRIMARY KEY", "scenario": "VARCHAR", "kind": "VARCHAR",
    "sweep": "VARCHAR", "resolved_hash": "VARCHAR", "created": "VARCHAR", "status": "VARCHAR",
    "method": "VARCHAR", "backend": "VARCHAR", "objective": "DOUBLE", "bound": "DOUBLE",
    "gap": "DOUBLE", "customers": "BIGINT", "covered": "BIGINT", "spend": "DOUBLE",
    "expected_loss": "DOUBLE", "applied": "VARCHAR", "label": "VARCHAR", "note": "VARCHAR",
    "manifest_stamp": "VARCHAR",
    "currency": "VARCHAR", "net_value": "DOUBLE", "manifest_fields": "VARCHAR",
}
"""A registry whose columns differ (one written before the label or note column) is rebuilt
from the run folders when opened. `manifest_stamp` is the size and modification time of the
manifest the row was read from: a manifest changed since is read again. `manifest_fields`
holds a digest of each manifest field as first registered (manifest_check), kept when the
manifest is read again, for `verify`."""
ORDERED = ("SELECT * FROM runs ORDER BY TRY_CAST(created AS TIMESTAMPTZ) NULLS FIRST, created, "
           "folder")
"""The rows in the order the runs were made, as their `created` times say (to the
microsecond; a run written before, to the second, at the start of its second), as
run_label.created_order orders them; by folder at the same time."""
_DTYPES = {"DOUBLE": "float64", "BIGINT": "Int64"}
"""The pandas type of a column of each registry type but text (an empty table's columns)."""
LOCK_WAIT = 30.0
"""Seconds `allocate runs` waits for a registry another allocate process holds open."""
LOCKED = ("could not set lock", "conflicting lock")
DAMAGED = ("not a valid duckdb database", "could not read enough bytes", "corrupt database",
           "checksum", "serialization error")
"""How DuckDB says a file is not a whole database (a lock is said otherwise)."""
WRITE_FAILED = re.compile(r'Could not write file "[^"]*": (.+)$')
"""How DuckDB says the system refused a write (a full disk, a file size limit)."""
Warn = Callable[[str], None]


class DamagedManifest(ValueError):
    """A manifest.json that is not a run's manifest (truncated, or another file's); `chinese`
    says why in Chinese where the reason is allocator's own."""

    def __init__(self, message: str, chinese: str | None = None) -> None:
        super().__init__(message)
        self.chinese = chinese or message

    @classmethod
    def said(cls, key: str, /, **fields: object) -> DamagedManifest:
        """The reason of catalogue message `key`, in both languages."""
        return cls(*catalogued(key, **fields))


class RegistryBusy(OutputError):
    """Another process held the registry open past the wait."""


class RegistryUnusable(OutputError):
    """The registry could not be opened or written; `reason` says why, in DuckDB's or the
    system's words."""

    reason = ""


def row_of(manifest_path: Path, root: Path) -> dict[str, Any]:
    """The registry row of one run folder, from its manifest; DamagedManifest if it is not
    a run's manifest."""
    stamp = manifest_stamp(manifest_path)  # before reading: a later change is seen next time
    manifest = _manifest(manifest_path)
    folder = manifest_path.parent.relative_to(root)
    solver, kpis = manifest["solver"], manifest.get("kpis") or {}
    if not isinstance(kpis, dict):
        raise DamagedManifest.said("manifest_kpis_not_object")
    applied = manifest.get("applied", [])
    sweep = next((p for p in folder.parts if p.startswith("sweep-")), None)
    return {
        "folder": str(folder), "scenario": _text(manifest.get("scenario")),
        "kind": "sweep point" if sweep else "run", "sweep": sweep,
        "resolved_hash": folder.name.rsplit("-", 1)[-1],
        "created": _text(manifest.get("created")), "status": _text(solver.get("status")),
        "method": _text(solver.get("method")), "backend": _text(solver.get("backend")),
        "objective": _number(solver.get("objective")), "bound": _number(solver.get("bound")),
        "gap": _number(solver.get("gap")), "customers": _count(kpis.get("customers")),
        "covered": _count(kpis.get("covered")), "spend": _number(kpis.get("spend")),
        "expected_loss": _number(kpis.get("expected_loss")),
        "applied": " ".join(str(a) for a in applied if not is_naming(str(a)))
        if isinstance(applied, list) else "",
        "label": _text(manifest.get("label")), "note": _text(manifest.get("note")),
        "manifest_stamp": stamp,
        "currency": _text(manifest.get("currency")),
        "net_value": _number(kpis.get("net_value")),
        "manifest_fields": field_digests(manifest),
    }


def manifest_stamp(path: Path) -> str | None:
    """The manifest's size and modification time (ns): what tells, without reading it, that
    it changed since its row was written; None where it cannot be looked at."""
    try:
        status = path.stat()
    except OSError:
        return None
    return f"{status.st_size}:{status.st_mtime_ns}"


def _manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = read_strict_json(path)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _unreadable(exc) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("scenario"), str) \
            or not isinstance(manifest.get("solver"), dict):
        raise DamagedManifest.said("manifest_not_run")
    misshapen = misshapen_entry(manifest)
    if misshapen is not None:
        key, found, wanted = misshapen
        (found_en, found_zh), (wanted_en, wanted_zh) = kind_words(found), kind_words(wanted)
        raise DamagedManifest.said("manifest_entry_misshapen", key=key, found=found_en,
                                   found_zh=found_zh, wanted=wanted_en, wanted_zh=wanted_zh)
    return manifest


def _unreadable(exc: OSError | UnicodeDecodeError | json.JSONDecodeError) -> DamagedManifest:
    """Why a manifest cannot be read: in English as Python says it, in Chinese by the
    catalogue's words (the JSON parser's reason and where it stands, the byte that is not
    UTF-8, the system's reason), never the library's English."""
    english = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if isinstance(exc, json.JSONDecodeError):
        return DamagedManifest.said("json_reason_at", reason=exc.msg,
                                    reason_zh=json_reason_zh(exc.msg), line=exc.lineno,
                                    column=exc.colno, char=exc.pos)
    if isinstance(exc, UnicodeDecodeError):
        return DamagedManifest.said("not_utf8_at", reason=english, position=exc.start + 1,
                                    byte=f"{exc.object[exc.start]:02x}")  # counted from 1
    return DamagedManifest(english, os_reason(exc)[1])


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _count(value: object) -> int | None:
    number = _number(value)
    return None if number is None or abs(number) >= 2**62 else int(number)


def sync(root: Path, warn: Warn | None = None, wait: float = LOCK_WAIT) -> pd.DataFrame:
    """Bring the registry in line with the run folders under `root`; return every row.
    A manifest that cannot be read is left out and named through `warn`, and so is a damaged
    registry rebuilt from the run folders (with the count of runs found); a registry held
    by another process is waited for up to `wait` seconds (OutputError after that). Where
    there are no runs and no registry yet, nothing is written (no rows)."""
    folders = _manifests(root, warn or (lambda _: None))
    if not folders and not (root / FILE).exists():
        return pd.DataFrame({name: pd.Series(dtype=_DTYPES.get(kind, object))
                             for name, kind in COLUMNS.items()})
    if root.is_dir() and not writable(root):  # an archive: listed, not indexed
        if warn is not None:
            warn(told("registry_read_only", root=root))
        with _runs_table(duckdb.connect()) as con:
            return _synced(con, root, folders, warn or (lambda _: None))
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        reason, reason_zh = os_reason(error)
        raise OutputError.said("reports_folder_unusable", root=root, reason=reason,
                               reason_zh=reason_zh) from None
    deadline = time.monotonic() + wait
    for attempt in range(2):  # a damaged file is deleted and rebuilt once, and said
        try:
            with _connect(root, deadline) as con:
                table = _synced(con, root, folders, warn or (lambda _: None))
        except duckdb.Error as error:
            if not _damaged(error):
                raise _unusable(root / FILE, error) from None
            _delete(root / FILE)
            continue
        if attempt and warn is not None:
            warn(told("registry_rebuilt", path=root / FILE, root=root, runs=len(table)))
        return table
    raise OutputError.said("registry_not_rebuilt", path=root / FILE)


def writable(folder: Path) -> bool:
    """Whether this process may write in `folder` (a read-only mount or archive: not)."""
    return os.access(folder, os.W_OK)


def manifest_paths(root: Path) -> list[Path]:
    """Each run's manifest.json under `root`, outside hidden folders, in path order: one per
    run or sweep point, read or not."""
    return [path for path in sorted(root.rglob("manifest.json"))
            if not any(part.startswith(".") for part in path.relative_to(root).parts)]


def _manifests(root: Path, warn: Warn) -> dict[str, Path]:
    """The manifests under `root` by folder, outside hidden folders; a manifest.json that is
    not a regular file (a pipe, a device) is named through `warn` and never opened."""
    found = {}
    for path in manifest_paths(root):
        if not path.is_file():
            warn(told("manifest_not_regular", path=path))
            continue
        found[str(path.parent.relative_to(root))] = path
    return found


def _synced(con: duckdb.DuckDBPyConnection, root: Path, folders: dict[str, Path], warn: Warn
            ) -> pd.DataFrame:
    """The registry's table `runs` on `con` brought in line with the run folders; its rows."""
    rows = con.execute("SELECT folder, manifest_stamp, manifest_fields FROM runs").fetchall()
    stamps = {folder: stamp for folder, stamp, _ in rows}
    first_fields = {folder: fields for folder, _, fields in rows}
    changed = {folder for folder, stamp in stamps.items()
               if folder in folders and manifest_stamp(folders[folder]) != stamp}
    known = set(stamps) - changed  # a manifest changed since its row is read again
    new = []
    for folder in sorted(set(folders) - known):
        try:
            row = row_of(folders[folder], root)
            row["manifest_fields"] = first_fields.get(folder) or row["manifest_fields"]
            new.append(row)
        except DamagedManifest as why:
            zh = LANGUAGE.get() == "zh"
            warn(told("manifest_unreadable", path=folders[folder],
                      reason=why.chinese if zh else why))
    gone = sorted((known - set(folders)) | changed)
    con.execute("BEGIN TRANSACTION")
    reached("registry")
    if gone:
        con.executemany("DELETE FROM runs WHERE folder = ?", [[f] for f in gone])
    if new:
        frame = pd.DataFrame(new, columns=list(COLUMNS))
        con.register("incoming", frame)
        con.execute("INSERT INTO runs SELECT * FROM incoming")
    con.execute("COMMIT")
    con.execute("CHECKPOINT")  # written into the file now: a failed write is raised here
    return con.execute(ORDERED).df()


def _connect(root: Path, deadline: float) -> duckdb.DuckDBPyConnection:
    """The registry, opened when no other process holds it (waiting until `deadline`)."""
    path = root / FILE
    while True:
        try:
            con = duckdb.connect(str(path))
            break
        except duckdb.Error as error:
            if not _locked(error):
                raise
            if time.monotonic() >= deadline:
                raise RegistryBusy.said("registry_held", path=path,
                                        reason=_first_line(error)) from None
            time.sleep(0.2)
    return _runs_table(con)


def _runs_table(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """`con` with its table `runs` of COLUMNS (one of another version dropped first)."""
    columns = ", ".join(f'"{name}" {kind}' for name, kind in COLUMNS.items())
    found = [r[0] for r in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'runs' "
        "ORDER BY ordinal_position").fetchall()]
    if found and found != list(COLUMNS):  # a registry of another version: rebuilt
        con.execute("DROP TABLE runs")
    con.execute(f"CREATE TABLE IF NOT EXISTS runs ({columns})")
    return con


def _locked(error: duckdb.Error) -> bool:
    return any(word in str(error).lower() for word in LOCKED)


def _damaged(error: duckdb.Error) -> bool:
    return not _locked(error) and any(word in str(error).lower() for word in DAMAGED)


def _unusable(path: Path, error: duckdb.Error) -> RegistryUnusable:
    written = WRITE_FAILED.search(_first_line(error))
    reason = written.group(1) if written else _first_line(error)
    unusable = RegistryUnusable.said("registry_unusable", path=path, reason=reason)
    unusable.reason = reason
    return unusable


def _delete(path: Path) -> None:
    for stale in (path, path.with_name(path.name + ".wal")):
        try:
            stale.unlink(missing_ok=True)
        except OSError as error:
            reason, reason_zh = os_reason(error)
            raise OutputError.said("registry_undeletable", path=stale, reason=reason,
                                   reason_zh=reason_zh) from None


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def try_sync(root: Path, wait: float = 2.0, notify: Warn | None = None,
             language: Language = "en", folder: Path | None = None) -> None:
    """Index new runs if the registry is free; a busy or unusable registry catches up on the
    next sync (a run's folder is in place whatever happens here). A registry another process
    held past `wait`, or one that could not be written (a full disk, a file size limit), is
    said in one line through `notify`; a signal meanwhile stops the process as
    StoppedWhenWritten, naming the complete `folder`."""
    try:
        sync(root, notify, wait=wait)
    except INTERRUPTS as stop:
        if folder is None:
            raise
        raise StoppedWhenWritten(signal_of(stop), folder) from None
    except RegistryBusy:
        if notify is not None:
            notify(Words(language)("registry_busy", registry=root / FILE, seconds=wait))
    except (duckdb.Error, OutputError, OSError) as error:
        if notify is not None:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else (
                error.reason if isinstance(error, RegistryUnusable) else _first_line(error))
            notify(Words(language)("registry_failed", registry=root / FILE, reason=reason,
                                   folder=folder or root))
