"""The files a run folder must hold, by what its own manifest says of the run (the files
report/run_files.py writes): verify finds any of them missing, even with its hash taken out
of the manifest."""

from __future__ import annotations

from typing import Any

CSV_PLAN_LIMIT = 250_000
"""Up to this many customers the customer plan is also written as CSV."""
REPORTS = ("summary.md", "report.html")
TABLES = ("rm_books.csv", "tier_summary.csv", "offer_summary.csv", "constraints.csv")
RM_AND_OFFERS = ("inputs/rms.csv", "inputs/offers.json")
WHOLE_BOOK = ("customer_plan.parquet", "offer_plan.csv", "plan.xlsx",
              "inputs/customers.parquet", "inputs/fit_scores.csv")
NO_PLAN = (*REPORTS, "diagnosis.csv")


def required_files(manifest: dict[str, Any], in_parts: bool) -> frozenset[str]:
    """The files the run its manifest describes wrote (those of a run of a book in parts
    outside its part folders, which are listed by their hashes)."""
    solver = manifest.get("solver")
    if not isinstance(solver, dict) or solver.get("status") not in ("optimal", "feasible"):
        return frozenset(NO_PLAN)
    found = {*REPORTS, *TABLES, *RM_AND_OFFERS}
    if in_parts:
        return frozenset(found)
    found |= set(WHOLE_BOOK)
    kpis = manifest.get("kpis")
    customers = kpis.get("customers") if isinstance(kpis, dict) else None
    if not isinstance(customers, int) or customers <= CSV_PLAN_LIMIT:
        found.add("customer_plan.csv")
    if manifest.get("baselines") is not None:
        found.add("baselines.csv")
    scenario = manifest.get("resolved_scenario")
    if isinstance(scenario, dict) and scenario.get("calendar") is not None:
        found.add("calendar.csv")
    return frozenset(found)
