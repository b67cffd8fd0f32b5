"""The committee paper's opening: the decision in plain words (what the plan does, what it is
worth, against which plans, what to watch) and the assumptions it rests on. Pure: outcome and
tables in, sentences and rows out; every word from the language catalogue."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.driver_ranking import missed, strongest
from allocator.headcount import net_of_cost
from allocator.optimize import Outcome
from allocator.report.cell_texts import percent_text, status_text, use_text
from allocator.report.drivers import grades_of, groups_of, missed_note, plans_rms
from allocator.report.forced_losses import LOSS, ForcedLoss, forced_loss_lines, forced_losses
from allocator.report.formats import Row, TableView, view
from allocator.report.language import MESSAGES, Words
from allocator.report.plan_tables import offer_plan, rm_moves
from allocator.rm_rows import MONTHLY, PER_RM_FAMILIES, row_groups, row_rms
from allocator.scenario.schema import Scenario
from allocator.sensitivity import FULL_USE, use_share

WATCHED = 10
"""The decision page names at most this many limits used to 98% or more; a last line says how
many more there are and where they are."""


@dataclass(frozen=True)
class Value:
    """The plan's value as the run states it: the solver's status, the expected value, the
    best bound and gap (None where unproven) and the value's parts."""

    status: str
    objective: float
    bound: float | None
    gap: float | None
    components: dict[str, float]
    rm_cost: float | None = None
    """The RM cost over the horizon (present value); None when the scenario does not price RMs."""


@dataclass(frozen=True)
class Decision:
    """The decision page's sentences, by part."""

    does: list[str]
    worth: list[str]
    against: list[str]
    watch: list[str]
    against_title: str = "decision_against"
    """The catalogue key of the comparison's heading: against today's plan and the rules, or
    against the rules alone where no plan keeps today's RM books (a book without RMs)."""


def amount(value: float) -> str:
    """An amount of money as the paper shows it: whole units with thousands separators."""
    return f"{value + 0.0:,.0f}"


def currency(outcome: Outcome) -> str:
    return outcome.prepared.loaded.scenario.objective.currency


def value_of(outcome: Outcome) -> Value:
    assert outcome.objective is not None and outcome.check is not None
    scenario = outcome.prepared.loaded.scenario
    cost = net_of_cost(outcome.prepared.book.rms, scenario, outcome.objective, None)
    return Value(outcome.result.status.value, outcome.objective, outcome.result.bound,
                 outcome.gap, outcome.check.components, cost.get("rm_cost"))


def mandatory_tiers(scenario: Scenario) -> list[str]:
    return [t for t, spec in scenario.tiers.items() if spec.coverage == "mandatory"]


