"""The Python entry point that notebooks and the CLI use.

    from allocator import api
    run = api.run("scenarios/demo.yaml", sets=["budget.total=4e4"])
    run.folder, run.outcome.objective, run.outcome.plan.assignments
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from allocator.checks import CheckReport, verify_plan
from allocator.optimize import Outcome, optimize
from allocator.preparation import Prepared, prepare
from allocator.registry import try_sync
from allocator.report.run_files import digest_of, infeasible_files, plan_files
from allocator.run_folder import load_run
from allocator.runs import write_run
from allocator.scenario import LoadedScenario
from allocator.solvers.lagrange import Progress

__all__ = ["Prepared", "Run", "prepare", "run", "verify_run"]


@dataclass(frozen=True)
class Run:
    outcome: Outcome
    folder: Path

    @property
    def feasible(self) -> bool:
        return self.outcome.plan is not None


def run(
    scenario: str | Path | LoadedScenario, sets: Sequence[str] = (), use: Sequence[str] = (),
    output: Path | None = None, progress: Progress | None = None,
) -> Run:
    """Tier, value, optimize, check, and write a run folder (also for an infeasible scenario,
    whose folder holds the diagnosis)."""
    prepared = prepare(scenario, sets, use)
    outcome = optimize(prepared, progress)
    spec = prepared.loaded.scenario
    root = output if output is not None else spec.output.dir
    files = plan_files(outcome) if outcome.plan is not None else infeasible_files(outcome)
    folder = write_run(Path(root), spec.name, digest_of(outcome), files)
    try_sync(Path(root))
    return Run(outcome, folder)


def verify_run(folder: str | Path) -> CheckReport:
    """Re-check a saved run from its own files against every constraint and its objective."""
    inputs, plan, claimed = load_run(Path(folder))
    return verify_plan(inputs, plan, claimed)
