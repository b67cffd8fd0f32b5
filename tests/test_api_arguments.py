"""The Python entry points refuse an argument of another kind, naming it and what to give: a
list of --set texts given as one text was read a character at a time (`--set b: write it as
section.key=value`), a table that is none ended in an AttributeError, and a language other
than en and zh was taken for English; compare_methods given a folder for the fit or a path for
the scenario ended in an AttributeError, and takes only the methods a model is fitted by."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from allocator import api
from allocator.errors import UserError
from allocator.sweep_run import run_sweep
from tests.builders import world
from tests.test_cli import ROOT

DEMO = ROOT / "scenarios" / "demo.yaml"


def refusal(call: Callable[[], Any]) -> tuple[str, str]:
    """What `call` is refused with, in English and in Chinese."""
    with pytest.raises(UserError) as refused:
        call()
    return str(refused.value), str(refused.value.chinese)


@pytest.mark.parametrize("entry", [api.run, api.prepare, api.fit])
def test_sets_given_as_one_text_is_refused_with_the_list_to_give(
        entry: Callable[..., Any], tmp_path: Path) -> None:
    kept = {"output": tmp_path} if entry is not api.prepare else {}
    english, chinese = refusal(lambda: entry(DEMO, sets="budget.total=40000", **kept))
    assert english == ("sets='budget.total=40000': give a list of texts, one per --set as on "
                       "the command line, e.g. sets=['budget.total=40000'].")
    assert chinese == ("sets='budget.total=40000'：请给出文字的列表，每项对应命令行上的一个 "
                       "--set，例如 sets=['budget.total=40000']。")
    assert list(tmp_path.iterdir()) == []


def test_use_given_as_one_text_and_a_list_of_other_things_are_refused(tmp_path: Path) -> None:
    english, _ = refusal(lambda: api.run(DEMO, use="budget_cut", output=tmp_path))
    assert english == ("use='budget_cut': give a list of texts, one per --use as on the command "
                       "line, e.g. use=['budget_cut'].")
    english, _ = refusal(lambda: api.run(DEMO, sets=[("budget.total", 4e4)], output=tmp_path))
    assert english.startswith("sets=[('budget.total', 40000.0)]: give a list of texts")
    english, _ = refusal(lambda: api.prepare(DEMO, sets={"budget.total": 4e4}))
    assert english.startswith("sets={'budget.total': 40000.0}: give a list of texts")
    assert list(tmp_path.iterdir()) == []


def test_a_list_of_texts_of_any_kind_is_taken(tmp_path: Path) -> None:
    loaded = api.prepare(DEMO, sets=("solver.seed=3",), use=iter(["budget_cut"])).loaded
    assert loaded.scenario.solver.seed == 3 and loaded.applied[0] == "--use budget_cut"


@pytest.mark.parametrize(("kept", "said"), [
    ({"output": ""}, "output='': the path is empty or blank: give one, or leave output out "
                     "for its default."),
    ({"base": " "}, "base=' ': the path is empty or blank: give one, or leave base out for "
                    "its default."),
])
def test_a_blank_folder_is_refused_as_a_blank_out_is(
        kept: dict[str, str], said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a blank path read as the current folder
    assert refusal(lambda: api.run(DEMO, **kept))[0] == said
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("entry", [api.run, api.fit, run_sweep])
@pytest.mark.parametrize("folder", [" x", "reports/x "])
def test_an_output_folder_named_with_whitespace_at_an_end_is_refused_as_out_is(
        entry: Callable[..., Any], folder: str, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # the run went to a folder ' x', which the command line's --out " x" refuses
    monkeypatch.chdir(tmp_path)
    given = (DEMO, ["budget.total=40000,50000"]) if entry is run_sweep else (DEMO,)
    english, chinese = refusal(lambda: entry(*given, output=folder))
    assert english == (f"output: a folder's name in it starts or ends with whitespace (got "
                       f"{folder!r}), and would read as the name without it; write the name "
                       "without the whitespace")
    assert chinese == (f"参数 output：其中的目录名以空白开头或结尾（给出的是 {folder!r}），看起来"
                       "与不带空白的名称无异；请去掉名称首尾的空白")
    assert list(tmp_path.iterdir()) == []


def test_a_path_that_is_none_is_refused_by_its_name() -> None:
    english, chinese = refusal(lambda: api.verify_run(None))
    assert english == "folder=None: give a path that is not blank, as a text or a pathlib.Path."
    assert chinese == "folder=None：请给出非空白的路径（文字或 pathlib.Path）。"
    assert refusal(lambda: api.run(None))[0].startswith("scenario=None: give a path")
    assert refusal(lambda: api.sweep_points(""))[0].startswith("folder='': give a path")


def test_shown_table_refuses_what_is_no_table_and_a_language_it_does_not_speak() -> None:
    english, chinese = refusal(lambda: api.shown_table(None))
    assert english == ("frame=None: give a table, a pandas DataFrame (such as "
                       "run.outcome.plan.assignments).")
    assert chinese == "frame=None：请给出表格，即 pandas DataFrame（如 run.outcome.plan.assignments）。"
    table = pd.DataFrame({"customer_id": ["C1"], "tier": ["mass"]})
    english, chinese = refusal(lambda: api.shown_table(table, language="fr"))
    assert (english, chinese) == ("language='fr': give en or zh.",
                                  "language='fr'：请给出 en 或 zh。")
    assert list(api.shown_table(table, language="zh").columns) == ["客户编号", "层级"]


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> api.Fitted:
    """A model of 400 customers, fitted once for the module."""
    folder = tmp_path_factory.mktemp("fit")
    customers = [{"customer_id": f"C{i}", "outcome": int(i % 10 < (i // 10) % 10),
                  "x": float((i // 10) % 10)} for i in range(400)]
    path = world(folder, customers, models={"pd": {"target": "outcome", "features": ["x"]}})
    return api.fit(path, output=folder / "reports")


def test_compare_methods_refuses_what_is_no_fit_nor_scenario(fitted: api.Fitted) -> None:
    english, chinese = refusal(lambda: api.compare_methods(fitted.folder.name, fitted.scenario))
    assert english == (f"fitted='{fitted.folder.name}': give what api.fit returned (fitted = "
                       "api.fit(SCENARIO)).")
    assert chinese == (f"fitted='{fitted.folder.name}'：请给出 api.fit 的返回值（fitted = "
                       "api.fit(情景文件)）。")
    english, chinese = refusal(lambda: api.compare_methods(fitted, "scenario.yaml"))
    assert english == "scenario='scenario.yaml': give a scenario, such as fitted.scenario."
    assert chinese == "scenario='scenario.yaml'：请给出情景，如 fitted.scenario。"
    bare = fitted.scenario.model_copy(update={"models": {}})
    english, _ = refusal(lambda: api.compare_methods(fitted, bare))
    assert english.startswith("scenario: it has no models to compare (no 'models' section)")


def test_compare_methods_takes_only_a_list_of_the_methods_a_model_is_fitted_by(
        fitted: api.Fitted) -> None:
    english, chinese = refusal(lambda: api.compare_methods(fitted, fitted.scenario, ["logit"]))
    assert english == ("methods: unknown method 'logit'. Did you mean 'logistic'? The methods "
                       "are: logistic, gradient_boosting.")
    assert chinese == ("methods：未知的方法“logit”。您是否想写“logistic”？可用的方法："
                       "logistic、gradient_boosting。")
    for given in ("logistic", [], [1], None):
        english, _ = refusal(partial(api.compare_methods, fitted, fitted.scenario, given))
        assert english == (f"methods={given!r}: give a list of methods, each one of logistic, "
                           "gradient_boosting, e.g. methods=['logistic'].")
    table = api.compare_methods(fitted, fitted.scenario, ("logistic", "logistic"))
    assert table[["column", "method", "chosen"]].values.tolist() == [["pd", "logistic", False]]
    both = api.compare_methods(fitted, fitted.scenario)
    assert both["method"].tolist() == ["logistic", "gradient_boosting"]
