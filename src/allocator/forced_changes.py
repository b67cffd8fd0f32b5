"""Which of a what-if's changes its lever forced, and which were free.

A change is a customer whose RM, or whose offers, differ between run A (the base) and run B.
A change is **free** when the lever's changed limits do not need it, seen from either side:

- B could have kept A's choice: in B's own problem (its book, limits and values, rebuilt from
  B's saved inputs), one small MIP (allocator.closeness.most_undone) undoes as many changes
  as it can together (a binary per change: the customer's RM, or offers, put back to A's);
  B's plan with those undone must keep every limit of B (a soft row already past its limit
  is left as it is) and be worth no less than B's plan; a changed customer may go to an RM
  A gives no customer (one B adds) where that lets another go back to A's choice;
- or A could have made B's choice: the same MIP in A's own problem makes as many of B's
  choices as it can in A's plan, keeping every limit of A and A's worth. A choice open under
  A's limits at no cost did not need the lever: B reached it because its solve differs
  from A's within the runs' gaps (an RM move that a budget raise cannot touch, which B
  found and A's solve did not), not because its limits moved.

The rest are **forced**: A's choice is not open to the customer in B (not eligible, or the
customer is not in B's book), or keeping the most of A's choices at no cost still needs the
change, and A could not have made it within its own limits at no cost. If a MIP stops on its
node count, its best solution counts: the free changes can still all be undone together (a
lower bound), and the forced count is an upper bound of what the lever needs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book.book import Book
from allocator.campaigns.rows import with_contacts_made
from allocator.checks import PlanInputs
from allocator.closeness import (
    BasePlan,
    agreement,
    base_of_plan,
    changes_against,
    most_undone,
    spare_moves,
)
from allocator.errors import UserError
from allocator.plan import Plan
from allocator.problem import AllocationProblem, build_problem
from allocator.valuation import ValuedBook, value_book

FORCED, FREE, NEW, RETURNED = "forced", "free", "new rm", "own rm"
"""Why a change was made: the lever needed it, it did not, or (an RM change) the customer
went to an RM that only B has (added capacity, not a forced move), or back to their own RM
(today's: a return to the customer's RM, never a forced move)."""


@dataclass(frozen=True)
class SavedRun:
    """A run as its folder saved it: its inputs, its plan and the value it claimed."""

    inputs: PlanInputs
    plan: Plan
    claimed: float | None = None


def classify_changes(b: SavedRun, base: BasePlan, changed: pd.DataFrame,
                     a: SavedRun | None = None) -> pd.DataFrame:
    """For each changed customer (customer_id, rm_changed, offers_changed), whether the RM
    change and the offers change were forced or free ('' where that part did not change):
    free if B could have kept A's choice (`base`, A's plan) at no cost, or A (where given)
    could have made B's choice at no cost; an RM change to an RM A does not have (where A is
    given) is new, and one back to the customer's own RM (today's) a return, whatever its
    cause. UserError if a plan, rebuilt from its inputs, is not worth what its run
    claimed."""
    free = _kept_at_no_cost(b, base)
    if a is not None:
        ids = b.inputs.customers[c.CUSTOMER_ID].astype(str)
        free |= _kept_at_no_cost(a, base_of_plan(b.plan, ids, "B"))
    rows = changed.reset_index(drop=True)
    out = rows[[c.CUSTOMER_ID]].copy()
    for part in ("rm", "offers"):
        is_free = np.array([(str(i), part) in free for i in rows[c.CUSTOMER_ID]], dtype=bool)
        on = rows[f"{part}_changed"].to_numpy(bool)
        out[f"{part}_change"] = np.where(on, np.where(is_free, FREE, FORCED), "")
    if a is not None:
        to_new = rows[c.CUSTOMER_ID].astype(str).isin(_with_new_rms(b, a)).to_numpy()
        out["rm_change"] = np.where(to_new & rows["rm_changed"].to_numpy(bool), NEW,
                                    out["rm_change"])
    back = rows[c.CUSTOMER_ID].astype(str).isin(_back_with_own_rm(b)).to_numpy()
    out["rm_change"] = np.where(back & rows["rm_changed"].to_numpy(bool), RETURNED,
                                out["rm_change"])
    return out


def _back_with_own_rm(b: SavedRun) -> set[str]:
    """The customers B gives their own RM (today's, `incumbent_rm`)."""
    customers = b.inputs.customers
    own = customers[c.INCUMBENT_RM].set_axis(customers[c.CUSTOMER_ID].astype(str))
    given = b.plan.assignments
    ids = given[c.CUSTOMER_ID].astype(str)
    mine = ids.map(own)
    same = mine.notna() & (mine.astype(str) == given[c.RM_ID].astype(str))
    return set(ids[same])


def _with_new_rms(b: SavedRun, a: SavedRun) -> set[str]:
    """The customers B gives an RM that A does not have."""
    known = set(a.inputs.rms[c.RM_ID].astype(str))
    given = b.plan.assignments
    return set(given.loc[~given[c.RM_ID].astype(str).isin(known), c.CUSTOMER_ID].astype(str))


def _kept_at_no_cost(run: SavedRun, base: BasePlan) -> set[tuple[str, str]]:
    """(customer id, part) of each of the run's changes against `base` that the run's plan
    could undo, all together, keeping every limit of its own problem and its worth."""
    valued = _valued(run.inputs)
    problem = build_problem(valued, run.inputs.scenario)
    d = problem.decisions
    ids = valued.customers[c.CUSTOMER_ID].astype(str)
    values = np.zeros(problem.n_cols)
    values[:d.layout.n_x + d.layout.n_y] = agreement(d, valued, BasePlan(
        run.plan.assignments, run.plan.offers, frozenset(ids)))
    values[problem.col_block("s")] = _chosen_packages(valued, run.plan)
    values = with_contacts_made(problem, values)
    _same_worth(problem, values, run.claimed)
    changes = changes_against(valued, d, values, base)
    spare = spare_moves(problem, valued, values, base, changes)
    undone, _, _ = most_undone(problem, values, agreement(d, valued, base), changes, 0.0, spare)
    return {(str(ids.iloc[change.customer]), change.part)
            for change, undo in zip(changes, undone, strict=True) if undo}


def _same_worth(problem: AllocationProblem, values: np.ndarray, claimed: float | None) -> None:
    if claimed is None or problem.penalties:  # soft limits: B's slacks are not rebuilt
        return
    worth = float(problem.objective @ values)
    if abs(worth - claimed) > 1e-6 * max(1.0, abs(claimed)):
        raise UserError.said("rebuilt_worth_differs", worth=f"{worth:,.2f}",
                             claimed=f"{claimed:,.2f}")


def _chosen_packages(valued: ValuedBook, plan: Plan) -> np.ndarray:
    s = valued.packages
    tiers = np.array(valued.tiers, dtype=object)[s.tier]
    packages = np.array(valued.package_ids, dtype=object)[s.package]
    chosen = set(zip(plan.packages[c.TIER].astype(str), plan.packages["package"].astype(str),
                     strict=True))
    return np.array([(str(t), str(p)) in chosen for t, p in zip(tiers, packages, strict=True)],
                    dtype=float)


def _valued(inputs: PlanInputs) -> ValuedBook:
    """Run B's valued book, from its saved inputs."""
    book = Book(inputs.customers, inputs.rms, inputs.offers, inputs.fit_scores, pd.DataFrame())
    return value_book(inputs.customers, book, inputs.scenario)
