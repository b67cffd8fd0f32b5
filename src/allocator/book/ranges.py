"""The range each number column of the book's tables may hold, as its meaning allows: one
table, read by the checks of the customer, RM and fit score tables (allocator.book.validation)
and listed in docs/data.md. A value outside it is a value in another unit or a column mapped
by mistake (an RM's 9e14 hours a year), refused before it reaches the model."""

from __future__ import annotations

from dataclasses import dataclass

from allocator import columns as c
from allocator.scenario.fields import HOURS_IN_MONTH, HOURS_IN_YEAR, MOST_AMOUNT

FIT_SCORE, FIT_HOURS = "score", "hours"
"""The fit scores' number columns."""


@dataclass(frozen=True)
class Span:
    low: float
    high: float
    meaning: str
    """Catalogue key (report/error_words.py, range_*) of what the column holds."""
    whole: bool = False
    """Whether only whole numbers are allowed."""


AMOUNT = Span(0.0, MOST_AMOUNT, "range_amount")
SIGNED_AMOUNT = Span(-MOST_AMOUNT, MOST_AMOUNT, "range_signed_amount")
PROBABILITY = Span(0.0, 1.0, "range_probability")
YEARLY_HOURS = Span(0.0, HOURS_IN_YEAR, "range_yearly_hours")
LONGEST_LIFE = 150.0
"""Years of a person's age or of a customer's tenure."""

COLUMN_RANGES: dict[str, Span] = {
    c.AUM: AMOUNT,
    c.DEPOSITS: AMOUNT,
    c.LOANS: AMOUNT,
    c.REVENUE: SIGNED_AMOUNT,
    c.PRODUCTS: Span(0.0, 10_000.0, "range_products"),
    c.TENURE: Span(0.0, LONGEST_LIFE, "range_years"),
    c.RECENCY: Span(0.0, LONGEST_LIFE * 366, "range_days"),
    c.FREQUENCY: Span(0.0, 10_000_000.0, "range_transactions"),
    c.AGE: Span(0.0, LONGEST_LIFE, "range_age"),
    c.RISK_TOLERANCE: Span(*c.RISK_LEVELS, "range_risk_level", whole=True),
    c.PD: PROBABILITY,
    c.CHURN: PROBABILITY,
    c.CAPACITY_HOURS: YEARLY_HOURS,
    c.MIN_LOAD_HOURS: YEARLY_HOURS,
    c.HOURS_PER_MONTH: Span(0.0, HOURS_IN_MONTH, "range_monthly_hours"),
    c.MAX_BOOK: Span(0.0, 1e9, "range_book"),
    c.RM_COST: AMOUNT,
    FIT_SCORE: SIGNED_AMOUNT,
    FIT_HOURS: YEARLY_HOURS,
}
"""Each named number column's range. An offer's propensity column is a PROBABILITY, its value
column a SIGNED_AMOUNT; the offers' own amounts are held by the scenario's schema
(allocator.scenario.fields.Amount); a column only the tiering or a model reads keeps the
scenario's bound on any number (±LARGEST)."""


def shown(bound: float) -> str:
    """A range's end as people read it: 8,784, 1,000,000,000,000, 0.5."""
    return f"{bound:,.0f}" if float(bound).is_integer() else f"{bound:g}"
