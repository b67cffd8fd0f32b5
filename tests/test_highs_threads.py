"""How HiGHS runs in a process. HiGHS keeps one scheduler of threads per thread that runs it,
sized by its first run there, and refuses a run that asks for another size (at once, with an
error that read as "no plan in time": a scenario's `solver.threads: 1` measured none of its
steps). Every run here restarts its thread's scheduler at the size it asks for
(backends/highs_threads.py). An exception raised in one of HiGHS's
callbacks (a signal's) is dropped by HiGHS: it is kept and raised once HiGHS has stopped."""

from __future__ import annotations

import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import highspy
import numpy as np
import pytest

from allocator import api
from allocator.backends import SolveOptions, Status, get_backend
from allocator.backends.highs_threads import run_highs
from allocator.preparation import prepare
from allocator.problem import AllocationProblem, build_problem
from tests.test_cli import ROOT
from tests.test_decomposition import scaled
from tests.test_sensitivity import package_world


def problem_of(folder: Path) -> AllocationProblem:
    prepared = prepare(package_world(folder, 90), [])
    return build_problem(prepared.valued, prepared.loaded.scenario)


def left_to_highs() -> highspy.HighsStatus:
    """A one-column LP on a model whose threads are HiGHS's own choice (0)."""
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    lp = highspy.HighsLp()
    lp.num_col_, lp.num_row_ = 1, 0
    lp.col_cost_, lp.col_lower_, lp.col_upper_ = np.ones(1), np.zeros(1), np.ones(1)
    highs.passModel(lp)
    return run_highs(highs)


def test_solves_at_other_thread_counts_in_one_process_are_each_solved(tmp_path: Path) -> None:
    problem = problem_of(tmp_path)
    highs = get_backend("highs")
    assert left_to_highs() == highspy.HighsStatus.kOk
    for threads in (2, 1, 3, 1, 2):
        result = highs.solve(problem, SolveOptions(threads=threads))
        assert result.status == Status.OPTIMAL, threads
        assert result.objective == pytest.approx(40.0)
        assert left_to_highs() == highspy.HighsStatus.kOk


def test_solves_at_once_at_other_thread_counts_are_each_solved(tmp_path: Path) -> None:
    problem = problem_of(tmp_path)
    highs = get_backend("highs")
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda t: highs.solve(problem, SolveOptions(threads=t)),
                                [1, 2, 3, 1, 2, 3, 1, 2]))
    assert all(r.status == Status.OPTIMAL for r in results)


def test_a_run_on_one_thread_after_one_on_two_measures_every_step(tmp_path: Path) -> None:
    # a generated book of 200 customers at the demo's limits, at 2 threads, then at 1 in the
    # same process: the same steps, each measured (before, most read "no plan in time")
    book = [s for s in scaled(200, 5) if s != "output.steps=false"]
    two, one = (api.run(ROOT / "scenarios" / "demo.yaml", output=tmp_path / str(threads),
                        sets=[*book, "solver.method=exact", f"solver.threads={threads}",
                              "output.baselines=false"])
                for threads in (2, 1))
    steps = [run.outcome.sensitivity.steps for run in (two, one)
             if run.outcome.sensitivity is not None]
    assert len(steps) == 2 and len(steps[0]) >= 6 and all(s.proven for s in steps[0])
    assert steps[1] == steps[0]


def test_a_signal_s_exception_raised_in_a_highs_callback_stops_the_solve(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # a signal's handler raises where Python is, which may be in HiGHS's callback: HiGHS drops
    # the exception and solved on (Ctrl-C and SIGTERM were ignored for most of a run's steps)
    from allocator.backends.highs import Stops

    def interrupted(self: Stops, event: object) -> None:
        raise KeyboardInterrupt

    prepared = prepare(ROOT / "scenarios" / "demo.yaml",
                       [*scaled(200, 5), "solver.method=exact"])
    problem = build_problem(prepared.valued, prepared.loaded.scenario)  # a MIP past presolve
    monkeypatch.setattr(Stops, "_stop_if_done", interrupted)
    with pytest.raises(KeyboardInterrupt):
        get_backend("highs").solve(problem, SolveOptions(ends_at=time.perf_counter() + 60))


def test_highs_first_made_on_many_threads_at_once_leaves_stdout_as_it_was() -> None:
    # HiGHS's banner is hidden by pointing the process's stdout at /dev/null while the first
    # model is made; two threads doing so at once could leave it there
    code = ("from concurrent.futures import ThreadPoolExecutor\n"
            "from allocator.backends.highs import _banner_silenced\n"
            "import highspy\n"
            "def made(_):\n"
            "    with _banner_silenced():\n"
            "        return highspy.Highs()\n"
            "with ThreadPoolExecutor(8) as pool:\n"
            "    list(pool.map(made, range(32)))\n"
            "print('still here')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout == "still here\n"
