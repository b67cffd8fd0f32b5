"""A Chinese run's errors are Chinese: every error a user meets on a Chinese scenario or run
folder (a bad --set, an unknown key, an unknown customer, a run with no plan, a folder that is
no run, a missing data file, a bad value, what must give) is told in Chinese, and no scenario
error speaks the validation library's words in either language."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from allocator import exact_path
from allocator.backends import SolveResult, Status
from allocator.backends.reasons import reason, reason_words, why_ended
from allocator.checks.ledger import Violation
from allocator.decomposition.parts import search as parts_search
from allocator.decomposition.repair import queue as repair_queue
from allocator.errors import UserError
from allocator.no_plan import rejected_plan
from allocator.report.error_words import ERROR_MESSAGES
from allocator.scenario import load_scenario
from tests.builders import offer, world
from tests.conftest import unwrapped
from tests.test_zh_everywhere import allocate, english_words

LABELS = {"tiers": {"top": {"zh": "顶层", "en": "Top"}, "base": {"zh": "基础", "en": "Base"}}}
CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”|'[^']*'")


def zh_world(folder: Path, **sections: Any) -> Path:
    """A two-customer book whose reports are in Chinese (`sections` replace its own)."""
    customers = [{"customer_id": "C1", "tier_key": 2.0}, {"customer_id": "C2"}]
    given = {"offers": {"card": offer(10.0, 1.0)}, "budget": {"total": 100.0},
             "labels": LABELS, "output": {"language": "zh", "dir": str(folder / "reports")}}
    return world(folder, customers, **{**given, **sections})


@pytest.fixture(scope="module")
def zh_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Chinese scenario, its planned run, and an infeasible run's folder."""
    folder = tmp_path_factory.mktemp("zh")
    scenario = zh_world(folder / "ok")
    planned = allocate("run", str(scenario))
    assert planned.exit_code == 0, planned.output
    floors = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "max_offers": 5,
                      "budget_floor_share": 0.5},
              "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5}}
    infeasible = zh_world(folder / "infeasible", tiers=floors)
    failed = allocate("run", str(infeasible))
    assert failed.exit_code == 1, failed.output
    return {"scenario": scenario, "run": _only_run(folder / "ok"),
            "infeasible": _only_run(folder / "infeasible"), "infeasible_scenario": infeasible}


def _only_run(folder: Path) -> Path:
    (run,) = (folder / "reports" / "world").iterdir()
    return run


def _chinese_error(*args: str, typed: tuple[str, ...] = ()) -> str:
    """The command's error, its wrapped lines joined again (unwrapped), checked to be Chinese;
    `typed` are the user's own words, which the message may repeat."""
    result = allocate(*args)
    assert result.exit_code != 0, result.output
    said = unwrapped(result.output)
    text = QUOTED.sub(" ", said)  # ids and values the user wrote, quoted as written
    for word in typed:
        text = text.replace(word, " ")
    assert CJK.search(text), text
    assert not english_words(text), text
    return said


def test_a_bad_set_on_a_chinese_scenario_is_told_in_chinese(zh_runs: dict[str, Path]) -> None:
    scenario = str(zh_runs["scenario"])
    said = _chinese_error("run", scenario, "--set", "budget.total=abc", )
    assert "错误" in said and "应为数字" in said
    said = _chinese_error("run", scenario, "--set", "budget.totl=5", typed=("total",))
    assert "未知的键" in said
    _chinese_error("validate", scenario, "--set", "tiers.top.max_offers=-1")
    _chinese_error("validate", scenario, "--set", "output", typed=("output",))
    _chinese_error("validate", scenario, "--use", "nope", typed=("nope", "overrides"))
    _chinese_error("sweep", scenario, "--vary", "budget.total")
    _chinese_error("sweep", scenario, "--vary", "budget.total=1:0:1")


def test_run_folder_errors_of_a_chinese_run_are_chinese(zh_runs: dict[str, Path]) -> None:
    said = _chinese_error("explain", str(zh_runs["run"]), "NOBODY")
    assert "没有客户" in said
    _chinese_error("compare", str(zh_runs["run"]), str(zh_runs["scenario"].parent))
    _chinese_error("compare", str(zh_runs["run"]), str(zh_runs["infeasible"]))


def test_a_missing_data_file_and_what_must_give_are_chinese(zh_runs: dict[str, Path],
                                                           tmp_path: Path) -> None:
    scenario = zh_world(tmp_path)
    (tmp_path / "customers.csv").unlink()
    said = _chinese_error("validate", str(scenario))
    assert "文件不存在" in said
    said = _chinese_error("run", str(zh_runs["infeasible_scenario"]), typed=("world",))
    assert "预算下限" in said


