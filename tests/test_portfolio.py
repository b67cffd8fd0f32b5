"""`solver.method: auto` as both paths within one deadline (allocator.portfolio), and the
deadline as a promise on every path (allocator.attempts, backends/guarded)."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from allocator import api, decomposition_path, method_choice, optimize, portfolio
from allocator.attempts import PRICING_SHARE, kept_after_solve, write_allowance
from allocator.backends import SolveOptions, Status
from allocator.backends.base import Capabilities, SolveResult, StoppedOn
from allocator.backends.guarded import GUARDED_COLUMNS, grace, solve_by_deadline
from allocator.errors import NoPlanError
from allocator.instances import GapInstance, generate_gap, write_gap_book
from allocator.optimize import Outcome
from allocator.portfolio import EXACT_SHARE
from allocator.preparation import prepare
from allocator.problem import AllocationProblem


def tight_gap(m: int, n: int, seed: int) -> GapInstance:
    """A type D generalized assignment instance: tight, and hard for branch and bound."""
    return generate_gap("D", m, n, seed)


def loose_gap(m: int, n: int, seed: int) -> GapInstance:
    """Profits and uses drawn apart (c_ij ~ U[10,50], a_ij ~ U[5,25]), capacities 0.9 of the
    mean use: HiGHS proves these in a fraction of a second, the decomposition comes close."""
    rng = np.random.default_rng(seed)
    use = rng.integers(5, 26, (m, n)).astype(float)
    return GapInstance(f"b{m}x{n}", rng.integers(10, 51, (m, n)).astype(float), use,
                       np.floor(0.9 * use.sum(axis=1) / m))


def book(folder: Path, instance: GapInstance, method: str, limit: float) -> Path:
    return write_gap_book(instance, folder, method=method, time_limit=limit)


def solved(path: Path, *sets: str) -> Outcome:
    return optimize.optimize(prepare(path, ["output.steps=false", *sets]))


@pytest.fixture
def middle(monkeypatch: pytest.MonkeyPatch) -> None:
    """Books sized between the paths' home grounds: `auto` runs both."""
    for module in (method_choice, decomposition_path, portfolio):
        monkeypatch.setattr(module, "estimated_exact_seconds", lambda customers: 50.0)


@pytest.fixture
def one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    """One core: the two paths run one after the other (a larger book: decomposition first)."""
    monkeypatch.setattr(portfolio, "cores", lambda: 1)


def test_auto_is_at_least_as_good_as_each_path_alone(tmp_path: Path, middle: None,
                                                     one_core: None) -> None:
    instance = loose_gap(5, 40, seed=2)
    values = {method: solved(book(tmp_path / method, instance, method, 60.0))
              for method in ("exact", "decomposition", "auto")}
    auto = values["auto"]
    assert auto.objective is not None and auto.check is not None and auto.check.ok
    for method in ("exact", "decomposition"):
        alone = values[method].objective
        assert alone is not None and auto.objective >= alone - 1e-6
    assert auto.attempts is not None
    assert [a.path for a in auto.attempts.tried][:1] == ["decomposition"]
    assert auto.result.bound is not None and auto.result.bound >= auto.objective - 1e-6
    assert auto.result.bound <= min(b for b in (values["exact"].result.bound,
                                               values["decomposition"].result.bound)
                                    if b is not None) + 1e-6
    again = solved(book(tmp_path / "again", instance, "auto", 60.0))  # stops on counts
    assert again.values is not None and np.array_equal(again.values, auto.values)


def test_a_small_book_goes_exact_and_records_why(tmp_path: Path) -> None:
    outcome = solved(book(tmp_path, loose_gap(4, 20, seed=1), "auto", 30.0))
    assert outcome.result.status == Status.OPTIMAL and outcome.method == "exact"
    assert outcome.attempts is not None
    assert (outcome.attempts.kept, outcome.attempts.why) == ("exact", "small_book")
    assert [a.path for a in outcome.attempts.tried] == ["exact"]


