"""report.html of a solved run as a committee paper, written from what its run folder holds
(report/page_facts.py): the decision and the assumptions it rests on first, then the charts and
tables behind them, every constraint row last. The run writes it from its facts and verify
writes it again from the folder alone, with the same functions, and compares the two."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pandas as pd
from markupsafe import Markup

from allocator.driver_ranking import first_drivers
from allocator.headcount import annuity
from allocator.optimize import Outcome
from allocator.report import page_facts as pf
from allocator.report import plan_tables as tables
from allocator.report import summary_facts as sf
from allocator.report.appendix import applying, constraint_rows, family_tables
from allocator.report.assumptions import assumptions_of
from allocator.report.cell_texts import percent_text, status_text
from allocator.report.drivers import (
    DRIVERS_SHOWN,
    groups_of,
    headlines_of,
    note_of,
    ranked_of,
    shown_drivers,
    top_drivers,
)
from allocator.report.formats import TableView, view, without_blank_columns
from allocator.report.html import Card, Chart, Section, report_page
from allocator.report.language import Words
from allocator.report.paper import (
    baseline_name,
    baselines_view,
    grouped_constraints,
    groups_for,
    plans_rms,
)
from allocator.report.quantities import with_units
from allocator.report.roi import roi_of
from allocator.report.summary import base_line, decision_of, money, soft_of
from allocator.report.unit_words import UNIT_OF
from allocator.rm_rows import holding_none


def page_of(outcome: Outcome, words: Words) -> pf.PageFacts:
    """What report.html says of a solved run, from the tables its folder holds."""
    from allocator.report.run_files import page_facts_of  # it writes this page

    return page_facts_of(outcome, tables.tier_plan(outcome), tables.rm_books(outcome),
                         tables.offer_summary(outcome), tables.constraint_table(outcome), words)


def plan_page(page: pf.PageFacts, words: Words) -> str:
    """report.html in the run's language, from what the run folder holds."""
    facts = page.facts
    scenario = facts.scenario
    return report_page(
        words, title=words("plan_title", scenario=scenario.name),
        description=scenario.described(words.language), label=scenario.output.label or "",
        cards=cards_of(facts, words), decision=decision_sections(facts, words),
        assumptions=view(assumptions_of(sf.assumed(facts), words), words),
        details=words("details"), opening=[driver_section(facts, words),
                                           *room_sections(facts, words)],
        lines=[_status_line(facts, words), *_base(facts, words), words("check_short"),
               pf.exclusions_line(facts, words)],
        charts=[Chart(i, Markup(svg)) for i, svg in figures_of(page, words)],
        sections=detail_sections(page, words), appendix=appendix_sections(facts, words),
        version=pf.made_with(facts.record))


def figures_of(page: pf.PageFacts, words: Words) -> list[tuple[str, str]]:
    """The charts: (id, svg) each. Under a calendar the offers are its activities, which have
    no quota or minimum (their targets are the calendar's rules): the calendar's charts take
    the place of the offer volumes'."""
    from allocator.campaigns.charts import calendar_figures  # matplotlib: when drawn
    from allocator.report import charts

    facts = page.facts
    tiers, caps = facts.tiers, tables.caps_of(facts.constraints)
    unit = facts.scenario.objective.currency
    rms = plans_rms(facts.rms, facts.scenario)
    figures = [
        ("tier-pyramid", charts.tier_pyramid(tiers, words, unit)),
        ("value-components", charts.value_components(sf.value(facts).components, words, unit)),
        ("budget", charts.budget_by_tier(tiers, words)),
        *([("rm-utilization", charts.rm_utilization(page.books, words))] if rms else []),
        *([("offer-volumes", charts.offer_volumes(facts.offers, words))]
          if page.activities is None else []),
        *([("risk-caps", charts.risk_against_caps(caps, words))] if len(caps) else []),
        *([("tier-migration", charts.tier_migration(page.migration, words))]
          if len(facts.scenario.tiers) > 1 else []),
        *((f"calibration-{fit.column}", charts.calibration(fit.column, fit.table, words))
          for fit in pf.calibrations(facts.record)),
    ]
    calendar = facts.scenario.calendar
    if page.activities is not None and calendar is not None:
        figures += calendar_figures(page.activities, calendar, facts.constraints, words)
    return figures


