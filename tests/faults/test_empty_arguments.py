"""An empty argument (`--out "$FOLDER"` with FOLDER unset) is refused, naming the option or
the argument's place, in the command line's language: as a path it read as the current
folder, and a run or comparison went there unasked."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.faults.cli import answer, answer_in_chinese
from tests.test_cli import ROOT

DEMO = str(ROOT / "scenarios" / "demo.yaml")


@pytest.mark.parametrize(("args", "named"), [
    (["run", DEMO, "--out", ""], "the value after --out is empty"),
    (["run", DEMO, "--out", " "], "the value after --out is empty or blank"),
    (["run", DEMO, "--out="], "the value after --out is empty"),
    (["run", DEMO, "--out= "], "the value after --out is empty"),
    (["run", DEMO, "--base", ""], "the value after --base is empty"),
    (["sweep", DEMO, "--vary", "budget.total=1m,2m", "--out", ""],
     "the value after --out is empty"),
    (["compare", "", "elsewhere"], "the argument after 'compare' is empty"),
    (["verify", " "], "the argument after 'verify' is empty"),
    (["report", "--pdf", ""], "the argument after '--pdf' is empty"),  # a switch: no value
    (["runs", "--reports", ""], "the value after --reports is empty"),
    (["validate", ""], "the argument after 'validate' is empty"),
    (["generate", " "], "the argument after 'generate' is empty"),
])
def test_an_empty_argument_is_refused_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], named: str) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer(*args)
    assert code == 2, said
    assert named in " ".join(said.split()), said
    assert list(tmp_path.iterdir()) == []  # nothing went into the current folder


def test_an_empty_argument_is_refused_in_the_command_lines_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for language in (["--set", "output.language=zh"], ["--set=output.language=zh"]):
        code, said = answer_in_chinese("run", DEMO, *language, "--out", "")
        assert code == 2, said
        assert "--out 之后的取值为空" in said and "empty" not in said, said
        assert "shell" not in said, said
    assert list(tmp_path.iterdir()) == []


def test_a_blank_after_an_option_the_command_lacks_is_that_option_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, said = answer("run", DEMO, "--bogus", "", prefix="Error:")
    assert code == 2 and "No such option: --bogus" in said, said
    assert list(tmp_path.iterdir()) == []
