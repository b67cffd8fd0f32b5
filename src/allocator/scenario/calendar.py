"""The campaign calendar's section of a scenario: activities on days of a planning horizon, and
the rules over them (allocator.campaigns reads them; the families are declared in
allocator.families).

An activity falls under a rule when its day is in the rule's window, its channel among the
rule's channels and one of its products among the rule's products (no channels or products
listed: all of them). Days count from 1 to the horizon.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, model_validator

from allocator.errors import ScenarioValueError as Refusal
from allocator.scenario.fields import (
    NUMBER_ONLY,
    STRICT,
    Channel,
    Count,
    Name,
    NonNegative,
    YearlyHours,
)

MOST_DAYS = 3660
"""The longest planning horizon: ten years of days."""
Day = Annotated[int, NUMBER_ONLY, Field(ge=1, le=MOST_DAYS)]


class Strict(BaseModel):
    model_config = STRICT


class ActivitySpec(Strict):
    """One campaign activity: an offer made on a day through a channel."""

    offer: Name
    """The offer the activity makes (an offer of the scenario or of its offer table)."""
    day: Day
    """Day of the horizon on which customers are contacted."""
    channel: Channel | None = None
    """Channel of the contact (default: the offer's)."""
    cost: NonNegative | None = None
    """Cost per contact (default: the offer's)."""
    products: Annotated[list[Name], Field(min_length=1)] | None = None
    """Products the activity promotes (default: the offer's product, or the offer's id)."""
    rm_hours: YearlyHours = 1.0
    """Hours of the customer's RM one contact takes, when the activity goes through the rm
    channel (they count against the RM's hours per month, `rm_grades.<grade>.hours_per_month`
    or the RM table's hours_per_month)."""


class Selection(Strict):
    """The activities a rule covers: a window of days, channels and products."""

    start: Day = 1
    """First day of the window."""
    end: Day | None = None
    """Last day of the window (default: the horizon's last day)."""
    channels: Annotated[list[Channel], Field(min_length=1)] | None = None
    """Channels covered (default: all; an empty list is refused: it would cover none)."""
    products: Annotated[list[Name], Field(min_length=1)] | None = None
    """Products covered (default: all; an empty list is refused)."""

    @model_validator(mode="after")
    def _ordered(self) -> Selection:
        if self.end is not None and self.end < self.start:
            raise Refusal.said("end_before_start", end=self.end, start=self.start)
        return self


class ContactRule(Selection):
    """Most contacts one customer receives in a window: the whole window, consecutive fixed
    windows of `every` days from `start` (quarters: every 91), or every `rolling` days long
    stretch of it."""

    max: Count
    """Most contacts per customer in each window."""
    every: Day | None = None
    """Cut the window into fixed windows of this many days."""
    rolling: Day | None = None
    """Every stretch of this many consecutive days is a window."""

    @model_validator(mode="after")
    def _one_kind(self) -> ContactRule:
        if self.every is not None and self.rolling is not None:
            raise Refusal.said("every_or_rolling")
        return self


class Side(Strict):
    """One contact of a conflict: its channels and products (default: all)."""

    channels: Annotated[list[Channel], Field(min_length=1)] | None = None
    products: Annotated[list[Name], Field(min_length=1)] | None = None


class ConflictRule(Strict):
    """A customer contacted by `first` may not be contacted by `second` fewer than `lag` days
    later (the same day included)."""

    first: Side
    second: Side
    lag: Annotated[int, NUMBER_ONLY, Field(ge=1, le=MOST_DAYS)]
    """Days that must pass between the two contacts."""


class Bounds(Selection):
    """Least and most of a total over the plan's contacts in a window."""

    min: NonNegative = 0.0
    max: NonNegative | None = None

    @model_validator(mode="after")
    def _min_below_max(self) -> Bounds:
        if self.max is not None and self.max < self.min:
            raise Refusal.said("max_below_min", max=f"{self.max:g}", min=f"{self.min:g}")
        if self.max is None and self.min == 0:
            raise Refusal.said("min_or_max")
        return self


class BudgetRule(Selection):
    """Most spend on the contacts of a group of channels in a window."""

    limit: NonNegative


class CalendarSection(Strict):
    horizon: Day = 365
    """Days of the planning horizon."""
    month_days: Day = 30
    """Days of a month for RM hours per month: month m is days (m-1) x month_days + 1 to
    m x month_days (family rm_month_hours)."""
    activities: Annotated[dict[Name, ActivitySpec], Field(min_length=1)]
    """Activity id -> the activity. Under a calendar the plan's contacts are activities: an
    offer is made only through its activities."""
    contact_rules: dict[Name, ContactRule] = {}
    """Name -> most contacts per customer in a window (family calendar_contact)."""
    conflicts: dict[Name, ConflictRule] = {}
    """Name -> a pair of contacts a customer may not get within a lag (calendar_conflict)."""
    channel_limits: dict[Name, Bounds] = {}
    """Name -> least and most contacts in a window (family channel_window)."""
    budgets: dict[Name, BudgetRule] = {}
    """Name -> most spend on a group of channels in a window (family channel_budget)."""
    sales: dict[Name, Bounds] = {}
    """Name -> least and most expected sales (summed response probabilities) of products in a
    window (family product_sales)."""

    @model_validator(mode="after")
    def _within_horizon(self) -> CalendarSection:
        for name, activity in self.activities.items():
            if activity.day > self.horizon:
                raise Refusal.said("day_after_horizon", name=name, day=activity.day,
                                   horizon=self.horizon)
        return self
