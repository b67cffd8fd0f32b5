"""The assumptions box of the committee paper (report.html, summary.md, plan.xlsx): scenario,
label and note, when, overrides applied, budget, caps, horizon, discount rate, currency and the
data with their hashes; in a sweep's, the keys it varies by the range swept ("30,000 to 60,000
EUR, 4 points"). Pure: the run's facts in, rows out; every word from the catalogue."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import pandas as pd

from allocator.compare_kpis import is_display_only
from allocator.connection_text import masked
from allocator.optimize import Outcome
from allocator.report.cell_texts import limit_text, percent_text, texts_apart
from allocator.report.language import MESSAGES, Words
from allocator.report.paper import amount
from allocator.report.setting_values import money_unit, value_text
from allocator.run_label import minute_utc
from allocator.runs import file_sha256
from allocator.scenario.errors import holds_rate
from allocator.scenario.loading import LoadedScenario
from allocator.scenario.overrides import Setting
from allocator.scenario.schema import Scenario


def assumption_rows(outcome: Outcome, words: Words, created: str) -> pd.DataFrame:
    """What the plan rests on: scenario, label and note, when, overrides, budget, caps,
    horizon, discount rate, currency and the data with their hashes."""
    loaded = outcome.prepared.loaded
    inputs = [(role, path.name, file_sha256(path)) for role, path in
              outcome.prepared.book.inputs.items()]
    return assumptions_of(Assumed(loaded.scenario, [p.name for p in loaded.files],
                                  list(loaded.settings), created, inputs,
                                  currency_set(loaded.scenario)), words)


def base_record(base: LoadedScenario, created: str) -> dict[str, Any]:
    """What a sweep's assumptions box needs of its base scenario (the overrides of the command
    line, not the keys varied), as sweep.json's `report` record keeps it: the scenario resolved,
    its files, the overrides applied, when the sweep ran and whether it sets its currency."""
    return {"scenario": base.resolved(), "files": [p.name for p in base.files],
            "settings": [asdict(setting) for setting in base.settings], "created": created,
            "currency_set": currency_set(base.scenario)}


def sweep_assumptions(record: Mapping[str, Any] | None, inputs: list[tuple[str, str, str]],
                      words: Words, swept: Mapping[str, Sequence[object]] | None = None
                      ) -> pd.DataFrame | None:
    """A sweep's assumptions box: what every point holds fixed, from its base scenario's
    `record` (base_record; None for a sweep that kept none), the keys it varies by their
    ranges (`swept`: key -> the points' values) and the input files a point read (role, file
    name, SHA-256)."""
    if not isinstance(record, Mapping) or not isinstance(record.get("scenario"), Mapping):
        return None
    return assumptions_of(Assumed(
        Scenario.model_validate(record["scenario"]), [str(f) for f in record.get("files") or ()],
        [Setting(**setting) for setting in record.get("settings") or ()],
        str(record.get("created") or ""), inputs, bool(record.get("currency_set", True)),
        dict(swept or {})), words)


def currency_set(scenario: Scenario) -> bool:
    """Whether the scenario sets `objective.currency` itself."""
    return "currency" in scenario.objective.model_fields_set


@dataclass(frozen=True)
class Assumed:
    """What the assumptions box shows beyond the scenario: its files' names, the overrides
    applied, when the run was made, and each input file's role, name and SHA-256."""

    scenario: Scenario
    files: list[str]
    settings: list[Setting]
    created: str
    inputs: list[tuple[str, str, str]]
    currency_set: bool = True
    """Whether the scenario sets `objective.currency` (else the default is said to be assumed)."""
    swept: Mapping[str, Sequence[object]] = field(default_factory=dict)
    """A sweep's varied keys -> the values its points take (none for a run)."""


