"""A Chinese run names the engine's standard ids in Chinese where the scenario labels none;
the shipped real scenarios name their countries."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from allocator.report.language import Words
from allocator.scenario import load_scenario

REAL = Path(__file__).resolve().parents[1] / "scenarios" / "real"


def test_standard_ids_have_chinese_names_that_a_label_overrides() -> None:
    zh = Words("zh")
    assert [zh.term(i) for i in ("private", "enhanced", "premier_rm", "letter")] == [
        "私人银行", "增强服务", "贵宾客户经理", "信函"]
    assert zh.term("premier_rm / France") == "贵宾客户经理 / France"
    assert zh.column("wealth") == "财富管理"  # a tier's column of the migration matrix
    assert Words("zh", {"private": "私行"}).term("private") == "私行"
    assert Words().term("private") == "private" and Words().labels == {}
    matrix = pd.DataFrame({"private": [1], "mass": [2]})
    assert zh.headers(matrix) == ["私人银行", "大众"]


def test_the_real_scenarios_name_their_countries_in_chinese() -> None:
    names = load_scenario(REAL / "bank_churn.yaml").scenario.labels.names("zh")
    assert {names[k] for k in ("France", "Germany", "Spain")} == {"法国", "德国", "西班牙"}
    words = Words("zh", names)
    assert words.term("premier_rm / France") == "贵宾客户经理 / 法国"
    for name, region in (("bank_marketing", "PT"), ("cdnow", "US"), ("credit_default", "TW")):
        assert region in load_scenario(REAL / f"{name}.yaml").scenario.labels.names("zh")
