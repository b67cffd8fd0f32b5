"""The committee paper's opening: the decision in plain words (what the plan does, what it is
worth, against which plans, what to watch) and the assumptions it rests on. Pure: outcome and
tables in, sentences and rows out; every word from the language catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.optimize import Outcome
from allocator.report.drivers import rm_grades, rm_groups
from allocator.report.forced_losses import forced_loss_lines, forced_losses
from allocator.report.formats import Row, TableView, number_text, percent_text, view
from allocator.report.language import MESSAGES, Words
from allocator.report.plan_tables import offer_plan, rm_moves
from allocator.run_label import is_naming, minute_utc
from allocator.runs import file_sha256
from allocator.scenario.errors import holds_rate
from allocator.scenario.loading import Setting
from allocator.scenario.schema import Scenario
from allocator.sensitivity import FULL_USE, RM_FAMILIES, use_share

WATCHED = 10
"""The decision page names at most this many limits used to 98% or more; a last line says how
many more there are and where they are."""


@dataclass(frozen=True)
class Decision:
    """The decision page's sentences, by part."""

    does: list[str]
    worth: list[str]
    against: list[str]
    watch: list[str]


def amount(value: float) -> str:
    """An amount of money as the paper shows it: whole units with thousands separators."""
    return f"{value + 0.0:,.0f}"


def currency(outcome: Outcome) -> str:
    return outcome.prepared.loaded.scenario.objective.currency


def decision(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
             constraints: pd.DataFrame, words: Words) -> Decision:
    """The plan in plain words, in the run's language."""
    return Decision(plan_lines(outcome, tiers, offers, words) + loss_lines(outcome, constraints,
                                                                          words),
                    worth_lines(outcome, words), against_lines(outcome, words),
                    watch_lines(outcome, tiers, constraints, words))


