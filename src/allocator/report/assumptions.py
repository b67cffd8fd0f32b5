"""The assumptions box of the committee paper (report.html, summary.md, plan.xlsx): scenario,
label and note, when, overrides applied, budget, caps, horizon, discount rate, currency and the
data with their hashes. Pure: the run's facts in, rows out; every word from the catalogue."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from allocator.compare_kpis import is_display_only
from allocator.optimize import Outcome
from allocator.report.formats import number_text, percent_text
from allocator.report.language import MESSAGES, Words
from allocator.report.paper import amount
from allocator.run_label import minute_utc
from allocator.runs import file_sha256
from allocator.scenario.errors import holds_rate
from allocator.scenario.loading import LoadedScenario, Setting
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


def sweep_assumptions(base: LoadedScenario, folders: Sequence[Path], created: str,
                      words: Words) -> pd.DataFrame:
    """A sweep's assumptions box: what every point holds fixed, its base scenario (the
    overrides of the command line, not the keys varied), and the input files the first point
    with a manifest among `folders` read."""
    inputs: list[tuple[str, str, str]] = []
    for folder in folders:
        path = folder / "manifest.json"
        if path.is_file():
            recorded = json.loads(path.read_text(encoding="utf-8")).get("inputs") or {}
            inputs = [(str(role), Path(str(item.get("path"))).name, str(item.get("sha256")))
                      for role, item in recorded.items()]
            break
    return assumptions_of(Assumed(base.scenario, [p.name for p in base.files],
                                  list(base.settings), created, inputs,
                                  currency_set(base.scenario)), words)


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


def assumptions_of(assumed: Assumed, words: Words) -> pd.DataFrame:
    """assumption_rows of what the run assumed."""
    scenario, created = assumed.scenario, assumed.created
    money = scenario.objective.currency
    risk = scenario.risk
    caps = [words(key, amount=f"{amount(value)} {money}") for key, value in
            (("a_loss_cap", risk.loss_cap), ("a_capital_cap", risk.capital_cap))
            if value is not None]
    overrides = [setting_text(setting, words, money) for setting in assumed.settings
                 if not is_display_only(setting.key)]
    budget = scenario.budget.total
    rows = [
        ("a_scenario", f"{scenario.name} ({', '.join(assumed.files)})"),
        ("a_label", scenario.output.label or "—"),
        ("a_note", scenario.output.note or "—"),
        ("a_created", minute_utc(created)),
        ("a_overrides", words.sep("list").join(overrides) or words("none")),
        ("a_budget", words("a_no_cap") if budget is None else f"{amount(budget)} {money}"),
        ("a_caps", words.sep("list").join(caps) or words("a_no_cap")),
        ("a_horizon", words("a_years", years=scenario.objective.horizon_years)),
        ("a_discount", f"{scenario.objective.discount_rate:.1%}"),
        ("a_currency", currency_assumption(assumed, money, words)),
        ("a_sources", words.sep("list").join(data_sources(assumed, words))),
    ]
    return pd.DataFrame([(words(key), value) for key, value in rows], columns=["item", "content"])


def currency_assumption(assumed: Assumed, money: str, words: Words) -> str:
    """The currency, said to be assumed when the scenario does not set `objective.currency`."""
    return money if assumed.currency_set else words("a_currency_assumed", currency=money)


MONEY_KEYS = ("budget.total", "risk.loss_cap", "risk.capital_cap", ".cost_per_year")
"""Keys (or their endings) that hold an amount of money: their values carry the currency."""


def setting_text(setting: Setting, words: Words, currency: str = "") -> str:
    """What an override set: its name, the key (as the catalogue names it), the scenario
    file's value and the value set, e.g. `budget_cut: total budget 45,000 EUR → 40,500 EUR`
    (an amount of money with the `currency`, where given)."""
    rate = holds_rate(tuple(setting.key.split(".")))
    unit = f" {currency}" if currency and setting.key.endswith(MONEY_KEYS) else ""
    before, after = (setting_value(value, rate, words) for value in (setting.before,
                                                                     setting.after))
    return words("a_setting", source=words.term(setting.source), key=words.column(setting.key),
                 before=before + (unit if setting.before is not None else ""),
                 after=after + (unit if setting.after is not None else ""))


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
