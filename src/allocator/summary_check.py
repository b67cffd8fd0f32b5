"""summary.md's figures against the manifest's. Every line of summary.md that quotes a figure
the manifest holds (the expected value, the best bound, the gap and its target, the status and
the path, the value's parts, the customers and those covered, the RM cost and the value net of
it, the customers left out by rule) is written again from the manifest with the run's own words
and compared, wherever summary.md states it: the decision's lines and the result's alike, in
the run's language. A line is found by its words before its first figure; a line of a kind
summary.md must hold is named when it is gone. Its tiers and offers tables are written again
from the tables they show, as the plan gives them (table_check). Last, summary.md is written
again, whole, from the folder alone (report/summary_facts.py: the manifest and the tables as
the plan gives them) and compared line by line, which holds every other line a reader relies
on: the uplift over today's books, what to watch, what drives the plan, the assumptions."""

from __future__ import annotations

import math
import string
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import zip_longest
from pathlib import Path
from typing import Any

import pandas as pd

from allocator import columns as c
from allocator.checks import CheckReport, PlanInputs
from allocator.errors import catalogued, cut
from allocator.report.cell_texts import percent_text, status_text
from allocator.report.forced_losses import ForcedLoss, forced_losses
from allocator.report.formats import view
from allocator.report.language import Words
from allocator.report.markdown_text import markdown_table
from allocator.report.paper import amount
from allocator.report.summary import money, rm_cost_fields, summary_text
from allocator.report.summary_facts import SUMMARY, SummaryFacts
from allocator.run_folder import read_manifest


@dataclass(frozen=True)
class Quoted:
    """A line summary.md shows, as the manifest's figures write it."""

    head: str
    """The line's words before its first figure, which find it."""
    text: str
    """The line as it should read: whole, or its start where `whole` is False."""
    figures: str
    """The manifest's figures it quotes, for the message."""
    whole: bool = True
    required: bool = True
    marker: str = ""
    """Words the line holds after its first figure, where none come before it (Chinese
    '{rms} 名客户经理在规划期内的成本'), which then find it."""
    former: str = ""
    """The line as a run written before said it, also accepted ("optimal" where the gap was
    not zero: cell_texts.status_text)."""

    def finds(self, text: str) -> bool:
        return text.startswith(self.head) and self.marker in text


def summary_md_difference(folder: Path, words: Words) -> str | None:
    """The first line of summary.md that differs from the manifest's figures, or the line of
    a figure it lacks; None when every quoted figure agrees."""
    path = folder / "summary.md"
    manifest = read_manifest(folder)
    solver = manifest.get("solver")
    if not path.is_file() or not isinstance(solver, dict) or _number(
            solver.get("objective")) is None:
        return None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return _first_difference(lines, quoted_lines(manifest, words), words)


SUMMARY_TABLES = {"tiers": "tier_summary.csv", "offers": "offer_summary.csv"}
"""summary.md's sections that show a table of the run folder: each customers, covered,
budget, spend, loss and value per tier, and each offer's count, cost, sales and value."""


def summary_tables_difference(folder: Path, words: Words, tables: Mapping[str, pd.DataFrame]
                              ) -> str | None:
    """The first row of summary.md's tiers or offers table that differs from the table it
    shows (`tables`, by file name: as the plan gives it), written again with the same
    words."""
    path = folder / "summary.md"
    if not path.is_file():
        return None
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for section, name in SUMMARY_TABLES.items():
        if name not in tables:
            continue
        title = f"## {words(section)}"
        start = next((n for n, line in enumerate(lines) if line == title), None)
        want = markdown_table(view(tables[name], words)).splitlines()
        if start is None:
            return _said(words, "summary_lacks_table", head=title, table=name)
        shown = lines[start + 2:start + 2 + len(want)]
        for number, (found, row) in enumerate(zip_longest(shown, want, fillvalue=""),
                                              start=start + 3):
            if found != row:
                return _said(words, "summary_table_differs", line=number,
                             found=cut(found, 200), table=name, want=cut(row, 200))
    return None


REWRITTEN_FROM = ("tier_summary.csv", "offer_summary.csv", "constraints.csv", "offer_plan.csv")
"""The tables summary.md is written again from (as the plan gives them), beside the manifest
and the saved RMs."""


@dataclass(frozen=True)
class Folder:
    """A run folder of a whole book as verify reads it: its saved inputs, its Parquet plan,
    the checker's report on that plan, and its tables (by file name: as the plan gives them)."""

    path: Path
    inputs: PlanInputs
    plan: pd.DataFrame
    report: CheckReport
    tables: Mapping[str, pd.DataFrame]


