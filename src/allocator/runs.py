"""Run folders: reports/<scenario>/<timestamp>-<hash>/, written whole or not at all.

Everything goes into a hidden temporary folder beside the target, named after the process
writing it (see staging), which is renamed into place when complete; an existing run is never
overwritten. A run folder holds its own inputs, so
`allocate verify` can re-check it without the original data.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import platform
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from allocator import __version__
from allocator import columns as c
from allocator.csv_cells import write_people_csv
from allocator.errors import UserError
from allocator.json_files import read_strict_json
from allocator.manifest_digest import sealed
from allocator.scenario.fields import hidden_folder_name
from allocator.staging import put_in_place, reached, staging_prefix
from allocator.storage import writing

if TYPE_CHECKING:
    from allocator.forked_call import ForkedCall

PACKAGES = ("numpy", "pandas", "pyarrow", "highspy", "ortools", "pulp", "pydantic",
            "matplotlib", "jinja2", "openpyxl")
Writer = Callable[[Path], None]
MANIFEST = "manifest.json"
OUTPUTS = "outputs"
"""The manifest's key holding the SHA-256 of every other file of the run folder."""
WRITERS = 2
"""Files of a run written at a time."""
FORMAT = "format"
"""The manifest's key holding the version of the run folder's layout (FORMAT_VERSION)."""
FORMAT_VERSION = 3
"""2: the manifest holds the SHA-256 of every other file (OUTPUTS), and the CSVs written for
people protect text that a spreadsheet would read as a formula; 3: the manifest holds the
digest of its own fields (manifest_digest). A manifest without FORMAT is of version 1."""
DIGESTED_FORMAT = 3
"""The first format whose manifest holds its own digest."""
PART_FILE = "part-{:05d}.parquet"
"""A part's file in a run folder's partitioned tables (customer_plan/, offer_plan/, ...)."""
RUN_FILES = frozenset({
    "customer_plan.parquet", "customer_plan.csv", "calendar.csv", "offer_plan.csv",
    "plan.xlsx", "baselines.csv", "rm_books.csv", "tier_summary.csv", "offer_summary.csv",
    "constraints.csv", "summary.md", "report.html", "report.pdf", "diagnosis.csv",
    "inputs/customers.parquet", "inputs/rms.csv", "inputs/offers.json",
    "inputs/fit_scores.csv"})
"""Every file a run may write beside its manifest (report/run_files.py)."""
PART_FOLDERS = ("customer_plan/", "offer_plan/", "inputs/customers/", "inputs/fit_scores/")
"""The folders of a run of a book in parts, each holding PART_FILE files."""
BYSTANDER_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini"})
"""The files the OS leaves in a folder it shows (macOS Finder, Windows Explorer), casefolded."""
BYSTANDER_PREFIXES = ("~$", "._")
"""How the files begin that an editor or the OS leaves beside a file: Office's owner file of
an open workbook (~$plan.xlsx), macOS's resource fork on a foreign disk (._plan.xlsx)."""
LOCK_MARKS = (".~lock.", "#")
"""How LibreOffice's lock file of an open file begins and ends (.~lock.plan.xlsx#)."""


def is_run_file(name: str) -> bool:
    """Whether a run writes the file at this path (relative, with '/') of its folder."""
    return name in RUN_FILES or (name.startswith(PART_FOLDERS) and name.endswith(".parquet"))


