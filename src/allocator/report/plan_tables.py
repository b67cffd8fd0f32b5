"""Pure builders of the plan's tables: customers, RM books, tiers, offers, constraints."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.campaigns.activities import scheduled_terms
from allocator.campaigns.calendar_tables import schedules
from allocator.driver_ranking import strongest
from allocator.keepable import can_hold
from allocator.optimize import Outcome
from allocator.report.cell_texts import format_cell
from allocator.report.formats import joined_per_owner
from allocator.report.language import Words
from allocator.report.naming import scenario_words
from allocator.report.price_words import step_text
from allocator.report.quantities import priced_per_unit
from allocator.sensitivity import Key, Step, assessed, held_below_only
from allocator.tiering import NEW


def _chosen(outcome: Outcome) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    assert outcome.values is not None
    problem, chosen = outcome.decisions, outcome.values > 0.5
    return (chosen[problem.col_block("x")], chosen[problem.col_block("y")],
            chosen[problem.col_block("s")])


def customer_plan(outcome: Outcome) -> pd.DataFrame:
    """One row per customer: tier and why, RM, offers (under a calendar also how many
    contacts and their schedule), and the value components."""
    valued, problem = outcome.prepared.valued, outcome.decisions
    x, y, _ = _chosen(outcome)
    customers = valued.customers
    n = len(customers)
    rm = np.full(n, None, dtype=object)
    rm[problem.x.customer[x]] = valued.rms[c.RM_ID].to_numpy(dtype=object)[problem.x.rm[x]]
    coverage = np.bincount(problem.x.customer[x], problem.x.value[x], n)
    offer_ids = np.array(valued.offer_ids, dtype=object)
    offers = joined_per_owner(offer_ids[problem.y.offer[y]], problem.y.customer[y], n, "|")

    def by_customer(weights: np.ndarray) -> np.ndarray:
        return np.bincount(problem.y.customer[y], weights[y], n)

    scenario = outcome.prepared.loaded.scenario
    scheduled = {} if scenario.calendar is None else dict(zip(SCHEDULE_COLUMNS, schedules(
        scenario.calendar, outcome.prepared.book.offers, problem.y.customer[y],
        offer_ids[problem.y.offer[y]], n, scenario_words(scenario)), strict=True))
    tiers = pd.Categorical(customers[c.TIER])
    return pd.DataFrame({
        c.CUSTOMER_ID: customers[c.CUSTOMER_ID].to_numpy(),
        c.TIER: _per_code(tiers, {t: str(t) for t in tiers.categories}, "nan"),
        c.TIER_REASON: customers[c.TIER_REASON].astype(str).to_numpy(),
        c.REGION: customers[c.REGION].to_numpy(),
        c.RM_ID: rm,
        c.INCUMBENT_RM: customers[c.INCUMBENT_RM].to_numpy(),
        "offers": offers,
        **scheduled,
        c.CLV: customers[c.CLV].to_numpy(),
        "coverage_value": coverage,
        "offer_value": by_customer(problem.y.value),
        "offer_cost": by_customer(problem.y.cost),
        "expected_loss": by_customer(problem.y.expected_loss),
        "package": _per_code(tiers, _packages(outcome), np.nan),
    })


SCHEDULE_COLUMNS = ("contacts", "schedule")
"""Under a calendar, the customer plan's count of each customer's contacts and their days,
channels and offers in the run's words (campaigns.calendar_tables.schedules)."""


def _packages(outcome: Outcome) -> dict[str, str]:
    """Each tier's service package in the plan."""
    _, _, s = _chosen(outcome)
    problem, valued = outcome.decisions, outcome.prepared.valued
    return dict(zip((str(valued.tiers[t]) for t in problem.s.tier[s]),
                    (str(valued.package_ids[k]) for k in problem.s.package[s]), strict=True))


def _per_code(kinds: pd.Categorical, values: Mapping[str, object], missing: object
              ) -> np.ndarray:
    """Each row's value of its category (`missing` for none, or a category not named), looked
    up once per category: a million customers' tiers one by one took a third of a second."""
    table = [values.get(str(k), missing) for k in kinds.categories]
    return np.array([*table, missing], dtype=object)[kinds.codes]