def test_a_small_book_runs_both_paths_side_by_side_for_the_whole_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """On two cores each path gets the time it would have alone (one after the other, the
    exact path had half of it), and the better plan of the two is kept."""
    monkeypatch.setattr(portfolio, "cores", lambda: 2)
    limit = 3.0
    outcome = solved(book(tmp_path, tight_gap(10, 200, seed=1), "auto", limit))
    assert outcome.attempts is not None and outcome.objective is not None
    assert outcome.check is not None and outcome.check.ok
    exact, decomposition = outcome.attempts.tried
    assert (exact.path, decomposition.path) == ("exact", "decomposition")
    alone = limit * (1 - PRICING_SHARE) - sum(outcome.prepared.timings.values())
    timings = outcome.timings
    assert exact.seconds_given >= alone - timings["build"] - 0.3
    assert decomposition.seconds_given >= alone - timings["build"] - 0.3
    assert timings["solve"] <= limit + grace(limit)  # at once, not one after the other
    values = [a.objective for a in (exact, decomposition) if a.objective is not None]
    assert values and outcome.objective >= max(values) - 1e-6


def test_a_proof_on_the_exact_side_is_the_plan_of_the_exact_path_alone(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portfolio, "cores", lambda: 2)
    instance = loose_gap(4, 20, seed=1)
    auto = solved(book(tmp_path / "auto", instance, "auto", 30.0))
    exact = solved(book(tmp_path / "exact", instance, "exact", 30.0))
    assert auto.method == "exact" and auto.result.status == Status.OPTIMAL
    assert auto.values is not None and exact.values is not None
    assert np.array_equal(auto.values, exact.values)
    assert auto.timings["solve"] < 10.0  # the decomposition beside it stopped


def test_one_core_runs_the_paths_one_after_the_other(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portfolio, "cores", lambda: 1)
    limit = 3.0
    outcome = solved(book(tmp_path, tight_gap(10, 200, seed=1), "auto", limit))
    assert outcome.attempts is not None
    exact, decomposition = outcome.attempts.tried
    assert exact.seconds_given <= limit * EXACT_SHARE + 1e-6
    assert decomposition.seconds_given <= limit - exact.seconds + 1e-6


