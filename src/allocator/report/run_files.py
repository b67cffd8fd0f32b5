"""What goes into a run folder, and the manifest that describes it."""

from __future__ import annotations

from dataclasses import asdict
from functools import partial
from typing import Any

import pandas as pd

from allocator.book.book import Book
from allocator.campaigns.calendar_tables import activity_table, contact_sheet
from allocator.headcount import net_of_cost
from allocator.optimize import Outcome
from allocator.report import plan_tables as tables
from allocator.report.drivers import plans_rms
from allocator.report.html import infeasible_report
from allocator.report.language import Words
from allocator.report.naming import scenario_words
from allocator.report.page_facts import PageFacts
from allocator.report.plan_page import page_of, plan_page
from allocator.report.renderer import RENDERER, renderer_fingerprint
from allocator.report.summary import facts_of, infeasible_summary, summary_text
from allocator.report.summary_facts import SUMMARY, SummaryFacts, summary_record
from allocator.report.workbook import SHEET_ROWS, write_workbook
from allocator.report.workbook_sheets import summary_sheet_of, workbook_sheets
from allocator.run_contents import CSV_PLAN_LIMIT
from allocator.run_label import created_now
from allocator.runs import (
    FORMAT,
    FORMAT_VERSION,
    Writer,
    book_columns,
    csv_writer,
    file_sha256,
    json_copy,
    json_writer,
    parquet_writer,
    rendered_writer,
    run_digest,
    text_writer,
    versions,
)
from allocator.sensitivity import Step, unmeasured_reason


def input_hashes(outcome: Outcome) -> dict[str, str]:
    """Each input file's hash; for a table read from a server (no file), its rows' hash."""
    book = outcome.prepared.book
    return ({role: table.rows_sha256 for role, table in book.queried.items()}
            | {role: file_sha256(path) for role, path in book.inputs.items()})


def digest_of(outcome: Outcome) -> str:
    return run_digest(outcome.prepared.loaded.resolved(), input_hashes(outcome))


def plan_files(outcome: Outcome) -> dict[str, Writer]:
    """Every file of a solved run."""
    words = scenario_words(outcome.prepared.loaded.scenario)
    customers = tables.customer_plan(outcome)
    constraints = tables.constraint_table(outcome)
    files: dict[str, Writer] = {"customer_plan.parquet": parquet_writer(customers)}
    if len(customers) <= CSV_PLAN_LIMIT:
        files["customer_plan.csv"] = csv_writer(words.plan_copy(customers))
    page = page_facts_of(outcome, tables.tier_plan(outcome), tables.rm_books(outcome),
                         tables.offer_summary(outcome), constraints, words)
    sheets = workbook_sheets(page, customers, words)
    if page.activities is not None:  # the campaign calendar: one row per activity
        files["calendar.csv"] = csv_writer(page.activities)
    files |= {
        "offer_plan.csv": csv_writer(tables.offer_plan(outcome)),
        "plan.xlsx": lambda path: write_workbook(path, sheets, words),
        **({"baselines.csv": csv_writer(outcome.baselines)}
           if outcome.baselines is not None else {}),
        **input_files(outcome),
        **page_files(page, words),
    }
    return files


def plan_tables_files(outcome: Outcome, tiers: pd.DataFrame, books: pd.DataFrame,
                      offers: pd.DataFrame, constraints: pd.DataFrame, words: Words,
                      created: str | None = None) -> dict[str, Writer]:
    """The files of every solved run, of a whole book or of one in parts: the tables of its
    tiers, RM books, offers and limits, summary.md, report.html and the manifest."""
    return page_files(page_facts_of(outcome, tiers, books, offers, constraints, words, created),
                      words)


def page_facts_of(outcome: Outcome, tiers: pd.DataFrame, books: pd.DataFrame,
                  offers: pd.DataFrame, constraints: pd.DataFrame, words: Words,
                  created: str | None = None) -> PageFacts:
    """What the run folder holds for its reports: the manifest (as JSON reads it back) and
    the tables."""
    created = created or created_now()
    record = json_copy(manifest(outcome, created))
    return page_facts(outcome, facts_of(outcome, tiers, offers, constraints, record), books,
                      words)


