"""The scenario file's schema: strict, frozen pydantic models, one per section.

Unknown keys are errors; every field is documented by the docstring under it. Tiers are listed
from the highest (private) to the base tier (mass); the order carries meaning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator

from allocator.errors import ScenarioValueError as Refusal
from allocator.scenario.calendar import CalendarSection
from allocator.scenario.data_schema import DataSection, ModelSpec
from allocator.scenario.fields import (
    FOLDER_NAME,
    NUMBER_ONLY,
    OUTPUT_FOLDER,
    PRINTABLE,
    RATE,
    STRICT,
    Amount,
    Channel,
    Count,
    Effect,
    Flag,
    MonthlyHours,
    Name,
    NonNegative,
    NonNegativeAmount,
    PrintableText,
    Scale,
    Seed,
    Share,
    Uplift,
    YearlyHours,
    rm_counts,
)
from allocator.scenario.fields import LARGEST as LARGEST  # the scenario's bound, read by others
from allocator.scenario.labels_schema import DisplayName, LabelsSection
from allocator.scenario.tier_schema import Tiering, TierSpec

DASK_ADDRESS = re.compile(r"^([a-z]+://)?[^\s/]+(/[^\s]*)?$")
Family = Literal[
    "coverage", "rm_capacity", "rm_book_size", "rm_min_load", "continuity", "contact",
    "channel_capacity", "rm_offer_link", "budget", "tier_budget", "loss_cap", "capital_cap",
    "tier_loss", "offer_quota", "offer_minimum", "package_choice", "calendar_contact",
    "calendar_conflict", "channel_window", "channel_budget", "product_sales", "rm_month_hours",
]


class Strict(BaseModel):
    model_config = STRICT


class OfferSpec(Strict):
    product: str | None = None
    channel: Channel = "rm"
    cost: NonNegativeAmount = 0.0
    """Cost per contact."""
    margin: Amount = 0.0
    """Margin earned if the customer accepts."""
    propensity: Share | dict[str, Share] = 0.0
    """Acceptance probability: one number, or one per tier."""
    propensity_column: Name | None = None
    """Customer column holding a per-customer propensity (overrides `propensity`)."""
    value_column: Name | None = None
    """Customer column holding each customer's expected value of the offer (the bank's own
    model; overrides margin, cost and expected loss in the objective): a customer with no
    value there is not offered it."""
    risk_level: Annotated[int, NUMBER_ONLY, Field(ge=1, le=5)] = 1
    """Suitability risk level: offered only to customers whose risk tolerance is at least this."""
    lgd: Share = 0.0
    """Loss given default."""
    ead: NonNegativeAmount = 0.0
    """Exposure at default if accepted."""
    capital_weight: NonNegative = 0.0
    """Risk weight: capital (RWA) = propensity x EAD x weight."""
    quota: Count | None = None
    """Most offers of this kind in the plan."""
    minimum: Count = 0
    """Sales target: least offers of this kind in the plan."""
    needs_rm: Flag | None = None
    """Whether the customer must have an RM (default: true for the rm channel)."""
    eligible_tiers: list[str] | None = None
    """Tiers the offer may go to (default: all; an empty list is refused: it would read as
    all)."""

    @field_validator("eligible_tiers")
    @classmethod
    def _some_tier(cls, value: list[str] | None) -> list[str] | None:
        return _not_empty(value)

    @property
    def customer_columns(self) -> tuple[str, ...]:
        """The customer columns the offer reads."""
        return tuple(col for col in (self.propensity_column, self.value_column) if col)

    @property
    def requires_rm(self) -> bool:
        """Whether the customer must have an RM to receive the offer."""
        return self.channel == "rm" if self.needs_rm is None else self.needs_rm

    @model_validator(mode="after")
    def _quota_covers_minimum(self) -> OfferSpec:
        if self.quota is not None and self.quota < self.minimum:
            raise Refusal.said("quota_below_minimum", quota=self.quota, minimum=self.minimum)
        return self


OFFER_WORTH = (("margin", "value_column"), ("propensity", "propensity_column", "value_column"))
"""What a new offer must say, each by one of its fields: what a sale earns (a margin, or the
bank's own value per customer) and how likely one is (a propensity, or its column)."""


def unsaid_of_new_offer(given: Iterable[str]) -> list[str]:
    """The fields a new offer that gives only `given` still needs (the first of each of
    OFFER_WORTH it leaves unsaid): a few fields and no worth is most likely a mistyped id of
    an existing offer, which would add an offer of no value."""
    fields = set(given)
    return [choice[0] for choice in OFFER_WORTH if not fields & set(choice)]


class PackageSpec(Strict):
    cost_per_customer: NonNegative = 0.0
    uplift: Uplift | dict[str, Uplift] = 0.0
    """Share of customer value the package adds: one number, or one per tier. A package with
    a cost gives it: one without it costs and adds nothing, most likely a misspelt id
    (consistency)."""
    tiers: list[str] | None = None
    """Tiers that may take the package (default: all; an empty list is refused)."""

    @field_validator("tiers")
    @classmethod
    def _some_tier(cls, value: list[str] | None) -> list[str] | None:
        return _not_empty(value)


PACKAGE_WHOLE = ("cost_per_customer", "uplift")
"""What a package the scenario files do not have must say to be added by a file that extends
them or by an override: what it costs a customer and what it adds (0 for a base package, as
`basic: {cost_per_customer: 0, uplift: 0}` says); anything less is most likely a misspelt id
of one they have."""


def unsaid_of_new_package(given: Iterable[str]) -> list[str]:
    """The fields of PACKAGE_WHOLE a new package that gives only `given` still needs."""
    fields = set(given)
    return [name for name in PACKAGE_WHOLE if name not in fields]


def _not_empty(tiers: list[str] | None) -> list[str] | None:
    """A list of tiers that names one at least: an empty one is refused, never read as the
    default (every tier)."""
    if tiers is not None and not tiers:
        raise Refusal.said("no_tier_listed")
    return tiers


class BudgetSection(Strict):
    total: NonNegative | None = None
    """Service and marketing budget for offers and packages (none: unlimited)."""


class RiskSection(Strict):
    loss_cap: NonNegative | None = None
    """Largest total expected loss of the plan's credit offers."""
    capital_cap: NonNegative | None = None
    """Largest total risk-weighted assets of the plan's credit offers."""


class ContinuityRule(Strict):
    max_reassignments: Count | None = None
    """Most customers moved away from their incumbent RM."""
    bonus: Uplift = 0.0
    """Share of customer value credited for keeping the incumbent RM."""


class RulesSection(Strict):
    continuity: ContinuityRule = ContinuityRule()
    channel_capacity: dict[Channel, Count] = {}
    """Channel -> most contacts in the plan."""
    rm_min_load_share: Share = 0.0
    """Every RM carries at least this share of capacity (an RM's min_load_hours overrides)."""
    rm_capacity_scale: Scale | dict[str, Scale] = 1.0
    """Headcount what-if: RM hours and book sizes times this (one number, or one per grade)."""
    add_rms: Annotated[dict[str, int | dict[str, int]], BeforeValidator(rm_counts)] = {}
    """Headcount what-if: RM grade -> RMs added (spread over the grade's regions), or
    grade -> region -> RMs added there. Each new RM (ids premier_rm+1, ...) has the grade's
    `rm_grades` hours, else its RMs' mean hours and book size, and no customers today."""


class RmGradeSpec(Strict):
    """What an RM of a grade costs and works."""

    cost_per_year: NonNegative | None = None
    """Yearly cost of one RM of the grade (an RM table's cost_per_year column overrides). The
    cost of every RM, over the objective's horizon and discounted like customer value, is
    reported beside the plan's value and taken from it as value net of RM cost."""
    hours: Annotated[YearlyHours, Field(gt=0.0)] | None = None
    """Yearly hours of an added RM of the grade (default: the grade's mean)."""
    hours_per_month: MonthlyHours | None = None
    """Hours each RM of the grade has in a month of the campaign calendar for its RM
    activities (an RM table's hours_per_month column overrides; none: no monthly limit)."""


class ObjectiveSection(Strict):
    horizon_years: Annotated[int, NUMBER_ONLY, Field(ge=1, le=50)] = 5
    discount_rate: Annotated[float, NUMBER_ONLY, RATE, Field(ge=0.0, lt=1.0)] = 0.08
    fit_weight: Effect = 1.0
    """Weight of the customer-RM fit scores in coverage value."""
    soft: dict[Family, NonNegative] = {}
    """Constraint family -> penalty per unit of violation; those families may give."""
    currency: Annotated[str, Field(min_length=1, max_length=8)] = "EUR"
    """The currency of every amount of the book and the scenario (margins, costs, budget,
    values), shown beside every value the reports give."""


class SolverSection(Strict):
    method: Literal["auto", "exact", "decomposition"] = "auto"
    backend: str = "highs"
    """highs, cbc, cp-sat, scip, or pulp:NAME for any PuLP solver (e.g. pulp:GUROBI_CMD)."""
    time_limit: Annotated[float, NUMBER_ONLY, Field(gt=0, le=10_000_000)] = 60.0
    """Seconds."""
    gap: Annotated[float, NUMBER_ONLY, RATE, Field(ge=0.0, lt=1.0)] = 1e-4
    """Relative gap at which the solver may stop."""
    threads: Annotated[int, NUMBER_ONLY, Field(ge=1, le=1024)] = 2
    seed: Seed = 0

    @field_validator("backend")
    @classmethod
    def _known_backend(cls, value: str) -> str:
        """Every path refuses a name no backend answers to, before anything is solved."""
        from allocator.backends import unknown_backend  # on use: the backends build on the core

        reason = unknown_backend(value)
        if reason is not None:
            raise ValueError(reason)
        return value


class OutputSection(Strict):
    dir: Annotated[Path, OUTPUT_FOLDER] = Path("reports")
    """Folder of run folders, relative to the scenario file (neither blank nor with whitespace
    at either end)."""
    language: Literal["en", "zh"] = "en"
    baselines: Flag = True
    """Also evaluate the rule-of-thumb plans and report the optimized plan's uplift."""
    steps: Flag = True
    """On the exact path, measure what moving the budget, loss cap and capital cap by a fifth
    is worth by re-solving (up to three MIPs each), beside the LP's marginal values."""
    label: Annotated[PrintableText, Field(max_length=200)] | None = None
    """A short name of the run for the committee (e.g. "Budget -10%"), shown on the report
    and by `allocate runs`; `allocate SCENARIO --label ...` sets it."""
    note: Annotated[PrintableText, Field(max_length=2000)] | None = None
    """A sentence on why the run was made, shown in the assumptions box (`--note`)."""


class ExecutionSection(Strict):
    engine: Literal["local", "dask"] = "local"
    """Where plans run: this process (local) or a Dask cluster."""
    address: str | None = None
    """The Dask scheduler, e.g. tcp://scheduler:8786 (with engine: dask)."""
    book: Literal["auto", "whole", "parts"] = "auto"
    """How the customer book is planned: whole (read as one table), or in parts (each
    Parquet file of data.customers read, tiered, valued and priced on its own, on a Dask
    worker with engine: dask); auto: in parts with engine: dask when data.customers is a
    folder of Parquet files and the solver is not exact, whole otherwise."""

    @field_validator("address")
    @classmethod
    def _dask_address(cls, value: str | None) -> str | None:
        if value is not None and not DASK_ADDRESS.match(value):
            raise Refusal.said("dask_address", got=repr(value))
        return value

    @model_validator(mode="after")
    def _address(self) -> ExecutionSection:
        if self.engine == "dask" and not self.address:
            raise Refusal.said("dask_needs_address")
        return self


class Scenario(Strict):
    name: Annotated[str, Field(pattern=r"^[\w.-]+$", max_length=80), FOLDER_NAME]
    """Short name, used for the report folder: letters of any script, digits, _ . - (at most
    80 characters, as a folder name must be short enough for every file system), not
    starting with '.' (one visible folder inside the output folder)."""
    description: Annotated[str | DisplayName, PRINTABLE] = ""
    """A sentence on the book and the question, shown under the report's title: one text for
    every language, or one per language (`{en: ..., zh: ...}`)."""
    data: DataSection
    tiering: Tiering
    tiers: Annotated[dict[str, TierSpec], Field(min_length=1)]
    """Tiers from the highest to the base tier."""
    models: dict[str, ModelSpec] = {}
    """Customer column -> the model that predicts it (trained when the book is read)."""
    offers: dict[str, OfferSpec] = {}
    packages: dict[str, PackageSpec] = {}
    budget: BudgetSection = BudgetSection()
    risk: RiskSection = RiskSection()
    rules: RulesSection = RulesSection()
    rm_grades: dict[str, RmGradeSpec] = {}
    """RM grade -> its cost and the hours of an added RM."""
    objective: ObjectiveSection = ObjectiveSection()
    solver: SolverSection = SolverSection()
    output: OutputSection = OutputSection()
    execution: ExecutionSection = ExecutionSection()
    labels: LabelsSection = LabelsSection()
    """Display names of tiers, packages, grades, channels, offers and regions per language."""
    calendar: CalendarSection | None = None
    """The campaign calendar: offers scheduled on days of a planning horizon through channels,
    under contact rules, conflict lags, channel limits, budgets and sales targets (none: offers
    are planned without days)."""
    overrides: dict[Name, dict[str, object]] = {}
    """Named overrides (`--use NAME`): dotted key -> value (a mapping replaces the scenario's
    there whole, as in `--set`: allocator.scenario.overrides)."""

    def described(self, language: str) -> str:
        """The description in `language`; where it gives none in that language, the other's."""
        if isinstance(self.description, str):
            return self.description
        return self.description.in_language(language) or self.description.en or \
            self.description.zh or ""

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        from allocator.scenario.consistency import check_consistency

        check_consistency(self)
        return self
