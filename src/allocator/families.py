"""The constraint families, each declared once with everything the rest of the code reads of it.

A family states how its rows are built (formulation.py), what its rows are called and what it
means when one must give (the diagnosis phrase, a term of the language catalogue), whether the
decomposition prices its rows (or keeps them exact in each customer's choice), whether its rows
count whole units (offers, customers: a part of a book gets whole ones), how its limits scale
on a sample of the book, and how the independent checker measures it (checks/limits.py).

The exact model's rows come in this order; the decomposition prices the same rows
(decomposition/coupling_rows.py). A new family is its rows, its checker's measurement, its words
and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from allocator import columns as c
from allocator import formulation as rows
from allocator.campaigns import rows as calendar
from allocator.campaigns.checks import check_calendar
from allocator.checks.ledger import Ledger
from allocator.checks.limits import (
    Joined,
    check_budget,
    check_contact,
    check_continuity,
    check_coverage,
    check_packages,
    check_risk,
    check_rms,
    check_volume,
)
from allocator.problem import Decisions, Rows
from allocator.scenario.schema import Family, Scenario
from allocator.valuation import ValuedBook


class Scaling(Enum):
    """How a family's limits follow a sample of the book (1 in k customers)."""

    SHARE = "share"
    """Limits scale by the sample's share (totals over customers; a tier's share of a total
    follows the total)."""
    DROPPED = "dropped"
    """Left out of a sample: a count the sample cannot scale (the incumbents of a sample's RMs
    can outgrow their scaled hours)."""
    KEPT = "kept"
    """Rules of each customer or tier, the same on a sample."""


@dataclass(frozen=True)
class LimitAt:
    """Where a family's limits are stated: a scenario key (dotted), an RM column, or an offer
    field."""

    table: Literal["scenario", "rms", "offers"]
    key: str


@dataclass(frozen=True)
class Constraint:
    """A block of a family's rows, as the model, the checker and the reports name it."""

    name: str
    phrase: str
    """What it means when the rows must give (a term of the language catalogue)."""
    short: bool = False
    """A floor that may be left short (rather than a limit exceeded)."""


@dataclass(frozen=True)
class ConstraintFamily:
    name: Family
    rows: Callable[[rows.Context], list[rows.Block]]
    constraints: tuple[Constraint, ...]
    priced: bool
    """The decomposition prices its rows; otherwise each customer's (or tier's) choice keeps
    them exactly, and they cannot be soft there."""
    counted: bool
    """Its rows count whole units (offers, customers, moves)."""
    scaling: Scaling
    limits: tuple[LimitAt, ...]
    check: Callable[[Ledger, Joined], None]
    """The checker's measurement of its rows (one measurement may cover several families)."""
    scheduled: bool = False
    """Its rows are each customer's own rows over the customer's activities (contact windows,
    conflicts), which the decomposition keeps exactly in each customer's schedule
    (decomposition/schedules.py)."""


def _family(name: Family, build: Callable[[rows.Context], list[rows.Block]],
            constraints: tuple[Constraint, ...], check: Callable[[Ledger, Joined], None], *,
            priced: bool = True, counted: bool = False, scaling: Scaling = Scaling.SHARE,
            limits: tuple[LimitAt, ...] = (), scheduled: bool = False) -> ConstraintFamily:
    return ConstraintFamily(name, build, constraints, priced, counted, scaling, limits, check,
                            scheduled)


def _one(name: str, phrase: str, short: bool = False) -> tuple[Constraint, ...]:
    return (Constraint(name, phrase, short),)


