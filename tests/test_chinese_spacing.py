"""Chinese writes no space between two Chinese words nor after a mark, and one between Chinese
and a number or a Latin word: a message's field holding a Chinese name meets its words closed
up, an id or a number keeps its space, a path its spaces; phrases joined and limits named in
code alike. English reads as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.errors import catalogued
from allocator.report.language import Words
from tests.test_decomposition import scaled
from tests.test_parts import partitioned_book
from tests.test_zh_everywhere import allocate, folder_in, markdown_text, spaced, visible_text

LABELS = {"premier_rm": "贵宾客户经理", "R2": "华东"}
"""Chinese names of some ids; the others stay as they are (R3)."""
SETTING = {"source": "命令行调整"}


@pytest.mark.parametrize(("message", "fields", "said"), [
    ("package_item", {"tier": "贵宾", "package": "尊享服务"}, "贵宾层为尊享服务"),
    ("package_item", {"tier": "贵宾", "package": "basic"}, "贵宾层为 basic"),
    ("of_which", {"part": "华东"}, "其中华东"),
    ("of_which", {"part": "R3"}, "其中 R3"),
    ("a_setting", SETTING | {"key": "测算跃变", "before": "是", "after": "否"},
     "命令行调整：测算跃变由是改为否"),
    ("a_setting", SETTING | {"key": "总预算", "before": "45,000 EUR", "after": "（未设置）"},
     "命令行调整：总预算由 45,000 EUR 改为（未设置）"),
    ("a_setting", SETTING | {"key": "output.language", "before": "en", "after": "zh"},
     "命令行调整：output.language 由 en 改为 zh"),
    ("a_setting", SETTING | {"key": "服务包价值提升（增强服务 / 贵宾）", "before": "1.5%",
                             "after": "2.0%"},
     "命令行调整：服务包价值提升（增强服务 / 贵宾）由 1.5% 改为 2.0%"),
    ("of_which", {"part": "贵宾客户经理 / R1"}, "其中贵宾客户经理 / R1")])
def test_a_field_meets_chinese_words_as_chinese_writes_them(
        message: str, fields: dict[str, str], said: str) -> None:
    """A Chinese name closed up to the message's words; an id, a key or a number a space
    apart, as a mark is from nothing."""
    assert Words("zh")(message, **fields) == said
    assert Words("en")("of_which", part="华东") == "of which 华东"  # English as written


def test_a_path_keeps_its_spaces() -> None:
    """Where a path ends is for the reader to see, in Chinese too."""
    assert Words("zh")("base_run", folder="/tmp/报告") == "运行 /tmp/报告 的方案"
    assert Words("zh")("verify_violations", folder=Path("报告"), count=2) == "报告 中有 2 处违反"
    assert Words("zh")("base_run", folder="报告/方案") == "运行 报告/方案 的方案"


def test_a_key_or_option_keeps_its_spaces_as_a_latin_word_does() -> None:
    """A key ending in a grade's Chinese name is code, bounded as Latin is: it kept no space
    before the next word (rules.add_rms.贵宾客户经理与 --vary)."""
    key = "rules.add_rms.贵宾客户经理"
    chinese = catalogued("vary_and_set", given=f"{key}=2", key=key)[1]
    assert chinese.startswith(f"情景分析：--set {key}=2 与 --vary {key} 都给出了 {key}；")
    english = catalogued("vary_and_set", given=f"{key}=2", key=key)[0]
    assert english.startswith(f"sweep: --set {key}=2 and --vary {key} both give {key};")
    assert Words("zh")("of_which", part="华东") == "其中华东"  # a name closes up as before


def test_phrases_and_limits_joined_in_code() -> None:
    zh, en = Words("zh", LABELS), Words("en")
    assert zh.joined("呼叫中心", "上限", "40") == "呼叫中心上限 40"
    assert en.joined("call centre", "capacity", "40") == "call centre capacity 40"
    assert zh.joined("尚未证明。", "RM00012", "（重新求解）") == "尚未证明。RM00012（重新求解）"
    assert zh.limit("rm_capacity", "premier_rm / R2") == "客户经理工时（贵宾客户经理 / 华东）"
    assert en.limit("rm_capacity", "premier_rm / R2") == "RM hours premier RM / R2"
    assert zh.limit("budget", "total") == "预算（合计）"


@pytest.fixture(scope="module")
def in_parts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A Chinese run of the demo's book in parts (the decomposition's path), its ids without
    Chinese names (R1, RM00012): its terminal, summary.md and report.html."""
    folder = tmp_path_factory.mktemp("parts")
    loaded = partitioned_book(folder / "book", 1200, 5)
    sets = [s for s in scaled(1200, 5) if not s.startswith("data.")]
    ran = allocate("run", str(loaded.path), "--set", "output.language=zh", "--set",
                   f"output.dir={folder / 'out'}", "--set", "execution.book=parts",
                   *(arg for setting in sets for arg in ("--set", setting)))
    assert ran.exit_code == 0, ran.output
    run = folder_in(ran.output)
    return {"run": ran.output, "summary.md": markdown_text(run / "summary.md"),
            "report.html": visible_text((run / "report.html").read_text(encoding="utf-8"))}


def test_a_chinese_run_in_parts_writes_no_space_chinese_does_not(in_parts: dict[str, str]
                                                                 ) -> None:
    found = {name: spaced(text) for name, text in in_parts.items()}
    assert not {name: said for name, said in found.items() if said}, found
    assert "（分解，" in in_parts["run"]
    assert "区域 R1" in in_parts["summary.md"]  # an id a space apart from Chinese
