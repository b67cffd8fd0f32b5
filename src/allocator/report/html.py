"""report.html: one self-contained page (inline CSS and SVG, no scripts, no network) for a
planning committee. Pure: outcome or sweep tables in, HTML text out."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import pandas as pd
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from allocator import __version__
from allocator.campaigns.charts import calendar_figures
from allocator.campaigns.tables import activity_table
from allocator.headcount import annuity
from allocator.optimize import Outcome
from allocator.report import charts, sweep_tables
from allocator.report import plan_tables as tables
from allocator.report.appendix import constraint_rows, family_tables
from allocator.report.assumptions import assumption_rows
from allocator.report.drivers import driver_note, driver_table, headline_lines, rm_groups
from allocator.report.formats import Row, TableView, percent_text, view
from allocator.report.language import Words
from allocator.report.paper import (
    baseline_name,
    baselines_view,
    constraint_groups,
    currency,
    decision,
    grouped_constraints,
)
from allocator.report.roi import roi_note
from allocator.report.summary import money, rm_cost_and_net, soft_lines

DECISION_DRIVERS = 6
"""The decision page shows the limits of largest effect; the details show them all."""
DECISION_DRIVER_COLUMNS = ["constraint", "label", "use_share", "marginal_value",
                           "loosening_worth", "step_note"]


@dataclass(frozen=True)
class Section:
    title: str
    table: TableView | None = None
    note: str = ""
    bullets: list[str] = field(default_factory=list)
    chart: Markup | None = None
    id: str = ""


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    css: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    svg: Markup


def plan_report(outcome: Outcome, words: Words, created: str = "") -> str:
    """The report of a solved run as a committee paper: the decision and the assumptions it
    rests on first, then the charts and tables behind them, every constraint row last."""
    assert outcome.check is not None and outcome.objective is not None
    scenario = outcome.prepared.loaded.scenario
    tiers, offers = tables.tier_plan(outcome), tables.offer_summary(outcome)
    books, constraints = tables.rm_books(outcome), tables.constraint_table(outcome)
    caps = tables.portfolio_caps(outcome)
    migration = tables.tier_migration(outcome, words("new_customer"))
    figures = [
        ("tier-pyramid", charts.tier_pyramid(tiers, words, scenario.objective.currency)),
        ("value-components", charts.value_components(outcome.check.components, words,
                                                     scenario.objective.currency)),
        ("budget", charts.budget_by_tier(tiers, words)),
        ("rm-utilization", charts.rm_utilization(books, words)),
        ("offer-volumes", charts.offer_volumes(offers, words)),
        *([("risk-caps", charts.risk_against_caps(caps, words))] if len(caps) else []),
        ("tier-migration", charts.tier_migration(migration, words)),
        *((f"calibration-{fit.column}", charts.calibration(fit.column, fit.calibration, words))
          for fit in outcome.prepared.book.fits),
    ]
    activities = None
    if scenario.calendar is not None:  # the campaign calendar's weeks, limits and activities
        activities = activity_table(scenario.calendar, outcome.prepared.book.offers,
                                    tables.offer_plan(outcome))
        figures += calendar_figures(activities, constraints, words)
    return _page(words, title=words("plan_title", scenario=scenario.name),
                 description=scenario.described(words.language), label=scenario.output.label or "",
                 cards=plan_cards(outcome, tiers, words),
                 decision=decision_sections(outcome, tiers, offers, constraints, words),
                 assumptions=view(assumption_rows(outcome, words, created), words),
                 details=words("details"),
                 opening=[driver_section(outcome, constraints, words)],
                 lines=[_status_line(outcome, words), words("check_short"),
                        _exclusions(outcome, words)],
                 charts=[Chart(i, Markup(svg)) for i, svg in figures],
                 sections=detail_sections(outcome, tiers, offers, constraints, words, activities),
                 appendix=appendix_sections(outcome, constraints, words))


def plan_cards(outcome: Outcome, tiers: pd.DataFrame, words: Words) -> list[Card]:
    """The key figures, money with its currency."""
    assert outcome.objective is not None
    result, unit = outcome.result, currency(outcome)
    cards = [
        Card(words("status"), words.term(result.status.value), f"status-{result.status.value}"),
        Card(words("expected_value"), f"{money(outcome.objective)} {unit}"),
        Card(words("best_bound"),
             words("none") if result.bound is None else f"{money(result.bound)} {unit}"),
        Card(words("gap"), words("unknown") if outcome.gap is None else percent_text(outcome.gap)),
        Card(words("card_customers"), f"{int(tiers['customers'].sum()):,}"),
        Card(words("card_covered"), f"{int(tiers['covered'].sum()):,}"),
        Card(words("card_spend"), f"{money(float(tiers['budget'].sum()))} {unit}"),
        Card(words("card_loss"), f"{money(float(tiers['expected_loss'].sum()))} {unit}"),
    ]
    priced = rm_cost_and_net(outcome)
    if priced is not None:  # the scenario prices RMs: their cost and the value net of it
        scenario = outcome.prepared.loaded.scenario
        cards += [Card(words("card_rm_cost", years=scenario.objective.horizon_years,
                             yearly=money(priced[0] / annuity(scenario)), currency=unit),
                       f"{money(priced[0])} {unit}"),
                  Card(words("card_net"), f"{money(priced[1])} {unit}")]
    if outcome.baselines is not None:
        cards += [Card(words("uplift_card", name=baseline_name(str(row.baseline), words)),
                       percent_text(row.uplift, "+") + ("" if row.meets_every_limit else
                                                        f" ({words('breaks_mark')})"))
                  for row in outcome.baselines.itertuples()]
    return cards


def decision_sections(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                      constraints: pd.DataFrame, words: Words) -> list[Section]:
    """The first page: what drives the plan (largest effect first), what it does, what it is
    worth, against which plans and what to watch."""
    paper = decision(outcome, tiers, offers, constraints, words)
    table = driver_table(outcome, constraints).head(DECISION_DRIVERS)
    against = None
    if outcome.baselines is not None and len(outcome.baselines) and outcome.objective:
        names = [baseline_name(str(b), words) for b in outcome.baselines["baseline"]]
        against = Markup(charts.baselines(outcome.objective, outcome.baselines, names, words))
    return [
        Section(words("drivers"), view(table[DECISION_DRIVER_COLUMNS], words)
                if len(table) else None, note=words("drivers_top"),
                bullets=[] if len(table) else [words("drivers_none")]),
        Section(words("decision_does"), bullets=paper.does),
        Section(words("decision_worth"), bullets=paper.worth),
        *([Section(words("decision_against"), bullets=paper.against, chart=against,
                   id="baselines", note=words("uplift_note"))] if paper.against else []),
        Section(words("decision_watch"), bullets=paper.watch, id="watch"),
    ]


def detail_sections(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
                    constraints: pd.DataFrame, words: Words,
                    activities: pd.DataFrame | None = None) -> list[Section]:
    """The tables behind the decision; rows per RM added up by grade and region."""
    sections = [
        *([Section(words("uplift"), baselines_view(outcome.baselines, words),
                   note=words("uplift_note"))] if outcome.baselines is not None else []),
        Section(words("tiers"), view(tiers, words), note=roi_note(outcome, tiers, words)),
        Section(words("offers"), view(offers, words)),
        Section(words("unit_worth"), view(tables.headline_prices(outcome, words), words)),
        constraint_section(outcome, constraints, words),
    ]
    if activities is not None:  # the campaign calendar's activities
        sections.insert(2, Section(words("calendar"), view(activities, words)))
    if outcome.prepared.book.fits:
        sections.append(Section(words("models"), view(tables.model_table(outcome), words)))
    soft = soft_lines(outcome, words)
    if soft:
        sections.append(Section(words("soft_gave"), bullets=soft))
    return sections


def constraint_section(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> Section:
    """The constraint table with the rows per RM added up by grade and region (or by grade)."""
    groups, note = constraint_groups(outcome, constraints)
    return Section(words("constraints"), view(grouped_constraints(constraints, groups), words,
                                              "binding"),
                   note=f"{words(note)} {words('marginal_note')}")


def _status_line(outcome: Outcome, words: Words) -> str:
    result = outcome.result
    return words("status_line", status=words.term(result.status.value),
                 method=words.term(outcome.method), solver=result.solver,
                 version=result.version).replace("**", "")


def _exclusions(outcome: Outcome, words: Words) -> str:
    return words("exclusions") + words.sep("colon") + words.sep("list").join(
        words("excluded_line", customers=row.customers, reason=words.term(row.reason),
              effect=words.term(row.effect))
        for row in outcome.prepared.book.exclusions.itertuples())


def driver_section(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> Section:
    """What drives this plan: the report opens with it."""
    table = driver_table(outcome, constraints)
    bullets = headline_lines(outcome, constraints, words)
    if table.empty:
        bullets.append(words("drivers_none"))
    return Section(words("drivers"), view(table, words) if len(table) else None,
                   note=driver_note(outcome, words), bullets=bullets)


def infeasible_report(outcome: Outcome, words: Words) -> str:
    """The report of a run with no plan: what must give, and by how much."""
    scenario = outcome.prepared.loaded.scenario
    diagnosis = pd.DataFrame(
        [(s.constraint, s.amount, s.limit, s.rows) for s in outcome.diagnosis],
        columns=["constraint", "shortfall", "limit", "rows"])
    return _page(words, title=words("infeasible_title", scenario=scenario.name),
                 description=scenario.described(words.language),
                 cards=[Card(words("status"), words.term("infeasible"), "status-infeasible")],
                 lines=[words.diagnosis_intro(outcome.diagnosed_on)],
                 bullets=[words.shortfall(s) for s in outcome.diagnosis],
                 sections=[Section(words("diagnosis"), view(diagnosis, words),
                                   note=words("infeasible_advice").replace("`", ""))])


def sweep_report(scenario: str, table: pd.DataFrame, curve: pd.DataFrame | None,
                 words: Words, lines: list[str] | None = None, currency: str = "",
                 assumptions: pd.DataFrame | None = None) -> str:
    """The report of a sweep: what its points hold fixed (`assumptions`), the frontier chart
    (with each point's gap), its table with changes within tolerance labelled and the knee
    said in words, and every point's KPIs; `lines` say what tightening the gaps did; the
    chart's value axes are in `currency`."""
    figures, sections = [], []
    if curve is not None:
        key = str(curve.columns[0])
        knee = sweep_tables.knee_line(curve, words)
        figures.append(Chart("frontier", Markup(charts.frontier(curve, key, words, currency))))
        sections += in_parts(Section(words("frontier"), note=f"{words('within_note')} "
                                     f"{words('knee_definition')}", bullets=[knee] if knee
                                     else []),
                             sweep_tables.frontier_shown(curve, words, full=True), words, "knee")
    sections += in_parts(Section(words("sweep_points"), bullets=lines or []),
                         sweep_tables.sweep_shown(table, sweep_tables.REPORT_EXTRA), words)
    return _page(words, title=words("sweep_title", scenario=scenario), charts=figures,
                 sections=sections, assumptions=None if assumptions is None else view(
                     assumptions, words))


def in_parts(head: Section, frame: pd.DataFrame, words: Words, mark: str = ""
             ) -> list[Section]:
    """A wide table in parts that fit the page (sweep_tables.in_parts), the first under
    `head`'s title, note and bullets, each titled "title (1/2)" when there are several."""
    parts = sweep_tables.in_parts(frame)
    if len(parts) == 1:
        return [replace(head, table=view(frame, words, mark))]
    marks = [row.highlight for row in view(frame, words, mark).rows]
    return [replace(head if number == 1 else Section(head.title),
                    table=_marked(view(part, words), marks),
                    title=f"{head.title}{words.sep('open')}{number}/{len(parts)}"
                          f"{words.sep('close')}")
            for number, part in enumerate(parts, start=1)]


def _marked(table: TableView, marks: list[bool]) -> TableView:
    """The table with its rows marked as the whole table's rows are."""
    return TableView(table.headers, [Row(row.cells, mark)
                                     for row, mark in zip(table.rows, marks, strict=True)])


def appendix_sections(outcome: Outcome, constraints: pd.DataFrame, words: Words
                      ) -> list[Section]:
    """Every constraint row: the appendix's heading and note, then a compact table per
    constraint family under the family's name."""
    rows = constraint_rows(constraints, rm_groups(outcome))
    return [Section(words("appendix"), note=words("appendix_note"), id="appendix"),
            *(Section(words.term(family), view(table, words, "binding"))
              for family, table in family_tables(rows))]


@cache
def _template() -> Template:
    environment = Environment(loader=PackageLoader("allocator", "report/templates"),
                              autoescape=select_autoescape(["html", "j2"]),
                              trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("report.html.j2")


def _page(words: Words, **parts: object) -> str:
    defaults: dict[str, object] = {"description": "", "cards": [], "lines": [], "bullets": [],
                                   "charts": [], "sections": [], "opening": [], "label": "",
                                   "decision": [], "assumptions": None, "details": "",
                                   "appendix": []}
    return _template().render(words=words, version=__version__, **(defaults | parts))


def report_page(words: Words, **parts: object) -> str:
    """A page of only the given parts (the others empty): verify renders parts again."""
    return _page(words, **parts)