def loss_lines(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> list[str]:
    """The offers made at a loss and the floor or minimum that forces each (none for a book
    in parts, whose offers stay with its parts)."""
    return forced_loss_lines(losses_of(outcome, constraints), currency(outcome), words)


def losses_of(outcome: Outcome, constraints: pd.DataFrame) -> list[ForcedLoss]:
    """The plan's offers at a loss by the floor or minimum forcing them (none for a book in
    parts)."""
    if not has_offer_values(outcome):
        return []
    customers, offers = outcome.prepared.valued.customers, offer_plan(outcome)
    losing = customers[c.CUSTOMER_ID].isin(offers.loc[offers["value"] < LOSS, c.CUSTOMER_ID])
    tiers = pd.Series(customers.loc[losing, c.TIER].astype(str).to_numpy(),
                      index=customers.loc[losing, c.CUSTOMER_ID].to_numpy())
    return forced_losses(offers, tiers, constraints)


def has_offer_values(outcome: Outcome) -> bool:
    """Whether the run knows each offer's value (a book in parts keeps them with its parts)."""
    return outcome.parts is None and outcome.values is not None


def plan_lines(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
               words: Words) -> list[str]:
    """Packages per tier, who is covered, RM moves against today's books, offers by channel."""
    scenario = outcome.prepared.loaded.scenario
    return does_lines(rm_moves(outcome), tiers, offers, words,
                      plans_rms(outcome.prepared.valued.rms, scenario))


def does_lines(moves: Mapping[str, int] | None, tiers: pd.DataFrame, offers: pd.DataFrame,
               words: Words, with_rms: bool = True) -> list[str]:
    """plan_lines of the RM moves (None: not known) and the tiers' and offers' tables; no
    coverage or RM moves line for a book without RMs (`with_rms` False)."""
    listed = words.sep("clause").join
    lines = [
        words("packages_line", items=listed(
            words("package_item", tier=words.term(row.tier),
                  package=words.term(row.package) if row.package else "—")
            for row in tiers.itertuples())),
    ]
    if with_rms:
        lines.append(words("coverage_line", covered=int(tiers["covered"].sum()),
                           customers=int(tiers["customers"].sum()), items=listed(
            words("coverage_item", tier=words.term(row.tier), covered=int(row.covered),
                  customers=int(row.customers)) for row in tiers.itertuples())))
    if moves is not None and with_rms:
        lines.append(words("moves_line", **moves))
        lines.extend(words(f"moves_{why}", **moves) for why in ("gone", "unkept")
                     if moves.get(why, 0) > 0)
    made = offers.groupby("channel", sort=False)["made"].sum()
    made = made[made > 0]
    lines.append(words("channels_line", total=int(made.sum()), items=listed(
        words("channel_item", channel=words.term(channel), made=int(count))
        for channel, count in made.items())))
    return lines


def worth_lines(outcome: Outcome, words: Words) -> list[str]:
    """The value with its currency, proof, what it means and what it is made of."""
    scenario = outcome.prepared.loaded.scenario
    return worth_of(value_of(outcome), scenario, words,
                    plans_rms(outcome.prepared.valued.rms, scenario))


def worth_of(value: Value, scenario: Scenario, words: Words, with_rms: bool = True
             ) -> list[str]:
    """worth_lines of the value as the run states it, in the scenario's currency; for a book
    without RMs (`with_rms` False), what it is worth without a word of RM coverage or
    salaries."""
    objective, money = scenario.objective, scenario.objective.currency
    status = status_text(value.status, value.gap, scenario.solver.gap, words)
    bound = value.bound
    head = (words("worth_unproven", value=amount(value.objective), currency=money,
                  status=status) if bound is None or value.gap is None else
            words("worth_line", value=amount(value.objective), currency=money,
                  status=status, bound=amount(bound), gap=percent_text(value.gap)))
    parts = words.sep("clause").join(words("worth_item", part=words.term(name),
                                           amount=amount(part))
                                     for name, part in value.components.items())
    means = words("worth_means" if with_rms else "worth_means_no_rms",
                  horizon=objective.horizon_years, rate=f"{objective.discount_rate:.1%}")
    if not with_rms:
        return [head, means, words("worth_parts", items=parts)]
    rm = words("worth_rm_unpriced") if value.rm_cost is None else words(
        "worth_rm_priced", cost=amount(value.rm_cost), currency=money,
        horizon=objective.horizon_years, net=amount(value.objective - value.rm_cost))
    return [head, means + words.sep("sentence") + rm, words("worth_parts", items=parts)]


def baseline_name(baseline: str, words: Words) -> str:
    """A rule-of-thumb plan as the paper names it."""
    key = f"baseline_{baseline}"
    return words(key) if key in MESSAGES else words.term(baseline)


def named_baselines(table: pd.DataFrame, words: Words) -> pd.DataFrame:
    """The rule-of-thumb plans' table with each plan named in words."""
    return table.assign(baseline=[baseline_name(str(b), words) for b in table["baseline"]])


def baselines_view(table: pd.DataFrame, words: Words) -> TableView:
    """The rule-of-thumb plans' table for reading, the rows of plans that break a limit marked
    (not like-for-like comparisons)."""
    shown = view(named_baselines(table, words), words)
    breaks = ~table["meets_every_limit"].to_numpy(dtype=bool)
    return TableView(shown.headers, [Row(row.cells, bool(broken))
                                     for row, broken in zip(shown.rows, breaks, strict=True)])


def against_lines(outcome: Outcome, words: Words) -> list[str]:
    """The optimized plan's lead over each rule-of-thumb plan, in money and as a share."""
    return against_of(outcome.baselines, outcome.objective, currency(outcome), words)


def against_of(table: pd.DataFrame | None, value: float | None, money: str, words: Words
               ) -> list[str]:
    """against_lines of the rule-of-thumb plans' table, the plan's value and currency."""
    if table is None or table.empty or value is None:
        return []
    breaking = table[~table["meets_every_limit"].astype(bool)]
    every = [words("against_every", limits=words.sep("list").join(
        dict.fromkeys(words.term(limit) for limit in breaking["falls_short"])))
        ] if len(breaking) == len(table) else []
    return every + [words("against_line", uplift=percent_text(row.uplift, "+"),
                  difference=f"{value - row.value:+,.0f}", currency=money,
                  name=baseline_name(str(row.baseline), words),
                  falls="" if bool(row.meets_every_limit) else words(
                      "against_falls", limits=words.term(row.falls_short)))
            for row in table.itertuples()]


def watch_lines(outcome: Outcome, tiers: pd.DataFrame, constraints: pd.DataFrame,
                words: Words) -> list[str]:
    """Limits used to 98% or more (the book-wide ones first, then the RMs' by grade with their
    regions; never cut silently), and customers of mandatory tiers left without an RM."""
    scenario, rms = outcome.prepared.loaded.scenario, outcome.prepared.valued.rms
    return watch_of(rms, mandatory_tiers(scenario), tiers, constraints, words,
                    rm_moves(outcome) if plans_rms(rms, scenario) else None,
                    plans_rms(rms, scenario), scenario.objective.currency)


def watch_of(rms: pd.DataFrame, mandatory: list[str], tiers: pd.DataFrame,
             constraints: pd.DataFrame, words: Words,
             moves: Mapping[str, int] | None = None, with_rms: bool = True,
             currency: str = "EUR") -> list[str]:
    """watch_lines of the RMs, the tiers of mandatory coverage, the tiers' and constraints'
    tables and the RM moves (None: not known): customers losing their RM first, when they
    are more than DROPPED_SHARE of the book."""
    lines = watched_book_limits(constraints, words, currency) + watched_rm_limits(
        rms, constraints, words)
    lines = dropped_lines(moves, int(tiers["customers"].sum()), words) + lines
    if len(lines) > WATCHED:
        lines = [*lines[:WATCHED - 1], words("watch_more", count=len(lines) - WATCHED + 1)]
    lines = lines or [words("watch_none")]
    short = tiers[tiers["tier"].isin(mandatory) & (tiers["covered"] < tiers["customers"])]
    lines += [words("watch_uncovered", tier=words.term(row.tier),
                    count=int(row.customers - row.covered))
              for row in short.itertuples()] or ([words("watch_covered")] if with_rms else [])
    return lines


DROPPED_SHARE = 0.05
"""Customers who lose their RM are watched when they are more than this share of the book
(any of a mandatory tier left without an RM is watched whatever their number)."""


def dropped_lines(moves: Mapping[str, int] | None, customers: int, words: Words) -> list[str]:
    """Customers who lose the RM they have today, when they are more than DROPPED_SHARE of
    the book's `customers`."""
    dropped = int((moves or {}).get("dropped", 0))
    if customers <= 0 or dropped <= DROPPED_SHARE * customers:
        return []
    return [words("watch_dropped", count=dropped, share=percent_text(dropped / customers),
                  limit=percent_text(DROPPED_SHARE))]


def full_rows(constraints: pd.DataFrame) -> pd.DataFrame:
    """The rows used to 98% or more, most used first."""
    table = constraints[~constraints["identity"]]
    table = table.assign(use_share=use_share(table))
    broken = missed(table)
    full = table[((table["use_share"] >= FULL_USE) | broken) & (table["limit"] > 0)]
    return full.assign(broken=broken[full.index]).sort_values(
        ["broken", "use_share"], ascending=False, kind="stable")


def watched_book_limits(constraints: pd.DataFrame, words: Words, currency: str) -> list[str]:
    """The book-wide limits (budget, caps, floors, quotas) used to 98% or more, or broken (a
    soft one), broken first."""
    full = full_rows(constraints[~constraints["constraint"].isin(PER_RM_FAMILIES)])
    return [watched_limit(row, words, currency) for row in full.itertuples()]


def watched_limit(row: Any, words: Words, currency: str = "EUR") -> str:
    """An upper limit as the share of it used; a minimum as met, exactly or with some to
    spare, never as "used"; a soft limit the plan breaks by how much and at which penalty
    (in `currency`), never as used or met."""
    name = words.limit(row.constraint, row.label)
    pair = pair_text(row.used, row.limit)
    if getattr(row, "broken", False):
        return words("watch_broken", name=name, note=missed_note(row, currency, words), **pair)
    if row.sense != "ge":
        return words("watch_limit", name=name, share=use_text(row.use_share), **pair)
    spare = float(row.used) - float(row.limit)
    if spare <= 1e-6 * max(1.0, abs(float(row.limit))):
        return words("watch_minimum_at", name=name, **pair)
    return words("watch_minimum_spare", name=name, spare=spare_text(spare), **pair)


def spare_text(spare: float) -> str:
    """What a minimum is met with beyond it, with the fewest decimals (up to two) that show it
    within a tenth of itself, never 0: 12, 0.4, 0.06 (not the 0.1 that 60.06 against 60 rounds
    to); a spare below 0.005 by its first figure (0.003)."""
    for digits in range(3):
        shown = f"{spare + 0.0:,.{digits}f}"
        if abs(float(shown.replace(",", "")) - spare) <= 0.1 * spare:
            return shown
    return f"{spare:.1g}"


def watched_rm_limits(rms: pd.DataFrame, constraints: pd.DataFrame, words: Words) -> list[str]:
    """Per RM limits used to 98% or more, one line per limit and grade naming the regions."""
    full = full_rows(constraints[constraints["constraint"].isin(PER_RM_FAMILIES)])
    if full.empty:
        return []
    rms = rms.assign(**{c.RM_ID: rms[c.RM_ID].astype(str)}).set_index(c.RM_ID)
    rm = row_rms(full)
    full = full.assign(rm=rm, grade=rm.map(rms[c.GRADE]), region=rm.map(rms[c.REGION]))
    everyone = rms.groupby(c.GRADE).size()
    lines = []
    for (constraint, grade), rows in full.groupby(["constraint", "grade"], sort=False):
        regions = words.sep("items").join(  # by id, as the tables order them
            words.term(region) for region in sorted(set(rows["region"].astype(str))))
        said = {"name": words.limit(constraint, grade),
                "count": rows["rm"].nunique(), "total": int(everyone.get(grade, len(rows))),
                "regions": regions, "share": use_text(rows["use_share"].max())}
        lines.append(words("watch_rms", **said) if constraint != MONTHLY else words(
            "watch_rm_months", **said, months=months_text(rows["label"], words)))
    return lines


def months_text(labels: pd.Series, words: Words) -> str:
    """The months of RM-month labels (grade / RM / 29-56), first day first, as days."""
    spans = {tuple(int(day) for day in str(label).rsplit(" / ", 1)[-1].split("-"))
             for label in labels}
    return words.sep("items").join(words("rm_hours_month", first=first, last=last)
                                   for first, last in sorted(spans))


def pair_text(used: float, limit: float) -> dict[str, str]:
    """Used and limit with enough decimals (up to two) that they differ where they do."""
    for digits in range(3):
        shown = f"{used + 0.0:,.{digits}f}", f"{limit + 0.0:,.{digits}f}"
        if shown[0] != shown[1] or abs(used - limit) < 1e-9 * max(1.0, abs(limit)):
            break
    return {"used": shown[0], "limit": shown[1]}


def constraint_groups(outcome: Outcome, constraints: pd.DataFrame) -> tuple[dict[str, str], str]:
    """How the details add up the rows per RM (RM id -> group) and the note saying so: by grade
    and region, or by grade where every grade and region has a single RM (grouping by both
    would only repeat the appendix)."""
    return groups_for(outcome.prepared.valued.rms, constraints)


def groups_for(rms: pd.DataFrame, constraints: pd.DataFrame) -> tuple[dict[str, str], str]:
    """constraint_groups of the RMs and the constraint table."""
    by_region = groups_of(rms)
    rows = constraints[constraints["constraint"].isin(PER_RM_FAMILIES)]
    group = row_groups(rows, by_region)
    if rows.empty or rows.groupby([rows["constraint"], group]).size().max() > 1:
        return by_region, "constraints_grouped_note"
    return grades_of(rms), "constraints_grade_note"


def grouped_constraints(constraints: pd.DataFrame, groups: dict[str, str],
                        holding_none: tuple[str, ...] = ()) -> pd.DataFrame:
    """The constraint table with rows per RM added up by group (`groups`: RM id -> group):
    limits, use and slack summed, binding if any RM's row binds, the highest use of an RM, the
    marginal value the largest of the RMs' (driver_ranking.strongest), never that of an RM that
    can hold no customer (`holding_none`: rm_rows.holding_none), as the drivers: a group of
    none but such RMs is not priced."""
    columns = ["constraint", "label", "rms", "sense", "limit", "used", "slack", "binding",
               "max_use_share", "marginal_value"]
    shares = use_share(constraints)  # a minimum is met, never "used": no share shown
    constraints = constraints.assign(max_use_share=shares.where(constraints["sense"] == "le"))
    per_rm = constraints["constraint"].isin(PER_RM_FAMILIES)
    single = constraints[~per_rm].assign(rms=np.nan)[columns]
    rows = constraints[per_rm]
    if rows.empty:
        return single.reset_index(drop=True)
    idle = row_rms(rows).isin(holding_none)
    rows = rows.assign(marginal_value=rows["marginal_value"].mask(idle), held=~idle)
    group = row_groups(rows, groups)
    grouped = rows.groupby([rows["constraint"], group], sort=True).agg(
        rms=("label", "size"), sense=("sense", "first"), limit=("limit", "sum"),
        used=("used", "sum"), slack=("slack", "sum"), binding=("binding", "any"),
        max_use_share=("max_use_share", "max"),
        marginal_value=("marginal_value", strongest), held=("held", "any")
    ).reset_index(names=["constraint", "label"])
    grouped["marginal_value"] = grouped["marginal_value"].where(grouped["held"])
    order = {name: i for i, name in enumerate(dict.fromkeys(constraints["constraint"]))}
    merged = pd.concat([single, grouped[columns]], ignore_index=True)
    merged["slack"] = merged["slack"].mask(merged["slack"].abs() < 1e-6, 0.0)  # never -0.00
    rank = merged["constraint"].map(order).to_numpy()
    return merged.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)