def test_problems_in_the_data_are_chinese(tmp_path: Path) -> None:
    scenario = zh_world(tmp_path)
    customers = tmp_path / "customers.csv"
    customers.write_text(customers.read_text().replace("R,0.0,0.0,5,0.0,0.0,C2",
                                                             "R,abc,0.0,5,0.0,0.0,C2"))
    said = _chinese_error("validate", str(scenario), typed=("aum",))
    assert "数据中有 1 处问题" in said and "不是数字" in said


def test_validate_findings_are_chinese_and_name_grades_and_regions_by_label(
        tmp_path: Path) -> None:
    scenario = zh_world(tmp_path, rms=[{"rm_id": "R1", "grade": "senior", "region": "R",
                                        "capacity_hours": 100}])
    text = scenario.read_text(encoding="utf-8").replace("labels:", "labels:\n  grades: "
                                                        "{senior: {zh: 高级客户经理}, rm: {zh: "
                                                        "客户经理}}\n  regions: {R: {zh: 全国}}", 1)
    scenario.write_text(text, encoding="utf-8")
    said = _chinese_error("validate", str(scenario))
    assert "高级客户经理" in said and "全国" in said and "警告" in said


def test_chinese_words_are_joined_without_spaces(zh_runs: dict[str, Path]) -> None:
    book = load_workbook(zh_runs["run"] / "plan.xlsx", read_only=True)
    try:
        cells = [value for row in book["摘要"].iter_rows(values_only=True) for value in row]
    finally:
        book.close()
    assert "精确（highs）" in cells, cells


def test_an_english_scenario_keeps_english_errors(tmp_path: Path) -> None:
    scenario = world(tmp_path, [{"customer_id": "C1"}])
    result = allocate("validate", str(scenario), "--set", "budget.totl=5")
    assert result.exit_code == 2
    assert result.output.startswith("error: ") and "unknown key 'totl'" in result.output


BAD_FRAGMENTS: list[tuple[str, ...]] = [
    ("tiers=5",), ("budget=5",), ("budget.total=-5",), ("budget.total=abc",),
    ("budget.total=[1, 2]",), ("budget.totl=5",), ("solver.threads=0",),
    ("solver.threads=1.5",), ("solver.gap=yes",), ("output.language=fr",),
    ("output.steps=maybe",), ("tiering.method=nope",), ("tiering=5",), ("tiers.top=5",),
    ("tiers.top.max_offers=abc",), ("tiers.top.coverage=always",), ("name=[1]",),
    ("offers.card.propensity=2",), ("offers.card.channel=pigeon",), ("labels=5",),
    ("data.customers=5",), ("tiers.top.rm_grades=[1]",), ("solver.time_limit=-1",),
]
"""Bad values a scenario may be given, each from the command line."""
LIBRARY_WORDS = re.compile(r"Input should|pydantic|dictionary|Value error|Extra inputs"
                           r"|\b[A-Z][a-z]+(?:Section|Spec|Model|Rule)\b|_type\b|_parsing\b")
"""The validation library's wording, and the names of the scenario's classes."""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_scenario_errors_speak_plain_words(tmp_path: Path, language: str) -> None:
    scenario = zh_world(tmp_path)
    for fragment in BAD_FRAGMENTS:
        with pytest.raises(UserError) as caught:
            load_scenario(scenario, [*fragment, f"output.language={language}"]
                          if "language" not in fragment[0] else fragment)
        said = caught.value.shown(language)
        assert not LIBRARY_WORDS.search(said), (fragment, said)
        assert language == "en" or CJK.search(said.split("\n", 1)[1]), (fragment, said)
        key, value = fragment[0].split("=")
        assert key.split(".")[0] in said, (fragment, said)  # the key, and the value given
        assert value in said or "totl" in key, (fragment, said)


def test_every_error_message_has_both_languages() -> None:
    for key, (english, chinese) in ERROR_MESSAGES.items():
        assert english.strip(), key
        assert CJK.search(chinese) or not re.search(r"[A-Za-z]{3}", english), key


