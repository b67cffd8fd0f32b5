"""What a scenario or a file it names must never show: the text of a file that is not a
scenario, and live markup or terminal escapes from a scenario's own words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.faults.cli import answer

SECRET = "alice:$6$salt$HASH:19000:0:99999:7:::"


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


@pytest.mark.parametrize("where", [("description",), ("labels", "tiers", "base", "en")])
def test_control_characters_in_a_description_or_label_are_refused(scenario: Path,
                                                                  where: tuple[str, ...]) -> None:
    raw = yaml.safe_load(scenario.read_text())
    node = raw
    for key in where[:-1]:
        node = node.setdefault(key, {})
    node[where[-1]] = "desc \x1b]0;pwned\x07\x1b[2J"
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("validate", scenario)
    plain = " ".join(said.split())
    assert code == 2 and f"{'.'.join(where)}: the text holds control characters" in plain, said
    assert plain.count("control characters") == 1 and "\x1b" not in said, said


def test_summary_md_shows_a_description_and_tier_label_as_inert_text(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    raw["description"] = "[d](http://evil.desc) <script>x</script>"
    raw["labels"] = {"tiers": {"base": {"en": "[b](http://evil.tier) <img src=x onerror=1>"}}}
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("run", scenario)
    assert code == 0, said
    [folder] = (scenario.parent / "reports" / "world").iterdir()
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "<script>" not in summary and "<img" not in summary, summary
    assert not re.search(r"(?<!\\)\]\(http", summary), summary
    assert r"[d\](http://evil.desc) &lt;script&gt;x&lt;/script&gt;" in summary
    does = summary.split("### What the plan does")[1].split("### ")[0]
    assert r"[b\](http://evil.tier) &lt;img src=x onerror=1&gt;" in does, does
    checked, said = answer("verify", folder)
    assert checked == 0, said