def rm_moves(outcome: Outcome) -> dict[str, int] | None:
    """Customers against today's books: kept with their RM, moved to another, given an RM
    for the first time, left without theirs; `reassigned`, what the continuity limit counts
    (as the model's row and the checker: per RM the most of its incumbents it could keep
    together, allocator.keepable, summed, less the keepable incumbents kept); `forced`, the
    other customers who leave their RM (for another or for none): `gone` of them because
    their RM may no longer serve them (another tier or region, or an RM no longer in the
    table), `unkept` because it has not the hours or book room to keep them all (None for a
    book planned in parts)."""
    if outcome.parts is not None:
        return None
    valued, problem = outcome.prepared.valued, outcome.decisions
    x, _, _ = _chosen(outcome)
    n = len(valued.customers)
    covered = _customers_of(problem.x.customer[x], n)
    served = _customers_of(problem.x.customer[problem.x.incumbent], n)
    kept = _customers_of(problem.x.customer[x & problem.x.incumbent], n)
    had = valued.customers[c.INCUMBENT_RM].notna().to_numpy()
    leaving = had & ~kept
    reassigned = max(int(problem.x.held.sum())
                     - int(np.count_nonzero(problem.x.keepable[x])), 0)
    forced = int(leaving.sum()) - reassigned
    gone = int(np.count_nonzero(leaving & ~served))
    return {"kept": int(kept.sum()), "moved": int(np.count_nonzero(covered & leaving)),
            "forced": forced, "gone": gone, "unkept": forced - gone,
            "new": int(np.count_nonzero(covered & ~had)),
            "dropped": int(np.count_nonzero(~covered & had)), "reassigned": reassigned}


def _customers_of(customer: np.ndarray, n: int) -> np.ndarray:
    """Per customer of `n`, whether it is among `customer`."""
    marked = np.zeros(n, dtype=bool)
    marked[customer] = True
    return marked


def offer_plan(outcome: Outcome) -> pd.DataFrame:
    """One row per offer made."""
    valued, problem = outcome.prepared.valued, outcome.decisions
    _, y, _ = _chosen(outcome)
    channels = np.array([str(o.channel) for o in valued.offers] or [""], dtype=object)
    ids = valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)
    frame = pd.DataFrame({
        c.CUSTOMER_ID: ids[problem.y.customer[y]],
        c.OFFER_ID: np.array(valued.offer_ids, dtype=object)[problem.y.offer[y]],
        "channel": channels[problem.y.offer[y]],
        "propensity": problem.y.propensity[y],
        "value": problem.y.value[y],
        "cost": problem.y.cost[y],
        "expected_loss": problem.y.expected_loss[y],
        "capital": problem.y.capital[y],
    })
    calendar = outcome.prepared.loaded.scenario.calendar
    if calendar is not None:  # each contact's campaign offer and day
        offer, day = scheduled_terms(calendar)
        frame.insert(2, "offer", offer[problem.y.offer[y]])
        frame.insert(3, "day", day[problem.y.offer[y]])
    return frame.sort_values([c.CUSTOMER_ID, c.OFFER_ID], kind="stable").reset_index(drop=True)


def rm_books(outcome: Outcome) -> pd.DataFrame:
    """One row per RM: customers, hours, utilization, coverage value."""
    if outcome.parts is not None:
        return outcome.parts.rms
    valued, problem = outcome.prepared.valued, outcome.decisions
    x, _, _ = _chosen(outcome)
    rms = valued.rms
    n = len(rms)
    hours = np.bincount(problem.x.rm[x], problem.x.hours[x], n)
    capacity = rms[c.CAPACITY_HOURS].to_numpy(dtype=float)
    return pd.DataFrame({
        c.RM_ID: rms[c.RM_ID].to_numpy(), c.GRADE: rms[c.GRADE].to_numpy(),
        c.REGION: rms[c.REGION].to_numpy(),
        "customers": np.bincount(problem.x.rm[x], minlength=n),
        "kept_from_incumbent": np.bincount(problem.x.rm[x & problem.x.incumbent], minlength=n),
        "hours": hours, c.CAPACITY_HOURS: capacity,
        "utilization": np.divide(hours, capacity, out=np.zeros(n), where=capacity > 0),
        "coverage_value": np.bincount(problem.x.rm[x], problem.x.value[x], n),
    })