def test_a_worker_process_runs_the_paths_one_after_the_other(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A sweep's or a cluster's worker never forks a solve of its own beside its search."""
    import multiprocessing

    monkeypatch.setattr(portfolio, "cores", lambda: 2)
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    monkeypatch.setattr(portfolio, "side_by_side", lambda *_: pytest.fail("side by side"))
    limit = 3.0
    outcome = solved(book(tmp_path, tight_gap(10, 200, seed=1), "auto", limit))
    assert outcome.attempts is not None
    exact, _ = outcome.attempts.tried
    assert exact.seconds_given <= limit * EXACT_SHARE + 1e-6


def test_the_exact_solve_is_given_the_time_left(tmp_path: Path) -> None:
    outcome = solved(book(tmp_path, loose_gap(4, 20, seed=1), "exact", 30.0))
    assert outcome.attempts is not None
    [exact] = outcome.attempts.tried
    spent = sum(outcome.prepared.timings.values())
    assert 0 < exact.seconds_given <= 30.0 * (1 - PRICING_SHARE) - spent + 1e-6
    assert outcome.attempts.seconds_for_solve == pytest.approx(30.0 - spent, abs=0.01)


def test_a_short_limit_on_a_hard_book_ends_in_time(tmp_path: Path, middle: None,
                                                    one_core: None) -> None:
    """The exact path cannot prove this book in the second left: its solve is given what the
    decomposition left, ended by the deadline, and the decomposition's plan is kept."""
    limit = 4.0
    outcome = solved(book(tmp_path, tight_gap(30, 300, seed=5), "auto", limit))
    assert outcome.attempts is not None and outcome.objective is not None
    first, *rest = outcome.attempts.tried
    assert first.path == "decomposition" and first.seconds_given <= limit
    if rest:  # the exact path had a second or more left
        exact = rest[0]
        assert exact.path == "exact" and exact.seconds_given <= limit - first.seconds + 1e-6
        assert exact.seconds <= exact.seconds_given + grace(exact.seconds_given) + 1.0


def test_the_decomposition_first_gets_more_of_the_time_the_more_the_exact_path_needs() -> None:
    low, high = portfolio.DECOMPOSITION_SHARE
    shares = [portfolio.decomposition_share(need) for need in (0.1, 0.5, 2.0, 4.0, 20.0, 99.0)]
    assert shares == sorted(shares) and shares[0] == shares[1] == low
    assert shares[-2] == shares[-1] == pytest.approx(high) and low < shares[2] < high


def test_an_exact_run_out_of_time_before_its_solve_says_so(tmp_path: Path) -> None:
    path = book(tmp_path, loose_gap(3, 10, seed=2), "exact", 0.001)
    with pytest.raises(NoPlanError, match="building the model took all of solver.time_limit"):
        solved(path)


class Overrunning:
    """A backend that ignores its time limit (as HiGHS can, before its first node)."""

    name = "overrunning"
    supports = Capabilities(warm_start=False, duals=False, soft_rows=True)

    def available(self) -> bool:
        return True

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        time.sleep(60)
        raise AssertionError("not ended at the deadline")


def test_a_solver_past_the_deadline_is_ended(tmp_path: Path) -> None:
    outcome = solved(book(tmp_path, loose_gap(3, 10, seed=2), "exact", 30.0))
    assert outcome.problem is not None
    wide = replace(outcome.problem, objective=np.zeros(GUARDED_COLUMNS))  # its size is read
    start = time.perf_counter()
    result = solve_by_deadline(Overrunning(), wide,
                               SolveOptions(time_limit=0.5, ends_at=time.perf_counter() + 30))
    assert time.perf_counter() - start < 0.5 + grace(0.5) + 2.0
    assert result.status == Status.NO_SOLUTION and result.stopped_on == StoppedOn.TIME_LIMIT


def test_the_run_folder_names_the_kept_path(tmp_path: Path, middle: None,
                                            one_core: None) -> None:
    path = book(tmp_path, loose_gap(4, 24, seed=4), "auto", 30.0)
    run = api.run(path, sets=["output.language=zh", "output.steps=false"],
                  output=tmp_path / "out")
    manifest = json.loads((run.folder / "manifest.json").read_text())
    attempts = manifest["attempts"]
    assert attempts["kept"] == run.outcome.method
    customers = len(run.outcome.prepared.valued.customers)
    assert attempts["write_allowance"] == write_allowance(customers)
    assert attempts["attempts"][0]["path"] == "decomposition"
    summary = (run.folder / "summary.md").read_text()
    assert "采用的方案" in summary and "Plan kept" not in summary


def test_a_decomposition_ended_from_outside_stops_as_on_its_clock(tmp_path: Path) -> None:
    prepared = prepare(book(tmp_path, tight_gap(10, 200, seed=1), "decomposition", 30.0),
                       ["output.steps=false"])
    start = time.perf_counter()
    found = decomposition_path.decomposition_solve(prepared, 30.0, None, None, ended=lambda: True)
    assert time.perf_counter() - start < 10.0
    assert found.result.stopped_on == StoppedOn.TIME_LIMIT


class Unproved:
    """HiGHS, its plan reported as not proved: `auto` must weigh it against the other path's."""

    name = "highs"
    supports = Capabilities(warm_start=True, duals=True, soft_rows=True)

    def available(self) -> bool:
        return True

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        from allocator.backends.highs import HighsBackend

        result = HighsBackend().solve(problem, options)
        return replace(result, status=Status.FEASIBLE, bound=None)


class Given:
    """A backend whose plan is the one given (a worse one than the decomposition's)."""

    name = "highs"
    supports = Capabilities(warm_start=False, duals=False, soft_rows=True)

    def __init__(self, values: np.ndarray) -> None:
        self.values = values

    def available(self) -> bool:
        return True

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        full = portfolio.started(problem, self.values)
        assert full is not None
        objective = float(problem.objective @ full)
        return SolveResult(Status.FEASIBLE, full, objective, None, "highs", "", 0.1,
                           "time limit reached")


def cut_short(prepared: object, seconds: float, hint: object, progress: object,
              ended: object = None) -> object:
    """The decomposition, ended at its first look at the clock: a worse plan."""
    return decomposition_path.decomposition_solve(prepared, seconds, hint, progress,  # type: ignore[arg-type]
                                        ended=lambda: True)


def worse(prepared: object, seconds: float, hint: object, progress: object,
          ended: object = None) -> object:
    """The decomposition, its plan's value stated 10% lower than it is."""
    found = decomposition_path.decomposition_solve(prepared, seconds, hint, progress,  # type: ignore[arg-type]
                                         ended=ended)  # type: ignore[arg-type]
    value = found.result.objective
    assert value is not None
    return replace(found, result=replace(found.result, objective=value - 0.1 * abs(value)))


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portfolio, "cores", lambda: 2)


