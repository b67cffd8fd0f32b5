"""A limit's price and the steps measured beyond it, in words: "1.22 EUR per EUR of budget for
a limit from 44,900 to 46,300 (now 45,000)", a grade's RM hours priced together, and what a
step of the limit changed (its worth, the packages it moved) or why it tells no change. The
drivers' headlines (allocator.report.drivers) and the tables' step notes say them.
Pure: a constraint's row or a step in, a sentence out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.decomposition.steps import STEP_ITERATIONS
from allocator.diagnosis import PHRASES
from allocator.keepable import can_hold
from allocator.report.cell_texts import limit_text
from allocator.report.figures import infinity_text
from allocator.report.language import Words
from allocator.report.quantities import per_unit
from allocator.sensitivity import PRICE_TOLERANCE, Step

UNMEASURED_SAID = {"time spent": "step_time_spent",
                   "no plan in iterations": "step_no_plan_in_iterations",
                   "solver failed": "step_solver_failed"}
"""Why a step has no change, in words (sensitivity.Step.unmeasured); else the clock stopped
its re-solve before it found a plan ("step_unknown")."""


def grade_price_text(rows: pd.DataFrame, rms: pd.DataFrame, currency: str, words: Words
                     ) -> str:
    """A grade's hours: in all, and the marginal value per hour of its RMs: one value where
    they share it, else the range with the binding RMs named (an average nobody can buy at
    is never shown; each RM's own value and range are in constraints.csv). Only the RMs of
    `rms` that could hold a customer (keepable.can_hold) are counted and priced: an hour of
    one that holds none is no price; a grade none of whose RMs holds a customer, or none of
    whose RMs the run priced, is not priced."""
    holding = can_hold(rms)
    priced = rows[~rows["label"].astype(str).isin(holding.index[~holding.to_numpy()])]
    prices = priced["marginal_value"].dropna()
    if prices.empty:  # no RM's hour priced: none is worth 0 either
        return words("price_none", limit=_limit(float(priced["limit"].sum()
                                                      if len(priced) else rows["limit"].sum())))
    rows = priced
    hours = _amount(float(rows["limit"].sum()))
    low, high = float(prices.min()), float(prices.max())
    family = str(rows["constraint"].iloc[0])
    if high - low <= PRICE_TOLERANCE:
        return words("grade_price", rms=len(rows), hours=hours,
                     price=per_unit(family, _amount(high), currency, words))
    binding = rows[rows["marginal_value"].abs() > PRICE_TOLERANCE].sort_values(
        "marginal_value", key=abs, ascending=False, kind="stable")
    between = words("price_between", low=_amount(low), high=_amount(high))
    return words("grade_price_range", rms=len(rows), hours=hours,
                 prices=per_unit(family, between, currency, words), binding=len(binding),
                 names=words.examples(list(binding["label"].astype(str)), 3))


def price_text(row: pd.Series, constraint: str, currency: str, words: Words) -> str:
    """"1.22 EUR per EUR of budget for a limit from 44,900 to 46,300 (now 45,000)", or
    without a range; a multiplier the search left short of its best says that its range misses
    the limit, and a range of today's limit alone says the price holds only there."""
    value = float(row["marginal_value"])
    if np.isnan(value):
        return words("price_none", limit=_limit(float(row["limit"])))
    price = per_unit(constraint, _amount(value), currency, words)
    low, high = float(row["range_low"]), float(row["range_high"])
    if np.isnan(low) or np.isnan(high):
        return words("price_no_range", price=price, limit=_limit(float(row["limit"])))
    limit = float(row["limit"])
    room = 1e-6 * max(1.0, abs(limit))
    key = "price_range" if low - room <= limit <= high + room else "price_range_elsewhere"
    if key == "price_range" and high - low <= room:  # a range of one point tells no range
        return words("price_point", price=price, limit=_limit(limit))
    return words(key, price=price, low=_amount(low), high=_amount(high),
                 limit=_limit(limit))


def step_text(step: Step, currency: str, words: Words) -> str:
    """A step: the limit moved, and what that is worth (re-solved, or bounded by an LP), in
    `currency`, per unit of the limit."""
    share = f"{abs(step.moved_to / step.limit - 1):.0%}"
    up = step.moved_to > step.limit
    moved = words("step_up" if up else "step_down", share=share, moved=_amount(step.moved_to))
    return moved + words.sep("colon") + _worth(step, currency, words)


def _unmeasured(step: Step, words: Words) -> str:
    """Why a step tells no change, in words: no plan meets its limit, or its re-solve or
    re-run stopped before one could be told apart from none; "" where it measured one."""
    if step.how == "no plan":
        return words("step_no_plan_because", phrase=words.term(PHRASES[step.cause])
                     ) if step.cause in PHRASES else words("step_no_plan")
    if step.short_of_gap:
        return words("step_short_of_gap", spread=_amount(abs(step.spread)))
    if step.change is None:
        return words(UNMEASURED_SAID.get(step.unmeasured, "step_unknown"),
                     iterations=STEP_ITERATIONS)
    if step.how == "re-solved" and not step.change_known:
        return words("step_unproven_change", spread=_amount(abs(step.spread)))
    return ""


def _worth(step: Step, currency: str, words: Words) -> str:
    unmeasured = _unmeasured(step, words)
    if unmeasured or step.change is None:
        return unmeasured
    if step.how == "bounded" and step.loosens:
        return words("step_bounded", change=_amount(step.change), currency=currency)
    if step.how == "bounded":
        text = words("step_bounded_cut", change=_amount(-step.change), currency=currency)
    elif abs(step.change) <= step.spread:
        text = words("step_within_gaps", spread=_amount(abs(step.spread)))
    else:
        text = words("step_worth", change=f"{step.change:+,.0f}", currency=currency,
                     per_unit=per_unit(step.constraint, _amount(step.per_unit or 0.0), currency,
                                       words), spread=_amount(abs(step.spread)))
    changes = words.sep("clause").join(
        words("package_change", tier=words.term(t), before=words.term(a or "—"),
              after=words.term(b or "—"))
        for t, a, b in step.packages)
    if changes:
        key = "bound_packages" if step.how == "bounded" else "packages_changed"
        text += words.sep("clause") + words(key, changes=changes)
    if changes:
        text += _package_notes(step, words)
    if not step.proven:
        text = words.joined(text, words("step_not_proven"))
    return text


def _package_notes(step: Step, words: Words) -> str:
    """" (from a limit of about X; the package change takes Y of the limit)", where known."""
    notes = []
    if step.packages_from is not None:
        notes.append(words("packages_from", at=_amount(step.packages_from)))
    if step.package_use:
        key = "package_takes" if step.package_use > 0 else "package_frees"
        notes.append(words(key, amount=_amount(abs(step.package_use))))
    if not notes:
        return ""
    return words.sep("open") + words.sep("list").join(notes) + words.sep("close")


def _amount(value: float) -> str:
    if not np.isfinite(value):
        return infinity_text(value)  # NaN: no bound, so no limit to the band
    return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"


def _limit(value: float) -> str:
    """A limit as _amount writes it, but one that is not whole with the decimals it has
    (45,000.5: the limit the scenario gives, never the 45,000 rounding would show)."""
    whole = not np.isfinite(value) or float(value).is_integer() or abs(value) < 100
    return _amount(value) if whole else limit_text(value)
