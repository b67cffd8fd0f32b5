"""Why a customer got their tier, RM and offers, from a run folder's own files.

RM alternatives are valued as the model values them; an alternative worth more was not used
because its hours were priced higher (a full RM's hour has a marginal value). Offers not made
are either not allowed (tier, contact, suitability, RM), held back by a calendar rule, or priced
out: their value did not cover the marginal values of the limits they would use (every limit the
model prices: allocator.offer_limits).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from allocator import columns as c
from allocator.campaigns.timeline import LeftOut, calendar_reasons, customer_timeline, rm_months
from allocator.checks import PlanInputs
from allocator.checks.economics import lifetime_values
from allocator.csv_cells import read_people_csv
from allocator.errors import UserError
from allocator.folder_check import refuse_changed
from allocator.keepable import can_hold
from allocator.offer_limits import Use, customer_offers, offer_uses
from allocator.plan import Plan
from allocator.report.cell_texts import use_text
from allocator.report.language import Words
from allocator.report.quantities import priced_per_unit
from allocator.run_folder import load_run, read_manifest, refuse_planless
from allocator.scenario.schema import OfferSpec, Scenario
from allocator.sensitivity import PRICE_TOLERANCE

OFFER_COLUMNS = ("offer_id", "made", "value", "propensity", "cost", "expected_loss",
                 "priced_by_limits", "open", "why")
"""The columns of an explanation's offers table, one row per offer of the scenario."""


@dataclass(frozen=True)
class Explanation:
    customer_id: str
    tier: list[str]
    rm: pd.DataFrame
    offers: pd.DataFrame
    timeline: tuple[str, ...] = ()
    """Under a campaign calendar: each activity by day, contacted or what blocked it."""
    rm_reasons: tuple[str, ...] = ()
    """Why the customer stays with, or left, their incumbent RM, in words."""
    currency: str = "EUR"
    """The currency of the run's amounts (`objective.currency`)."""


def explain(folder: Path, customer_id: str, words: Words | None = None) -> Explanation:
    """Why the customer got what they got, told in `words` (English by default). The id is
    read as the tables' ids are, without the spaces around it."""
    words = words or Words()
    customer_id = customer_id.strip()
    manifest = read_manifest(folder)
    refuse_changed(folder, manifest, "explain_folder_changed")
    refuse_planless(folder, manifest, "no_plan_to_explain")
    inputs, plan, _ = load_run(folder)
    customers = inputs.customers.copy()
    match = customers[customers[c.CUSTOMER_ID] == customer_id]
    if match.empty:
        raise UserError.said("no_customer", folder=folder, customer=customer_id)
    plan_row = pd.read_parquet(folder / "customer_plan.parquet").set_index(
        c.CUSTOMER_ID).loc[customer_id]
    customer = match.copy()
    customer[c.CLV] = lifetime_values(customer, inputs.scenario)
    limits = read_people_csv(folder / "constraints.csv", dtype={"label": str}).set_index(
        ["constraint", "label"])
    prices = limits["marginal_value"].fillna(0.0)
    row = customer.iloc[0]
    previous = row.get(c.PREVIOUS_TIER)
    tier = [words("explain_tier", tier=words.term(row[c.TIER]),
                  reason=words.reason(plan_row[c.TIER_REASON])),
            words("explain_value", clv=f"{row[c.CLV]:,.0f} {inputs.scenario.objective.currency}",
                  previous=words.term(previous) if previous else words("none"))]
    if c.PACKAGE in plan_row and isinstance(plan_row[c.PACKAGE], str) and plan_row[c.PACKAGE]:
        tier.append(words("explain_package", tier=words.term(row[c.TIER]),
                          package=words.term(plan_row[c.PACKAGE])))
    calendar = inputs.scenario.calendar
    made = set(plan.offers.loc[plan.offers[c.CUSTOMER_ID] == customer_id, c.OFFER_ID])
    months = None if calendar is None else rm_months(
        calendar, inputs.offers, plan.offers, plan.assignments, inputs.rms, customer_id)
    blocked = {} if calendar is None else calendar_reasons(calendar, inputs.offers, made, words,
                                                          months)
    offers = _offers(inputs, customer, plan, limits, words, blocked, plan_row[c.RM_ID])
    timeline = () if calendar is None else tuple(customer_timeline(
        calendar, inputs.offers, made, _left_out(offers), words, months))
    rms = _rms(inputs, row, plan_row, prices, folder)
    bonus = inputs.scenario.rules.continuity.bonus * max(float(row[c.CLV]), 0.0)
    money = inputs.scenario.objective.currency
    return Explanation(customer_id, tier, rms, offers, timeline,
                       rm_reasons(rms, str(row[c.INCUMBENT_RM] or ""),
                                  str(plan_row[c.RM_ID] or ""), Money(bonus, money), words,
                                  departed=_departed(row[c.INCUMBENT_RM], inputs.rms)),
                       money)


