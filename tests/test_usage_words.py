"""A usage error of the command line is told in Chinese too (the parser speaks English)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator.cli.app import app
from allocator.cli.usage_words import usage_in_chinese


def test_usage_messages_read_in_chinese() -> None:
    assert usage_in_chinese("Missing argument 'customer_id'.") == "错误：缺少参数“customer_id”。"
    assert usage_in_chinese("No such option: --bugdet") == "错误：没有此选项：--bugdet"
    assert usage_in_chinese("Got unexpected extra arguments (a b)") == "错误：多余的参数（a b）"
    assert usage_in_chinese("something else") is None


def test_explain_without_a_customer_says_so_in_the_locales_language(tmp_path: Path) -> None:
    locale = {"LC_ALL": None, "LC_MESSAGES": None}
    english = CliRunner().invoke(app, ["explain", str(tmp_path)],
                                 env={"LANG": "C.UTF-8", **locale})
    assert english.exit_code == 2
    assert "Missing argument 'customer_id'." in english.output
    assert "缺少" not in english.output
    chinese = CliRunner().invoke(app, ["explain", str(tmp_path)],
                                 env={"LANG": "zh_CN.UTF-8", **locale})
    assert chinese.exit_code == 2
    assert "错误：缺少参数“customer_id”。" in chinese.output
    assert "Missing argument" not in chinese.output


def test_a_folder_given_to_a_command_without_arguments_points_to_its_option(
        tmp_path: Path) -> None:
    """`allocate runs reports/` (the parser says "argument(s)"): told which option takes the
    folder, in English and in Chinese."""
    english = CliRunner().invoke(app, ["runs", str(tmp_path)])
    assert english.exit_code == 2
    assert f"unexpected extra argument(s) ({tmp_path}). This command takes no argument: a " \
        "folder or file is given after its option (--reports)." in " ".join(
            english.output.split()), english.output
    chinese = CliRunner().invoke(app, ["runs", str(tmp_path), "--language", "zh"])
    assert chinese.exit_code == 2
    assert f"错误：多余的参数（{tmp_path}）。此命令不接受参数：文件夹或文件应写在其选项之后" \
        "（--reports）。" in "".join(chinese.output.split()), chinese.output
    assert "unexpected" not in chinese.output
    other = CliRunner().invoke(app, ["compare", str(tmp_path), str(tmp_path), "c"])
    assert other.exit_code == 2
    assert "This command takes no argument" not in other.output  # compare takes two


@pytest.mark.parametrize(("english", "chinese"), [
    ("Invalid value for '--last': Input should be greater than or equal to 1",
     "错误：'--last' 的取值无效：应大于或等于 1"),
    ("Invalid value for '--customers': Input should be less than or equal to 100000000",
     "错误：'--customers' 的取值无效：应小于或等于 100000000"),
    ("Invalid value for '--last': Input should be a valid integer, unable to parse string as "
     "an integer", "错误：'--last' 的取值无效：应为整数"),
    ("Invalid value for '--language': Value error, 'xx' is not one of 'en', 'zh'.",
     "错误：'--language' 的取值无效：'xx' 不是可选值之一（'en', 'zh'）"),
])
def test_an_invalid_value_s_reason_reads_in_chinese(english: str, chinese: str) -> None:
    assert usage_in_chinese(english) == chinese


def test_vary_given_a_command_that_plans_one_scenario_points_to_sweep(tiny: Path) -> None:
    """`allocate run s.yaml --vary budget.total=1,2` said only "No such option: --vary"."""
    for args in (["run", str(tiny), "--vary", "budget.total=1,2"],
                 ["validate", str(tiny), "--vary=budget.total=1,2"]):
        english = CliRunner().invoke(app, args)
        assert english.exit_code == 2
        assert "Error: No such option: --vary. To plan several values of a key, use\n" \
            "`allocate sweep SCENARIO --vary KEY=V1,V2`.\n" in english.output, english.output
    chinese = CliRunner().invoke(app, ["run", str(tiny), "--vary", "budget.total=1,2", "--set",
                                       "output.language=zh"])
    assert chinese.exit_code == 2
    assert chinese.output.startswith(
        "错误：没有此选项：--vary。如要规划一个键的多个取值，请用\n"
        "`allocate sweep 情景文件 --vary 键=值1,值2`。\n"), chinese.output
    other = CliRunner().invoke(app, ["run", str(tiny), "--sett", "budget.total=1"])
    assert other.exit_code == 2
    assert "Error: No such option: --sett (Possible options: --base, --set, --use)\n" in \
        other.output and "sweep" not in other.output, other.output


def test_language_given_a_command_that_reads_a_scenario_points_to_set(tiny: Path) -> None:
    """`allocate run s.yaml --language zh` said only "No such option: --language"."""
    chinese = CliRunner().invoke(app, ["run", str(tiny), "--language", "zh"])
    assert chinese.exit_code == 2
    assert chinese.output.startswith(
        "错误：没有此选项：--language。语言由情景设定，请用\n"
        "`--set output.language=zh`。\n"), chinese.output
    for args, language in ((["sweep", str(tiny), "--language=en"], "en"),
                           (["validate", str(tiny), "--language", "fr"], "zh")):
        english = CliRunner().invoke(app, args)
        assert english.exit_code == 2
        assert "Error: No such option: --language. The language is the scenario's: use\n" \
            f"`--set output.language={language}`.\n" in english.output, english.output


def test_language_given_a_command_without_a_scenario_says_what_sets_its_language(
        tmp_path: Path) -> None:
    """`allocate report RUN --language zh` said only "No such option: --language": a run's
    language is its scenario's, and a book or scenario written has none."""
    chinese = CliRunner().invoke(app, ["report", str(tmp_path), "--language", "zh"])
    assert chinese.exit_code == 2
    assert chinese.output.startswith(
        "错误：没有此选项：--language。语言由运行设定，即其情景所设的语言：如要另一种语言\n"
        "  的报告，请重新规划该情景，并用\n`--set output.language=zh`。\n"), chinese.output
    english = CliRunner().invoke(app, ["report", str(tmp_path), "--language=en"])
    assert english.exit_code == 2
    assert "Error: No such option: --language. The language is the run's, as its scenario\n" \
        "  set it: for reports in another, plan the scenario again with\n" \
        "`--set output.language=en`.\n" in english.output, english.output
    for args in (["generate", str(tmp_path), "--language", "zh"],
                 ["import", "bigler", str(tmp_path), "--out", str(tmp_path), "--language=zh"]):
        written = CliRunner().invoke(app, args)
        assert written.exit_code == 2
        assert written.output.startswith(
            "错误：没有此选项：--language。此命令写出的文件不分语言；方案的语言由情景设定，规\n"
            "  划时请用\n`--set output.language=zh`。\n"), written.output
    book = CliRunner().invoke(app, ["generate", str(tmp_path), "--language", "en"])
    assert "Error: No such option: --language. What this command writes has no language; a\n" \
        "  plan's is its scenario's: plan it with\n`--set output.language=en`.\n" in \
        book.output, book.output
    group = CliRunner().invoke(app, ["--language", "zh", "run"])  # no command read it yet
    assert group.exit_code == 2 and "output.language" not in group.output, group.output
