"""A run folder's own files: each file against the SHA-256 its manifest recorded; the copies of
the plan (customer_plan.csv, plan.xlsx's customer sheet) against the Parquet plan,
customer_plan.parquet, and plan.xlsx's tiers sheet against tier_summary.csv; after the plan is
checked, every other table people read against what the plan and the checker give
(table_check)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks import CheckReport, Violation
from allocator.closeness import BasePlan, base_of_run
from allocator.csv_cells import read_people_csv
from allocator.errors import LANGUAGE, UserError, catalogued, cut, examples, told
from allocator.manifest_check import own_digest_edits
from allocator.report.language import Words
from allocator.report.naming import manifest_words
from allocator.report.renderer import same_renderer
from allocator.run_contents import required_files
from allocator.run_folder import load_run, part_count, read_manifest
from allocator.runs import (
    MANIFEST,
    OUTPUTS,
    file_sha256,
    folder_files,
    is_run_file,
    stated_format,
)
from allocator.table_check import table_differences
from allocator.workbook_check import CUSTOMERS, Shown, sheet_difference

FAMILY = "files"
UNHASHED = ("files not checked against hashes", "未按哈希值核对文件")
"""How the note of a run whose manifest records no hashes begins, in each language."""
SHOWN = 5
"""How many differing ids a message names (with how many more there are)."""


@dataclass(frozen=True)
class FilesChecked:
    violations: list[Violation]
    notes: tuple[str, ...]


def check_files(folder: Path, manifest: dict[str, Any]) -> FilesChecked:
    """Every file the manifest lists, against its hash; the plan's CSV copies against the
    Parquet plan."""
    recorded = manifest.get(OUTPUTS)
    if not isinstance(recorded, dict) and stated_format(manifest) < 2:
        return FilesChecked(_copies(folder, manifest_words(manifest)),
                            (told("files_unhashed"),))
    if not isinstance(recorded, dict):
        return FilesChecked([_broken(MANIFEST, told("files_manifest_edited", key=OUTPUTS,
                                                   format=stated_format(manifest))),
                             *_copies(folder, manifest_words(manifest))], ())
    violations = []
    for name, digest in sorted(recorded.items()):
        path = folder / name
        if path.exists() and not path.is_file():
            violations.append(_broken(name, told("file_not_regular")))
        elif not path.is_file():
            violations.append(_broken(name, told("file_missing")))
        elif file_sha256(path) != digest:
            violations.append(_broken(name, told("file_changed")))
    violations += _unlisted(folder, manifest, recorded)
    try:
        copies = _copies(folder, manifest_words(manifest))
    except UserError:
        if not violations:  # a damaged file the manifest's hashes did not flag
            raise
        copies = []  # the hashes already name the damaged file
    return FilesChecked([*violations, *copies], ())


def changed_once(found: list[Violation]) -> list[Violation]:
    """`found` (a folder's findings) less the hash's finding of each file another finding
    says how it differs: a file changed since its run wrote it is named once, by what
    changed where a check found that (a column, a cell, a line), else by its hash."""
    changed = set(catalogued("file_changed"))
    differs = {v.label for v in found if v.family == FAMILY and v.detail not in changed}
    return [v for v in found
            if not (v.family == FAMILY and v.detail in changed and v.label in differs)]


def unchanged_base(folder: Path, message: str = "base_folder_changed") -> BasePlan:
    """The plan of the run folder `folder` for a run to keep (its base); UserError `message`
    where one of its files changed since its run wrote them (a plan no run made)."""
    base = base_of_run(folder)
    refuse_changed_base(folder, message)
    return base


def refuse_changed_base(folder: Path, message: str) -> None:
    """UserError `message` where a file of the run folder `folder`, which another run keeps
    as its base, changed since its run wrote it; read in the keeping run's language."""
    refuse_changed(folder, read_manifest(folder, speaks=False), message)


def refuse_changed(folder: Path, manifest: dict[str, Any], message: str,
                   recorded: dict[str, Any] | None = None) -> None:
    """UserError `message` (with the folder, the file and what changed) where one of the
    folder's files (its manifest's own digest first) differs from what its run wrote, by the
    hashes `recorded` (default: the manifest's); nothing where none does or the manifest
    records no hashes: a command that reads a run refuses one its run did not write."""
    recorded = manifest.get(OUTPUTS) if recorded is None else recorded
    if not isinstance(recorded, dict):
        return
    broken = [*own_digest_edits(manifest)[0],
              *check_files(folder, {**manifest, OUTPUTS: recorded}).violations]
    if broken:
        raise UserError.said(message, folder=folder, file=broken[0].label,
                             detail=broken[0].detail)


def _unlisted(folder: Path, manifest: dict[str, Any], recorded: dict[str, Any]
              ) -> list[Violation]:
    """The files the run wrote that its manifest no longer lists (gone, or there but
    unlisted), and the files in its folder that no run writes; not those an editor or the OS
    left there (a workbook's lock while it is open), which change nothing of the run."""
    found = set(folder_files(folder))
    required = required_files(manifest, bool(part_count(folder)))
    gone = sorted(required - found - set(recorded))
    return [*(_broken(name, told("file_missing")) for name in gone),
            *(_broken(name, told("file_unlisted", key=OUTPUTS))
              for name in sorted(found - set(recorded)) if is_run_file(name)),
            *(_broken(name, told("file_unexpected"))
              for name in sorted(found) if not is_run_file(name))]


def damaged_manifest(error: UserError, folder: Path) -> Violation:
    """The finding of a manifest.json that is not as its run wrote it (run_folder.DamagedFile):
    the folder fails, naming the file and what is wrong with it."""
    said = error.shown().rstrip(".。")
    for mark in (": ", "："):
        said = said.removeprefix(f"{folder / MANIFEST}{mark}")
    return _broken(MANIFEST, told("manifest_damaged", reason=said))


def _broken(name: str, detail: str) -> Violation:
    return Violation(FAMILY, FAMILY, name, detail, 1.0)


def _copies(folder: Path, words: Words) -> list[Violation]:
    plan_path = folder / "customer_plan.parquet"
    if not plan_path.is_file():
        return []
    plan = _read(plan_path, lambda p: pd.read_parquet(p))
    found = [_same_table(plan, folder / "customer_plan.csv", words)
             ] if (folder / "customer_plan.csv").is_file() else []
    if (folder / "plan.xlsx").is_file():
        found += _same_workbook(folder, plan, words)
    return [v for v in found if v is not None]


def _same_table(plan: pd.DataFrame, path: Path, words: Words) -> Violation | None:
    numeric = [n for n in plan.columns if pd.api.types.is_numeric_dtype(plan[n])
               and not pd.api.types.is_bool_dtype(plan[n])]
    text = {n: str for n in plan.columns if n not in numeric}
    copy = _read(path, lambda p: read_people_csv(p, dtype=text, keep_default_na=False))
    shape = shape_difference(plan, copy)
    if shape is not None:
        return _broken(path.name, shape)
    for name in plan.columns:
        if name in numeric:
            same = np.isclose(plan[name].to_numpy(dtype=float),
                              pd.to_numeric(copy[name], errors="coerce").to_numpy(dtype=float),
                              rtol=1e-9, atol=1e-9, equal_nan=True)
        else:
            same = _same_texts(plan[name], copy[name])
            if name == c.TIER_REASON:  # in the run's language; a run before: as the Parquet's
                same = same | _same_texts(words.reasons(plan[name]), copy[name])
        if not same.all():
            ids = examples(plan.loc[~same, c.CUSTOMER_ID].astype(str), SHOWN)
            return _broken(path.name, told("copy_column_differs", column=name, ids=ids,
                                           count=f"{int((~same).sum()):,}"))
    return None


def _same_texts(plan: pd.Series, copy: pd.Series) -> np.ndarray:
    """Per row, whether the copy's text is the plan's (a blank for none)."""
    return (plan.astype(object).where(plan.notna(), "").astype(str)
            == copy.astype(str)).to_numpy()


def shape_difference(plan: pd.DataFrame, copy: pd.DataFrame) -> str | None:
    """How a copy of the plan differs from it in shape: the columns it lacks, those it has
    the plan has not, or their order; else its rows, by the first line whose id differs. In
    the language errors are shown in now, as verify's other findings."""
    said = []
    lacking = [n for n in plan.columns if n not in copy.columns]
    unexpected = [n for n in copy.columns if n not in plan.columns]
    if lacking:
        said.append(catalogued("copy_lacks_columns", columns=_names(lacking)))
    if unexpected:
        said.append(catalogued("copy_unexpected_columns", columns=_names(unexpected)))
    if not said and list(copy.columns) != list(plan.columns):
        said.append(catalogued("copy_column_order", columns=_names(list(copy.columns))))
    if not said and len(copy) != len(plan):
        said.append(_rows_difference(plan[c.CUSTOMER_ID].astype(str).tolist(),
                                     copy[c.CUSTOMER_ID].astype(str).tolist()))
    if not said:
        return None
    return "；".join(part[1] for part in said) if LANGUAGE.get() == "zh" else "; ".join(
        part[0] for part in said)


def _rows_difference(want: list[str], have: list[str]) -> tuple[str, str]:
    """The copy's row count against the plan's, and its first line (the header is line 1)
    whose customer differs."""
    first = next((n for n, (a, b) in enumerate(zip(want, have, strict=False)) if a != b),
                 min(len(want), len(have)))
    return catalogued("copy_rows", found=len(have), rows=len(want), line=first + 2,
                      shown=cut(have[first]) if first < len(have) else "—",
                      plan=cut(want[first]) if first < len(want) else "—")


def _names(columns: list[str]) -> str:
    return examples(f"'{name}'" for name in columns)


def _same_workbook(folder: Path, plan: pd.DataFrame, words: Words
                   ) -> list[Violation | None]:
    """plan.xlsx's customer sheet against the Parquet plan; its tiers sheet against
    tier_summary.csv where no table is derived again (a book in parts; otherwise table_check
    compares it with the CSV's numbers as derived, so that an edited CSV names itself alone)."""
    shown = [Shown(CUSTOMERS, plan, c.CUSTOMER_ID, "customer_plan.parquet")]
    tiers = folder / "tier_summary.csv"
    if tiers.is_file() and part_count(folder):
        table = _read(tiers, lambda p: read_people_csv(p, dtype={c.TIER: str},
                                                   keep_default_na=False, na_values=[""]))
        shown.append(Shown("tiers", table, c.TIER))
    found = [sheet_difference(s, folder / "plan.xlsx", words, SHOWN) for s in shown]
    return [None if d is None else _broken("plan.xlsx", d) for d in found]


def _read(path: Path, reader: Any) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = reader(path)
    except Exception as exc:  # any reader's parse error: a damaged file
        raise UserError.said("run_file_unreadable", path=path, reason=_first_line(exc)) from None
    return frame


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def check_tables(folder: Path, manifest: dict[str, Any], report: CheckReport
                 ) -> FilesChecked:
    """The tables people read (the CSVs, plan.xlsx's sheets) against what the Parquet plan,
    the saved inputs and the checker's recomputation give (see table_check); a run of a book
    in parts keeps its hash checks. summary.md and report.html are written again and compared
    only where this renderer wrote them (report/renderer.py); else a note says they were
    checked by hash only."""
    if part_count(folder) or not (folder / "customer_plan.parquet").is_file():
        return FilesChecked([], ())
    inputs, plan, _ = load_run(folder)
    rewritten = same_renderer(manifest)
    found = table_differences(folder, inputs, plan.packages, report,
                              manifest_words(manifest), rewritten)
    return FilesChecked([_broken(name, detail) for name, detail in found],
                        () if rewritten else (told("pages_other_renderer"),))
