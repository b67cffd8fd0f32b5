"""The calendar's constraint families as rows of the exact model (y[i,a]: customer i gets
activity a; the families are declared in allocator.families).

- calendar_contact: per customer and window w of a contact rule, sum_{a in w} y[i,a] <= max;
- calendar_conflict: per customer, sum_{a in K} y[i,a] <= 1 for every maximal clique K of the
  activities the customer may get that pairwise conflict (when soft: one row per conflicting
  pair, so that each pair given pays the penalty);
- channel_window: min <= sum_{i, a in rule} y[i,a] <= max;
- channel_budget: sum_{i, a in rule} cost[a] y[i,a] <= limit;
- product_sales: min <= sum_{i, a in rule} p[i,a] y[i,a] <= max (expected sales);
- rm_month_hours: per RM and month, the RM hours of its customers' RM contacts <= its hours
  per month (see rm_month_hours).

Customers who may get the same activities share their windows and cliques: they are worked
out once per eligibility pattern.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import scipy.sparse as sp

from allocator import columns as c
from allocator.campaigns.activities import (
    Activities,
    activities_of,
    conflicts,
    covered,
    in_window,
    maximal_cliques,
    month_label,
    windows,
)
from allocator.formulation import INF, Block, Context, Grouped, On
from allocator.problem import AllocationProblem, Rows
from allocator.scenario.calendar import Bounds, CalendarSection, Selection
from allocator.scenario.schema import Family, Scenario
from allocator.valuation import ValuedBook


@dataclass(frozen=True)
class Pattern:
    """Customers who may get the same activities: the activities (ascending) and, per
    customer (row) and activity (column), the y column."""

    activities: np.ndarray
    customers: np.ndarray
    cols: np.ndarray


def patterns_of(customer: np.ndarray, activity: np.ndarray) -> list[Pattern]:
    """The eligibility patterns of the y columns, in order of first customer."""
    order = np.lexsort((activity, customer))
    who = customer[order]
    if not len(who):
        return []
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    ends = np.r_[starts[1:], len(who)].astype(int)
    grouped: dict[bytes, list[int]] = {}
    for start, end in zip(starts, ends, strict=True):
        grouped.setdefault(activity[order[start:end]].tobytes(), []).append(int(start))
    found = []
    for first_runs in grouped.values():
        runs = np.array(first_runs)
        width = int(ends[np.searchsorted(starts, runs[0])] - runs[0])
        cols = order[runs[:, None] + np.arange(width)[None, :]]
        found.append(Pattern(activity[cols[0]], who[runs], cols))
    return found


class _Rows:
    """Rows of one customer rule, gathered pattern by pattern."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.labels: list[np.ndarray] = []
        self.upper: list[np.ndarray] = []
        self.cols: list[np.ndarray] = []
        self.count = 0

    def add(self, pattern: Pattern, positions: np.ndarray, limit: float, name: str) -> None:
        """One row per customer of the pattern over the activities at `positions`."""
        n = len(pattern.customers)
        self.labels.append(np.array([f"{i}/{name}" for i in
                                     self.ctx.customer_ids[pattern.customers]], dtype=object))
        self.upper.append(np.full(n, limit))
        self.cols.append(pattern.cols[:, positions])
        self.count += n

    def rows(self, family: Family, name: str) -> Rows:
        width = [cols.shape[1] for cols in self.cols]
        row = np.concatenate([np.zeros(0, int), *(
            np.repeat(np.arange(len(c)), w) for c, w in zip(self.cols, width, strict=True))])
        offsets = np.repeat(np.cumsum([0, *(len(c) for c in self.cols)])[:-1],
                            [len(c) * w for c, w in zip(self.cols, width, strict=True)])
        col = np.concatenate([np.zeros(0, int), *(c.ravel() for c in self.cols)])
        labels = np.concatenate([np.zeros(0, dtype=object), *self.labels])
        return Rows(family, name, "le", labels, np.full(self.count, -INF),
                    np.concatenate([np.zeros(0), *self.upper]), row + offsets,
                    self.ctx.layout.y0 + col, np.ones(len(col)))


