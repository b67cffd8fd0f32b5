"""Display labels and ids of any script: a scenario's `labels` name ids per language, ids may
be Chinese wherever a scenario names them, and control characters stay refused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from allocator.book import load_book
from allocator.cli.rich_tables import column_groups
from allocator.errors import UserError
from allocator.report.formats import TERM_COLUMNS
from allocator.report.language import Words
from allocator.report.naming import manifest_words, scenario_words
from allocator.scenario import load_scenario
from tests.builders import offer, offered, solve, world

ROOT = Path(__file__).resolve().parents[1]
Writer = Callable[[str, dict[str, Any]], Path]
CHINESE = {"private": "私人银行", "wealth": "财富", "premier": "贵宾", "mass": "大众"}


def test_chinese_tier_ids_plan_and_offers_go_to_the_tiers_they_name(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0},
                            {"customer_id": "B", "tier_key": 0.0}],
                 name="演示",
                 offers={"理财": offer(100, eligible_tiers=["私人银行"]),
                         "信用卡": offer(10, eligible_tiers=["大众"])})
    raw = yaml.safe_load(path.read_text())
    raw["tiering"]["thresholds"] = {"私人银行": 1.0}
    raw["tiers"] = {"私人银行": {"rm_grades": {"rm": 1.0}, "max_offers": 5},
                    "大众": {"max_offers": 5}}
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False))
    outcome = solve(path)
    assert offered(outcome) == {("A", "理财"), ("B", "信用卡")}
    assert outcome.objective == pytest.approx(110)


def _demo_in_chinese(write_yaml: Writer, **sections: Any) -> Path:
    raw = yaml.safe_load((ROOT / "scenarios" / "demo.yaml").read_text())
    raw["data"]["generate"]["customers"] = 300
    raw["tiering"]["thresholds"] = {CHINESE[k]: v for k, v in raw["tiering"]["thresholds"].items()}
    raw["tiers"] = {CHINESE[k]: v for k, v in raw["tiers"].items()}
    for package in raw["packages"].values():
        if isinstance(package["uplift"], dict):
            package["uplift"] = {CHINESE[k]: v for k, v in package["uplift"].items()}
        if "tiers" in package:
            package["tiers"] = [CHINESE[t] for t in package["tiers"]]
    return write_yaml("demo_cn.yaml", {**raw, **sections})


def test_the_generated_offers_take_the_scenarios_chinese_tiers(write_yaml: Writer) -> None:
    eligible = {"wealth_mandate": ["私人银行", "财富"], "investment_fund": ["私人银行", "财富", "贵宾"],
                "structured_note": ["私人银行", "财富"], "mortgage": ["财富", "贵宾", "大众"],
                "personal_loan": ["贵宾", "大众"]}
    path = _demo_in_chinese(write_yaml, offers={k: {"eligible_tiers": v}
                                                for k, v in eligible.items()})
    book = load_book(load_scenario(path).scenario)
    assert book.offers["mortgage"].eligible_tiers == ["财富", "贵宾", "大众"]
    assert book.offers["mortgage"].margin == 4000  # the generated offer's own fields stay
    unnamed = _demo_in_chinese(write_yaml)  # the generated offers name its tiers by position
    offers = load_book(load_scenario(unnamed).scenario).offers
    assert offers["wealth_mandate"].eligible_tiers == ["私人银行", "财富"]
    assert offers["personal_loan"].eligible_tiers == ["贵宾", "大众"]


def test_labels_name_ids_in_the_runs_language() -> None:
    loaded = load_scenario(ROOT / "scenarios" / "demo_zh.yaml")
    words = scenario_words(loaded.scenario)
    assert words.term("private") == "私人银行"
    assert words.term("premier_rm / R2") == "贵宾客户经理 / 华东"
    assert words.term("credit_card|term_deposit") == "信用卡|定期存款"
    assert words.term("tier_budget_floor [premier]") == "层级预算下限（贵宾）"  # as limits are
    assert words.term("budget [total]; tier_budget_floor [premier]") == "预算（合计）；层级预算下限（贵宾）"
    assert words.term("call_centre") == "呼叫中心"
    assert words.column("premier") == "贵宾"  # a tier's column of the migration matrix
    assert words.reason("aum below 50,000 -> mass") == "资产规模低于 50,000，归入大众"
    assert words.reason("kept in premier: aum >= 45,000 (threshold less 10% hysteresis band)"
                        ) == "保留在贵宾：资产规模 ≥ 45,000（门槛减去 10% 的缓冲带）"
    english = manifest_words({"resolved_scenario": loaded.resolved()}, "en")
    assert english.term("private") == "Private banking" and english.term("budget") == "budget"
    frame = pd.DataFrame({"tier": ["mass", "private"], "offers": [np.nan, "mortgage"],
                          "customers": [3, 4]})
    shown = words.localized(frame, ("tier", "offers", "customers"))
    assert shown["层级"].tolist() == ["大众", "私人银行"]
    assert pd.isna(shown["推荐"].iloc[0]) and shown["推荐"].iloc[1] == "房贷"
    assert shown["客户数"].tolist() == [3, 4]  # a count stays a number
    assert Words().term("private") == "private"


@pytest.mark.parametrize(("labels", "message"), [
    ({"tiers": {"platinum": {"zh": "白金"}}}, "labels.tiers.platinum: unknown tier 'platinum'"),
    ({"packages": {"gold": {"zh": "金"}}}, "labels.packages.gold: unknown package 'gold'"),
    ({"tiers": {"private": {"zh": "私人银行"}}, "grades": {"private": {"zh": "私行"}}},
     "'private' is named '私人银行' under labels.tiers and '私行' under labels.grades"),
    ({"tiers": {"private": {"zh": "私人\x07银行"}}}, "control characters"),
    ({"channels": {"fax": {"zh": "传真"}}}, "labels.channels.fax"),
])
def test_labels_that_name_nothing_or_twice_are_refused(write_yaml: Writer,
                                                       labels: dict[str, Any],
                                                       message: str) -> None:
    raw = yaml.safe_load((ROOT / "scenarios" / "demo.yaml").read_text())
    path = write_yaml("s.yaml", {**raw, "labels": labels})
    with pytest.raises(UserError, match=message.replace("[", r"\[").replace(".", r"\.")):
        load_scenario(path)


def test_ids_with_control_characters_are_refused(write_yaml: Writer) -> None:
    raw = yaml.safe_load((ROOT / "scenarios" / "demo.yaml").read_text())
    raw["offers"] = {"bad\x1bid": {"margin": 1}}
    with pytest.raises(UserError, match="offers: the id 'bad\\\\x1bid' holds control"):
        load_scenario(write_yaml("s.yaml", raw))


def test_a_wide_table_folds_into_tables_that_fit() -> None:
    assert column_groups([5, 30, 30, 30], 80) == [[0, 1, 2], [0, 3]]
    assert column_groups([5, 10], 80) == [[0, 1]]
    assert column_groups([90, 90], 80) == [[0, 1]]  # one column beside the first, at least


def test_package_steps_and_identities_read_in_words() -> None:
    words = Words("zh", {"premier": "贵宾", "basic": "基础服务", "enhanced": "增强服务"})
    frame = pd.DataFrame({"step_packages": ["premier: basic -> enhanced", ""],
                          "identity": [True, False]})
    shown = words.localized(frame, TERM_COLUMNS)
    assert shown["上调后服务包变化"].tolist() == ["贵宾：基础服务 → 增强服务", ""]
    assert shown["恒等式"].tolist() == ["是", "否"]
