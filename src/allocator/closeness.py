"""Closeness to a base plan: among plans worth the same within the gap, prefer the one that keeps
the most of a base plan's choices, so a what-if changes only what its lever makes it change.

The base is a run folder's plan (`allocate SCENARIO --base RUN_DIR`: its RMs and offers), the
previous point's plan in a sweep, by default for a what-if the latest plain run of its scenario
and data (allocator.plain_run; planned first where there is none: allocator.api), and for a
plain run today's books (each customer's incumbent RM; offers are then free), with a reference
assignment for customers without one (allocator.reference).

How: a second, lexicographic phase after either solve path. The solved plan's changes against
the base (a customer's RM, or a customer's offers) are the candidates; one small MIP, a binary
per change, undoes as many of them as it can together while every limit holds and the plan
loses at most an allowance: SHARE of the gap target, and never more than the room left below
the target (so a plan within the target stays within it, and its status stays true). A
changed customer may instead go to an RM the base gives no customer (one a what-if adds)
where that lets another go back to its base RM: an undo alone never moves a customer to a
third RM, so a plan that gave the added RM the base's customer and the base's RM a customer
the base left out could not be taken back. Its work is bounded by a count of branch-and-bound
nodes, and within a run by the run's deadline. Only the plan changes; the bound stays the
solve's, the objective is the new plan's own value, and the checker recomputes it.

Why not a tie-break weight on the columns that agree with the base: on the decomposition path
the plan follows the RM-hour prices, whose differences between RMs dwarf any weight small
enough never to trade real value, so equally good plans still churned (Bank Marketing, budget
48k -> 60k against the 48k run: 1,038 customers still changed RM with the weight, every one of
those changes free by `allocate compare`; none changed RM with this phase).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from allocator import columns as c
from allocator.backends.highs import _banner_silenced, linear_program
from allocator.backends.highs_threads import run_highs
from allocator.campaigns.rows import added_columns, with_contacts_made
from allocator.csv_cells import read_people_csv
from allocator.errors import UserError
from allocator.plan import Plan
from allocator.problem import AllocationProblem, Decisions
from allocator.run_folder import sweep_given
from allocator.valuation import ValuedBook

SHARE = 0.1
"""The most value the phase may give up, as a share of the gap target."""
MAX_NODES = 2_000
"""Branch-and-bound nodes of the phase's MIP: a count, so the same plan gives the same result."""
TIME_LIMIT = 60.0
"""A safety stop only: the node count ends the MIP first on every book measured. Within a run,
the time left before its deadline stops it sooner (allocator.optimize)."""
TOLERANCE = 1e-6
MAX_SPARE = 50_000
"""The most moves of changed customers to spare RMs the phase's MIP weighs (a count)."""
SPARE_COST = 1e-3
"""What a move to a spare RM counts against an undone change (1): made only where it lets
another change be undone."""
PARTS = ("rm", "offers")


@dataclass(frozen=True)
class BasePlan:
    """The choices a what-if keeps where it can: RMs and offers by customer id."""

    assignments: pd.DataFrame
    """customer_id, rm_id."""
    offers: pd.DataFrame
    """customer_id, offer_id."""
    customers: frozenset[str]
    """The customers whose RM the base decides (an RM, or none if not in `assignments`)."""
    decides_offers: bool = True
    """Whether the base decides the customers' offers (today's books do not)."""
    source: str = ""
    """Where it comes from, for the manifest: incumbent_rm (today's books), reference,
    incumbent_rm+reference (allocator.reference), a sweep's point, or a run folder."""
    reference: int = 0
    """The customers without an RM today whose RM the reference assignment decides."""
    stopped_on: str = "count"
    """"time_limit" where the run's deadline stopped the reference assignment (today's books
    alone then)."""


