"""Compare two runs: what changed, by how much, and which limits started or stopped binding.

Pure: two loaded runs in, tables out. Reading the folders and writing the result live at the
edges (`load_run_tables`, the CLI).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from allocator import columns as c
from allocator import tolerance
from allocator.closeness import base_of_run
from allocator.compare_kpis import (
    AMOUNTS,
    distinct,
    input_diff,
    kpi_table,
    package_table,
    run_label,
)
from allocator.errors import UserError
from allocator.folder_check import refuse_changed
from allocator.forced_changes import SavedRun, classify_changes
from allocator.run_folder import (
    load_run,
    part_count,
    read_manifest,
    read_run_table,
    refuse_planless,
)

KPI_TABLES = {
    "tiers": ("tier_summary.csv", c.TIER, ["customers", "covered", "offers", "budget", "value",
                                          "expected_loss"]),
    "offers": ("offer_summary.csv", c.OFFER_ID, ["made", "cost", "expected_sales", "value",
                                                 "expected_loss"]),
    "rms": ("rm_books.csv", c.RM_ID, ["customers", "hours", "utilization", "coverage_value"]),
}

TABLE_EXTRAS = {"tiers": ("package",)}
"""Columns of the KPI tables a comparison reads besides the KPIs (each tier's package)."""
CONSTRAINT_COLUMNS = ("constraint", "label", "binding", "marginal_value", "used")

VALUE_KPIS = ("value", "coverage_value")
"""KPIs in expected value, whose changes the solver's gap may account for."""


@dataclass(frozen=True)
class RunTables:
    name: str
    manifest: dict[str, Any]
    tables: dict[str, pd.DataFrame]
    customers: pd.DataFrame
    constraints: pd.DataFrame


@dataclass(frozen=True)
class Books:
    """The customers of two runs of different books: in both, only in A, only in B."""

    both: int
    only_a: int
    only_b: int


@dataclass(frozen=True)
class Comparison:
    headline: pd.DataFrame
    deltas: dict[str, pd.DataFrame]
    customers: pd.DataFrame
    """One row per customer whose tier, RM or offers changed."""
    changes: pd.DataFrame
    """Counts of customers that changed tier, RM and offers."""
    binding: pd.DataFrame
    """Limits that became or stopped binding."""
    kpis: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Spend, loss, capital, RMs, coverage by tier, moves: A, B and B - A."""
    packages: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Each tier's package in A and B."""
    inputs: pd.DataFrame = field(default_factory=pd.DataFrame)
    """The scenario values that differ between the runs."""
    books: Books | None = None
    """Where the runs plan different books, how their customers meet (changes are those of
    the customers in both); None for runs of one book."""
    amounts: bool = True
    """Whether the runs' amounts are in one currency and set against each other (B - A); in
    two currencies they stand side by side, and only counts and shares have a B - A."""


def with_causes(comparison: Comparison, causes: pd.DataFrame) -> Comparison:
    """The comparison with each change marked forced, free or (an RM change) to a new RM or
    back to the customer's own (allocator.forced_changes), and those counted."""
    customers = comparison.customers.merge(causes, on=c.CUSTOMER_ID, how="left")
    counts = [(f"{part}: {cause}", int((customers[f"{part}_change"] == cause).sum()))
              for part in ("rm", "offers") for cause in ("forced", "free")]
    counts[2:2] = [(f"rm: {cause}", int((customers["rm_change"] == cause).sum()))
                   for cause in ("new rm", "own rm")]
    changes = pd.concat([comparison.changes,
                         pd.DataFrame(counts, columns=["change", "customers"])],
                        ignore_index=True)
    return replace(comparison, customers=customers, changes=changes)


def labelled_in(run: RunTables, folder: Path, language: str) -> RunTables:
    """`run` headed by its label in `language` where the named overrides it used gave its
    label (compare_kpis.run_label): a Chinese comparison of English runs names them in
    Chinese where the scenario does."""
    return replace(run, name=run_label(run.manifest, folder.name, language))


def load_run_tables(folder: Path) -> RunTables:
    manifest = read_manifest(folder)
    refuse_changed(folder, manifest, "compare_folder_changed")  # its figures are no run's
    refuse_planless(folder, manifest, "no_plan_to_compare")
    tables = {key: read_run_table(folder / file, folder, [key_column, *kpis, *TABLE_EXTRAS.get(
        key, ())], {key_column: str}) for key, (file, key_column, kpis) in KPI_TABLES.items()}
    plan = read_run_table(folder / "customer_plan.parquet", folder,
                          [c.CUSTOMER_ID, c.TIER, c.RM_ID, "offers"])
    constraints = read_run_table(folder / "constraints.csv", folder, CONSTRAINT_COLUMNS,
                                 {"label": str})
    return RunTables(run_label(manifest, folder.name), manifest, tables, plan, constraints)


def classified(folder_a: Path, folder_b: Path, comparison: Comparison) -> Comparison:
    """Each change marked forced or free in B's own problem and A's, rebuilt from their saved
    inputs (allocator.forced_changes); a book planned in parts keeps the plain comparison
    (B in parts), or is judged in B's problem alone (A in parts)."""
    if part_count(folder_b):
        return comparison
    a = None if part_count(folder_a) else SavedRun(*load_run(folder_a))
    causes = classify_changes(SavedRun(*load_run(folder_b)), base_of_run(folder_a),
                              comparison.customers, a)
    return with_causes(comparison, causes)


def refuse_unrelated(folders: tuple[Path, Path], a: RunTables, b: RunTables) -> None:
    """Refuse two runs that share no customer: every customer would read as changed (and
    as forced), and no change would be one of the plan's."""
    ids = [set(run.customers[c.CUSTOMER_ID].astype(str)) for run in (a, b)]
    if ids[0] and ids[1] and not ids[0] & ids[1]:
        raise UserError.said("compare_no_shared_customer", a=folders[0], b=folders[1],
                             count_a=f"{len(ids[0]):,}", count_b=f"{len(ids[1]):,}",
                             example_a=min(ids[0]), example_b=min(ids[1]))


def compare_runs(a: RunTables, b: RunTables) -> Comparison:
    """B against A: deltas are B - A. Runs in two currencies have their amounts side by side,
    with no B - A and no verdict on the gap: only their counts and shares are set against
    each other."""
    _, band, whole = objective_change(a, b)
    amounts = same_currency(a, b)
    deltas = {key: _delta(a.tables[key], b.tables[key], key_column, kpis,
                          (band, whole) if amounts else None)
              for key, (_, key_column, kpis) in KPI_TABLES.items()}
    customers = _changed_customers(a.customers, b.customers)
    changes = pd.DataFrame({
        "change": ["tier", "rm", "offers", "any"],
        "customers": [int(customers[f"{k}_changed"].sum()) for k in ("tier", "rm", "offers")]
        + [len(customers)],
    })
    names = distinct(a.name, b.name)
    sides = tuple({"manifest": run.manifest, "constraints": run.constraints, **run.tables}
                  for run in (a, b))
    return Comparison(_headline(a, b, amounts), deltas, customers, changes, _binding(a, b),
                      kpi_table((sides[0], sides[1]), names,
                                int(customers["rm_changed"].sum()), amounts),
                      package_table((a.tables["tiers"], b.tables["tiers"]), names),
                      input_diff((a.manifest, b.manifest), names), different_books(a, b),
                      amounts)


def different_books(a: RunTables, b: RunTables) -> Books | None:
    """How the customers of runs of two books meet; None for runs of one book. Books differ
    where the runs' customers do, or their customer tables' hashes (a file's, or the rows a
    query returned), or the size and seed of their generated books."""
    ids = [set(run.customers[c.CUSTOMER_ID].astype(str)) for run in (a, b)]
    books = [_book(run.manifest) for run in (a, b)]
    if ids[0] == ids[1] and (None in books or books[0] == books[1]):
        return None
    return Books(len(ids[0] & ids[1]), len(ids[0] - ids[1]), len(ids[1] - ids[0]))


def _book(manifest: Mapping[str, Any]) -> object:
    """What a run's customers were read from: its customer table's hash, else its generated
    book's size and seed; None where its manifest holds neither."""
    entry = (manifest.get("inputs") or {}).get("customers")
    if isinstance(entry, Mapping) and (entry.get("sha256") or entry.get("rows_sha256")):
        return entry.get("sha256") or entry.get("rows_sha256")
    data = (manifest.get("resolved_scenario") or {}).get("data")
    generate = data.get("generate") if isinstance(data, Mapping) else None
    return (generate.get("customers"), generate.get("seed")) \
        if isinstance(generate, Mapping) else None


def currencies(a: RunTables, b: RunTables) -> tuple[str, str]:
    """The currency of each run's amounts (objective.currency)."""
    return str(a.manifest.get("currency") or ""), str(b.manifest.get("currency") or "")


def same_currency(a: RunTables, b: RunTables) -> bool:
    """Whether the two runs' amounts are in one currency, so that they can be set against each
    other."""
    first, second = currencies(a, b)
    return first == second


def objective_change(a: RunTables, b: RunTables) -> tuple[float | None, float | None, str]:
    """B's expected value less A's, the two runs' noise band (both gaps added; None without
    both bounds) and whether the change is within it (`tolerance.WITHIN`)."""
    solvers = a.manifest["solver"], b.manifest["solver"]
    return tolerance.pair((solvers[0].get("objective"), solvers[1].get("objective")),
                          (solvers[0].get("bound"), solvers[1].get("bound")))


def _headline(a: RunTables, b: RunTables, amounts: bool) -> pd.DataFrame:
    """Expected value, best bound and gap of A and B, B - A, and the change in value against
    the runs' noise band; without `amounts` (two currencies) the gaps' change alone."""
    rows: list[tuple[Any, ...]] = []
    for figure in ("objective", "bound", "gap"):
        left, right = a.manifest["solver"].get(figure), b.manifest["solver"].get(figure)
        unset = left is None or right is None or (figure in AMOUNTS and not amounts)
        rows.append((figure, left, right, None if unset else right - left, None, ""))
    _, band, said = objective_change(a, b)
    rows[0] = (*rows[0][:4], band, said)
    frame = pd.DataFrame(rows, columns=["kpi", *distinct(a.name, b.name), "delta",
                                        "noise_band", "within_gap"])
    return frame if amounts else frame.drop(columns=["noise_band", "within_gap"])


def _delta(left: pd.DataFrame, right: pd.DataFrame, key: str, kpis: list[str],
           noise: tuple[float | None, str] | None) -> pd.DataFrame:
    """Each KPI of A and B and B - A; value changes are judged against the runs' noise band
    and the whole plan's verdict, `noise` (a plan within its gap may move value between tiers,
    offers and RMs: `tolerance.part_verdict`). Without `noise` (runs in two currencies) an
    amount has A and B alone."""
    order = list(dict.fromkeys([*left[key], *right[key]]))  # the runs' own order (tiers)
    merged = left[[key, *kpis]].merge(right[[key, *kpis]], on=key, how="outer",
                                      suffixes=("_a", "_b")).fillna(0.0)
    merged = merged.set_index(key).loc[order].reset_index()
    out = merged[[key]].copy()
    for kpi in kpis:
        out[f"{kpi}_a"], out[f"{kpi}_b"] = merged[f"{kpi}_a"], merged[f"{kpi}_b"]
        if noise is None and kpi in AMOUNTS:
            continue
        out[f"{kpi}_delta"] = merged[f"{kpi}_b"] - merged[f"{kpi}_a"]
        if noise is not None and kpi in VALUE_KPIS:
            out[f"{kpi}_within_gap"] = [tolerance.part_verdict(d, *noise)
                                        for d in out[f"{kpi}_delta"]]
    return out


def _changed_customers(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The customers of both runs whose tier, RM or offers differ (a customer only one run
    plans is no change: its books differ)."""
    merged = a.merge(b, on=c.CUSTOMER_ID, how="inner", suffixes=("_a", "_b"))
    for column in (c.TIER, c.RM_ID, "offers"):
        for side in ("_a", "_b"):
            merged[column + side] = merged[column + side].astype(object).where(
                merged[column + side].notna(), "")
    merged["tier_changed"] = merged["tier_a"] != merged["tier_b"]
    merged["rm_changed"] = merged["rm_id_a"] != merged["rm_id_b"]
    merged["offers_changed"] = merged["offers_a"] != merged["offers_b"]
    changed = merged["tier_changed"] | merged["rm_changed"] | merged["offers_changed"]
    return merged.loc[changed].sort_values(c.CUSTOMER_ID).reset_index(drop=True)


def _binding(a: RunTables, b: RunTables) -> pd.DataFrame:
    key = ["constraint", "label"]
    merged = a.constraints[[*key, "binding", "marginal_value"]].merge(
        b.constraints[[*key, "binding", "marginal_value"]], on=key, how="outer",
        suffixes=("_a", "_b"))
    merged[["binding_a", "binding_b"]] = merged[["binding_a", "binding_b"]].fillna(False)
    became = merged["binding_b"].astype(bool) & ~merged["binding_a"].astype(bool)
    stopped = merged["binding_a"].astype(bool) & ~merged["binding_b"].astype(bool)
    merged["change"] = became.map({True: "became binding"}).fillna(
        stopped.map({True: "stopped binding"}))
    return merged.loc[became | stopped].reset_index(drop=True)
