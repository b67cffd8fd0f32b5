"""summary.md: what a planning committee reads first. Pure: the run's manifest and tables in,
text out (summary_text), so that verify writes it again from the run folder alone."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from allocator.checks.ledger import Violation
from allocator.driver_ranking import first_drivers
from allocator.headcount import net_of_cost, yearly_factor
from allocator.optimize import Outcome
from allocator.report import summary_facts as sf
from allocator.report.assumptions import assumptions_of
from allocator.report.cell_texts import number_text, percent_text, status_text
from allocator.report.drivers import (
    DRIVERS_SHOWN,
    headlines_of,
    note_of,
    ranked_of,
    shown_drivers,
    steps_of,
    top_drivers,
    with_room_lines,
)
from allocator.report.forced_losses import forced_loss_lines
from allocator.report.formats import view, without_blank_columns
from allocator.report.language import Words
from allocator.report.markdown_text import markdown_cell, markdown_prose, markdown_table
from allocator.report.page_facts import exclusions_line
from allocator.report.paper import (
    Decision,
    Value,
    against_of,
    does_lines,
    losses_of,
    mandatory_tiers,
    named_baselines,
    plans_rms,
    watch_of,
    worth_of,
)
from allocator.report.plan_tables import models_of, unit_prices, unit_prices_shown
from allocator.report.quantities import with_units
from allocator.report.summary_facts import SummaryFacts
from allocator.report.violation_words import violation_detail
from allocator.runs import json_copy
from allocator.sensitivity import Step

BINDING_COLUMNS = ["constraint", "label", "sense", "limit", "used", "slack", "marginal_value",
                   "range_low", "range_high"]


def money(value: float) -> str:
    return f"{value:,.0f}"


def plan_summary(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                 constraints: pd.DataFrame, words: Words | None = None, created: str = "",
                 record: Mapping[str, Any] | None = None) -> str:
    """summary.md of a solved run, written from its manifest (`record`: as JSON reads it back;
    made here where not given) and its tables alone, as verify writes it again."""
    if record is None:
        from allocator.report.run_files import manifest  # it writes this summary in turn
        record = json_copy(manifest(outcome, created))
    return summary_text(facts_of(outcome, tiers, offers, constraints, record), words or Words())


def facts_of(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
             constraints: pd.DataFrame, record: Mapping[str, Any]) -> SummaryFacts:
    """What summary.md and report.html say of a solved run: its manifest (`record`, as JSON
    reads it back), its tables, RMs, offers at a loss and the soft limits it broke."""
    assert outcome.check is not None
    return SummaryFacts(outcome.prepared.loaded.scenario, record, tiers, offers, constraints,
                        outcome.prepared.valued.rms, tuple(losses_of(outcome, constraints)),
                        tuple(v for v in outcome.check.violations if v.soft),
                        outcome.check.constraints)


def summary_text(facts: SummaryFacts, words: Words) -> str:
    """summary.md in the run's language, from what the run folder holds."""
    scenario, value = facts.scenario, sf.value(facts)
    money = scenario.objective.currency
    binding = with_units(facts.constraints[facts.constraints["binding"].astype(bool)][
        BINDING_COLUMNS], money, words)
    lines = [
        f"# {words('plan_title', scenario=scenario.name)}", "",
        *([f"**{markdown_cell(scenario.output.label)}**", ""] if scenario.output.label else []),
        markdown_prose(scenario.described(words.language)), "",
        *decision_lines(decision_of(facts, words), words, _top_drivers(facts, words)),
        *warning_lines(facts, words),
        f"## {words('assumptions')}", "",
        markdown_table(view(assumptions_of(sf.assumed(facts), words), words)), "",
        *driver_lines(facts, words),
        f"## {words('result')}", "",
        *result_lines(facts, value, words), "",
        *uplift_lines(sf.baselines(facts), words),
        f"## {words('tiers')}", "", markdown_table(view(facts.tiers, words)), "",
        f"## {words('offers')}", "", markdown_table(view(facts.offers, words)), "",
        *unit_worth_lines(facts, words),
        f"## {words('binding')}", "", words("marginal_note"), "",
        markdown_table(view(binding, words)), "",
    ]
    models = models_of(list(facts.record.get("models") or ()))
    if len(models):
        lines += [f"## {words('models')}", "",
                  markdown_table(view(models, words)), ""]
    soft = soft_of(facts.soft, facts.measured, words)
    if soft:
        lines += [f"## {words('soft_gave')}", ""] + [f"- {markdown_prose(line)}" for line in soft]
    return "\n".join(lines) + "\n"


