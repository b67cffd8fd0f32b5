"""`--set` and named overrides in the units people use: 45k, 1.2m, 4.5e4, -10% of the scenario's
value; errors name the key and the accepted forms, never a class of the code."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.errors import UserError
from allocator.scenario import load_scenario
from allocator.scenario.errors import holds_rate
from allocator.scenario.overrides import Setting
from allocator.sweeps import parse_vary
from tests.builders import world


def scenario(folder: Path) -> Path:
    return world(folder, [{"customer_id": "A"}], budget={"total": 45000},
                 risk={"loss_cap": 1500},
                 overrides={"cut": {"budget.total": "-10%"}, "cap": {"risk.loss_cap": "2k"}})


@pytest.mark.parametrize(("text", "total"), [
    ("45k", 45000), ("1.2m", 1_200_000), ("2bn", 2e9), ("4.5e4", 45000), ("4.5E4", 45000),
    ("-10%", 40500), ("+10%", 49500), ("-12.5%", 39375), ("45_000", 45000), ("45000", 45000),
    ("1,000", 1000), ("45,000.5", 45000.5), ("1,200k", 1_200_000),
])
def test_a_budget_in_business_units(tmp_path: Path, text: str, total: float) -> None:
    spec = load_scenario(scenario(tmp_path), [f"budget.total={text}"]).scenario
    assert spec.budget.total == pytest.approx(total)


def test_a_percentage_is_of_the_scenario_files_value(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    assert load_scenario(path, use=["cut"]).scenario.budget.total == pytest.approx(40500)
    assert load_scenario(path, use=["cap"]).scenario.risk.loss_cap == pytest.approx(2000)
    # of the file's 45,000, not of what the sweep point set (a --set beside a named override
    # of its key is refused)
    point = load_scenario(path, ["budget.total=-50%"], point={"budget.total": 30000})
    assert point.scenario.budget.total == pytest.approx(22500)


@pytest.mark.parametrize("order", [("--use", "cap", "--set", "budget.total=-10%"),
                                   ("--set", "budget.total=-10%", "--use", "cap")])
def test_either_order_on_the_command_line_gives_the_same_budget(
        tmp_path: Path, order: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, ["validate", str(scenario(tmp_path)), "--show", *order])
    assert result.exit_code == 0, result.output
    assert "total: 40500.0" in result.output
    assert "loss_cap: 2000.0" in result.output


def test_the_settings_name_each_override_and_the_value_before(tmp_path: Path) -> None:
    loaded = load_scenario(scenario(tmp_path), ["budget.total=-10%", "solver.seed=3"],
                           use=["cap"])
    assert loaded.settings == (
        Setting("cap", "risk.loss_cap", 1500, 2000),
        Setting("--set", "budget.total", 45000, 40500),
        Setting("--set", "solver.seed", 0, 3),  # the file gives none: the default
    )


def test_an_override_a_set_declares_is_listed_only_as_used(tmp_path: Path) -> None:
    # a --set of `overrides` sets nothing itself: listed as the override it declares, once
    # used, not as "overrides.fast.budget.total (not set) -> -10%" beside it
    loaded = load_scenario(scenario(tmp_path), ["overrides={fast: {budget.total: -10%}}"],
                           use=["fast"])
    assert loaded.settings == (Setting("fast", "budget.total", 45000, 40500),)
    assert load_scenario(scenario(tmp_path), ["overrides={fast: {budget.total: -10%}}"]
                         ).settings == ()


@pytest.mark.parametrize(("text", "message"), [
    ("budget.total=10%", r"budget.total=10%: a percentage is a change .* needs a sign"),
    ("risk.capital_cap=-10%", r"^--set risk.capital_cap=-10%: the scenario gives "
                              r"risk.capital_cap no value"),  # the key said once
    ("budget.total=abc", r"budget.total: .*expected a number.*write a number \(45000, 45k, 1.2m"),
    ("budget=40500", r"budget: a section of keys, not one value; give one of its keys "
                     r"\(total\), e.g. budget.total="),
])
def test_a_bad_amount_names_the_key_and_the_forms(tmp_path: Path, text: str,
                                                  message: str) -> None:
    with pytest.raises(UserError, match=message) as caught:
        load_scenario(scenario(tmp_path), [text])
    assert "Section" not in str(caught.value)


def test_a_rate_takes_a_plain_percentage(tmp_path: Path) -> None:
    spec = load_scenario(scenario(tmp_path), ["objective.discount_rate=8%", "solver.gap=0.5%",
                                              "tiers.top.budget_floor_share=15%",
                                              "tiers.top.retention=90%",
                                              "packages.gold.uplift.top=2%"]).scenario
    assert spec.objective.discount_rate == pytest.approx(0.08)
    assert spec.solver.gap == pytest.approx(0.005)
    assert spec.tiers["top"].budget_floor_share == pytest.approx(0.15)
    assert spec.tiers["top"].retention == pytest.approx(0.9)
    assert spec.packages["gold"].uplift == {"top": pytest.approx(0.02)}


@pytest.mark.parametrize(("loc", "rate"), [
    (("objective", "discount_rate"), True), (("solver", "gap"), True),
    (("tiers", "top", "loss_cap_share"), True), (("offers", "o", "propensity", "top"), True),
    (("packages", "p", "uplift"), True), (("budget", "total"), False),
    (("rules", "continuity", "max_reassignments"), False), (("offers", "o", "cost"), False),
    (("objective", "ratex"), False), (("tiers", "top", "hours_per_customer"), False),
])
def test_the_schema_says_which_keys_hold_a_rate(loc: tuple[str, ...], rate: bool) -> None:
    assert holds_rate(loc) is rate


def test_text_keys_keep_text_that_looks_like_an_amount(tmp_path: Path) -> None:
    assert load_scenario(scenario(tmp_path), ["name=1m"]).scenario.name == "1m"


def test_vary_ranges_and_lists_take_the_units() -> None:
    assert parse_vary("budget.total=40k:50k:5k") == ("budget.total", [40000, 45000, 50000])
    assert parse_vary("budget.total=1.2m,4.5e4") == ("budget.total", [1_200_000, 45000])

