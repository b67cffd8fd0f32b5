"""A customer's calendar as `allocate explain` tells it: each activity by day, contacted or
what blocked it (a conflict's lag after a contact, a full contact window), in the run's
language."""

from __future__ import annotations

import numpy as np

from allocator.campaigns.activities import Activities, activities_of, covered, in_window, windows
from allocator.report.language import Words
from allocator.scenario.calendar import CalendarSection
from allocator.scenario.schema import OfferSpec


def customer_timeline(calendar: CalendarSection, specs: dict[str, OfferSpec],
                      made: set[str], valued: set[str], words: Words | None = None
                      ) -> list[str]:
    """One line per activity the customer has a value for (`valued`), by day: contacted, or
    why not, told in `words` (English by default)."""
    words = words or Words()
    acts = activities_of(calendar, specs)
    given = np.array([a in made for a in acts.ids], dtype=bool)
    lines = []
    for a in sorted(range(acts.size), key=lambda k: (acts.day[k], acts.ids[k])):
        if acts.ids[a] not in valued:
            continue
        what = words("timeline_activity", day=acts.day[a], channel=words.term(acts.channel[a]),
                     offer=words.term(calendar.activities[acts.ids[a]].offer),
                     activity=words.term(acts.ids[a]))
        why = (words("timeline_contacted") if given[a]
               else _blocked(calendar, acts, given, a, words))
        lines.append(f"{what}{words.sep('colon')}{why}")
    return lines


def _blocked(calendar: CalendarSection, acts: Activities, given: np.ndarray, a: int,
             words: Words) -> str:
    for name, rule in calendar.conflicts.items():
        first, second = covered(rule.first, acts), covered(rule.second, acts)
        for b in np.flatnonzero(given):
            after = acts.day[a] - acts.day[b]
            if (first[b] and second[a] and 0 <= after < rule.lag) or (
                    first[a] and second[b] and 0 <= -after < rule.lag):
                return words("timeline_lag", lag=rule.lag, rule=words.term(name),
                             channel=words.term(acts.channel[b]), day=acts.day[b],
                             activity=words.term(acts.ids[b]))
    for name, limit in calendar.contact_rules.items():
        for window in windows(limit, acts):
            inside = in_window(limit, window, acts)
            if inside[a] and int((inside & given).sum()) >= limit.max:
                return words("timeline_window", rule=words.term(name), most=limit.max,
                             first=window[0], last=window[1])
    return words("timeline_other")