def warning_lines(facts: SummaryFacts, words: Words) -> list[str]:
    """What the book cannot give that the scenario asks (an RM who has left, a grade no RM
    holds, a region without RMs), as the run warned of it before planning; nothing where it
    gave no warning."""
    said = sf.warnings(facts)
    return [f"## {words('warnings')}", "", *(f"- {markdown_prose(line)}" for line in said),
            ""] if said else []


def unit_worth_lines(facts: SummaryFacts, words: Words) -> list[str]:
    """What one more unit is worth, or nothing where no unit is priced."""
    money = facts.scenario.objective.currency
    table = unit_prices_shown(unit_prices(sf.priced(facts), facts.rms, money, words), money,
                              words)
    return [f"## {words('unit_worth')}", "", markdown_table(view(table, words)), ""] if len(
        table) else []


def decision_of(facts: SummaryFacts, words: Words) -> Decision:
    """The decision in plain words (what the plan does, what it is worth, against which
    plans, what to watch), from what the run folder holds."""
    scenario, value = facts.scenario, sf.value(facts)
    money = scenario.objective.currency
    rms = plans_rms(facts.rms, scenario)
    return Decision(
        does_lines(sf.moves(facts), facts.tiers, facts.offers, words, rms)
        + forced_loss_lines(list(facts.losses), money, words),
        worth_of(value, scenario, words, rms),
        against_of(sf.baselines(facts), value.objective, money, words),
        watch_of(facts.rms, mandatory_tiers(scenario), facts.tiers, facts.constraints, words,
                 sf.moves(facts) if rms else None, rms, money),
        "decision_against" if rms else "decision_against_rules")


def result_lines(facts: SummaryFacts, value: Value, words: Words) -> list[str]:
    """The result: status and path, the plan kept, the value, its bound and parts, the RM cost,
    the check, and the customers left out by rule."""
    solver, colon = sf.solver_of(facts), words.sep("colon")
    backend = str(solver.get("backend"))
    version = (facts.record.get("versions") or {}).get(backend)
    currency = facts.scenario.objective.currency
    bound = words("none") if value.bound is None else f"{money(value.bound)} {currency}"
    return [
        "- " + words("status_line", status=status_text(value.status, value.gap,
                                                        facts.scenario.solver.gap, words),
                     method=words.term(solver.get("method")), solver=backend, version=version),
        *kept_lines(facts.record.get("attempts"), words),
        *base_lines(facts.record.get("kept_base"), words),
        *clock_of(sf.steps(facts), words),
        f"- {words('expected_value')}{colon}**{money(value.objective)}** {currency}",
        f"- {words('best_bound')}{colon}{bound}{words.sep('list')}{words('gap')} "
        f"{_percent(value.gap, words)}{words.sep('open')}"
        f"{words('gap_target', target=percent_text(facts.scenario.solver.gap))}"
        f"{words.sep('close')}",
        f"- {words('value_by_component')}{colon}" + words.sep("clause").join(
            f"{words.term(k)} {money(v)} {currency}" for k, v in value.components.items()),
        *rm_cost_lines(facts.record.get("kpis"), facts.scenario.objective.model_dump(), words),
        f"- {words('check_passed')}",
        f"- {exclusions_line(facts, words)}",
    ]


