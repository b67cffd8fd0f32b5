"""Read a saved run folder back: its inputs, its plan and the objective it claimed."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq
from pydantic import ValidationError

from allocator import columns as c
from allocator.checks import PlanInputs
from allocator.csv_cells import read_people_csv
from allocator.errors import InputOutputError, UserError, speak
from allocator.json_files import read_strict_json
from allocator.manifest_shape import kind_words, misshapen_entry
from allocator.plan import Plan
from allocator.report.error_words import STATUS_ZH, json_reason_zh
from allocator.runs import PART_FILE
from allocator.scenario.error_texts import value_texts
from allocator.scenario.schema import OfferSpec, Scenario
from allocator.sweep_folder import POINT, point_runs

ID_TYPES = {c.CUSTOMER_ID: str, c.RM_ID: str, c.OFFER_ID: str, c.INCUMBENT_RM: str,
            c.TIER: str, "package": str}


class DamagedFile(UserError):
    """A run folder's JSON file that is there but not as its run wrote it: cut short, not JSON,
    not an object, or an entry of another kind. For `verify`, a failed check of the folder
    (as a file that no longer matches its hash), not bad input."""


def part_count(folder: Path) -> int:
    """How many parts a run of a book in parts has (0 for a run of a whole book)."""
    plans = folder / "customer_plan"
    return len(list(plans.glob("part-*.parquet"))) if plans.is_dir() else 0


def read_manifest(folder: Path, speaks: bool = True) -> dict[str, Any]:
    """A run folder's manifest; UserError naming the file if there is none, it is not an
    allocator run's manifest, or it is damaged. With `speaks`, errors are said from then on in
    the run's language (a command about this folder); a run reading another's (its --base)
    keeps its own."""
    path = folder / "manifest.json"
    manifest = _json(path, folder)
    if "solver" not in manifest and "resolved_scenario" not in manifest:
        raise UserError.said("not_a_run_manifest", path=path, folder=folder)
    if speaks:
        speak(_language_of(manifest))
    if "solver" not in manifest:
        manifest = {**manifest, "solver": None}  # lacking, it is as damaged as null
    misshapen = misshapen_entry(manifest)
    if misshapen is not None:
        key, found, wanted = misshapen
        (found_en, found_zh), (wanted_en, wanted_zh) = kind_words(found), kind_words(wanted)
        raise DamagedFile.said("manifest_entry_damaged", path=path, key=key, found=found_en,
                             found_zh=found_zh, wanted=wanted_en, wanted_zh=wanted_zh)
    return manifest


def _language_of(manifest: dict[str, Any]) -> str | None:
    """The output language the manifest's resolved scenario names, if any."""
    resolved = manifest.get("resolved_scenario")
    output = resolved.get("output") if isinstance(resolved, dict) else None
    return output.get("language") if isinstance(output, dict) else None


def load_run(folder: Path, part: int | None = None) -> tuple[PlanInputs, Plan, float | None]:
    """The inputs, plan and claimed objective of a run folder (of one of its parts, for a
    book planned in parts); UserError if it is incomplete or damaged."""
    try:
        return _loaded(folder, part)
    except KeyError as missing:
        raise UserError.said("run_lacks_column", folder=folder, column=missing) from None


def refuse_planless(folder: Path, manifest: Mapping[str, Any], key: str) -> None:
    """UserError of catalogue message `key` (each command's own: nothing to verify, explain
    or compare) where the run's manifest says it holds no plan, naming its solver's status."""
    status = manifest.get("solver", {}).get("status")
    if status not in ("optimal", "feasible"):
        raise UserError.said(key, folder=folder, status=status,
                             status_zh=STATUS_ZH.get(str(status), status))


def _loaded(folder: Path, part: int | None) -> tuple[PlanInputs, Plan, float | None]:
    manifest = read_manifest(folder)
    refuse_planless(folder, manifest, "no_plan_to_verify")
    scenario = _saved_scenario(manifest, folder)
    try:
        offers = {k: OfferSpec.model_validate(v)
                  for k, v in _json(folder / "inputs" / "offers.json", folder).items()}
    except (KeyError, ValidationError) as exc:
        raise UserError.said("run_inputs_damaged", folder=folder, reason=exc) from None
    named = {"customers": "inputs/customers.parquet", "fit": "inputs/fit_scores.csv",
             "plan": "customer_plan.parquet", "offers": "offer_plan.csv"}
    if part is not None:
        file = PART_FILE.format(part)
        named = {"customers": f"inputs/customers/{file}", "fit": f"inputs/fit_scores/{file}",
                 "plan": f"customer_plan/{file}", "offers": f"offer_plan/{file}"}
    customers = _read(folder / named["customers"], folder)
    customers[c.TIER] = pd.Categorical(customers[c.TIER], categories=list(scenario.tiers))
    inputs = PlanInputs(scenario, customers, _read(folder / "inputs" / "rms.csv", folder),
                        offers, _read(folder / named["fit"], folder))
    plan_customers = _read(folder / named["plan"], folder)
    assignments = plan_customers.loc[plan_customers[c.RM_ID].notna(), [c.CUSTOMER_ID, c.RM_ID]]
    tiers = _read(folder / "tier_summary.csv", folder)
    plan = Plan(assignments.reset_index(drop=True),
                _read(folder / named["offers"], folder)[[c.CUSTOMER_ID, c.OFFER_ID]],
                tiers.loc[tiers["package"].notna(), [c.TIER, "package"]].reset_index(drop=True))
    return inputs, plan, manifest.get("solver", {}).get("objective")