def summary_rewritten_difference(folder: Folder, words: Words) -> str | None:
    """The first line of summary.md that differs from summary.md written again, in the run's
    language, from the folder alone: its manifest (with its `summary` record) and its tables;
    None where they agree, where the run is older than that record, or where the manifest's
    value is no number (the check of the objective names it)."""
    path = folder.path / "summary.md"
    manifest = read_manifest(folder.path)
    if (not path.is_file() or not isinstance(manifest.get(SUMMARY), dict)
            or _number(manifest["solver"].get("objective")) is None
            or not all(name in folder.tables for name in REWRITTEN_FROM)):
        return None
    try:
        wanted = summary_text(folder_facts(manifest, folder), words).splitlines()
    except (KeyError, TypeError, ValueError, AttributeError):
        return _said(words, "summary_unwritten", record=SUMMARY)
    found = path.read_text(encoding="utf-8", errors="replace").splitlines()
    for number, (have, want) in enumerate(zip_longest(found, wanted), start=1):
        if have == want:
            continue
        if have is None:
            return _said(words, "summary_rewritten_short", line=number - 1, want=cut(want, 200))
        if want is None:
            return _said(words, "summary_rewritten_long", line=number, found=cut(have, 200))
        return _said(words, "summary_rewritten_differs", line=number, found=cut(have, 200),
                     want=cut(want, 200))
    return None


def folder_facts(manifest: Mapping[str, Any], folder: Folder) -> SummaryFacts:
    """What summary.md says, from the run folder: the manifest, the saved scenario and RMs,
    the tables as the plan gives them, the offers made at a loss and the soft limits broken
    (as the checker finds them)."""
    tables, report = folder.tables, folder.report
    tiers = tables["tier_summary.csv"]
    tiers = tiers.assign(package=tiers["package"].astype(object).where(
        tiers["package"].notna(), None))
    constraints = tables["constraints.csv"]
    rms = folder.inputs.rms
    rms = rms.assign(**{name: rms[name].astype(str) for name in (c.RM_ID, c.GRADE, c.REGION)})
    losses: list[ForcedLoss] = []
    if manifest[SUMMARY].get("losses"):
        plan = folder.plan
        tier_of = pd.Series(plan[c.TIER].astype(str).to_numpy(),
                            index=plan[c.CUSTOMER_ID].astype(str).to_numpy())
        tier_of = tier_of[~tier_of.index.duplicated()]  # a broken plan may list one twice
        made = tables["offer_plan.csv"]
        made = made.assign(**{c.CUSTOMER_ID: made[c.CUSTOMER_ID].astype(str)})
        losses = forced_losses(made, tier_of, constraints)
    return SummaryFacts(folder.inputs.scenario, manifest, tiers, tables["offer_summary.csv"],
                        constraints, rms, tuple(losses),
                        tuple(v for v in report.violations if v.soft), report.constraints)


def quoted_lines(manifest: Mapping[str, Any], words: Words) -> list[Quoted]:
    """The lines of summary.md the manifest's figures write."""
    solver, kpis = manifest["solver"], manifest.get("kpis") or {}
    target = _number(_resolved(manifest, "solver").get("gap"))
    found = [*_value_lines(manifest, solver, words), _status_line(solver, target, words),
             *_parts_lines(manifest.get("components"), words, str(manifest.get("currency"))),
             _coverage_line(kpis, words), _rm_cost_line(kpis, _resolved(manifest, "objective"),
                                                        words),
             _excluded_line(manifest.get("exclusions"), words)]
    return [line for line in found if line is not None]


def _first_difference(lines: list[str], quoted: list[Quoted], words: Words) -> str | None:
    for line in quoted:
        found = [(n, text) for n, text in enumerate(lines, start=1)
                 if _owner(text, quoted) is line]
        if not found and line.required:
            return _said(words, "summary_lacks_line", head=line.head.strip(" -*"),
                         figures=line.figures, want=cut(line.text, 200))
        for number, text in found:
            if not any(text == want if line.whole else text.startswith(want)
                       for want in (line.text, line.former) if want):
                return _said(words, "summary_line_differs", line=number,
                             found=cut(text.strip(), 200), figures=line.figures,
                             want=cut(line.text.strip(), 200))
    return None


def _owner(text: str, quoted: list[Quoted]) -> Quoted | None:
    """The kind of line `text` is: the one whose head it starts with, the longest head of
    those (the result's '- Expected value of the plan:' over the decision's '- Expected
    value')."""
    heads = [line for line in quoted if line.finds(text)]
    return max(heads, key=lambda line: len(line.head) + len(line.marker)) if heads else None


def _value_lines(manifest: Mapping[str, Any], solver: Mapping[str, Any], words: Words
                 ) -> list[Quoted]:
    """The decision's line of the value, its proof and gap; the result's lines of the value,
    and of the bound, the gap and its target."""
    value, bound, gap = (_number(solver.get(key)) for key in ("objective", "bound", "gap"))
    assert value is not None
    target = _number(_resolved(manifest, "solver").get("gap"))
    status = _status(solver, target, words)
    fields = {"value": amount(value), "currency": manifest.get("currency"), "status": status}
    key = "worth_unproven" if bound is None or gap is None else "worth_line"
    if key == "worth_line":
        fields |= {"bound": amount(bound or 0.0), "gap": percent_text(gap or 0.0)}
    colon, currency = words.sep("colon"), str(manifest.get("currency"))
    bound_line = (f"- {words('best_bound')}{colon}"
                  f"{words('none') if bound is None else money(bound) + ' ' + currency}"
                  f"{words.sep('list')}"
                  f"{words('gap')} {words('unknown') if gap is None else percent_text(gap)}")
    if target is not None:
        bound_line += (f"{words.sep('open')}{words('gap_target', target=percent_text(target))}"
                       f"{words.sep('close')}")
    expected = f"- {words('expected_value')}{colon}"
    return [Quoted(_head(words, key), "- " + words(key, **fields),
                   "objective, bound, gap, status",
                   former="- " + words(key, **fields | {"status": words.term(
                       solver.get("status"))})),
            Quoted(expected, f"{expected}**{money(value)}** {manifest.get('currency')}",
                   "objective, currency"),
            Quoted(f"- {words('best_bound')}{colon}", bound_line, "bound, gap",
                   whole=target is not None)]


