"""The RM assignment as a linear program, rounded: where the repair starts on small books.

Every customer gets at most one RM (exactly one in a mandatory tier) within the RMs' hours,
book sizes and minimum loads and the continuity rule; a pair is worth its coverage value plus
what the priced choice says coverage adds to the customer's offers. The LP's optimum packs the
RMs far better than the priced choice's own RMs do, so the repair's plans are better from the
first one on. Only the objective changes between repairs: each solve starts from the basis of
the first, warm from the solve before (so the solves must run in the order the repairs were
handed over, not in the order their threads get to them: repair_queue.RepairQueue). Beyond
LP_PAIRS customer-RM pairs a solve costs more than the iterations it saves, and the repair
starts from the priced choice instead.

The first solve runs beside the search's first iterations; it takes about as long as five of
them per FIRST_SOLVE_PAIRS pairs, so the repairs handed over before that (one every five
iterations, at most LATEST_FIRST_USE of them) start from the priced choice. A count, not a
clock: the same book always takes the same path. Later solves run primal simplex from the
first one's basis, which stays feasible when only the objective changes: a third of the dual
simplex's time (0.1 s instead of 0.3 s for 121,000 pairs).
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import scipy.sparse as sp

from allocator.backends.highs import _banner_silenced, linear_program
from allocator.backends.highs_threads import run_highs
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.local_search import SWAP_CUSTOMERS
from allocator.decomposition.subproblems import MANDATORY, Customers
from allocator.problem import Decisions

LP_PAIRS = 150_000
FIRST_SOLVE_PAIRS = 20_000
LATEST_FIRST_USE = 5
LARGE_RM_BOOK = 1_000
PRIMAL_SIMPLEX = 4
FRACTIONAL = 1e-6


def assignment_lp(d: Decisions, cs: Customers, families: list[Coupling]
                  ) -> AssignmentLP | None:
    """The book's assignment LP, if it has few enough pairs for one to pay. Not on books the
    iterated local search handles (up to SWAP_CUSTOMERS customers): there, starts that differ
    find better plans than one LP optimum does every time (on the OR-Library GAP instances,
    the LP's starts lost up to 2.4%). Nor where RMs hold over LARGE_RM_BOOK customers each on
    average: packing whole customers then loses little, the priced choice's own RMs do as
    well, and the LP's solves only slow the search (Taiwan credit default, 25 RMs for 30,000
    customers: 4.6 s with the LP, 1.8 s without, both within the gap target)."""
    return AssignmentLP(d, cs, families) if assignment_pays(d, cs) else None


def assignment_pays(d: Decisions, cs: Customers) -> bool:
    """Whether the book's repairs start from an assignment LP (assignment_lp)."""
    if len(cs.kind) <= SWAP_CUSTOMERS or not 0 < len(d.x.value) <= LP_PAIRS:
        return False
    return len(cs.kind) <= LARGE_RM_BOOK * len(np.unique(d.x.rm))


class AssignmentLP:
    """The assignment LP of one book, solved again for each priced choice."""

    def __init__(self, d: Decisions, cs: Customers, families: list[Coupling]) -> None:
        import highspy

        self.d, self.cs, self.lock = d, cs, threading.Lock()
        self.x_families = [f for f in families if f.on_x is not None]
        with _banner_silenced():  # here, not on a repair thread: it swaps the process's stdout
            self.highs: Any = highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.setOptionValue("presolve", "off")  # a third faster on these LPs
        self.basis: Any = None
        self.first_use = 1 + min(len(d.x.value) // FIRST_SOLVE_PAIRS, LATEST_FIRST_USE)
        """The first repair (counted from 0) to start from the LP."""

    def prepare(self) -> None:
        """The model and its first solve, at the pairs' own values: every later solve starts
        from its basis."""
        import highspy

        with self.lock:
            if self.basis is None:
                self.highs.passModel(_model(self.d, self.cs, self.x_families, highspy))
                run_highs(self.highs)
                self.basis = self.highs.getBasis()
                self.highs.setOptionValue("simplex_strategy", PRIMAL_SIMPLEX)

    def rounded(self, gain: np.ndarray) -> np.ndarray | None:
        """The assignment (a mask over the x columns) for coverage worth its value plus
        `gain` per customer (-inf or nan count as 0); None if the LP has no optimum."""
        import highspy

        worth = self.d.x.value + np.maximum(np.nan_to_num(gain, neginf=0.0), 0.0)[
            self.d.x.customer]
        columns = np.arange(len(worth), dtype=np.int32)
        self.prepare()
        with self.lock:
            highs = self.highs
            highs.changeColsCost(len(worth), columns, -worth)
            highs.setBasis(self.basis)
            run_highs(highs)
            if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
                return None
            share = np.asarray(highs.getSolution().col_value)
        return _round(share, self.d)


def _round(share: np.ndarray, d: Decisions) -> np.ndarray:
    """Pairs the LP takes more than half of; a customer split between RMs stays with the
    incumbent if it is one of them (the continuity row counts those halves)."""
    x = share > 0.5
    kept = d.x.keepable & (share > FRACTIONAL) & ~x
    x[np.isin(d.x.customer, d.x.customer[kept])] = False
    x[kept] = True
    return x


def _model(d: Decisions, cs: Customers, x_families: list[Coupling], highspy: Any) -> Any:
    n = len(d.x.value)
    served = np.unique(d.x.customer)
    one = sp.csr_matrix((np.ones(n), (np.searchsorted(served, d.x.customer), np.arange(n))),
                        shape=(len(served), n))
    blocks, lower, upper = [one], [(cs.kind[served] == MANDATORY).astype(float)], [
        np.ones(len(served))]
    for family in x_families:
        terms, rows = family.on_x, len(family.limits)
        assert terms is not None
        blocks.append(sp.csr_matrix((terms.coefs, (terms.rows, terms.cols)), shape=(rows, n)))
        limits = family.limits.astype(float)
        lower.append(np.full(rows, -np.inf) if family.sense == "le" else limits)
        upper.append(limits if family.sense == "le" else np.full(rows, np.inf))
    return linear_program(sp.vstack(blocks), -d.x.value, (np.zeros(n), np.ones(n)),
                          (np.concatenate(lower), np.concatenate(upper)), highspy)
