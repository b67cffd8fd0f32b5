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
from pathlib import Path
from typing import Any

import numpy as np

from allocator.errors import UserError
from allocator.staging import ROWS, SWEEP, alive, owner, staging_prefix

POINT = "point-{:03d}"


def sweep_identity(scenario: str | Path, varies: Sequence[str], zipped: bool,
                   sets: Sequence[str], use: Sequence[str]) -> str:
    """A short hash of what makes a sweep the same sweep."""
    text = json.dumps({"scenario": str(Path(scenario).resolve()), "vary": list(varies),
                       "zip": zipped, "set": list(sets), "use": list(use)}, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def open_sweep(root: Path, identity: str, resume: bool) -> Path:
    """A new temporary sweep folder, or (resume) the newest interrupted one of the same sweep,
    taken over by this process with its unfinished points removed; older interrupted folders
    of the same sweep, whose processes have ended too, are removed."""
    prefix = staging_prefix(f"sweep-{identity}")
    if not resume:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=root))
    left = [f for f in root.glob(f"{SWEEP}{identity}-p*-*")
            if f.is_dir() and _gone(owner(f))]
    if not left:
        raise UserError.said("no_sweep_to_resume", root=root)
    latest = max(left, key=lambda f: (f.stat().st_mtime, f.name))
    for older in left:  # the same sweep, stopped earlier: the newest one takes over
        if older != latest:
            shutil.rmtree(older, ignore_errors=True)
    mine = root / (prefix + latest.name.rsplit("-", 1)[-1])
    latest.rename(mine)
    _drop_unfinished(mine)
    return mine


def _gone(pid: int | None) -> bool:
    """Whether a sweep folder's process has ended (its name says it was of this machine)."""
    return pid is not None and not alive(pid)


def _drop_unfinished(sweep: Path) -> None:
    """Point folders without a saved row, and half-written run folders inside points."""
    done = saved_rows(sweep)
    for point in sweep.glob("point-*"):
        index = point.name.removeprefix("point-")
        if not index.isdigit() or int(index) not in done:
            shutil.rmtree(point, ignore_errors=True)
            continue
        for hidden in point.glob(".*"):
            shutil.rmtree(hidden, ignore_errors=True)


def save_row(sweep: Path, row: dict[str, Any]) -> None:
    """A finished point's row, written whole or not at all."""
    folder = sweep / ROWS
    folder.mkdir(exist_ok=True)
    target = folder / f"{int(row['point']):03d}.json"
    partial = target.with_name(f".{target.name}-p{os.getpid()}")
    partial.write_text(json.dumps(row, default=_plain), encoding="utf-8")
    os.replace(partial, target)


def saved_rows(sweep: Path) -> dict[int, dict[str, Any]]:
    """The rows of the points finished so far, by point."""
    rows = {}
    for path in sorted((sweep / ROWS).glob("*.json")):
        try:
            row = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # a row the kill cut short: its point is planned again
        folder = row.get("folder")
        if folder and (sweep / str(folder)).is_dir():  # not removed for a re-solve
            rows[int(row["point"])] = row
    return rows


def _plain(value: object) -> object:
    if isinstance(value, np.generic):
        return value.item()
    return str(value)