def page_files(page: PageFacts, words: Words) -> dict[str, Writer]:
    """The tables of tiers, RM books, offers and limits, summary.md, report.html and the
    manifest, each written from the run folder's facts."""
    facts = page.facts
    return {
        "rm_books.csv": csv_writer(page.books),
        "tier_summary.csv": csv_writer(facts.tiers),
        "offer_summary.csv": csv_writer(facts.offers),
        "constraints.csv": csv_writer(facts.constraints),
        "summary.md": rendered_writer(partial(summary_text, facts, words)),
        "report.html": rendered_writer(partial(plan_page, page, words)),
        "manifest.json": json_writer(dict(facts.record)),
    }


def page_facts(outcome: Outcome, facts: SummaryFacts, books: pd.DataFrame, words: Words
               ) -> PageFacts:
    """What report.html shows: summary.md's facts, the RM books, the tier migration and the
    campaign calendar's activities."""
    scenario, offers = outcome.prepared.loaded.scenario, outcome.prepared.book.offers
    migration = tables.tier_migration(outcome, words("new_customer"))
    if scenario.calendar is None:
        return PageFacts(facts, books, migration)
    made = tables.offer_plan(outcome)
    return PageFacts(facts, books, migration, activity_table(scenario.calendar, offers, made),
                     contact_sheet(scenario.calendar, offers, made, SHEET_ROWS))


def infeasible_files(outcome: Outcome) -> dict[str, Writer]:
    """The files of a run that found no plan: its diagnosis and manifest."""
    words = scenario_words(outcome.prepared.loaded.scenario)
    diagnosis = pd.DataFrame(
        [(s.constraint, s.family, s.whole, s.limit, s.rows, "|".join(s.labels[:50]))
         for s in outcome.diagnosis],
        columns=["constraint", "family", "shortfall", "limit", "rows", "labels"])
    return {
        "summary.md": text_writer(infeasible_summary(outcome, words)),
        "report.html": text_writer(infeasible_report(outcome, words)),
        "diagnosis.csv": csv_writer(diagnosis),
        "manifest.json": json_writer(manifest(outcome)),
    }


def input_files(outcome: Outcome) -> dict[str, Writer]:
    """The tiered book, RMs, offers and fit scores the plan was made from (for verify)."""
    book = outcome.prepared.book
    extra = sorted({col for o in book.offers.values() for col in o.customer_columns})
    return {
        "inputs/customers.parquet": parquet_writer(
            book_columns(outcome.prepared.tiering.customers, extra)),
        **rm_and_offer_files(outcome),
        "inputs/fit_scores.csv": csv_writer(book.fit_scores),
    }


def rm_and_offer_files(outcome: Outcome) -> dict[str, Writer]:
    """The RMs and offers the plan was made from (a book in parts keeps its customers in its
    part files)."""
    book = outcome.prepared.book
    return {"inputs/rms.csv": csv_writer(book.rms),
            "inputs/offers.json": json_writer({k: v.model_dump(mode="json")
                                               for k, v in book.offers.items()})}


def _steps(outcome: Outcome) -> dict[str, Any] | None:
    """How many steps were measured by re-solving, how many of those re-solves stopped on
    their time limit before proving their gap (their figures then depend on the clock:
    `stopped_on` "time_limit", else "count"), and on the decomposition path the time they were
    given in all and the time they took."""
    known = outcome.sensitivity
    if known is None or (known.priced_by != "lp" and known.steps_time_limit is None):
        return None
    stopped = sum(not step.proven for step in known.steps)
    steps: dict[str, Any] = {"measured": len(known.steps), "stopped_on_time_limit": stopped,
                             "stopped_on": "time_limit" if stopped else "count",
                             "each": [_step_record(step) for step in known.steps]}
    if known.steps_time_limit is not None:  # the run's time limit, which they shared
        steps["time_limit"] = known.steps_time_limit
    if known.steps_given is not None:  # what it had left them
        steps["time_given"] = known.steps_given
    if known.steps_seconds is not None:  # and the time they took
        steps["seconds"] = known.steps_seconds
    return steps


def _step_record(step: Step) -> dict[str, Any]:
    """One step: the limit moved, and what stopped its re-solve: the clock ("time_limit",
    its figures then depend on the machine) or its counts and proofs ("count"); whether its
    change is measured, and why not (sensitivity.UNMEASURED)."""
    return {"constraint": step.constraint, "label": step.label, "moved_to": step.moved_to,
            "stopped_on": "count" if step.proven else "time_limit",
            "change_known": step.change_known, "not_measured": unmeasured_reason(step)}


