"""A number written with a leading + and no % (`+10`) where a change or a value is read:
most likely a missed %, refused with what `+10%` and `10` would each give, in English and
Chinese; `+10%` still changes the scenario's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.errors import UserError
from allocator.scenario import load_scenario
from allocator.scenario.loading import changes_taken
from allocator.sweeps import expand
from tests.builders import world


def scenario(folder: Path) -> Path:
    return world(folder, [{"customer_id": "A"}], risk={"loss_cap": 1500},
                 overrides={"up": {"risk.loss_cap": "+10"}, "ok": {"risk.loss_cap": "+10%"}})


def test_a_set_with_a_plus_and_no_percent_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_scenario(scenario(tmp_path), ["risk.loss_cap=+10"])
    assert str(caught.value) == (
        "--set risk.loss_cap=+10: a leading + without % is no change of the scenario's value; "
        "write +10% to change risk.loss_cap by +10% (1,500 → 1,650), or 10 to set it to 10.")
    assert caught.value.shown("zh") == (
        "--set risk.loss_cap=+10：带“+”号而无“%”不表示对情景取值的变化；如要将 risk.loss_cap "
        "调整 +10%（1,500 → 1,650），请写 +10%；如要将其设为 10，请写 10。")


def test_a_key_without_a_value_is_told_only_the_value(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        load_scenario(scenario(tmp_path), ["risk.capital_cap=+10"])
    assert str(caught.value) == (
        "--set risk.capital_cap=+10: a leading + without % is no change of the scenario's "
        "value, and the scenario gives risk.capital_cap no number to change by +10%; write 10 "
        "to set it to 10.")
    assert caught.value.shown("zh") == (
        "--set risk.capital_cap=+10：带“+”号而无“%”不表示对情景取值的变化，且情景中 "
        "risk.capital_cap 没有可按 +10% 调整的数值；如要将其设为 10，请写 10。")


def test_a_plus_percent_and_a_plain_number_still_set_the_key(tmp_path: Path) -> None:
    path = scenario(tmp_path)
    assert load_scenario(path, ["risk.loss_cap=+10%"]).scenario.risk.loss_cap == 1650
    assert load_scenario(path, ["risk.loss_cap=10"]).scenario.risk.loss_cap == 10
    assert load_scenario(path, use=["ok"]).scenario.risk.loss_cap == 1650


def test_a_named_override_is_refused_alike(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"^override 'up': risk.loss_cap=\+10: a leading \+ "
                                        r"without % .*write \+10% .*\(1,500 → 1,650\), or 10"):
        load_scenario(scenario(tmp_path), use=["up"])


def test_a_named_override_written_unquoted_in_yaml_is_refused_alike(tmp_path: Path) -> None:
    path = tmp_path / "plus.yaml"
    path.write_text(f"extends: {scenario(tmp_path)}\nname: plus\n"
                    "overrides: {more: {risk: {loss_cap: +10}}, fine: {risk.loss_cap: +10%}}\n"
                    "risk: {capital_cap: +20}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"override 'more': risk.loss_cap=\+10: a leading \+"):
        load_scenario(path, use=["more"])
    spec = load_scenario(path, use=["fine"]).scenario  # +20 outside the overrides is 20
    assert (spec.risk.loss_cap, spec.risk.capital_cap) == (1650, 20)


@pytest.mark.parametrize("vary", ["risk.loss_cap=+10,20", "risk.loss_cap=+10:+30:10"])
def test_a_sweep_value_is_refused_alike(tmp_path: Path, vary: str) -> None:
    with pytest.raises(UserError) as caught:
        changes_taken(scenario(tmp_path), expand([vary]))
    assert str(caught.value).startswith(
        "--vary risk.loss_cap: risk.loss_cap=+10: a leading + without % is no change")
    assert "1,500 → 1,650" in caught.value.shown("zh")
    assert changes_taken(scenario(tmp_path), expand(["risk.loss_cap=+10%,-10%"])) == [
        {"risk.loss_cap": 1650}, {"risk.loss_cap": 1350}]