def _calendar(ctx: Context) -> tuple[CalendarSection, Activities] | None:
    calendar = ctx.scenario.calendar
    if calendar is None:
        return None
    return calendar, activities_of(calendar, dict(zip(ctx.valued.offer_ids, ctx.valued.offers,
                                                       strict=True)))


def calendar_contact(ctx: Context) -> list[Block]:
    """Per customer and window of each contact rule: contacts in the window <= max (windows
    that cover the same or fewer of a customer's activities left out, unless soft)."""
    found = _calendar(ctx)
    if found is None or not found[0].contact_rules:
        return []
    calendar, acts = found
    soft = "calendar_contact" in ctx.scenario.objective.soft
    out = _Rows(ctx)
    patterns = ctx.y_patterns
    for name, rule in calendar.contact_rules.items():
        spans = [(span, in_window(rule, span, acts)) for span in windows(rule, acts)]
        for pattern in patterns:
            sets = [(span, np.flatnonzero(inside[pattern.activities])) for span, inside in spans]
            sets = [(span, at) for span, at in sets if len(at) > rule.max]
            for (first, last), at in (sets if soft else _widest(sets)):
                out.add(pattern, at, float(rule.max), f"{name} days {first}-{last}")
    return [out.rows("calendar_contact", "calendar_contact")]


def _widest(sets: list[tuple[tuple[int, int], np.ndarray]]
            ) -> list[tuple[tuple[int, int], np.ndarray]]:
    """The sets no other set contains (the first of equal ones)."""
    members = [frozenset(at.tolist()) for _, at in sets]
    return [sets[k] for k, mine in enumerate(members)
            if not any(mine < other or (mine == other and j < k)
                       for j, other in enumerate(members))]


def calendar_conflict(ctx: Context) -> list[Block]:
    """Per customer: at most one activity of each clique of conflicting activities (each
    conflicting pair when soft)."""
    found = _calendar(ctx)
    if found is None or not found[0].conflicts:
        return []
    calendar, acts = found
    clash = conflicts(calendar.conflicts, acts)
    soft = "calendar_conflict" in ctx.scenario.objective.soft
    out = _Rows(ctx)
    for pattern in ctx.y_patterns:
        members = pattern.activities
        groups = ([pair for pair in combinations(members.tolist(), 2) if clash[pair]] if soft
                  else maximal_cliques(clash, members))
        for group in groups:
            at = np.searchsorted(members, np.array(group))
            out.add(pattern, at, 1.0, "+".join(acts.ids[a] for a in group))
    return [out.rows("calendar_conflict", "calendar_conflict")]


def _totals(ctx: Context, family: Family, rules: dict[str, Selection], coef: np.ndarray | float
            ) -> tuple[np.ndarray, tuple[On, ...]]:
    """Per rule, a sum over the contacts it covers (group n: the contacts of no rule)."""
    found = _calendar(ctx)
    assert found is not None
    acts = found[1]
    n = len(rules)
    terms = tuple(On("y", np.where(covered(rule, acts)[ctx.y_offer], j, n).astype(np.int32),
                     coef) for j, rule in enumerate(rules.values()))
    return np.array([*rules, ""], dtype=object), terms


def _bounded(ctx: Context, family: Family, rules: dict[str, Bounds],
             coef: np.ndarray | float) -> list[Block]:
    if ctx.scenario.calendar is None or not rules:
        return []
    labels, terms = _totals(ctx, family, dict(rules), coef)
    lower = np.array([*(r.min for r in rules.values()), 0.0])
    upper = np.array([*(INF if r.max is None else r.max for r in rules.values()), INF])
    floors, caps = lower > 0, np.isfinite(upper)
    return [Grouped(family, f"{family}_min", "ge", labels, lower, INF, terms, defined=floors,
                    keep_empty=floors),
            Grouped(family, f"{family}_max", "le", labels, -INF, upper, terms, defined=caps)]


