"""The constraints the decomposition prices instead of enforcing: everything that couples
customers (budget, tier budget shares, loss and capital caps, channel capacities, quotas and
minimums, RM capacity, book size and minimum load, continuity).

Each family is rows with limits and terms on the x (customer-RM), y (customer-offer) and s
(tier-package) columns, so pricing, usage and subgradients are the same code for all of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from allocator import columns as c
from allocator.errors import UserError
from allocator.problem import Decisions
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook

INF = np.inf
KEPT_EXACTLY = ("coverage", "contact", "rm_offer_link", "package_choice")


@dataclass(frozen=True)
class Terms:
    """Coefficients of some columns of one kind: column index (ascending, each at most once),
    row within the family, value."""

    cols: np.ndarray
    rows: np.ndarray
    coefs: np.ndarray

    def over_every(self, n: int) -> bool:
        """Whether the terms are over every one of the kind's n columns, in order (then the
        entries are the columns: no gather is needed to go from one to the other)."""
        return len(self.cols) == n

    def at(self, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row (-1 if none) and coefficient of each of these columns: what dense(n) gives
        for them, without a copy over every column."""
        size = len(self.cols)
        if size == 0:
            return np.full(len(columns), -1, dtype=np.int64), np.zeros(len(columns))
        if self.cols[-1] == size - 1:  # ascending and unique: every column up to the last
            inside = columns < size
            if inside.all():
                return self.rows[columns], self.coefs[columns]
        where = np.minimum(np.searchsorted(self.cols, columns), size - 1)
        found = self.cols[where] == columns
        return (np.where(found, self.rows[where], -1),
                np.where(found, self.coefs[where], 0.0))

    def dense(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """Each of the kind's n columns' row (-1 if none) and coefficient, read-only. Terms
        over every column are that already: no copy of a large book's columns."""
        if self.over_every(n):
            return self.rows, self.coefs
        rows, coefs = np.full(n, -1, dtype=np.int64), np.zeros(n)
        rows[self.cols], coefs[self.cols] = self.rows, self.coefs
        return rows, coefs


@dataclass(frozen=True)
class Coupling:
    name: str
    """Row block name, as in the formulation (budget, rm_capacity, offer_minimum...)."""
    family: str
    sense: str
    """'le' or 'ge'."""
    labels: np.ndarray
    limits: np.ndarray
    on_x: Terms | None = None
    on_y: Terms | None = None
    on_s: Terms | None = None

    @property
    def sign(self) -> float:
        return 1.0 if self.sense == "le" else -1.0

    def usage(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Row usage for 0/1 choices x, y, s (boolean masks over all columns). The picked
        terms are gathered by index: on a large book over twice as fast as by mask."""
        total = np.zeros(len(self.limits))
        for terms, chosen in ((self.on_x, x), (self.on_y, y), (self.on_s, s)):
            if terms is not None:
                picked = np.flatnonzero(chosen[terms.cols])
                total += np.bincount(terms.rows[picked], terms.coefs[picked], len(self.limits))
        return total

    def shared_usage(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
        """Row usage for shares x, y, s of every column (a fractional solution's)."""
        total = np.zeros(len(self.limits))
        for terms, share in ((self.on_x, x), (self.on_y, y), (self.on_s, s)):
            if terms is not None:
                total += np.bincount(terms.rows, terms.coefs * share[terms.cols],
                                     len(self.limits))
        return total

    def excess(self, x: np.ndarray, y: np.ndarray, s: np.ndarray) -> np.ndarray:
        """How far each row is violated (0 where it holds)."""
        return np.maximum(self.sign * (self.usage(x, y, s) - self.limits), 0.0)


def limits_value(families: list[Coupling], multipliers: list[np.ndarray]) -> float:
    """The limits' part of the dual value: each row's multiplier times its limit, signed by
    sense."""
    return sum(float(f.sign * (m * f.limits).sum())
               for f, m in zip(families, multipliers, strict=True))


def row_prices(families: list[Coupling], multipliers: list[np.ndarray]
               ) -> dict[tuple[str, str], float]:
    """(row block, label) -> marginal value of its limit: the multiplier, signed by sense."""
    return {(f.name, str(label)): float(f.sign * value)
            for f, values in zip(families, multipliers, strict=True)
            for label, value in zip(f.labels, values, strict=True)}


def priced_highest(prices: dict[tuple[str, str], float], count: int = 5) -> str:
    """The rows with the largest marginal values (the limits a search found tightest), as
    'row [label]' text."""
    top = sorted(prices.items(), key=lambda item: -abs(item[1]))[:count]
    return ", ".join(f"{name} [{label}]" for (name, label), _ in top) or "none"


def _rows(group: np.ndarray, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Map group ids to family rows, keeping only groups marked in `keep` (rows as int32: a
    large book's terms are tens of millions of entries; columns stay native for indexing)."""
    row_of = (np.cumsum(keep) - 1).astype(np.int32)
    involved = np.flatnonzero(keep[group])
    return involved, row_of[group[involved]]


@dataclass(frozen=True)
class Pricing:
    """The multipliers' price of every column of one kind. A family over every column (the
    budget, loss and capital caps; RM hours; quotas) prices each column by its own row and
    coefficient, the family's terms themselves; the other rows are one sparse product instead
    of a scatter per family."""

    sparse: sp.csc_matrix
    full: tuple[tuple[slice, float, Terms], ...]
    """(its rows in the stacked multipliers, sign, terms) of the families over every column."""

    def priced(self, base: np.ndarray, lam: np.ndarray) -> np.ndarray:
        """Column values less the price of the rows they use, for stacked multipliers."""
        out = base - self.sparse @ lam
        for rows, sign, terms in self.full:
            prices = sign * lam[rows]
            if len(prices) == 1:
                out -= prices[0] * terms.coefs
            elif prices.any():
                price = prices[terms.rows]
                price *= terms.coefs
                out -= price
        return out


def pricing(families: list[Coupling], kind: str, n: int) -> Pricing:
    """How the multipliers of every family, stacked in order, price the n columns of a kind."""
    data, indices, counts = [np.zeros(0)], [np.zeros(0, dtype=np.int64)], [np.zeros(0, int)]
    full, offset = [], 0
    for family in families:
        terms, r = getattr(family, f"on_{kind}"), len(family.limits)
        if terms is not None and terms.over_every(n):
            full.append((slice(offset, offset + r), family.sign, terms))
            terms = None
        offset += r
        if terms is None:
            counts.append(np.zeros(r, dtype=int))
            continue
        rows, cols, coefs = terms.rows, terms.cols, terms.coefs
        if len(rows) and np.any(rows[1:] < rows[:-1]):
            order = np.argsort(rows, kind="stable")
            cols, coefs = cols[order], coefs[order]
        indices.append(cols)
        data.append(family.sign * coefs)
        counts.append(np.bincount(terms.rows, minlength=r))
    indptr = np.r_[0, np.cumsum(np.concatenate(counts))]
    index = np.int32 if indptr[-1] < np.iinfo(np.int32).max and n < 2**31 else np.int64
    sparse = sp.csc_matrix((np.concatenate(data), np.concatenate(indices).astype(index),
                            indptr.astype(index)), shape=(n, len(indptr) - 1))
    return Pricing(sparse, tuple(full))


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


def _whole(every: np.ndarray, coef: np.ndarray) -> Terms:
    """One row over every column of a kind (a total budget, loss or capital cap)."""
    return _terms(np.broadcast_to(np.int32(0), len(every)), coef, np.ones(1, dtype=bool), every)


def _every(n: int) -> np.ndarray:
    every = np.arange(n)
    every.flags.writeable = False
    return every


def _groups(group: np.ndarray) -> np.ndarray:
    """Per column, its group as read-only int32: the rows of a family over every group."""
    rows = group.astype(np.int32)
    rows.flags.writeable = False
    return rows


def couplings(valued: ValuedBook, scenario: Scenario, d: Decisions) -> list[Coupling]:
    """Every coupling family of the scenario, as priced rows."""
    tier_of = valued.customers[c.TIER].cat.codes.to_numpy()
    y_tier, tiers = _groups(tier_of[d.y.customer]), np.array(valued.tiers, dtype=object)
    every_y, every_s = _every(len(d.y.offer)), _every(len(d.s.tier))
    found: list[Coupling] = []
    total = scenario.budget.total
    if total is not None:
        found.append(Coupling("budget", "budget", "le", np.array(["total"]), np.array([total]),
                              on_y=_whole(every_y, d.y.cost),
                              on_s=_whole(every_s, d.s.cost)))
        specs = list(scenario.tiers.values())
        floors = np.array([t.budget_floor_share for t in specs]) * total
        caps = np.array([t.budget_cap_share for t in specs]) * total
        for name, sense, keep, limits in (("tier_budget_floor", "ge", floors > 0, floors),
                                          ("tier_budget_cap", "le", caps < total, caps)):
            if keep.any():
                found.append(Coupling(name, "tier_budget", sense, tiers[keep], limits[keep],
                                      on_y=_terms(y_tier, d.y.cost, keep, every_y),
                                      on_s=_terms(d.s.tier, d.s.cost, keep, every_s)))
    found += _risk(scenario, d, every_y, y_tier, tiers)
    found += _volume(valued, scenario, d, every_y)
    found += _rm_limits(valued, scenario, d)
    return found


def _risk(scenario: Scenario, d: Decisions, every_y: np.ndarray, y_tier: np.ndarray,
          tiers: np.ndarray) -> list[Coupling]:
    risk = scenario.risk
    found = []
    if risk.loss_cap is not None:
        found.append(Coupling("loss_cap", "loss_cap", "le", np.array(["total"]),
                              np.array([risk.loss_cap]),
                              on_y=_whole(every_y, d.y.expected_loss)))
        shares = np.array([t.loss_cap_share for t in scenario.tiers.values()])
        if (shares < 1).any():
            found.append(Coupling("tier_loss", "tier_loss", "le", tiers[shares < 1],
                                  (shares * risk.loss_cap)[shares < 1],
                                  on_y=_terms(y_tier, d.y.expected_loss, shares < 1,
                                              every_y)))
    if risk.capital_cap is not None:
        found.append(Coupling("capital_cap", "capital_cap", "le", np.array(["total"]),
                              np.array([risk.capital_cap]),
                              on_y=_whole(every_y, d.y.capital)))
    return found


def _volume(valued: ValuedBook, scenario: Scenario, d: Decisions, every_y: np.ndarray
            ) -> list[Coupling]:
    offers, found = valued.offers, []
    offer = _groups(d.y.offer)
    ids = np.array(valued.offer_ids, dtype=object)
    capacity = scenario.rules.channel_capacity
    if capacity:
        channels = list(capacity)
        code = np.array([channels.index(o.channel) if o.channel in capacity else len(channels)
                         for o in offers] or [0], dtype=np.int32)[offer]
        keep = np.append(np.ones(len(channels), bool), False)
        found.append(Coupling("channel_capacity", "channel_capacity", "le",
                              np.array(channels, dtype=object),
                              np.array([capacity[ch] for ch in channels], dtype=float),
                              on_y=_terms(code, 1.0, keep, every_y)))
    quota = np.array([INF if o.quota is None else o.quota for o in offers], dtype=float)
    minimum = np.array([o.minimum for o in offers], dtype=float)
    if np.isfinite(quota).any():
        keep = np.isfinite(quota)
        found.append(Coupling("offer_quota", "offer_quota", "le", ids[keep], quota[keep],
                              on_y=_terms(offer, 1.0, keep, every_y)))
    if (minimum > 0).any():
        keep = minimum > 0
        found.append(Coupling("offer_minimum", "offer_minimum", "ge", ids[keep], minimum[keep],
                              on_y=_terms(offer, 1.0, keep, every_y)))
    return found


def _rm_limits(valued: ValuedBook, scenario: Scenario, d: Decisions) -> list[Coupling]:
    rms = valued.rms
    ids = rms[c.RM_ID].to_numpy(dtype=object)
    hours = rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    book = rms[c.MAX_BOOK].to_numpy(dtype=float, na_value=np.nan)
    minimum = np.maximum(rms[c.MIN_LOAD_HOURS].to_numpy(dtype=float),
                         scenario.rules.rm_min_load_share * hours)
    rm, every_x = _groups(d.x.rm), _every(len(d.x.rm))
    found = [Coupling("rm_capacity", "rm_capacity", "le", ids, hours,
                      on_x=_terms(rm, d.x.hours, np.ones(len(ids), dtype=bool), every_x))]
    if (~np.isnan(book)).any():
        keep = ~np.isnan(book)
        found.append(Coupling("rm_book_size", "rm_book_size", "le", ids[keep], book[keep],
                              on_x=_terms(rm, 1.0, keep, every_x)))
    if (minimum > 0).any():
        keep = minimum > 0
        found.append(Coupling("rm_min_load", "rm_min_load", "ge", ids[keep], minimum[keep],
                              on_x=_terms(rm, d.x.hours, keep, every_x)))
    limit = scenario.rules.continuity.max_reassignments
    if limit is not None:
        kept = d.x.incumbent
        need = max(int(kept.sum()) - limit, 0)
        found.append(Coupling("continuity", "continuity", "ge",
                              np.array(["incumbent RMs kept"]), np.array([float(need)]),
                              on_x=_terms(np.where(kept, 0, 1), 1.0, np.array([True, False]),
                                          every_x)))
    return found


def implied_rows(families: list[Coupling], soft: dict[str, float]) -> list[np.ndarray]:
    """Per family, a mask of the rows another hard row implies, whose multipliers can stay at
    zero: an RM's book size where its hours cannot hold more customers than that, even
    fractionally (book size x the fewest hours of any of its customers >= its hours). Such
    rows leave the bound as it is (their best multiplier is zero) and the plan too (keeping the
    hours keeps them), but would double the multipliers a search over RMs moves."""
    implied = [np.zeros(len(f.limits), dtype=bool) for f in families]
    named = {f.name: i for i, f in enumerate(families)}
    if "rm_capacity" in soft or not {"rm_capacity", "rm_book_size"} <= named.keys():
        return implied
    hours, book = families[named["rm_capacity"]], families[named["rm_book_size"]]
    if hours.on_x is None or book.on_x is None:
        return implied
    fewest = np.full(len(hours.limits), np.inf)
    np.minimum.at(fewest, hours.on_x.rows, hours.on_x.coefs)
    position = {label: i for i, label in enumerate(hours.labels)}
    row = np.array([position[label] for label in book.labels], dtype=np.int64)
    holds = np.divide(hours.limits[row], fewest[row], out=np.full(len(row), np.inf),
                      where=fewest[row] > 0)
    implied[named["rm_book_size"]] = holds <= book.limits + 1e-9
    return implied


def lowest_value(families: list[Coupling], soft: dict[str, float], d: Decisions) -> float:
    """A value no plan can fall below: every column at its worst (the cheapest package of
    each tier) and every soft row at its penalty for the largest violation the columns allow.
    A dual bound below it proves that no plan keeps the hard rows."""
    worst = worst_value(d)
    for family in families:
        if family.family in soft:
            worst -= soft[family.family] * float(_largest_violation(family).sum())
    return worst


def worst_value(d: Decisions) -> float:
    """The least any choice of these columns is worth: each at its worst, the cheapest
    package of each tier."""
    worst = float(np.minimum(d.x.value, 0.0).sum() + np.minimum(d.y.value, 0.0).sum())
    for tier in np.unique(d.s.tier):
        worst += float(d.s.value[d.s.tier == tier].min())
    return worst


def _largest_violation(family: Coupling) -> np.ndarray:
    r = len(family.limits)
    reach = np.zeros(r)  # the most (le) or least (ge) use the columns allow, per row
    for terms in (family.on_x, family.on_y, family.on_s):
        if terms is not None:
            extreme = np.maximum if family.sense == "le" else np.minimum
            reach += np.bincount(terms.rows, extreme(terms.coefs, 0.0), r)
    return np.maximum(family.sign * (reach - family.limits), 0.0)


def soft_families(scenario: Scenario) -> dict[str, float]:
    """The soft families' penalties; a clear error for those kept exact per customer."""
    soft = {str(k): v for k, v in scenario.objective.soft.items()}
    hard_here = sorted(set(soft) & set(KEPT_EXACTLY))
    if hard_here:
        raise UserError(f"objective.soft: the decomposition keeps {', '.join(hard_here)} exact "
                        "per customer and cannot make them soft; use solver.method: exact.")
    return soft