def assumptions_of(assumed: Assumed, words: Words) -> pd.DataFrame:
    """assumption_rows of what the run assumed."""
    scenario, created = assumed.scenario, assumed.created
    money = scenario.objective.currency
    overrides = [setting_text(setting, words, money) for setting in assumed.settings
                 if not is_display_only(setting.key)]
    budget, swept = scenario.budget.total, Swept(assumed.swept, money, words)
    rows = [
        ("a_scenario", f"{scenario.name}{words.sep('open')}"
                       f"{words.sep('items').join(assumed.files)}{words.sep('close')}"),
        ("a_label", scenario.output.label or "—"),
        ("a_note", scenario.output.note or "—"),
        ("a_created", minute_utc(created)),
        ("a_overrides", words.sep("list").join(overrides) or words("none")),
        ("a_budget", swept.money("budget.total", budget) or words("a_no_cap")),
        ("a_caps", words.sep("list").join(caps_of(scenario, words, swept)) or words("a_no_cap")),
        *limit_rows(scenario, words, swept),
        ("a_horizon", swept.range("objective.horizon_years") or words(
            "a_years", years=scenario.objective.horizon_years)),
        ("a_discount", swept.range("objective.discount_rate")
         or f"{scenario.objective.discount_rate:.1%}"),
        ("a_currency", currency_assumption(assumed, money, words)),
        ("a_sources", words.sep("list").join(data_sources(assumed, words))),
    ]
    others = swept.unshown()
    if others:  # keys varied that no row above shows
        rows.insert(5, ("a_swept", words.sep("list").join(others)))
    return pd.DataFrame([(words(key), value) for key, value in rows], columns=["item", "content"])


class Swept:
    """The keys a sweep varies and the values its points take, shown where the assumptions
    box shows the key: as the range swept, and amounts that follow a key (a tier's share of
    the budget) as the range they take; every key asked for is counted as shown."""

    def __init__(self, values: Mapping[str, Sequence[object]], money: str, words: Words
                 ) -> None:
        self.values, self.currency, self.words = values, money, words
        self.shown: set[str] = set()

    def range(self, key: str, share: float | None = None) -> str:
        """The values `key` takes ("30,000 to 60,000 EUR, 4 points"; times `share`, as
        amounts without the count: "4,500 to 9,000 EUR"); "" where it is not varied."""
        values = self.values.get(key)
        if values is None:
            return ""
        self.shown.add(key)
        distinct = list(dict.fromkeys(v for v in values if v is not None and v == v))
        unit = money_unit(key, self.currency)
        numbers = [float(v) for v in distinct
                   if isinstance(v, int | float) and not isinstance(v, bool)]
        if share is not None and len(numbers) == len(distinct):
            low, high = (amount(min(numbers) * share), amount(max(numbers) * share))
            return f"{low}{unit}" if low == high else self.words(
                "a_swept_amounts", low=low, high=high + unit)
        if len(numbers) == len(distinct) > 1:
            low, high = (value_text(key, n, self.words) for n in (min(numbers),
                                                                   max(numbers)))
            return self.words("a_swept_range", low=low, high=high + unit,
                              points=len(distinct))
        return self.words("a_swept_values", values=self.words.sep("list").join(
            value_text(key, v, self.words) + unit for v in distinct), points=len(distinct))

    def money(self, key: str, value: float | None, share: float = 1.0) -> str:
        """An amount of the scenario at `key` (times `share`), or the range it takes when
        swept; "" where the scenario sets none."""
        if key in self.values:
            return self.range(key, None if share == 1.0 else share)
        if value is None:
            return ""
        shown = limit_text(value) if share == 1.0 else amount(value * share)
        return f"{shown} {self.currency}"

    def unshown(self) -> list[str]:
        """The varied keys no row has shown, each by its name and range."""
        return [f"{self.words.column(key)}{self.words.sep('colon')}{self.range(key)}"
                for key in self.values if key not in self.shown]


