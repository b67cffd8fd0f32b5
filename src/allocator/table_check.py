"""The tables a run folder shows people, derived again and compared: offer_plan.csv,
rm_books.csv, tier_summary.csv, offer_summary.csv and constraints.csv from the Parquet plan
(customer_plan.parquet), the saved inputs and the checker's own recomputation (each offer's
propensity, value, cost, loss and capital; each RM's hours; each package's cost and value;
each limit's use); plan.xlsx's RM books, offers and constraints sheets against those CSVs,
and its summary sheet against the manifest, the checker and constraints.csv
(allocator.summary_sheet_check). A difference is named by file (or sheet), row and column.

What no recomputation can give (a limit's marginal value, its range and the step measured
beyond it: they come from the solver's duals and re-solves) is held by the file's hash in the
manifest, and by the workbook's sheet agreeing with the CSV; last, every sheet but the customer
plan's is compared cell by cell with the workbook written again from the folder
(workbook_rewritten). baselines.csv is compared with the rows the manifest records, its uplifts
derived again from the checker's value of the plan."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.campaigns.calendar_tables import contact_table, schedules
from allocator.checks import CheckReport, Joined, PlanInputs, joined_plan
from allocator.contact_days import contact_days_difference
from allocator.csv_cells import read_people_csv
from allocator.errors import in_a_row, listed, said_id, told
from allocator.html_check import html_difference
from allocator.plan import Plan
from allocator.report.language import Words
from allocator.report.plan_tables import SCHEDULE_COLUMNS
from allocator.report.workbook import SHEET_ROWS
from allocator.run_folder import read_manifest
from allocator.summary_check import (
    Folder,
    summary_md_difference,
    summary_rewritten_difference,
    summary_tables_difference,
)
from allocator.summary_sheet_check import summary_difference
from allocator.workbook_check import Shown, same_cell, sheet_difference
from allocator.workbook_form import workbook_differences
from allocator.workbook_rewritten import workbook_rewritten_difference

SHOWN = 5
"""How many differing rows or cells a message names (with how many more there are)."""
TEXT = (c.CUSTOMER_ID, c.OFFER_ID, "offer", c.RM_ID, c.TIER, c.GRADE, c.REGION, "channel",
        "package", "family", "constraint", "label", "sense", "step_packages", "cut_packages")
"""Columns read as text (an id such as '007' stays itself)."""
SHEETS = {"rm books": ("rm_books.csv", c.RM_ID), "offers": ("offer_summary.csv", c.OFFER_ID),
          "constraints": ("constraints.csv", "constraint"), "tiers": ("tier_summary.csv", c.TIER)}
"""plan.xlsx's sheets that show a CSV of the run folder, with the column naming a row."""
MEASURED = ["family", "constraint", "label", "sense", "limit", "used", "slack"]
"""The columns of constraints.csv the checker measures."""


@dataclass(frozen=True)
class Derived:
    """A table derived again: the file it should match and the columns naming a row."""

    name: str
    table: pd.DataFrame
    keys: tuple[str, ...]


def table_differences(folder: Path, inputs: PlanInputs, packages: pd.DataFrame,
                      report: CheckReport, words: Words, rewritten: bool = True
                      ) -> list[tuple[str, str]]:
    """(file, what differs) for each table of a run folder of a whole book; with `rewritten`
    (the run's renderer is this one) also summary.md, report.html and plan.xlsx's words
    against the pages and workbook written again."""
    plan = pd.read_parquet(folder / "customer_plan.parquet")
    joined = joined_plan(inputs, _plan_of(plan, packages))
    found, shown = [], {}
    for derived in derived_tables(plan, joined, inputs, report):
        path = folder / derived.name
        if path.is_file():
            table = read_table(path)
            difference = table_difference(derived, table)
            found += [] if difference is None else [(derived.name, difference)]
            found += _days_difference(derived.name, table, inputs)
            if set(derived.table.columns) <= set(table.columns):
                shown[derived.name] = table if difference is None else _repaired(derived, table)
    found += _baselines_difference(folder, report)
    found += _schedule_difference(plan, inputs, words)
    whole = Folder(folder, inputs, plan, report, shown)
    if rewritten:
        found += _pages_differences(whole, words)
    if (folder / "plan.xlsx").is_file():
        sheets = [*_sheet_differences(folder, words, report, inputs, shown),
                  *workbook_differences(whole, words)]
        again = None if sheets or not rewritten else workbook_rewritten_difference(whole,
                                                                                  words)
        found += [("plan.xlsx", d) for d in [*sheets, *([again] if again else [])]]
    return found


