"""report.html: one self-contained page (inline CSS and SVG, no scripts, no network) for a
planning committee. Pure: outcome or sweep tables in, HTML text out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from allocator import __version__
from allocator.campaigns.charts import calendar_figures
from allocator.campaigns.tables import activity_table
from allocator.optimize import Outcome
from allocator.report import charts, sweep_tables
from allocator.report import plan_tables as tables
from allocator.report.drivers import driver_note, driver_table, headline_lines
from allocator.report.formats import TableView, view
from allocator.report.language import Words
from allocator.report.summary import money, soft_lines

CONSTRAINT_ROWS = 400
"""Longer constraint tables show their binding rows first; constraints.csv has them all."""


@dataclass(frozen=True)
class Section:
    title: str
    table: TableView | None = None
    note: str = ""
    bullets: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Card:
    label: str
    value: str
    css: str = ""


@dataclass(frozen=True)
class Chart:
    id: str
    svg: Markup


def plan_report(outcome: Outcome, words: Words) -> str:
    """The report of a solved run: KPIs, charts and the tables behind them."""
    assert outcome.check is not None and outcome.objective is not None
    scenario, result = outcome.prepared.loaded.scenario, outcome.result
    tiers, offers = tables.tier_plan(outcome), tables.offer_summary(outcome)
    books, constraints = tables.rm_books(outcome), tables.constraint_table(outcome)
    caps = tables.portfolio_caps(outcome)
    migration = tables.tier_migration(outcome, words("new_customer"))
    status = words.term(result.status.value)
    cards = [
        Card(words("status"), status, f"status-{result.status.value}"),
        Card(words("expected_value"), money(outcome.objective)),
        Card(words("best_bound"), words("none") if result.bound is None else money(result.bound)),
        Card(words("gap"), words("unknown") if outcome.gap is None else f"{outcome.gap:.4%}"),
        Card(words.column("customers"), f"{int(tiers['customers'].sum()):,}"),
        Card(words.column("covered"), f"{int(tiers['covered'].sum()):,}"),
        Card(words.column("spend"), money(float(tiers["budget"].sum()))),
        Card(words.column("expected_loss"), money(float(tiers["expected_loss"].sum()))),
    ]
    figures = [
        ("tier-pyramid", charts.tier_pyramid(tiers, words)),
        ("value-components", charts.value_components(outcome.check.components, words)),
        ("budget", charts.budget_by_tier(tiers, words)),
        ("rm-utilization", charts.rm_utilization(books, words)),
        ("offer-volumes", charts.offer_volumes(offers, words)),
        ("tier-migration", charts.tier_migration(migration, words)),
    ]
    if len(caps):
        figures.insert(5, ("risk-caps", charts.risk_against_caps(caps, words)))
    if outcome.baselines is not None and len(outcome.baselines):
        figures.insert(1, ("baselines", charts.baselines(outcome.objective, outcome.baselines,
                                                         words)))
        cards += [Card(f"{words('uplift')}: {words.term(row.baseline)}", f"{row.uplift:+.1%}")
                  for row in outcome.baselines.itertuples()]
    figures += [(f"calibration-{fit.column}", charts.calibration(fit.column, fit.calibration,
                                                                 words))
                for fit in outcome.prepared.book.fits]
    sections = [
        *([Section(words("uplift"), view(outcome.baselines, words), note=words("uplift_note"))]
          if outcome.baselines is not None else []),
        Section(words("tiers"), view(tiers, words)),
        Section(words("offers"), view(offers, words)),
        Section(words("unit_worth"), view(tables.headline_prices(outcome, words), words)),
        Section(words("constraints"), view(_constraint_rows(constraints), words, "binding"),
                note=words("marginal_note")),
        Section(words("chart_migration"), view(migration.reset_index(), words)),
    ]
    calendar = scenario.calendar
    if calendar is not None:  # the campaign calendar's weeks, limits and activities
        activities = activity_table(calendar, outcome.prepared.book.offers,
                                    tables.offer_plan(outcome))
        figures += calendar_figures(activities, constraints, words)
        sections.insert(2, Section(words("calendar"), view(activities, words)))
    if outcome.prepared.book.fits:
        sections.append(Section(words("models"), view(tables.model_table(outcome), words)))
    soft = soft_lines(outcome, words)
    if soft:
        sections.append(Section(words("soft_gave"), bullets=soft))
    exclusions = [words("excluded_line", customers=row.customers, reason=words.term(row.reason),
                        effect=words.term(row.effect))
                  for row in outcome.prepared.book.exclusions.itertuples()]
    return _page(words, title=words("plan_title", scenario=scenario.name),
                 description=scenario.description, cards=cards,
                 opening=[driver_section(outcome, constraints, words)],
                 lines=[words("status_line", status=status, method=words.term(outcome.method),
                              solver=result.solver, version=result.version).replace("**", ""),
                        words("check_short"), f"{words('exclusions')}: " + "; ".join(exclusions)],
                 charts=[Chart(i, Markup(svg)) for i, svg in figures], sections=sections)


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
                 description=scenario.description,
                 cards=[Card(words("status"), words.term("infeasible"), "status-infeasible")],
                 lines=[words.diagnosis_intro(outcome.diagnosed_on)],
                 bullets=[words.shortfall(s) for s in outcome.diagnosis],
                 sections=[Section(words("diagnosis"), view(diagnosis, words),
                                   note=words("infeasible_advice").replace("`", ""))])


def sweep_report(scenario: str, table: pd.DataFrame, curve: pd.DataFrame | None,
                 words: Words, lines: list[str] | None = None) -> str:
    """The report of a sweep: the frontier chart (with each point's gap), its table with
    changes within tolerance labelled and the knee said in words, and every point's KPIs;
    `lines` say what tightening the gaps did."""
    figures, sections = [], []
    if curve is not None:
        key = str(curve.columns[0])
        knee = sweep_tables.knee_line(curve, words)
        figures.append(Chart("frontier", Markup(charts.frontier(curve, key, words))))
        sections.append(Section(words("frontier"), view(
            sweep_tables.frontier_shown(curve, words, full=True), words, "knee"),
            note=f"{words('within_note')} {words('knee_definition')}",
            bullets=[knee] if knee else []))
    sections.append(Section(words("sweep_points"), view(sweep_tables.sweep_shown(
        table, sweep_tables.REPORT_EXTRA), words), bullets=lines or []))
    return _page(words, title=words("sweep_title", scenario=scenario), charts=figures,
                 sections=sections)


def _constraint_rows(constraints: pd.DataFrame) -> pd.DataFrame:
    """Binding rows first when the table is too long to show whole; the steps measured are
    told where the page opens, and stay in constraints.csv."""
    shown = constraints.drop(columns=[c for c in constraints if c.startswith("step_")
                                      or c == "identity"])
    if len(shown) <= CONSTRAINT_ROWS:
        return shown
    order = np.argsort(~shown["binding"].to_numpy(dtype=bool), kind="stable")
    return shown.iloc[np.sort(order[:CONSTRAINT_ROWS])]


@cache
def _template() -> Template:
    environment = Environment(loader=PackageLoader("allocator", "report/templates"),
                              autoescape=select_autoescape(["html", "j2"]),
                              trim_blocks=True, lstrip_blocks=True)
    return environment.get_template("report.html.j2")


def _page(words: Words, **parts: object) -> str:
    defaults: dict[str, object] = {"description": "", "cards": [], "lines": [], "bullets": [],
                                   "charts": [], "sections": [], "opening": []}
    return _template().render(words=words, version=__version__, **(defaults | parts))