def caps_of(scenario: Scenario, words: Words, swept: Swept | None = None) -> list[str]:
    """The loss and capital caps, and each tier's share of the loss cap, in the currency (a
    swept cap by its range)."""
    risk = scenario.risk
    swept = swept or Swept({}, scenario.objective.currency, words)
    caps = [words(name, amount=swept.money(key, value)) for name, key, value in
            (("a_loss_cap", "risk.loss_cap", risk.loss_cap),
             ("a_capital_cap", "risk.capital_cap", risk.capital_cap))
            if value is not None or key in swept.values]
    if risk.loss_cap is not None or "risk.loss_cap" in swept.values:
        caps += [words("a_tier_loss_cap", tier=words.term(tier), share=percent_text(
                     spec.loss_cap_share), amount=swept.money(
                         "risk.loss_cap", risk.loss_cap, spec.loss_cap_share))
                 for tier, spec in scenario.tiers.items() if spec.loss_cap_share < 1.0]
    return caps


def limit_rows(scenario: Scenario, words: Words, swept: Swept | None = None
               ) -> list[tuple[str, str]]:
    """The other limits the scenario sets that shape the plan, a row each where set: tier
    budget floors and caps, channel capacities, RM moves, RM cost per grade and the most
    offers per customer of each tier (a swept amount by its range; a swept count is left to
    the row of keys varied)."""
    rules, listed = scenario.rules, words.sep("list")
    swept = swept or Swept({}, scenario.objective.currency, words)
    costs = [words("a_rm_cost", grade=words.term(grade), amount=cost)
             for grade, spec in scenario.rm_grades.items()
             if (cost := swept.money(f"rm_grades.{grade}.cost_per_year", spec.cost_per_year))]
    rows = [("a_tier_budgets", listed.join(tier_budgets(scenario, words, swept))),
            ("a_channels", listed.join(words("a_channel", channel=words.term(channel),
                                             count=count)
                                       for channel, count in rules.channel_capacity.items()
                                       if f"rules.channel_capacity.{channel}" not in swept.values)),
            ("a_continuity", "" if rules.continuity.max_reassignments is None
             or "rules.continuity.max_reassignments" in swept.values else words(
                "a_moves", count=rules.continuity.max_reassignments)),
            ("a_rm_costs", listed.join(costs)),
            ("a_contact", listed.join(words("a_max_offers", tier=words.term(tier),
                                            count=spec.max_offers)
                                      for tier, spec in scenario.tiers.items()
                                      if f"tiers.{tier}.max_offers" not in swept.values)),
            ("a_contact_rules", listed.join(contact_rules(scenario, words))),
            *calendar_rows(scenario, words)]
    return [(key, text) for key, text in rows if text]


def calendar_rows(scenario: Scenario, words: Words) -> list[tuple[str, str]]:
    """The campaign calendar's other rules, a row each where set: its horizon, the lags
    between contacts, the channel groups' budgets and the sales targets."""
    calendar, listed = scenario.calendar, words.sep("list")
    if calendar is None:
        return []
    money = scenario.objective.currency
    return [("a_calendar_horizon", words("a_days", days=calendar.horizon)),
            ("a_conflicts", listed.join(words("a_conflict", name=words.term(name), lag=rule.lag)
                                        for name, rule in calendar.conflicts.items())),
            ("a_channel_budgets", listed.join(
                words("a_at_most", name=words.term(name), amount=f"{rule.limit:,.0f} {money}")
                for name, rule in calendar.budgets.items())),
            ("a_sales", listed.join(_bounds(words.term(name), rule.min, rule.max, words)
                                    for name, rule in calendar.sales.items()))]


def _bounds(name: str, least: float, most: float | None, words: Words) -> str:
    """A target's bounds: "cards: at least 60", "at most 900", or both."""
    said = [words("a_least", amount=f"{least:,.0f}")] if least > 0 else []
    said += [] if most is None else [words("a_most", amount=f"{most:,.0f}")]
    return f"{name}{words.sep('colon')}{words.sep('list').join(said)}"


