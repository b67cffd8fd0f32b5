"""What summary.md says, as a run folder holds it: the manifest (as JSON reads it back) and the
tables the plan gives (tiers, offers, limits, RMs, the offers made at a loss, the soft limits
the plan broke). summary.md is written from these alone, so that verify writes it again from
the folder and compares it line by line. The manifest's `summary` record keeps what no other
file of the folder holds: the RM moves against today's books, the overrides applied, the
prices and steps of the limits, which limits' one more unit the summary prices, and the
warnings of what the book cannot give (allocator.book.readiness) as the run said them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import pandas as pd

from allocator.book.queried import shown_input
from allocator.checks.ledger import Violation
from allocator.optimize import Outcome
from allocator.report.assumptions import Assumed, currency_set
from allocator.report.forced_losses import ForcedLoss
from allocator.report.naming import scenario_words
from allocator.report.paper import Value, has_offer_values
from allocator.report.plan_tables import HEADLINE_UNITS, Priced, rm_moves
from allocator.scenario.overrides import Setting
from allocator.scenario.schema import Scenario
from allocator.sensitivity import Sensitivity, Step

SUMMARY = "summary"
"""The manifest's key of the record summary.md needs beyond the folder's tables."""
NUMBERS = ("limit", "moved_to", "spread", "package_use")
"""A step's figures that are never None (JSON writes a NaN as null)."""


@dataclass(frozen=True)
class SummaryFacts:
    """Everything summary.md says: the scenario, the manifest as JSON reads it back, and the
    plan's tables (as written, or as verify derives them again)."""

    scenario: Scenario
    record: Mapping[str, Any]
    tiers: pd.DataFrame
    offers: pd.DataFrame
    constraints: pd.DataFrame
    rms: pd.DataFrame
    losses: tuple[ForcedLoss, ...] = ()
    soft: tuple[Violation, ...] = ()
    """The soft limits and rules the plan broke, at their penalty."""
    measured: pd.DataFrame | None = None
    """The checker's measurement of every limit (used, sense, limit), for the soft lines."""


def summary_record(outcome: Outcome) -> dict[str, Any] | None:
    """The manifest's record of what summary.md needs that no table of the folder holds (None
    for a run without a plan)."""
    if outcome.plan is None or outcome.objective is None:
        return None
    known = outcome.sensitivity
    words = scenario_words(outcome.prepared.loaded.scenario)
    return {
        "moves": rm_moves(outcome),
        "losses": has_offer_values(outcome),
        "settings": [asdict(setting) for setting in outcome.prepared.loaded.settings],
        "currency_set": currency_set(outcome.prepared.loaded.scenario),
        "priced": [name for name, _ in HEADLINE_UNITS if (name, "total") in outcome.prices],
        "sensitivity": None if known is None else {
            "priced_by": known.priced_by, "skipped": known.skipped, "settled": known.settled,
            "unpriced": known.unpriced,
            "unranged": list(known.unranged), "steps_time_limit": known.steps_time_limit,
            "steps": [asdict(step) for step in known.steps]},
        "warnings": [finding.text(words) for finding in outcome.prepared.readiness.warnings],
    }


def summary_of(facts: SummaryFacts) -> Mapping[str, Any]:
    found = facts.record.get(SUMMARY)
    return found if isinstance(found, Mapping) else {}


def solver_of(facts: SummaryFacts) -> Mapping[str, Any]:
    found = facts.record.get("solver")
    return found if isinstance(found, Mapping) else {}


def value(facts: SummaryFacts) -> Value:
    """The value as the manifest states it."""
    solver, kpis = solver_of(facts), facts.record.get("kpis") or {}
    priced = kpis.get("net_value") is not None
    return Value(str(solver.get("status")), float(solver["objective"]), solver.get("bound"),
                 solver.get("gap"), dict(facts.record.get("components") or {}),
                 float(kpis.get("rm_cost") or 0.0) if priced else None)


def sensitivity(facts: SummaryFacts) -> Sensitivity | None:
    """What the run knew of its limits beyond their prices: the steps measured and how."""
    known = summary_of(facts).get("sensitivity")
    if not isinstance(known, Mapping):
        return None
    return Sensitivity(steps=tuple(_step(step) for step in known.get("steps") or ()),
                       skipped=str(known.get("skipped") or ""),
                       priced_by=str(known.get("priced_by") or "lp"),
                       unpriced=str(known.get("unpriced") or ""),
                       unranged=tuple(known.get("unranged") or ()),
                       steps_time_limit=known.get("steps_time_limit"),
                       settled=int(known.get("settled") or 0))


def _step(record: Mapping[str, Any]) -> Step:
    names = {f.name for f in fields(Step)}
    known = {name: item for name, item in record.items() if name in names}
    known |= {name: math.nan for name in NUMBERS if known.get(name) is None}
    known["packages"] = tuple(tuple(change) for change in known.get("packages") or ())
    return Step(**known)


def steps(facts: SummaryFacts) -> tuple[Step, ...]:
    known = sensitivity(facts)
    return () if known is None else known.steps


def priced(facts: SummaryFacts) -> Priced:
    """The limits' prices, ranges and today's limits as the constraint table shows them, the
    book-wide limits among them only where the run priced them."""
    table = facts.constraints
    keys = list(zip(table["constraint"].astype(str), table["label"].astype(str), strict=True))
    units = {name for name, _ in HEADLINE_UNITS}
    shown = set(summary_of(facts).get("priced") or ())
    prices = {key: float(price) for key, price in zip(keys, table["marginal_value"], strict=True)
              if key[0] not in units or key[0] in shown}
    prices |= {(name, "total"): math.nan for name in shown if (name, "total") not in prices}
    ranges = {key: (float(low), float(high)) for key, low, high in zip(
        keys, table["range_low"], table["range_high"], strict=True)}
    limits = {key: float(limit) for key, limit in zip(keys, table["limit"], strict=True)}
    return Priced(prices, ranges, steps(facts), limits)


def assumed(facts: SummaryFacts) -> Assumed:
    """The assumptions box's scenario files, overrides, time and input files."""
    record = facts.record
    settings = [Setting(**setting) for setting in summary_of(facts).get("settings") or ()]
    inputs = record.get("inputs") or {}
    return Assumed(facts.scenario, [Path(str(p)).name for p in record.get("scenario_files") or ()],
                   settings, str(record.get("created") or ""),
                   [shown_input(role, item) for role, item in inputs.items()],
                   bool(summary_of(facts).get("currency_set", True)))


def baselines(facts: SummaryFacts) -> pd.DataFrame | None:
    rows = facts.record.get("baselines")
    return None if rows is None else pd.DataFrame(rows)


def warnings(facts: SummaryFacts) -> list[str]:
    """The run's warnings of what the book cannot give, in its language (none recorded by a
    run written before them)."""
    found = summary_of(facts).get("warnings")
    return [str(said) for said in found] if isinstance(found, list) else []


def moves(facts: SummaryFacts) -> Mapping[str, int] | None:
    found = summary_of(facts).get("moves")
    return found if isinstance(found, Mapping) else None
