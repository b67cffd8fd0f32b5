"""Before any solve: what the scenario asks that the book cannot give.

What makes every plan impossible is an infeasibility naming its cause (`validate` stops on it,
exit 1; a run solves on, and its infeasible output names it beside the diagnosis): a tier whose
coverage is mandatory with customers in a region where no RM of an allowed grade works (or
whose RMs have too few hours or places), a tier's budget floor where the tier has no
customers, and an offer whose minimum is more than the customers who may take it. Each is a
warning instead where the scenario lets one of its families give (objective.soft). A
grade that no RM holds, customers in a region without RMs, an optional tier no grade serves,
or no customers at all only take options away; they come back as warnings, as does a CSV
table whose encoding was found (encoding: auto) and is not UTF-8 or UTF-16 (which a
byte-order mark names), and customers whose incumbent RM the RM table does not have (an RM
who has left: their moves are forced).
Each finding is a message of the language catalogue with its fields, worded in the run's
language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import get_close_matches

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.encodings import AUTO, is_marked
from allocator.errors import InfeasibleError
from allocator.keepable import keepable
from allocator.offer_reach import offer_reach
from allocator.report.cell_texts import limit_text, percent_text
from allocator.report.language import Words
from allocator.scenario.errors import key_origin, origin_words
from allocator.scenario.overrides import Layer
from allocator.scenario.schema import OfferSpec, Scenario


@dataclass(frozen=True)
class Finding:
    """One thing the book cannot give: a message of the catalogue and its fields."""

    message: str
    fields: dict[str, object] = field(default_factory=dict)
    key: str = ""
    """The scenario key the finding is about (tiers.premier.rm_grades.vip), if one."""
    origin: str = ""
    """The file, override or --set that gave `key` (Readiness.placed), named first."""

    def text(self, words: Words) -> str:
        """The finding in `words`' language, grades and regions by their labels, after the
        file, override or --set that gave its key."""
        said = self._said(words)
        if not self.origin:
            return said
        named = origin_words(self.origin)[1 if words.language == "zh" else 0]
        return named + words.sep("colon") + said

    def _said(self, words: Words) -> str:
        fields = {"key": self.key, **self.fields}
        for key in ("grade", "close", "offer", "tier_name"):
            if key in fields:
                fields[key] = _named(fields[key], words)
        for key in ("grades", "present", "regions", "ids", "named"):
            listed = fields.get(key)
            if isinstance(listed, tuple):
                fields[key] = _listed(listed, words)
        if fields.get("grades") == "":
            fields["grades"] = words("ready_no_grades")
        if fields.get("present") == "":
            fields["present"] = words("ready_no_rms")
        return words(self.message, **fields)


def _listed(items: tuple[object, ...], words: Words, limit: int = 10) -> str:
    """Ids by their labels (a region with its count of customers: "R1 (3)"), the first few
    and a count of the rest."""
    shown = [f"{_named(item[0], words)}{words.sep('open')}{item[1]}{words.sep('close')}"
             if isinstance(item, tuple) else _named(item, words) for item in items[:limit]]
    more = len(items) - limit
    return words.sep("clause").join(shown) + (words("and_more", more=more) if more > 0 else "")


def _named(id_: object, words: Words) -> str:
    """A grade or a region by the scenario's label for it (ids are no engine terms)."""
    return words.labels.get(str(id_), str(id_))


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
    short = _short_of_hours(scenario, customers, rms, pair_hours)
    certain = [(("coverage",), _unserved_mandatory(scenario, customers, rms)),
               *((SHORT_GIVES[column][1], short[column]) for column in SHORT_GIVES),
               (("tier_budget",), _floors_of_empty_tiers(scenario, customers)),
               (("offer_minimum",), _minimums_out_of_reach(scenario, customers, offers))]
    matter = rms_matter(scenario, scenario.offers if offers is None else offers)
    lonely = _regions_without_rms(customers, rms) if matter else []
    warnings = (*_guessed_encodings(scenario, encodings or {}),
                *_no_customers(customers), *_no_offers(scenario, offers),
                *_unknown_grades(scenario, rms),
                *_idle_grades(scenario, customers, rms),
                *_rms_without_room(scenario, customers, rms, pair_hours),
                *_departed_rms(customers, rms),
                *_optional_without_grades(scenario, customers), *lonely,
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


def _guessed_encodings(scenario: Scenario, encodings: Mapping[str, tuple[str, str]]
                       ) -> list[Finding]:
    """A table whose encoding was found, not declared, and not named by the file itself (UTF-8,
    or UTF-16 by its byte-order mark): a guess to confirm."""
    return [Finding("encoding_guessed", {"file": path, "encoding": codec,
                                         "key": f"data.{role}.encoding"})
            for role, (path, codec) in encodings.items()
            if not is_marked(codec) and getattr(scenario.data, role).encoding == AUTO]


def _no_customers(customers: pd.DataFrame) -> list[Finding]:
    return [Finding("ready_no_customers")] if customers.empty else []


def _no_offers(scenario: Scenario, offers: Mapping[str, OfferSpec] | None) -> list[Finding]:
    """An offer table (data.offers) that gave no offer (a header only), where the scenario
    lists none either: no offer will be planned, which a table was named to prevent."""
    named = scenario.data.offers is not None and offers is not None
    return [Finding("ready_no_offers", {"key": "data.offers"})] if named and not offers else []


def _minimums_out_of_reach(scenario: Scenario, customers: pd.DataFrame,
                           offers: Mapping[str, OfferSpec] | None) -> list[Finding]:
    """An offer whose minimum (a sales target) is more than the customers who may take it at
    all (of its tiers, contactable, suitable: allocator.offer_reach): no plan meets it (where
    objective.soft lets minimums give, the plan falls short of it)."""
    message = _given("ready_few_takers", "offer_minimum", scenario)
    tiers, codes = list(scenario.tiers), customers[c.TIER].cat.codes.to_numpy()
    findings = []
    for offer_id, offer in (scenario.offers if offers is None else offers).items():
        if offer.minimum <= 0:
            continue
        count = int(offer_reach(customers, offer, tiers, codes).open.sum())
        if count < offer.minimum:
            findings.append(Finding(message, {
                "offer": offer_id, "id": offer_id, "minimum": f"{offer.minimum:,g}",
                "count": f"{count:,}"}))
    return findings


def _floors_of_empty_tiers(scenario: Scenario, customers: pd.DataFrame) -> list[Finding]:
    """A tier with a budget floor (tiers.*.budget_floor_share of a budget.total above 0) and
    no customers: nothing can be spent on it, so no plan meets the floor (where objective.soft
    lets tier budgets give, the plan falls short of it)."""
    total = scenario.budget.total
    if not total:
        return []
    message = _given("ready_empty_tier_floor", "tier_budget", scenario)
    held = {str(tier) for tier in customers[c.TIER].unique()}
    return [Finding(message, {"tier": tier, "tier_name": tier,
                              "share": percent_text(spec.budget_floor_share),
                              "amount": limit_text(spec.budget_floor_share * total),
                              "currency": scenario.objective.currency},
                    f"tiers.{tier}.budget_floor_share")
            for tier, spec in scenario.tiers.items()
            if spec.budget_floor_share > 0 and tier not in held]


def _given(message: str, family: str, scenario: Scenario) -> str:
    """`message`, or its words for a limit the scenario lets give (objective.soft)."""
    return f"{message}_soft" if family in scenario.objective.soft else message


def _unserved_mandatory(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                        ) -> list[Finding]:
    findings = []
    for tier, spec in scenario.tiers.items():
        if spec.coverage != "mandatory":
            continue
        grades = sorted(spec.rm_grades)
        served = set(rms.loc[rms[c.GRADE].isin(grades), c.REGION])
        alone = (customers[c.TIER].astype(str) == tier) & ~customers[c.REGION].isin(served)
        if alone.any():
            regions = sorted(customers.loc[alone, c.REGION].astype(str).unique())
            findings.append(Finding("ready_unserved", {
                "tier": tier, "count": int(alone.sum()), "regions": tuple(regions),
                "ids": tuple(customers.loc[alone, c.CUSTOMER_ID]), "grades": tuple(grades)}))
    return findings


SHORT_GIVES: dict[str, tuple[str, tuple[str, ...]]] = {
    c.CAPACITY_HOURS: ("ready_short_hours", ("coverage", "rm_capacity")),
    c.MAX_BOOK: ("ready_short_places", ("coverage", "rm_book_size"))}
"""By the RM table's column a shortfall is counted in: its message and the families of
objective.soft that let it give (mandatory coverage, or the RMs' hours or book sizes)."""


def _short_of_hours(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame,
                    pair_hours: bool) -> dict[str, list[Finding]]:
    """By column of SHORT_GIVES, the regions whose customers of mandatory tiers need more than
    all their RMs of those tiers' grades have: hours (each customer its tier's
    hours_per_customer, from one RM) or places (max_book): no plan can cover them all within
    them. Each mandatory tier is counted alone (its own grades) and all of them together.
    Hours are not counted where fit scores give pairs hours of their own. The book is counted
    once, by tier and region."""
    mandatory = [tier for tier, spec in scenario.tiers.items() if spec.coverage == "mandatory"]
    found: dict[str, list[Finding]] = {column: [] for column in SHORT_GIVES}
    if not mandatory or customers.empty:
        return found
    tier = customers[c.TIER].astype(str)
    held = tier.isin(mandatory)
    counts = held[held].groupby([tier[held], customers.loc[held, c.REGION].astype(str)]).size()
    groups = [[name] for name in mandatory] + ([mandatory] if len(mandatory) > 1 else [])
    for column in (col for col in SHORT_GIVES if col != c.CAPACITY_HOURS or not pair_hours):
        found[column] = [finding for group in groups
                         if (finding := _short_in_regions(scenario, counts, rms, group, column))]
    return found


def _short_in_regions(scenario: Scenario, counts: pd.Series, rms: pd.DataFrame,
                      group: list[str], held_column: str) -> Finding | None:
    """The regions where `group`'s customers (`counts` by tier and region) need more (hours
    each, or one place each) than the RMs of the group's grades hold in `held_column` (a
    region where one RM holds no limit, a blank max_book, is never short); None where none
    is. Worded as a limit that gives where objective.soft names one of its families."""
    mine = counts[counts.index.get_level_values(0).isin(group)]
    customers = mine.groupby(level=1).sum()
    if held_column == c.CAPACITY_HOURS:
        hours = mine.index.get_level_values(0).map(
            {t: scenario.tiers[t].hours_per_customer for t in group}).to_numpy(dtype=float)
        needed = (mine * hours).groupby(level=1).sum()
    else:
        needed = customers.astype(float)
    grades = {grade for t in group for grade in scenario.tiers[t].rm_grades}
    serving = rms[rms[c.GRADE].isin(grades)]
    if held_column not in serving:
        return None
    limits = pd.to_numeric(serving[held_column], errors="coerce")
    where = serving[c.REGION].astype(str)
    held = limits.groupby(where).sum()
    unlimited = set(where[limits.isna()])
    short = needed[(needed > held.reindex(needed.index, fill_value=0.0) + 1e-9)
                   & needed.index.isin(held.index) & ~needed.index.isin(unlimited)]
    if short.empty:  # a region without such RMs: _unserved_mandatory names it
        return None
    regions = tuple((name, f"{short[name]:,.0f} > {held[name]:,.0f}")
                    for name in sorted(short.index))
    message, families = SHORT_GIVES[held_column]
    soft = [family for family in families if family in scenario.objective.soft]
    return Finding(f"{message}_soft" if soft else message, {
        "count": int(customers[list(short.index)].sum()), "regions": regions,
        "tiers": ", ".join(group), "soft": ", ".join(soft)})


def _optional_without_grades(scenario: Scenario, customers: pd.DataFrame) -> list[Finding]:
    """An optional tier, with customers, that no RM grade serves with any effect (rm_grades
    empty or all 0): its customers can get no RM (a mandatory one is infeasible instead)."""
    held = {str(tier) for tier in customers[c.TIER].unique()}
    return [Finding("ready_optional_no_grade", {"tier": tier})
            for tier, spec in scenario.tiers.items()
            if spec.coverage == "optional" and tier in held
            and not any(effect > 0 for effect in spec.rm_grades.values())]


def _unknown_grades(scenario: Scenario, rms: pd.DataFrame) -> list[Finding]:
    """A grade a tier lists (tiers.*.rm_grades) that no RM has, with the closest the RM table
    has: the tier may not have the RMs it was meant to (a misspelt grade)."""
    present = sorted(set(rms[c.GRADE].astype(str)))
    findings = []
    for tier, spec in scenario.tiers.items():
        for grade in (g for g in spec.rm_grades if g not in present):
            close = get_close_matches(grade, present, n=1, cutoff=0.6)
            fields: dict[str, object] = {"tier": tier, "grade": grade,
                                         "present": tuple(present)}
            key = f"tiers.{tier}.rm_grades.{grade}"
            findings.append(Finding("ready_close_grade", {**fields, "close": close[0]}, key)
                            if close else Finding("ready_unknown_grade", fields, key))
    return findings


def _idle_grades(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                 ) -> list[Finding]:
    """RMs of a grade no tier names (tiers.*.rm_grades): they take no customer, and their
    customers today move to other RMs or to none (a grade misspelt in the RM table, or one
    the scenario forgot). Not where no tier covers its customers with RMs (a campaign book)."""
    if all(spec.coverage == "none" for spec in scenario.tiers.values()):
        return []
    named = {grade for spec in scenario.tiers.values() for grade in spec.rm_grades}
    covered = next(tier for tier, spec in scenario.tiers.items() if spec.coverage != "none")
    grades = rms[c.GRADE].astype(str)
    findings = []
    for grade in sorted(set(grades) - named):
        ids = rms.loc[grades == grade, c.RM_ID]
        kept = int(customers[c.INCUMBENT_RM].isin(set(ids)).sum())
        findings.append(Finding("ready_idle_grade", {  # the table's grade as written
            "written": grade, "ids": tuple(ids), "customers": kept,
            "named": tuple(sorted(named)), "example": f"tiers.{covered}.rm_grades"}))
    return findings


def _rms_without_room(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame,
                      pair_hours: bool) -> list[Finding]:
    """RMs who can keep none of the customers they serve today and could serve by tier and
    region (allocator.keepable): a max_book of 0, or too few capacity hours for each customer
    alone (hours: the tiers' hours_per_customer; not told where fit scores give pairs hours of
    their own), likely an RM who has left or a blank filled as 0. Those customers' moves are
    forced, and the continuity limit does not count them. An RM who can keep some but not all
    (a book over its hours today, as planning often starts from) is not warned of: the
    report counts those forced moves."""
    rm = rms.drop_duplicates(c.RM_ID).set_index(c.RM_ID)
    own = customers[c.INCUMBENT_RM]
    own = own[own.notna() & own.isin(rm.index)]
    tier = customers.loc[own.index, c.TIER].astype(str)
    specs = {t: s for t, s in scenario.tiers.items() if s.coverage != "none"}
    grades = [(t, g) for t, spec in specs.items() for g in spec.rm_grades]
    could = pd.MultiIndex.from_arrays([tier.to_numpy(), own.map(rm[c.GRADE]).to_numpy()]).isin(
        grades) if grades else np.zeros(len(own), dtype=bool)
    serve = could & (
        own.map(rm[c.REGION]) == customers.loc[own.index, c.REGION]).to_numpy()
    own, tier = own[serve], tier[serve]
    book = own.map(rm[c.MAX_BOOK]).to_numpy(dtype=float, na_value=np.nan)
    hours = tier.map({t: s.hours_per_customer for t, s in specs.items()}).to_numpy(float)
    hours = np.zeros(len(own)) if pair_hours else hours
    capacity = own.map(rm[c.CAPACITY_HOURS]).to_numpy(dtype=float)
    frame = pd.DataFrame({"rm": own.to_numpy(), "alone": keepable(hours, capacity, book)})
    per_rm = frame.groupby("rm", sort=True).agg(customers=("alone", "size"),
                                                kept=("alone", "sum"))
    return [_no_room(str(rm_id), row, rm.loc[rm_id])
            for rm_id, row in per_rm[per_rm.kept == 0].iterrows()]


def _departed_rms(customers: pd.DataFrame, rms: pd.DataFrame) -> list[Finding]:
    """Incumbent RMs (incumbent_rm) that the RM table does not have: RMs who have left the
    bank, their customers' history kept. Such a customer has no incumbent to keep: its move
    is forced (a new RM where its tier needs one, else none), and the continuity limit does
    not count it, as for an RM of 0 hours."""
    own = customers[c.INCUMBENT_RM]
    gone = own[own.notna() & ~own.isin(set(rms[c.RM_ID]))].astype(str)
    if gone.empty:
        return []
    return [Finding("ready_departed_rms", {"customers": f"{len(gone):,}",
                                           "ids": tuple(sorted(gone.unique()))})]


def _no_room(rm_id: str, row: pd.Series, rm: pd.Series) -> Finding:
    """The warning for an RM who can keep none of its `row.customers` customers."""
    fields: dict[str, object] = {"rm": rm_id, "customers": int(row.customers)}
    if pd.notna(rm[c.MAX_BOOK]) and float(rm[c.MAX_BOOK]) < 1:
        return Finding("ready_rm_no_book", fields)
    return Finding("ready_rm_no_hours", {**fields, "hours": f"{float(rm[c.CAPACITY_HOURS]):,.4g}"})


def _regions_without_rms(customers: pd.DataFrame, rms: pd.DataFrame) -> list[Finding]:
    alone = ~customers[c.REGION].isin(set(rms[c.REGION]))
    if not alone.any():
        return []
    counts = customers.loc[alone, c.REGION].astype(str).value_counts().sort_index()
    regions = tuple((region, count) for region, count in counts.items())
    return [Finding("ready_lonely", {"count": int(alone.sum()), "regions": regions})]