def contact_rules(scenario: Scenario, words: Words) -> list[str]:
    """The campaign calendar's contact rules: the most contacts per customer in a window (the
    channels it counts, where it names them)."""
    if scenario.calendar is None:
        return []
    said = []
    for rule in scenario.calendar.contact_rules.values():
        where = "" if not rule.channels else (
            f"{words.sep('open')}{words.sep('list').join(map(words.term, rule.channels))}"
            f"{words.sep('close')}")
        key, days = (("a_contacts_every", rule.every) if rule.every is not None else
                     ("a_contacts_rolling", rule.rolling) if rule.rolling is not None else
                     ("a_contacts_whole", 0))
        said.append(words(key, max=rule.max, days=days, start=rule.start, where=where))
    return said


def tier_budgets(scenario: Scenario, words: Words, swept: Swept | None = None) -> list[str]:
    """Each tier's least and largest share of the budget, with the amount where the budget
    is set (the range of amounts where it is swept)."""
    total = scenario.budget.total
    swept = swept or Swept({}, scenario.objective.currency, words)
    said = []
    for tier, spec in scenario.tiers.items():
        for key, share, kept in (("a_tier_floor", spec.budget_floor_share,
                                  spec.budget_floor_share > 0.0),
                                 ("a_tier_cap", spec.budget_cap_share,
                                  spec.budget_cap_share < 1.0)):
            if kept:
                shown = swept.money("budget.total", total, share)
                held = shown and f"{words.sep('open')}{shown}{words.sep('close')}"
                said.append(words(key, tier=words.term(tier), share=percent_text(share),
                                  amount=held))
    return said


def currency_assumption(assumed: Assumed, money: str, words: Words) -> str:
    """The currency, said to be assumed when the scenario does not set `objective.currency`."""
    return money if assumed.currency_set else words("a_currency_assumed", currency=money)


COUNTED_KEYS = ("rules.add_rms.",)
"""Keys (and the sections that hold them) that count what is added: a scenario that does not
give them adds none."""


def setting_text(setting: Setting, words: Words, currency: str = "") -> str:
    """What an override set: its name, the key (as the catalogue names it), the scenario
    file's value and the value set, each as a reader reads it (setting_values), e.g.
    `budget_cut: total budget 45,000 EUR → 40,500 EUR` (an amount of money with the
    `currency`, where given)."""
    values = (setting.before, setting.after)
    before, after = (value_text(setting.key, value, words, currency) for value in values)
    if before == after and setting.before != setting.after and all(
            isinstance(value, int | float) for value in values):  # 0.1% and 0.1001%: apart
        unit = money_unit(setting.key, currency)
        rate = holds_rate(tuple(setting.key.split(".")))
        before, after = (f"{value}{unit}" for value in texts_apart(list(values), rate))
    if setting.before is None and f"{setting.key}.".startswith(COUNTED_KEYS):
        before = words("none")  # no RMs added before: none, not a key left unset
    if setting.key.endswith(".url"):  # a server's address: no password, no parameter's value
        before, after = masked(before), masked(after)
    return words("a_setting", source=words.term(setting.source), key=words.key(setting.key),
                 before=before, after=after)


def _role(role: str, words: Words) -> str:
    """What an input file is (the customer table, the RM table, ...); an adapter's own file
    by its name in English, as a data file in Chinese."""
    key = f"a_source_{role}"
    if key in MESSAGES:
        return words(key)
    return role if words.language == "en" else words("a_source_file")


def data_sources(assumed: Assumed, words: Words) -> list[str]:
    """Each input file with its SHA-256 (the first 16 hex digits; the manifest has them all),
    or the generator's settings."""
    generate = assumed.scenario.data.generate
    sources = [words("a_source_named", path=name, digest=digest[:16]) if role == name else
               words("a_source", role=_role(role, words), path=name, digest=digest[:16])
               for role, name, digest in assumed.inputs]
    if generate is not None:
        sources.append(words("a_generated", customers=generate.customers, seed=generate.seed))
    return sources or [words("none")]