def _pages_differences(whole: Folder, words: Words) -> list[tuple[str, str]]:
    """summary.md and report.html against the pages written again from the folder."""
    headline = (summary_md_difference(whole.path, words)
                or summary_tables_difference(whole.path, words, whole.tables)
                or summary_rewritten_difference(whole, words))
    page = html_difference(whole, words)
    return [*([] if headline is None else [("summary.md", headline)]),
            *([] if page is None else [("report.html", page)])]


def _days_difference(name: str, table: pd.DataFrame, inputs: PlanInputs
                     ) -> list[tuple[str, str]]:
    """Under a calendar, offer_plan.csv's contact days against their activities' days."""
    calendar = inputs.scenario.calendar
    if calendar is None or name != "offer_plan.csv":
        return []
    difference = contact_days_difference(table, calendar)
    return [] if difference is None else [(name, difference)]


def _baselines_difference(folder: Path, report: CheckReport) -> list[tuple[str, str]]:
    """baselines.csv against the rules' rows the manifest records, each uplift derived again
    from the checker's value of the plan. The rules' own values are not derived again (their
    greedy fills need the whole model built again): the file's SHA-256 in the manifest, which
    verify always checks, covers them."""
    path = folder / "baselines.csv"
    recorded = read_manifest(folder).get("baselines")
    if not path.is_file() or not isinstance(recorded, list) or not recorded:
        return []
    expected = pd.DataFrame(recorded)
    value = pd.to_numeric(expected["value"], errors="coerce")
    expected["uplift"] = (report.objective - value) / np.maximum(value.abs(), 1.0)
    difference = table_difference(Derived(path.name, expected, ("baseline",)), read_table(path))
    return [] if difference is None else [(path.name, difference)]


def _schedule_difference(plan: pd.DataFrame, inputs: PlanInputs, words: Words
                         ) -> list[tuple[str, str]]:
    """Under a calendar, each customer's contacts and schedule in the Parquet plan against
    those its offers give (their days, channels and offers in the run's words)."""
    calendar = inputs.scenario.calendar
    if calendar is None:
        return []
    pairs = [(k, o) for k, joined in enumerate(plan["offers"])
             if isinstance(joined, str) and joined for o in joined.split("|")
             if o in calendar.activities]  # an unknown offer: the checker names it
    customer = np.array([k for k, _ in pairs], dtype=np.int64)
    contacts, schedule = schedules(calendar, inputs.offers, customer,
                                   np.array([o for _, o in pairs], dtype=object), len(plan),
                                   words)
    derived = pd.DataFrame({c.CUSTOMER_ID: plan[c.CUSTOMER_ID].astype(str),
                            SCHEDULE_COLUMNS[0]: contacts, SCHEDULE_COLUMNS[1]: schedule})
    difference = table_difference(Derived("customer_plan.parquet", derived, (c.CUSTOMER_ID,)),
                                  plan, "schedule_cells_differ")
    return [] if difference is None else [("customer_plan.parquet", difference)]


def _repaired(derived: Derived, found: pd.DataFrame) -> pd.DataFrame:
    """The CSV's table with each cell that differs from the derived table replaced by the
    derived value (what the workbook's sheet should show), where their rows match."""
    keys = list(derived.keys)
    want, have = _keyed(derived.table, keys), _keyed(found, keys)
    if len(want) != len(have) or not want.index.equals(have.index):
        return found
    out = found.copy()
    for name in derived.table.columns:
        if name not in keys and name in out.columns:
            wrong = ~_same(want[name], have[name])
            out[name] = out[name].astype(object)
            out.loc[wrong, name] = want[name].to_numpy(dtype=object)[wrong]
            out[name] = out[name].infer_objects()
    return out


def read_table(path: Path) -> pd.DataFrame:
    header = pd.read_csv(path, nrows=0).columns
    return read_people_csv(path, dtype={n: str for n in TEXT if n in header},
                           keep_default_na=False, na_values=[""])


def _plan_of(plan: pd.DataFrame, packages: pd.DataFrame) -> Plan:
    """The plan's decisions as the Parquet plan holds them (the packages from tier_summary)."""
    covered = plan[plan[c.RM_ID].notna()]
    pairs = sorted((str(i), o) for i, joined in zip(plan[c.CUSTOMER_ID], plan["offers"],
                                                    strict=True)
                   if isinstance(joined, str) and joined for o in joined.split("|"))
    offers = pd.DataFrame(pairs, columns=[c.CUSTOMER_ID, c.OFFER_ID])
    return Plan(covered[[c.CUSTOMER_ID, c.RM_ID]].reset_index(drop=True), offers, packages)


