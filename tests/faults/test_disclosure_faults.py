"""What a scenario or a file it names must never show: the text of a file that is not a
scenario, and live markup or terminal escapes from a scenario's own words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.builders import offer, world
from tests.faults.cli import answer

SECRET = "alice:$6$salt$HASH:19000:0:99999:7:::"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return world(tmp_path / "book", [{"customer_id": "A", "tier_key": 2.0},
                                     {"customer_id": "B"}],
                 offers={"mail": offer(10.0, 1.0)},
                 output={"dir": str(tmp_path / "book" / "reports"), "baselines": False,
                         "steps": False})


def _extending(scenario: Path, base_text: str) -> Path:
    base = scenario.parent / "shadowlike"
    base.write_text(base_text)
    raw = yaml.safe_load(scenario.read_text())
    child = scenario.parent / "child.yaml"
    child.write_text(yaml.safe_dump({"extends": "shadowlike", **raw}, sort_keys=False))
    return child


@pytest.mark.parametrize(("text", "line"), [
    (SECRET + "\nbob:x:1:1:::\n", 1), ("name: base\n" + SECRET + "\n", 2),
    ("- " + SECRET + "\n", 1), ("'" + SECRET + "'\n", 1)])
def test_a_base_file_that_is_no_scenario_is_named_without_its_text(
        scenario: Path, text: str, line: int) -> None:
    code, said = answer("validate", _extending(scenario, text))
    assert code == 2, said
    assert f"shadowlike is not a scenario file (line {line})" in " ".join(said.split())
    assert "alice" not in said and "HASH" not in said and "bob" not in said


def test_a_base_file_of_scenario_sections_still_extends(scenario: Path) -> None:
    code, said = answer("validate", _extending(scenario, "solver:\n  time_limit: 20\n"))
    assert code == 0, said


def test_a_typo_in_the_scenario_itself_still_names_the_key(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    raw["budgte"] = {"total": 1.0}
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("validate", scenario)
    assert code == 2 and "unknown key 'budgte'. Did you mean 'budget'?" in said, said