def _inputs(book: Book) -> dict[str, dict[str, object]]:
    """Each input file's path and hash; a CSV's also the codec it was read with; a table read
    by a query, where from, the query, its rows and their hash (allocator.book.queried)."""
    found: dict[str, dict[str, object]] = {
        role: {"path": str(path), "sha256": file_sha256(path)}
        for role, path in book.inputs.items()}
    for role, (_, codec) in book.encodings.items():
        if role in found:
            found[role]["encoding"] = codec
    for role, table in book.queried.items():
        found[role] = found.get(role, {}) | table.describe(role)
    return found


def manifest(outcome: Outcome, created: str | None = None) -> dict[str, Any]:
    loaded, result = outcome.prepared.loaded, outcome.result
    return {
        FORMAT: FORMAT_VERSION,
        "scenario": loaded.scenario.name,
        "label": loaded.scenario.output.label, "note": loaded.scenario.output.note,
        "currency": loaded.scenario.objective.currency,
        "scenario_files": [str(p) for p in loaded.files],
        "applied": list(loaded.applied),
        "created": created or created_now(),
        "inputs": _inputs(outcome.prepared.book),
        "versions": versions() | {result.solver: result.version},
        RENDERER: renderer_fingerprint(),
        "solver": {
            "method": outcome.method, "backend": result.solver,
            "status": result.status.value, "message": result.message,
            "objective": outcome.objective, "bound": result.bound, "gap": outcome.gap,
            "stopped_on": result.stopped_on,
            "solver_seconds": round(result.seconds, 3),
            "time_limit": loaded.scenario.solver.time_limit,
            "relative_gap_target": loaded.scenario.solver.gap,
            "threads": loaded.scenario.solver.threads, "seed": loaded.scenario.solver.seed,
            "warm_started": outcome.warm_started,
        },
        "problem": _size(outcome),
        "kept_base": None if outcome.kept is None else asdict(outcome.kept),
        "steps": _steps(outcome),
        "components": outcome.check.components if outcome.check else None,
        "kpis": _kpis(outcome),
        "baselines": (None if outcome.baselines is None
                      else outcome.baselines.to_dict(orient="records")),
        "models": [fit.describe() for fit in outcome.prepared.book.fits],
        "exclusions": exclusions_told(outcome),
        "diagnosis": [s.describe() for s in outcome.diagnosis],
        "diagnosed_on": (None if outcome.diagnosed_on is None
                         else outcome.diagnosed_on.describe()),
        "timings": outcome.timings,
        "attempts": (None if outcome.attempts is None
                     else outcome.attempts.describe(len(outcome.prepared.valued.customers))),
        SUMMARY: summary_record(outcome),
        "resolved_scenario": loaded.resolved(),
    }



def _size(outcome: Outcome) -> dict[str, int]:
    if outcome.parts is not None:
        return outcome.parts.sizes | {"package_options": outcome.decisions.layout.n_s}
    layout = outcome.decisions.layout
    size = {"rm_pairs": layout.n_x, "offer_pairs": layout.n_y, "package_options": layout.n_s}
    if outcome.problem is not None:
        size |= {"rows": outcome.problem.n_rows, "columns": outcome.problem.n_cols,
                 "nonzeros": int(outcome.problem.matrix.nnz)}
    return size


NO_RM_EFFECTS = {"kept for RM coverage, no offers": "kept in the plan, no offers"}
"""A rule's effect as a book without RMs tells it."""


def exclusions_told(outcome: Outcome) -> list[dict[str, Any]]:
    """The customers each rule leaves out and what it does to them; in a book without RMs,
    with no word of RM coverage."""
    rows = outcome.prepared.book.exclusions.to_dict(orient="records")
    if plans_rms(outcome.prepared.valued.rms, outcome.prepared.loaded.scenario):
        return rows
    return [{**row, "effect": NO_RM_EFFECTS.get(str(row["effect"]), row["effect"])}
            for row in rows]


def _kpis(outcome: Outcome) -> dict[str, float | None] | None:
    if outcome.plan is None:
        return None
    tiers = tables.tier_plan(outcome)
    prepared = outcome.prepared
    return {"customers": int(tiers["customers"].sum()), "covered": int(tiers["covered"].sum()),
            "spend": float(tiers["budget"].sum()),
            "expected_loss": float(tiers["expected_loss"].sum()),
            "rms": len(prepared.book.rms)} | net_of_cost(
        prepared.book.rms, prepared.loaded.scenario, outcome.objective, outcome.result.bound)


def summary_sheet(outcome: Outcome, words: Words) -> pd.DataFrame:
    """plan.xlsx's summary sheet of a solved run."""
    return summary_sheet_of(page_of(outcome, words).facts, words)