@dataclass(frozen=True)
class Kept:
    """What the phase did, for the manifest."""

    base: str
    changes: int
    """Changes against the base that could be undone (the base's choice open here)."""
    undone: int
    stopped_on: str = "count"
    """What ended the search for changes to undo: its node count or proof ("count"), or its
    safety time limit ("time_limit": then which changes are undone depends on the clock)."""
    reference: int = 0
    """The customers without an RM today whose RM a reference assignment decided."""
    to_spare: int = 0
    """Changed customers moved to an RM the base gives no customer (one a what-if adds), so
    that others could be undone."""
    why: str = ""
    """Why this base, where a what-if took it by default (allocator.plain_run): the latest
    plain run of its scenario and data ("latest_plain_run"), or there was none
    ("no_plain_run", today's books); "" where it was given, or the run is no what-if."""
    begun: bool = True
    """False where the run's time limit was reached before the search began: the plan is the
    solve's, its changes against the base not counted."""


@dataclass(frozen=True)
class Change:
    customer: int
    """The customer's row in the valued book."""
    part: str
    """'rm' or 'offers'."""
    columns: np.ndarray
    """The customer's decision columns of that part."""


def todays_books(valued: ValuedBook) -> BasePlan:
    """Each customer with an incumbent RM kept with that RM; the others and offers free."""
    customers = valued.customers
    known = customers[c.INCUMBENT_RM].notna().to_numpy()
    ids = customers[c.CUSTOMER_ID].to_numpy(dtype=object)[known].astype(str)
    assignments = pd.DataFrame({c.CUSTOMER_ID: ids, c.RM_ID: customers[c.INCUMBENT_RM]
                                .to_numpy(dtype=object)[known].astype(str)})
    return BasePlan(assignments, pd.DataFrame({c.CUSTOMER_ID: [], c.OFFER_ID: []}),
                    frozenset(ids), decides_offers=False, source="incumbent_rm")


def base_of_plan(plan: Plan, customers: pd.Series, source: str = "previous_point") -> BasePlan:
    """A plan of the customers `customers` (ids) as a base, named `source`."""
    return BasePlan(plan.assignments[[c.CUSTOMER_ID, c.RM_ID]].astype(str),
                    plan.offers[[c.CUSTOMER_ID, c.OFFER_ID]].astype(str),
                    frozenset(customers.astype(str)), source=source)


def base_of_run(folder: Path, source: str = "") -> BasePlan:
    """The plan of a run folder (of a whole book, or of a book in parts), named `source`
    (default: the folder)."""
    plans = sorted((folder / "customer_plan").glob("part-*.parquet")) or [
        folder / "customer_plan.parquet"]
    offers = sorted((folder / "offer_plan").glob("part-*.parquet")) or [folder / "offer_plan.csv"]
    missing = [p for p in [*plans, *offers] if not p.exists()]
    if missing or not (folder / "manifest.json").exists():
        raise sweep_given(folder, f"--base {folder}") or UserError.said(
            "base_not_a_run", folder=folder, file=(missing or [folder / "manifest.json"])[0].name)
    customers = pd.concat([pd.read_parquet(p, columns=[c.CUSTOMER_ID, c.RM_ID]) for p in plans])
    made = pd.concat([_read_offers(p) for p in offers])
    assignments = customers.loc[customers[c.RM_ID].notna()].astype(str)
    return BasePlan(assignments, made.astype(str),
                    frozenset(customers[c.CUSTOMER_ID].astype(str)), source=source or str(folder))


def shares_customers(base: BasePlan, valued: ValuedBook) -> None:
    """Refuse a base that decides none of this book's customers (a run of another book): it
    would keep nothing, and the manifest would read as full agreement."""
    ids = valued.customers[c.CUSTOMER_ID].astype(str)
    if base.customers and len(ids) and not ids.isin(base.customers).any():
        raise UserError.said("base_other_book", source=base.source,
                             customers=f"{len(base.customers):,}")


def _read_offers(path: Path) -> pd.DataFrame:
    columns = [c.CUSTOMER_ID, c.OFFER_ID]
    if path.suffix == ".parquet":
        return pd.read_parquet(path, columns=columns)
    return read_people_csv(path, usecols=columns, dtype=str)


