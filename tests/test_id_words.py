"""A Chinese run names the engine's standard ids in Chinese where the scenario labels none;
the shipped real scenarios name their countries."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

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


@pytest.mark.long
def test_a_chinese_run_of_bank_churn_shows_no_english_id(tmp_path: Path) -> None:
    """The real book in Chinese without labels of its tiers, packages or grades: the engine's
    names for them, the scenario's for the countries and offers."""
    from allocator import api
    from tests.test_zh_everywhere import visible_text

    run = api.run(REAL / "bank_churn.yaml", sets=["output.language=zh",
                                                   "data.dataset.sample=2000"],
                  output=tmp_path)
    page = visible_text((run.folder / "report.html").read_text(encoding="utf-8"))
    text = f"{page}\n{(run.folder / 'summary.md').read_text(encoding='utf-8')}"
    ids = ("private", "wealth", "premier", "mass", "basic", "enhanced", "premium",
           "private_banker", "wealth_rm", "premier_rm", "France", "Germany", "Spain",
           "savings_plan", "retention_call", "credit_card", "call_centre", "email")
    words = set(re.findall(r"(?<![\w-])[A-Za-z_]+(?![\w-])", text))
    assert not words & set(ids), words & set(ids)
    assert "法国" in text and "私人银行" in text