def _left_out(offers: pd.DataFrame) -> dict[str, LeftOut]:
    """Each offer the customer has a value for (a value column's blank: none), with whether
    it was open to them and why it was or was not made (the offers table's `why`)."""
    valued = offers[offers["value"].notna()]
    return {str(k): LeftOut(bool(is_open), str(why)) for k, is_open, why in zip(
        valued["offer_id"], valued["open"], valued["why"], strict=True)}


FULL_HOURS = 0.98
"""An RM whose hours are used to this share or more is full (the drivers' FULL_USE)."""


@dataclass(frozen=True)
class Money:
    """An amount in a currency."""

    amount: float
    currency: str

    def text(self) -> str:
        """The amount with two decimals and its currency: "17.00 EUR"."""
        return f"{self.amount:,.2f} {self.currency}"


def rm_reasons(rms: pd.DataFrame, incumbent: str, chosen: str, bonus: Money, words: Words,
               departed: bool = False) -> tuple[str, ...]:
    """Why the customer stays with or left their incumbent RM (`rms`: the RMs they could have,
    as _rms values them; `bonus`: the continuity bonus, in the run's currency): the incumbent
    has left the bank (`departed`: not in the RM table), may not serve them, can hold no
    customer (keepable.can_hold: its hour not priced), was full (an hour of it priced per RM
    hour), or the new RM is worth more net of the hours than the continuity bonus holds
    back."""
    if not incumbent or incumbent in ("nan", "None"):
        return ()
    if departed:
        names = {"incumbent": words.named(incumbent), "chosen": words.named(chosen)}
        no_rm = not chosen or chosen in ("nan", "None")
        return (words("explain_departed_no_rm" if no_rm else "explain_left_departed", **names),)
    if "rm_id" not in rms:
        return ()
    if incumbent == chosen:
        return (words("explain_kept_rm", rm=words.named(incumbent), bonus=bonus.text()),)
    if not chosen or chosen in ("nan", "None"):
        return ()
    table = rms.set_index("rm_id")
    names = {"incumbent": words.named(incumbent), "chosen": words.named(chosen)}
    if incumbent not in table.index:
        return (words("explain_left_not_allowed", **names),)
    old, new = table.loc[incumbent], table.loc[chosen]
    if pd.isna(old["hour_marginal_value"]):  # an RM that can hold no customer: no price
        return (words("explain_left_holds_none", **names),)
    gain = Money(float(new["value_net_of_hours"] - old["value_net_of_hours"]),
                 bonus.currency).text()
    if float(old["utilization"]) >= FULL_HOURS:
        return (words("explain_left_full", **names, gain=gain,
                      use=use_text(float(old["utilization"])),
                      price=hour_price(float(old["hour_marginal_value"]), bonus.currency,
                                       words)),)
    if new["value_net_of_hours"] > old["value_net_of_hours"]:
        return (words("explain_left_worth", **names, gain=gain),)
    return (words("explain_left_whole", **names),)


def _departed(incumbent: object, rms: pd.DataFrame) -> bool:
    """Whether the customer's incumbent RM is one the run's RM table does not have: an RM
    who has left the bank (allocator.book.readiness warns of them)."""
    return pd.notna(incumbent) and str(incumbent) not in set(rms[c.RM_ID].astype(str))


def hour_price(price: float, currency: str, words: Words) -> str:
    """An RM hour's marginal value with its unit, as the report gives it: "42.57 EUR per RM
    hour"; NaN, an RM that can hold no customer, is not priced."""
    if pd.isna(price):
        return words("explain_holds_none")
    return priced_per_unit("rm_capacity", price, currency, words)