def agreement(d: Decisions, valued: ValuedBook, base: BasePlan) -> np.ndarray:
    """Which decision columns (x, y) take the base's choice."""
    ids = valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)
    rm_ids = valued.rms[c.RM_ID].to_numpy(dtype=object)
    offer_ids = np.array(valued.offer_ids, dtype=object)
    x = _pairs_in(ids[d.x.customer], rm_ids[d.x.rm], base.assignments, c.RM_ID)
    y = _pairs_in(ids[d.y.customer], offer_ids[d.y.offer], base.offers, c.OFFER_ID)
    return np.concatenate([x, y])


def _pairs_in(left: np.ndarray, right: np.ndarray, base: pd.DataFrame, column: str
              ) -> np.ndarray:
    if not len(left) or base.empty:
        return np.zeros(len(left), dtype=bool)
    wanted = pd.MultiIndex.from_arrays([base[c.CUSTOMER_ID].astype(str),
                                        base[column].astype(str)])
    pairs = pd.MultiIndex.from_arrays([pd.Index(left).astype(str), pd.Index(right).astype(str)])
    return np.asarray(pairs.isin(wanted), dtype=bool)


def changes_against(valued: ValuedBook, d: Decisions, values: np.ndarray, base: BasePlan
                    ) -> list[Change]:
    """The plan's changes against the base that could be undone: the customer's part differs
    from the base's, and the base's choice is among the customer's decisions here."""
    kept = agreement(d, valued, base)
    chosen = values[:len(kept)] > 0.5
    differs = kept != chosen
    n = len(valued.customers)
    decided = valued.customers[c.CUSTOMER_ID].astype(str).isin(base.customers).to_numpy()
    with_rm = valued.customers[c.CUSTOMER_ID].astype(str).isin(
        set(base.assignments[c.CUSTOMER_ID])).to_numpy()
    open_rm = np.bincount(d.x.customer, kept[:len(d.x.rm)], minlength=n) > 0
    x_cols, y_cols = _columns_by_customer(d, n)
    rm = decided & (open_rm | ~with_rm) & (np.bincount(
        d.x.customer, differs[:len(d.x.rm)], minlength=n) > 0)
    changes = [Change(int(i), "rm", x_cols[i]) for i in np.flatnonzero(rm)]
    if base.decides_offers:
        wanted = base.offers[c.CUSTOMER_ID].value_counts().reindex(
            valued.customers[c.CUSTOMER_ID].astype(str), fill_value=0).to_numpy()
        y_kept = kept[len(d.x.rm):]
        open_offers = np.bincount(d.y.customer, y_kept, minlength=n) == wanted
        offers = decided & open_offers & (np.bincount(
            d.y.customer, differs[len(d.x.rm):], minlength=n) > 0)
        changes += [Change(int(i), "offers", y_cols[i]) for i in np.flatnonzero(offers)]
    return changes


