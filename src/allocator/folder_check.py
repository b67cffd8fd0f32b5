"""A run folder's own files, checked before its plan: each file against the SHA-256 its
manifest recorded, and the copies of the plan (customer_plan.csv, rm_books.csv,
offer_plan.csv, tier_summary.csv, plan.xlsx's customer sheet) against the Parquet plan,
customer_plan.parquet, and plan.xlsx's tiers sheet against tier_summary.csv."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks import Violation
from allocator.errors import UserError
from allocator.report.language import Language
from allocator.runs import FORMAT, FORMAT_VERSION, MANIFEST, OUTPUTS, file_sha256
from allocator.workbook_check import CUSTOMERS, Shown, sheet_difference

FAMILY = "files"
UNHASHED = "files not checked against hashes"
SHOWN = 5
"""How many differing ids a message names."""


@dataclass(frozen=True)
class FilesChecked:
    violations: list[Violation]
    notes: tuple[str, ...]


def check_files(folder: Path, manifest: dict[str, Any]) -> FilesChecked:
    """Every file the manifest lists, against its hash; the plan's CSV copies against the
    Parquet plan."""
    recorded = manifest.get(OUTPUTS)
    if not isinstance(recorded, dict) and _format(manifest) < 2:
        return FilesChecked(_copies(folder, _language(manifest)), (
            f"{UNHASHED}: this manifest records none (written by an older allocator)",))
    if not isinstance(recorded, dict):
        return FilesChecked([_broken(MANIFEST, (
            f"lacks the SHA-256 of the run's files (its '{OUTPUTS}' key), which every run "
            f"folder of format {_format(manifest)} records: the manifest was edited; the "
            "files cannot be trusted")), *_copies(folder, _language(manifest))], ())
    violations = []
    for name, digest in sorted(recorded.items()):
        path = folder / name
        if not path.is_file():
            violations.append(_broken(name, "missing: the run wrote it, it is gone"))
        elif file_sha256(path) != digest:
            violations.append(_broken(name, "changed since the run wrote it (its SHA-256 "
                                            "differs from the one in manifest.json)"))
    found = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
             if p.is_file() and p != folder / MANIFEST}
    extra = sorted(found - set(recorded))
    notes = (f"files the run did not write (not checked): {', '.join(extra[:SHOWN])}",
             ) if extra else ()
    try:
        copies = _copies(folder, _language(manifest))
    except UserError:
        if not violations:  # a damaged file the manifest's hashes did not flag
            raise
        copies = []  # the hashes already name the damaged file
    return FilesChecked([*violations, *copies], notes)


def _format(manifest: dict[str, Any]) -> int:
    """The version of the run folder's layout its manifest states (1 where it states none)."""
    stated = manifest.get(FORMAT, 1)
    return stated if isinstance(stated, int) and not isinstance(stated, bool) else FORMAT_VERSION


def _broken(name: str, detail: str) -> Violation:
    return Violation(FAMILY, FAMILY, name, detail, 1.0)


def _language(manifest: dict[str, Any]) -> Language:
    """The language the run wrote its reports in (English where the manifest says none)."""
    resolved = manifest.get("resolved_scenario")
    output = resolved.get("output") if isinstance(resolved, dict) else None
    language = output.get("language") if isinstance(output, dict) else None
    return "zh" if language == "zh" else "en"


def _copies(folder: Path, language: Language) -> list[Violation]:
    plan_path = folder / "customer_plan.parquet"
    if not plan_path.is_file():
        return []
    plan = _read(plan_path, lambda p: pd.read_parquet(p))
    checks = {"customer_plan.csv": _same_table, "rm_books.csv": _same_books,
              "offer_plan.csv": _same_offers, "tier_summary.csv": _same_tiers}
    found = [same(plan, folder / name) for name, same in checks.items()
             if (folder / name).is_file()]
    if (folder / "plan.xlsx").is_file():
        found += _same_workbook(folder, plan, language)
    return [v for v in found if v is not None]


def _same_table(plan: pd.DataFrame, path: Path) -> Violation | None:
    numeric = [n for n in plan.columns if pd.api.types.is_numeric_dtype(plan[n])
               and not pd.api.types.is_bool_dtype(plan[n])]
    text = {n: str for n in plan.columns if n not in numeric}
    copy = _read(path, lambda p: pd.read_csv(p, dtype=text, keep_default_na=False))
    if list(copy.columns) != list(plan.columns) or len(copy) != len(plan):
        return _broken(path.name, "its columns or rows differ from customer_plan.parquet")
    for name in plan.columns:
        if name in numeric:
            same = np.isclose(plan[name].to_numpy(dtype=float),
                              pd.to_numeric(copy[name], errors="coerce").to_numpy(dtype=float),
                              rtol=1e-9, atol=1e-9, equal_nan=True)
        else:
            same = (plan[name].astype(object).where(plan[name].notna(), "").astype(str)
                    == copy[name].astype(str)).to_numpy()
        if not same.all():
            ids = plan.loc[~same, c.CUSTOMER_ID].astype(str).head(SHOWN).tolist()
            return _broken(path.name, f"column '{name}' differs from customer_plan.parquet for "
                                      f"customers {', '.join(ids)}")
    return None


