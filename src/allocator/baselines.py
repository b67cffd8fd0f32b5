"""The rule-of-thumb plans banks make today, built on the same book, budget and constraints,
valued by the same independent checker, so the optimized plan's uplift is measured, not claimed.

- tier_greedy: rank by tier, then by value; fill greedily (each tier's best package that fits,
  then RMs, then offers) while every limit still holds.
- equal_split: the same, with the budget split equally across tiers.
- incumbent_books: today's RM books kept unchanged (customers a mandatory tier requires to have
  an RM and who have none get one greedily); packages and offers as in tier_greedy. Only for a
  book with RMs to plan (`headcount.plans_rms`).

Where continuity is limited, every rule keeps incumbent RMs first; sales targets are chased
first (each offer's best pairs up to its minimum); offers that need an RM go only to customers
the plan covers.

A greedy fill never breaks a limit (a capacity, the budget, a cap, a quota), but it may fall
short of a floor (a sales target, a tier's budget floor, a mandatory tier's coverage); the
checker reports those, and the table says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks import verify_plan
from allocator.families import define_all
from allocator.headcount import plans_rms
from allocator.plan import read_plan
from allocator.preparation import Prepared
from allocator.problem import AllocationProblem, Decisions, assemble

MAX_COLUMNS = 3_000_000
"""Beyond this many decisions the baselines are skipped (a greedy pass over a matrix this
large takes longer than the plan itself)."""
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Rule:
    name: str
    incumbents_only: bool = False
    equal_split: bool = False


RULES = (Rule("tier_greedy"), Rule("equal_split", equal_split=True),
         Rule("incumbent_books", incumbents_only=True))


def rules_for(prepared: Prepared) -> tuple[Rule, ...]:
    """The rules that apply to the book: keeping today's RM books only where it has RMs to
    plan (a campaign book has no books to keep)."""
    if plans_rms(prepared.valued.rms, prepared.loaded.scenario):
        return RULES
    return tuple(rule for rule in RULES if not rule.incumbents_only)


def evaluate_baselines(prepared: Prepared, decisions: Decisions, optimized: float
                       ) -> pd.DataFrame | None:
    """One row per rule: its checked value, the optimized plan's uplift over it, and the
    floors it misses; None when the book is too large to fill greedily."""
    if decisions.layout.n > MAX_COLUMNS:
        return None
    scenario = prepared.loaded.scenario
    problem = assemble(define_all(prepared.valued, scenario, decisions), decisions, {})
    tier_of = prepared.valued.customers[c.TIER].cat.codes.to_numpy()
    setting = Setting(tier_of, np.array([t.coverage == "mandatory" for t in
                                         scenario.tiers.values()]),
                      np.array([o.requires_rm for o in prepared.valued.offers] or [False]),
                      np.array([o.minimum for o in prepared.valued.offers] or [0]),
                      scenario.budget.total, scenario.rules.continuity.max_reassignments
                      is not None)
    rows = []
    for rule in rules_for(prepared):
        values = greedy_plan(problem, decisions, setting, rule)
        plan = read_plan(decisions, prepared.valued, values)
        check = verify_plan(prepared.check_inputs(), plan)
        missed = [f"{v.constraint} [{v.label}]" for v in check.hard_violations]
        rows.append({"baseline": rule.name, "value": check.objective,
                     "uplift": (optimized - check.objective) / max(abs(check.objective), 1.0),
                     "meets_every_limit": not missed, "falls_short": "; ".join(missed[:5])})
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class Setting:
    """What the rules need to know of the scenario."""

    tier_of: np.ndarray
    """Each customer's tier code (0: the top tier)."""
    mandatory: np.ndarray
    """Per tier: every customer must have an RM."""
    needs_rm: np.ndarray
    """Per offer: the customer must have an RM."""
    minimum: np.ndarray
    """Per offer: the sales target."""
    budget: float | None
    keep_incumbents: bool
    """Continuity is limited: incumbent pairs go first."""