def _columns_by_customer(d: Decisions, n: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    x_order = np.argsort(d.x.customer, kind="stable")
    y_order = np.argsort(d.y.customer, kind="stable")
    x_split = np.searchsorted(d.x.customer[x_order], np.arange(1, n))
    y_split = np.searchsorted(d.y.customer[y_order], np.arange(1, n))
    return np.split(x_order, x_split), np.split(y_order + len(d.x.rm), y_split)


def spare_moves(problem: AllocationProblem, valued: ValuedBook, values: np.ndarray,
                base: BasePlan, changes: list[Change]) -> list[Spare]:
    """The moves of the customers whose RM changed to an RM the base gives no customer (an RM
    a what-if adds, or one the base left idle): none where there are more than MAX_SPARE."""
    busy = set(base.assignments[c.RM_ID].astype(str))
    spare = ~valued.rms[c.RM_ID].astype(str).isin(busy).to_numpy()
    x_rm = problem.decisions.x.rm
    moves = [Spare(k, int(col)) for k, change in enumerate(changes) if change.part == "rm"
             for col in change.columns if spare[x_rm[col]] and values[col] < 0.5]
    return moves if len(moves) <= MAX_SPARE else []


def most_undone(problem: AllocationProblem, values: np.ndarray, kept: np.ndarray,
                changes: list[Change], allowance: float = 0.0, spare: list[Spare] | None = None,
                seconds: float = TIME_LIMIT) -> tuple[np.ndarray, np.ndarray, str]:
    """Which changes the largest set that can be undone together undoes: every limit holds
    (a row already past its limit, a soft one, is left as it is) and the plan loses at most
    `allowance`. `kept` marks the base's columns (x, y). A changed customer may instead move
    to a spare RM (`spare`, spare_moves), as few as need to, where that lets others be
    undone: an added RM takes a customer the base did not serve, and the base's customer
    goes back to the RM it had. The added columns (the RM contacts each RM makes) move with
    the decisions as the rows that define them allow. With which spare moves were made and
    what stopped the search: its node count or its proof ("count"), or its time limit
    (`seconds`, "time_limit")."""
    spare = spare or []
    if not changes:
        return np.zeros(0, dtype=bool), np.zeros(0, dtype=bool), "count"
    cols = np.concatenate([change.columns for change in changes])
    owner = np.repeat(np.arange(len(changes)), [len(change.columns) for change in changes])
    delta = kept[cols].astype(float) - np.round(values[cols])
    moved, moved_owner, moved_delta = _spare_deltas(values, changes, spare)
    added = added_columns(problem)
    n = len(changes) + len(spare)
    undo = sp.csr_matrix((np.r_[delta, moved_delta, np.ones(len(added))],
                          (np.r_[cols, moved, added],
                           np.r_[owner, len(changes) + moved_owner, n + np.arange(len(added))])),
                         shape=(problem.n_cols, n + len(added)))
    effect = (problem.matrix @ undo).tocsr()
    touched = np.flatnonzero(np.diff(effect.indptr))
    activity = (problem.matrix @ values)[touched]
    lower, upper = problem.row_lower[touched], problem.row_upper[touched]
    past = (activity < lower - TOLERANCE) | (activity > upper + TOLERANCE)
    low = np.where(past, 0.0, lower - activity) - TOLERANCE
    high = np.where(past, 0.0, upper - activity) + TOLERANCE
    worth = sp.csr_matrix(np.asarray(problem.objective, dtype=float) @ undo)
    one_each = _one_each(changes, spare, n + len(added))
    matrix = sp.vstack([effect[touched], worth, one_each])
    floor = -max(allowance, 0.0) - TOLERANCE
    rows = (np.r_[low, floor, np.zeros(one_each.shape[0])],
            np.r_[high, np.inf, np.ones(one_each.shape[0])])
    gains = np.r_[-np.ones(len(changes)), np.full(len(spare), SPARE_COST)]
    chosen, stopped = _largest(matrix, rows, (gains, seconds), -np.round(values[added]))
    return chosen[:len(changes)], chosen[len(changes):], stopped


@dataclass(frozen=True)
class Spare:
    """A changed customer's move to a spare RM (closeness.spare_moves)."""

    change: int
    """The change (its index) whose customer moves."""
    column: int
    """The x column (the customer, the spare RM) it takes."""


def _spare_deltas(values: np.ndarray, changes: list[Change], spare: list[Spare]
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each spare move's columns, its index and its change of each column: the customer's
    RM columns of the plan left, the spare RM's taken."""
    cols: list[np.ndarray] = [np.zeros(0, dtype=int)]
    owner: list[np.ndarray] = [np.zeros(0, dtype=int)]
    delta: list[np.ndarray] = [np.zeros(0)]
    for at, move in enumerate(spare):
        mine = changes[move.change].columns
        cols += [mine, np.array([move.column])]
        owner += [np.full(len(mine) + 1, at)]
        delta += [-np.round(values[mine]), np.ones(1)]
    return (np.concatenate(cols).astype(int), np.concatenate(owner),
            np.concatenate(delta).astype(float))


def _one_each(changes: list[Change], spare: list[Spare], width: int) -> sp.csr_matrix:
    """Rows: a change is undone or its customer moves to one spare RM, at most one of them."""
    with_spare = sorted({move.change for move in spare})
    if not with_spare:
        return sp.csr_matrix((0, width))
    row_of = {k: i for i, k in enumerate(with_spare)}
    rows = [*range(len(with_spare)), *(row_of[move.change] for move in spare)]
    cols = [*with_spare, *(len(changes) + np.arange(len(spare)))]
    return sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(with_spare), width))


