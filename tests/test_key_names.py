"""Every key of the scenario has a Chinese name, the ids it holds by their labels, and so has
each section and mapping an override may give whole: a Chinese comparison names each scenario
value that differs in Chinese, and the overrides applied each key they set; an English one
shows the keys as typed, a long key wrapped at 80 columns between its parts, never inside a
word."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from allocator.cli import consoles
from allocator.cli.rich_tables import print_frame
from allocator.compare_kpis import input_diff
from allocator.report.assumptions import setting_text
from allocator.report.compare_report import shown_inputs, translated
from allocator.report.key_names_zh import KEY_NAMES_ZH
from allocator.report.language import Words
from allocator.scenario.loading import load_scenario
from allocator.scenario.schema import Scenario
from tests.conftest import DEMO


def key_shapes(annotation: Any, prefix: str = "") -> Iterator[str]:
    """Every key a run's resolved scenario may hold, as a comparison reads them (its sections
    and mappings opened down to their values) and as an override may give them (a section or
    a mapping whole), `*` for an id the scenario chooses."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Annotated:
        yield from key_shapes(args[0], prefix)
    elif origin in (typing.Union, types.UnionType):
        for arg in args:
            if arg is not type(None):
                yield from key_shapes(arg, prefix)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if prefix:
            yield prefix.removesuffix(".")
        for name, info in annotation.model_fields.items():
            yield from key_shapes(info.annotation, f"{prefix}{name}.")
    elif origin is dict:
        yield prefix.removesuffix(".")
        yield from key_shapes(args[1], f"{prefix}*.")
    else:
        yield prefix.removesuffix(".")


SHAPES = list(dict.fromkeys(key_shapes(Scenario)))


def test_every_key_of_the_scenario_is_named_in_chinese_its_ids_by_their_labels() -> None:
    words = Words("zh", {"x1": "某项"})
    assert len(SHAPES) > 230  # tiers.*.rm_grades.*, tiers.*, tiering, labels.*...
    for shape in SHAPES:
        name = words.key(shape.replace("*", "x1"))
        assert not re.search(r"[A-Za-z]", name), (shape, name)
        assert name.count("某项") == shape.split(".").count("*"), (shape, name)
    assert set(KEY_NAMES_ZH) <= set(SHAPES)  # no name of a key the scenario does not have


WHOLE = ["tiers.premier.rm_grades={premier_rm: 1}", "tiering.thresholds={private: 5e6, "
         "wealth: 5e5, premier: 4e4}", "rules.channel_capacity={call_centre: 100}",
         "objective.soft={budget: 3}", "budget={total: 40000}", "tiers.mass={coverage: none}"]
"""Overrides that give a mapping or a section whole."""


@pytest.mark.parametrize(("language", "said"), [
    ("zh", ["客户经理级别效能（贵宾）", "分层门槛", "渠道容量", "软约束罚金", "预算", "层级设定（大众）"]),
    ("en", ["tiers.premier.rm_grades", "tiering.thresholds", "rules.channel_capacity",
            "objective.soft", "budget", "tiers.mass"]),
])
def test_an_override_of_a_mapping_or_a_section_whole_names_its_key(language: str,
                                                                   said: list[str]) -> None:
    words = Words(language, {"premier": "贵宾", "mass": "大众"} if language == "zh" else {})
    texts = [setting_text(setting, words) for setting in load_scenario(DEMO, WHOLE).settings]
    opening = {"zh": "命令行调整：", "en": "--set: "}[language]
    assert [text.removeprefix(opening).split(" ")[0].split("由")[0] for text in texts] == said


def scenario(seed: int, hysteresis: float, effect: float, cost: float, bonus: float,
             calls: int, encoding: str, applied: list[str]) -> dict[str, object]:
    return {"applied": applied, "resolved_scenario": {
        "data": {"generate": {"seed": seed}, "customers": {"encoding": encoding}},
        "tiering": {"hysteresis": hysteresis},
        "tiers": {"wealth": {"rm_grades": {"private_banker": effect}}},
        "packages": {"enhanced": {"cost_per_customer": cost}},
        "rules": {"continuity": {"bonus": bonus}, "channel_capacity": {"call_centre": calls}}}}


KEYS = ["data.generate.seed", "data.customers.encoding", "tiering.hysteresis",
        "tiers.wealth.rm_grades.private_banker", "packages.enhanced.cost_per_customer",
        "rules.continuity.bonus", "rules.channel_capacity.call_centre"]
NAMES_ZH = ["生成客户群的随机种子", "客户表文本编码", "分层缓冲带",
            "客户经理级别效能（财富管理/私人银行家）", "服务包每位客户成本（增强服务）",
            "保留原客户经理的价值加成", "渠道容量（呼叫中心）"]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_scenario_values_that_differ_are_named_and_wrapped_whole(
        monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    sets = [f"--set {key}={value}" for key, value in zip(KEYS, (8, "utf-8", 0.05, 1.2, 30,
                                                                 0.03, 100), strict=True)]
    inputs = input_diff((scenario(7, 0.1, 1.1, 25, 0.02, 120, "auto", []),
                         scenario(8, 0.05, 1.2, 30, 0.03, 100, "utf-8", sets)),
                        ("demo 2026-12-07 17:41 UTC (A)", "demo 2026-12-07 17:41 UTC (B)"))
    assert inputs["key"].tolist() == ["applied", *KEYS]  # the --set make the table narrow
    words = Words(language)  # type: ignore[arg-type]
    monkeypatch.setattr(consoles.console, "_width", 80)
    with consoles.console.capture() as captured:
        print_frame(translated(shown_inputs(inputs), words, values=True),
                    words("compare_inputs"), words)
    lines = captured.get().splitlines()
    if language == "zh":
        flat = "".join("".join(line.split("│")[1].split()) for line in lines
                       if line.startswith("│"))  # the key column, its lines joined
        assert [name for name in NAMES_ZH if name not in flat] == []
        assert [key for key in KEYS if key.split(".")[-1] in flat] == []
    else:  # each part of a key whole on a line: tiers.wealth.rm_grades. / private_banker
        assert [part for key in KEYS for part in key.split(".")
                if not any(part in line for line in lines)] == []
