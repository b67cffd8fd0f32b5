"""The checker's measurement of the calendar's families, from the plan's contacts alone (the
model's windows and cliques are not read: every window and every pair of contacts is
measured)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.campaigns.activities import (
    Activities,
    activities_of,
    covered,
    month_label,
    windows,
)
from allocator.checks.ledger import NAMED, Ledger
from allocator.checks.limits import Joined
from allocator.errors import Named
from allocator.report.violation_words import said_both
from allocator.scenario.calendar import Bounds, CalendarSection


def check_calendar(ledger: Ledger, joined: Joined) -> None:
    """Contacts per customer in each window, conflicting pairs, channel limits, budgets and
    sales targets."""
    calendar = joined.scenario.calendar
    if calendar is None:
        return
    acts = activities_of(calendar, joined.specs)
    o = joined.offers
    at = pd.Series(range(acts.size), index=list(acts.ids))
    known = o[o[c.OFFER_ID].isin(at.index)]
    contacts = pd.DataFrame({c.CUSTOMER_ID: known[c.CUSTOMER_ID].to_numpy(),
                             "activity": at[known[c.OFFER_ID]].to_numpy(),
                             "cost": known["cost"].astype(float).to_numpy(),
                             "propensity": known["propensity"].astype(float).to_numpy()})
    _contact_windows(ledger, calendar, acts, contacts)
    _conflicting_pairs(ledger, calendar, acts, contacts)
    _totals(ledger, "channel_window", calendar.channel_limits, acts, contacts, None)
    _totals(ledger, "product_sales", calendar.sales, acts, contacts, "propensity")
    for name, rule in calendar.budgets.items():
        mine = covered(rule, acts)[contacts["activity"]]
        ledger.limit("channel_budget", "channel_budget", name, "le", rule.limit,
                     float(contacts.loc[mine, "cost"].sum()))
    _rm_months(ledger, joined, acts, contacts)


def _rm_months(ledger: Ledger, joined: Joined, acts: Activities, contacts: pd.DataFrame
               ) -> None:
    """Per RM with hours per month and month of RM contacts: the hours of the RM contacts of
    the customers the plan gives the RM."""
    rms = joined.rms.set_index(c.RM_ID)
    limits = rms[c.HOURS_PER_MONTH].dropna()
    months = np.unique(acts.month[acts.rm_hours > 0])
    if limits.empty or not len(months):
        return
    at = contacts["activity"].to_numpy()
    rm_of = joined.assignments.set_index(c.CUSTOMER_ID)[c.RM_ID]
    made = pd.DataFrame({c.CUSTOMER_ID: contacts[c.CUSTOMER_ID],
                         "rm": contacts[c.CUSTOMER_ID].map(rm_of), "month": acts.month[at],
                         "hours": acts.rm_hours[at]})
    made = made[(made["hours"] > 0) & made["rm"].isin(limits.index)]
    used = made.groupby(["rm", "month"])["hours"].sum()
    who = made.groupby(["rm", "month"])[c.CUSTOMER_ID].unique()
    for rm, limit in limits.items():
        for month in months:
            first, last = acts.month_span(int(month))
            key = (rm, month)
            ledger.limit("rm_month_hours", "rm_month_hours",
                         month_label(rms.at[rm, c.GRADE], rm, first, last), "le", float(limit),
                         float(used.get(key, 0.0)), who=who.get(key, ()))


def _contact_windows(ledger: Ledger, calendar: CalendarSection, acts: Activities,
                     contacts: pd.DataFrame) -> None:
    """Per rule, the contacts over the cap, summed over customers and windows; each customer
    over it in a window named with the window, the rule and its contacts there."""
    day = acts.day[contacts["activity"].to_numpy()]
    for name, rule in calendar.contact_rules.items():
        mine = covered(rule, acts)[contacts["activity"].to_numpy()]
        over: list[tuple[str, int, int, int]] = []  # customer, window, contacts in it
        for first, last in windows(rule, acts):
            inside = mine & (day >= first) & (day <= last)
            count = contacts.loc[inside].groupby(c.CUSTOMER_ID).size()
            over += [(str(i), first, last, int(n)) for i, n in count[count > rule.max].items()]
        over.sort(key=lambda found: found[0])  # a customer's windows together, in order
        excess = sum(n - rule.max for *_, n in over)
        ledger.limit("calendar_contact", "calendar_contact", name, "le", 0.0, float(excess),
                     who=[_window_over(name, rule.max, found, acts, contacts, day)
                          for found in over[:NAMED]] + [i for i, *_ in over[NAMED:]])


def _window_over(name: str, most: float, found: tuple[str, int, int, int], acts: Activities,
                 contacts: pd.DataFrame, day: np.ndarray) -> Named:
    """A customer over a contact rule's cap in one window: the window, the rule, its cap and
    the customer's contacts there."""
    customer, first, last, count = found
    there = (contacts[c.CUSTOMER_ID] == customer).to_numpy() & (day >= first) & (day <= last)
    made = [acts.ids[a] for a in sorted(contacts.loc[there, "activity"],
                                        key=lambda a: (acts.day[a], a))]
    return said_both("calendar_window_over", id=customer, count=str(count), first=str(first),
                     last=str(last), rule=name, most=f"{most:g}", activities=", ".join(made),
                     activities_zh="、".join(made))