def _largest(matrix: sp.spmatrix, rows: tuple[np.ndarray, np.ndarray],
             objective: tuple[np.ndarray, float], moves: np.ndarray) -> tuple[np.ndarray, str]:
    """The 0/1 vector of the first len(gains) columns of the least `gains` within the row
    bounds (none if no solution), the rest continuous moves of at least `moves`; and whether
    the time limit (`objective`: the gains and the seconds) stopped the search."""
    import highspy

    gains, seconds = objective
    with _banner_silenced():
        highs: Any = highspy.Highs()
    for option, value in (("output_flag", False), ("time_limit", seconds),
                          ("mip_max_nodes", MAX_NODES), ("mip_rel_gap", 0.0),
                          ("random_seed", 0)):
        highs.setOptionValue(option, value)
    n = len(gains)
    m = n + len(moves)
    lp = linear_program(matrix, np.r_[gains, np.zeros(len(moves))],
                        (np.r_[np.zeros(n), moves], np.r_[np.ones(n), np.full(len(moves),
                                                                                np.inf)]),
                        rows, highspy)
    lp.integrality_ = ([highspy.HighsVarType.kInteger] * n
                       + [highspy.HighsVarType.kContinuous] * len(moves))
    highs.passModel(lp)
    highs.setSolution(m, np.arange(m, dtype=np.int32), np.zeros(m))  # undoing nothing holds
    run_highs(highs)
    timed_out = highs.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    stopped = "time_limit" if timed_out else "count"
    if highs.getInfo().primal_solution_status != 2:
        return np.zeros(n, dtype=bool), stopped
    return np.asarray(highs.getSolution().col_value)[:n] > 0.5, stopped


def closest(problem: AllocationProblem, valued: ValuedBook, values: np.ndarray,
            base: BasePlan, allowance: float, seconds: float = TIME_LIMIT
            ) -> tuple[np.ndarray, Kept]:
    """The plan with the most of its changes against the base undone (see above), its MIP
    stopped after `seconds` at the latest (at most TIME_LIMIT)."""
    d = problem.decisions
    changes = changes_against(valued, d, values, base)
    if not changes:
        return values, Kept(base.source, 0, 0, base.stopped_on, reference=base.reference)
    kept = agreement(d, valued, base)
    spare = spare_moves(problem, valued, values, base, changes)
    undone, moved, stopped = most_undone(problem, values, kept, changes, allowance, spare,
                                         min(seconds, TIME_LIMIT))
    out = values.copy()
    for change, undo in zip(changes, undone, strict=True):
        if undo:
            out[change.columns] = kept[change.columns]
    for move in (move for move, made in zip(spare, moved, strict=True) if made):
        out[changes[move.change].columns] = 0.0
        out[move.column] = 1.0
    stopped = "time_limit" if base.stopped_on == "time_limit" else stopped
    kept_plan = Kept(base.source, len(changes), int(undone.sum()), stopped, base.reference,
                     to_spare=int(moved.sum()))
    return with_contacts_made(problem, out), kept_plan


def allowance(objective: float, bound: float | None, gap: float) -> float:
    """What the phase may give up: SHARE of the gap target, within the room left below it."""
    if bound is None:
        return 0.0
    room = gap * max(abs(objective), 1.0) - max(bound - objective, 0.0)
    return max(min(SHARE * gap * max(abs(objective), 1.0), room), 0.0)
