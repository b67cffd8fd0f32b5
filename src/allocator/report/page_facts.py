"""What report.html shows, as a run folder holds it: summary.md's facts (the manifest as JSON
reads it back, the tiers', offers' and limits' tables, the RMs) with the RM books, the tier
migration and the campaign calendar's activities. report.html is written from these alone, so
that verify writes it again, whole, from the folder and compares it byte for byte."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from allocator.report.language import Words
from allocator.report.summary_facts import SummaryFacts


@dataclass(frozen=True)
class PageFacts:
    """Everything report.html says of a solved run."""

    facts: SummaryFacts
    books: pd.DataFrame
    """One row per RM (rm_books.csv)."""
    migration: pd.DataFrame
    """Customers by previous tier (rows) and tier now."""
    activities: pd.DataFrame | None = None
    """The campaign calendar's activities, where the scenario has a calendar."""
    contacts: pd.DataFrame | None = None
    """Under a calendar, one row per contact (campaigns.calendar_tables.contact_sheet): plan.xlsx's
    contacts sheet."""


@dataclass(frozen=True)
class Calibrated:
    """A model's calibration on held-out customers, as the manifest records it."""

    column: str
    table: pd.DataFrame


def calibrations(record: Mapping[str, Any]) -> list[Calibrated]:
    """Each model's calibration table, as the manifest's models record them."""
    return [Calibrated(str(fit.get("column")), pd.DataFrame(fit.get("calibration") or []))
            for fit in record.get("models") or () if isinstance(fit, Mapping)]


def rm_cost_and_net_of(record: Mapping[str, Any]) -> tuple[float, float] | None:
    """The RM cost over the horizon and the value net of it, as the manifest's KPIs state
    them; None when the scenario does not price RMs."""
    kpis = record.get("kpis")
    if not isinstance(kpis, Mapping) or kpis.get("net_value") is None:
        return None
    return float(kpis.get("rm_cost") or 0.0), float(kpis["net_value"])


def backend_version(record: Mapping[str, Any]) -> tuple[str, str]:
    """The solver the run used and its version, as the manifest records them."""
    solver = record.get("solver") or {}
    backend = str(solver.get("backend"))
    return backend, str((record.get("versions") or {}).get(backend))


def made_with(record: Mapping[str, Any]) -> str:
    """The allocator version that wrote the run (the page's footer)."""
    return str((record.get("versions") or {}).get("allocator", ""))


def method_of(facts: SummaryFacts) -> str:
    return str((facts.record.get("solver") or {}).get("method"))


def exclusions_of(facts: SummaryFacts) -> list[Mapping[str, Any]]:
    return [row for row in facts.record.get("exclusions") or () if isinstance(row, Mapping)]


def exclusions_line(facts: SummaryFacts, words: Words) -> str:
    """The customers each rule leaves out and what it does to them."""
    return words("exclusions") + words.sep("colon") + words.sep("list").join(
        words("excluded_line", customers=row.get("customers"),
              reason=words.term(row.get("reason")), effect=words.term(row.get("effect")))
        for row in exclusions_of(facts))
