"""Before any solve: what the scenario asks that the book cannot give.

What makes every plan impossible is an infeasibility naming its cause (`validate` stops on it,
exit 1; a run solves on, and its infeasible output names it beside the diagnosis): mandatory
coverage no RM may give, a budget floor of a tier without customers, a minimum more than the
customers who may take the offer (infeasibility.py). Each is a warning instead where the
scenario lets one of its families give (objective.soft). What only takes options away comes
back as warnings (readiness_warnings.py). Each finding is a message of the language catalogue
with its fields, worded in the run's language (findings.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from allocator.book.findings import Finding
from allocator.book.infeasibility import (
    SHORT_GIVES,
    floors_of_empty_tiers,
    minimums_out_of_reach,
    short_of_hours,
    unserved_mandatory,
)
from allocator.book.readiness_warnings import (
    departed_rms,
    guessed_encodings,
    idle_grades,
    no_customers,
    no_offers,
    optional_without_grades,
    regions_without_rms,
    rms_without_room,
    unknown_grades,
    written_otherwise,
)
from allocator.errors import InfeasibleError
from allocator.report.language import Words
from allocator.scenario.errors import key_origin
from allocator.scenario.overrides import Layer
from allocator.scenario.schema import OfferSpec, Scenario


@dataclass(frozen=True)
class Readiness:
    """What the book cannot give that the scenario asks for."""

    infeasible: tuple[Finding, ...] = ()
    """Causes that leave no plan possible (mandatory coverage no RM may give, a budget floor
    of a tier without customers, a minimum more than the customers who may take the offer)."""
    warnings: tuple[Finding, ...] = ()
    """What only takes options away (a grade no RM holds, a region without RMs, no
    customers)."""

    def raise_if_infeasible(self, words: Words | None = None) -> None:
        """InfeasibleError naming every cause, if there is one."""
        if self.infeasible:
            words = words or Words()
            lines = "\n".join(f"  - {finding.text(words)}" for finding in self.infeasible)
            raise InfeasibleError(f"{words('ready_infeasible')}\n{lines}")

    def placed(self, layers: Sequence[Layer]) -> Readiness:
        """The findings, each about a scenario key naming the file, override or --set of
        `layers` (the loaded scenario's, lowest first) that gave the key."""
        def place(finding: Finding) -> Finding:
            return replace(finding, origin=key_origin(finding.key, layers)) if finding.key \
                else finding
        return Readiness(tuple(map(place, self.infeasible)), tuple(map(place, self.warnings)))


def check_readiness(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame,
                    encodings: Mapping[str, tuple[str, str]] | None = None,
                    offers: Mapping[str, OfferSpec] | None = None,
                    pair_hours: bool = False) -> Readiness:
    """The causes of certain infeasibility and the warnings, before any solve; `encodings`
    (the CSV tables' paths and codecs by role) adds a warning for each table `encoding: auto`
    read as other than UTF-8. `offers`: the book's (its table's and the calendar's activities
    too; default the scenario's), which say whether any offer needs the customer's RM.
    `pair_hours`: whether fit scores give some pairs their own hours (then no count of hours
    is certain before the solve)."""
    soft = scenario.objective.soft  # a family named there may give: only a warning then
    short = short_of_hours(scenario, customers, rms, pair_hours)
    certain = [(("coverage",), unserved_mandatory(scenario, customers, rms)),
               *((SHORT_GIVES[column][1], short[column]) for column in SHORT_GIVES),
               (("tier_budget",), floors_of_empty_tiers(scenario, customers)),
               (("offer_minimum",), minimums_out_of_reach(scenario, customers, offers))]
    matter = rms_matter(scenario, scenario.offers if offers is None else offers)
    lonely = regions_without_rms(customers, rms) if matter else []
    warnings = (*guessed_encodings(scenario, encodings or {}),
                *no_customers(customers), *no_offers(scenario, offers),
                *unknown_grades(scenario, rms),
                *idle_grades(scenario, customers, rms),
                *rms_without_room(scenario, customers, rms, pair_hours),
                *departed_rms(customers, rms),
                *optional_without_grades(scenario, customers), *lonely,
                *written_otherwise(customers, rms),
                *(finding for families, found in certain if soft.keys() & set(families)
                  for finding in found))
    return Readiness(tuple(finding for families, found in certain
                           if not soft.keys() & set(families) for finding in found), warnings)


def rms_matter(scenario: Scenario, offers: Mapping[str, OfferSpec]) -> bool:
    """Whether an RM could give a customer anything: a tier that covers its customers with
    RMs, or an offer (a campaign activity) made through the customer's RM. A campaign book
    without either (an imported customer-assignment instance) has no RMs by design, and
    customers in regions without RMs lose nothing."""
    return (any(spec.coverage != "none" for spec in scenario.tiers.values())
            or any(offer.requires_rm for offer in offers.values()))
