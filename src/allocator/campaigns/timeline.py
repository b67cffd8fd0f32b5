"""A customer's calendar as `allocate explain` tells it: each activity by day, contacted or
why not (not open to the customer; a conflict's lag after a contact, a full contact window,
the RM's full month; or open and worth less than what it would use), in the run's
language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.campaigns.activities import Activities, activities_of, covered, in_window, windows
from allocator.report.language import Words
from allocator.scenario.calendar import CalendarSection
from allocator.scenario.schema import OfferSpec


@dataclass(frozen=True)
class LeftOut:
    """Why an activity the customer has a value for was or was not made (explain's offers
    table): `open` False where it was never open to them (another tier, do-not-contact,
    their risk tolerance, no RM)."""

    open: bool
    why: str


@dataclass(frozen=True)
class RmMonths:
    """The customer's RM, its hours per month, and per month the hours its customers' RM
    contacts take."""

    rm: str
    limit: float
    used: dict[int, float]


def rm_months(calendar: CalendarSection, specs: dict[str, OfferSpec], offers: pd.DataFrame,
              assignments: pd.DataFrame, rms: pd.DataFrame, customer_id: str
              ) -> RmMonths | None:
    """The customer's RM's months (None: no RM, or an RM without hours per month)."""
    mine = assignments.loc[assignments[c.CUSTOMER_ID] == customer_id, c.RM_ID]
    limits = rms.set_index(c.RM_ID)[c.HOURS_PER_MONTH].dropna() if len(mine) else None
    if limits is None or mine.iloc[0] not in limits.index:
        return None
    rm = mine.iloc[0]
    acts = activities_of(calendar, specs)
    at = pd.Series(range(acts.size), index=list(acts.ids))
    book = assignments.loc[assignments[c.RM_ID] == rm, c.CUSTOMER_ID]
    given = offers[offers[c.CUSTOMER_ID].isin(book) & offers[c.OFFER_ID].isin(at.index)]
    a = at[given[c.OFFER_ID]].to_numpy()
    used = pd.Series(acts.rm_hours[a]).groupby(acts.month[a]).sum()
    return RmMonths(str(rm), float(limits[rm]), {int(k): float(v) for k, v in used.items()})


def customer_timeline(calendar: CalendarSection, specs: dict[str, OfferSpec],
                      made: set[str], valued: Mapping[str, LeftOut], words: Words | None = None,
                      rm: RmMonths | None = None) -> list[str]:
    """One line per activity the customer has a value for (`valued`, with why each was or was
    not made), by day: contacted, or why not (`rm`: the months of the customer's RM), told in
    `words` (English by default)."""
    words = words or Words()
    acts = activities_of(calendar, specs)
    blocked = calendar_reasons(calendar, specs, made, words, rm)
    lines = []
    for a in sorted(range(acts.size), key=lambda k: (acts.day[k], acts.ids[k])):
        left = valued.get(acts.ids[a])
        if left is None:
            continue
        what = words("timeline_activity", day=acts.day[a], channel=words.term(acts.channel[a]),
                     offer=words.term(calendar.activities[acts.ids[a]].offer),
                     activity=words.term(acts.ids[a]))
        if acts.ids[a] in made:
            why = words("timeline_contacted")
        elif not left.open:
            why = words("timeline_closed", why=left.why)
        else:
            why = blocked.get(acts.ids[a]) or words("timeline_open", why=left.why)
        lines.append(f"{what}{words.sep('colon')}{why}")
    return lines


def calendar_reasons(calendar: CalendarSection, specs: dict[str, OfferSpec], made: set[str],
                     words: Words, rm: RmMonths | None = None) -> dict[str, str]:
    """Each activity not `made` that a calendar rule holds back, with the rule in words: a
    conflict's lag after a contact made, a contact window already full, or the month of the
    customer's RM (`rm`) without room. The timeline and the offers table both tell these."""
    acts = activities_of(calendar, specs)
    given = np.array([a in made for a in acts.ids], dtype=bool)
    reasons = {}
    for a in np.flatnonzero(~given):
        why = _blocked(calendar, acts, given, int(a), words) or _rm_full(acts, int(a), rm, words)
        if why:
            reasons[acts.ids[a]] = why
    return reasons


def _rm_full(acts: Activities, a: int, rm: RmMonths | None, words: Words) -> str | None:
    """Why an RM contact was not made when its RM's month has no room for it."""
    if rm is None or acts.rm_hours[a] <= 0:
        return None
    month = int(acts.month[a])
    used = rm.used.get(month, 0.0)
    if used + acts.rm_hours[a] <= rm.limit + 1e-9:
        return None
    first, last = acts.month_span(month)
    return words("timeline_rm_hours", rm=words.term(rm.rm), first=first, last=last, used=used,
                 limit=rm.limit)


def _blocked(calendar: CalendarSection, acts: Activities, given: np.ndarray, a: int,
             words: Words) -> str | None:
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
    return None