def _status_line(solver: Mapping[str, Any], target: float | None, words: Words) -> Quoted:
    """The result's status and path (the solver's version is not checked)."""
    known = {"status": _status(solver, target, words), "method": words.term(
        solver.get("method")), "solver": solver.get("backend")}
    former = known | {"status": words.term(solver.get("status"))}
    return Quoted(_head(words, "status_line"), "- " + _rendered_until(words, "status_line",
                                                                      known),
                  "status, method, backend", whole=False,
                  former="- " + _rendered_until(words, "status_line", former))


def _status(solver: Mapping[str, Any], target: float | None, words: Words) -> str:
    """The run's status as its pages say it (cell_texts.status_text)."""
    return status_text(str(solver.get("status")), _number(solver.get("gap")), target or 0.0,
                       words)


def _parts_lines(components: object, words: Words, currency: str) -> list[Quoted]:
    """The decision's and the result's lines of what the value is made of."""
    if not isinstance(components, Mapping):
        return []
    parts = {words.term(name): _number(value) or 0.0 for name, value in components.items()}
    items = words.sep("clause").join(words("worth_item", part=name, amount=amount(value))
                                     for name, value in parts.items())
    listed = f"- {words('value_by_component')}{words.sep('colon')}"
    return [Quoted(_head(words, "worth_parts"), "- " + words("worth_parts", items=items),
                   "components"),
            Quoted(listed, listed + words.sep("clause").join(
                f"{name} {money(value)} {currency}" for name, value in parts.items()),
                "components, currency")]


def _coverage_line(kpis: Mapping[str, Any], words: Words) -> Quoted | None:
    """The decision's count of customers and of those with an RM (its tiers' counts are
    tier_summary.csv's, checked against the plan)."""
    customers, covered = _number(kpis.get("customers")), _number(kpis.get("covered"))
    if customers is None or covered is None:
        return None
    known = {"customers": int(customers), "covered": int(covered)}
    return Quoted(_head(words, "coverage_line"),
                  "- " + _rendered_until(words, "coverage_line", known),
                  "kpis.customers, kpis.covered", whole=False, required=False)


def _rm_cost_line(kpis: Mapping[str, Any], objective: Mapping[str, Any], words: Words
                  ) -> Quoted | None:
    cost, net, rms = (_number(kpis.get(key)) for key in ("rm_cost", "net_value", "rms"))
    if cost is None or net is None or rms is None:
        return None
    fields = rm_cost_fields(kpis, objective)
    literals = [literal for literal, *_ in string.Formatter().parse(
        words.unfilled("rm_cost_line", fields))]
    return Quoted(_head(words, "rm_cost_line"), "- " + words("rm_cost_line", **fields),
        "kpis.rms, kpis.rm_cost, kpis.net_value", required=False,
        marker=max(literals, key=len))


def _excluded_line(exclusions: object, words: Words) -> Quoted | None:
    if not isinstance(exclusions, list) or not all(isinstance(e, dict) for e in exclusions):
        return None
    head = f"- {words('exclusions')}{words.sep('colon')}"
    return Quoted(head, head + words.sep("list").join(
        words("excluded_line", customers=int(row.get("customers") or 0),
              reason=words.term(row.get("reason")), effect=words.term(row.get("effect")))
        for row in exclusions), "exclusions")


def _head(words: Words, key: str) -> str:
    """A bullet line of catalogue message `key` up to its first field."""
    return "- " + _rendered_until(words, key, {})


def _rendered_until(words: Words, key: str, known: Mapping[str, object]) -> str:
    """Catalogue message `key` in the run's language, written up to its first field not in
    `known`."""
    out = []
    for literal, name, spec, _ in string.Formatter().parse(words.unfilled(key, known)):
        out.append(literal)
        if name is None:
            continue
        if name not in known:
            break
        out.append(format(known[name], spec or ""))
    return "".join(out)


def _resolved(manifest: Mapping[str, Any], section: str) -> Mapping[str, Any]:
    resolved = manifest.get("resolved_scenario")
    found = resolved.get(section) if isinstance(resolved, Mapping) else None
    return found if isinstance(found, Mapping) else {}


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return None
    return float(value)


def _said(words: Words, key: str, **fields: object) -> str:
    english, chinese = catalogued(key, **fields)
    return chinese if words.language == "zh" else english
