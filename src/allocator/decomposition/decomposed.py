"""The decomposition's result (Decomposed): the best plan polished (local search, exchanges,
tabu search, restricted MIPs on its neighbourhoods) and held to its RMs' hours per month
(and, where their months left RM contacts out, restricted MIPs over those RMs' customers' RMs
and schedules: repair/month_exchange.py), with its status, the bound
and what stopped the solve, the multipliers of the bound and the prices they give each
coupling row; or the proof that no plan exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from allocator.backends import highs
from allocator.backends.base import SolveResult, Status, StoppedOn
from allocator.decomposition.clock import Deadline
from allocator.decomposition.coupling import Coupling, row_prices
from allocator.decomposition.early_ranges import EarlyRanges
from allocator.decomposition.repair.exchanges import exchanged
from allocator.decomposition.repair.local_search import SWAP_CUSTOMERS, improve, iterated
from allocator.decomposition.repair.month_exchange import exchange_months
from allocator.decomposition.repair.neighbourhood import (
    Reoptimized,
    first_levels,
    reoptimize,
    rm_count,
    whole_assignment,
)
from allocator.decomposition.repair.restore import Repaired, held_hours
from allocator.decomposition.repair.tabu import CANDIDATES, tabu_search
from allocator.decomposition.search.multipliers import Search, Settings, disproof
from allocator.decomposition.search.stopping import final_stop, relative_gap
from allocator.decomposition.subproblems import MANDATORY, Customers
from allocator.problem import Decisions

LP_SOLVER, LP_VERSION = highs.NAME, highs.VERSION
"""The backend of the decomposition's own LPs and QPs (through highspy, with the helpers of
backends/highs.py), whatever `solver.backend` names for the exact path: the solver a
decomposition's result names, in the manifest's `solver.backend` and the run's first line."""

IMPROVE_CUSTOMERS = 100_000
POLISH_CYCLES = 40
"""Cycles of tabu search, exchanges and restricted MIPs on the final plan at most: a count, so
a polish that ends on it gives the same plan on any machine; a cycle without a better plan
does not end it (STALLED_CYCLES in a row do)."""
STALLED_CYCLES = 3
"""The polish ends after this many cycles in a row without a better plan (a count), each
searching elsewhere than the last."""
CYCLE_MIPS = 20
"""Restricted MIPs in each cycle at most (Settings.neighbourhoods in all)."""
SHAKE = 0.1
"""After the first cycle, each cycle's tabu search picks the customers' candidate RMs at the
bound's multipliers each shaken by a seeded factor within 1 +- this: other candidates lead
the search to other plans, where the same ones from the same best plan lead it back."""
TABU_MOVES_PER_CUSTOMER = 10
"""Moves of each cycle's tabu search (repair/tabu.py) per customer of the book, ..."""
FEWEST_TABU_MOVES = 5_000
"""... or this many on a small book, ..."""
TABU_WORK = 500_000_000
"""... within this many candidate columns priced in all."""


@dataclass(frozen=True)
class Decomposed:
    result: SolveResult
    prices: dict[tuple[str, str], float] = field(default_factory=dict)
    uncovered: tuple[str, ...] = ()
    """Customers of mandatory tiers that no RM may serve (the book is then infeasible)."""
    iterations: int = 0
    history: tuple[tuple[float, float | None], ...] = ()
    """(bound, best plan value) after each iteration."""
    multipliers: tuple[np.ndarray, ...] = ()
    """The multipliers of the bound, per coupling family."""
    families: tuple[str, ...] = ()
    """The name of each coupling family, in the order of `multipliers`."""
    reachable: frozenset[tuple[str, str]] = frozenset()
    """The coupling rows some plan can make tight (coupling.reachable_rows)."""
    stages: dict[str, float] = field(default_factory=dict)
    """Seconds of the solve's stages: `columns` (the coupling rows and each customer's
    choices, built), `repair` (the repairs, added up, also those run beside the search)."""
    built: tuple[Decisions, list[Coupling], Customers] | None = field(
        default=None, repr=False, compare=False)
    """The decisions, coupling rows and customers' choices the solve built, which its
    prices read again (priced.dual_of): a million customers' calendar takes a minute to
    build."""
    early_ranges: EarlyRanges | None = field(default=None, repr=False, compare=False)
    """The multipliers' ranges, begun in a forked process when the search stopped
    (early_ranges.py), where the solve was asked to."""


