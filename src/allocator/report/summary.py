"""summary.md: what a planning committee reads first. Pure: outcome and tables in, text out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.optimize import Outcome
from allocator.report.formats import TERM_COLUMNS
from allocator.report.language import Words
from allocator.report.plan_tables import headline_prices


def money(value: float) -> str:
    return f"{value:,.0f}"


def plan_summary(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                 constraints: pd.DataFrame, words: Words | None = None) -> str:
    words = words or Words()
    scenario = outcome.prepared.loaded.scenario
    result = outcome.result
    assert outcome.objective is not None and outcome.check is not None
    bound = money(result.bound) if result.bound is not None else words("none")
    binding = constraints[constraints["binding"]].drop(columns=["family", "binding"])
    lines = [
        f"# {words('plan_title', scenario=scenario.name)}", "",
        scenario.description, "",
        f"## {words('result')}", "",
        "- " + words("status_line", status=words.term(result.status.value),
                     method=words.term(outcome.method), solver=result.solver,
                     version=result.version),
        f"- {words('expected_value')}: **{money(outcome.objective)}**",
        f"- {words('best_bound')}: {bound}; {words('gap')} {_percent(outcome.gap, words)}",
        f"- {words('value_by_component')}: " + ", ".join(
            f"{words.term(k)} {money(v)}" for k, v in outcome.check.components.items()),
        f"- {words('check_passed')}",
        f"- {words('exclusions')}: " + "; ".join(
            words("excluded_line", customers=row.customers, reason=words.term(row.reason),
                  effect=words.term(row.effect))
            for row in outcome.prepared.book.exclusions.itertuples()),
        "",
        f"## {words('tiers')}", "", _markdown(words.localized(tiers)), "",
        f"## {words('offers')}", "", _markdown(words.localized(offers, TERM_COLUMNS)), "",
        f"## {words('unit_worth')}", "",
        _markdown(words.localized(headline_prices(outcome, words))), "",
        f"## {words('binding')}", "", words("marginal_note"), "",
        _markdown(words.localized(binding, TERM_COLUMNS)), "",
    ]
    soft = soft_lines(outcome, words)
    if soft:
        lines += [f"## {words('soft_gave')}", ""] + [f"- {line}" for line in soft]
    return "\n".join(lines) + "\n"


def soft_lines(outcome: Outcome, words: Words) -> list[str]:
    """The soft constraints the plan broke, at their penalty."""
    assert outcome.check is not None
    return [words("soft_line", constraint=words.term(v.constraint), label=v.label,
                  detail=v.detail) for v in outcome.check.violations if v.soft]


def infeasible_summary(outcome: Outcome, words: Words | None = None) -> str:
    words = words or Words()
    scenario = outcome.prepared.loaded.scenario
    lines = [
        f"# {words('infeasible_title', scenario=scenario.name)}", "",
        words("infeasible_intro"), "",
        *[f"- {words.shortfall(s)}" for s in outcome.diagnosis],
        "",
        words("infeasible_advice"),
    ]
    return "\n".join(lines) + "\n"


def _percent(gap: float | None, words: Words) -> str:
    return words("unknown") if gap is None else f"{gap:.4%}"


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