def test_a_refused_database_query_is_chinese(tmp_path: Path) -> None:
    scenario = zh_world(tmp_path)
    database = tmp_path / "book.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE TABLE rms AS SELECT * FROM read_csv_auto(?)",
                    [str(tmp_path / "rms.csv")])
    _source_of_rms(scenario, {"database": str(database), "query": "COPY rms TO 'out.csv'"})
    said = _chinese_error("validate", str(scenario),  # the source as the scenario gives it
                          typed=("（查询：COPY rms TO", "SELECT", "COPY"))
    assert "不允许 COPY 语句" in said
    _source_of_rms(scenario, {"query": "SELECT * FROM rms"})
    said = _chinese_error("validate", str(scenario),
                          typed=("（查询：SELECT * FROM rms）", "PostgreSQL", "ALLOCATOR_DB_URL",
                                 "URL"))
    assert "没有给出服务器地址" in said and "--db-url" in said


def _source_of_rms(scenario: Path, source: dict[str, str]) -> None:
    """The scenario, its RM table read by `source`."""
    written = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    written["data"]["rms"] = source
    scenario.write_text(yaml.safe_dump(written, allow_unicode=True, sort_keys=False), encoding="utf-8")


def test_a_missing_column_is_chinese_and_names_a_close_one(tmp_path: Path) -> None:
    scenario = zh_world(tmp_path)
    rms = tmp_path / "rms.csv"
    rms.write_text(rms.read_text().replace("capacity_hours", "capacity_hour"))
    said = _chinese_error("validate", str(scenario),  # the file's own header
                          typed=("rm_id", "grade", "region", "capacity_hour"))
    assert "缺少必需的字段" in said and "capacity_hour" in said and "您是否想写" in said
    english = allocate("validate", str(scenario), "--set", "output.language=en")
    assert "missing required column 'capacity_hours' (did you mean 'capacity_hour'?)" in (
        english.output)


