"""report.html: one self-contained page (inline CSS and SVG, no scripts, no network) for a
planning committee: its parts, the page of a run without a plan and of a sweep. Pure: tables in,
HTML text out; a solved run's page is report/plan_page.py's."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cache

import pandas as pd
from jinja2 import Environment, PackageLoader, Template, select_autoescape
from markupsafe import Markup

from allocator import __version__
from allocator.optimize import Outcome
from allocator.report import sweep_tables
from allocator.report.formats import Row, TableView, view
from allocator.report.language import Words


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


def infeasible_report(outcome: Outcome, words: Words) -> str:
    """The report of a run with no plan: what must give, and by how much."""
    scenario = outcome.prepared.loaded.scenario
    diagnosis = pd.DataFrame(
        [(s.constraint, s.whole, s.limit, s.rows) for s in outcome.diagnosis],
        columns=["constraint", "shortfall", "limit", "rows"])
    return _page(words, title=words("infeasible_title", scenario=scenario.name),
                 description=scenario.described(words.language),
                 cards=[Card(words("status"), words.term("infeasible"), "status-infeasible")],
                 lines=[words.diagnosis_intro(outcome.diagnosed_on)],
                 bullets=[words.shortfall(s, outcome.diagnosed_on) for s in outcome.diagnosis],
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
        from allocator.report import sweep_charts  # matplotlib: when drawn

        key = str(curve.columns[0])
        knee = sweep_tables.knee_line(curve, words)
        figures.append(Chart("frontier", Markup(sweep_charts.frontier(curve, key, words,
                                                                      currency))))
        shown = sweep_tables.frontier_shown(curve, words, full=True, currency=currency)
        note = words.sep("sentence").join((words("within_note"), words("knee_definition")))
        sections += in_parts(Section(words("frontier"), note=note, bullets=[knee] if knee
                                     else []), shown, words, "knee")
    sections += in_parts(Section(words("sweep_points"), bullets=lines or []),
                         sweep_tables.sweep_shown(table, words, sweep_tables.REPORT_EXTRA),
                         words)
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
                                   "appendix": [], "version": __version__}
    return _template().render(words=words, **(defaults | parts))


def report_page(words: Words, **parts: object) -> str:
    """A page of the given parts (the others empty; `version`: the allocator that wrote the
    run, this one by default)."""
    return _page(words, **parts)
