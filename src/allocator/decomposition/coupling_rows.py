"""The priced families read from the formulation: each block of a family the decomposition
prices (allocator.families: those it does not keep exact in each customer's choice) as a
Coupling, its grouped rows' terms on the x, y and s columns; the RM-months of a calendar
(rm_months.py) last of the rows on offers; and the soft families' penalties.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from allocator.decomposition.coupling import Coupling, Terms
from allocator.decomposition.rm_months import FAMILY, rm_month_family
from allocator.errors import UserError, in_a_row
from allocator.families import FAMILIES, KEPT_EXACTLY
from allocator.formulation import Block, Context, Grouped
from allocator.problem import Decisions, Rows
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook


def couplings(valued: ValuedBook, scenario: Scenario, d: Decisions) -> list[Coupling]:
    """The rows of every priced family of the scenario (allocator.families), as the
    formulation states them: every row a family defines, with or without terms here (a part
    of a book has the whole book's rows). The rows on offers and packages come first (RM
    hours per month, rows on a product of an x and a y column, last of them: rm_months.py),
    then the rows on RMs."""
    ctx = Context(valued, scenario, d)
    every = {"x": _every(len(d.x.rm)), "y": _every(len(d.y.offer)), "s": _every(len(d.s.tier))}
    blocks = [block for family in FAMILIES if family.priced and family.name != FAMILY
              for block in family.rows(ctx)]
    soft = {str(k): v for k, v in scenario.objective.soft.items()}
    found = [replace(_coupling(block, every), penalty=soft.get(block.family))
             for block in blocks if _priced(block)]
    hours = rm_month_family(valued, scenario, d)
    months = [] if hours is None else [replace(hours, penalty=soft.get(FAMILY))]
    return sorted([*found, *months], key=lambda f: f.on_x is not None)


def _priced(block: Block) -> bool:
    """Whether the search prices a block: when it has rows, or when each of its groups is a
    row (RM hours, even for a book without RMs: the search has that family at least)."""
    return isinstance(block, Rows) or block.defined is True or bool(
        block.marked(block.defined).any())


def _coupling(block: Block, every: dict[str, np.ndarray]) -> Coupling:
    """A priced family's grouped rows, as the decomposition prices them."""
    if not isinstance(block, Grouped):
        raise TypeError(f"{block.name}: a priced family's rows must be grouped sums")
    defined = block.marked(block.defined)
    lower, upper = block.bounds()
    found: dict[str, list[Terms]] = {}
    for term in block.terms:
        found.setdefault(term.kind, []).append(
            _terms(term.group, term.coef, defined, every[term.kind]))
    on = {kind: _merged(terms) for kind, terms in found.items()}
    return Coupling(block.name, block.family, block.sense,
                    np.asarray(block.labels, dtype=object)[defined],
                    (upper if block.sense == "le" else lower)[defined],
                    on_x=on.get("x"), on_y=on.get("y"), on_s=on.get("s"))


def _merged(terms: list[Terms]) -> Terms:
    """Several sums over the columns of one kind (rows that overlap) as one set of terms."""
    if len(terms) == 1:
        return terms[0]
    cols = np.concatenate([t.cols for t in terms])
    rows = np.concatenate([t.rows for t in terms])
    order = np.lexsort((rows, cols))
    cols = cols[order]
    unique = bool(np.all(np.diff(cols) > 0))
    return Terms(cols, rows[order], np.concatenate([t.coefs for t in terms])[order], unique)


def _rows(group: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map group ids to family rows, keeping only groups marked in `keep` (rows as int32: a
    large book's terms are tens of millions of entries; columns stay native for indexing)."""
    row_of = (np.cumsum(keep) - 1).astype(np.int32)
    involved = np.flatnonzero(keep[group])
    return involved, row_of[group[involved]]


def _terms(group: np.ndarray, coef: np.ndarray | float, keep: np.ndarray,
           every: np.ndarray) -> Terms:
    """The terms of the columns whose group (per column: its row, before the groups not in
    `keep` are dropped) is kept, each with its coefficient. Terms over every column share the
    kind's column index `every` and take the coefficients as they are (a constant's as a view);
    where every group is kept, int32 groups are the rows themselves. So the families over a
    large book's columns hold no copies of them."""
    coefs = np.broadcast_to(np.asarray(coef, float), len(group))
    if keep.all() and group.dtype == np.int32:
        return Terms(every, group, coefs)
    cols, rows = _rows(group, keep)
    return Terms(every, rows, coefs) if len(cols) == len(group) else Terms(
        cols, rows, coefs[cols])


def _every(n: int) -> np.ndarray:
    every = np.arange(n)
    every.flags.writeable = False
    return every


def soft_families(scenario: Scenario) -> dict[str, float]:
    """The soft families' penalties; a clear error for those kept exact per customer."""
    soft = {str(k): v for k, v in scenario.objective.soft.items()}
    hard_here = sorted(set(soft) & set(KEPT_EXACTLY))
    if hard_here:
        raise UserError.said("soft_kept_exact", families=in_a_row(hard_here))
    return soft
