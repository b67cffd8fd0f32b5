"""A sweep folder's own files: sweep.csv, frontier.csv and report.html against the SHA-256
sweep.json recorded, no file of the sweep missing and none it does not write; sweep.csv's
figures of each planned point (its status, objective, bound, gap and the KPIs its manifest
holds) against that point's own manifest, which verify checks with the point's plan;
frontier.csv against the frontier derived again from sweep.csv; and report.html against the
page written again from sweep.csv and frontier.csv (sweep_page), where this renderer wrote it
(sweep.json's `renderer`: report/renderer.py), else by its hash alone."""

from __future__ import annotations

import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from allocator.checks import Violation
from allocator.csv_cells import read_people_csv
from allocator.errors import UserError, told
from allocator.html_check import page_difference
from allocator.json_files import read_strict_json
from allocator.report.renderer import RENDERER, renderer_fingerprint, same_renderer
from allocator.run_folder import read_manifest
from allocator.runs import OUTPUTS, file_sha256, is_bystander_file
from allocator.sweep_folder import DESCRIPTION
from allocator.sweep_page import RECORD, read_sweep_table, sweep_page
from allocator.sweeps import frontier
from allocator.table_check import Derived, table_difference

TABLE = "sweep.csv"
FRONTIER = "frontier.csv"
REPORT = "report.html"
SWEEP_FILES = (TABLE, FRONTIER, REPORT)
"""The files a sweep writes beside sweep.json and its points' folders (frontier.csv only
where the sweep has a frontier)."""
FORMAT = "format"
FORMAT_VERSION = 2
"""2: sweep.json holds the SHA-256 of the sweep's own files (OUTPUTS)."""
SOLVER_FIGURES = ("status", "objective", "bound", "gap", "stopped_on")
FAMILY = "files"


def sweep_hashes(folder: Path) -> dict[str, Any]:
    """What sweep.json records of the sweep's own files: the format, the renderer that wrote
    its page and their SHA-256."""
    return {FORMAT: FORMAT_VERSION, RENDERER: renderer_fingerprint(),
            OUTPUTS: {name: file_sha256(folder / name) for name in SWEEP_FILES
                      if (folder / name).is_file()}}


def check_sweep(folder: Path) -> list[Violation]:
    """The sweep's own files against their hashes, and sweep.csv's figures against each
    point's manifest (a sweep.json of no format: its figures only)."""
    try:
        described = _json(folder / DESCRIPTION)
    except DamagedDescription as exc:  # it holds the hashes of the rest: the sweep fails
        return [_broken(DESCRIPTION, told("sweep_description_damaged", reason=exc.reason))]
    recorded = described.get(OUTPUTS)
    if FORMAT not in described:
        found: list[Violation] = []
    elif not isinstance(recorded, dict):
        found = [_broken(DESCRIPTION, told("files_manifest_edited", key=OUTPUTS,
                                           format=described.get(FORMAT)))]
    else:
        found = _hash_findings(folder, recorded)
    if not (folder / TABLE).is_file():
        return found if any(v.label == TABLE for v in found) else [
            *found, _broken(TABLE, told("file_missing"))]
    found += _figure_findings(folder)
    if not any(v.label == TABLE for v in found):  # the frontier is derived from sweep.csv
        found += _frontier_findings(folder)
    if any(v.label in (TABLE, FRONTIER) for v in found):
        return found  # the page shows the tables: an edited table is named alone
    return [*found, *_page_findings(folder, described)]


def sweep_notes(folder: Path) -> tuple[str, ...]:
    """The note of a sweep whose page another renderer wrote (checked by its hash only)."""
    path = folder / DESCRIPTION
    try:
        if not (path.is_file() and (folder / REPORT).is_file()) or same_renderer(_json(path)):
            return ()
    except DamagedDescription:  # check_sweep names it
        return ()
    return (told("sweep_page_other_renderer"),)


def _frontier_findings(folder: Path) -> list[Violation]:
    """frontier.csv against the frontier derived again from sweep.csv's points (whose figures
    are checked against their manifests), by the varied key its first column names."""
    if not (folder / FRONTIER).is_file():
        return []
    try:
        found = read_sweep_table(folder / FRONTIER)
        key = str(found.columns[0])
        derived = frontier(read_sweep_table(folder / TABLE), key)
    except Exception as exc:  # any parse error of a damaged table: named with its file
        return [_broken(FRONTIER, told("sweep_page_unwritten",
                                       reason=str(exc).splitlines()[0] if str(exc) else
                                       type(exc).__name__))]
    difference = table_difference(Derived(FRONTIER, derived, (key,)), found,
                                  "frontier_cells_differ")
    return [] if difference is None else [_broken(FRONTIER, difference)]


