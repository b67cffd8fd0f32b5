"""The steps of lumpy decisions on the decomposition path: each headline limit (budget, loss cap,
capital cap, each grade's RM hours) moved by a fifth and the decomposition run again at the moved
limit, started from the run's multipliers and stopped on a count of iterations, so the same book
gives the same steps. A step's change carries both runs' gaps: a change within them is within
tolerance (allocator.tolerance).

Where the packages change, the limit from which they do is read from the tier subproblems: a
tier's package changes where the lever's multiplier (the others held at the run's) crosses the
point at which another package's priced value overtakes its own; the subproblems' use of the
lever's row just below that multiplier is the limit from which the Lagrangian holds the package
that takes more of the limit whole (below it, the Lagrangian mixes the two packages:
decomposition/ranging.py). One subproblem pass, no re-solve.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial

import numpy as np

from allocator import columns as c
from allocator.attempts import CLOSING_SHARE
from allocator.backends.base import Status, StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.decomposed import Decomposed
from allocator.decomposition.ranging import EPSILON, row_use
from allocator.decomposition.search.along import envelope_breaks
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.solve import decompose
from allocator.decomposition.subproblems import Customers
from allocator.diagnosis import WHOLE_BOOK
from allocator.limit_steps import cause_of_no_plan
from allocator.package_steps import Names, Solved, package_changes
from allocator.problem import Decisions, build_problem
from allocator.scenario.schema import Scenario
from allocator.sensitivity import STEP_SHARE, Step
from allocator.tolerance import absolute_gap, noise_band
from allocator.valuation import ValuedBook

STEPS_TIME_SHARE = 0.25
"""The steps together are given what the run's time limit has left once its plan is priced,
less its closing share (attempts.CLOSING_SHARE), and nothing more (steps_seconds): the time
limit is a promise, so a plan that took all of it leaves its steps unmeasured, each saying
so. The raises come first (the headline totals first among them), then the cuts; each re-run
takes what it needs of what is left (it stops on its counts: the gap, its iterations), so a
re-run the clock stops, or that the spent time leaves out, is recorded as such (Step.proven
false). At 60,000 customers the run's plan took 18 s of a 120 s limit under a load average
of 12: the time it left (about 95 s) begins every step. This share of solver.time_limit is
what the steps are given where no run's clock is (measure_steps called alone)."""
STEP_ITERATIONS = 100
"""Each re-run stops after at most this many iterations of its search (a count). It repairs as
the run does, without the run's perturbed repairs (on the demo they took each cut to its time
limit, its figures then hanging on the clock, for little gain), and branches on the packages
where the lever's rows take them (the budget) and a gap remains: on the demo the budget cut's
bound is 5,396,854 without, 5,376,063 with (the exact optimum 5,375,542), as its package
changes."""
STEP_NEIGHBOURHOODS = 10
"""Each re-run's plan is polished by at most this many restricted MIPs (the run's own: 200):
on the demo the re-runs' changes are the same with 10 as with 200, in a fifth of the time
(6 s instead of 33 s for its ten moves on 2 shared cores), which leaves the later moves time."""
STEP_REPAIR_EVERY = 10
"""Each re-run repairs its priced choice every this many iterations (the run: every 5). A
repair costs as much CPU as 10 to 15 iterations of the search, and the run's plan is the
re-run's start: at 60,000 customers the ten steps took 25 s of CPU instead of 38 s, the same
changes within their gaps."""
STEP_WORKERS = 2
"""Moves measured at a time on a book in one piece of up to STEPS_TOGETHER_UP_TO customers:
each re-run waits on its repairs and HiGHS for much of its time, which the other one uses;
each stops on its own counts, so the steps are the same one at a time."""
STEPS_TOGETHER_UP_TO = 200_000
"""Above this many customers the moves are measured one at a time (two re-runs' columns and
repairs held at once)."""
TOTALS = ("budget", "loss_cap", "capital_cap")
LOST_IN_GAP = 0.5
"""A re-run short of its gap target whose gap is this share of its change or more measures no
change, per unit or package change (Step.short_of_gap)."""


@dataclass(frozen=True)
class Dual:
    """A decomposition's run as its steps and ranges read it: the book, its coupling rows,
    the subproblems' structure and the multipliers of the bound."""

    valued: ValuedBook
    scenario: Scenario
    decisions: Decisions
    families: list[Coupling]
    customers: Customers
    multipliers: list[np.ndarray]


@dataclass(frozen=True)
class Lever:
    """A headline limit: one total (label "total") or every RM's hours of a grade."""

    constraint: str
    label: str
    rows: np.ndarray
    """Its rows in its coupling family."""
    limit: float