def _same_books(plan: pd.DataFrame, path: Path) -> Violation | None:
    books = _read(path, lambda p: pd.read_csv(p, dtype={c.RM_ID: str}))
    if not {c.RM_ID, "customers", "kept_from_incumbent"} <= set(books.columns):
        return _broken(path.name, "lacks the columns rm_id, customers, kept_from_incumbent")
    assigned = plan[plan[c.RM_ID].notna()]
    kept = assigned[assigned[c.RM_ID].astype(str) == assigned[c.INCUMBENT_RM].astype(str)]
    counts = pd.DataFrame({
        "customers": assigned[c.RM_ID].astype(str).value_counts(),
        "kept_from_incumbent": kept[c.RM_ID].astype(str).value_counts()})
    counts = counts.reindex(books[c.RM_ID]).fillna(0)
    differ = ((counts["customers"].to_numpy() != books["customers"].to_numpy())
              | (counts["kept_from_incumbent"].to_numpy()
                 != books["kept_from_incumbent"].to_numpy()))
    unknown = set(assigned[c.RM_ID].astype(str)) - set(books[c.RM_ID])
    if differ.any() or unknown:
        rms = [*books.loc[differ, c.RM_ID].head(SHOWN), *sorted(unknown)[:SHOWN]]
        return _broken(path.name, "its customers per RM differ from customer_plan.parquet for "
                                  f"RMs {', '.join(rms)}")
    return None


def _same_offers(plan: pd.DataFrame, path: Path) -> Violation | None:
    offers = _read(path, lambda p: pd.read_csv(p, dtype={c.CUSTOMER_ID: str, c.OFFER_ID: str}))
    if not {c.CUSTOMER_ID, c.OFFER_ID} <= set(offers.columns) or "offers" not in plan:
        return _broken(path.name, "lacks the columns customer_id, offer_id")
    made = plan[plan["offers"].notna()]
    planned = {(str(i), o) for i, joined in zip(made[c.CUSTOMER_ID], made["offers"], strict=True)
               for o in str(joined).split("|")}
    listed = set(zip(offers[c.CUSTOMER_ID], offers[c.OFFER_ID], strict=True))
    differ = sorted(planned ^ listed)
    if differ:
        shown = ", ".join(f"{i} {o}" for i, o in differ[:SHOWN])
        return _broken(path.name, f"its offers differ from customer_plan.parquet ({shown})")
    return None


def _same_workbook(folder: Path, plan: pd.DataFrame, language: Language
                   ) -> list[Violation | None]:
    """plan.xlsx's customer sheet against the Parquet plan; its tiers sheet against
    tier_summary.csv."""
    shown = [Shown(CUSTOMERS, plan, c.CUSTOMER_ID)]
    tiers = folder / "tier_summary.csv"
    if tiers.is_file():
        table = _read(tiers, lambda p: pd.read_csv(p, dtype={c.TIER: str},
                                                   keep_default_na=False, na_values=[""]))
        shown.append(Shown("tiers", table, c.TIER))
    found = [sheet_difference(s, folder / "plan.xlsx", language, SHOWN) for s in shown]
    return [None if d is None else _broken("plan.xlsx", d) for d in found]


def _same_tiers(plan: pd.DataFrame, path: Path) -> Violation | None:
    tiers = _read(path, lambda p: pd.read_csv(p, dtype={c.TIER: str}))
    if not {c.TIER, "customers", "covered"} <= set(tiers.columns):
        return _broken(path.name, "lacks the columns tier, customers, covered")
    counted = pd.DataFrame({
        "customers": plan[c.TIER].astype(str).value_counts(),
        "covered": plan.loc[plan[c.RM_ID].notna(), c.TIER].astype(str).value_counts(),
    }).reindex(tiers[c.TIER]).fillna(0)
    differ = ((counted["customers"].to_numpy() != tiers["customers"].to_numpy())
              | (counted["covered"].to_numpy() != tiers["covered"].to_numpy()))
    differ |= _sums_differ(plan, tiers)
    if differ.any() or set(plan[c.TIER].astype(str)) - set(tiers[c.TIER]):
        shown = ", ".join(tiers.loc[differ, c.TIER].head(SHOWN))
        return _broken(path.name, "its customers, covered customers, offers, offer cost or "
                                  "expected loss per tier differ from customer_plan.parquet "
                                  f"({shown or 'a tier it lacks'})")
    return None


SUMMED = ("offer_cost", "expected_loss")
"""Money columns of tier_summary.csv that are sums of the customer plan's."""


def _sums_differ(plan: pd.DataFrame, tiers: pd.DataFrame) -> np.ndarray:
    """Per tier of `tiers`: whether its offers made, offer cost or expected loss differ from
    the customer plan's (the value is not: its package part is not in the customer plan)."""
    tier = plan[c.TIER].astype(str)
    made = plan["offers"].fillna("").astype(str).map(lambda text: len(text.split("|"))
                                                     if text else 0)
    found = pd.DataFrame({"offers": made.groupby(tier).sum(),
                          **{n: plan[n].groupby(tier).sum() for n in SUMMED if n in plan}})
    found = found.astype(float).reindex(tiers[c.TIER]).fillna(0.0)
    differ = np.zeros(len(tiers), dtype=bool)
    for name in found.columns:
        if name in tiers:
            saved = pd.to_numeric(tiers[name], errors="coerce").to_numpy(dtype=float)
            differ |= ~np.isclose(found[name].to_numpy(dtype=float), saved, rtol=1e-9,
                                  atol=1e-6)
    return differ


def _read(path: Path, reader: Any) -> pd.DataFrame:
    try:
        frame: pd.DataFrame = reader(path)
    except Exception as exc:  # any reader's parse error: a damaged file
        raise UserError(f"{path}: cannot be read ({_first_line(exc)}); the run folder is "
                        "damaged.") from None
    return frame


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