def channel_window(ctx: Context) -> list[Block]:
    """Least and most contacts of a channel limit's activities."""
    calendar = ctx.scenario.calendar
    return _bounded(ctx, "channel_window", calendar.channel_limits if calendar else {}, 1.0)


def product_sales(ctx: Context) -> list[Block]:
    """Least and most expected sales (response probabilities summed) of a sales target."""
    calendar = ctx.scenario.calendar
    return _bounded(ctx, "product_sales", calendar.sales if calendar else {},
                    ctx.d.y.propensity)


def channel_budget(ctx: Context) -> list[Block]:
    """Spend on a budget's activities <= its limit."""
    calendar = ctx.scenario.calendar
    if calendar is None or not calendar.budgets:
        return []
    labels, terms = _totals(ctx, "channel_budget", dict(calendar.budgets), ctx.d.y.cost)
    limits = np.array([*(b.limit for b in calendar.budgets.values()), INF])
    return [Grouped("channel_budget", "channel_budget", "le", labels, -INF, limits, terms,
                    defined=np.arange(len(labels)) < len(calendar.budgets))]


def limits_rm_months(valued: ValuedBook, scenario: Scenario) -> bool:
    """Whether a scenario limits RMs' hours per month: a calendar with an activity that takes
    RM hours, and an RM with hours per month."""
    calendar = scenario.calendar
    if calendar is None:
        return False
    acts = activities_of(calendar, dict(zip(valued.offer_ids, valued.offers, strict=True)))
    limit = valued.rms[c.HOURS_PER_MONTH].to_numpy(dtype=float, na_value=np.nan)
    return bool((acts.rm_hours > 0).any() and (~np.isnan(limit)).any())


