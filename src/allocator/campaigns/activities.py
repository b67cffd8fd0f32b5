"""The calendar's activities as arrays, and which of them each rule covers.

An activity falls under a selection (a rule's window, channels and products) when its day is
in the window, its channel among the channels and one of its products among the products (no
channels or products listed: all). Two activities conflict under a conflict rule when the
first matches the rule's first side, the second its second side, and the second comes fewer
than `lag` days after the first (the same day included): 0 <= day2 - day1 < lag.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator.errors import UserError, did_you_mean, in_a_row
from allocator.scenario.calendar import (
    CalendarSection,
    ConflictRule,
    ContactRule,
    Selection,
    Side,
)
from allocator.scenario.schema import OfferSpec


@dataclass(frozen=True)
class Activities:
    """The activities of a calendar, in its order (the order of the plan's offer ids)."""

    ids: tuple[str, ...]
    day: np.ndarray
    channel: np.ndarray
    products: tuple[frozenset[str], ...]
    cost: np.ndarray
    horizon: int
    rm_hours: np.ndarray
    """Hours of the customer's RM a contact takes (0 off the rm channel)."""
    month_days: int = 30

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def month(self) -> np.ndarray:
        """Per activity, its month of RM hours (0 for the first)."""
        return (self.day - 1) // self.month_days

    def month_span(self, month: int) -> tuple[int, int]:
        """The first and last day of a month of RM hours."""
        return month * self.month_days + 1, min((month + 1) * self.month_days, self.horizon)


def activities_of(calendar: CalendarSection, specs: dict[str, OfferSpec]) -> Activities:
    """The calendar's activities with their terms as scheduled (`specs`: the activities'
    offers, as `scheduled_offers` makes them)."""
    ids = tuple(calendar.activities)
    products = tuple(frozenset(a.products or [str(specs[i].product)])
                     for i, a in calendar.activities.items())
    channel = np.array([specs[i].channel for i in ids], dtype=object)
    hours = np.array([a.rm_hours for a in calendar.activities.values()], dtype=float)
    return Activities(ids, np.array([a.day for a in calendar.activities.values()]), channel,
                      products, np.array([specs[i].cost for i in ids], dtype=float),
                      calendar.horizon, np.where(channel == "rm", hours, 0.0),
                      calendar.month_days)


def month_label(grade: object, rm: object, first: int, last: int) -> str:
    """An RM-month's label: "premier_rm / RM00012 / 29-56" (grade, RM, first and last day)."""
    return f"{grade} / {rm} / {first}-{last}"


def scheduled_offers(offers: dict[str, OfferSpec], calendar: CalendarSection
                     ) -> dict[str, OfferSpec]:
    """Each activity as an offer of its own (its offer's terms, its channel and cost): under
    a calendar the plan's contacts are activities. A scheduled offer's quota and minimum
    would count single contacts; a calendar states them as channel limits or sales targets."""
    scheduled: dict[str, OfferSpec] = {}
    for name, activity in calendar.activities.items():
        key = f"calendar.activities.{name}.offer"
        if activity.offer not in offers:
            raise UserError.said("activity_unknown_offer", key=key, offer=activity.offer,
                                 known=in_a_row(offers),
                                 **_hints(activity.offer, list(offers))).at(key)
        offer = offers[activity.offer]
        if offer.quota is not None or offer.minimum > 0:
            raise UserError.said("activity_offer_counted", key=key, offer=activity.offer).at(key)
        update: dict[str, object] = {"product": offer.product or activity.offer}
        if activity.channel is not None:
            update["channel"] = activity.channel
        if (activity.channel or offer.channel) == "rm":  # the customer's RM makes the contact
            update["needs_rm"] = True
        if activity.cost is not None:
            update["cost"] = activity.cost
        scheduled[name] = offer.model_copy(update=update)
    _check_products(calendar, activities_of(calendar, scheduled))
    return scheduled


def _check_products(calendar: CalendarSection, acts: Activities) -> None:
    """Every product a rule names is promoted by some activity (a misspelt product would
    make its rule cover nothing)."""
    known = sorted(set().union(*acts.products))
    named: list[tuple[str, list[str] | None]] = [
        (f"calendar.{section}.{name}.products", rule.products)
        for section in ("contact_rules", "channel_limits", "budgets", "sales")
        for name, rule in getattr(calendar, section).items()]
    named += [(f"calendar.conflicts.{name}.{side}.products", getattr(rule, side).products)
              for name, rule in calendar.conflicts.items() for side in ("first", "second")]
    for key, products in named:
        for product in products or []:
            if product not in known:
                raise UserError.said("activity_unknown_product", key=key, product=product,
                                     known=in_a_row(known), **_hints(product, known)).at(key)


def _hints(word: str, known: list[str]) -> dict[str, str]:
    """A close name among `known`, as the English and the Chinese message suggest it."""
    return {"hint": did_you_mean(word, known), "hint_zh": did_you_mean(word, known, "zh")}


def floored_activities(calendar: CalendarSection | None, offers: list[OfferSpec]
                       ) -> np.ndarray:
    """Per activity (the valued book's offers under a calendar), whether it counts towards a
    channel minimum or a sales target: a `>=` row that may need its pairs of no value."""
    if calendar is None:
        return np.zeros(len(offers), dtype=bool)
    acts = activities_of(calendar, dict(zip(calendar.activities, offers, strict=True)))
    floors = [*calendar.channel_limits.values(), *calendar.sales.values()]
    needed = np.zeros(acts.size, dtype=bool)
    for rule in floors:
        if rule.min > 0:
            needed |= covered(rule, acts)
    return needed


def scheduled_terms(calendar: CalendarSection) -> tuple[np.ndarray, np.ndarray]:
    """Per activity, in the calendar's order: its offer and its day."""
    activities = list(calendar.activities.values())
    return (np.array([a.offer for a in activities] or [""], dtype=object),
            np.array([a.day for a in activities] or [0], dtype=np.int64))


def covered(selection: Selection | Side, acts: Activities) -> np.ndarray:
    """Per activity, whether the selection covers it."""
    mask = np.ones(acts.size, dtype=bool)
    if isinstance(selection, Selection):
        end = acts.horizon if selection.end is None else selection.end
        mask &= (acts.day >= selection.start) & (acts.day <= end)
    if selection.channels is not None:
        mask &= np.isin(acts.channel, np.array(selection.channels, dtype=object))
    if selection.products is not None:
        wanted = set(selection.products)
        mask &= np.array([bool(p & wanted) for p in acts.products], dtype=bool)
    return mask


def windows(rule: ContactRule, acts: Activities) -> list[tuple[int, int]]:
    """The windows (first day, last day) of a contact rule: the whole window; fixed windows of
    `every` days; or, rolling, a window of `rolling` days from every day an activity of the
    rule falls on (a window starting elsewhere covers no more of them)."""
    end = acts.horizon if rule.end is None else rule.end
    if rule.every is not None:
        return [(first, min(first + rule.every - 1, end))
                for first in range(rule.start, end + 1, rule.every)]
    if rule.rolling is not None:
        days = np.unique(acts.day[covered(rule, acts)])
        return [(int(d), min(int(d) + rule.rolling - 1, end)) for d in days]
    return [(rule.start, end)]


def in_window(rule: ContactRule, window: tuple[int, int], acts: Activities) -> np.ndarray:
    """Per activity, whether it counts in one window of a contact rule."""
    return covered(rule, acts) & (acts.day >= window[0]) & (acts.day <= window[1])


def conflicts(rules: dict[str, ConflictRule], acts: Activities) -> np.ndarray:
    """The symmetric matrix of activity pairs a customer may not both get."""
    clash = np.zeros((acts.size, acts.size), dtype=bool)
    gap = acts.day[None, :] - acts.day[:, None]  # second's day minus first's
    for rule in rules.values():
        first, second = covered(rule.first, acts), covered(rule.second, acts)
        clash |= first[:, None] & second[None, :] & (gap >= 0) & (gap < rule.lag)
    clash |= clash.T
    np.fill_diagonal(clash, False)
    return clash


def maximal_cliques(adjacent: np.ndarray, members: np.ndarray) -> list[tuple[int, ...]]:
    """Every maximal clique of two or more of `members` in the graph `adjacent`
    (Bron-Kerbosch with pivoting), each sorted, in a fixed order."""
    neighbours = {int(v): {int(u) for u in members if adjacent[v, u]} for v in members}
    found: list[tuple[int, ...]] = []

    def extend(clique: set[int], candidates: set[int], done: set[int]) -> None:
        if not candidates and not done:
            if len(clique) > 1:
                found.append(tuple(sorted(clique)))
            return
        pivot = max(candidates | done, key=lambda v: len(neighbours[v] & candidates))
        for v in sorted(candidates - neighbours[pivot]):
            extend(clique | {v}, candidates & neighbours[v], done & neighbours[v])
            candidates = candidates - {v}
            done = done | {v}

    extend(set(), set(neighbours), set())
    return sorted(found)