def derived_tables(plan: pd.DataFrame, joined: Joined, inputs: PlanInputs,
                   report: CheckReport) -> list[Derived]:
    offers = _offer_plan(joined, inputs)
    return [Derived("offer_plan.csv", offers, (c.CUSTOMER_ID, c.OFFER_ID)),
            Derived("rm_books.csv", _rm_books(plan, inputs.rms, report), (c.RM_ID,)),
            Derived("tier_summary.csv", _tiers(plan, joined, inputs), (c.TIER,)),
            Derived("offer_summary.csv", _offer_summary(offers, inputs), (c.OFFER_ID,)),
            Derived("constraints.csv", report.constraints[MEASURED], ("constraint", "label"))]


def _offer_plan(joined: Joined, inputs: PlanInputs) -> pd.DataFrame:
    """offer_plan.csv derived again; under a calendar with each contact's campaign offer (its
    day is checked apart: contact_days)."""
    made = joined.offers
    frame = pd.DataFrame({
        c.CUSTOMER_ID: made[c.CUSTOMER_ID].astype(str), c.OFFER_ID: made[c.OFFER_ID],
        "channel": made["channel"].astype(str), "propensity": made["propensity"],
        "value": made["value"], "cost": made["cost"],
        "expected_loss": made["expected_loss"], "capital": made["capital"]})
    calendar = inputs.scenario.calendar
    if calendar is not None:
        offer = {name: a.offer for name, a in calendar.activities.items()}
        frame.insert(2, "offer", made[c.OFFER_ID].astype(str).map(offer))
    return frame


def _rm_books(plan: pd.DataFrame, rms: pd.DataFrame, report: CheckReport) -> pd.DataFrame:
    ids = rms[c.RM_ID].astype(str)
    assigned = plan[plan[c.RM_ID].notna()]
    rm = assigned[c.RM_ID].astype(str)
    kept = rm == assigned[c.INCUMBENT_RM].astype(str)
    limits = report.constraints
    hours = limits[limits["constraint"] == "rm_capacity"].set_index("label")["used"]
    load = hours.reindex(ids).fillna(0.0).to_numpy(dtype=float)
    capacity = rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    return pd.DataFrame({
        c.RM_ID: ids, c.GRADE: rms[c.GRADE].astype(str), c.REGION: rms[c.REGION].astype(str),
        "customers": rm.value_counts().reindex(ids, fill_value=0).to_numpy(),
        "kept_from_incumbent": rm[kept].value_counts().reindex(ids, fill_value=0).to_numpy(),
        "hours": load, c.CAPACITY_HOURS: capacity,
        "utilization": np.divide(load, capacity, out=np.zeros(len(ids)), where=capacity > 0),
        "coverage_value": assigned["coverage_value"].groupby(rm).sum().reindex(
            ids, fill_value=0.0).to_numpy(dtype=float)})


def _tiers(plan: pd.DataFrame, joined: Joined, inputs: PlanInputs) -> pd.DataFrame:
    tiers = [str(t) for t in inputs.scenario.tiers]
    tier = plan[c.TIER].astype(str)
    made = plan["offers"].map(lambda text: len(text.split("|"))
                              if isinstance(text, str) and text else 0)

    def summed(values: pd.Series) -> np.ndarray:
        return values.groupby(tier).sum().reindex(tiers, fill_value=0).to_numpy(dtype=float)

    packages = joined.packages.assign(tier=joined.packages[c.TIER].astype(str)).set_index(
        c.TIER).reindex(tiers)
    package_cost = packages["cost"].fillna(0.0).to_numpy(dtype=float)
    offer_cost = summed(plan["offer_cost"])
    budget = package_cost + offer_cost
    coverage = summed(plan["coverage_value"])
    value = (coverage + summed(plan["offer_value"])
             + packages["value"].fillna(0.0).to_numpy(dtype=float))
    return pd.DataFrame({
        c.TIER: tiers, "customers": summed(pd.Series(1, index=plan.index)),
        "covered": summed(plan[c.RM_ID].notna().astype(int)), "package_cost": package_cost,
        "offers": summed(made), "offer_cost": offer_cost, "budget": budget,
        "coverage_value": coverage, "value": value,
        "expected_loss": summed(plan["expected_loss"]),
        "roi": np.divide(value - coverage, budget, out=np.full(len(tiers), np.nan),
                         where=budget > 0)})