def _page_findings(folder: Path, described: Mapping[str, Any]) -> list[Violation]:
    """report.html against the page written again from sweep.csv, frontier.csv and
    sweep.json's `report` record (none where a sweep of an older allocator lacks it)."""
    record, path = described.get(RECORD), folder / REPORT
    if not isinstance(record, Mapping) or not path.is_file() or not same_renderer(described):
        return []
    try:
        wanted = sweep_page(folder, record)
    except Exception as exc:  # any parse error of a damaged table: named with its file
        return [_broken(REPORT, told("sweep_page_unwritten",
                                     reason=str(exc).splitlines()[0] if str(exc) else
                                     type(exc).__name__))]
    found = path.read_text(encoding="utf-8", errors="replace")
    return [] if found == wanted else [_broken(REPORT, page_difference(found, wanted))]


def _hash_findings(folder: Path, recorded: dict[str, Any]) -> list[Violation]:
    found = []
    for name in sorted({*recorded, TABLE, REPORT}):
        path = folder / name
        if not path.is_file():
            found.append(_broken(name, told("file_missing")))
        elif name not in recorded:
            found.append(_broken(name, told("file_unlisted", key=OUTPUTS)))
        elif file_sha256(path) != recorded[name]:
            found.append(_broken(name, told("file_changed")))
    extra = sorted(p.name for p in folder.iterdir() if p.is_file() and p.name != DESCRIPTION
                   and p.name not in recorded and not is_bystander_file(p.name))
    found += [_broken(name, told("file_unexpected") if name not in SWEEP_FILES
                      else told("file_unlisted", key=OUTPUTS))
              for name in extra if name not in (TABLE, REPORT)]
    return found


def _figure_findings(folder: Path) -> list[Violation]:
    """Each row of sweep.csv whose point's run folder its manifest figures differ from."""
    try:
        table = read_people_csv(folder / TABLE, dtype={"status": str, "folder": str,
                                                       "stopped_on": str},
                                keep_default_na=False, na_values=[""])
    except Exception as exc:  # any parse error: a damaged file
        return [_broken(TABLE, told("sweep_row_unreadable", reason=str(exc).splitlines()[0]))]
    found = []
    for _, row in table.iterrows():
        differs = _row_difference(folder, row)
        if differs is not None:
            found.append(_broken(TABLE, differs))
    return found


def _row_difference(folder: Path, row: pd.Series) -> str | None:
    """How a planned point's row differs from its manifest (None where it does not, or the
    point was not planned)."""
    name = row.get("folder")
    if not isinstance(name, str) or not name:
        return None
    point = folder / name
    try:
        manifest = read_manifest(point)
    except UserError:
        return told("sweep_point_gone", point=row.get("point"), folder=name)
    recorded = _recorded_figures(manifest)
    for column in [n for n in row.index if n in recorded]:
        if column == "status" and _judged_optimal(row, recorded):
            continue
        if not _same(row[column], recorded[column]):
            return told("sweep_figure_differs", point=row.get("point"), column=column,
                        shown=row[column], recorded=recorded[column], folder=name)
    return None


def _judged_optimal(row: pd.Series, recorded: Mapping[str, Any]) -> bool:
    """Whether a point re-solved to a tighter gap target shows "optimal" as the point run
    alone would (sweeps.judged): its plan, "feasible" there, within the scenario's own gap
    target."""
    own, gap = _number(row.get("gap_target")), _number(recorded.get("gap"))
    return (row.get("status") == "optimal" and recorded.get("status") == "feasible"
            and _number(row.get("tight_gap_target")) is not None
            and own is not None and gap is not None and gap <= own)


def _recorded_figures(manifest: dict[str, Any]) -> dict[str, Any]:
    solver = manifest.get("solver")
    kpis = manifest.get("kpis")
    figures = {k: v for k, v in kpis.items() if k != "customers"} if isinstance(
        kpis, dict) else {}
    if isinstance(solver, dict):
        figures |= {k: solver.get(k) for k in SOLVER_FIGURES}
    return figures


def _same(shown: object, recorded: object) -> bool:
    if recorded is None or (isinstance(recorded, float) and math.isnan(recorded)):
        return shown is None or (isinstance(shown, float) and math.isnan(shown))
    if isinstance(recorded, int | float) and not isinstance(recorded, bool):
        number = _number(shown)
        return number is not None and math.isclose(number, float(recorded), rel_tol=1e-12,
                                                   abs_tol=1e-12)
    return str(shown) == str(recorded)


def _number(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


class DamagedDescription(UserError):
    """sweep.json there but not as the sweep wrote it (cut short, not JSON, not an object)."""

    reason: str = ""


def _json(path: Path) -> dict[str, Any]:
    try:
        described = read_strict_json(path)
    except FileNotFoundError as exc:
        raise UserError.said("run_file_unreadable", path=path,
                             reason=str(exc).splitlines()[0]) from None
    except (OSError, ValueError) as exc:
        raise _damaged(path, str(exc).splitlines()[0]) from None
    if not isinstance(described, dict):
        raise _damaged(path, "not a JSON object")
    return described


def _damaged(path: Path, reason: str) -> DamagedDescription:
    error = DamagedDescription.said("run_file_unreadable", path=path, reason=reason)
    error.reason = reason
    return error


def _broken(name: str, detail: str) -> Violation:
    return Violation(FAMILY, FAMILY, name, detail, 1.0)
