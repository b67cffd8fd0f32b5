"""The assumptions box names every limit the scenario sets that shapes the plan, in words with
units: caps (the tiers' shares of the loss cap among them), tier budget floors and caps,
channel capacities, RM moves, RM cost per grade and the offers per customer."""

from __future__ import annotations

from pathlib import Path

from allocator.report.assumptions import Assumed, assumptions_of
from allocator.report.language import Words
from allocator.scenario import load_scenario

DEMO = Path(__file__).parents[1] / "scenarios" / "demo.yaml"


def box(language: str) -> dict[str, str]:
    scenario = load_scenario(DEMO).scenario
    words = Words(language, scenario.labels.names(language))
    rows = assumptions_of(Assumed(scenario, ["demo.yaml"], [], "2026-12-05T10:00:00", []),
                          words)
    return dict(zip(rows["item"], rows["content"], strict=True))


def test_the_box_names_every_limit_of_the_demo_with_units() -> None:
    en = box("en")
    assert en["Caps"] == ("expected loss 1,500 EUR; capital 4,000,000 EUR; expected loss of "
                          "mass at most 60.0% of the loss cap (900 EUR)")
    assert en["Tier budgets"] == "premier at least 15.0% of the budget (6,750 EUR)"
    assert en["Channel capacity"] == "call centre 120 contacts; branch 40 contacts"
    assert en["RM moves"] == "at most 60 customers moved away from their RM"
    assert en["RM cost"] == ("private banker 90,000 EUR a year; wealth RM 70,000 EUR a year; "
                             "premier RM 50,000 EUR a year")
    assert en["Offers per customer"] == ("private at most 2; wealth at most 2; premier at most "
                                         "1; mass at most 1")


def test_the_box_reads_in_chinese() -> None:
    zh = box("zh")
    said = " ".join(zh.values())
    for words in ("损失上限的 60.0%（900 EUR）", "不低于预算的 15.0%（6,750 EUR）", "120 次接触",
                  "最多 60 位客户离开原客户经理", "每年 90,000 EUR", "最多 2 次"):
        assert words in said, (words, said)
    assert {"层级预算", "渠道容量", "客户经理变动", "客户经理成本", "每位客户推荐上限"} <= set(zh)


def test_the_calendar_s_contact_rules_are_said() -> None:
    scenario = load_scenario(DEMO.parent / "demo_calendar.yaml").scenario
    for language, said in (("en", "at most 3 contacts per customer every 91 days"),
                           ("zh", "每位客户每 91 天最多 3 次接触")):
        words = Words(language, scenario.labels.names(language))
        rows = assumptions_of(Assumed(scenario, ["demo_calendar.yaml"], [], "2026-12-05T10:00",
                                      []), words)
        box = dict(zip(rows["item"], rows["content"], strict=True))
        assert box[words("a_contact_rules")] == said