def rm_month_hours(ctx: Context) -> list[Block]:
    """Per RM r with hours per month H[r] and month m: sum_{i, a in m} h[a] z[i,r,a] <= H[r],
    where z[i,r,a] (an added column) is customer i's RM contact a made by RM r:
    z[i,r,a] <= x[i,r] and sum_{r'} z[i,r',a] + sum_{r'' not limited} x[i,r''] >= y[i,a]
    (the customer's RM makes the contact). RM-months that every contact their customers could
    get fits are left out, with their z."""
    found = _calendar(ctx)
    limit = ctx.valued.rms[c.HOURS_PER_MONTH].to_numpy(dtype=float, na_value=np.nan)
    if found is None or np.isnan(limit).all():
        return []
    acts = found[1]
    pairs = _rm_contacts(ctx, acts)
    most = np.bincount(pairs.key, weights=np.where(pairs.limited, pairs.hours, 0.0))
    tight = pairs.limited & (most[pairs.key] > limit[pairs.rm] + 1e-9)
    n_z, z0 = int(tight.sum()), ctx.layout.n
    z = np.arange(n_z)
    made = np.unique(pairs.y_col[tight])  # contacts some limited RM would make
    at = np.searchsorted(made, pairs.y_col)
    other = ~tight & np.isin(pairs.y_col, made)
    ids, offers = ctx.customer_ids, ctx.valued.offer_ids
    rm_ids = ctx.valued.rms[c.RM_ID].to_numpy(dtype=object)
    grades = ctx.valued.rms[c.GRADE].to_numpy(dtype=object)
    who = ctx.d.y.customer[made]
    labels = np.array([*(f"{ids[ctx.d.x.customer[x]]}/{offers[ctx.y_offer[y]]}/{rm_ids[r]}"
                         for x, y, r in zip(pairs.x_col[tight], pairs.y_col[tight],
                                            pairs.rm[tight], strict=True)),
                       *(f"{ids[i]}/{offers[ctx.y_offer[y]]}" for i, y in
                         zip(who, made, strict=True))], dtype=object)
    link = Rows("rm_month_hours", "rm_month_hours_link", "ge", labels,
                np.zeros(len(labels)), np.full(len(labels), INF),
                np.concatenate([z, z, n_z + at[tight], n_z + at[other],
                                n_z + np.arange(len(made))]),
                np.concatenate([ctx.layout.x0 + pairs.x_col[tight], z0 + z, z0 + z,
                                ctx.layout.x0 + pairs.x_col[other],
                                ctx.layout.y0 + made]),
                np.concatenate([np.ones(n_z), -np.ones(n_z), np.ones(n_z + int(other.sum())),
                                -np.ones(len(made))]), added=n_z)
    keys, row = np.unique(pairs.key[tight], return_inverse=True)
    months = int(acts.month.max()) + 1
    spans = [acts.month_span(int(k % months)) for k in keys]
    cap = Rows("rm_month_hours", "rm_month_hours", "le",
               np.array([month_label(grades[k // months], rm_ids[k // months], first, last)
                         for k, (first, last) in zip(keys, spans, strict=True)], dtype=object),
               np.full(len(keys), -INF), limit[keys // months], row, z0 + z,
               pairs.hours[tight])
    return [link, cap]


def added_columns(problem: AllocationProblem) -> np.ndarray:
    """The columns the rows add (z[i,r,a] of rm_month_hours): none without them."""
    block = next((b for b in problem.col_blocks if b.name == "added"), None)
    return np.arange(0 if block is None else block.start, 0 if block is None else block.stop)


def with_contacts_made(problem: AllocationProblem, values: np.ndarray) -> np.ndarray:
    """The values with each added column z[i,r,a] = x[i,r] y[i,a], read from the rows that
    define it (rm_month_hours_link: x[i,r] - z >= 0, and z + ... - y[i,a] >= 0): the least z
    the decisions allow, so the RM-months hold whenever any z makes them hold."""
    out = np.array(values, dtype=float)
    z = added_columns(problem)
    if len(z) == 0:
        return out
    link = problem.row_block("rm_month_hours_link")
    rows = problem.matrix[link.start:link.stop].tocsr()
    n = problem.decisions.layout.n
    on_z = rows[:, z].tocsc()
    kept = on_z.indices[on_z.data < 0], on_z.indices[on_z.data > 0]  # each z's x row, y row
    decisions = rows[:, :n].tocsr()
    x_col = _entry(decisions, kept[0], 1.0)
    y_col = _entry(decisions, kept[1], -1.0)
    out[z] = np.round(out[x_col]) * np.round(out[y_col])
    return out


def _entry(matrix: sp.csr_matrix, rows: np.ndarray, coef: float) -> np.ndarray:
    """In each of these rows, the column of its one entry equal to `coef`."""
    picked = matrix[rows].tocoo()
    found = picked.data == coef
    col = np.zeros(len(rows), dtype=np.int64)
    col[picked.row[found]] = picked.col[found]
    return col


@dataclass(frozen=True)
class _Contacts:
    """Each RM contact a customer may get (a y column of an activity that takes RM hours)
    paired with each RM who may serve the customer (an x column)."""

    x_col: np.ndarray
    y_col: np.ndarray
    rm: np.ndarray
    hours: np.ndarray
    key: np.ndarray
    """The pair's RM-month: rm x months + month."""
    limited: np.ndarray
    """Whether the RM has hours per month."""


def _rm_contacts(ctx: Context, acts: Activities) -> _Contacts:
    x, y = ctx.d.x, ctx.d.y
    hours = acts.rm_hours[ctx.y_offer]
    contacts = np.flatnonzero(hours > 0)
    n_customers = len(ctx.customer_ids)
    starts = np.searchsorted(x.customer, np.arange(n_customers))
    per = np.bincount(x.customer, minlength=n_customers)[y.customer[contacts]]
    ramp = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    x_col = np.repeat(starts[y.customer[contacts]], per) + ramp
    y_col = np.repeat(contacts, per)
    rm = np.asarray(x.rm)[x_col]
    limit = ctx.valued.rms[c.HOURS_PER_MONTH].to_numpy(dtype=float, na_value=np.nan)
    months = int(acts.month.max()) + 1
    return _Contacts(x_col, y_col, rm, hours[y_col], rm * months + acts.month[ctx.y_offer[y_col]],
                     ~np.isnan(limit[rm]))
