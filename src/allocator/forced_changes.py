"""Which of a what-if's changes its lever forced, and which were free.

A change is a customer whose RM, or whose offers, differ between run A (the base) and run B.
In B's own problem (its book, limits and values, rebuilt from B's saved inputs), the changes
that can be undone together are found by one small MIP (allocator.closeness.most_undone): a
binary per change (the customer's RM, or offers, put back to A's); B's plan with those changes
undone must keep every limit (a soft row already past its limit in B is left as it is) and be
worth no less than B's plan; it undoes as many as it can. Those changes are **free**: B could
have kept all of them as in A at no cost. The rest are **forced**: A's choice is not open to
the customer in B (not eligible, or the customer is not in B's book), or keeping the most of
A's choices at no cost still needs the change. If the MIP stops on its node count, its best
solution counts: the free changes can still all be undone together (a lower bound), and the
forced count is an upper bound of what the lever needs.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book.book import Book
from allocator.checks import PlanInputs
from allocator.closeness import BasePlan, agreement, changes_against, most_undone
from allocator.errors import UserError
from allocator.plan import Plan
from allocator.problem import AllocationProblem, build_problem
from allocator.valuation import ValuedBook, value_book

FORCED, FREE = "forced", "free"


def classify_changes(inputs: PlanInputs, plan: Plan, base: BasePlan, changed: pd.DataFrame,
                     claimed: float | None = None) -> pd.DataFrame:
    """For each changed customer (customer_id, rm_changed, offers_changed), whether the RM
    change and the offers change were forced or free ('' where that part did not change).
    UserError if B's plan, rebuilt from its inputs, is not worth what B claimed."""
    valued = _valued(inputs)
    problem = build_problem(valued, inputs.scenario)
    d = problem.decisions
    ids = valued.customers[c.CUSTOMER_ID].astype(str)
    values = np.zeros(problem.n_cols)
    values[:d.layout.n_x + d.layout.n_y] = agreement(d, valued, BasePlan(
        plan.assignments, plan.offers, frozenset(ids)))
    values[problem.col_block("s")] = _chosen_packages(valued, plan)
    _same_worth(problem, values, claimed)
    changes = changes_against(valued, d, values, base)
    undone, _ = most_undone(problem, values, agreement(d, valued, base), changes)
    free = {(str(ids.iloc[change.customer]), change.part)
            for change, undo in zip(changes, undone, strict=True) if undo}
    rows = changed.reset_index(drop=True)
    out = rows[[c.CUSTOMER_ID]].copy()
    for part in ("rm", "offers"):
        is_free = np.array([(str(i), part) in free for i in rows[c.CUSTOMER_ID]], dtype=bool)
        on = rows[f"{part}_changed"].to_numpy(bool)
        out[f"{part}_change"] = np.where(on, np.where(is_free, FREE, FORCED), "")
    return out


def _same_worth(problem: AllocationProblem, values: np.ndarray, claimed: float | None) -> None:
    if claimed is None or problem.penalties:  # soft limits: B's slacks are not rebuilt
        return
    worth = float(problem.objective @ values)
    if abs(worth - claimed) > 1e-6 * max(1.0, abs(claimed)):
        raise UserError(f"compare: run B's plan rebuilt from its inputs is worth {worth:,.2f}, "
                        f"not the {claimed:,.2f} it claims; cannot tell forced changes from "
                        "free ones (is the run folder complete and unchanged?).")


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