def cards_of(facts: sf.SummaryFacts, words: Words) -> list[Card]:
    """The key figures, money with its currency."""
    value, unit, tiers = sf.value(facts), facts.scenario.objective.currency, facts.tiers
    cards = [
        Card(words("status"), status_text(value.status, value.gap, facts.scenario.solver.gap,
                                          words), f"status-{value.status}"),
        Card(words("expected_value"), f"{money(value.objective)} {unit}"),
        Card(words("best_bound"),
             words("none") if value.bound is None else f"{money(value.bound)} {unit}"),
        Card(words("gap"), words("unknown") if value.gap is None else percent_text(value.gap)),
        Card(words("card_customers"), f"{int(tiers['customers'].sum()):,}"),
        Card(words("card_covered"), f"{int(tiers['covered'].sum()):,}"),
        Card(words("card_spend"), f"{money(float(tiers['budget'].sum()))} {unit}"),
        Card(words("card_loss"), f"{money(float(tiers['expected_loss'].sum()))} {unit}"),
    ]
    priced = pf.rm_cost_and_net_of(facts.record)
    if priced is not None:  # the scenario prices RMs: their cost and the value net of it
        cards += [Card(words("card_rm_cost", years=facts.scenario.objective.horizon_years,
                             yearly=money(priced[0] / annuity(facts.scenario)), currency=unit),
                       f"{money(priced[0])} {unit}"),
                  Card(words("card_net"), f"{money(priced[1])} {unit}")]
    baselines = sf.baselines(facts)
    if baselines is not None:
        cards += [Card(words("uplift_card", name=baseline_name(str(row.baseline), words)),
                       percent_text(row.uplift, "+") + ("" if row.meets_every_limit else
                                                        words.sep("open") + words("breaks_mark")
                                                        + words.sep("close")))
                  for row in baselines.itertuples()]
    return cards


def plan_cards(outcome: Outcome, tiers: pd.DataFrame, words: Words) -> list[Card]:
    """cards_of a solved run with the tiers' table `tiers`."""
    facts = page_of(outcome, words).facts
    return cards_of(replace(facts, tiers=tiers), words)


def decision_sections(facts: sf.SummaryFacts, words: Words) -> list[Section]:
    """The first page: what drives the plan (largest effect first), what it does, what it is
    worth, against which plans and what to watch."""
    paper = decision_of(facts, words)
    table = top_drivers(_drivers(facts), facts.scenario.objective.currency, words)
    value, baselines = sf.value(facts).objective, sf.baselines(facts)
    against = None
    if baselines is not None and len(baselines) and value:
        from allocator.report import charts  # matplotlib: when drawn

        names = [baseline_name(str(b), words) for b in baselines["baseline"]]
        against = Markup(charts.baselines(value, baselines, names, words))
    return [
        Section(words("drivers"), view(without_blank_columns(table), words)
                if len(table) else None, note=words("drivers_top"),
                bullets=[] if len(table) else [words("drivers_none")]),
        Section(words("decision_does"), bullets=paper.does),
        Section(words("decision_worth"), bullets=paper.worth),
        *([Section(words(paper.against_title), bullets=paper.against, chart=against,
                   id="baselines", note=words("uplift_note"))] if paper.against else []),
        Section(words("decision_watch"), bullets=paper.watch, id="watch"),
    ]


def outcome_decision(outcome: Outcome, words: Words) -> list[Section]:
    """decision_sections of a solved run."""
    return decision_sections(page_of(outcome, words).facts, words)


def detail_sections(page: pf.PageFacts, words: Words) -> list[Section]:
    """The tables behind the decision; rows per RM added up by grade and region."""
    facts = page.facts
    baselines, money = sf.baselines(facts), facts.scenario.objective.currency
    rm_cost = pf.rm_cost_and_net_of(facts.record)
    sections = [
        *([Section(words("uplift"), baselines_view(baselines, words),
                   note=words("uplift_note"))] if baselines is not None else []),
        Section(words("tiers"), view(facts.tiers, words), note=roi_of(
            facts.tiers, None if rm_cost is None else rm_cost[0], money, words,
            plans_rms(facts.rms, facts.scenario))),
        Section(words("offers"), view(facts.offers, words)),
        *unit_worth_section(facts, words),
        constraint_section(facts, words),
    ]
    if page.activities is not None:  # the campaign calendar's activities
        sections.insert(2, Section(words("calendar"), view(page.activities, words)))
    models = tables.models_of(list(facts.record.get("models") or ()))
    if len(models):
        sections.append(Section(words("models"), view(models, words)))
    soft = soft_of(facts.soft, facts.measured, words)
    if soft:
        sections.append(Section(words("soft_gave"), bullets=soft))
    return sections