def decision_lines(paper: Decision, words: Words, drivers: list[str] | None = None
                   ) -> list[str]:
    """The decision's section: what drives the plan (`drivers`: its lines, as report.html's
    first page shows it), what the plan does, what it is worth, against which plans, and what
    to watch."""
    parts = [("decision_does", paper.does), ("decision_worth", paper.worth),
             (paper.against_title, paper.against), ("decision_watch", paper.watch)]
    lines = [f"## {words('decision')}", ""]
    if drivers:
        lines += [f"### {words('drivers')}", "", *drivers]
    for title, bullets in parts:
        if bullets:
            lines += [f"### {words(title)}", "",
                      *[f"- {markdown_prose(line)}" for line in bullets], ""]
    return lines


def _top_drivers(facts: SummaryFacts, words: Words) -> list[str]:
    """The decision's drivers: the largest effects first, the rest in the details."""
    ranked = first_drivers(ranked_of(facts.constraints, facts.rms, sf.steps(facts)),
                           DRIVERS_SHOWN)
    if ranked.empty:
        return [words("drivers_none"), ""]
    table = without_blank_columns(top_drivers(ranked, facts.scenario.objective.currency, words))
    return [words("drivers_top"), "", markdown_table(view(table, words)), ""]


def rm_cost_and_net(outcome: Outcome) -> tuple[float, float] | None:
    """The RM cost over the horizon and the value net of it; None when the scenario does not
    price RMs."""
    net = net_of_cost(outcome.prepared.book.rms, outcome.prepared.loaded.scenario,
                      outcome.objective, None)
    if not net or net["net_value"] is None:
        return None
    return float(net["rm_cost"] or 0.0), float(net["net_value"])


def rm_cost_lines(kpis: object, objective: Mapping[str, Any], words: Words) -> list[str]:
    """The RM cost over the horizon, what it is a year, and the value net of it (the manifest's
    figures and the scenario's objective section), when the scenario prices RMs."""
    if not isinstance(kpis, Mapping) or kpis.get("net_value") is None:
        return []
    return ["- " + words("rm_cost_line", **rm_cost_fields(kpis, objective))]


def rm_cost_fields(kpis: Mapping[str, Any], objective: Mapping[str, Any]) -> dict[str, str]:
    """rm_cost_line's fields: the RMs, their cost over the horizon and a year, the net value."""
    cost, years = float(kpis.get("rm_cost") or 0.0), int(objective.get("horizon_years") or 1)
    yearly = cost / yearly_factor(float(objective.get("discount_rate") or 0.0), years)
    return {"rms": f"{int(kpis.get('rms') or 0):,}", "cost": money(cost), "yearly": money(yearly),
            "years": str(years), "currency": str(objective.get("currency")),
            "net": money(float(kpis["net_value"]))}


def kept_lines(attempts: object, words: Words) -> list[str]:
    """Which path's plan the run kept, and why (the manifest's attempts)."""
    if not isinstance(attempts, Mapping):
        return []
    return ["- " + words("kept_line", path=words.term(attempts.get("kept")),
                         why=words(f"kept_{attempts.get('why')}"))]


def base_lines(kept: object, words: Words) -> list[str]:
    """Which base the plan keeps the most of among equally good plans, and how much of it (the
    manifest's kept_base)."""
    return [] if not isinstance(kept, Mapping) else ["- " + base_line(kept, words)]


def base_line(kept: Mapping[str, Any], words: Words) -> str:
    """base_lines' line (the manifest's kept_base, or closeness.Kept as a dict), unmarked."""
    why = str(kept.get("why") or "")
    base = base_words(str(kept.get("base")), int(kept.get("reference") or 0), words) + (
        words(f"base_why_{why}") if why else "")
    if kept.get("begun") is False:
        return words("base_not_begun", base=base)
    line = words("base_line", base=base, changes=kept.get("changes"), undone=kept.get("undone"))
    return line + (words("base_time_limit") if kept.get("stopped_on") == "time_limit" else "")


