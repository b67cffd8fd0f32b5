"""A run of a book in parts: read, tier, value and price each Parquet file of the customer table
where the runner puts it (a Dask worker, or this process), solve over the parts, check the plan
part by part, and write the run folder. The workers write the customer and offer plans as
partitioned Parquet (customer_plan/part-00000.parquet, ...); the tables of tiers, RM books,
offers and constraints are the parts' added up. Only those tables, totals and multipliers
come back here, never the book or the plan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from functools import reduce
from pathlib import Path

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.backends.base import SolveResult, Status
from allocator.book.book import Book
from allocator.checks import CheckReport
from allocator.decomposition.coupling import row_prices
from allocator.decomposition.decomposed import LP_SOLVER, LP_VERSION
from allocator.decomposition.parts.book import (
    BookPart,
    PlannedInParts,
    book_sample,
    check_in_parts,
    packages_plan,
    part_count,
    read_parts,
    solve_parts,
)
from allocator.decomposition.parts.priced import parts_sensitivity
from allocator.decomposition.parts.search import InParts, Runner
from allocator.decomposition.parts.summed_tables import PartsTables, added_up
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.search.multipliers import Progress, Settings, disproof
from allocator.diagnosis import WHOLE_BOOK, diagnose_sample
from allocator.errors import InfeasibleError, NoPlanError, UserError
from allocator.method_choice import solve_options
from allocator.no_plan import no_plan_message, rejected_plan
from allocator.outcome import Outcome, PlanCheckError
from allocator.plan import Plan
from allocator.preparation import Prepared, lap
from allocator.problem import decisions_of
from allocator.report import plan_tables as tables
from allocator.report.naming import scenario_words
from allocator.report.run_files import (
    infeasible_files,
    input_hashes,
    plan_tables_files,
    rm_and_offer_files,
)
from allocator.runs import (
    PART_FILE,
    Writer,
    book_columns,
    run_digest,
    write_run,
)
from allocator.scenario import LoadedScenario
from allocator.scenario.schema import Scenario
from allocator.sensitivity import as_held
from allocator.tiering import NEW, TieringResult


@dataclass(frozen=True)
class _PartFacts:
    """What a part sends back for any run folder, to be added up: its exclusions, tier
    migrations, stage timings and pairs; its input files and scenario (the same in every
    part)."""

    exclusions: pd.DataFrame
    migration: pd.DataFrame
    timings: dict[str, float]
    sizes: dict[str, int]
    inputs: dict[str, Path]
    loaded: LoadedScenario


@dataclass(frozen=True)
class _PartReport:
    """What a part with a plan sends back: its facts and its plan's tables."""

    tables: PartsTables
    facts: _PartFacts


def planned_in_parts(scenario: Scenario) -> bool:
    """Whether the scenario's book is planned in parts (execution.book)."""
    mode = scenario.execution.book
    if mode == "auto":
        return (scenario.execution.engine == "dask" and scenario.solver.method != "exact"
                and part_count(scenario) > 1)
    if mode == "parts" and scenario.solver.method == "exact":
        raise UserError.said("parts_need_decomposition")
    return mode == "parts"


def run_in_parts(loaded: LoadedScenario, root: Path, runner: Runner,
                 progress: Progress | None = None) -> tuple[Outcome, Path]:
    """Plan the book in parts, check it, and write the run folder."""
    spec = loaded.scenario
    settings = Settings(time_limit=spec.solver.time_limit, gap=spec.solver.gap,
                        seed=spec.solver.seed)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    ends_at = start + spec.solver.time_limit  # what the steps may take: the run's time left
    books = read_parts(runner, loaded, settings)
    timings["read, tier, value"], start = lap(start), time.perf_counter()
    planned = solve_parts(runner, books, spec, settings, progress)
    timings["solve"], start = lap(start), time.perf_counter()
    best = planned.solved.best
    if best is None:
        return _diagnosed(loaded, root, runner, planned, timings)
    check = check_in_parts(runner, planned)
    timings["check"] = lap(start)
    if not check.ok:
        raise PlanCheckError(*rejected_plan("parts_plan_rejected", spec,
                                            check.hard_violations[:5], False,
                                            scenario=spec.name))
    reports = runner.gather([runner.submit(_part_report, b, p)
                             for b, p in zip(books, best.plans, strict=True)])
    outcome = _outcome(loaded, planned, check, reports, timings)
    start = time.perf_counter()
    priced = parts_sensitivity(runner, planned, spec, ends_at)
    prices, sensitivity = as_held({**(outcome.prices or {}), **priced.prices},
                                  priced.sensitivity, check.constraints)
    outcome = replace(outcome, prices=prices, sensitivity=sensitivity,
                      timings=outcome.timings | {"prices": lap(start)})
    return outcome, _written(root, outcome, _files(outcome, runner, planned))