def tier_plan(outcome: Outcome) -> pd.DataFrame:
    """One row per tier: customers, coverage, package, spend, value (RM coverage's part of it
    apart), loss and ROI: the value the spend buys (offers and package) per unit spent, RM
    coverage's value left out (the RMs' cost is not in the budget)."""
    if outcome.parts is not None:
        return outcome.parts.tiers
    valued, problem = outcome.prepared.valued, outcome.decisions
    x, y, s = _chosen(outcome)
    tier_of = valued.customers[c.TIER].cat.codes.to_numpy()
    k = len(valued.tiers)
    offer_tier = tier_of[problem.y.customer[y]]
    package = np.full(k, None, dtype=object)
    package[problem.s.tier[s]] = np.array(valued.package_ids, dtype=object)[problem.s.package[s]]
    package_cost = np.bincount(problem.s.tier[s], problem.s.cost[s], k)
    offer_cost = np.bincount(offer_tier, problem.y.cost[y], k)
    coverage = np.bincount(tier_of[problem.x.customer[x]], problem.x.value[x], k)
    value = (coverage + np.bincount(offer_tier, problem.y.value[y], k)
             + np.bincount(problem.s.tier[s], problem.s.value[s], k))
    spend = package_cost + offer_cost
    return pd.DataFrame({
        c.TIER: valued.tiers, "customers": np.bincount(tier_of, minlength=k),
        "covered": np.bincount(tier_of[problem.x.customer[x]], minlength=k),
        "package": package, "package_cost": package_cost, "offers": np.bincount(offer_tier,
                                                                                minlength=k),
        "offer_cost": offer_cost, "budget": spend, "coverage_value": coverage, "value": value,
        "expected_loss": np.bincount(offer_tier, problem.y.expected_loss[y], k),
        "roi": np.divide(value - coverage, spend, out=np.full(k, np.nan), where=spend > 0),
    })


def offer_summary(outcome: Outcome) -> pd.DataFrame:
    """One row per offer: volume against quota and minimum (blank where there is none), cost,
    expected sales, loss."""
    if outcome.parts is not None:
        return outcome.parts.offers
    valued, problem = outcome.prepared.valued, outcome.decisions
    _, y, _ = _chosen(outcome)
    k = len(valued.offer_ids)
    offer = problem.y.offer[y]
    return pd.DataFrame({
        c.OFFER_ID: valued.offer_ids, "channel": [o.channel for o in valued.offers],
        "made": np.bincount(offer, minlength=k),
        "quota": [np.nan if o.quota is None else o.quota for o in valued.offers],
        "minimum": [o.minimum or np.nan for o in valued.offers],  # 0: none, blank
        "cost": np.bincount(offer, problem.y.cost[y], k),
        "expected_sales": np.bincount(offer, problem.y.propensity[y], k),
        "expected_loss": np.bincount(offer, problem.y.expected_loss[y], k),
        "capital": np.bincount(offer, problem.y.capital[y], k),
        "value": np.bincount(offer, problem.y.value[y], k),
    })


def constraint_table(outcome: Outcome) -> pd.DataFrame:
    """The checker's measurements with each limit's marginal value, the range of the limit over
    which it holds and the step measured beyond it (allocator.sensitivity)."""
    assert outcome.check is not None
    return assessed(outcome.check.constraints, outcome.prices, outcome.sensitivity)


def headline_prices(outcome: Outcome, words: Words | None = None) -> pd.DataFrame:
    """What one more unit is worth: budget, loss and capital appetite with the range of the
    limit over which that holds and the steps measured beyond it, and an RM hour by grade
    where it is worth most (its strongest RM's marginal value, never the mean of RMs that
    differ); the limit each prices in `constraint`."""
    known = outcome.sensitivity
    ranges = {} if known is None else known.ranges
    table = outcome.check.constraints if outcome.check is not None else None
    limits = {} if table is None else dict(zip(zip(
        table["constraint"].astype(str), table["label"].astype(str), strict=True),
        table["limit"].astype(float), strict=True))
    return unit_prices(Priced(outcome.prices, ranges, () if known is None else known.steps,
                              limits),
                       outcome.prepared.valued.rms,
                       outcome.prepared.loaded.scenario.objective.currency, words or Words())


HEADLINE_UNITS = (("budget", "budget_unit"), ("loss_cap", "loss_unit"),
                  ("capital_cap", "capital_unit"))
"""The book-wide limits whose one more unit the summary prices, and its words for them."""


@dataclass(frozen=True)
class Priced:
    """What a run knows of its limits' prices: the marginal values, the ranges over which they
    hold and the steps measured beyond them."""

    prices: Mapping[Key, float]
    ranges: Mapping[Key, tuple[float, float]]
    steps: tuple[Step, ...]
    limits: Mapping[Key, float] = field(default_factory=dict)
    """Today's limit of each row: a price whose range ends there holds only for fewer units
    (held_below_only)."""


def unit_label(said: str, span: tuple[float, float], limit: float | None, words: Words) -> str:
    """`said` (what one more unit is) as a row of what one more unit is worth: where its price
    holds only for fewer units (held_below_only), with that said and one more unit unpriced."""
    if not held_below_only(span, limit):
        return said
    return words("fewer_units_only", unit=said, low=format_cell(float(span[0]), words=words),
                 limit=format_cell(float(limit or 0.0), words=words))


