"""Plain `allocate validate SCENARIO` checks each of the scenario's named overrides as `--use`
would: an override that gives no valid scenario is refused naming it and the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.cli import answer


def _with_overrides(scenario: Path, overrides: str) -> Path:
    path = scenario.with_name("overridden.yaml")
    path.write_text(scenario.read_text() + "overrides:\n" + overrides)
    return path


@pytest.mark.parametrize(("overrides", "said"), [
    ("  fine: {budget.total: 5}\n  typo: {budget.totl: 5}\n",
     "override 'typo': budget.totl: unknown key 'totl'"),
    ("  deep_cut: {solver.time_limit: -200%}\n", "override 'deep_cut': solver.time_limit:"),
    ("  wide: {tiers.top.coverage_uplift: 50}\n",
     "override 'wide': tiers.top.coverage_uplift: expected a value of at most 10"),
    ("  based: {tiering.thresholds.base: 0.5}\n",  # refused by a check of the whole scenario
     "override 'based': tiering.thresholds: the base tier 'base' (the last of tiers) takes "
     "no threshold"),
])
def test_a_named_override_that_gives_no_valid_scenario_is_named(scenario: Path,
                                                                overrides: str,
                                                                said: str) -> None:
    path = _with_overrides(scenario, overrides)
    code, output = answer("validate", path)
    assert code == 2, output
    assert said in " ".join(output.split()), output


def test_valid_named_overrides_pass_plain_validate(scenario: Path) -> None:
    path = _with_overrides(scenario, "  cut: {budget.total: 5}\n  slower: {solver.time_limit: "
                                     "+10%}\n")
    code, output = answer("validate", path)
    assert code == 0, output


def test_validate_with_use_checks_only_the_override_asked_for(scenario: Path) -> None:
    path = _with_overrides(scenario, "  cut: {budget.total: 5}\n  typo: {budget.totl: 5}\n")
    code, output = answer("validate", path, "--use", "cut")
    assert code == 0, output


@pytest.mark.parametrize(("item", "said"), [
    ("overrides={bad: {budget.total: abc}}",
     "override 'bad' (--set overrides={bad: {budget.total: abc}}): budget.total: expected a "
     "number, got 'abc'"),
    ("overrides.bad.budget.totl=5",
     "override 'bad' (--set overrides.bad.budget.totl=5): budget.totl: unknown key 'totl'"),
    ("overrides={bad: {tiers.top.coverage_uplift: 50}}",
     "override 'bad' (--set overrides={bad: {tiers.top.coverage_uplift: 50}}): "
     "tiers.top.coverage_uplift: expected a value of at most 10"),
])
def test_an_override_declared_by_set_is_named_as_the_user_wrote_it(
        scenario: Path, item: str, said: str) -> None:
    """No --use was given: the error names the --set that declared the override."""
    code, output = answer("validate", scenario, "--set", item)
    assert code == 2, output
    output = " ".join(output.split())
    assert said in output and "--use" not in output, output
    code, output = answer("validate", scenario, "--set", item, "--set", "output.language=zh",
                          prefix="错误：")
    assert code == 2 and "调整项“bad”（--set " in output, output


def test_an_override_declared_by_set_may_be_used(scenario: Path) -> None:
    code, output = answer("validate", scenario, "--set", "overrides={cut: {budget.total: 45k}}")
    assert code == 0, output
    code, output = answer("validate", scenario, "--set", "overrides.cut.budget.total=45k",
                          "--use", "cut")
    assert code == 0 and "45,000" in output, output


def test_a_set_refused_by_a_check_of_the_whole_scenario_is_named(scenario: Path) -> None:
    code, output = answer("validate", scenario, "--set", "tiering.thresholds.base=0.5")
    assert code == 2, output
    assert "--set tiering.thresholds.base=0.5: tiering.thresholds: the base tier 'base' " \
           "(the last of tiers) takes no threshold" in " ".join(output.split()), output


@pytest.mark.parametrize(("language", "said"), [
    ("en", "--set offers.mail.eligible_tiers=[platinum]: offers.mail.eligible_tiers: unknown "
           "tier 'platinum'."),
    ("zh", "--set offers.mail.eligible_tiers=[platinum]：offers.mail.eligible_tiers：未知的层级"
           "“platinum”。"),
])
def test_a_check_of_the_whole_scenario_names_its_key_once(scenario: Path, language: str,
                                                          said: str) -> None:
    code, output = answer("validate", scenario, "--set", "offers.mail.eligible_tiers=[platinum]",
                          "--set", f"output.language={language}",
                          prefix="error:" if language == "en" else "错误：")
    assert code == 2, output
    assert said in " ".join(output.split()).replace("： ", "："), output
