"""summary.md: what a planning committee reads first. Pure: outcome and tables in, text out."""

from __future__ import annotations

import pandas as pd

from allocator.headcount import net_of_cost
from allocator.optimize import Outcome
from allocator.report.drivers import driver_note, driver_table, headline_lines
from allocator.report.formats import TableView, number_text, percent_text, view
from allocator.report.language import Words
from allocator.report.paper import assumption_rows, currency, decision, named_baselines
from allocator.report.plan_tables import headline_prices, model_table
from allocator.report.violation_words import violation_detail

BINDING_COLUMNS = ["constraint", "label", "sense", "limit", "used", "slack", "marginal_value",
                   "range_low", "range_high"]


def money(value: float) -> str:
    return f"{value:,.0f}"


def plan_summary(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                 constraints: pd.DataFrame, words: Words | None = None, created: str = ""
                 ) -> str:
    words = words or Words()
    scenario = outcome.prepared.loaded.scenario
    result = outcome.result
    assert outcome.objective is not None and outcome.check is not None
    bound = money(result.bound) if result.bound is not None else words("none")
    binding = constraints[constraints["binding"]][BINDING_COLUMNS]
    colon = words.sep("colon")
    lines = [
        f"# {words('plan_title', scenario=scenario.name)}", "",
        *([f"**{scenario.output.label}**", ""] if scenario.output.label else []),
        scenario.description, "",
        *decision_lines(outcome, tiers, offers, constraints, words),
        f"## {words('assumptions')}", "",
        _markdown(view(assumption_rows(outcome, words, created), words)), "",
        *driver_lines(outcome, constraints, words),
        f"## {words('result')}", "",
        "- " + words("status_line", status=words.term(result.status.value),
                     method=words.term(outcome.method), solver=result.solver,
                     version=result.version),
        *kept_lines(outcome, words),
        *clock_lines(outcome, words),
        f"- {words('expected_value')}{colon}**{money(outcome.objective)}** {currency(outcome)}",
        f"- {words('best_bound')}{colon}{bound}{words.sep('list')}{words('gap')} "
        f"{_percent(outcome.gap, words)}{words.sep('open')}"
        f"{words('gap_target', target=percent_text(scenario.solver.gap))}{words.sep('close')}",
        f"- {words('value_by_component')}{colon}" + words.sep("clause").join(
            f"{words.term(k)} {money(v)}" for k, v in outcome.check.components.items()),
        *rm_cost_lines(outcome, words),
        f"- {words('check_passed')}",
        f"- {words('exclusions')}{colon}" + words.sep("list").join(
            words("excluded_line", customers=row.customers, reason=words.term(row.reason),
                  effect=words.term(row.effect))
            for row in outcome.prepared.book.exclusions.itertuples()),
        "",
        *uplift_lines(outcome, words),
        f"## {words('tiers')}", "", _markdown(view(tiers, words)), "",
        f"## {words('offers')}", "", _markdown(view(offers, words)), "",
        f"## {words('unit_worth')}", "",
        _markdown(view(headline_prices(outcome, words), words)), "",
        f"## {words('binding')}", "", words("marginal_note"), "",
        _markdown(view(binding, words)), "",
    ]
    models = model_table(outcome)
    if len(models):
        lines += [f"## {words('models')}", "",
                  _markdown(view(models, words)), ""]
    soft = soft_lines(outcome, words)
    if soft:
        lines += [f"## {words('soft_gave')}", ""] + [f"- {line}" for line in soft]
    return "\n".join(lines) + "\n"


def decision_lines(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                   constraints: pd.DataFrame, words: Words) -> list[str]:
    """The decision in plain words: what the plan does, what it is worth, against which
    plans, and what to watch."""
    paper = decision(outcome, tiers, offers, constraints, words)
    parts = [("decision_does", paper.does), ("decision_worth", paper.worth),
             ("decision_against", paper.against), ("decision_watch", paper.watch)]
    lines = [f"## {words('decision')}", ""]
    for title, bullets in parts:
        if bullets:
            lines += [f"### {words(title)}", "", *[f"- {line}" for line in bullets], ""]
    return lines


