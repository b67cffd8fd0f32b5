"""Canonical column names of every table that crosses a stage boundary, in one place."""

from __future__ import annotations

# customers
CUSTOMER_ID = "customer_id"
REGION = "region"
BRANCH = "branch"
AUM = "aum"
DEPOSITS = "deposits"
LOANS = "loans"
REVENUE = "revenue_12m"
PRODUCTS = "products_held"
TENURE = "tenure_years"
RECENCY = "recency_days"
FREQUENCY = "frequency_12m"
AGE = "age"
RISK_TOLERANCE = "risk_tolerance"
PD = "pd"
INCUMBENT_RM = "incumbent_rm"
PREVIOUS_TIER = "previous_tier"
DO_NOT_CONTACT = "do_not_contact"
CLOSED = "closed"
CHURN = "churn_probability"

# rms
RM_ID = "rm_id"
GRADE = "grade"
CAPACITY_HOURS = "capacity_hours"
MAX_BOOK = "max_book"
MIN_LOAD_HOURS = "min_load_hours"
HOURS_PER_MONTH = "hours_per_month"
RM_COST = "cost_per_year"
"""Optional: an RM's yearly cost (kept only when the RM table has it)."""

# offers
OFFER_ID = "offer_id"

# derived by tiering and valuation
TIER = "tier"
TIER_SCORE = "tier_score"
TIER_REASON = "tier_reason"
PACKAGE = "package"
"""A customer's tier's service package, in the customer plan."""
CLV = "clv"
ANNUAL_MARGIN = "annual_margin"

CUSTOMER_REQUIRED = (CUSTOMER_ID, REGION, AUM, REVENUE, RISK_TOLERANCE, PD)
CUSTOMER_OPTIONAL: dict[str, object] = {
    BRANCH: None,
    DEPOSITS: 0.0,
    LOANS: 0.0,
    PRODUCTS: 1,
    TENURE: 0.0,
    RECENCY: None,
    FREQUENCY: None,
    AGE: None,
    INCUMBENT_RM: None,
    PREVIOUS_TIER: None,
    DO_NOT_CONTACT: False,
    CLOSED: False,
    CHURN: None,
}
CUSTOMER_NUMERIC = (AUM, DEPOSITS, LOANS, REVENUE, PRODUCTS, TENURE, RECENCY, FREQUENCY, AGE,
                    RISK_TOLERANCE, PD, CHURN)
CUSTOMER_TEXT = (CUSTOMER_ID, REGION, BRANCH, INCUMBENT_RM, PREVIOUS_TIER)
CUSTOMER_FLAGS = (DO_NOT_CONTACT, CLOSED)

RM_REQUIRED = (RM_ID, GRADE, REGION, CAPACITY_HOURS)
RM_OPTIONAL: dict[str, object] = {MAX_BOOK: None, MIN_LOAD_HOURS: 0.0, BRANCH: None,
                                  HOURS_PER_MONTH: None}
RM_NUMERIC = (CAPACITY_HOURS, MAX_BOOK, MIN_LOAD_HOURS, HOURS_PER_MONTH)
RM_TEXT = (RM_ID, GRADE, REGION, BRANCH)

OFFER_TEXT = (OFFER_ID, "product", "channel", "propensity_column", "value_column",
              "eligible_tiers")

TEXT = tuple(dict.fromkeys((*CUSTOMER_TEXT, *RM_TEXT, *OFFER_TEXT)))
"""The columns of every table that hold text (ids, regions, branches, grades, tiers, an
offer's words), read from a CSV file as written: 04 stays 04 and 1.001 is never 1001."""

RISK_LEVELS = (1, 5)
