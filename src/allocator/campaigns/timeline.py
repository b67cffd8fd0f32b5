"""A customer's calendar as `allocate explain` tells it: each activity by day, contacted or
what blocked it (a conflict's lag after a contact, a full contact window)."""

from __future__ import annotations

import numpy as np

from allocator.campaigns.activities import Activities, activities_of, covered, in_window, windows
from allocator.scenario.calendar import CalendarSection
from allocator.scenario.schema import OfferSpec


def customer_timeline(calendar: CalendarSection, specs: dict[str, OfferSpec],
                      made: set[str], valued: set[str]) -> list[str]:
    """One line per activity the customer has a value for (`valued`), by day: contacted, or
    why not."""
    acts = activities_of(calendar, specs)
    given = np.array([a in made for a in acts.ids], dtype=bool)
    lines = []
    for a in sorted(range(acts.size), key=lambda k: (acts.day[k], acts.ids[k])):
        if acts.ids[a] not in valued:
            continue
        what = f"day {acts.day[a]}: {acts.channel[a]} {calendar.activities[acts.ids[a]].offer} " \
               f"({acts.ids[a]})"
        if given[a]:
            lines.append(f"{what}: contacted")
            continue
        lines.append(f"{what}: {_blocked(calendar, acts, given, a)}")
    return lines


def _blocked(calendar: CalendarSection, acts: Activities, given: np.ndarray, a: int) -> str:
    for name, rule in calendar.conflicts.items():
        first, second = covered(rule.first, acts), covered(rule.second, acts)
        for b in np.flatnonzero(given):
            after = acts.day[a] - acts.day[b]
            if (first[b] and second[a] and 0 <= after < rule.lag) or (
                    first[a] and second[b] and 0 <= -after < rule.lag):
                return (f"blocked by the {rule.lag}-day lag '{name}' with the "
                        f"{acts.channel[b]} contact on day {acts.day[b]} ({acts.ids[b]})")
    for name, limit in calendar.contact_rules.items():
        for window in windows(limit, acts):
            inside = in_window(limit, window, acts)
            if inside[a] and int((inside & given).sum()) >= limit.max:
                return (f"blocked: '{name}' allows {limit.max} contacts in days "
                        f"{window[0]}-{window[1]}, all taken")
    return "not contacted (not open to the customer, or worth less than what it would use)"
