"""`allocate run SCENARIO` (or just `allocate SCENARIO`): tier, value, optimize, check, report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from allocator import api
from allocator.cli.common import SetOption, UseOption, console, errors, user_errors
from allocator.cli.tables import print_frame
from allocator.report.plan_tables import tier_plan


def run(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    set_: SetOption = None,
    use: UseOption = None,
    out: Annotated[Path | None, typer.Option(help="Folder for run folders (default: the "
                                                  "scenario's output.dir).")] = None,
) -> None:
    """Tier the book, optimize RMs, budget and offers, check the plan and write a run folder."""
    with user_errors(), console.status(f"planning {scenario}") as status:
        def progress(iteration: int, bound: float, best: float | None) -> None:
            gap = "" if best is None else f", gap {(bound - best) / max(abs(best), 1):.4%}"
            plan = "none yet" if best is None else f"{best:,.0f}"
            status.update(f"decomposition iteration {iteration}: bound {bound:,.0f}, "
                          f"best plan {plan}{gap}")

        result = api.run(scenario, set_ or [], use or [], out, progress)
    outcome = result.outcome
    if not result.feasible:
        errors.print(f"[bold red]infeasible:[/] {outcome.prepared.loaded.scenario.name} has no "
                     "plan that meets every constraint. What must give:")
        for shortfall in outcome.diagnosis:
            errors.print(f"  - {shortfall.describe()}", markup=False)
        errors.print(f"Diagnosis written to {result.folder}", markup=False)
        sys.exit(1)
    res = outcome.result
    console.print(f"[bold]{outcome.prepared.loaded.scenario.name}[/]: {res.status.value} "
                  f"({outcome.method}, {res.solver}, {res.seconds:.1f} s) — expected value "
                  f"{outcome.objective:,.0f}, bound {res.bound or float('nan'):,.0f}, "
                  f"gap {outcome.gap or 0.0:.4%}")
    columns = ["tier", "customers", "covered", "package", "budget", "value", "roi"]
    print_frame(tier_plan(outcome)[columns], "Plan by tier")
    console.print(f"Plan checked independently: passed. Written to {result.folder}",
                  markup=False)
