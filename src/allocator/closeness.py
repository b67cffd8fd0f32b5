"""Closeness to a base plan: among plans worth the same within the gap, prefer the one that keeps
the most of a base plan's choices, so a what-if changes only what its lever makes it change.

The base is a run folder's plan (`allocate SCENARIO --base RUN_DIR`), the previous point's plan
in a sweep, or by default today's books (each customer's incumbent RM).

How: every decision column that agrees with the base (the customer's base RM, an offer the base
made) earns the same small tie-break weight w in the objective the solver sees. The weights add
up to at most T = SHARE x gap x V, V the base columns' value in this scenario, and the solver is
asked for a gap (1 - 2 SHARE) x gap; so a plan the solver accepts is within the scenario's gap of
the best plan whenever the plan is worth at least V, and the status says so only when it is
(`honest_result`). The tie-break never enters what is reported: the objective is the plan's own
value (the checker recomputes it), and the bound is the solver's bound of the weighted problem,
which is above the best plan's value because the weights are not negative. A weighted second
solve (keep the objective within the gap, maximize agreement) would give the same preference at
the price of a second MIP; the weights cost nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.errors import UserError
from allocator.plan import Plan
from allocator.problem import Decisions
from allocator.solvers.base import SolveResult, Status
from allocator.valuation import ValuedBook

SHARE = 0.02
"""The tie-break's total weight, as a share of the gap target times the base's value."""
ABOVE_TARGET = "stopped above the gap target"


@dataclass(frozen=True)
class BasePlan:
    """The choices a what-if keeps where it can: RMs and offers by customer id."""

    assignments: pd.DataFrame
    """customer_id, rm_id."""
    offers: pd.DataFrame
    """customer_id, offer_id."""


@dataclass(frozen=True)
class TieBreak:
    weights: np.ndarray
    """The extra objective of each decision column (x, y, s): w where it agrees with the base."""
    solver_gap: float
    """The gap the solver is asked for, so that the plan keeps the scenario's gap."""


def todays_books(valued: ValuedBook) -> BasePlan:
    """Each customer with an incumbent RM kept with that RM; no offers."""
    customers = valued.customers
    known = customers[c.INCUMBENT_RM].notna().to_numpy()
    assignments = pd.DataFrame({
        c.CUSTOMER_ID: customers[c.CUSTOMER_ID].to_numpy(dtype=object)[known],
        c.RM_ID: customers[c.INCUMBENT_RM].to_numpy(dtype=object)[known]})
    return BasePlan(assignments, pd.DataFrame({c.CUSTOMER_ID: [], c.OFFER_ID: []}))


def base_of_plan(plan: Plan) -> BasePlan:
    return BasePlan(plan.assignments[[c.CUSTOMER_ID, c.RM_ID]],
                    plan.offers[[c.CUSTOMER_ID, c.OFFER_ID]])


def base_of_run(folder: Path) -> BasePlan:
    """The plan of a run folder (of a whole book, or of a book in parts)."""
    plans = sorted((folder / "customer_plan").glob("part-*.parquet")) or [
        folder / "customer_plan.parquet"]
    offers = sorted((folder / "offer_plan").glob("part-*.parquet")) or [folder / "offer_plan.csv"]
    missing = [p for p in [*plans, *offers] if not p.exists()]
    if missing or not (folder / "manifest.json").exists():
        raise UserError(f"--base {folder}: not a run folder with a plan (no "
                        f"{(missing or [folder / 'manifest.json'])[0].name}); give a folder "
                        "written by `allocate SCENARIO`.")
    customers = pd.concat([pd.read_parquet(p, columns=[c.CUSTOMER_ID, c.RM_ID]) for p in plans])
    made = pd.concat([_read_offers(p) for p in offers])
    ids = {c.CUSTOMER_ID: str, c.RM_ID: str, c.OFFER_ID: str}
    assignments = customers.loc[customers[c.RM_ID].notna()]
    return BasePlan(assignments.astype({k: v for k, v in ids.items() if k in assignments}),
                    made.astype({c.CUSTOMER_ID: str, c.OFFER_ID: str}))


def _read_offers(path: Path) -> pd.DataFrame:
    columns = [c.CUSTOMER_ID, c.OFFER_ID]
    if path.suffix == ".parquet":
        return pd.read_parquet(path, columns=columns)
    return pd.read_csv(path, usecols=columns, dtype=str)


def agreement(d: Decisions, valued: ValuedBook, base: BasePlan) -> np.ndarray:
    """Which decision columns (x, y, s) take the base's choice."""
    ids = valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)
    rm_ids = valued.rms[c.RM_ID].to_numpy(dtype=object)
    offer_ids = np.array(valued.offer_ids, dtype=object)
    x = _pairs_in(ids[d.x.customer], rm_ids[d.x.rm], base.assignments, c.RM_ID)
    y = _pairs_in(ids[d.y.customer], offer_ids[d.y.offer], base.offers, c.OFFER_ID)
    return np.concatenate([x, y, np.zeros(len(d.s.tier), dtype=bool)])


def _pairs_in(left: np.ndarray, right: np.ndarray, base: pd.DataFrame, column: str
              ) -> np.ndarray:
    if not len(left) or base.empty:
        return np.zeros(len(left), dtype=bool)
    wanted = pd.MultiIndex.from_arrays([base[c.CUSTOMER_ID].astype(str),
                                        base[column].astype(str)])
    pairs = pd.MultiIndex.from_arrays([pd.Index(left).astype(str), pd.Index(right).astype(str)])
    return np.asarray(pairs.isin(wanted), dtype=bool)


def tie_break(d: Decisions, valued: ValuedBook, base: BasePlan, gap: float) -> TieBreak | None:
    """The weights that prefer the base among plans within the gap; None where there is no
    room to prefer anything (a gap target of 0, or a base with no column of worth here)."""
    agrees = agreement(d, valued, base)
    count = int(agrees.sum())
    value = float(abs(_values(d)[agrees].sum()))
    if gap <= 0 or count == 0 or value == 0:
        return None
    weights = np.where(agrees, SHARE * gap * value / count, 0.0)
    return TieBreak(weights, gap * (1 - 2 * SHARE))


def weighted(d: Decisions, tie: TieBreak) -> Decisions:
    """The decisions with the tie-break added to their values (what the solver sees)."""
    n_x, n_y = d.layout.n_x, d.layout.n_y
    w = tie.weights
    return Decisions(replace(d.x, value=d.x.value + w[:n_x]),
                     replace(d.y, value=d.y.value + w[n_x:n_x + n_y]),
                     replace(d.s, value=d.s.value + w[n_x + n_y:]))


def honest_result(result: SolveResult, tie: TieBreak, gap: float) -> SolveResult:
    """The solver's result with the plan's own value as its objective; optimal only if that
    value is within the gap target of the bound."""
    if result.values is None or result.objective is None:
        return result
    objective = result.objective - float(tie.weights @ result.values[:len(tie.weights)])
    honest = replace(result, objective=objective)
    within = honest.gap is not None and honest.gap <= gap
    if result.status == Status.OPTIMAL and not within:
        return replace(honest, status=Status.FEASIBLE, message=ABOVE_TARGET)
    return honest


def _values(d: Decisions) -> np.ndarray:
    return np.concatenate([d.x.value, d.y.value, d.s.value])