def unit_prices(priced: Priced, rms: pd.DataFrame, currency: str, words: Words
                ) -> pd.DataFrame:
    """headline_prices of what a run knows of its prices, and its RMs, amounts in
    `currency`: an RM hour by grade only among the RMs that could hold a customer
    (keepable.can_hold); a grade with none has no row, as a grade none of whose RMs is
    priced."""
    prices, rows = priced.prices, []
    for constraint, key in HEADLINE_UNITS:
        if (constraint, "total") in prices:
            low, high = priced.ranges.get((constraint, "total"), (np.nan, np.nan))
            steps = [step_text(s, currency, words) for s in priced.steps
                     if s.constraint == constraint]
            said = unit_label(words(key), (low, high), priced.limits.get((constraint, "total")),
                              words)
            rows.append((constraint, said, prices[(constraint, "total")], low, high,
                         words.sep("list").join(steps)))
    rms = rms[can_hold(rms).to_numpy()]  # an RM that can hold no customer is priced nowhere
    hours = pd.Series([prices.get(("rm_capacity", str(r)), np.nan) for r in rms[c.RM_ID]],
                      index=rms[c.RM_ID].astype(str))
    for grade, values in hours.groupby(rms[c.GRADE].to_numpy()):
        if values.notna().any():
            rm = str(values.abs().idxmax())  # where an hour is worth most: that RM's range
            low, high = priced.ranges.get(("rm_capacity", rm), (np.nan, np.nan))
            steps = [step_text(s, currency, words) for s in priced.steps
                     if (s.constraint, s.label) == ("rm_capacity", str(grade))]
            said = unit_label(words("rm_hour", grade=words.term(str(grade)), rm=rm), (low, high),
                              priced.limits.get(("rm_capacity", rm)), words)
            rows.append(("rm_capacity", said, strongest(values), low, high,
                         words.sep("list").join(steps)))
    return pd.DataFrame(rows, columns=["constraint", "marginal", "value", "range_low",
                                       "range_high", "step"])


def unit_prices_shown(prices: pd.DataFrame, currency: str, words: Words) -> pd.DataFrame:
    """unit_prices for a reader: each value in `currency` per unit of its limit ("1.22 EUR
    per EUR of budget", "42.57 EUR per RM hour"), without the limits' ids."""
    shown = [priced_per_unit(str(constraint), float(value), currency, words)
             for constraint, value in zip(prices["constraint"], prices["value"], strict=True)]
    return prices.assign(value=shown).drop(columns="constraint").rename(
        columns={"value": "marginal_value"})


def tier_migration(outcome: Outcome, new: str = "new") -> pd.DataFrame:
    """Customers by previous tier (rows; `new` for none or an unknown one) and tier now."""
    if outcome.parts is not None:  # the parts' matrices, added up
        return outcome.prepared.tiering.migration.rename(index={NEW: new})
    return migration_of(outcome.prepared.valued.customers, list(outcome.prepared.valued.tiers),
                        new)


def migration_of(customers: pd.DataFrame, tiers: list[str], new: str) -> pd.DataFrame:
    """tier_migration of the tiered customers and the scenario's tiers."""
    previous = customers[c.PREVIOUS_TIER].astype(object)
    previous = previous.where(previous.isin(tiers), new)
    now = customers[c.TIER].astype(str)
    matrix = pd.crosstab(previous, now).reindex(index=[*tiers, new], columns=tiers, fill_value=0)
    matrix = matrix.loc[(matrix.sum(axis=1) > 0) | matrix.index.isin(tiers)]
    matrix.index.name, matrix.columns.name = c.PREVIOUS_TIER, c.TIER
    return matrix


def caps_of(constraints: pd.DataFrame) -> pd.DataFrame:
    """The book-wide caps (expected loss, capital) of the constraint table: used against
    limit."""
    return constraints[constraints["constraint"].isin(["loss_cap", "capital_cap"])
                       & (constraints["label"] == "total")].reset_index(drop=True)


def models_of(described: list[dict[str, Any]]) -> pd.DataFrame:
    """The scenario's models as measured on held-out customers, as the manifest describes
    them."""
    return pd.DataFrame([{k: v for k, v in fit.items() if k != "calibration"}
                         for fit in described],
                        columns=["column", "target", "method", "trained_on", "held_out",
                                 "base_rate", "auc", "brier"])
