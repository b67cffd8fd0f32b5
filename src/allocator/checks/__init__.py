"""The independent checker: recomputes every constraint family and the objective from a plan
(ids only) and the raw inputs. It knows nothing of solvers, the problem matrix or valuation.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.checks.economics import (
    coverage_values,
    lifetime_values,
    offer_terms,
    package_terms,
)
from allocator.checks.ledger import Ledger, Violation
from allocator.checks.limits import Joined
from allocator.checks.rules import check_assignments, check_offers, check_package_rules
from allocator.plan import Plan
from allocator.scenario.schema import OfferSpec, Scenario

__all__ = ["CheckReport", "Joined", "Measured", "PlanInputs", "Violation", "joined_plan", "judge",
           "measure_plan", "verify_plan"]


@dataclass(frozen=True)
class PlanInputs:
    """What a plan is checked against: the scenario and the tiered book."""

    scenario: Scenario
    customers: pd.DataFrame
    rms: pd.DataFrame
    offers: dict[str, OfferSpec]
    fit_scores: pd.DataFrame


@dataclass(frozen=True)
class CheckReport:
    violations: list[Violation]
    constraints: pd.DataFrame
    objective: float
    components: dict[str, float]
    notes: tuple[str, ...] = ()
    """What could not be checked, and why."""
    file_notes: tuple[str, ...] = ()
    """What of the run folder's own files was not checked against its manifest, and why."""

    @property
    def hard_violations(self) -> list[Violation]:
        return [v for v in self.violations if not v.soft]

    @property
    def ok(self) -> bool:
        return not self.hard_violations


@dataclass(frozen=True)
class Measured:
    """A plan (or a part of one) measured: every limit's use and every rule broken in the
    ledger; the objective's components before penalties."""

    ledger: Ledger
    components: dict[str, float]


def verify_plan(inputs: PlanInputs, plan: Plan, claimed_objective: float | None = None,
                tolerance: float = 1e-6) -> CheckReport:
    """Check every rule and limit; recompute the objective and compare it with the claim."""
    return judge(measure_plan(inputs, plan), claimed_objective, tolerance)


def measure_plan(inputs: PlanInputs, plan: Plan) -> Measured:
    """Measure a plan against every rule and limit: each family's measurement of
    allocator.families, each once, in the families' order (one measurement may cover several
    families). For a book in parts, each part's plan (with the book's packages) is measured
    against its own customers; decomposition/parts/book.py adds the measurements up."""
    from allocator.families import FAMILIES  # the families name their measurements here

    scenario = inputs.scenario
    ledger = Ledger({str(k): v for k, v in scenario.objective.soft.items()})
    joined = joined_plan(inputs, plan)
    check_assignments(ledger, joined.assignments, scenario)
    check_offers(ledger, joined.offers, inputs.offers, list(scenario.tiers))
    check_package_rules(ledger, plan.packages, scenario)
    for check in dict.fromkeys(family.check for family in FAMILIES):
        check(ledger, joined)
    return Measured(ledger, {
        "coverage": float(coverage_values(joined.assignments, scenario,
                                          inputs.fit_scores).sum()),
        "offers": float(joined.offers["value"].sum()),
        "packages": float(joined.packages["value"].sum()),
    })


def joined_plan(inputs: PlanInputs, plan: Plan) -> Joined:
    """The plan joined to its book: the customers with their lifetime values, the
    assignments and offers with what the limits measure of them, the packages' terms."""
    scenario = inputs.scenario
    # copy-on-write: the book's columns are shared, not copied (a million customers'
    # calendar columns are 2.4 GB); what the checker adds is its own
    customers = inputs.customers.copy(deep=False)
    customers[c.CLV] = lifetime_values(customers, scenario)
    customers["retained"] = lifetime_values(customers, scenario, with_rm=True) - customers[c.CLV]
    return Joined(scenario, customers,
                  _joined_assignments(plan.assignments, customers, inputs.rms),
                  _joined_offers(plan.offers, customers, inputs.offers),
                  package_terms(plan.packages, customers, scenario), inputs.rms, inputs.offers,
                  inputs.fit_scores)


def judge(measured: Measured, claimed_objective: float | None = None,
          tolerance: float = 1e-6) -> CheckReport:
    """Every limit broken and rule broken; the objective (soft limits' penalties included)
    against the claim."""
    ledger = measured.ledger
    violations = [*ledger.violations, *ledger.breaches()]
    components = {**measured.components, "penalties": -ledger.penalty()}
    objective = sum(components.values())
    if claimed_objective is not None and not abs(objective - claimed_objective) <= tolerance * max(
            1.0, abs(claimed_objective)):  # a NaN claimed matches nothing
        violations.append(Violation(
            "objective", "objective", "total",
            f"the plan is worth {objective:,.2f} recomputed, but {claimed_objective:,.2f} "
            "was claimed", abs(objective - claimed_objective)))
    return CheckReport(violations, ledger.table(), objective, components)


def _joined_assignments(assignments: pd.DataFrame, customers: pd.DataFrame,
                        rms: pd.DataFrame) -> pd.DataFrame:
    attributes = customers[[c.CUSTOMER_ID, c.TIER, c.REGION, c.INCUMBENT_RM, c.CLV, "retained"]]
    rm = rms[[c.RM_ID, c.GRADE, c.REGION]].rename(columns={c.GRADE: "rm_grade",
                                                           c.REGION: "rm_region"})
    return (assignments[[c.CUSTOMER_ID, c.RM_ID]]
            .merge(attributes, on=c.CUSTOMER_ID, how="left")
            .merge(rm, on=c.RM_ID, how="left"))


def _joined_offers(offers: pd.DataFrame, customers: pd.DataFrame,
                   specs: dict[str, OfferSpec]) -> pd.DataFrame:
    """The offers with their customers' attributes and each offer's terms. An offer's own
    customer columns (propensity, value) are read for its rows alone: joined whole, a
    calendar's hundreds of such columns would make a table of gigabytes at a million
    customers."""
    columns = [c.CUSTOMER_ID, c.TIER, c.DO_NOT_CONTACT, c.RISK_TOLERANCE, c.PD]
    rows = customers[columns].assign(**{ROW: np.arange(len(customers))})
    joined = offers[[c.CUSTOMER_ID, c.OFFER_ID]].merge(rows, on=c.CUSTOMER_ID, how="left")
    known = joined[joined[c.OFFER_ID].isin(list(specs)) & joined[c.TIER].notna()]
    terms = [offer_terms(_with_own_columns(group, customers, specs[str(offer_id)]),
                         {str(offer_id): specs[str(offer_id)]})
             for offer_id, group in known.groupby(c.OFFER_ID, sort=False)]
    found = pd.concat(terms) if terms else offer_terms(known, specs)
    return pd.concat([joined.drop(columns=ROW), found.reindex(joined.index)], axis=1)


ROW = "_customer_row"
"""The customer's position in the book, while the offers are joined."""


def _with_own_columns(group: pd.DataFrame, customers: pd.DataFrame, spec: OfferSpec
                      ) -> pd.DataFrame:
    """One offer's rows with the offer's own customer columns (its customers' values)."""
    at = group[ROW].to_numpy(dtype=np.int64)
    return group.assign(**{col: customers[col].to_numpy()[at]
                           for col in spec.customer_columns})
