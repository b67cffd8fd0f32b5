"""The scenario's tiers and how customers are tiered: each tier's service model (`tiers:`)
and the tiering method that cuts the book into them (`tiering:`), strict, frozen pydantic models.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field, model_validator

from allocator.errors import ScenarioValueError as Refusal
from allocator.scenario.fields import (
    NUMBER_ONLY,
    RATE,
    STRICT,
    Effect,
    Name,
    Number,
    Share,
    Uplift,
    Weight,
    YearlyHours,
)


class Strict(BaseModel):
    model_config = STRICT


class TierSpec(Strict):
    """A tier's service model."""

    rm_grades: dict[str, Effect] = {}
    """RM grades allowed to serve the tier -> effectiveness (1.0 = the full coverage uplift)."""
    coverage: Literal["mandatory", "optional", "none"] = "optional"
    """Whether every customer of the tier must have an RM."""
    hours_per_customer: YearlyHours = 0.0
    """RM workload hours per customer per year."""
    coverage_uplift: Uplift = 0.0
    """Share of the customer's value that RM coverage adds."""
    max_offers: Annotated[int, NUMBER_ONLY, Field(ge=0, le=1000)] = 1
    """Most offers one customer of the tier may receive in the plan."""
    retention: Annotated[float, NUMBER_ONLY, RATE, Field(gt=0.0, le=1.0)] = 0.85
    """Yearly retention rate for customer lifetime value (a customer churn column overrides)."""
    budget_floor_share: Share = 0.0
    """Least share of the budget spent on the tier."""
    budget_cap_share: Share = 1.0
    """Largest share of the budget spent on the tier."""
    loss_cap_share: Share = 1.0
    """Largest share of the loss cap the tier's offers may take."""
    churn_reduction: Share = 0.0
    """Share of a customer's yearly churn that an RM (at full grade effectiveness) prevents;
    coverage then also earns the lifetime value it retains."""


class _Cut(Strict):
    hysteresis: Annotated[float, NUMBER_ONLY, RATE, Field(ge=0.0, lt=1.0)] = 0.0
    """Band against `previous_tier`: demote only below threshold x (1 - hysteresis)."""


class ThresholdTiering(_Cut):
    method: Literal["thresholds"]
    metric: Name = "aum"
    """Customer column compared with the thresholds."""
    thresholds: dict[str, Number]
    """Tier -> lowest metric value of the tier, for every tier but the base tier."""


class ScoreTiering(_Cut):
    method: Literal["score"]
    features: dict[str, Weight]
    """Customer column -> weight of its rank-normalized value (0..1) in the score."""
    thresholds: dict[str, Share] | None = None
    """Tier -> lowest score of the tier (give this or `quantiles`)."""
    quantiles: dict[str, Share] | None = None
    """Tier -> share of the population in the tier, for every tier but the base tier."""

    @model_validator(mode="after")
    def _one_cut(self) -> ScoreTiering:
        if (self.thresholds is None) == (self.quantiles is None):
            raise Refusal.said("thresholds_or_quantiles")
        return self


class RfmTiering(_Cut):
    method: Literal["rfm"]
    monetary: Name = "revenue_12m"
    """Column used as the monetary value."""
    thresholds: dict[str, Annotated[float, NUMBER_ONLY, Field(ge=3, le=15)]]
    """Tier -> lowest RFM score (sum of three quintile scores, 3..15)."""


class ParetoTiering(_Cut):
    method: Literal["pareto"]
    metric: Name = "revenue_12m"
    """Value column whose cumulative share cuts the pyramid."""
    value_shares: dict[str, Share]
    """Tier -> share of the book's total value held by the tier, from the top."""


Tiering = Annotated[
    ThresholdTiering | ScoreTiering | RfmTiering | ParetoTiering, Field(discriminator="method")
]