def _conflicting_pairs(ledger: Ledger, calendar: CalendarSection, acts: Activities,
                       contacts: pd.DataFrame) -> None:
    """Pairs of one customer's contacts that some conflict rule forbids, each pair once; each
    named with its customer, its contacts and their days, and the first rule it breaks."""
    pairs = contacts.merge(contacts, on=c.CUSTOMER_ID, suffixes=("_1", "_2"))
    first, second = pairs["activity_1"].to_numpy(), pairs["activity_2"].to_numpy()
    gap = acts.day[second] - acts.day[first]
    broken_by = np.full(len(pairs), "", dtype=object)  # the first rule each pair breaks
    for name, rule in calendar.conflicts.items():
        clash = (covered(rule.first, acts)[first] & covered(rule.second, acts)[second]
                 & (gap >= 0) & (gap < rule.lag) & (first != second))
        broken_by[clash & (broken_by == "")] = name
    ordered = np.minimum(first, second), np.maximum(first, second)
    broken = pd.DataFrame({c.CUSTOMER_ID: pairs[c.CUSTOMER_ID], "a": ordered[0],
                           "b": ordered[1], "rule": broken_by})[broken_by != ""]
    broken = broken.drop_duplicates([c.CUSTOMER_ID, "a", "b"])
    if calendar.conflicts:
        shown = [_pair_conflict(row, calendar, acts) for row in broken.head(NAMED).itertuples()]
        ledger.limit("calendar_conflict", "calendar_conflict", "conflicting contacts", "le",
                     0.0, float(len(broken)),
                     who=shown + broken[c.CUSTOMER_ID].iloc[NAMED:].astype(str).tolist())


def _pair_conflict(row: Any, calendar: CalendarSection, acts: Activities) -> Named:
    """A pair of a customer's contacts a conflict rule forbids: the contacts in the order of
    their days, how far apart they are and the rule's lag."""
    earlier, later = sorted((int(row.a), int(row.b)), key=lambda a: (acts.day[a], a))
    return said_both("calendar_pair_conflict", id=str(getattr(row, c.CUSTOMER_ID)),
                     first=acts.ids[earlier], first_day=str(acts.day[earlier]),
                     second=acts.ids[later], second_day=str(acts.day[later]),
                     gap=str(acts.day[later] - acts.day[earlier]), rule=str(row.rule),
                     lag=str(calendar.conflicts[str(row.rule)].lag))


def _totals(ledger: Ledger, family: str, rules: dict[str, Bounds], acts: Activities,
            contacts: pd.DataFrame, weight: str | None) -> None:
    for name, rule in rules.items():
        mine = contacts[covered(rule, acts)[contacts["activity"].to_numpy()]]
        used = float(len(mine) if weight is None else mine[weight].sum())
        if rule.min > 0:
            ledger.limit(family, f"{family}_min", name, "ge", rule.min, used)
        if rule.max is not None:
            ledger.limit(family, f"{family}_max", name, "le", rule.max, used)