def is_bystander_file(name: str) -> bool:
    """Whether the file at this path (relative, with '/') of a folder is one an editor or the
    OS leaves beside the files it shows (an open workbook's lock, a folder's thumbnails): no
    change to a run, whose folder people open while they read it."""
    base = name.rsplit("/", 1)[-1]
    return (base.casefold() in BYSTANDER_NAMES or base.startswith(BYSTANDER_PREFIXES)
            or (base.startswith(LOCK_MARKS[0]) and base.endswith(LOCK_MARKS[1])))


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file; of a folder (a partitioned dataset), of its files' relative
    paths and hashes, in path order."""
    if path.is_dir():
        parts = sorted(p for p in path.rglob("*") if p.is_file())
        listing = "\n".join(f"{p.relative_to(path).as_posix()} {file_sha256(p)}" for p in parts)
        return hashlib.sha256(listing.encode()).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_digest(resolved: dict[str, Any], input_hashes: dict[str, str]) -> str:
    """A short hash of what determines the plan: the resolved scenario and the input files."""
    text = json.dumps({"scenario": resolved, "inputs": input_hashes}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def versions() -> dict[str, str]:
    found = {"allocator": __version__, "python": platform.python_version()}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def run_parent(root: Path, name: str) -> Path:
    """The folder of a scenario's runs: `name` as one visible folder inside `root` (a name
    such as '..' would write runs where the registry never looks)."""
    if hidden_folder_name(name) or Path(name).name != name:
        raise UserError.said("run_folder_name", name=name)
    return root / name


def write_run(root: Path, scenario: str, digest: str, files: dict[str, Writer],
              now: datetime | None = None, draw_apart: bool = False, written: str = "run"
              ) -> Path:
    """Write every file through its writer into a new run folder; return the folder. With
    `draw_apart` (a large book's run), the pages are drawn in a forked process (_write_files);
    a failed write is said to be of `written` (storage.writing: a run or a comparison)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
    parent = run_parent(root, scenario)
    with writing(parent, written):
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=staging_prefix(f"{stamp}-{digest}"), dir=parent))
        try:
            _write_files(staging, files, draw_apart)
            reached("rename")
            return _rename_into_place(staging, parent, f"{stamp}-{digest}")
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise


def _write_files(staging: Path, files: dict[str, Writer], draw_apart: bool = False) -> None:
    """Every file, the manifest last, with the hashes of the others: the first alone, the
    others but the manifest WRITERS at a time (compressing a Parquet file or writing a CSV
    releases the GIL while the workbook is drawn). With `draw_apart`, where this process may
    fork, the pages (Drawn: pure-Python work that would take turns at the GIL with the
    workbook's) are drawn in a forked process meanwhile, or here if it dies. Stopped, the
    writers under way finish and the process ends before the staging folder goes, and none
    is started after."""
    names = [name for name in files if name != MANIFEST]
    for name in names:
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
    if names:
        files[names[0]](staging / names[0])
    reached("write")
    drawn = [name for name in names[1:] if draw_apart and isinstance(files[name], Drawn)]
    apart = _drawn_apart(staging, files, drawn) if drawn else None
    try:
        with ThreadPoolExecutor(WRITERS) as pool:
            here = [name for name in names[1:] if apart is None or name not in drawn]
            written = [pool.submit(files[name], staging / name) for name in here]
            try:
                for done in written:
                    done.result()
            except BaseException:
                pool.shutdown(wait=True, cancel_futures=True)
                raise
        if apart is not None and apart.result() is None:  # the process died: drawn here
            for name in drawn:
                files[name](staging / name)
    except BaseException:
        if apart is not None:
            apart.stop()
        raise
    if MANIFEST in files:
        files[MANIFEST](staging / MANIFEST)
        _seal(staging / MANIFEST)


def _drawn_apart(staging: Path, files: dict[str, Writer], names: list[str]
                 ) -> ForkedCall[bool] | None:
    """These files drawn in a forked process (None where this process may not fork)."""
    from allocator.forked_call import ForkedCall, may_call_apart  # backends: not for `runs`

    if not may_call_apart():
        return None

    def draw() -> bool:
        for name in names:
            files[name](staging / name)
        return True

    return ForkedCall(draw)


