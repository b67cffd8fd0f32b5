"""A Chinese run shows no English from a solver, a server or a fault: PuLP's statuses and
OR-Tools' result codes are named in Chinese and a solver's other words go to the log a Chinese
message names; a query's source is named in Chinese, its text cut; an unexpected fault is told
as 意外错误, its class only in the name of the log that keeps its English; a report names the
key that turned steps off by its Chinese name."""

from __future__ import annotations

import copy
import pickle
import re
import tempfile
from pathlib import Path

import pytest

from allocator import exact_path
from allocator.backends import SolveResult, Status
from allocator.backends import pulp as pulp_backend
from allocator.backends.reasons import reason, reason_words, untranslated
from allocator.book.sources import source_label
from allocator.database_address import ENVIRONMENT
from allocator.errors import catalogued
from allocator.scenario.data_schema import TableSource
from tests.conftest import unwrapped
from tests.test_zh_errors import _chinese_error, _source_of_rms, zh_world
from tests.test_zh_everywhere import allocate

LATIN = re.compile(r"[A-Za-z]")


def _logged(said: str) -> str:
    """The text of the log a Chinese message names."""
    (log,) = re.findall(r"已写入 (\S+?\.log)", said.replace("\n", ""))
    return Path(log).read_text(encoding="utf-8")


@pytest.mark.parametrize(("message", "chinese", "kept"), [
    ("no plan found (Not Solved)", "未找到方案（求解器状态：未求解）", ""),
    ("no plan found (Undefined)", "未找到方案（求解器状态：状态不明）", ""),
    ("no plan found (Resting)", "未找到方案（求解器状态：本系统无法翻译）", "Resting"),
    ("solver returned code 4", "求解器返回代码 4（求解异常终止）", ""),
    ("solver returned code 5", "求解器返回代码 5（模型无效）", ""),
    ("the solver failed (Pulp: cannot execute cbc)", "求解器运行失败", "Pulp: cannot execute cbc"),
    ("CBC went away", "求解器给出了本系统无法翻译的原因", "CBC went away"),
    ("Time limit reached", "已到时间限制", ""),
])
def test_a_solver_s_status_is_chinese_and_its_other_words_are_kept_for_the_log(
        message: str, chinese: str, kept: str) -> None:
    english, said = reason_words(message)
    assert (english, said) == (message, chinese) and not LATIN.search(said)
    assert untranslated(message) == kept


def test_every_pulp_status_and_or_tools_code_has_chinese_words() -> None:
    import pulp
    from ortools.linear_solver import pywraplp

    for status in [*pulp.LpStatus.values(), *pulp.LpSolution.values()]:
        said = reason_words(reason("reason_no_plan", status=status))[1]
        assert not LATIN.search(said) and "无法翻译" not in said, status
    for name in ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "UNBOUNDED", "ABNORMAL", "MODEL_INVALID",
                 "NOT_SOLVED"):
        said = reason_words(reason("reason_code", code=getattr(pywraplp.Solver, name)))[1]
        assert "无法翻译" not in said, name


def test_cbc_that_cannot_start_is_told_in_chinese_its_words_in_a_log(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A CBC binary that cannot be run: PuLP's English reason goes to the log."""
    monkeypatch.setattr(pulp_backend, "_cbc_binary", lambda: str(tmp_path / "no-cbc"))
    scenario = zh_world(tmp_path)
    said = _chinese_error("run", str(scenario), "--set", "solver.backend=cbc", "--set",
                          "solver.method=exact", typed=("world", "cbc", "highs"))
    assert "求解器运行失败" in said
    assert "Pulp: cannot execute" in _logged(said) and "Pulp" not in said


def test_a_query_s_source_is_named_in_chinese_with_its_text_cut(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A server that refuses the connection (nothing listens on port 1): the source named as
    查询, its query on one line and cut; libpq's English in the log only."""
    url = "postgresql://planner@127.0.0.1:1/bank"
    monkeypatch.setenv(ENVIRONMENT, url)
    scenario = zh_world(tmp_path)
    columns = ", ".join(f"column_{i}" for i in range(20))
    _source_of_rms(scenario, {"query": f"SELECT rm_id, grade,\n  {columns}\nFROM rms"})
    said = _chinese_error("validate", str(scenario),
                          typed=(url, "127.0.0.1:1", "PostgreSQL", "SELECT rm_id, grade,",
                                 "column_"))
    assert f"{url}（查询：SELECT rm_id, grade, column_0" in said.replace("\n", "")
    assert "query" not in said and "column_19" not in said and "…" in said
    assert "连接被拒绝" in said and "Connection refused" in _logged(said)


def test_an_unexpected_fault_is_told_in_chinese_its_class_in_the_log_s_name(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fault(*args: object, **kwargs: object) -> None:
        raise KeyError("tier\nmissing")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temporary"))
    (tmp_path / "temporary").mkdir()
    monkeypatch.setattr(exact_path, "solve_by_deadline", fault)
    result = allocate("run", str(zh_world(tmp_path)), "--set", "solver.method=exact")
    assert result.exit_code == 3
    line = unwrapped(result.stderr.strip())
    assert "\n" not in line, line  # one paragraph
    [log] = (tmp_path / "temporary").glob("allocator-*/allocator-crash-*-KeyError.log")
    assert "意外错误" in line and str(log) in line
    assert not LATIN.search(line.replace(str(log), "")), line
    assert "KeyError: 'tier\\nmissing'" in log.read_text(encoding="utf-8")


def test_steps_turned_off_are_named_by_the_key_s_chinese_name(tmp_path: Path) -> None:
    scenario = zh_world(tmp_path, budget={"total": 1.0})  # a limit binds
    done = allocate("run", str(scenario), "--set", "output.steps=false", "--set",
                    "solver.method=exact")
    assert done.exit_code == 0, done.output
    (summary,) = (tmp_path / "reports").rglob("summary.md")
    text = summary.read_text(encoding="utf-8")
    assert "未测算跃变（情景设置“测算跃变”已关闭）" in text and "output.steps" not in text


def test_a_solver_that_fails_in_a_chinese_run_logs_its_words(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failed(backend: object, problem: object, options: object) -> SolveResult:
        return SolveResult(Status.NO_SOLUTION, None, None, None, "cbc", "", 1.0,
                           "CBC went away")

    monkeypatch.setattr(exact_path, "solve_by_deadline", failed)
    said = _chinese_error("run", str(zh_world(tmp_path)), "--set", "solver.method=exact",
                          typed=("world", "cbc"))
    assert "求解器给出了本系统无法翻译的原因" in said and "CBC went away" in _logged(said)


def test_a_source_s_name_keeps_both_languages_through_a_copy_and_a_pickle() -> None:
    """A label crosses processes (a guarded solve, a cluster) as it was made."""
    source = TableSource(database=Path("book.duckdb"), query="SELECT *\n  FROM rms")
    label = source_label(source)
    assert str(label) == "book.duckdb (query: SELECT *\n  FROM rms)"
    for same in (pickle.loads(pickle.dumps(label)), copy.deepcopy(label)):
        assert catalogued("not_sql", label=same, reason="x", reason_zh="语法错误") == (
            "book.duckdb (query: SELECT *\n  FROM rms): the query is not valid SQL (x).",
            "book.duckdb（查询：SELECT * FROM rms）：查询不是有效的 SQL（语法错误）。")
