"""Value net of RM cost beside the expected value wherever a run's value is read: the run's
first line (with the run's label), `allocate runs` and the comparison's opening sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.cli.run import run_name
from allocator.report.language import Words
from allocator.scenario import load_scenario
from tests.test_headcount import two_customers
from tests.test_zh_everywhere import allocate

HIRE = {"hire": {"rules.add_rms.rm": 1}}


@pytest.fixture(scope="module")
def hired(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """Runs of two customers before and after one RM is hired (in English and Chinese), and
    what the terminal said of each."""
    folder = tmp_path_factory.mktemp("net_value")
    path = two_customers(folder)
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "overrides: {hire: {rules.add_rms.rm: 1}}\n", encoding="utf-8")
    said = {}
    for name, args in (("base", []), ("hire", ["--use", "hire"]),
                       ("hire_zh", ["--use", "hire", "--set", "output.language=zh"])):
        result = allocate("run", str(path), *args, "--out", str(folder / "reports"))
        assert result.exit_code == 0, result.stderr
        said[name] = " ".join(result.stdout.split())
    return folder / "reports", said


def test_the_run_line_shows_the_label_and_the_value_net_of_rm_cost(
        hired: tuple[Path, dict[str, str]]) -> None:
    # two customers worth 100 a year, 50 more with an RM; an RM costs 20 a year
    _, said = hired
    assert said["hire"].startswith("world + hire: optimal")
    assert "expected value 100 EUR (value net of RM cost 60 EUR, RM cost 40 EUR)" in said["hire"]
    assert said["base"].startswith("world: optimal")
    assert "(value net of RM cost 30 EUR, RM cost 20 EUR)" in said["base"]
    assert said["hire_zh"].startswith("world + hire：")
    zh = said["hire_zh"].replace(" ", "")  # Chinese wraps between any two characters
    assert "（扣除客户经理成本后的价值60EUR，客户经理成本40EUR）" in zh


def test_runs_lists_the_value_net_of_rm_cost(hired: tuple[Path, dict[str, str]]) -> None:
    reports, _ = hired
    result = allocate("runs", "--reports", str(reports))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    head = next(i for i, line in enumerate(lines) if "value net of RM cost" in line)
    cells = [[cell.strip() for cell in line.split("│")] for line in lines[head + 2:head + 5]]
    column = [cell.strip() for cell in lines[head].split("┃")].index("value net of RM cost")
    assert [row[column] for row in cells] == ["30", "60", "60"]  # before and after the hire


@pytest.mark.parametrize(("language", "lead"), [
    ("en", "Net of RM cost, B is worth +30 EUR against A (+100.0%): its RM cost changes by +20 "
           "EUR, its expected value before RM cost by +50 EUR."),
    ("zh", "扣除客户经理成本后，B 的价值相对 A 变化 +30 EUR（+100.0%）：客户经理成本变化 +20 EUR，"
           "扣除成本前的预期价值变化 +50 EUR。")])
def test_compare_leads_with_the_change_net_of_rm_cost(
        hired: tuple[Path, dict[str, str]], tmp_path: Path, language: str, lead: str) -> None:
    reports, _ = hired
    base, hire = sorted(p for p in (reports / "world").iterdir() if p.is_dir())[:2]
    result = allocate("compare", str(base), str(hire), "--out", str(tmp_path),
                      "--language", language)
    assert result.exit_code == 0, result.stderr
    joined = "" if language == "zh" else " "  # the console wraps long lines
    said = joined.join(result.stdout.split())
    verdict = said.index(joined.join(["B", "is", "worth", "+50"]) if language == "en"
                         else "B的预期价值相对A变化+50")
    assert 0 <= said.index(joined.join(lead.split())) < verdict  # the net change leads
    table = "Expected value (B - A)" if language == "en" else "预期价值（B−A）"
    assert verdict < said.index(table)  # the verdict before the table of gross figures
    if language == "en":
        assert joined.join(["Before", "RM", "cost,", "B", "is", "worth", "+50"]) in said
    page = (next((tmp_path / "compare").iterdir()) / "compare.html").read_text(encoding="utf-8")
    assert lead in page


def test_compare_says_an_unchanged_rm_cost_is_the_same(
        hired: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    """Two runs with one RM hired each: the RM cost did not change, so it is never "+0 EUR"."""
    reports, _ = hired
    runs = sorted(p for p in (reports / "world").iterdir() if p.is_dir())
    hire, hire_zh = runs[1], runs[2]
    result = allocate("compare", str(hire), str(hire_zh), "--out", str(tmp_path),
                      "--language", "en")
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())
    assert "Net of RM cost, B is worth +0 EUR against A (+0.0%): its RM cost is the same as " \
           "A's." in said
    assert "Before RM cost, B is worth the same as A to the unit, and the two runs' bounds " \
           "prove it." in said  # both proven optimal: not "+0 EUR ... a measured difference"
    assert "+0 EUR, its" not in said and "changes by +0" not in said and "Before RM cost, B " \
        "is worth +0" not in said


def test_a_label_that_does_not_start_with_the_scenario_s_name_follows_it(tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    for language, said in (("en", "world (Hire one)"), ("zh", "world（Hire one）")):
        scenario = load_scenario(path, ['output.label="Hire one"']).scenario
        assert run_name(scenario, Words(language)) == said  # type: ignore[arg-type]
    assert run_name(load_scenario(path).scenario, Words()) == "world"