def polished(d: Decisions, cs: Customers, families: list[Coupling], search: Search,
             best: Repaired, settings: Settings, deadline: Deadline) -> tuple[Repaired, float]:
    """The final plan's RMs improved while it is above the gap target, on books up to
    IMPROVE_CUSTOMERS customers (beyond, building the move index costs more than the moves
    gain): rounds of shifts (and swaps on small books) and exchanges; then cycles of a tabu
    search (repair/tabu.py, seeded anew each cycle, from the best plan, its candidates at
    shaken prices after the first), exchanges and a few restricted MIPs on groups of RMs
    (neighbourhood.py, their neighbourhoods growing from cycle to cycle), until the plan is
    within the target, the MIPs prove its RMs optimal, STALLED_CYCLES cycles in a row find
    no better plan, POLISH_CYCLES cycles or the deadline: one cycle that finds no better plan
    does not stop the polish, the next one searches elsewhere. Then, unless its RMs were
    proven optimal, on small books iterated local search (kicks), until its counts run out;
    and last (Settings.last_mip), while the plan is above the target and time remains, one
    MIP over every pair of its customers (`whole_assignment`), until its plan is within the
    target, HiGHS proves it or the deadline: the polish does not stop on a stall. Also
    returns the bound: the search's, or on a book of RMs alone (`assignment_only`) a MIP
    over every pair's if lower."""
    target = Target(search.bound, settings.gap, assignment_only(d, cs, families))
    if target.reached(best.objective) or len(cs.kind) > IMPROVE_CUSTOMERS:
        return best, target.bound
    lam = search.best_lam or search.lam()
    priced = cs.pricing[0].priced(d.x.value, np.concatenate(lam or [np.zeros(0)]))
    best = exchanged(d, families, improve(d, families, best), priced)
    rng = np.random.default_rng(settings.seed)
    levels = first_levels(rm_count(d), len(d.x.customer))
    proven, stalled = False, 0
    for cycle in range(POLISH_CYCLES):
        if target.reached(best.objective) or deadline.passed() or stalled >= STALLED_CYCLES:
            break
        start = best.objective
        candidates = priced if cycle == 0 else shaken_prices(d, cs, lam, rng)
        best = tabu_search(d, families, best, candidates, deadline,
                           tabu_moves(len(cs.kind), len(d.x.customer)), settings.seed + cycle)
        if target.reached(best.objective) or deadline.passed():
            break
        best = exchanged(d, families, best, priced)
        mips = min(CYCLE_MIPS, settings.neighbourhoods - levels.solved)
        if mips > 0:
            found = reoptimize(d, families, best, deadline, settings.seed + cycle,
                               target.reached, priced, mips, levels)
            best, proven = found.plan, target.lowered(found)
        if proven:
            break  # its RMs proven optimal
        stalled = stalled + 1 if best.objective <= start else 0
    if len(cs.kind) <= SWAP_CUSTOMERS and not (proven or target.reached(best.objective)
                                               or deadline.passed()):
        best = iterated(d, families, best, deadline, settings.seed)
    if settings.last_mip and not (proven or target.reached(best.objective)
                                  or deadline.passed()):
        found = whole_assignment(d, families, best, deadline, target.bound, settings.gap)
        best = found.plan
        target.lowered(found)
    return best, target.bound


@dataclass
class Target:
    """The gap target against the lowest bound known: the search's, and on a book of RMs
    alone, a MIP's over every pair."""

    bound: float
    gap: float
    whole: bool
    """A MIP over every pair of the covered customers is the book's whole MIP
    (`assignment_only`): its bound is the book's."""

    def reached(self, value: float) -> bool:
        return relative_gap(self.bound, value) <= self.gap

    def lowered(self, found: Reoptimized) -> bool:
        """Take the MIPs' bound where it is the book's; whether they proved the plan's RMs
        optimal."""
        if self.whole and found.bound is not None:
            self.bound = min(self.bound, found.bound)
        return found.proven


def assignment_only(d: Decisions, cs: Customers, families: list[Coupling]) -> bool:
    """Whether the book's only choice is each customer's RM: no offers, at most one package
    per tier, every customer with an RM to serve in a mandatory tier, every row hard and on
    the RMs alone. A MIP over every customer-RM pair is then the book's whole MIP."""
    return (len(d.y.offer) == 0 and len(np.unique(d.s.tier)) == len(d.s.tier)
            and bool(np.all(cs.kind[d.x.customer] == MANDATORY))
            and cs.schedules is None and cs.rm_months is None
            and all(f.penalty is None and f.through_rm is None for f in families))


