"""What a committee reads when two runs are compared, beyond the objective: each run's label,
the KPIs (spend, expected loss, capital, RMs and their cost, coverage by tier, reassignments,
customers moved between RMs), each tier's package, and the scenario values that differ.

Pure: two runs' manifests and tables in, tables out.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.run_label import NAMING, is_naming, minute_utc, overrides_label

MANIFEST_KPIS = ("rms", "rm_cost", "net_value")
"""KPIs a run's manifest holds only when they apply (RM cost: when the scenario gives it)."""
AMOUNTS = frozenset({"objective", "bound", "spend", "budget", "cost", "value", "coverage_value",
                     "expected_loss", "capital", "rm_cost", "net_value"})
"""Figures of a comparison that are amounts in the run's currency: set against each other only
where both runs plan in one currency."""


def run_label(manifest: Mapping[str, Any], folder_name: str, language: str | None = None
              ) -> str:
    """The run's own label (`label` in its manifest), else its scenario's name with the named
    overrides it used (demo + more_premier_rms), else with the minute it was made. A label
    the named overrides gave is said in `language` where one is given (label_in)."""
    label = manifest.get("label")
    if isinstance(label, str) and label.strip():
        return (label_in(manifest, label.strip(), language) if language else None) or \
            label.strip()
    scenario = manifest.get("scenario") or folder_name
    used = _overrides_used(manifest)
    if used:
        return f"{scenario} + {' + '.join(used)}"
    created = minute_utc(manifest.get("created"))
    return f"{scenario} {created}".strip()


def label_in(manifest: Mapping[str, Any], label: str, language: str) -> str | None:
    """The run's `label` in `language` where the named overrides it used gave it (it reads as
    their names in the language the run was written in: `Budget -10%` is `预算削减 10%`);
    None for a label of the run's own (`--label`), kept as it was written."""
    resolved = manifest.get("resolved_scenario")
    resolved = resolved if isinstance(resolved, Mapping) else {}
    labels, output = resolved.get("labels"), resolved.get("output")
    names = labels.get("overrides") if isinstance(labels, Mapping) else None
    names = names if isinstance(names, Mapping) else {}
    written = "zh" if isinstance(output, Mapping) and output.get("language") == "zh" else "en"
    name, used = str(resolved.get("name") or manifest.get("scenario")), _overrides_used(manifest)
    if not used or overrides_label(name, names, used, written) != label:
        return None
    return overrides_label(name, names, used, language)


def _overrides_used(manifest: Mapping[str, Any]) -> list[str]:
    """The named overrides a run used (`--use budget_cut`), in order."""
    return [str(item).removeprefix("--use ").strip() for item in manifest.get("applied") or []
            if str(item).startswith("--use ")]


def run_note(manifest: Mapping[str, Any]) -> str:
    """Why the run was made (`--note`, its manifest's `note`); empty when it has none."""
    note = manifest.get("note")
    return note.strip() if isinstance(note, str) else ""


def distinct(first: str, second: str) -> tuple[str, str]:
    """Two headers told apart when the labels are the same."""
    return (first, second) if first != second else (f"{first} (A)", f"{second} (B)")


def kpi_table(sides: tuple[Mapping[str, Any], Mapping[str, Any]],
              names: tuple[str, str], moved: int, amounts: bool = True) -> pd.DataFrame:
    """One row per KPI: kpi, tier (coverage rows), A, B and B - A. `sides` are each run's
    {"manifest", "tiers", "offers", "constraints"}; `moved` the customers whose RM changed.
    Without `amounts` (runs in two currencies), an amount's row has no B - A."""
    rows = [(kpi, "", *values) for kpi, values in _totals(sides)]
    rows += [("coverage_share", tier, *values) for tier, values in _coverage(sides)]
    rows.append(("rm_moves", "", np.nan, np.nan, float(moved)))
    frame = pd.DataFrame(rows, columns=["kpi", c.TIER, *names, "delta"])
    missing = frame["delta"].isna() & frame[list(names)].notna().all(axis=1)
    if not amounts:
        missing &= ~frame["kpi"].isin(AMOUNTS)
    frame.loc[missing, "delta"] = frame.loc[missing, names[1]] - frame.loc[missing, names[0]]
    return frame


def _totals(sides: tuple[Mapping[str, Any], Mapping[str, Any]]
            ) -> Iterator[tuple[str, tuple[float, float, float]]]:
    sums = {"spend": ("tiers", "budget"), "expected_loss": ("tiers", "expected_loss"),
            "capital": ("offers", "capital"), "customers": ("tiers", "customers"),
            "covered": ("tiers", "covered")}
    for kpi, (table, column) in sums.items():
        yield kpi, (_sum(sides[0][table], column), _sum(sides[1][table], column), np.nan)
    yield "reassignments", (_used(sides[0]["constraints"], "continuity"),
                            _used(sides[1]["constraints"], "continuity"), np.nan)
    for kpi in MANIFEST_KPIS:
        values = [_number((side["manifest"].get("kpis") or {}).get(kpi)) for side in sides]
        if any(not np.isnan(v) for v in values):
            yield kpi, (values[0], values[1], np.nan)