def test_a_search_that_ends_without_a_plan_is_chinese(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A decomposition whose repairs find no plan before its time is up."""
    monkeypatch.setattr(repair_queue, "candidate", lambda *_: None)
    scenario = zh_world(tmp_path)
    said = _chinese_error("run", str(scenario), "--set", "solver.method=decomposition",
                          "--set", "solver.time_limit=1",
                          typed=("world", "exact"))  # a setting's value as the scenario writes it
    assert "未找到满足全部约束的方案" in said and "定价最高的限制" in said
    priced = said.split("定价最高的限制：")[1].split("。")[0]
    assert "（" in priced and "[" not in priced and "［" not in priced, priced  # as limits are
    english = allocate("run", str(scenario), "--set", "solver.method=decomposition",
                       "--set", "solver.time_limit=1", "--set", "output.language=en")
    assert "the decomposition's repairs found no plan" in english.output


def test_an_infeasible_run_s_folder_is_verified_by_its_hashes(zh_runs: dict[str, Path],
                                                              tmp_path: Path) -> None:
    """Its diagnosis and reports as written: passed (exit 0, in Chinese); an edited
    summary.md: failed (exit 1), naming the file."""
    import shutil

    intact = allocate("verify", str(zh_runs["infeasible"]))
    assert intact.exit_code == 0, intact.output
    assert "没有方案" in intact.output
    copy = tmp_path / "run"
    shutil.copytree(zh_runs["infeasible"], copy)
    summary = copy / "summary.md"
    summary.write_text(summary.read_text(encoding="utf-8") + "\n已批准。\n", encoding="utf-8")
    edited = allocate("verify", str(copy), "--language", "en")
    assert edited.exit_code == 1 and "summary.md" in edited.output, edited.output


def test_a_search_in_parts_that_ends_without_a_plan_is_chinese(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A book in parts (one Parquet file a customer) whose time runs out before any repair
    keeps every constraint."""
    monkeypatch.setattr(parts_search._Solve, "repair", lambda *_: None)
    scenario = zh_world(tmp_path, execution={"book": "parts"},
                        solver={"method": "decomposition", "time_limit": 0.01})
    customers = pd.read_csv(tmp_path / "customers.csv")
    (tmp_path / "customers").mkdir()
    for index in range(len(customers)):
        customers.iloc[[index]].to_parquet(tmp_path / "customers" / f"part-{index}.parquet",
                                           index=False)
    written = yaml.safe_load(scenario.read_text(encoding="utf-8"))
    written["data"]["customers"] = {"path": "customers"}
    scenario.write_text(yaml.safe_dump(written, allow_unicode=True, sort_keys=False),
                        encoding="utf-8")
    said = _chinese_error("run", str(scenario), typed=("world", "exact"))
    assert "未找到满足全部约束的方案" in said and "0.01 秒" in said
    said = _chinese_error("run", str(scenario), "--set", "solver.method=exact",
                          typed=("decomposition", "auto", "whole"))  # values as written
    assert "分块处理只能用分解法" in said


def test_a_base_of_another_book_is_refused_in_chinese(zh_runs: dict[str, Path],
                                                      tmp_path: Path) -> None:
    other = world(tmp_path / "other", [{"customer_id": "D1"}])
    planned = allocate("run", str(other))
    assert planned.exit_code == 0, planned.output
    (run,) = (tmp_path / "other" / "reports" / "world").iterdir()
    said = _chinese_error("run", str(zh_runs["scenario"]), "--base", str(run))
    assert "无一在本客户账簿中" in said
    said = _chinese_error("run", str(zh_runs["scenario"]), "--base", str(tmp_path),
                          typed=("`allocate",))  # the command, as typed
    assert "不是含方案的运行结果目录" in said
    english = allocate("run", str(zh_runs["scenario"]), "--base", str(run),
                       "--set", "output.language=en")
    assert "its 1 customer is not in this book" in english.output


def test_rms_added_of_an_unknown_grade_are_refused_in_chinese(zh_runs: dict[str, Path]) -> None:
    scenario = str(zh_runs["scenario"])
    said = _chinese_error("run", scenario, "--set", "rules.add_rms.ghost=2",
                          "--set", "rm_grades.ghost.hours=100")
    assert "没有职级为“ghost”的客户经理" in said and "rules.add_rms.ghost.<区域>" in said
    said = _chinese_error("run", scenario, "--set", "rules.add_rms.ghost=2",
                          typed=("：rm）",))  # the grades the book has, by their ids
    assert "rm_grades.ghost.hours" in said


def test_a_backend_without_a_feature_the_scenario_needs_is_refused_in_chinese(
        zh_runs: dict[str, Path]) -> None:
    """CP-SAT takes whole numbers only; a soft budget needs a continuous slack."""
    said = _chinese_error("run", str(zh_runs["scenario"]), "--set", "solver.backend=cp-sat",
                          "--set", "solver.method=exact", "--set", "objective.soft.budget=10",
                          typed=("cp-sat",))
    assert "只接受整数决策" in said and "highs" in said


@pytest.mark.parametrize(("message", "chinese"), [
    ("time limit reached before any plan was found", "到时间限制时仍未找到任何方案"),
    ("the solver failed (no licence)", "求解器运行失败"),
    ("the solver's process ended without an answer (exit code -9)",
     "求解器进程未给出结果即已结束（退出码 -9）"),
    ("Solve error", "HiGHS 求解时出错"), ("CBC went away", "求解器给出了本系统无法翻译的原因"),
])
def test_a_solver_s_reason_to_stop_reads_back_in_chinese(message: str, chinese: str) -> None:
    assert reason_words(message) == (message, chinese)
    ended = SolveResult(Status.NO_SOLUTION, None, None, None, "cbc", "", 1.0, message)
    assert why_ended(ended) == (message, chinese)
    assert why_ended(replace(ended, message="")) == ("no_solution", "无解")


def test_a_solver_that_finds_no_plan_in_time_says_so_in_chinese(
        zh_runs: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def out_of_time(backend: object, problem: object, options: object) -> SolveResult:
        return SolveResult(Status.NO_SOLUTION, None, None, None, "highs", "", 1.0,
                           reason("reason_no_plan_in_time"))

    monkeypatch.setattr(exact_path, "solve_by_deadline", out_of_time)
    said = _chinese_error("run", str(zh_runs["scenario"]), "--set", "solver.method=exact",
                          typed=("world",))
    assert "到时间限制时仍未找到任何方案" in said


def test_a_plan_the_checker_rejects_is_told_in_both_languages(zh_runs: dict[str, Path]) -> None:
    scenario = load_scenario(zh_runs["scenario"]).scenario
    broken = [Violation("budget", "budget", "total", "used 4,000,100, must be <= 4,000,000 "
                        "(off by 100)", 100.0),
              Violation("rm_capacity", "rm_capacity", "R1", "used 12, must be <= 10 (off by "
                        "2)", 2.0)]
    english, chinese = rejected_plan("plan_rejected", scenario, broken, True, solver="cbc")
    assert english == ("the cbc plan fails the independent check; nothing was written:\n"
                       "  - budget [total] violated: used 4,000,100, must be <= 4,000,000 (off by "
                       "100)\n  - rm_capacity [R1] violated: used 12, must be <= 10 (off by 2)")
    assert chinese == ("cbc 给出的方案未通过独立校验，未写入任何文件：\n"
                       "  - 预算（合计）未满足，偏差 100\n  - 客户经理工时（R1）未满足，偏差 2")
    english, chinese = rejected_plan("parts_plan_rejected", scenario, broken, False,
                                     scenario="world")
    assert english.startswith("world: the independent checker rejects the plan made in parts: "
                              "budget [total] violated") and "; rm_capacity [R1]" in english
    assert chinese.endswith("预算（合计）未满足，偏差 100；客户经理工时（R1）未满足，偏差 2")


def test_a_scenario_file_s_own_faults_are_chinese(tmp_path: Path) -> None:
    """An `extends:` cycle and a key given twice are found before the scenario is read whole:
    they speak the language its files name all the same."""
    scenario = zh_world(tmp_path)
    text = scenario.read_text(encoding="utf-8")
    base = tmp_path / "base.yaml"
    base.write_text(f"extends: {scenario.name}\n", encoding="utf-8")
    scenario.write_text(f"extends: {base.name}\n{text}", encoding="utf-8")
    said = _chinese_error("validate", str(scenario), typed=("extends",))
    assert "形成了循环" in said and "base.yaml" in said
    scenario.write_text(text + "name: again\n", encoding="utf-8")
    said = _chinese_error("run", str(scenario), typed=("name",))
    assert "出现了两次" in said and "第 " in said
    english = allocate("validate", str(scenario), "--set", "output.language=en")
    assert "key 'name' is given twice in one mapping" in english.output  # the file says zh
    scenario.write_text(text.replace("language: zh", "language: en") + "name: again\n",
                        encoding="utf-8")
    english = allocate("validate", str(scenario))
    assert "key 'name' is given twice in one mapping" in english.output, english.output


def test_overrides_of_a_wrong_shape_are_chinese(tmp_path: Path) -> None:
    scenario = zh_world(tmp_path, overrides={"flat": 5, "known": {"budget.total": 50.0}})
    said = _chinese_error("validate", str(scenario), "--set", "budget..total=5",
                          typed=("budget..total",))
    assert "不是形如 budget.total 的键路径" in said
    said = _chinese_error("validate", str(scenario), "--use", "flat", typed=("flat", "known"))
    assert "调整项“flat”" in said and "映射" in said
    said = _chinese_error("sweep", str(scenario), "--vary", "budget.total=50:60:10",
                          "--use", "knwn", typed=("knwn", "known", "flat", "overrides"))
    assert "您是否想写“known”" in said


def test_run_folders_that_cannot_be_used_are_chinese(zh_runs: dict[str, Path],
                                                     tmp_path: Path) -> None:
    """An unknown run folder, a reports folder that is a file, a damaged run folder."""
    said = _chinese_error("verify", str(tmp_path / "nowhere"), "--language", "zh")
    assert "目录不存在" in said
    said = _chinese_error("compare", str(zh_runs["run"]), str(tmp_path / "nowhere"))
    assert "目录不存在" in said
    reports = tmp_path / "reports.txt"
    reports.write_text("not a folder\n", encoding="utf-8")
    said = _chinese_error("runs", "--reports", str(reports), "--language", "zh")
    assert "是文件而不是目录" in said
    import shutil

    damaged = tmp_path / "run"
    shutil.copytree(zh_runs["run"], damaged)
    (damaged / "plan.xlsx").write_bytes(b"PK\x03\x04 no workbook")
    said = _chinese_error("verify", str(damaged))
    assert "运行结果目录已损坏" in said and "plan.xlsx" in said


def test_verify_names_an_edited_file_in_chinese(zh_runs: dict[str, Path],
                                                tmp_path: Path) -> None:
    import shutil

    edited = tmp_path / "run"
    shutil.copytree(zh_runs["run"], edited)
    summary = edited / "summary.md"
    written = summary.read_text(encoding="utf-8")
    summary.write_text(written + "\n已批准。\n", encoding="utf-8")
    said = _chinese_error("verify", str(edited))
    added = len(written.splitlines()) + 1  # the first line past the end
    assert f"文件 summary.md：第 {added} 行" in said and "超出了按运行文件夹重写的 summary.md" in said
    assert "运行写出后已被修改" not in said  # its hash differs too: the file is named once


def test_the_scenario_s_own_checks_refuse_in_both_languages(tmp_path: Path) -> None:
    scenario = zh_world(tmp_path, packages={"gold": {"cost_per_customer": 1.0, "uplift": 0.1}})
    with pytest.raises(UserError) as caught:
        load_scenario(scenario, ["labels.packages.gld.zh=金卡"])
    assert "unknown package 'gld'. Did you mean 'gold'? The packages are: gold." in str(
        caught.value)
    assert "未知的服务包“gld”。您是否想写“gold”？已有服务包：gold。" in caught.value.shown("zh")