def shown_rms(rms: pd.DataFrame, currency: str, words: Words) -> pd.DataFrame:
    """The RMs a customer could have as they are shown: the price of an hour with its unit
    ("13.74 EUR per RM hour"), the other columns as they are."""
    if "hour_marginal_value" not in rms:
        return rms
    return rms.assign(hour_marginal_value=[hour_price(float(price), currency, words)
                                           for price in rms["hour_marginal_value"]])


def _price(prices: pd.Series, constraint: str, label: str) -> float:
    return float(prices.get((constraint, label), 0.0))


def _rms(inputs: PlanInputs, row: pd.Series, plan_row: pd.Series, prices: pd.Series,
         folder: Path) -> pd.DataFrame:
    scenario, rms, fit = inputs.scenario, inputs.rms, inputs.fit_scores
    spec = scenario.tiers[str(row[c.TIER])]
    if spec.coverage == "none":
        return pd.DataFrame({"rm_id": [], "note": []})
    eligible = rms[(rms[c.REGION] == row[c.REGION]) & rms[c.GRADE].isin(list(spec.rm_grades))]
    books = read_people_csv(folder / "rm_books.csv", dtype={c.RM_ID: str}).set_index(c.RM_ID)
    holding = can_hold(eligible)
    none = set(holding.index[~holding.to_numpy()])  # their hour is no price (NaN)
    scores = fit[fit[c.CUSTOMER_ID] == row[c.CUSTOMER_ID]].set_index(c.RM_ID)
    base = max(float(row[c.CLV]), 0.0)
    out = []
    for rm in eligible.itertuples():
        kept = row[c.INCUMBENT_RM] == rm.rm_id
        score = float(scores["score"].get(rm.rm_id, 0.0)) if len(scores) else 0.0
        value = base * (spec.coverage_uplift * spec.rm_grades[rm.grade]
                        + scenario.rules.continuity.bonus * kept)
        value += scenario.objective.fit_weight * score
        hour = math.nan if str(rm.rm_id) in none else _price(prices, "rm_capacity", rm.rm_id)
        out.append({"rm_id": rm.rm_id, "grade": rm.grade, "chosen": rm.rm_id == plan_row[c.RM_ID],
                    "incumbent": kept, "coverage_value": value,
                    "utilization": float(books.loc[rm.rm_id, "utilization"]),
                    "hour_marginal_value": hour,
                    "value_net_of_hours": value - hour * spec.hours_per_customer})
    if not out:  # no RM of an allowed grade in the customer's region
        return pd.DataFrame({"rm_id": [], "note": []})
    return pd.DataFrame(out).sort_values("coverage_value", ascending=False, kind="stable")


def full_limits(limits: pd.DataFrame, uses: list[Use], words: Words) -> str:
    """The upper limits among `uses` that the plan holds full (binding, or used to
    FULL_HOURS), by their names; "" when none is."""
    full = []
    for name, label, _ in uses:
        if (name, label) not in limits.index:
            continue
        row = limits.loc[(name, label)]
        if row["sense"] != "le":  # a minimum the offer helps meet
            continue
        limit, taken = float(row["limit"]), float(row["used"])
        if bool(row["binding"]) or (limit > 0 and taken >= FULL_HOURS * limit):
            full.append(words.term(name) if label == "total" else words.limit(name, label))
    return words.sep("clause").join(full)