def _diagnosed(loaded: LoadedScenario, root: Path, runner: Runner, planned: PlannedInParts,
               timings: dict[str, float]) -> tuple[Outcome, Path]:
    """A book in parts proven to have no plan: the run folder says what must give, from the
    elastic LP of a sample gathered from the parts (the whole book up to WHOLE_BOOK
    customers). A search that ended without plan or proof, or a diagnosis that finds nothing
    to give, is an error."""
    spec, solved = loaded.scenario, planned.solved
    prices = row_prices(solved.families, solved.multipliers)
    if not solved.disproved:
        result = SolveResult(Status.NO_SOLUTION, None, None, solved.bound, LP_SOLVER,
                             LP_VERSION, timings["solve"])
        raise NoPlanError(*no_plan_message(spec, result, None, prices))
    result = SolveResult(Status.INFEASIBLE, None, None, solved.bound, LP_SOLVER, LP_VERSION,
                         timings["solve"], disproof(solved.bound, solved.floor))
    start = time.perf_counter()
    sample, scaled, share = book_sample(runner, planned.books, planned.packages,
                                        planned.customers_per_tier, spec, WHOLE_BOOK)
    shortfalls, basis = diagnose_sample(sample, scaled, share, solve_options(spec))
    timings["diagnose"] = lap(start)
    if not shortfalls:
        raise InfeasibleError(*no_plan_message(spec, result, basis, prices))
    facts = runner.gather([runner.submit(_part_facts, b) for b in planned.books])
    empty = pd.DataFrame()  # no plan, so no tables
    outcome = Outcome(_prepared(planned, facts),
                      decisions_of(replace(planned.shape, packages=planned.packages)), result,
                      "decomposition", prices=prices,
                      diagnosis=tuple(shortfalls), diagnosed_on=basis,
                      timings=timings | _slowest(facts),
                      parts=PartsTables(empty, empty, empty, _sizes(facts)))
    return outcome, _written(root, outcome, infeasible_files(outcome))


def _written(root: Path, outcome: Outcome, files: dict[str, Writer]) -> Path:
    """The run folder, written atomically under `root`."""
    loaded = outcome.prepared.loaded
    return write_run(root, loaded.scenario.name, run_digest(loaded.resolved(),
                                                            input_hashes(outcome)), files)


def _part_outcome(book: BookPart, plan: Repaired) -> Outcome:
    """A part's plan as an outcome of its own, for the per-customer and per-RM tables."""
    values = np.concatenate([plan.x, plan.y, plan.s]).astype(float)
    result = SolveResult(Status.FEASIBLE, values, plan.objective, None, LP_SOLVER, LP_VERSION,
                         0.0)
    return Outcome(book.prepared, book.part.d, result, "decomposition", values=values)


def _part_facts(book: BookPart) -> _PartFacts:
    prepared, d = book.prepared, book.part.d
    return _PartFacts(prepared.book.exclusions, prepared.tiering.migration, prepared.timings,
                      {"rm_pairs": len(d.x.rm), "offer_pairs": len(d.y.offer)},
                      prepared.book.inputs, prepared.loaded)


def _part_report(book: BookPart, plan: Repaired) -> _PartReport:
    part = _part_outcome(book, plan)
    facts = _part_facts(book)
    return _PartReport(PartsTables(tables.tier_plan(part), tables.rm_books(part),
                                   tables.offer_summary(part), facts.sizes), facts)


def write_part_files(book: BookPart, plan: Repaired, folder: Path, index: int) -> None:
    """A part's customer and offer plans, and the inputs `verify` reads, into the run
    folder's partitioned tables."""
    part = _part_outcome(book, plan)
    prepared = book.prepared
    extra = sorted({col for o in prepared.book.offers.values() for col in o.customer_columns})
    for name, frame in (("customer_plan", tables.customer_plan(part)),
                        ("offer_plan", tables.offer_plan(part)),
                        ("inputs/customers", book_columns(prepared.tiering.customers, extra)),
                        ("inputs/fit_scores", prepared.book.fit_scores)):
        (folder / name).mkdir(parents=True, exist_ok=True)
        frame.to_parquet(folder / name / PART_FILE.format(index), index=False,
                         compression="zstd")