def _saved_scenario(manifest: dict[str, Any], folder: Path) -> Scenario:
    """The scenario the manifest resolved; UserError naming the manifest and the first key
    it cannot read."""
    try:
        return Scenario.model_validate(manifest["resolved_scenario"])
    except KeyError as exc:
        raise UserError.said("run_inputs_damaged", folder=folder, reason=exc) from None
    except ValidationError as exc:
        first = exc.errors()[0]
        english, chinese = value_texts(first)
        raise UserError.said(
            "manifest_scenario_damaged", path=folder / "manifest.json", problem=english,
            problem_zh=chinese, key=".".join(map(str, ("resolved_scenario", *first["loc"]))),
        ) from None


def saved_tiers(folder: Path, part: int | None = None) -> dict[str, pd.DataFrame]:
    """Each customer's tier as a run folder saved it (of one of its parts, for a book planned
    in parts), by file: in the tiered book verify reads and in the customer plan the reports
    show."""
    names = ("inputs/customers.parquet", "customer_plan.parquet") if part is None else (
        f"inputs/customers/{PART_FILE.format(part)}", f"customer_plan/{PART_FILE.format(part)}")
    return {name: pd.read_parquet(folder / name, columns=[c.CUSTOMER_ID, c.TIER])
            for name in names}


def saved_packages(folder: Path, part: int | None = None) -> pd.DataFrame:
    """Each customer's tier and package as the customer plan saved them (no package column
    in a plan saved without packages)."""
    path = folder / ("customer_plan.parquet" if part is None else
                     f"customer_plan/{PART_FILE.format(part)}")
    held = pq.read_schema(path).names
    return pd.read_parquet(path, columns=[name for name in (c.CUSTOMER_ID, c.TIER, "package")
                                          if name in held])


def _json(path: Path, folder: Path) -> dict[str, Any]:
    if not folder.exists():
        raise InputOutputError.said("no_run_folder", folder=folder)
    if not folder.is_dir():  # a file where the run folder belongs: 4, as a missing one
        raise InputOutputError.said("run_not_folder", folder=folder)
    _refuse_special(path)
    try:
        data = read_strict_json(path)
    except FileNotFoundError:
        raise sweep_given(folder, str(folder)) or UserError.said(
            "not_a_run", folder=folder, file=path.name) from None
    except json.JSONDecodeError as exc:
        raise DamagedFile.said("bad_json", path=path, reason=exc.msg,
                               reason_zh=json_reason_zh(exc.msg), line=exc.lineno) from None
    except UnicodeDecodeError as exc:
        raise DamagedFile.said("run_file_damaged", path=path, reason=exc) from None
    except OSError as exc:
        raise UserError.said("run_file_damaged", path=path, reason=exc) from None
    if not isinstance(data, dict):
        raise DamagedFile.said("json_not_object", path=path)
    return data


def sweep_given(folder: Path, given: str) -> UserError | None:
    """The error of a sweep's folder given where a run folder is wanted (`given`: as the
    command names it), naming where its points' run folders are; None for another folder."""
    points = point_runs(folder)
    if points is None:
        return None
    example = points[0] if points else folder / POINT.format(0)
    return UserError.said("sweep_not_a_run", given=given, example=example)


def _refuse_special(path: Path) -> None:
    """UserError for a path that exists but is no regular file (a pipe, a device, a folder),
    which reading could wait on forever."""
    if path.exists() and not path.is_file():
        raise UserError.said("run_file_special", path=path)


def read_run_table(path: Path, folder: Path, needed: Sequence[str],
                   types: Mapping[str, type] | None = None) -> pd.DataFrame:
    """The columns `needed` (and, from a CSV, the others) of a table of a run folder, columns
    `types` read as such; UserError naming the file if it is missing or damaged, or the
    column it lacks."""
    frame = _read(path, folder, types, needed)
    lacking = [name for name in needed if name not in frame.columns]
    if lacking:
        raise UserError.said("run_lacks_column", folder=folder,
                             column=f"{lacking[0]} ({path.relative_to(folder)})")
    return frame


def _read(path: Path, folder: Path, types: Mapping[str, type] | None = None,
          columns: Sequence[str] | None = None) -> pd.DataFrame:
    if not path.exists():
        raise UserError.said("run_file_missing", folder=folder, file=path.relative_to(folder))
    _refuse_special(path)
    try:
        if path.suffix == ".parquet":
            held = pq.read_schema(path).names
            return pd.read_parquet(path, columns=None if columns is None else
                                   [name for name in columns if name in held])
        header = pd.read_csv(path, nrows=0).columns
        dtype = {k: v for k, v in {**ID_TYPES, **(types or {})}.items() if k in header}
        return read_people_csv(path, dtype=dtype, keep_default_na=True)
    except Exception as exc:  # any reader's parse error: a damaged file
        lines = str(exc).strip().splitlines()
        raise UserError.said("run_file_damaged", path=path,
                             reason=lines[0] if lines else type(exc).__name__) from None


def has_plan(folder: Path, speaks: bool = True) -> bool:
    """Whether a run folder's manifest says it holds a plan (UserError if it is damaged);
    `speaks`: as read_manifest (False for a run's or sweep's base)."""
    solver = read_manifest(folder, speaks).get("solver")
    return isinstance(solver, dict) and solver.get("status") in ("optimal", "feasible")