def loss_lines(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> list[str]:
    """The offers made at a loss and the floor or minimum that forces each (none for a book
    in parts, whose offers stay with its parts)."""
    if outcome.parts is not None or outcome.values is None:
        return []
    customers = outcome.prepared.valued.customers
    tiers = pd.Series(customers[c.TIER].astype(str).to_numpy(),
                      index=customers[c.CUSTOMER_ID].to_numpy())
    losses = forced_losses(offer_plan(outcome), tiers, constraints)
    return forced_loss_lines(losses, currency(outcome), words)


def plan_lines(outcome: Outcome, tiers: pd.DataFrame, offers: pd.DataFrame,
               words: Words) -> list[str]:
    """Packages per tier, who is covered, RM moves against today's books, offers by channel."""
    listed = words.sep("clause").join
    lines = [
        words("packages_line", items=listed(
            words("package_item", tier=words.term(row.tier),
                  package=words.term(row.package) if row.package else "—")
            for row in tiers.itertuples())),
        words("coverage_line", covered=int(tiers["covered"].sum()),
              customers=int(tiers["customers"].sum()), items=listed(
                  words("coverage_item", tier=words.term(row.tier), covered=int(row.covered),
                        customers=int(row.customers)) for row in tiers.itertuples())),
    ]
    moves = rm_moves(outcome)
    if moves is not None:
        lines.append(words("moves_line", **moves))
    made = offers.groupby("channel", sort=False)["made"].sum()
    made = made[made > 0]
    lines.append(words("channels_line", total=int(made.sum()), items=listed(
        words("channel_item", channel=words.term(channel), made=int(count))
        for channel, count in made.items())))
    return lines


def worth_lines(outcome: Outcome, words: Words) -> list[str]:
    """The value with its currency, proof, what it means and what it is made of."""
    assert outcome.objective is not None and outcome.check is not None
    objective = outcome.prepared.loaded.scenario.objective
    status, bound = words.term(outcome.result.status.value), outcome.result.bound
    head = (words("worth_unproven", value=amount(outcome.objective), currency=currency(outcome),
                  status=status) if bound is None or outcome.gap is None else
            words("worth_line", value=amount(outcome.objective), currency=currency(outcome),
                  status=status, bound=amount(bound), gap=percent_text(outcome.gap)))
    parts = words.sep("clause").join(words("worth_item", part=words.term(name),
                                           amount=amount(value))
                                     for name, value in outcome.check.components.items())
    return [head, words("worth_means", horizon=objective.horizon_years,
                        rate=f"{objective.discount_rate:.1%}"),
            words("worth_parts", items=parts)]


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
    table, value = outcome.baselines, outcome.objective
    if table is None or table.empty or value is None:
        return []
    breaking = table[~table["meets_every_limit"].astype(bool)]
    every = [words("against_every", limits=words.sep("list").join(
        dict.fromkeys(words.term(limit) for limit in breaking["falls_short"])))
        ] if len(breaking) == len(table) else []
    return every + [words("against_line", uplift=percent_text(row.uplift, "+"),
                  difference=f"{value - row.value:+,.0f}", currency=currency(outcome),
                  name=baseline_name(str(row.baseline), words),
                  falls="" if bool(row.meets_every_limit) else words(
                      "against_falls", limits=words.term(row.falls_short)))
            for row in table.itertuples()]


def watch_lines(outcome: Outcome, tiers: pd.DataFrame, constraints: pd.DataFrame,
                words: Words) -> list[str]:
    """Limits used to 98% or more (the book-wide ones first, then the RMs' by grade with their
    regions; never cut silently), and customers of mandatory tiers left without an RM."""
    lines = watched_book_limits(constraints, words) + watched_rm_limits(outcome, constraints,
                                                                         words)
    if len(lines) > WATCHED:
        lines = [*lines[:WATCHED - 1], words("watch_more", count=len(lines) - WATCHED + 1)]
    lines = lines or [words("watch_none")]
    mandatory = [t for t, spec in outcome.prepared.loaded.scenario.tiers.items()
                 if spec.coverage == "mandatory"]
    short = tiers[tiers["tier"].isin(mandatory) & (tiers["covered"] < tiers["customers"])]
    lines += [words("watch_uncovered", tier=words.term(row.tier),
                    count=int(row.customers - row.covered))
              for row in short.itertuples()] or [words("watch_covered")]
    return lines


def full_rows(constraints: pd.DataFrame) -> pd.DataFrame:
    """The rows used to 98% or more, most used first."""
    table = constraints[~constraints["identity"]]
    table = table.assign(use_share=use_share(table))
    full = table[(table["use_share"] >= FULL_USE) & (table["limit"] > 0)]
    return full.sort_values("use_share", ascending=False, kind="stable")


def watched_book_limits(constraints: pd.DataFrame, words: Words) -> list[str]:
    """The book-wide limits (budget, caps, floors, quotas) used to 98% or more."""
    full = full_rows(constraints[~constraints["constraint"].isin(RM_FAMILIES)])
    return [watched_limit(row, words) for row in full.itertuples()]


def watched_limit(row: Any, words: Words) -> str:
    """An upper limit as the share of it used; a minimum as met, exactly or with some to
    spare, never as "used"."""
    name = f"{words.term(row.constraint)} {words.term(row.label)}"
    pair = pair_text(row.used, row.limit)
    if row.sense != "ge":
        return words("watch_limit", name=name, share=share_text(row.use_share), **pair)
    spare = float(row.used) - float(row.limit)
    if spare <= 1e-6 * max(1.0, abs(float(row.limit))):
        return words("watch_minimum_at", name=name, **pair)
    return words("watch_minimum_spare", name=name, spare=pair_text(spare, spare)["used"],
                 **pair)


def watched_rm_limits(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> list[str]:
    """Per RM limits used to 98% or more, one line per limit and grade naming the regions."""
    full = full_rows(constraints[constraints["constraint"].isin(RM_FAMILIES)])
    if full.empty:
        return []
    rms = outcome.prepared.valued.rms
    rms = rms.assign(**{c.RM_ID: rms[c.RM_ID].astype(str)}).set_index(c.RM_ID)
    full = full.assign(grade=full["label"].astype(str).map(rms[c.GRADE]),
                       region=full["label"].astype(str).map(rms[c.REGION]))
    everyone = rms.groupby(c.GRADE).size()
    lines = []
    for (constraint, grade), rows in full.groupby(["constraint", "grade"], sort=False):
        regions = words.sep("clause").join(sorted({words.term(r) for r in rows["region"]}))
        lines.append(words("watch_rms", name=f"{words.term(constraint)} {words.term(grade)}",
                           count=len(rows), total=int(everyone.get(grade, len(rows))),
                           regions=regions, share=share_text(rows["use_share"].max())))
    return lines


def share_text(share: float) -> str:
    """A share used, with a second decimal where one would round a limit not reached up to
    100.0%."""
    text = f"{share:.1%}"
    return f"{share:.2%}" if text == "100.0%" and share < 1 else text


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
    by_region = rm_groups(outcome)
    rows = constraints[constraints["constraint"].isin(RM_FAMILIES)]
    group = rows["label"].astype(str).map(by_region)
    if rows.empty or rows.groupby([rows["constraint"], group]).size().max() > 1:
        return by_region, "constraints_grouped_note"
    return rm_grades(outcome), "constraints_grade_note"


def grouped_constraints(constraints: pd.DataFrame, groups: dict[str, str]) -> pd.DataFrame:
    """The constraint table with rows per RM added up by group (`groups`: RM id -> group):
    limits, use and slack summed, binding if any RM's row binds, the highest use of an RM, the
    marginal value the mean of the RMs'."""
    columns = ["constraint", "label", "rms", "sense", "limit", "used", "slack", "binding",
               "max_use_share", "marginal_value"]
    shares = use_share(constraints)  # a minimum is met, never "used": no share shown
    constraints = constraints.assign(max_use_share=shares.where(constraints["sense"] == "le"))
    per_rm = constraints["constraint"].isin(RM_FAMILIES)
    single = constraints[~per_rm].assign(rms=np.nan)[columns]
    rows = constraints[per_rm]
    if rows.empty:
        return single.reset_index(drop=True)
    group = rows["label"].astype(str).map(groups).fillna(rows["label"])
    grouped = rows.groupby([rows["constraint"], group], sort=True).agg(
        rms=("label", "size"), sense=("sense", "first"), limit=("limit", "sum"),
        used=("used", "sum"), slack=("slack", "sum"), binding=("binding", "any"),
        max_use_share=("max_use_share", "max"),
        marginal_value=("marginal_value", "mean")).reset_index(names=["constraint", "label"])
    order = {name: i for i, name in enumerate(dict.fromkeys(constraints["constraint"]))}
    merged = pd.concat([single, grouped[columns]], ignore_index=True)
    merged["slack"] = merged["slack"].mask(merged["slack"].abs() < 1e-6, 0.0)  # never -0.00
    rank = merged["constraint"].map(order).to_numpy()
    return merged.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)


def assumption_rows(outcome: Outcome, words: Words, created: str) -> pd.DataFrame:
    """What the plan rests on: scenario, label and note, when, overrides, budget, caps,
    horizon, discount rate, currency and the data with their hashes."""
    loaded = outcome.prepared.loaded
    scenario, money = loaded.scenario, currency(outcome)
    risk = scenario.risk
    caps = [words(key, amount=f"{amount(value)} {money}") for key, value in
            (("a_loss_cap", risk.loss_cap), ("a_capital_cap", risk.capital_cap))
            if value is not None]
    overrides = [setting_text(setting, words) for setting in loaded.settings
                 if not is_naming(f"--set {setting.key}=")]
    budget = scenario.budget.total
    rows = [
        ("a_scenario", f"{scenario.name} ({', '.join(p.name for p in loaded.files)})"),
        ("a_label", scenario.output.label or "—"),
        ("a_note", scenario.output.note or "—"),
        ("a_created", minute_utc(created)),
        ("a_overrides", words.sep("list").join(overrides) or words("none")),
        ("a_budget", words("a_no_cap") if budget is None else f"{amount(budget)} {money}"),
        ("a_caps", words.sep("list").join(caps) or words("a_no_cap")),
        ("a_horizon", words("a_years", years=scenario.objective.horizon_years)),
        ("a_discount", f"{scenario.objective.discount_rate:.1%}"),
        ("a_currency", currency_assumption(scenario, money, words)),
        ("a_sources", words.sep("list").join(data_sources(outcome, words))),
    ]
    return pd.DataFrame([(words(key), value) for key, value in rows], columns=["item", "content"])


def currency_assumption(scenario: Scenario, money: str, words: Words) -> str:
    """The currency, said to be assumed when the scenario does not set `objective.currency`."""
    if "currency" in scenario.objective.model_fields_set:
        return money
    return words("a_currency_assumed", currency=money)


def setting_text(setting: Setting, words: Words) -> str:
    """What an override set: its name, the key (as the catalogue names it), the scenario
    file's value and the value set, e.g. `budget_cut: budget.total 45,000 → 40,500`."""
    rate = holds_rate(tuple(setting.key.split(".")))
    return words("a_setting", source=words.term(setting.source), key=words.column(setting.key),
                 before=setting_value(setting.before, rate, words),
                 after=setting_value(setting.after, rate, words))


def setting_value(value: object, rate: bool, words: Words) -> str:
    """A scenario value as the assumptions box shows it: a rate as a percentage, an amount
    with thousands separators, text as it is; a key the file does not give, in words."""
    if value is None:
        return words("a_unset")
    if isinstance(value, bool):
        return words.term("yes" if value else "no")
    if isinstance(value, int | float):
        return percent_text(value) if rate else number_text(value)
    return str(value)


def data_sources(outcome: Outcome, words: Words) -> list[str]:
    """Each input file with its SHA-256 (the first 16 hex digits; the manifest has them all),
    or the generator's settings."""
    generate = outcome.prepared.loaded.scenario.data.generate
    sources = [words("a_source", role=role, path=path.name, digest=file_sha256(path)[:16])
               for role, path in outcome.prepared.book.inputs.items()]
    if generate is not None:
        sources.append(words("a_generated", customers=generate.customers, seed=generate.seed))
    return sources or [words("none")]