def base_words(source: str, reference: int, words: Words) -> str:
    """A base (allocator.closeness.BasePlan.source) as the reader calls it."""
    if source == "incumbent_rm+reference" and reference == 0:  # everyone has an RM today
        source = "incumbent_rm"
    if source in ("incumbent_rm", "reference", "incumbent_rm+reference", "previous_point"):
        return words(f"base_{source}", customers=reference)
    if source.startswith("point "):
        return words("base_point", point=source.removeprefix("point "))
    return words("base_run", folder=source)


def clock_lines(outcome: Outcome, words: Words) -> list[str]:
    """Where step re-runs stopped on their time limit: their figures depend on the time given,
    and the same inputs may give other step figures on another run."""
    return clock_of(steps_of(outcome.sensitivity), words)


def clock_of(steps: tuple[Step, ...], words: Words) -> list[str]:
    """clock_lines of the steps measured."""
    stopped = sum(not step.proven for step in steps)
    return ["- " + words("steps_on_clock", stopped=stopped, steps=len(steps))] if stopped else []


def driver_lines(facts: SummaryFacts, words: Words) -> list[str]:
    """The opening section: how the limits that shape the plan were found, the headline
    limits' prices, ranges and steps, and those limits; one line where no limit shapes it."""
    measured = sf.steps(facts)
    money = facts.scenario.objective.currency
    table = first_drivers(ranked_of(facts.constraints, facts.rms, measured), DRIVERS_SHOWN)
    if table.empty:
        return [f"## {words('drivers')}", "", words("drivers_none"), "",
                *_room_lines(facts, words)]
    shown = without_blank_columns(shown_drivers(table, money, words, in_count=True))
    method = str(sf.solver_of(facts).get("method"))
    return [f"## {words('drivers')}", "", note_of(sf.sensitivity(facts), method, words,
                                                        plans_rms(facts.rms, facts.scenario)), "",
            *[f"- {line}" for line in headlines_of(facts.constraints, facts.rms, measured,
                                                   money, words)], "",
            markdown_table(view(shown, words)), "", *_room_lines(facts, words)]


def _room_lines(facts: SummaryFacts, words: Words) -> list[str]:
    """The limits with room, priced with their ranges and steps, under their own heading."""
    lines = with_room_lines(facts.constraints, facts.rms, sf.steps(facts),
                            facts.scenario.objective.currency, words)
    return [f"### {lines[0]}", "", *[f"- {line}" for line in lines[1:]], ""] if lines else []


def uplift_lines(table: pd.DataFrame | None, words: Words) -> list[str]:
    """The uplift over each rule-of-thumb plan, with the table behind it."""
    if table is None or table.empty:
        return []
    return [f"## {words('uplift')}", "", words("uplift_note"), "",
            markdown_table(view(named_baselines(table, words), words)), ""]


def soft_lines(outcome: Outcome, words: Words) -> list[str]:
    """The soft constraints the plan broke, at their penalty."""
    assert outcome.check is not None
    return soft_of(tuple(v for v in outcome.check.violations if v.soft),
                   outcome.check.constraints, words)


def soft_of(violations: tuple[Violation, ...], measured: pd.DataFrame | None, words: Words
            ) -> list[str]:
    """soft_lines of the soft violations and the checker's measurement of every limit."""
    if not violations or measured is None:
        return []
    measured = measured.set_index(["constraint", "label"])
    lines = []
    for v in violations:
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
        *[f"- {markdown_prose(words.shortfall(s, outcome.diagnosed_on))}"
          for s in outcome.diagnosis],
        "",
        words("infeasible_advice"),
    ]
    return "\n".join(lines) + "\n"


def _percent(gap: float | None, words: Words) -> str:
    return words("unknown") if gap is None else percent_text(gap)