def levers(dual: Dual, reachable: frozenset[tuple[str, str]]) -> Iterator[Lever]:
    """The headline limits some plan can reach: the totals, then each grade's RM hours."""
    named = {f.name: f for f in dual.families}
    for name in TOTALS:
        family = named.get(name)
        if family is not None and (name, "total") in reachable:
            row = np.flatnonzero(family.labels == "total")
            if len(row) and family.limits[row].sum() > 0:
                yield Lever(name, "total", row, float(family.limits[row].sum()))
    hours = named.get("rm_capacity")
    if hours is None:
        return
    rms = dual.valued.rms
    grade_of = dict(zip(rms[c.RM_ID].astype(str), rms[c.GRADE].astype(str), strict=True))
    grades = np.array([grade_of.get(str(label), "") for label in hours.labels])
    for grade in sorted(set(grades) - {""}):
        rows = np.flatnonzero(grades == grade)
        if any(("rm_capacity", str(hours.labels[r])) in reachable for r in rows):
            yield Lever("rm_capacity", str(grade), rows, float(hours.limits[rows].sum()))


def moved_book(dual: Dual, lever: Lever, factor: float) -> tuple[ValuedBook, Scenario]:
    """The book and scenario with the lever's limits multiplied by `factor` (a tier's shares of
    the budget and of the loss cap move with them, as when the scenario's value is changed;
    RMs' minimum loads stay as they are)."""
    scenario, valued = dual.scenario, dual.valued
    if lever.constraint == "budget":
        total = (scenario.budget.total or 0.0) * factor
        return valued, scenario.model_copy(update={
            "budget": scenario.budget.model_copy(update={"total": total})})
    if lever.constraint in ("loss_cap", "capital_cap"):
        cap = (getattr(scenario.risk, lever.constraint) or 0.0) * factor
        return valued, scenario.model_copy(update={
            "risk": scenario.risk.model_copy(update={lever.constraint: cap})})
    rms = valued.rms.copy()
    hours = rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    share = scenario.rules.rm_min_load_share
    if share > 0:  # the minimum loads that were a share of the hours stay where they were
        rms[c.MIN_LOAD_HOURS] = np.maximum(rms[c.MIN_LOAD_HOURS].to_numpy(dtype=float),
                                           share * hours)
        scenario = scenario.model_copy(update={"rules": scenario.rules.model_copy(
            update={"rm_min_load_share": 0.0})})
    mine = rms[c.GRADE].astype(str).to_numpy() == lever.label
    rms[c.CAPACITY_HOURS] = np.where(mine, hours * factor, hours)
    return replace(valued, rms=rms), scenario


def plan_use(dual: Dual, lever: Lever, values: np.ndarray, kinds: str = "xys"
             ) -> np.ndarray:
    """Each of the lever's rows' use by a plan's columns (of the kinds given)."""
    layout = dual.decisions.layout
    chosen = values > 0.5
    x, y, s = chosen[:layout.n_x], chosen[layout.n_x:layout.s0], chosen[layout.s0:]
    masks = [part if kind in kinds else np.zeros_like(part)
             for kind, part in zip("xys", (x, y, s), strict=True)]
    return _family(dual, lever).usage(*masks)[lever.rows]


def _family(dual: Dual, lever: Lever) -> Coupling:
    return next(f for f in dual.families if f.name == lever.constraint)


def steps_seconds(scenario: Scenario, ends_at: float | None) -> float:
    """The time the steps are given: what the run's time limit has left (`ends_at`, on the
    clock of time.perf_counter) less its closing share (attempts.CLOSING_SHARE: the closest
    plan and the rule-of-thumb plans after them), none if that is spent; STEPS_TIME_SHARE
    of the limit without a run's clock (`ends_at` None)."""
    limit = scenario.solver.time_limit
    if ends_at is None:
        return STEPS_TIME_SHARE * limit
    return max(ends_at - time.perf_counter() - CLOSING_SHARE * limit, 0.0)


def measure_steps(dual: Dual, plan: Solved, reachable: frozenset[tuple[str, str]],
                  names: Names, seconds: float | None = None,
                  workers: int | None = None) -> tuple[Step, ...]:
    """Each lever raised by STEP_SHARE and, where the plan uses more than the cut limits
    allow, cut by STEP_SHARE; each move one re-run of the decomposition, all of them within
    `seconds` (default: STEPS_TIME_SHARE of the time limit), `workers` at a time (default:
    STEP_WORKERS up to STEPS_TOGETHER_UP_TO customers, else one)."""
    if workers is None:
        workers = STEP_WORKERS if len(dual.valued.customers) <= STEPS_TOGETHER_UP_TO else 1
    return stepped(dual, reachable, partial(plan_use, dual, values=plan.values),
                   lambda lever, factor, left: measured(dual, lever, factor, plan,
                                                        (left, names)), seconds, workers)