def shaken_prices(d: Decisions, cs: Customers, lam: list[np.ndarray],
                  rng: np.random.Generator) -> np.ndarray:
    """Each x column's value at the multipliers each shaken by a seeded factor within
    1 +- SHAKE."""
    shaken = [m * rng.uniform(1 - SHAKE, 1 + SHAKE, len(m)) for m in lam]
    return cs.pricing[0].priced(d.x.value, np.concatenate(shaken or [np.zeros(0)]))


def tabu_moves(customers: int, columns: int) -> int:
    """The tabu search's moves on a book: TABU_MOVES_PER_CUSTOMER a customer (at least
    FEWEST_TABU_MOVES), within TABU_WORK columns priced in all (each move prices every
    candidate column)."""
    return int(min(max(TABU_MOVES_PER_CUSTOMER * customers, FEWEST_TABU_MOVES),
                   TABU_WORK // max(min(columns, CANDIDATES * customers), 1)))


def within_target(search: Search, best: Repaired | None, settings: Settings) -> bool:
    """Whether the best plan is within the gap target of the bound: the solve may stop."""
    return best is not None and relative_gap(search.bound, best.objective) <= settings.gap


def finish(d: Decisions, cs: Customers, families: list[Coupling], search: Search,
           best: Repaired | None, settings: Settings, deadline: Deadline,
           ended: tuple[int, StoppedOn], history: list[tuple[float, float | None]]
           ) -> Decomposed:
    """The result: the best plan, polished; stopped on the time limit if the clock stopped
    any part of the solve, else on the gap if the plan is within it, else on what stopped
    the search."""
    iterations, reason = ended
    lam = search.best_lam or search.lam()
    bound = float(search.bound)
    prices = row_prices(families, lam)
    if best is not None:
        best, bound = polished(d, cs, families, search, best, settings, deadline)
        best = held_hours(d, cs, families, best)
    if best is not None and relative_gap(bound, best.objective) > settings.gap and (
            len(cs.kind) <= IMPROVE_CUSTOMERS):
        best = exchange_months(d, cs, families, best, deadline,
                               lambda value: relative_gap(bound, value) <= settings.gap)
    if best is None:
        result = solve_result(Status.NO_SOLUTION, None, bound, deadline,
                              final_stop(deadline, False, reason),
                              "no plan keeping every constraint was found")
        return Decomposed(result, prices, iterations=iterations, history=tuple(history),
                          multipliers=tuple(lam), families=tuple(f.name for f in families))
    values = np.concatenate([best.x, best.y, best.s]).astype(float)
    within = relative_gap(bound, best.objective) <= settings.gap
    status = Status.OPTIMAL if within else Status.FEASIBLE
    message = "" if status == Status.OPTIMAL else "stopped above the gap target"
    result = SolveResult(status, values, best.objective, max(bound, best.objective),
                         LP_SOLVER, LP_VERSION, deadline.elapsed(), message,
                         stop=final_stop(deadline, within, reason))
    return Decomposed(result, prices, iterations=iterations, history=tuple(history),
                      multipliers=tuple(lam), families=tuple(f.name for f in families))


def disproved(search: Search, deadline: Deadline, iterations: int,
              history: list[tuple[float, float | None]]) -> Decomposed:
    """The search proved that no plan exists: its bound fell below any plan's value."""
    lam = search.best_lam or search.lam()
    message = disproof(search.bound, search.floor)
    return Decomposed(solve_result(Status.INFEASIBLE, None, search.bound, deadline,
                                   StoppedOn.PROOF, message),
                      row_prices(search.families, lam), iterations=iterations,
                      history=tuple(history), multipliers=tuple(lam),
                      families=tuple(f.name for f in search.families))


def solve_result(status: Status, values: np.ndarray | None, bound: float | None,
                 deadline: Deadline, stop: StoppedOn, message: str = "") -> SolveResult:
    """The decomposition's result without a plan."""
    return SolveResult(status, values, None, bound, LP_SOLVER, LP_VERSION, deadline.elapsed(),
                       message, stop=stop)
