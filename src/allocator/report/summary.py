"""summary.md: what a planning committee reads first. Pure: outcome and tables in, text out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.optimize import Outcome
from allocator.report.plan_tables import headline_prices


def money(value: float) -> str:
    return f"{value:,.0f}"


def plan_summary(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                 constraints: pd.DataFrame) -> str:
    scenario = outcome.prepared.loaded.scenario
    result = outcome.result
    assert outcome.objective is not None and outcome.check is not None
    lines = [
        f"# Allocation plan: {scenario.name}", "",
        scenario.description, "",
        "## Result", "",
        f"- Status: **{result.status.value}** ({outcome.method} path, {result.solver} "
        f"{result.version}; timings in manifest.json)",
        f"- Expected value of the plan: **{money(outcome.objective)}**",
        f"- Best bound: {money(result.bound) if result.bound is not None else 'none'}; "
        f"gap {_percent(outcome.gap)}",
        "- Value by component: " + ", ".join(
            f"{k} {money(v)}" for k, v in outcome.check.components.items()),
        "- Independent check: every constraint family and the objective recomputed from the "
        "plan: **passed**",
        "- Left out by rule: " + "; ".join(
            f"{row.customers:,} {row.reason} ({row.effect})"
            for row in outcome.prepared.book.exclusions.itertuples()),
        "",
        "## Tiers", "", _markdown(tiers), "",
        "## Offers", "", _markdown(offers), "",
        "## What one more unit is worth", "",
        _markdown(headline_prices(outcome)), "",
        "## Binding constraints and marginal values", "",
        "Marginal value: change in expected value per unit more of the limit, from the LP "
        "relaxation with the package choices fixed at the plan's.", "",
        _markdown(constraints[constraints["binding"]].drop(columns=["family", "binding"])),
        "",
    ]
    soft = [v for v in outcome.check.violations if v.soft]
    if soft:
        lines += ["## Soft constraints that gave", ""] + [f"- {v.describe()}" for v in soft]
    return "\n".join(lines) + "\n"


def infeasible_summary(outcome: Outcome) -> str:
    scenario = outcome.prepared.loaded.scenario
    lines = [
        f"# Allocation plan: {scenario.name} — infeasible", "",
        "No plan meets every constraint. Re-solved with every constraint elastic, these are "
        "the smallest relaxations that make a plan possible:", "",
        *[f"- {s.describe()}" for s in outcome.diagnosis],
        "",
        "Loosen one of these (for example with `--set`), or declare the family soft with a "
        "penalty under `objective.soft`.",
    ]
    return "\n".join(lines) + "\n"


def _percent(gap: float | None) -> str:
    return "unknown" if gap is None else f"{gap:.4%}"


def _markdown(frame: pd.DataFrame) -> str:
    header = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(_cell(v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows])


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float | np.floating):
        value = float(value)
        return f"{value:,.4g}" if abs(value) < 100 else f"{value:,.0f}"
    return str(value)