def unit_worth_section(facts: sf.SummaryFacts, words: Words) -> list[Section]:
    """What one more unit is worth, or nothing where no unit is priced."""
    money = facts.scenario.objective.currency
    table = tables.unit_prices_shown(tables.unit_prices(sf.priced(facts), facts.rms, money,
                                                        words), money, words)
    return [Section(words("unit_worth"), view(table, words))] if len(table) else []


def constraint_section(facts: sf.SummaryFacts, words: Words) -> Section:
    """The constraint table with the rows per RM added up by grade and region (or by grade)."""
    groups, note = groups_for(facts.rms, facts.constraints)
    constraints = applying(facts.constraints, plans_rms(facts.rms, facts.scenario))
    grouped = with_units(grouped_constraints(constraints, groups, holding_none(facts.rms)),
                         facts.scenario.objective.currency, words)
    return Section(words("constraints"), view(grouped, words, "binding"),
                   note=words.sep("sentence").join((words(note), words("marginal_note"))))


def _drivers(facts: sf.SummaryFacts) -> pd.DataFrame:
    return first_drivers(ranked_of(facts.constraints, facts.rms, sf.steps(facts)),
                         DRIVERS_SHOWN)


def _status_line(facts: sf.SummaryFacts, words: Words) -> str:
    backend, version = pf.backend_version(facts.record)
    value = sf.value(facts)
    return words("status_line", status=status_text(value.status, value.gap,
                                                   facts.scenario.solver.gap, words),
                 method=words.term(pf.method_of(facts)), solver=backend,
                 version=version).replace("**", "")


def _base(facts: sf.SummaryFacts, words: Words) -> list[str]:
    """The base plan the run keeps closest to, as one line (none where it kept none)."""
    kept = facts.record.get("kept_base")
    return [base_line(kept, words)] if isinstance(kept, Mapping) else []


def room_sections(facts: sf.SummaryFacts, words: Words) -> list[Section]:
    """The headline limits and limits stepped that do not shape the plan, priced with their
    ranges and steps, after the drivers (none: no section)."""
    lines = headlines_of(facts.constraints, facts.rms, sf.steps(facts),
                         facts.scenario.objective.currency, words, shaping=False)
    return [Section(words("with_room"), bullets=lines)] if lines else []


def driver_section(facts: sf.SummaryFacts, words: Words) -> Section:
    """What drives this plan: the report opens with it; each price per unit of its limit and
    each worth in the currency, as on the first page, under how they were found; where no
    limit shapes the plan, one line says so instead."""
    money = facts.scenario.objective.currency
    table = shown_drivers(_drivers(facts), money, words, in_count=True)
    if table.empty:
        return Section(words("drivers"), bullets=[words("drivers_none")])
    return Section(words("drivers"), view(without_blank_columns(table), words),
                   note=note_of(sf.sensitivity(facts), pf.method_of(facts), words,
                                plans_rms(facts.rms, facts.scenario)),
                   bullets=headlines_of(facts.constraints, facts.rms, sf.steps(facts), money,
                                        words))


def appendix_sections(facts: sf.SummaryFacts, words: Words) -> list[Section]:
    """Every constraint row: the appendix's heading and note, then a compact table per
    constraint family under the family's name."""
    with_rms = plans_rms(facts.rms, facts.scenario)
    rows = constraint_rows(applying(facts.constraints, with_rms), groups_of(facts.rms))
    money = facts.scenario.objective.currency
    note = words("appendix_note" if with_rms else "appendix_note_no_rms")
    return [Section(words("appendix"), note=note, id="appendix"),
            *(Section(words.term(family), unit_headed(view(table, words, "binding"), family,
                                                      money, words))
              for family, table in family_tables(rows))]


def unit_headed(table: TableView, family: str, currency: str, words: Words) -> TableView:
    """A family's table with its marginal values' unit in their header: "marginal value (EUR
    per RM hour)"."""
    column = words.column("marginal_value")
    unit = words(UNIT_OF.get(family, "unit_other"), currency=currency).strip()
    named = words("unit_header", column=column, currency=currency, unit=unit)
    return replace(table, headers=[named if h == column else h for h in table.headers])