def _outcome(loaded: LoadedScenario, planned: PlannedInParts, check: CheckReport,
             reports: list[_PartReport], timings: dict[str, float]) -> Outcome:
    """The whole book's outcome: no customers here, the parts' tables added up."""
    solved = planned.solved
    best = solved.best
    assert best is not None
    decisions = decisions_of(replace(planned.shape, packages=planned.packages))
    values = best.packages.astype(float)
    facts = [r.facts for r in reports]
    prepared = _prepared(planned, facts)
    packages = tables.tier_plan(Outcome(prepared, decisions, SolveResult(
        Status.FEASIBLE, values, None, None, "", "", 0.0), "decomposition", values=values))
    return Outcome(prepared, decisions, _result(solved, loaded.scenario, timings["solve"]),
                   "decomposition",
                   plan=Plan(pd.DataFrame(columns=[c.CUSTOMER_ID, c.RM_ID]),
                             pd.DataFrame(columns=[c.CUSTOMER_ID, c.OFFER_ID]),
                             packages_plan(planned.shape, planned.packages, best.packages)),
                   values=values, objective=check.objective, check=check,
                   prices=row_prices(solved.families, solved.multipliers),
                   timings=timings | _slowest(facts), parts=_tables(reports, packages))


def _result(solved: InParts, scenario: Scenario, seconds: float) -> SolveResult:
    best = solved.best
    assert best is not None
    gap = max(solved.bound - best.objective, 0.0) / max(abs(best.objective), 1.0)
    status = Status.OPTIMAL if gap <= scenario.solver.gap else Status.FEASIBLE
    return SolveResult(status, best.packages.astype(float), best.objective,
                       max(solved.bound, best.objective), LP_SOLVER, LP_VERSION, seconds,
                       "" if status == Status.OPTIMAL else "stopped above the gap target",
                       stop=solved.stopped_on)


def _tables(reports: list[_PartReport], packages: pd.DataFrame) -> PartsTables:
    """The parts' tables added up, with the packages' columns of the tier table (chosen
    here)."""
    return added_up([r.tables for r in reports], packages, _sizes([r.facts for r in reports]))


def _sizes(facts: list[_PartFacts]) -> dict[str, int]:
    """The book's pairs, added up over its parts, and how many parts it has."""
    return {k: sum(f.sizes[k] for f in facts) for k in facts[0].sizes} | {"parts": len(facts)}


def _slowest(facts: list[_PartFacts]) -> dict[str, float]:
    return {f"{k} (slowest part)": max(f.timings.get(k, 0.0) for f in facts)
            for k in ("read", "tier", "value")}


def _prepared(planned: PlannedInParts, facts: list[_PartFacts]) -> Prepared:
    """The whole book as this process knows it: its RMs, offers, tiers, exclusions and tier
    migrations; no customers."""
    shape = planned.shape
    exclusions = facts[0].exclusions.assign(customers=sum(
        f.exclusions["customers"].to_numpy() for f in facts))
    added = reduce(lambda a, b: a.add(b, fill_value=0), [f.migration for f in facts])
    rows = [t for t in [*shape.tiers, NEW] if t in added.index]
    migration = added.reindex(index=rows, columns=shape.tiers, fill_value=0)
    customers = shape.customers
    book = Book(customers, shape.rms, {o_id: o for o_id, o in zip(shape.offer_ids, shape.offers,
                                                                   strict=True)},
                pd.DataFrame(columns=[c.CUSTOMER_ID, c.RM_ID]), exclusions, facts[0].inputs)
    tiering = TieringResult(customers, {}, "", migration.astype(int))
    return Prepared(facts[0].loaded, book, tiering, shape)


def _files(outcome: Outcome, runner: Runner, planned: PlannedInParts) -> dict[str, Writer]:
    """The run folder of a book in parts: the plan written by the parts, then the files of
    every run (its added-up tables, summary, report, manifest) and its RMs and offers."""
    assert outcome.parts is not None and planned.solved.best is not None
    words = scenario_words(outcome.prepared.loaded.scenario)
    plans = planned.solved.best.plans

    def plan_parts(path: Path) -> None:
        runner.gather([runner.submit(write_part_files, book, plan, path.parent, i)
                       for i, (book, plan) in enumerate(zip(planned.books, plans,
                                                            strict=True))])

    parts = outcome.parts
    return {"customer_plan": plan_parts,
            **plan_tables_files(outcome, parts.tiers, parts.rms, parts.offers,
                                tables.constraint_table(outcome), words),
            **rm_and_offer_files(outcome)}