FAMILIES: tuple[ConstraintFamily, ...] = (
    _family("coverage", rows.coverage, (
        Constraint("coverage_mandatory", "customers of mandatory tiers left without an RM"),
        Constraint("coverage_optional", "customers given more than one RM")),
        check_coverage, priced=False, scaling=Scaling.KEPT),
    _family("rm_capacity", rows.rm_capacity, _one("rm_capacity", "RM hours over capacity"),
            check_rms, limits=(LimitAt("rms", c.CAPACITY_HOURS),)),
    _family("rm_book_size", rows.rm_book_size,
            _one("rm_book_size", "customers over RM book sizes"), check_rms, counted=True,
            limits=(LimitAt("rms", c.MAX_BOOK),)),
    _family("rm_min_load", rows.rm_min_load,
            _one("rm_min_load", "RM hours under the minimum load"), check_rms,
            limits=(LimitAt("rms", c.MIN_LOAD_HOURS),)),
    _family("continuity", rows.continuity,
            _one("continuity", "more reassignments than allowed"), check_continuity,
            counted=True, scaling=Scaling.DROPPED,
            limits=(LimitAt("scenario", "rules.continuity.max_reassignments"),)),
    _family("contact", rows.contact, _one("contact", "offers above per-customer limits"),
            check_contact, priced=False, scaling=Scaling.KEPT),
    _family("rm_offer_link", rows.rm_offer_link,
            _one("rm_offer_link", "RM offers to customers without an RM"), check_contact,
            priced=False, scaling=Scaling.KEPT),
    _family("budget", rows.budget, _one("budget", "budget exceeded"), check_budget,
            limits=(LimitAt("scenario", "budget.total"),)),
    _family("tier_budget", rows.tier_budget, (
        Constraint("tier_budget_floor", "budget floor", short=True),
        Constraint("tier_budget_cap", "budget cap")), check_budget),
    _family("loss_cap", rows.loss_cap, _one("loss_cap", "loss cap exceeded"), check_risk,
            limits=(LimitAt("scenario", "risk.loss_cap"),)),
    _family("tier_loss", rows.tier_loss, _one("tier_loss", "tier loss concentration exceeded"),
            check_risk),
    _family("capital_cap", rows.capital_cap, _one("capital_cap", "capital cap exceeded"),
            check_risk, limits=(LimitAt("scenario", "risk.capital_cap"),)),
    _family("channel_capacity", rows.channel_capacity,
            _one("channel_capacity", "contacts over channel capacity"), check_contact,
            counted=True, limits=(LimitAt("scenario", "rules.channel_capacity"),)),
    _family("offer_quota", rows.offer_quota, _one("offer_quota", "offers over quota"),
            check_volume, counted=True, limits=(LimitAt("offers", "quota"),)),
    _family("offer_minimum", rows.offer_minimum,
            _one("offer_minimum", "sales target", short=True), check_volume, counted=True,
            limits=(LimitAt("offers", "minimum"),)),
    _family("package_choice", rows.package_choice,
            _one("package_choice", "tiers without exactly one package"), check_packages,
            priced=False, scaling=Scaling.KEPT),
    _family("calendar_contact", calendar.calendar_contact,
            _one("calendar_contact", "contacts above a customer's window limit"),
            check_calendar, priced=False, scaling=Scaling.KEPT, scheduled=True),
    _family("calendar_conflict", calendar.calendar_conflict,
            _one("calendar_conflict", "contacts within a conflict lag"), check_calendar,
            priced=False, scaling=Scaling.KEPT, scheduled=True),
    _family("channel_window", calendar.channel_window, (
        Constraint("channel_window_min", "channel minimum", short=True),
        Constraint("channel_window_max", "contacts over a channel maximum")), check_calendar,
            counted=True, limits=(LimitAt("scenario", "calendar.channel_limits"),)),
    _family("channel_budget", calendar.channel_budget,
            _one("channel_budget", "channel budget exceeded"), check_calendar,
            limits=(LimitAt("scenario", "calendar.budgets"),)),
    _family("product_sales", calendar.product_sales, (
        Constraint("product_sales_min", "expected sales target", short=True),
        Constraint("product_sales_max", "expected sales over the maximum")), check_calendar,
            limits=(LimitAt("scenario", "calendar.sales"),)),
    _family("rm_month_hours", calendar.rm_month_hours,
            _one("rm_month_hours", "RM hours over their monthly capacity"), check_calendar,
            limits=(LimitAt("rms", c.HOURS_PER_MONTH),)),
)

BY_NAME: dict[str, ConstraintFamily] = {family.name: family for family in FAMILIES}
KEPT_EXACTLY = tuple(family.name for family in FAMILIES if not family.priced)
"""Families each customer's (or tier's) choice keeps exactly in the decomposition."""
CONSTRAINTS: dict[str, Constraint] = {
    constraint.name: constraint for family in FAMILIES for constraint in family.constraints}
PHRASES = {name: constraint.phrase for name, constraint in CONSTRAINTS.items()}
COUNTED = frozenset(constraint.name for family in FAMILIES if family.counted
                    for constraint in family.constraints)
"""Constraints whose rows count whole offers, customers or moves."""


def define_all(valued: ValuedBook, scenario: Scenario, d: Decisions) -> list[Rows]:
    """Every family's rows, in the families' order, as matrix rows."""
    ctx = rows.Context(valued, scenario, d)
    return [rows.rows_of(block, d.layout) for family in FAMILIES
            for block in family.rows(ctx)]