@pytest.fixture
def short_middle(monkeypatch: pytest.MonkeyPatch) -> None:
    """A book between the paths' home grounds at a short limit, which the exact path may yet
    prove in the time left: side by side on two cores."""
    for module in (method_choice, decomposition_path, portfolio):
        monkeypatch.setattr(module, "estimated_exact_seconds", lambda customers: 8.0)
    monkeypatch.setattr(portfolio, "SIDE_BY_SIDE_NEED", np.inf)


def test_a_book_the_exact_path_has_no_hope_for_goes_decomposition_first(
        tmp_path: Path, middle: None, two_cores: None) -> None:
    """Needing more than SIDE_BY_SIDE_NEED times the time left, the MIP would only take a
    core from the decomposition: one after the other, the decomposition first, with (here)
    all of the time left, which would leave the exact path less than a second."""
    limit = 5.0
    outcome = solved(book(tmp_path, loose_gap(5, 40, seed=2), "auto", limit))
    assert outcome.attempts is not None
    first = outcome.attempts.tried[0]
    left = outcome.attempts.seconds_for_solve - PRICING_SHARE * limit
    assert first.path == "decomposition" and first.seconds_given >= 0.8 * left - 0.2


def test_side_by_side_keeps_the_exact_plan_where_the_decomposition_falls_short(
        tmp_path: Path, short_middle: None, two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = loose_gap(5, 40, seed=2)
    alone = solved(book(tmp_path / "exact", instance, "exact", 30.0))
    monkeypatch.setattr(portfolio, "decomposition_solve", worse)
    monkeypatch.setattr(portfolio, "get_backend", lambda name: Unproved())
    auto = solved(book(tmp_path / "auto", instance, "auto", 30.0))
    assert auto.attempts is not None and auto.objective is not None
    assert (auto.attempts.kept, auto.attempts.why) == ("exact", "exact_better")
    _, decomposition = auto.attempts.tried
    assert decomposition.objective is not None and decomposition.objective < auto.objective
    assert auto.objective == pytest.approx(alone.objective, abs=1e-6)
    assert auto.check is not None and auto.check.ok
    assert auto.result.bound is not None and auto.result.bound >= auto.objective - 1e-6
    assert auto.result.bound <= decomposition.bound + 1e-6  # type: ignore[operator]


def test_side_by_side_keeps_the_decomposition_plan_where_the_exact_falls_short(
        tmp_path: Path, short_middle: None, two_cores: None, monkeypatch: pytest.MonkeyPatch) -> None:
    instance = tight_gap(10, 100, seed=3)
    prepared = prepare(book(tmp_path / "weak", instance, "decomposition", 30.0),
                       ["output.steps=false"])
    weak = cut_short(prepared, 30.0, None, None).result  # type: ignore[attr-defined]
    monkeypatch.setattr(portfolio, "get_backend", lambda name: Given(weak.values))
    auto = solved(book(tmp_path / "auto", instance, "auto", 4.0))
    assert auto.attempts is not None and auto.objective is not None
    assert (auto.attempts.kept, auto.attempts.why) == ("decomposition", "decomposition_better")
    exact, decomposition = auto.attempts.tried
    assert exact.objective == pytest.approx(weak.objective) and weak.objective < auto.objective
    # the closest-plan phase may then undo changes against the reference assignment: never
    # below the kept plan by more than its allowance (a share of the gap target)
    assert decomposition.objective is not None
    assert auto.objective >= decomposition.objective * (1 - 1e-3)
    assert auto.check is not None and auto.check.ok


def test_side_by_side_ends_by_the_deadline_on_a_hard_book(
        tmp_path: Path, short_middle: None, two_cores: None) -> None:
    limit = 4.0
    outcome = solved(book(tmp_path, tight_gap(30, 300, seed=5), "auto", limit))
    assert outcome.attempts is not None and outcome.objective is not None
    exact, decomposition = outcome.attempts.tried
    # each path is given what is left of the limit, side by side, and the exact one ended
    assert exact.seconds_given <= limit and decomposition.seconds_given <= limit
    assert exact.seconds <= exact.seconds_given + grace(exact.seconds_given)


def test_a_book_checked_and_priced_whole_keeps_its_reading_time_after_the_solve(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Beyond WHOLE_BOOK customers the check and the multipliers' ranges pass over every
    customer as reading did: the solve ends at least as long as the preparation took before
    the deadline (here the preparation is made to seem 10 s of a 30 s limit)."""
    monkeypatch.setattr(optimize, "WHOLE_BOOK", 10)
    prepared = prepare(book(tmp_path, loose_gap(4, 20, seed=1), "decomposition", 30.0),
                       ["output.steps=false"])
    prepared = replace(prepared, timings={**prepared.timings, "read": 10.0})
    outcome = optimize.optimize(prepared)
    assert outcome.attempts is not None
    [decomposition] = outcome.attempts.tried
    assert 0 < decomposition.seconds_given <= 30.0 - 10.0 - 10.0 + 1e-6
    assert kept_after_solve(30.0, 0.5, whole_book_passes=True) == 30.0 * PRICING_SHARE
    assert kept_after_solve(600.0, 147.0, whole_book_passes=False) == 600.0 * PRICING_SHARE


@pytest.mark.parametrize("backend", ["highs", "cbc"])
def test_a_large_mip_on_the_exact_path_starts_from_the_decompositions_plan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, backend: str) -> None:
    """`solver.method: exact` on a MIP of START_COLUMNS columns or more: the decomposition
    finds a plan in its share of the time, the whole MIP starts from it; the plan kept is
    never worse than that start, its bound the lower of the two."""
    monkeypatch.setattr(portfolio, "START_COLUMNS", 1_000)
    limit = 5.0
    outcome = solved(book(tmp_path, tight_gap(10, 200, seed=1), "exact", limit),
                     f"solver.backend={backend}")
    assert outcome.attempts is not None and outcome.objective is not None
    assert outcome.check is not None and outcome.check.ok
    first, exact = outcome.attempts.tried
    assert (first.path, exact.path) == ("decomposition", "exact")
    assert first.seconds_given <= portfolio.START_SHARE * limit + 1e-6
    assert first.objective is not None and outcome.objective >= first.objective - 1e-6
    if backend == "highs":  # HiGHS takes the start: its own plan is at least as good
        assert exact.objective is not None and exact.objective >= first.objective - 1e-6
        assert (outcome.attempts.kept, outcome.attempts.why) == ("exact", "exact_started")
    bounds = [b for b in (first.bound, exact.bound) if b is not None]
    assert outcome.result.bound == pytest.approx(min(bounds))


def test_a_small_mip_on_the_exact_path_is_solved_alone(tmp_path: Path) -> None:
    outcome = solved(book(tmp_path, tight_gap(10, 200, seed=1), "exact", 3.0))
    assert outcome.attempts is not None
    assert [a.path for a in outcome.attempts.tried] == ["exact"]
    assert (outcome.attempts.kept, outcome.attempts.why) == ("exact", "method_exact")


def test_a_start_within_the_gap_target_is_the_exact_paths_plan(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A decomposition's plan within the gap target of its certified bound needs no MIP."""
    monkeypatch.setattr(portfolio, "START_COLUMNS", 1_000)
    outcome = solved(book(tmp_path, tight_gap(10, 200, seed=1), "exact", 5.0),
                     "solver.gap=0.05")
    assert outcome.attempts is not None and outcome.gap is not None
    assert [a.path for a in outcome.attempts.tried] == ["decomposition"]
    assert (outcome.attempts.kept, outcome.attempts.why) == ("decomposition",
                                                             "decomposition_proved")
    assert outcome.gap <= 0.05 and outcome.check is not None and outcome.check.ok