Measure = Callable[[Lever, float, float], Step]
"""The step of a lever moved by a factor, measured within so many seconds."""


def stepped(dual: Dual, reachable: frozenset[tuple[str, str]],
            used: Callable[[Lever], np.ndarray], measure: Measure,
            seconds: float | None = None, workers: int = 1) -> tuple[Step, ...]:
    """Each lever raised by STEP_SHARE and, where the plan uses (`used`) more than the cut
    limits allow, cut by STEP_SHARE; each move measured within what the earlier ones left of
    `seconds` (default: STEPS_TIME_SHARE of the time limit), the raises first: a raise starts
    from the run's plan,
    which keeps the raised limit, where a cut repairs its way to a plan (at 60,000 customers
    the budget cut took 50 s on 2 shared cores, and left the moves after it no time).
    `workers` moves are measured at a time, each begun in that order; each stops on its own
    counts, so the steps are the same for any number of workers."""
    moves = []
    for lever in levers(dual, reachable):
        moves.append((lever, 1 + STEP_SHARE))
        limits = _family(dual, lever).limits[lever.rows]
        if (used(lever) > limits * (1 - STEP_SHARE)).any():
            moves.append((lever, 1 - STEP_SHARE))
    deadline = Deadline(steps_seconds(dual.scenario, None) if seconds is None else seconds)

    def begun(at: int) -> Step:
        lever, factor = moves[at]
        if deadline.passed():  # the time is spent: the step stopped before it began
            return Step(lever.constraint, lever.label, lever.limit, lever.limit * factor,
                        "re-solved", None, proven=False, unmeasured="time spent")
        return measure(lever, factor, deadline.left())

    order = sorted(range(len(moves)), key=lambda at: moves[at][1] < 1)  # raises first
    if workers <= 1:
        steps = {at: begun(at) for at in order}
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            steps = dict(zip(order, pool.map(begun, order), strict=True))
    return tuple(steps[at] for at in range(len(moves)))


def measured(dual: Dual, lever: Lever, factor: float, plan: Solved,
             given: tuple[float, Names]) -> Step:
    """The step of one move: the decomposition re-run at the moved limit from the run's
    multipliers, its change in value with both runs' gaps, its package changes and where
    they begin."""
    seconds, names = given
    ends_at = time.perf_counter() + seconds
    valued, scenario = moved_book(dual, lever, factor)
    found = decompose(valued, scenario, dual.decisions,
                      step_settings(dual, lever, plan, seconds))
    step = Step(lever.constraint, lever.label, lever.limit, lever.limit * factor, "re-solved",
                None, proven=found.result.stopped_on != StoppedOn.TIME_LIMIT)
    if found.uncovered or found.result.status == Status.INFEASIBLE:
        return replace(step, how="no plan", cause=_cause(valued, scenario, found, ends_at))
    return _read(dual, lever, step, plan, (found, names))


def step_settings(dual: Dual, lever: Lever, plan: Solved, seconds: float) -> Settings:
    """A re-run's settings: started from the run's multipliers and, where it keeps every row
    at the moved limit, from the run's plan (a near-optimal start for a move of a fifth), to
    the run's gap target, branching on the packages where a gap remains and the lever's rows
    take packages (the budget: a tier's package is lumpy there; RM hours take none), its
    multiplier first moved to the nearest package break where the bound is lower
    (search/along.py). Every re-run repairs from the plan's RMs where the book would have the
    assignment LP (search/multipliers.Settings.rms), a grade's hours' too (its repairs move
    the customers the moved hours no longer hold, or fill the hours added), and repairs every
    STEP_REPAIR_EVERY iterations."""
    solver = dual.scenario.solver
    priced = _family(dual, lever).on_s is not None
    index = next(i for i, f in enumerate(dual.families) if f.name == lever.constraint)
    return Settings(time_limit=seconds, gap=solver.gap, start=tuple(dual.multipliers),
                    seed=solver.seed, max_iterations=STEP_ITERATIONS, perturbations=0,
                    neighbourhoods=STEP_NEIGHBOURHOODS, plan=plan.values,
                    repair_every=STEP_REPAIR_EVERY, last_mip=False,
                    rms=plan.values[:dual.decisions.layout.n_x] > 0.5,
                    branch_packages=priced,
                    along=(index, int(lever.rows[0])) if priced and len(lever.rows) == 1
                    else None)


def _cause(valued: ValuedBook, scenario: Scenario, found: Decomposed, ends_at: float) -> str:
    """The requirement that fails at the moved limit, as on the exact path, on a book the LP
    covers whole (allocator.limit_steps.cause_of_no_plan), by the step's end (`ends_at`);
    customers no RM may serve are that of the mandatory coverage."""
    if found.uncovered:
        return "coverage_mandatory"
    if len(valued.customers) > WHOLE_BOOK or time.perf_counter() >= ends_at:
        return ""
    return cause_of_no_plan(build_problem(valued, scenario), ends_at)