def _coverage(sides: tuple[Mapping[str, Any], Mapping[str, Any]]
              ) -> Iterator[tuple[str, tuple[float, float, float]]]:
    tiers = [side["tiers"].set_index(c.TIER) for side in sides]
    for tier in dict.fromkeys([*tiers[0].index, *tiers[1].index]):
        shares = [float(t.loc[tier, "covered"] / t.loc[tier, "customers"])
                  if tier in t.index and t.loc[tier, "customers"] else np.nan for t in tiers]
        yield str(tier), (shares[0], shares[1], np.nan)


def package_table(tiers: tuple[pd.DataFrame, pd.DataFrame], names: tuple[str, str]
                  ) -> pd.DataFrame:
    """Each tier's package in A and B, and whether it changed."""
    order = list(dict.fromkeys([*tiers[0][c.TIER], *tiers[1][c.TIER]]))
    merged = tiers[0][[c.TIER, "package"]].merge(tiers[1][[c.TIER, "package"]], on=c.TIER,
                                                 how="outer", suffixes=("_a", "_b"))
    merged = merged.set_index(c.TIER).loc[order].reset_index().astype(object).fillna("")
    changed = (merged["package_a"] != merged["package_b"]).to_numpy(dtype=bool)
    return pd.DataFrame({c.TIER: merged[c.TIER], names[0]: merged["package_a"],
                         names[1]: merged["package_b"], "changed": changed})


def input_diff(manifests: tuple[Mapping[str, Any], Mapping[str, Any]],
               names: tuple[str, str]) -> pd.DataFrame:
    """The scenario keys whose resolved values differ between the runs (dotted key, A, B),
    in the scenario's order; what one run applied on top of its file and the other did not
    comes first. A run's label and note head its column, so they are no row of their own."""
    leaves = [dict(_leaves(m.get("resolved_scenario") or {})) for m in manifests]
    if _same_book(manifests):  # an offer's field one run changed: the other's, as the book's
        for mine, other in ((0, 1), (1, 0)):
            leaves[mine] = {**_book_values(manifests[other]), **leaves[mine]}
    keys = [key for key in dict.fromkeys([*leaves[0], *leaves[1]]) if key not in NAMING]
    rows = [(key, *(_shown(leaf.get(key)) for leaf in leaves)) for key in keys
            if _shown(leaves[0].get(key)) != _shown(leaves[1].get(key))]
    applied = [[str(item) for item in m.get("applied") or [] if not is_naming(str(item))
                and not is_display_only(str(item).removeprefix("--set ").partition("=")[0])]
               for m in manifests]
    only = [" ".join(item for item in mine if item not in theirs)  # what both applied: no diff
            for mine, theirs in ((applied[0], applied[1]), (applied[1], applied[0]))]
    if only[0] != only[1]:
        rows.insert(0, ("applied", *only))
    rows.sort(key=lambda row: is_display_only(str(row[0])))  # what changes the plan first
    return pd.DataFrame(rows, columns=["key", *names])


def _same_book(manifests: tuple[Mapping[str, Any], Mapping[str, Any]]) -> bool:
    """Whether both runs read their offers from the same source (one generated book, one
    offer table): an offer's field that only one run sets then has, in the other, the value
    the book gives it."""
    data = [(m.get("resolved_scenario") or {}).get("data") for m in manifests]
    return data[0] is not None and data[0] == data[1]


def _book_values(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The value each offer's field a run's overrides changed had in the book (its settings'
    `before`, as summary.md's record keeps them): what a run that does not change it has."""
    settings = (manifest.get("summary") or {}).get("settings") or []
    return {str(setting["key"]): setting["before"] for setting in settings
            if isinstance(setting, Mapping) and str(setting.get("key")).startswith("offers.")
            and setting.get("before") is not None and not isinstance(setting["before"], Mapping)}


DISPLAY_ONLY = ("labels.", "output.language", "output.dir", "output.label", "output.note",
                "description", "name")
"""Scenario keys (or their beginnings) that change how a run is shown or where it is
written, never its plan."""


def is_display_only(key: str) -> bool:
    return key.startswith(DISPLAY_ONLY)


def plan_inputs(inputs: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The scenario differences that can change the plan, and how many others only change
    how a run is shown (`DISPLAY_ONLY`): those are counted on one line, in the CSV whole."""
    display = [is_display_only(str(key)) for key in inputs["key"]]
    return inputs.loc[[not shown for shown in display]], sum(display)


def _leaves(tree: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(tree, Mapping) and tree:
        for key, value in tree.items():
            yield from _leaves(value, f"{prefix}{key}.")
    else:
        yield prefix.rstrip("."), tree


def _shown(value: Any) -> Any:
    """A scenario value as a cell: text, a flag or a number as it is; nothing (None, an empty
    section) blank; a list or section as YAML-like JSON."""
    if value is None or value == {} or value == []:
        return ""
    if isinstance(value, str | bool | int | float):
        return value
    return json.dumps(value, ensure_ascii=False)


def _sum(table: pd.DataFrame, column: str) -> float:
    return float(pd.to_numeric(table[column], errors="coerce").sum()) if column in table \
        else np.nan


def _used(constraints: pd.DataFrame, family: str) -> float:
    rows = constraints.loc[constraints.get("constraint", pd.Series(dtype=str)) == family, "used"]
    return float(rows.sum()) if len(rows) else np.nan


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) \
        else np.nan