def _offer_summary(offers: pd.DataFrame, inputs: PlanInputs) -> pd.DataFrame:
    specs = inputs.offers
    ids = list(specs)
    by_offer = offers.groupby(c.OFFER_ID)

    def summed(name: str) -> np.ndarray:
        return by_offer[name].sum().reindex(ids, fill_value=0.0).to_numpy(dtype=float)

    return pd.DataFrame({
        c.OFFER_ID: ids, "channel": [str(s.channel) for s in specs.values()],
        "made": by_offer.size().reindex(ids, fill_value=0).to_numpy(),
        "quota": [np.nan if s.quota is None else s.quota for s in specs.values()],
        "minimum": [s.minimum or np.nan for s in specs.values()], "cost": summed("cost"),
        "expected_sales": summed("propensity"), "expected_loss": summed("expected_loss"),
        "capital": summed("capital"), "value": summed("value")})


def table_difference(derived: Derived, found: pd.DataFrame, said: str = "table_cells_differ"
                     ) -> str | None:
    """What of `found` differs from the derived table: missing columns, missing or extra
    rows (by key), and the first differing cells, by line and column (catalogue message
    `said`, which names what the table is derived from)."""
    expected, keys = derived.table, list(derived.keys)
    lacking = [n for n in expected.columns if n not in found.columns]
    if lacking:
        return told("table_lacks_columns", columns=in_a_row(lacking))
    want, have = _keyed(expected, keys), _keyed(found, keys)
    missing, extra = want.index.difference(have.index), have.index.difference(want.index)
    if len(missing) or len(extra):
        rows = _rows("rows_missing", missing, keys) + _rows("rows_not_planned", extra, keys)
        return told("table_rows_differ", rows=rows.rstrip("; ；"))
    have = have.loc[want.index]
    cells = [(int(line), name) for name in expected.columns if name not in keys
             for line in have["_line"][~_same(want[name], have[name])]]
    if not cells:
        return None
    named = [told("table_cell", line=line, key=_key_text(found, keys, line), name=name)
             for line, name in sorted(cells)[:SHOWN]]
    return told(said, cells=listed(named, len(cells), told("sheet_cells_joint")))


def _keyed(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """The frame indexed by its keys as text and each key's occurrence; `_line` its line in
    the CSV file (the header is line 1)."""
    text = frame[keys].astype(object).where(frame[keys].notna(), "").astype(str)
    occurrence = text.groupby(keys).cumcount()
    index = pd.MultiIndex.from_arrays([*(text[k] for k in keys), occurrence])
    return frame.assign(_line=np.arange(len(frame)) + 2).set_axis(index, axis=0)


def _rows(what: str, index: pd.Index, keys: list[str]) -> str:
    """The rows of `index` as catalogue message `what` names them (missing, not planned)."""
    if not len(index):
        return ""
    shown = [" ".join(said_id(v) for v in row[:-1]) for row in list(index[:SHOWN])]
    return told(what, keys="/".join(keys), shown=listed(shown, len(index), ", "))


def _key_text(found: pd.DataFrame, keys: list[str], line: int) -> str:
    return " ".join(f"{k} {said_id(found[k].iloc[line - 2])}" for k in keys)


def _same(expected: pd.Series, found: pd.Series) -> np.ndarray:
    if pd.api.types.is_numeric_dtype(expected) and not pd.api.types.is_bool_dtype(expected):
        return np.isclose(expected.to_numpy(dtype=float, na_value=np.nan),
                          pd.to_numeric(found, errors="coerce").to_numpy(dtype=float),
                          rtol=1e-6, atol=1e-6, equal_nan=True)
    return np.array([same_cell(a, b) for a, b in zip(expected, found, strict=True)], dtype=bool)


def _sheet_differences(folder: Path, words: Words, report: CheckReport,
                       inputs: PlanInputs, tables: dict[str, pd.DataFrame]) -> list[str]:
    """plan.xlsx's sheets of RM books, offers and constraints against their CSVs (a number
    the CSV has wrong: against the derived one), under a calendar its contacts sheet against
    the contacts of offer_plan.csv on their activities' days, and its summary sheet against
    the manifest, the checker and constraints.csv."""
    found = []
    for sheet, (name, key) in SHEETS.items():
        if name in tables:
            shown = Shown(sheet, tables[name], key)
            found.append(sheet_difference(shown, folder / "plan.xlsx", words, SHOWN))
    calendar, made = inputs.scenario.calendar, tables.get("offer_plan.csv")
    if calendar is not None and made is not None and len(made) <= SHEET_ROWS:
        contacts = Shown("contacts", contact_table(calendar, inputs.offers, made), c.CUSTOMER_ID)
        found.append(sheet_difference(contacts, folder / "plan.xlsx", words, SHOWN))
    constraints = folder / "constraints.csv"
    found.append(summary_difference(folder, words, report, inputs.rms,
                                    read_table(constraints) if constraints.is_file() else None,
                                    SHOWN))
    return [d for d in found if d is not None]