RowUse = Callable[[tuple[int, int], float], float]
"""The subproblems' use of a row (family, row) with its multiplier at a price, the others
held at the run's (ranging.row_use over the whole book, or its parts' added up)."""


def _read(dual: Dual, lever: Lever, step: Step, plan: Solved,
          run: tuple[Decomposed, Names]) -> Step:
    found, names = run
    result = found.result
    if result.values is None or result.objective is None:
        return planless(step)
    return read_step(dual, (lever, step), plan,
                     Solved(result.values, result.objective, result.bound), (names, None))


def planless(step: Step) -> Step:
    """A re-run that found no plan and proved none impossible: its change is unknown, because
    the clock stopped it (not proven) or in its iterations."""
    return step if not step.proven else replace(step, unmeasured="no plan in iterations")


def read_step(dual: Dual, moved: tuple[Lever, Step], plan: Solved, then: Solved,
              known: tuple[Names, RowUse | None]) -> Step:
    """The step from the plan to the re-run's (`then`, its values over dual.decisions): its
    change with both runs' gaps, its package changes, their use of the lever's rows and the
    limit from which they begin (flip_limit, with `use` the rows' use)."""
    lever, step = moved
    names, use = known
    then_gap = absolute_gap(then.objective, then.bound)
    band = noise_band([absolute_gap(plan.objective, plan.bound), then_gap])
    packages = package_changes(dual.decisions, plan.values, then.values, names)
    if _lost_in_gap(dual, (plan, then), then_gap):
        return replace(step, short_of_gap=True, spread=np.inf if band is None else band)
    taken = float((plan_use(dual, lever, then.values, "s")
                   - plan_use(dual, lever, plan.values, "s")).sum())
    step = replace(step, change=then.objective - plan.objective,
                   spread=np.inf if band is None else band, packages=packages,
                   package_use=taken)
    if packages and len(lever.rows) == 1:
        step = replace(step, packages_from=flip_limit(dual, lever, step, names, use))
    return step


def _lost_in_gap(dual: Dual, runs: tuple[Solved, Solved], gap: float | None) -> bool:
    """Whether the re-run stopped short of its gap target with a gap of half its change or
    more: the true change may then be half the figure or less, and the packages it picked may
    be the search's noise rather than the step's."""
    plan, then = runs
    if gap is None:
        return True
    if gap <= dual.scenario.solver.gap * max(abs(then.objective), 1.0) * (1 + 1e-9):
        return False
    return gap >= LOST_IN_GAP * abs(then.objective - plan.objective)


def flip_limit(dual: Dual, lever: Lever, step: Step, names: Names,
               use: RowUse | None = None) -> float | None:
    """The limit from which the tier subproblems hold the package that takes more of the
    limit whole: the lever's multiplier moved (the others held) to where the first changed
    tier's package is overtaken, and the subproblems' use of the row just below that
    multiplier (the lever is a cap: a cheaper limit buys more). None where the multiplier
    cannot get there (it would go below zero) or the limit falls outside the step's move."""
    index = next(i for i, f in enumerate(dual.families) if f.name == lever.constraint)
    row = int(lever.rows[0])
    price = float(dual.multipliers[index][row])
    direction = -1.0 if step.loosens else 1.0  # a looser limit is a cheaper one
    tiers = [names.tiers.index(tier) for tier, _, _ in step.packages]
    distance = min((_overtaken(dual, index, row, tier, direction) for tier in tiers),
                   default=np.inf)
    at = price + direction * distance
    if not np.isfinite(distance) or at < 0:
        return None
    below = max(at - EPSILON * max(1.0, at), 0.0)
    use = use or partial(row_use, dual.decisions, dual.customers, dual.families,
                         dual.multipliers)
    limit = use((index, row), below)
    low, high = sorted((step.limit, step.moved_to))
    return limit if low <= limit <= high else None


def _overtaken(dual: Dual, index: int, row: int, tier: int, direction: float) -> float:
    """How far the multiplier must move (in `direction`) before another package overtakes the
    tier's best at the run's multipliers (inf if none does)."""
    d, family = dual.decisions, dual.families[index]
    flat = np.concatenate(dual.multipliers)
    priced = dual.customers.pricing[2].priced(d.s.value, flat)
    options = np.flatnonzero(d.s.tier == tier)
    if family.on_s is None or len(options) < 2:
        return np.inf
    rows, coefs = family.on_s.at(options)
    # an option's priced value changes by -sign * coef per unit of the multiplier
    breaks = envelope_breaks(priced[options], -family.sign * direction * np.where(
        rows == row, coefs, 0.0))
    return breaks[0] if breaks else np.inf
