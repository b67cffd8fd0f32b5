"""Named overrides carry a display name per language: a run made with them and no `--label`
is labelled by those names; a scenario with none says how to declare one; a language given
with `--set` speaks from the first error on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from allocator.errors import AllocatorError, UserError
from allocator.report.language import Words
from allocator.report.naming import scenario_words
from allocator.scenario.loading import load_scenario
from tests.conftest import tiny_scenario

SCENARIOS = Path(__file__).parent.parent / "scenarios"


def test_a_run_with_named_overrides_and_no_label_is_labelled_by_their_names() -> None:
    zh = load_scenario(SCENARIOS / "demo_zh.yaml", use=["budget_cut", "more_premier_rms"])
    assert zh.scenario.output.label == "预算削减 10% + 增加 5 名贵宾客户经理"
    en = load_scenario(SCENARIOS / "demo.yaml", use=["budget_cut"])
    assert en.scenario.output.label == "Budget −10%"
    named = load_scenario(SCENARIOS / "demo.yaml", ["output.label=Cut"], use=["budget_cut"])
    assert named.scenario.output.label == "Cut"
    assert load_scenario(SCENARIOS / "demo.yaml").scenario.output.label is None


def test_an_override_is_shown_by_its_name_in_the_reports_language() -> None:
    loaded = load_scenario(SCENARIOS / "demo_zh.yaml", use=["more_premier_rms"])
    assert scenario_words(loaded.scenario).term("more_premier_rms") == "增加 5 名贵宾客户经理"
    assert Words("zh").term("more_premier_rms") == "more_premier_rms"


def test_use_on_a_scenario_without_overrides_says_how_to_declare_one() -> None:
    with pytest.raises(AllocatorError) as caught:
        load_scenario(SCENARIOS / "real" / "berka.yaml", use=["nosuch"])
    assert "declares no named overrides; declare one under 'overrides:'" in str(caught.value)
    assert "Known: -" not in str(caught.value)
    with pytest.raises(AllocatorError) as caught:
        load_scenario(SCENARIOS / "real" / "berka.yaml", ["output.language=zh"], ["nosuch"])
    assert "本情景未声明任何命名调整项" in caught.value.shown()


def test_a_language_set_on_the_command_line_speaks_for_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AllocatorError) as caught:
        load_scenario(tmp_path / "nope_zh.yaml", ["output.language=zh"])
    assert "情景文件不存在" in caught.value.shown()


def test_an_override_without_a_name_labels_the_run_after_the_scenario(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(f"extends: {SCENARIOS / 'demo.yaml'}\nname: plain\n"
                    "overrides: {tight: {budget.total: 40000}}\n", encoding="utf-8")
    assert load_scenario(path, use=["tight"]).scenario.output.label == "plain + tight"
    both = load_scenario(path, use=["more_premier_rms", "tight"]).scenario.output.label
    assert both == "plain + 5 more premier RMs + tight"


@pytest.mark.parametrize(("sets", "use", "origin"), [
    (["tiers.welth.max_offers=2"], [], r"--set tiers\.welth\.max_offers=2"),
    (["overrides={few: {tiers.welth.max_offers: 2}}"], ["few"], r"override 'few'")])
def test_an_override_naming_a_tier_the_file_lacks_is_refused_by_its_name(
        write_yaml: Callable[[str, dict[str, Any]], Path], sets: list[str], use: list[str],
        origin: str) -> None:
    # a misspelt tier was read as a new one, and blamed on the file's thresholds
    path = write_yaml("s.yaml", tiny_scenario())
    with pytest.raises(UserError, match=origin + r".*tiers\.welth: no tier 'welth' in the "
                                        r"scenario file\. Did you mean 'wealth'\?"):
        load_scenario(path, sets, use)
