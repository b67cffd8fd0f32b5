"""A Chinese run shows no library's English: what PyYAML says of a scenario it cannot read is
told in Chinese with its line and column, DuckDB's refusal of a query names what failed and where
in Chinese and the log that keeps DuckDB's own words, and every HiGHS model status has Chinese
words. An English run keeps the library's own words. A scenario too broken to name its language
speaks the one `--set output.language` gives, else the locale's. A scenario's description,
models and target columns are shown in the run's language."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from types import SimpleNamespace

import duckdb
import highspy
import pytest
import yaml

from allocator.backends import Status, highs
from allocator.backends.reasons import reason_words, why_ended
from allocator.report.yaml_words import YAML_PHRASES_ZH
from allocator.scenario.strict_yaml import _refusal
from allocator.scenario.yaml_reasons import phrase_zh, yaml_reason
from tests.builders import offer, world
from tests.test_zh_errors import CJK, LABELS, _chinese_error, _source_of_rms, zh_world
from tests.test_zh_everywhere import allocate, english_words, visible_text, workbook_text

BROKEN_YAML = [
    ("name: world: again\n", "mapping values are not allowed here", "第 1 行第 12 列"),
    ("name: world\n\tdata: {}\n", "found character '\\t' that cannot start any token",
     "第 2 行第 1 列"),
    ("name: world\nbudget\ntiers: {}\n", "could not find expected ':'", "第 3 行第 1 列"),
    ("name: world\n  budget: 1\n", "mapping values are not allowed here", "第 2 行第 9 列"),
    ("tiers: [top, base\n", "expected ',' or ']', but got '<stream end>'", "第 2 行第 1 列"),
]
"""A scenario PyYAML refuses, its words for why and where a Chinese message says it is."""


def _phrases_pyyaml_raises() -> set[str]:
    """Each fixed phrase PyYAML's scanner, parser, composer and safe constructor pass to the
    errors they raise, read from its source."""
    folder = Path(yaml.__file__).parent
    phrases: set[str] = set()
    for name in ("scanner.py", "parser.py", "composer.py", "constructor.py"):
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            if name == "constructor.py" and cls.name not in ("BaseConstructor",
                                                             "SafeConstructor"):
                continue
            for call in (node for node in ast.walk(cls) if isinstance(node, ast.Call)):
                if isinstance(call.func, ast.Name) and call.func.id.endswith("Error"):
                    phrases |= {arg.value for arg in (a.left if isinstance(a, ast.BinOp) else a
                                                      for a in call.args)
                                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)}
    return phrases


def test_every_phrase_pyyaml_raises_has_chinese_words() -> None:
    phrases = _phrases_pyyaml_raises()
    assert len(phrases) > 60, phrases
    assert phrases <= set(YAML_PHRASES_ZH), sorted(phrases - set(YAML_PHRASES_ZH))
    for phrase in YAML_PHRASES_ZH:
        filled = re.sub(r"%[rsd]", "'<scalar>'", phrase)
        chinese = phrase_zh(filled)
        assert chinese is not None and CJK.search(chinese), phrase
        assert not english_words(re.sub(r"“[^”]*”|URI|YAML|ASCII|HiGHS", " ", chinese)), phrase


@pytest.mark.parametrize(("text", "pyyaml_says", "where"), BROKEN_YAML)
def test_a_scenario_pyyaml_refuses_is_told_in_chinese(tmp_path: Path, text: str,
                                                      pyyaml_says: str, where: str) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text, encoding="utf-8")
    said = _chinese_error("validate", str(scenario), "--set", "output.language=zh",
                          typed=("YAML",))
    assert where in said
    english = allocate("validate", str(scenario))
    assert english.exit_code == 2 and pyyaml_says in " ".join(english.output.split()), (
        english.output)


def test_a_tab_is_named_in_chinese(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("name: world\n\tdata: {}\n", encoding="utf-8")
    said = _chinese_error("validate", str(scenario), "--set", "output.language=zh",
                          typed=("YAML",))
    assert "制表符" in said and "只能用空格缩进" in said


def test_a_reason_the_catalogue_lacks_is_kept_for_the_log_not_shown_in_chinese() -> None:
    mark = yaml.Mark("scenario.yaml", 0, 2, 3, None, None)
    exc = yaml.MarkedYAMLError(problem="a reason of a newer PyYAML", problem_mark=mark)
    refusal = _refusal(yaml_reason(exc, "name: world\n"), "scenario.yaml")
    assert str(refusal) == ("scenario.yaml: line 3, column 4: not valid YAML (a reason of a "
                            "newer PyYAML).")
    assert refusal.shown("zh") == "scenario.yaml：第 3 行第 4 列：不是有效的 YAML，请检查该处的写法。"
    assert refusal.library == "a reason of a newer PyYAML"


@pytest.mark.parametrize(("locale", "chinese"), [
    ({"LANG": "zh_CN.UTF-8"}, True), ({"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, True),
    ({"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"}, False), ({}, False)])
def test_a_scenario_too_broken_to_name_its_language_speaks_the_locale_s(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locale: dict[str, str],
        chinese: bool) -> None:
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(variable, raising=False)
    for variable, value in locale.items():
        monkeypatch.setenv(variable, value)
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("name: world: again\noutput: {language: zh}\n", encoding="utf-8")
    said = allocate("validate", str(scenario)).output
    assert ("不是有效的 YAML" in said) is chinese, said
    assert ("mapping values are not allowed here" in said) is not chinese, said
    told = allocate("validate", str(scenario), "--set", "output.language=en").output
    assert "mapping values are not allowed here" in told  # the command line comes first
    scenario.write_bytes("name: 世界\n".encode("gbk"))
    said = allocate("validate", str(scenario)).output
    assert ("不是 UTF-8 文本" in said) is chinese and ("not UTF-8" in said) is not chinese, said
    scenario.write_text("name: world\nname: again\n", encoding="utf-8")
    told = allocate("validate", str(scenario)).output  # readable: English, the default
    assert "key 'name' is given twice in one mapping" in told, told


def test_a_query_duckdb_refuses_is_told_in_chinese_with_its_words_in_a_log(
        tmp_path: Path) -> None:
    scenario = zh_world(tmp_path)
    database = tmp_path / "book.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute("CREATE TABLE rms AS SELECT * FROM read_csv_auto(?)",
                    [str(tmp_path / "rms.csv")])
    query = "SELECT rm_id,\n  grade, nope\nFROM rms"
    _source_of_rms(scenario, {"database": str(database), "query": query})
    said = _chinese_error("validate", str(scenario),
                          typed=("（查询：SELECT rm_id, grade, nope FROM rms）", "DuckDB"))
    assert "无法读取该表" in said and "字段或函数名称无法识别" in said
    assert "查询第 2 行" in said, said  # the line of the query as the scenario writes it
    (log,) = re.findall(r"已写入 (\S+?\.log)", said.replace("\n", ""))
    assert 'Referenced column "nope" not found' in Path(log).read_text(encoding="utf-8")
    english = allocate("validate", str(scenario), "--set", "output.language=en")
    assert 'cannot read the table (Binder Error: Referenced column "nope" not found' in (
        " ".join(english.output.split()))
    _source_of_rms(scenario, {"database": str(database), "query": "SELEC * FROM rms"})
    said = _chinese_error("validate", str(scenario),
                          typed=("（查询：SELEC * FROM rms）", "DuckDB", "SQL"))
    assert "DuckDB 报告语法错误" in said and said.count("SELEC") == 1  # in the source only


def test_every_highs_status_has_chinese_words() -> None:
    solver = highspy.Highs()
    for status in highspy.HighsModelStatus.__members__.values():
        english, chinese = reason_words(solver.modelStatusToString(status))
        assert english == solver.modelStatusToString(status)
        assert CJK.search(chinese) and not english_words(chinese.replace("HiGHS", " ")), (
            status, chinese)


def test_a_highs_error_status_reads_back_in_chinese() -> None:
    kinds = highspy.HighsModelStatus
    info = SimpleNamespace(primal_solution_status=0, objective_function_value=0.0)
    solver = SimpleNamespace(getModelStatus=lambda: kinds.kSolveError, getInfo=lambda: info,
                             version=lambda: "1", getSolution=lambda: SimpleNamespace(),
                             modelStatusToString=highspy.Highs().modelStatusToString)
    result = highs._result(solver, None, None, 1.0, highspy)  # type: ignore[arg-type]
    assert result.status == Status.ERROR
    assert why_ended(result) == ("Solve error", "HiGHS 求解时出错")


CHURN_LABELS = {**LABELS, "models": {"churn_probability": {"zh": "流失概率"}},
                "columns": {"exited": {"zh": "是否已流失"}, "tier_key": {"zh": "层级指标"}},
                "offers": {"card": {"zh": "信用卡"}},
                "regions": {"R": {"zh": "华东"}}}
DESCRIPTION = {"en": "Customers valued by the churn an RM prevents.",
               "zh": "客户价值按客户经理避免的流失计算。"}


def test_a_scenario_s_description_model_and_target_are_shown_in_its_language(
        tmp_path: Path) -> None:
    """The description in the run's language, the model and its target column by their
    labels, the input files by what they hold: report.html, summary.md and plan.xlsx of a
    Chinese run hold no English."""
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0 * (i % 3 == 0), "exited": i % 2,
                  "x": float(i % 7) + (i % 2)} for i in range(120)]
    scenario = world(tmp_path, customers, offers={"card": offer(10.0, 1.0)},
                     budget={"total": 100.0}, labels=CHURN_LABELS, description=DESCRIPTION,
                     models={"churn_probability": {"target": "exited", "features": ["x"],
                                                   "method": "logistic"}},
                     output={"language": "zh", "dir": str(tmp_path / "reports")})
    done = allocate("run", str(scenario))
    assert done.exit_code == 0, done.output
    assert "流失概率" in done.output and "churn_probability" not in done.output
    (run,) = (tmp_path / "reports" / "world").iterdir()
    texts = {"report.html": visible_text((run / "report.html").read_text(encoding="utf-8")),
             "summary.md": (run / "summary.md").read_text(encoding="utf-8"),
             "plan.xlsx": workbook_text(run / "plan.xlsx")}
    for name, text in texts.items():  # the scenario's name, and SHA-256 of each input file
        assert not english_words(text) - {"world", "SHA"}, (name, sorted(english_words(text)))
    for name in ("report.html", "summary.md"):
        assert DESCRIPTION["zh"] in texts[name] and "是否已流失" in texts[name], name
    english = allocate("run", str(scenario), "--set", "output.language=en")
    assert english.exit_code == 0, english.output
    runs = sorted((tmp_path / "reports" / "world").iterdir())
    summary = next(folder for folder in runs if folder != run) / "summary.md"
    assert DESCRIPTION["en"] in summary.read_text(encoding="utf-8")
