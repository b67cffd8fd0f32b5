"""The default base of a what-if: the latest plain run of the same scenario and data.

A what-if (a run with `--set` or `--use`, a sweep) is read against the plan the committee looks
at: the scenario as its files say, without overrides. So where the run folders the registry
indexes hold such a run of the same scenario (every section that changes a plan equal) and the
same data (each input file's hash as the run recorded it), the what-if keeps the most of that
run's plan among plans worth the same within the gap (allocator.closeness), and it moves only
what its lever makes it move. Without one, the plain run is planned first (the scenario files
without overrides, the same data and seed: allocator.api) and written as a run of its own, so
the next what-if keeps it too; with `--base today`, the base is today's books
(allocator.reference).

Why not today's books always: a plan that keeps every limit of a lever's run can be far from
them (Bank Marketing, budget 48k or 60k: about 1,100 customers each, that the closest phase
cannot take back one at a time, as each needs another customer to move), and each solve keeps
different ones of those, so two runs of equal RM hours moved 84 customers' RMs. Against a plan
that is itself a solved plan of the same book, budget 48k -> 60k moved none.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from allocator.book.queried import POSTGRESQL
from allocator.compare_kpis import is_display_only
from allocator.run_label import created_order
from allocator.runs import file_sha256, run_parent
from allocator.scenario.loading import LoadedScenario, without_overrides

TODAY = "today"
"""`--base today`: keep today's books, not the latest plain run."""
NEUTRAL = frozenset({"description", "output", "execution", "labels"})
"""Scenario sections that change no plan: what a run is called, how and where its reports are
written, where it is solved."""
PLANNED = ("optimal", "feasible")
LATEST_PLAIN_RUN, NO_PLAIN_RUN = "latest_plain_run", "no_plain_run"
PLANNED_FIRST, PLAIN_HAS_NO_PLAN = "plain_run_planned_first", "plain_run_has_no_plan"
PLAIN_WITHOUT_PLAN = "plain_run_without_plan"
"""Why a what-if kept the base it kept by default (closeness.Kept.why): the latest plain run
on record; none could be planned (the files alone are no scenario); the plain run planned
first, as there was none; today's books, as the plain scenario planned first has no plan, or
as the latest plain run on record has none."""


def keeps_plain_run(loaded: LoadedScenario) -> bool:
    """Whether `loaded` is a what-if of its plain run: an override (named, `--set`, a sweep
    point) sets a key that changes plans, and none sets a `data` key (that book is not the
    plain run's)."""
    sections = {setting.key.split(".")[0] for setting in loaded.settings}
    return bool(sections - NEUTRAL) and "data" not in sections


SHOWN_ONLY = frozenset({"objective.currency"})
"""Keys of plan-changing sections that change only how values are shown."""
HOW_SOLVED = "solver"
"""The section that says how a plan is sought, not what the bank decides: a run that changes
only it keeps the latest plain run where there is one, and plans none first."""


def plans_plain_run_first(loaded: LoadedScenario) -> bool:
    """Whether `loaded`, with no plain run on record, plans its plain run first to keep the
    most of: a what-if of a lever (a key beyond how it is solved and reported)."""
    levers = {setting.key.split(".")[0] for setting in loaded.settings
              if not is_display_only(setting.key) and setting.key not in SHOWN_ONLY}
    return keeps_plain_run(loaded) and bool(levers - NEUTRAL - {HOW_SOLVED})


def plain_scenario(loaded: LoadedScenario) -> LoadedScenario | None:
    """The plain run of the what-if `loaded`: its scenario files without overrides, but for
    those that change no plan (its language, where and how its reports are written, where it
    is solved), its label and note aside; None where the files alone are no valid scenario."""
    return without_overrides(loaded, NEUTRAL)


def latest_plain_run(root: Path, loaded: LoadedScenario) -> Path | None:
    """The folder of the latest run under the reports root `root` of `loaded`'s scenario
    without overrides, on the same data; None if `loaded` keeps none (keeps_plain_run) or
    there is no such run. Read from the run folders the registry indexes (they are the
    truth), so a registry another process holds open delays nothing."""
    if not keeps_plain_run(loaded):
        return None
    plain = without_overrides(loaded)
    if plain is None:
        return None
    wanted = _planned(plain.resolved())
    latest_first = sorted(_runs(run_parent(root, plain.scenario.name)), reverse=True,
                          key=lambda run: (created_order(run[1].get("created")), run[0]))
    return next((folder for folder, manifest in latest_first if _is_plain(manifest, wanted)),
                None)  # hashing input files stops at the latest match


def _runs(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """The run folders of a scenario's folder and their manifests, with a plan or without
    (hidden folders, being written or left by a killed run, and sweeps aside)."""
    try:
        folders = sorted(p for p in folder.iterdir() if not p.name.startswith((".", "sweep-")))
    except OSError:
        return []
    manifests = ((p, _manifest(p)) for p in folders)
    return [(p, manifest) for p, manifest in manifests if manifest is not None]


def _planned(resolved: Mapping[str, Any]) -> dict[str, Any]:
    """A resolved scenario's sections that change plans, as its manifest writes them."""
    return json.loads(json.dumps({k: v for k, v in resolved.items() if k not in NEUTRAL},
                                 default=str))


def _is_plain(manifest: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    """Whether a run's manifest is of the scenario `wanted` (its resolved sections that change
    plans), without overrides, on input files that still hash as it recorded."""
    resolved = manifest.get("resolved_scenario")
    if not isinstance(resolved, Mapping) or _planned(resolved) != wanted:
        return False
    applied = manifest.get("applied")
    if not isinstance(applied, list) or any(_plans(str(item)) for item in applied):
        return False
    inputs = manifest.get("inputs")
    return isinstance(inputs, Mapping) and all(_unchanged(entry) for entry in inputs.values())


def plans_changed(applied: str) -> bool:
    """Whether the overrides of a registry row's `applied` (the manifest's list joined by
    spaces) change plans: a what-if."""
    return any(_plans(item) for item in APPLIED_ITEM.split(applied) if item.strip())


APPLIED_ITEM = re.compile(r" (?=--(?:set|use) )")
"""Where one override of a registry row's `applied` ends and the next begins."""


def _plans(applied: str) -> bool:
    """Whether an override of a manifest's `applied` list changes plans (`--set output.label=
    ...` does not)."""
    key = applied.removeprefix("--set ").partition("=")[0].strip()
    return applied.startswith("--use ") or key.split(".")[0] not in NEUTRAL


def _unchanged(entry: object) -> bool:
    """Whether an input the manifest records is as it was: a file by its hash; a server's
    table, which only reading it again could tell, is taken as it was (the what-if reads it
    anew and keeps the most of the plain run's plan its own book allows)."""
    if not isinstance(entry, Mapping):
        return False
    if entry.get("path") is None and entry.get("source") == POSTGRESQL:
        return True
    path = Path(str(entry.get("path")))
    try:
        return path.exists() and file_sha256(path) == entry.get("sha256")
    except OSError:
        return False


def _manifest(folder: Path) -> dict[str, Any] | None:
    """A run folder's manifest, None where it cannot be read or says no solver status."""
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    solver = manifest.get("solver") if isinstance(manifest, dict) else None
    return manifest if isinstance(solver, dict) and "status" in solver else None