def output_hashes(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file of a run folder but its manifest and those an editor or the
    OS left there (is_bystander_file), by relative path."""
    return {name: file_sha256(folder / name) for name in folder_files(folder)}


def folder_files(folder: Path) -> list[str]:
    """The relative paths of a run or sweep folder's files, but its manifest and those an
    editor or the OS left there (is_bystander_file), in order."""
    names = (p.relative_to(folder).as_posix() for p in sorted(folder.rglob("*"))
             if p.is_file() and p != folder / MANIFEST)
    return [name for name in names if not is_bystander_file(name)]


def _seal(manifest: Path) -> None:
    """Record the hash of every other file of the folder in its manifest, and the manifest's
    digest of its own fields."""
    data = read_strict_json(manifest)
    data[OUTPUTS] = output_hashes(manifest.parent)
    manifest.write_text(json.dumps(sealed(data), indent=2, default=str) + "\n",
                        encoding="utf-8")


def stated_format(manifest: dict[str, Any]) -> int:
    """The version of the run folder's layout its manifest states: 1 where it states none,
    the newest where what it states is no version."""
    stated = manifest.get(FORMAT, 1)
    return stated if isinstance(stated, int) and not isinstance(stated, bool) else FORMAT_VERSION


def _rename_into_place(staging: Path, parent: Path, name: str) -> Path:
    for attempt in range(1, 1000):
        final = parent / (name if attempt == 1 else f"{name}-{attempt}")
        if final.exists():
            continue
        try:
            os.rename(staging, final)  # fails on an existing non-empty folder: never overwrites
        except OSError:
            if final.exists():
                continue
            raise
        put_in_place(final)
        reached("renamed")
        return final
    raise RuntimeError(f"{parent}: no free run folder name for {name}")


def csv_writer(frame: pd.DataFrame) -> Writer:
    """A CSV for people: text a spreadsheet would read as a formula is protected (see
    csv_cells); read it back with read_people_csv."""
    return lambda path: write_people_csv(frame, path)


def data_csv_writer(frame: pd.DataFrame) -> Writer:
    """A CSV for allocator to read again as input (the RM table of a fit), values as they
    are."""
    return lambda path: frame.to_csv(path, index=False, lineterminator="\n")


def parquet_writer(frame: pd.DataFrame) -> Writer:
    return lambda path: frame.to_parquet(path, index=False, compression="zstd")


def text_writer(text: str) -> Writer:
    def write(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return write


def rendered_writer(render: Callable[[], str]) -> Writer:
    """A text file made when it is written: on the writers' threads (_write_files), a page's
    drawing beside the compression of the plan's tables."""
    return Drawn(render)


class Drawn:
    """The writer of a text file drawn when it is written (a page, from the run's facts):
    pure-Python work, which a large run does in a forked process (_write_files)."""

    def __init__(self, render: Callable[[], str]) -> None:
        self.render = render

    def __call__(self, path: Path) -> None:
        path.write_text(self.render(), encoding="utf-8")


def json_writer(data: Any) -> Writer:
    """Strict JSON: a number that is not finite (NaN, infinity) is written as null."""
    return text_writer(json.dumps(finite(data), indent=2, default=str, allow_nan=False) + "\n")


def json_copy(data: Any) -> Any:
    """The data as a JSON file of json_writer reads back."""
    return json.loads(json.dumps(finite(data), default=str, allow_nan=False))


def finite(data: Any) -> Any:
    """The same data with every NaN or infinite float replaced by None."""
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(value) for value in data]
    return data


def book_columns(customers: pd.DataFrame, extra: list[str]) -> pd.DataFrame:
    """The tiered book's columns a later `verify` needs (a new frame: pandas copies a column
    only where it is written, copy-on-write, so the book's stay as they are)."""
    keep = [c.CUSTOMER_ID, c.REGION, c.TIER, c.REVENUE, c.RISK_TOLERANCE, c.PD,
            c.INCUMBENT_RM, c.DO_NOT_CONTACT, c.CHURN, c.AUM, c.PREVIOUS_TIER, *extra]
    frame = customers[list(dict.fromkeys(keep))]
    frame[c.TIER] = frame[c.TIER].astype(str)
    return frame
