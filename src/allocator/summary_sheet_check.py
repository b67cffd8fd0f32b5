"""plan.xlsx's summary sheet against what it sums up: the scenario, status, path, objective,
bound and gap the manifest records, the objective's parts as the checker values them, and what
one more unit of each book-wide limit and of each grade's RM hours is worth, from
constraints.csv. A row missing or differing is named by its number and item."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks import CheckReport
from allocator.driver_ranking import strongest
from allocator.errors import listed, told
from allocator.keepable import can_hold
from allocator.report.cell_texts import status_text
from allocator.report.formats import TERM_COLUMNS
from allocator.report.language import Words
from allocator.report.plan_tables import unit_label
from allocator.run_folder import read_manifest
from allocator.workbook_check import same_cell, sheet_rows


def summary_difference(folder: Path, words: Words, report: CheckReport, rms: pd.DataFrame,
                       constraints: pd.DataFrame | None, most: int = 5) -> str | None:
    """The summary sheet's rows: scenario, status, path, objective, bound, gap, the objective's
    parts and what one more unit is worth (from `constraints`, the run's constraints.csv,
    None where it has none); the first `most` differing rows named."""
    title = words.term("summary")[:31]
    rows = sheet_rows(folder / "plan.xlsx", title)
    if rows is None:
        return f"has no sheet '{title}'"
    manifest = read_manifest(folder)
    solver = manifest.get("solver", {})
    expected: dict[str, object] = {
        "scenario": manifest.get("scenario"),
        **({"currency": manifest["currency"]} if "currency" in manifest else {}),
        "status": status_text(str(solver.get("status")), solver.get("gap"),
                              float((manifest.get("resolved_scenario") or {}).get(
                                  "solver", {}).get("gap") or 0.0), words),
        "path": f"{words.term(solver.get('method'))}{words.sep('open')}"
                f"{solver.get('backend')}{words.sep('close')}",
        "expected value": solver.get("objective"), "best bound": solver.get("bound"),
        "gap": solver.get("gap"),
        **{f"value: {k}": v for k, v in report.components.items()}}
    items = [*words.localized(pd.DataFrame({"item": list(expected)}), TERM_COLUMNS).iloc[:, 0]]
    prices = _prices(constraints, rms, words)
    expected |= {f"price {i}": v for i, v in enumerate(prices.values())}
    items += list(prices)
    shown = {str(row[0]): (number, row[1] if len(row) > 1 else None)
             for number, row in enumerate(rows, start=1) if row}
    wrong = []
    for key, value, item in zip(expected, expected.values(), items, strict=True):
        number, cell = shown.get(item, (None, None))
        former = key == "status" and cell == words.term(solver.get("status"))  # a run before
        if number is None or not (_same_value(value, cell) or former):
            wrong.append(told("sheet_row", number=number, item=item) if number
                         else told("sheet_row_missing", item=item))
    if not wrong:
        return None
    return told("sheet_items_differ", title=title,
                rows=listed(wrong[:most], len(wrong), told("sheet_cells_joint")))


PRICED = (("budget", "budget_unit"), ("loss_cap", "loss_unit"),
          ("capital_cap", "capital_unit"))
"""The book-wide limits whose marginal value the summary shows, and its words for them."""


def _prices(table: pd.DataFrame | None, rms: pd.DataFrame, words: Words) -> dict[str, float]:
    """The summary's rows of what one more unit is worth, by their label: each book-wide
    limit's marginal value, and the strongest of the RM hours' by grade among the RMs that
    could hold a customer (keepable.can_hold), from constraints.csv (`table`);
    a label says where its price holds only for fewer units (plan_tables.unit_label)."""
    if table is None or not {"constraint", "label", "marginal_value"} <= set(table.columns):
        return {}
    keys = list(zip(table["constraint"].astype(str), table["label"].astype(str), strict=True))
    marginal = dict(zip(keys, pd.to_numeric(table["marginal_value"]).astype(float), strict=True))
    spans, limits = _spans(table, keys)
    found = {unit_label(words(key), spans.get((limit, "total"), (np.nan, np.nan)),
                        limits.get((limit, "total")), words): marginal[(limit, "total")]
             for limit, key in PRICED
             if (limit, "total") in marginal and not np.isnan(marginal[(limit, "total")])}
    hours = {label: v for (limit, label), v in marginal.items() if limit == "rm_capacity"}
    rms = rms[can_hold(rms).to_numpy()]  # as the summary: never an RM that holds no customer
    each = pd.Series([hours.get(str(r), np.nan) for r in rms[c.RM_ID]],
                     index=rms[c.RM_ID].astype(str), dtype=float)
    for grade, values in each.groupby(rms[c.GRADE].to_numpy()):
        if values.notna().any():  # labelled by the RM where an hour is worth most
            rm = str(values.abs().idxmax())
            said = words("rm_hour", grade=words.term(str(grade)), rm=rm)
            found[unit_label(said, spans.get(("rm_capacity", rm), (np.nan, np.nan)),
                             limits.get(("rm_capacity", rm)), words)] = strongest(values)
    return found


def _spans(table: pd.DataFrame, keys: list[tuple[str, str]]
           ) -> tuple[dict[tuple[str, str], tuple[float, float]], dict[tuple[str, str], float]]:
    """Each row's range of its price and today's limit, where constraints.csv has them."""
    if not {"limit", "range_low", "range_high"} <= set(table.columns):
        return {}, {}
    low, high = (pd.to_numeric(table[name]).astype(float) for name in ("range_low", "range_high"))
    spans = dict(zip(keys, zip(low, high, strict=True), strict=True))
    return spans, dict(zip(keys, pd.to_numeric(table["limit"]).astype(float), strict=True))


def _same_value(expected: object, cell: object) -> bool:
    if isinstance(expected, int | float) and not isinstance(expected, bool):
        if not isinstance(cell, int | float) or isinstance(cell, bool):
            return cell is None and bool(np.isnan(expected))
        return bool(np.isclose(float(expected), float(cell), rtol=1e-6, atol=1e-6,
                               equal_nan=True))
    return same_cell(expected, cell)
