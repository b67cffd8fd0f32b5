"""A sweep being written: a temporary folder named after the sweep (its scenario, --vary, --zip,
--set and --use) and the process writing it, holding each finished point's run folder and its
row. A sweep killed on the way keeps its finished points; `--resume` takes the folder over and
plans only the points that are missing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from allocator.connection_text import masked
from allocator.errors import UserError, resolved
from allocator.json_files import read_strict_json
from allocator.report.language import Words
from allocator.runs import MANIFEST, OUTPUTS, output_hashes
from allocator.staging import ROWS, SWEEP, Notify, alive, owner, put_in_place, staging_prefix

POINT = "point-{:03d}"
DESCRIPTION = "sweep.json"
"""What a sweep records of itself, in its folder (a run folder holds a manifest instead)."""
OPTIONS = "options.json"
"""The options of a sweep being written (SweepOptions.as_typed), removed once it is complete."""


def point_runs(folder: Path) -> list[Path] | None:
    """The run folders of a sweep folder's points, in order (POINT/<run>); None for a folder
    that is not a sweep's: it has a manifest, or no sweep.json."""
    if (folder / MANIFEST).exists() or not (folder / DESCRIPTION).is_file():
        return None
    return sorted(path.parent for path in folder.glob(f"point-*/*/{MANIFEST}"))


def sweep_identity(scenario: str | Path, varies: Sequence[str], zipped: bool,
                   sets: Sequence[str], use: Sequence[str]) -> str:
    """A short hash of what makes a sweep the same sweep."""
    text = json.dumps({"scenario": str(resolved(Path(scenario))), "vary": list(varies),
                       "zip": zipped, "set": list(sets), "use": list(use)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


@dataclass(frozen=True)
class SweepOptions:
    """What makes a sweep the same sweep: its scenario file and options."""

    scenario: str
    vary: tuple[str, ...]
    zipped: bool = False
    sets: tuple[str, ...] = ()
    use: tuple[str, ...] = ()

    def identity(self) -> str:
        return sweep_identity(self.scenario, self.vary, self.zipped, self.sets, self.use)

    def as_typed(self) -> dict[str, str]:
        """Each option as the command line gives it (a password in a --set masked)."""
        return {"scenario": str(resolved(Path(self.scenario))),
                "vary": " ".join(f"--vary {text}" for text in self.vary),
                "zip": "--zip" if self.zipped else "",
                "set": " ".join(f"--set {masked(text)}" for text in self.sets),
                "use": " ".join(f"--use {text}" for text in self.use)}


@dataclass(frozen=True)
class OpenedSweep:
    """A temporary sweep folder, and the points of the resumed one that were damaged (the
    name of the file found damaged, the point): they are planned again."""

    folder: Path
    damaged: tuple[tuple[str, int], ...] = ()


def open_sweep(root: Path, identity: str, resume: bool,
               options: SweepOptions | None = None) -> OpenedSweep:
    """A new temporary sweep folder (its `options` recorded in it), or (resume) the newest
    interrupted one of the same sweep, taken over by this process with its unfinished and
    damaged points removed; older interrupted folders of the same sweep, whose processes have
    ended too, are removed. UserError when there is none to resume (naming the options of
    an interrupted sweep of other options, if there is one)."""
    prefix = staging_prefix(f"sweep-{identity}")
    if not resume:
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=root))
        if options is not None:
            (folder / OPTIONS).write_text(json.dumps(options.as_typed()), encoding="utf-8")
        return OpenedSweep(folder)
    left = resumable(root, identity, options)
    latest = max(left, key=lambda f: (f.stat().st_mtime, f.name))
    for older in left:  # the same sweep, stopped earlier: the newest one takes over
        if older != latest:
            shutil.rmtree(older, ignore_errors=True)
    mine = root / (prefix + latest.name.rsplit("-", 1)[-1])
    latest.rename(mine)
    damaged = tuple((path.name, index) for path, index in _drop_unfinished(mine))
    return OpenedSweep(mine, damaged)


def resumable(root: Path, identity: str, options: SweepOptions | None = None) -> list[Path]:
    """The interrupted folders of the sweep `identity` under `root` that --resume may take
    over; UserError when there is none (_nothing_to_resume), checked before the sweep reads
    its book or says its base."""
    left = _stopped(root, identity)
    if not left:
        raise _nothing_to_resume(root, options)
    return left


def _stopped(root: Path, identity: str = "*") -> list[Path]:
    """The interrupted sweep folders under `root` (of the sweep `identity`) whose processes
    have ended."""
    return [f for f in root.glob(f"{SWEEP}{identity}-p*-*") if f.is_dir() and _gone(owner(f))]


def _nothing_to_resume(root: Path, options: SweepOptions | None) -> UserError:
    """Why --resume finds no sweep: none was interrupted, or the newest interrupted one was
    of other options (those that differ named, the stopped sweep's and the given ones)."""
    others = _stopped(root)
    if options is None or not others:
        return UserError.said("no_sweep_to_resume", root=root)
    other = max(others, key=lambda f: (f.stat().st_mtime, f.name))
    try:
        recorded = read_strict_json(other / OPTIONS)
    except (OSError, ValueError):
        return UserError.said("no_sweep_to_resume", root=root)
    given = options.as_typed()
    differ = [key for key in given if recorded.get(key) != given[key]] if isinstance(
        recorded, dict) else []
    if not differ:
        return UserError.said("no_sweep_to_resume", root=root)
    return UserError.said("sweep_resume_other", folder=other,
                          stopped=_typed(recorded, differ), given=_typed(given, differ))