def rm_cost_and_net(outcome: Outcome) -> tuple[float, float] | None:
    """The RM cost over the horizon and the value net of it; None when the scenario does not
    price RMs."""
    net = net_of_cost(outcome.prepared.book.rms, outcome.prepared.loaded.scenario,
                      outcome.objective, None)
    if not net or net["net_value"] is None:
        return None
    return float(net["rm_cost"] or 0.0), float(net["net_value"])


def rm_cost_lines(outcome: Outcome, words: Words) -> list[str]:
    """The RM cost over the horizon and the value net of it, when the scenario prices RMs."""
    priced = rm_cost_and_net(outcome)
    if priced is None:
        return []
    return ["- " + words("rm_cost_line", rms=f"{len(outcome.prepared.book.rms):,}",
                         cost=money(priced[0]), net=money(priced[1]))]


def kept_lines(outcome: Outcome, words: Words) -> list[str]:
    """Which path's plan the run kept, and why."""
    tried = outcome.attempts
    if tried is None:
        return []
    return ["- " + words("kept_line", path=words.term(tried.kept),
                         why=words(f"kept_{tried.why}"))]


def clock_lines(outcome: Outcome, words: Words) -> list[str]:
    """Where step re-runs stopped on their time limit: their figures depend on the time given,
    and the same inputs may give other step figures on another run."""
    steps = outcome.sensitivity.steps if outcome.sensitivity is not None else ()
    stopped = sum(not step.proven for step in steps)
    return ["- " + words("steps_on_clock", stopped=stopped, steps=len(steps))] if stopped else []


def driver_lines(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> list[str]:
    """The opening section: the limits that shape the plan, and the headline limits' prices,
    ranges and steps."""
    table = driver_table(outcome, constraints)
    body = _markdown(view(table, words)) if len(table) else words("drivers_none")
    return [f"## {words('drivers')}", "", driver_note(outcome, words), "",
            *[f"- {line}" for line in headline_lines(outcome, constraints, words)], "",
            body, ""]


def uplift_lines(outcome: Outcome, words: Words) -> list[str]:
    """The uplift over each rule-of-thumb plan, with the table behind it."""
    table = outcome.baselines
    if table is None or table.empty:
        return []
    return [f"## {words('uplift')}", "", words("uplift_note"), "",
            _markdown(view(named_baselines(table, words), words)), ""]


def soft_lines(outcome: Outcome, words: Words) -> list[str]:
    """The soft constraints the plan broke, at their penalty."""
    assert outcome.check is not None
    measured = outcome.check.constraints.set_index(["constraint", "label"])
    lines = []
    for v in (v for v in outcome.check.violations if v.soft):
        key = (v.constraint, v.label)
        if key in measured.index:
            row = measured.loc[key]
            lines.append(words("soft_limit", constraint=words.term(v.constraint),
                               label=words.term(v.label), used=number_text(float(row["used"])),
                               sense={"le": "≤", "ge": "≥", "eq": "="}[str(row["sense"])],
                               limit=number_text(float(row["limit"])),
                               amount=number_text(v.amount)))
        else:
            lines.append(words("soft_line", constraint=words.term(v.constraint),
                               label=words.term(v.label),
                               detail=violation_detail(v, words)))
    return lines


def infeasible_summary(outcome: Outcome, words: Words | None = None) -> str:
    words = words or Words()
    scenario = outcome.prepared.loaded.scenario
    lines = [
        f"# {words('infeasible_title', scenario=scenario.name)}", "",
        words.diagnosis_intro(outcome.diagnosed_on), "",
        *[f"- {words.shortfall(s)}" for s in outcome.diagnosis],
        "",
        words("infeasible_advice"),
    ]
    return "\n".join(lines) + "\n"


def _percent(gap: float | None, words: Words) -> str:
    return words("unknown") if gap is None else percent_text(gap)


def _markdown(table: TableView) -> str:
    header = "| " + " | ".join(table.headers) + " |"
    rule = "|" + "|".join("---:" if cell.numeric else "---" for cell in
                          (table.rows[0].cells if table.rows else [])) + "|"
    if not table.rows:
        rule = "|" + "|".join("---" for _ in table.headers) + "|"
    rows = ["| " + " | ".join(cell.text for cell in row.cells) + " |" for row in table.rows]
    return "\n".join([header, rule, *rows])
