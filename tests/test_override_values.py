"""An override's values read for people wherever the overrides applied are shown (validate's
lines, summary.md, report.html and plan.xlsx's assumptions box) and where compare sets two
runs' values side by side: a mapping as its entries by their labels (贵宾客户经理 1、财富客户经理
0.9), a section's fields by their names, a list as the language lists names (私人银行、财富管理;
private, wealth), a choice of the schema by its words in the language (可选 → 必选), never a
Python mapping or list, nor an English choice in a Chinese run."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from allocator.report.assumptions import setting_text
from allocator.report.compare_report import difference
from allocator.report.language import Words
from allocator.scenario.overrides import Setting
from tests.builders import world
from tests.test_zh_everywhere import allocate

LABELS = {"zh": {"premier": "贵宾", "private": "私人银行", "wealth": "财富管理",
                 "premium": "尊享服务", "premier_rm": "贵宾客户经理", "wealth_rm": "财富客户经理",
                 "R1": "华北"},
          "en": {"premier": "Premier", "private": "Private", "wealth": "Wealth",
                 "premium": "Premium", "premier_rm": "Premier RM", "wealth_rm": "Wealth RM",
                 "R1": "North"}}
SETTINGS = [
    Setting("--set", "tiers.premier.rm_grades", {"premier_rm": 1.0, "wealth_rm": 0.9},
            {"premier_rm": 1.0, "wealth_rm": 0.8}),
    Setting("--set", "tiers.premier.coverage", "optional", "mandatory"),
    Setting("--set", "solver.method", "auto", "exact"),
    Setting("--set", "packages.premium.tiers", ["private", "wealth"],
            ["private", "wealth", "premier"]),
    Setting("--set", "budget", {"total": 45000}, {"total": 40000}),
    Setting("--set", "rules.add_rms", None, {"premier_rm": {"R1": 1}}),
    Setting("--set", "tiers.premier", {"coverage": "none", "max_offers": 1},
            {"coverage": "optional", "budget_floor_share": 0.15}),
]
SAID = {
    "zh": ["命令行调整：客户经理级别效能（贵宾）由贵宾客户经理 1、财富客户经理 0.9 改为贵宾客户经理 1、"
           "财富客户经理 0.8",
           "命令行调整：客户经理覆盖要求（贵宾）由可选改为必选",
           "命令行调整：求解路径由自动选择改为精确",
           "命令行调整：服务包适用层级（尊享服务）由私人银行、财富管理改为私人银行、财富管理、贵宾",
           "命令行调整：预算由总预算：45,000 EUR 改为总预算：40,000 EUR",
           "命令行调整：新增客户经理由无改为贵宾客户经理（华北 1）",
           "命令行调整：层级设定（贵宾）由客户经理覆盖要求：不配备客户经理、每位客户最多推荐数：1 改为"
           "客户经理覆盖要求：可选、层级预算下限占比：15.0%"],
    "en": ["--set: tiers.premier.rm_grades Premier RM 1, Wealth RM 0.9 → Premier RM 1, "
           "Wealth RM 0.8",
           "--set: tiers.premier.coverage optional → mandatory",
           "--set: solver.method auto → exact",
           "--set: packages.premium.tiers Private, Wealth → Private, Wealth, Premier",
           "--set: budget total budget: 45,000 EUR → total budget: 40,000 EUR",
           "--set: rules.add_rms none → Premier RM (North 1)",
           "--set: tiers.premier coverage: none, max_offers: 1 → coverage: optional, "
           "budget_floor_share: 15.0%"],
}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_each_value_reads_by_its_names_and_words(language: str) -> None:
    words = Words(language, LABELS[language])  # type: ignore[arg-type]
    assert [setting_text(setting, words, "EUR") for setting in SETTINGS] == SAID[language]


@pytest.mark.parametrize(("language", "said"), [
    ("zh", ["私人银行、财富管理", "必选", "否", 0.5, "", "贵宾客户经理 1"]),
    ("en", ["Private, Wealth", "mandatory", "no", 0.5, "", "Premier RM 1"])])
def test_compare_reads_each_runs_value_as_the_overrides_are_read(language: str, said: list[object]
                                                                 ) -> None:
    words = Words(language, LABELS[language])  # type: ignore[arg-type]
    values = [("packages.premium.tiers", '["private", "wealth"]'),
              ("tiers.premier.coverage", "mandatory"), ("output.steps", False),
              ("tiers.premier.coverage_uplift", 0.5), ("risk.loss_cap", ""),
              ("rules.add_rms", '{"premier_rm": 1}')]
    assert [difference(key, value, words) for key, value in values] == said


RAW = re.compile(r"[{\[]'|\b(?:optional|mandatory|none)\b")
"""A Python mapping or list as it prints, or a coverage choice in English."""
MARKUP = re.compile(r"<(style|script)\b.*?</\1>|<[^>]+>", re.DOTALL)
"""A page's markup, styles and scripts: what a reader does not read."""


def _read(text: str) -> str:
    """What a reader reads of a page or a sheet's XML."""
    return MARKUP.sub(" ", text)


def test_a_chinese_run_and_compare_show_the_overrides_in_chinese(tmp_path: Path) -> None:
    """The overrides of a Chinese run by their Chinese names and words, in validate's lines,
    summary.md, report.html and plan.xlsx, and the values compare sets against the plain
    run's."""
    labels = {"tiers": {"top": {"zh": "高端"}, "base": {"zh": "基础"}},
              "grades": {"rm": {"zh": "客户经理甲"}}}
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 labels=labels, output={"dir": str(tmp_path / "reports"), "language": "zh",
                                        "baselines": False, "steps": False})
    sets = ["--set", "tiers.base.coverage=none", "--set", "tiers.top.rm_grades={rm: 0.5}"]
    said = "".join(allocate("validate", str(path), *sets).output.split())
    assert "客户经理覆盖要求（基础）由可选改为不配备客户经理" in said, said
    assert "客户经理级别效能（高端）由客户经理甲1改为客户经理甲0.5" in said, said
    assert allocate("run", str(path)).exit_code == 0
    assert allocate("run", str(path), *sets).exit_code == 0
    plain, changed = sorted(p for p in (tmp_path / "reports" / "world").iterdir() if p.is_dir())
    with zipfile.ZipFile(changed / "plan.xlsx") as book:
        sheets = "".join(book.read(name).decode("utf-8") for name in book.namelist()
                         if name.endswith(".xml"))
    for text in ((changed / "summary.md").read_text(encoding="utf-8"),
                 (changed / "report.html").read_text(encoding="utf-8"), sheets):
        flat = "".join(text.split())
        assert "由可选改为不配备客户经理" in flat and "由客户经理甲1改为客户经理甲0.5" in flat
        assert not RAW.search(_read(text)), RAW.search(_read(text))
    compared = allocate("compare", str(plain), str(changed), "--out", str(tmp_path / "c"),
                        width=300)  # each --set whole on its line
    assert compared.exit_code == 0, compared.output
    page = next((tmp_path / "c" / "compare").iterdir()) / "compare.html"
    for text in (compared.output, page.read_text(encoding="utf-8")):  # the --set as typed
        read = re.sub(r"--set\s+\S+", "", _read(text))  # is what the command line holds
        assert "可选" in read and "不配备客户经理" in read and not RAW.search(read), text