def _offers(inputs: PlanInputs, customer: pd.DataFrame, plan: Plan, limits: pd.DataFrame,
            words: Words, blocked: dict[str, str], rm: str | None) -> pd.DataFrame:
    """The offers table; `blocked`: the calendar activities a calendar rule holds back, and
    why (calendar_reasons, as the timeline tells them); `rm`: the customer's RM in the plan."""
    scenario, offers = inputs.scenario, inputs.offers
    prices = limits["marginal_value"].fillna(0.0)
    row = customer.iloc[0]
    mine = plan.offers[c.CUSTOMER_ID] == row[c.CUSTOMER_ID]
    made = set(plan.offers.loc[mine, c.OFFER_ID])
    covered = row[c.CUSTOMER_ID] in set(plan.assignments[c.CUSTOMER_ID])
    if not offers:
        return pd.DataFrame({column: [] for column in OFFER_COLUMNS})
    pairs, terms = customer_offers(customer, offers)
    contacts = Contacts(len(made), scenario.tiers[str(row[c.TIER])].max_offers)
    out = []
    for (_, pair), (_, term), uses in zip(pairs.iterrows(), terms.iterrows(),
                                          offer_uses(inputs, customer, terms, rm), strict=True):
        offer_id = pair[c.OFFER_ID]
        spec = offers[offer_id]
        charge = sum(used * _price(prices, name, label) for name, label, used in uses)
        closed = _closed(spec, row, term["value"], covered, scenario, words)
        out.append({"offer_id": offer_id, "made": offer_id in made,
                    "value": term["value"], "propensity": term["propensity"],
                    "cost": term["cost"], "expected_loss": term["expected_loss"],
                    "priced_by_limits": charge, "open": closed is None,
                    "why": closed or _why(term["value"], charge, offer_id in made, words,
                                          blocked.get(offer_id))
                    or _why_left_out(contacts, full_limits(limits, uses, words), words)})
    return pd.DataFrame(out).sort_values("value", ascending=False, kind="stable")


@dataclass(frozen=True)
class Contacts:
    """The customer's offers made, and the most the tier allows."""

    made: int
    most: int


def _why_left_out(contacts: Contacts, full: str, words: Words) -> str:
    """Why an offer worth more than its limits' prices was not made: the customer's contacts
    went to other offers, a limit it would use is full (named), or nothing holds it back and
    it is left out within the solve's gap."""
    if contacts.made >= contacts.most:
        return words("why_contacts_full", most=contacts.most)
    if full:
        return words("why_full", limits=full)
    return words("why_within_gap")


def _closed(spec: OfferSpec, row: pd.Series, value: float, covered: bool,
            scenario: Scenario, words: Words) -> str | None:
    """Why the offer is not open to the customer at all (no value for them, another tier,
    do-not-contact, above their risk tolerance, no RM where it needs one); None where it is
    open."""
    tiers = spec.eligible_tiers or list(scenario.tiers)
    if pd.isna(value):
        return words("why_no_value")
    if str(row[c.TIER]) not in tiers:
        return words("why_tier", tier=words.term(row[c.TIER]))
    if bool(row[c.DO_NOT_CONTACT]):
        return words("why_do_not_contact")
    if spec.risk_level > row[c.RISK_TOLERANCE]:
        return words("why_risk", level=spec.risk_level, tolerance=int(row[c.RISK_TOLERANCE]))
    if spec.requires_rm and not covered:
        return words("why_no_rm")
    return None


def _why(value: float, charge: float, made: bool, words: Words, blocked: str | None = None
         ) -> str:
    """Why an offer open to the customer was or was not made: a calendar rule holding it back
    (`blocked`), else by its value and what the limits it would use are worth (`charge`):
    the two even (worth_their_limits) leave the plan free either way; "" for an offer worth
    more than that and not made (_why_left_out)."""
    even = worth_their_limits(value, charge)
    shown = f"{value:,.2f}"
    if made:
        return words("why_made_even", value=shown) if even else words("why_made")
    if blocked:
        return blocked
    if value <= 0:
        return words("why_not_positive")
    if even:
        return words("why_left_even", value=shown)
    if charge > value and (figures := distinct_figures(charge, value)) is not None:
        return words("why_priced_out", charge=figures[0], value=figures[1])
    return ""


def worth_their_limits(value: float, charge: float) -> bool:
    """Whether an offer is worth just what the limits it uses are (`charge`): the two apart
    by no more than PRICE_TOLERANCE of the value (of 1 below it), the difference being the
    offer's own marginal value."""
    return abs(value - charge) <= PRICE_TOLERANCE * max(1.0, abs(value))


MOST_DECIMALS = 6
"""The most decimals distinct_figures shows before calling two figures about equal."""


def distinct_figures(first: float, second: float) -> tuple[str, str] | None:
    """The two figures with two decimals, or as many more (up to MOST_DECIMALS) as tell them
    apart; None when they are equal to that many."""
    for decimals in range(2, MOST_DECIMALS + 1):
        shown = f"{first:,.{decimals}f}", f"{second:,.{decimals}f}"
        if shown[0] != shown[1]:
            return shown
    return None
