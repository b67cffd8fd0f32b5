"""Cross-section checks of a scenario: every tier named anywhere exists, cuts are ordered."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import TYPE_CHECKING

from allocator.errors import Named, catalogued, did_you_mean, in_a_row
from allocator.errors import ScenarioValueError as Refusal
from allocator.scenario.label_clashes import label_clash, scenario_ids

if TYPE_CHECKING:
    from allocator.scenario.schema import Scenario


def check_consistency(scenario: Scenario) -> None:
    """Raise ValueError naming the key path of the first inconsistency."""
    tiers = list(scenario.tiers)
    _check_cut(scenario, tiers)
    for name, offer in scenario.offers.items():
        known_tiers(f"offers.{name}.eligible_tiers", offer.eligible_tiers or [], tiers)
        if isinstance(offer.propensity, dict):
            known_tiers(f"offers.{name}.propensity", offer.propensity, tiers)
    for name, package in scenario.packages.items():
        _refuse_without_uplift(scenario, name)
        known_tiers(f"packages.{name}.tiers", package.tiers or [], tiers)
        if isinstance(package.uplift, dict):
            known_tiers(f"packages.{name}.uplift", package.uplift, tiers)
    _check_budget_shares(scenario)
    _check_packages_cover_tiers(scenario, tiers)
    _check_ids(scenario)
    _check_labels(scenario, tiers)


def _check_ids(scenario: Scenario) -> None:
    """Ids are words of any script, never control characters (they name files and cells)."""
    for section, ids in (("tiers", scenario.tiers), ("offers", scenario.offers),
                         ("packages", scenario.packages)):
        for key in ids:
            if not key.isprintable() or not key.strip():
                raise Refusal.said("id_not_printable", section=section, key=repr(key))


def _check_labels(scenario: Scenario, tiers: list[str]) -> None:
    """Labelled tiers and packages exist; no label makes two things read as one
    (label_clashes; names are printable: fields.PrintableText)."""
    labels = scenario.labels
    known_tiers("labels.tiers", labels.tiers, tiers)
    for package in labels.packages:
        if package not in scenario.packages:
            known = list(scenario.packages)
            nothing = catalogued("none_known")
            raise Refusal.said("unknown_label_package", package=package,
                               hint=did_you_mean(package, known),
                               hint_zh=did_you_mean(package, known, "zh"),
                               packages=in_a_row(known) or nothing[0],
                               packages_zh="、".join(known) or nothing[1]
                               ).at(f"labels.packages.{package}")
    clash = label_clash(labels, scenario_ids(scenario))
    if clash is not None:
        raise clash


def _refuse_without_uplift(scenario: Scenario, name: str) -> None:
    """A package with a cost and no uplift (cost_per_customer alone) costs its customers and
    adds nothing: most likely a misspelt id of another (`premiun`), refused naming the
    closest; a base package costs nothing (`basic: {}` or `{cost_per_customer: 0, uplift:
    0}`)."""
    package = scenario.packages[name]
    if "uplift" in package.model_fields_set or not package.cost_per_customer:
        return
    known = [other for other in scenario.packages if other != name]
    raise Refusal.said("package_no_uplift", cost=f"{package.cost_per_customer:,g}",
                       hint=did_you_mean(name, known), hint_zh=did_you_mean(name, known, "zh"),
                       known=in_a_row(known) or "-").at(f"packages.{name}")


def _check_packages_cover_tiers(scenario: Scenario, tiers: list[str]) -> None:
    if not scenario.packages:
        return
    for tier in tiers:
        if not any(p.tiers is None or tier in p.tiers for p in scenario.packages.values()):
            raise Refusal.said("tier_without_package", tier=tier)


def known_tiers(key: str, named: Iterable[str], tiers: list[str]) -> None:
    for tier in named:
        if tier not in tiers:
            raise Refusal.said("unknown_tier", where=key, tier=tier, tiers=in_a_row(tiers),
                               hint=did_you_mean(tier, tiers),
                               hint_zh=did_you_mean(tier, tiers, "zh")).at(f"{key}.{tier}")


def _check_cut(scenario: Scenario, tiers: list[str]) -> None:
    key, cut = _cut_of(scenario)
    known_tiers(key, cut, tiers)
    expected = tiers[:-1]
    missing = uncut(tiers, cut)
    if tiers[-1] in cut:
        raise Refusal.said("cut_of_base_tier", base=tiers[-1], what=Named(*catalogued(
            f"cut_word_{key.rpartition('.')[2]}"))).at(key)
    if missing:
        raise Refusal.said("cut_per_tier", base=tiers[-1],
                           needed=in_a_row(expected) or "-",
                           missing=in_a_row(missing) or "-").at(key)
    if key.endswith("thresholds"):
        values = [cut[t] for t in expected]
        if any(a <= b for a, b in pairwise(values)):
            raise Refusal.said("cuts_must_fall",
                               cuts=in_a_row(f"{t}={cut[t]:g}" for t in expected)).at(key)
    elif sum(cut.values()) > 1.0:
        raise Refusal.said("shares_above_one",
                           total=f"{sum(cut.values()):g}").at(key)


CUT_KEYS = ("thresholds", "quantiles", "value_shares")
"""The keys of a tiering that cut the book into tiers, one per method (tier -> value)."""


def uncut(tiers: list[str], cut: Iterable[str]) -> list[str]:
    """The tiers a cut leaves without a value: it needs one for every tier but the base tier
    (the last), whose customers are those no tier above takes."""
    given = set(cut)
    return [tier for tier in tiers[:-1] if tier not in given]


def _cut_of(scenario: Scenario) -> tuple[str, dict[str, float]]:
    """The tiering's cut (tier -> threshold, quantile or value share) and its key path."""
    for key in CUT_KEYS:
        value = getattr(scenario.tiering, key, None)
        if value is not None:
            return f"tiering.{key}", value
    raise AssertionError("every tiering method has a cut")


def _check_budget_shares(scenario: Scenario) -> None:
    floors = {t: s.budget_floor_share for t, s in scenario.tiers.items()}
    if sum(floors.values()) > 1.0 + 1e-12:
        raise Refusal.said("floors_above_budget", total=f"{sum(floors.values()):g}")
    for name, spec in scenario.tiers.items():
        if spec.budget_floor_share > spec.budget_cap_share:
            raise Refusal.said("floor_above_cap", tier=name,
                               floor=f"{spec.budget_floor_share:g}",
                               cap=f"{spec.budget_cap_share:g}")