def _typed(options: dict[str, Any], keys: Sequence[str]) -> str:
    return " ".join(str(options.get(key) or "") for key in keys).strip() or "—"


def completed(folder: Path) -> None:
    """A sweep folder renamed into place: noted as complete, its working files removed."""
    put_in_place(folder)
    shutil.rmtree(folder / ROWS, ignore_errors=True)
    (folder / OPTIONS).unlink(missing_ok=True)


REUSED = {0: "sweep_resumed_none_reused"}
PLANNED = {0: "sweep_resumed_none_planned"}
"""The words of a resumed sweep's points reused and planned now where there are none; any other
count's are the counted message's (said of one where it is one)."""


def say_resumed(reused: int, total: int, notify: Notify | None, words: Words) -> None:
    """One line through `notify` as a resumed sweep starts: how many of its points the
    interrupted sweep had finished (reused as they are) and how many are planned now."""
    if notify is None:
        return
    planned = total - reused
    notify(words("sweep_resumed",
                 reused=words(REUSED.get(reused, "sweep_resumed_reused"), reused=reused,
                              total=total),
                 planned=words(PLANNED.get(planned, "sweep_resumed_planned"), planned=planned)))


def say_damaged(damaged: Sequence[tuple[str, int]], points: Sequence[dict[str, Any]],
                folder: Path, notify: Notify | None, words: Words) -> None:
    """One line through `notify` for each point of a resumed sweep that was damaged and
    planned again: its number and values, and the sweep folder."""
    if notify is None:
        return
    for file, index in damaged:
        point = points[index] if 0 <= index < len(points) else {}
        values = words.sep("list").join(f"{words.column(key)} {value}"
                                        for key, value in point.items())
        notify(words("sweep_point_damaged", folder=folder, point=index, values=values,
                     file=file))


def _gone(pid: int | None) -> bool:
    """Whether a sweep folder's process has ended (its name says it was of this machine)."""
    return pid is not None and not alive(pid)


def _drop_unfinished(sweep: Path) -> list[tuple[Path, int]]:
    """Point folders without a whole saved row and run folder, and half-written run folders
    inside points; return the damaged points (the file found damaged, the point)."""
    done, damaged = _read_rows(sweep)
    for path, _ in damaged:
        if path.parent.name == ROWS:
            path.unlink(missing_ok=True)
    for point in sweep.glob("point-*"):
        index = point.name.removeprefix("point-")
        if not index.isdigit() or int(index) not in done:
            shutil.rmtree(point, ignore_errors=True)
            continue
        for hidden in point.glob(".*"):
            shutil.rmtree(hidden, ignore_errors=True)
    return damaged


def save_row(sweep: Path, row: dict[str, Any]) -> None:
    """A finished point's row, written whole or not at all."""
    folder = sweep / ROWS
    folder.mkdir(exist_ok=True)
    target = folder / f"{int(row['point']):03d}.json"
    partial = target.with_name(f".{target.name}-p{os.getpid()}")
    partial.write_text(json.dumps(row, default=_plain), encoding="utf-8")
    os.replace(partial, target)


def saved_rows(sweep: Path) -> dict[int, dict[str, Any]]:
    """The rows of the points finished so far whose run folders are whole, by point."""
    return _read_rows(sweep)[0]


def _read_rows(sweep: Path) -> tuple[dict[int, dict[str, Any]], list[tuple[Path, int]]]:
    """The whole finished points' rows by point, and the damaged points: a row that cannot
    be read (a kill cut it short), or a row whose run folder is not as its manifest says."""
    rows: dict[int, dict[str, Any]] = {}
    damaged: list[tuple[Path, int]] = []
    for path in sorted((sweep / ROWS).glob("*.json")):
        try:
            row = read_strict_json(path)
            index, folder = int(row["point"]), sweep / str(row["folder"])
        except (OSError, ValueError, KeyError, TypeError):
            damaged.append((path, _point_of(path)))
            continue
        broken = _damaged_file(folder)
        if broken is not None:
            damaged.append((broken, index))
            continue
        rows[index] = row
    return rows, damaged


def _point_of(row: Path) -> int:
    return int(row.stem) if row.stem.isdigit() else -1


def _damaged_file(folder: Path) -> Path | None:
    """The first file of a point's run folder that is not as its manifest recorded it (the
    manifest itself, when it is missing or cannot be read); None for a whole run folder."""
    manifest = folder / MANIFEST
    try:
        recorded = read_strict_json(manifest)
    except (OSError, ValueError):
        return manifest
    if not isinstance(recorded, dict) or not isinstance(recorded.get(OUTPUTS), dict):
        return manifest
    found = output_hashes(folder)
    expected = recorded[OUTPUTS]
    differ = sorted(name for name in {*found, *expected} if found.get(name) != expected.get(name))
    return folder / differ[0] if differ else None


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
