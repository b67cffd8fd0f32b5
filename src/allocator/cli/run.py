"""`allocate run SCENARIO` (or just `allocate SCENARIO`): tier, value, optimize, check, report."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import pandas as pd
import typer
from rich.markup import escape

from allocator import api
from allocator.attempts import ONE_PATH_ONLY, past_allowance, write_allowance
from allocator.cli.common import (
    DaskOption,
    DbUrlOption,
    ScenarioAddressOption,
    ScenarioDbUrlOption,
    SetOption,
    UseOption,
    output_folder_option,
    user_errors,
    with_dask,
)
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame
from allocator.cli.stopping import scenario_language, stoppable
from allocator.cli.wrapping import print_notice, print_warnings, print_wrapped
from allocator.headcount import net_of_cost, plans_rms
from allocator.optimize import Outcome
from allocator.report.cell_texts import percent_text, status_text
from allocator.report.drivers import (
    driver_note,
    driver_table,
    headline_lines,
    shown_drivers,
    steps_of,
    with_room_lines,
)
from allocator.report.formats import counted_cells, without_blank_columns
from allocator.report.language import Words
from allocator.report.naming import scenario_words
from allocator.report.plan_tables import (
    constraint_table,
    headline_prices,
    tier_plan,
    unit_prices_shown,
)
from allocator.report.summary import base_line
from allocator.report.term_words import OF_WHICH
from allocator.run_label import naming_sets
from allocator.scenario.schema import Scenario
from allocator.staging import reached


def print_unit_worth(outcome: Outcome, words: Words) -> None:
    """What one more unit is worth (the steps said above with the drivers); no table where no
    unit is priced."""
    prices = unit_prices_shown(headline_prices(outcome, words),
                               outcome.prepared.loaded.scenario.objective.currency, words)
    if len(prices):
        print_frame(prices.drop(columns=["step"]), words("unit_worth"), words)
        if prices["step"].astype(bool).any():  # the steps beyond the ranges are said above
            print_wrapped(words("unit_worth_steps"), hanging="", style="dim")


def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    set_: SetOption = None,
    use: UseOption = None,
    dask: DaskOption = None,
    out: Annotated[Path | None, typer.Option(callback=output_folder_option,
                                             help="Folder for run folders (default: the "
                                                  "scenario's output.dir).")] = None,
    base: Annotated[Path | None, typer.Option(help=(
        "A run folder whose plan this run keeps wherever a plan as good within the gap "
        "allows, or 'today' for today's books (default: for a what-if, the latest run of the "
        "same scenario and data without overrides, else today's books)."))] = None,
    scenario_address: ScenarioAddressOption = False,
    db_url: DbUrlOption = None,
    scenario_db_url: ScenarioDbUrlOption = False,
    label: Annotated[str | None, typer.Option(help="A short name of the run for the committee "
                                                   "(output.label), shown on its report and by "
                                                   "`allocate runs`.")] = None,
    note: Annotated[str | None, typer.Option(help="Why the run was made (output.note), shown "
                                                  "in its assumptions box.")] = None,
) -> None:
    """Tier the book, optimize RMs, budget and offers, check the plan and write a run folder."""
    language = scenario_language(scenario, set_ or [], use or [])
    said = Words(language())  # the scenario read: an error speaks its language
    with stoppable("stopped_run", language), user_errors(), console.status(
            said("status_planning", scenario=scenario)) as status:
        set_ = [*(set_ or []), *naming_sets(label, note)]

        def progress(iteration: int, bound: float, best: float | None) -> None:
            gap = "" if best is None else said(
                "status_gap", gap=percent_text((bound - best) / max(abs(best), 1)))
            plan = said("status_no_plan") if best is None else f"{best:,.0f}"
            status.update(said("status_iteration", iteration=iteration, bound=f"{bound:,.0f}",
                               plan=plan, gap=gap))

        result = api.run(scenario, with_dask(set_, dask), use or [], out, progress, base,
                         scenario_address, notice, db_url, scenario_db_url)
    outcome = result.outcome
    words = scenario_words(outcome.prepared.loaded.scenario)
    print_past_limit(result, words)
    print_warnings([finding.text(words) for finding in outcome.prepared.readiness.warnings],
                   words)
    name = run_name(outcome.prepared.loaded.scenario, words)
    if not result.feasible:
        print_notice(f"[bold red]{words.term('infeasible')}[/] "
                     + escape(words("infeasible_head", scenario=name)), markup=True)
        for line in [*(words.shortfall(shortfall, outcome.diagnosed_on)
                       for shortfall in outcome.diagnosis),
                     *(cause.text(words) for cause in outcome.prepared.readiness.infeasible)]:
            print_notice(line, first="  - ", hanging="    ")
        print_notice(words("diagnosis_written", folder=result.folder),
                     whole=[result.folder])  # the path on one line, spaces and all
        sys.exit(1)
    print_wrapped(run_line(outcome, words), hanging="", markup=True)
    if outcome.attempts is not None and outcome.attempts.why in ONE_PATH_ONLY:
        print_wrapped(words("kept_line", path=words.term(outcome.attempts.kept),
                            why=words(f"kept_{outcome.attempts.why}")), hanging="")
    if outcome.kept is not None:
        print_wrapped(base_line(asdict(outcome.kept), words), hanging="  ")
    print_drivers(outcome, words)  # after the headline, before the details
    with_rms = plans_rms(outcome.prepared.valued.rms, outcome.prepared.loaded.scenario)
    columns = ["tier", "customers", *(["covered"] if with_rms else []), "package", "budget",
               "expected_loss", "value"]  # a book without RMs covers no one
    print_frame(tier_plan(outcome)[columns], words("plan_by_tier"), words)
    print_unit_worth(outcome, words)
    if outcome.baselines is not None:
        print_frame(outcome.baselines.drop(columns="falls_short"), words("uplift"), words)
    elif outcome.attempts is not None and outcome.attempts.baselines == "time_limit":
        print_wrapped(words("baselines_time_spent"), hanging="")
    for fit in outcome.prepared.book.fits:
        print_wrapped(words("model_line", column=words.term(fit.column), auc=fit.auc,
                            brier=fit.brier, method=words.term(fit.method),
                            held_out=fit.held_out), hanging="")
    print_wrapped(words("checked_written", folder=result.folder), hanging="  ",
                  whole=[result.folder])  # the path on one line, spaces and all, to paste
    reached("done")  # a test hook: a signal after the last line still says it stopped


def print_past_limit(result: api.Run, words: Words) -> None:
    """A line on stderr where the run ended past its time limit plus its write allowance: a
    time limit is never passed in silence."""
    if result.seconds is None:
        return
    limit = result.outcome.prepared.loaded.scenario.solver.time_limit
    customers = len(result.outcome.prepared.valued.customers)
    past = past_allowance(result.seconds, limit, customers)
    if past is not None:
        notice(words("run_past_limit", seconds=f"{result.seconds:,.0f}", past=f"{past:,.0f}",
                     limit=f"{limit:,.0f}", allowance=f"{write_allowance(customers):,.0f}",
                     customers=f"{customers:,}"))


def run_line(outcome: Outcome, words: Words) -> str:
    """The run's first line: its scenario and label, status, expected value (net of RM cost
    beside it when the scenario prices RMs), bound and gap; Rich markup."""
    res, scenario = outcome.result, outcome.prepared.loaded.scenario
    money = scenario.objective.currency
    bound = "—" if res.bound is None else f"{res.bound + 0.0:,.0f}"  # never "-0"
    net = net_of_cost(outcome.prepared.book.rms, scenario, outcome.objective, None)
    net_said = "" if net.get("net_value") is None else words(
        "run_line_net", net=f"{float(net['net_value'] or 0.0) + 0.0:,.0f} {money}",
        cost=f"{float(net['rm_cost'] or 0.0) + 0.0:,.0f} {money}")
    return words("run_line", scenario=f"[bold]{escape(run_name(scenario, words))}[/]",
                 status=status_text(res.status.value, outcome.gap, scenario.solver.gap, words),
                 method=words.term(outcome.method),
                 solver=res.solver, seconds=res.seconds,
                 objective=f"{(outcome.objective or 0.0) + 0.0:,.0f} {money}",
                 net=escape(net_said), bound=bound if res.bound is None else f"{bound} {money}",
                 gap=words("unknown") if outcome.gap is None else percent_text(outcome.gap))


def run_name(scenario: Scenario, words: Words) -> str:
    """The scenario's name with the run's label (`--label`, or the named overrides used) when
    it has one; the label alone when it already starts with the name."""
    name, label = scenario.name, (scenario.output.label or "").strip()
    if not label or label == name:
        return name
    return label if label.startswith(f"{name} ") else \
        f"{name}{words.sep('open')}{label}{words.sep('close')}"


def notice(line: str) -> None:
    """A notice on stderr, wrapped at its width under its first word (a path, with no space
    in it, stays whole to paste)."""
    print_notice(line)


def print_drivers(outcome: Outcome, words: Words) -> None:
    """What drives this plan, first: the headline limits' prices, ranges and steps, and the
    limits that shape the plan, each price per unit of its limit and each worth in the
    scenario's currency (as report.html gives them), then how they were found; where no limit
    shapes it, one line says so instead."""
    constraints = constraint_table(outcome)
    ranked = driver_table(outcome, constraints)
    table = shown_drivers(ranked, outcome.prepared.loaded.scenario.objective.currency, words)
    console.print(f"[bold]{escape(words('drivers'))}[/]")
    for line in headline_lines(outcome, constraints, words):
        print_bullet(line)
    if table.empty:
        console.print(words("drivers_none"), markup=False)
    else:
        print_driver_table(table, words)
        _print_price_notes(ranked.assign(price_note=table["price_note"]), words)
    room = with_room_lines(constraints, outcome.prepared.valued.rms,
                           steps_of(outcome.sensitivity),
                           outcome.prepared.loaded.scenario.objective.currency, words)
    if room:
        console.print(f"[bold]{escape(room[0])}[/]")
        for line in room[1:]:
            print_bullet(line)
    if not table.empty:
        print_wrapped(driver_note(outcome, words), hanging="", style="dim")


def print_driver_table(table: pd.DataFrame, words: Words) -> None:
    """The drivers (shown_drivers), each limit named in one column; the limits and use of
    those that count (offers, customers, moves) whole: a quota of 60 used to 60, never
    60.00, as their constraint said before it was named for a reader."""
    named = without_blank_columns(_named(table, words).drop(columns="price_note",
                                                            errors="ignore"))
    print_frame(named, "", words, counted=counted_cells(named.assign(
        constraint=table["constraint"])))


def print_bullet(line: str) -> None:
    """A bullet whose wrapped lines stand indented under its first word."""
    print_wrapped(line, first="  - ", hanging="    ")


def _print_price_notes(drivers: pd.DataFrame, words: Words) -> None:
    """The drivers' notes on their prices, a paragraph per note where there is one (most
    limits have none), naming in full every limit it is about (a region's row with its
    grade), in the drivers' order, wrapped at the terminal's width under its first word."""
    notes = drivers.get("price_note", pd.Series("", index=drivers.index)).fillna("").astype(str)
    named: dict[str, list[str]] = {}
    for name, note in zip(_full_names(drivers, words), notes, strict=True):
        if note:
            named.setdefault(note, []).append(name)
    for note, names in named.items():
        print_wrapped(words.column("price_note") + words.sep("colon")
                      + words.sep("items").join(names) + words.sep("colon") + words.term(note),
                      first="  ")


def _full_names(drivers: pd.DataFrame, words: Words) -> list[str]:
    """Each driver named by its family and label, a region's row ("of which: R2", right under
    its grade's row) by its grade and region: "RM hours premier RM / R2"."""
    names, grade = [], ""
    for family, label in zip(drivers["constraint"].astype(str), drivers["label"].astype(str),
                             strict=True):
        if label.startswith(OF_WHICH):
            label = f"{grade} / {label.removeprefix(OF_WHICH)}"
        else:
            grade = label
        names.append(words.limit(family, label))
    return names


def _named(drivers: pd.DataFrame, words: Words) -> pd.DataFrame:
    """The drivers for 80 columns: each limit named in one column (family and label)."""
    names = [f"  {words.term(str(label))}" if str(label).startswith(OF_WHICH) else
             words.limit(family, label) for family, label in
             zip(drivers["constraint"], drivers["label"], strict=True)]
    return drivers.drop(columns=["label", "rms", "range_low", "range_high"],
                        errors="ignore").assign(constraint=names)