def greedy_plan(problem: AllocationProblem, decisions: Decisions, setting: Setting,
                rule: Rule) -> np.ndarray:
    """Packages, then RMs, then offers, each by tier rank then value, kept while every row's
    upper limit holds (and, for equal_split, each tier's equal share of the budget)."""
    x, y, s = decisions.x, decisions.y, decisions.s
    tier_of = setting.tier_of
    tier = np.concatenate([tier_of[x.customer], tier_of[y.customer], s.tier]).astype(np.int64)
    cost = np.concatenate([np.zeros(len(x.customer)), y.cost, s.cost])
    n_tiers = len(setting.mandatory)
    allowance = (setting.budget / n_tiers if rule.equal_split and setting.budget is not None
                 else np.inf)
    customer = np.concatenate([x.customer, y.customer, np.full(len(s.tier), -1)])
    needs = np.concatenate([np.zeros(len(x.customer), dtype=bool), setting.needs_rm[y.offer],
                            np.zeros(len(s.tier), dtype=bool)])
    target = np.concatenate([np.full(len(x.customer), -1), y.offer, np.full(len(s.tier), -1)])
    return _fill(problem, _order(decisions, setting, rule), Spend(tier, cost, allowance, n_tiers),
                 Link(customer, needs, len(x.customer)), Targets(target, setting.minimum))


def _order(decisions: Decisions, setting: Setting, rule: Rule
           ) -> list[tuple[np.ndarray, bool]]:
    """The passes over the columns, each (columns in order, whether it chases sales targets)."""
    layout, x, y, s = decisions.layout, decisions.x, decisions.y, decisions.s
    tier_of = setting.tier_of
    packages = np.lexsort((-s.value, s.tier)) + layout.s0
    first = x.incumbent if (rule.incumbents_only or setting.keep_incumbents) else np.zeros(
        layout.n_x, dtype=bool)
    allowed = (x.incumbent | setting.mandatory[tier_of[x.customer]] if rule.incumbents_only
               else np.ones(layout.n_x, dtype=bool))
    keep = np.flatnonzero(allowed)
    coverage = keep[np.lexsort((-x.value[keep], tier_of[x.customer[keep]], ~first[keep]))]
    offers = np.lexsort((-y.value, tier_of[y.customer])) + layout.y0
    targets = np.lexsort((-y.value, y.offer))
    targets = targets[setting.minimum[y.offer[targets]] > 0] + layout.y0
    return [(packages, False), (coverage, False), (targets, True), (offers, False)]


@dataclass(frozen=True)
class Spend:
    """Each column's tier and budget cost, and each tier's allowance."""

    tier: np.ndarray
    cost: np.ndarray
    allowance: float
    n_tiers: int


@dataclass(frozen=True)
class Targets:
    """Each column's offer (-1: none) and each offer's sales target: while an offer is short of
    its target, its pairs come before everything else."""

    offer: np.ndarray
    minimum: np.ndarray


@dataclass(frozen=True)
class Link:
    """Columns that need their customer covered: offers through an RM."""

    customer: np.ndarray
    needs_cover: np.ndarray
    n_x: int


def _fill(problem: AllocationProblem, passes: list[tuple[np.ndarray, bool]], spend: Spend,
          link: Link, targets: Targets) -> np.ndarray:
    """Take each column in order if every row's upper limit, the tier allowance and the RM
    link still hold; in a target pass, only while its offer is short of its sales target.
    (Plain lists: each column touches a handful of rows.)"""
    matrix = problem.matrix.tocsc()
    indptr, indices, data = matrix.indptr.tolist(), matrix.indices.tolist(), matrix.data.tolist()
    upper = (problem.row_upper + TOLERANCE * np.maximum(1.0, np.abs(problem.row_upper))).tolist()
    activity, spent = [0.0] * problem.n_rows, [0.0] * spend.n_tiers
    covered = [False] * (int(link.customer.max(initial=-1)) + 1)
    taken = [False] * problem.n_cols
    tiers, costs = spend.tier.tolist(), spend.cost.tolist()
    customers, needs = link.customer.tolist(), link.needs_cover.tolist()
    offer_of, short = targets.offer.tolist(), targets.minimum.astype(float).tolist()
    for order, chasing_targets in passes:
        for j in order.tolist():
            if taken[j] or (chasing_targets and short[offer_of[j]] <= 0) or (
                    costs[j] and spent[tiers[j]] + costs[j] > spend.allowance) or (
                    needs[j] and not covered[customers[j]]):
                continue
            span = range(indptr[j], indptr[j + 1])
            if all(activity[indices[k]] + data[k] <= upper[indices[k]] for k in span):
                for k in span:
                    activity[indices[k]] += data[k]
                spent[tiers[j]] += costs[j]
                taken[j] = True
                if j < link.n_x:
                    covered[customers[j]] = True
                if offer_of[j] >= 0:
                    short[offer_of[j]] -= 1
    return np.asarray(taken, dtype=float)
