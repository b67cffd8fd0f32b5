"""A Chinese run speaks Chinese everywhere: every command's terminal output at 80 columns,
report.html's visible text, summary.md and every cell of plan.xlsx hold no English word but the
few a Chinese reader takes as they are (units, model and file names, product codes), and no
space Chinese does not write. Ids may be Chinese themselves, and the terminal's tables fold long
numbers and paths instead of cutting them."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import Result
from openpyxl import load_workbook
from rich.cells import cell_len
from typer.testing import CliRunner

from allocator.cli import consoles
from allocator.cli.app import app, command_line

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 80
"""The terminal's columns."""
DEMO_ZH = ROOT / "scenarios" / "demo_zh.yaml"
SMALL_BOOK = {"data": {"generate": {"customers": 600}}, "budget": {"total": 9000},
              "risk": {"loss_cap": 300, "capital_cap": 800_000},
              "rules": {"continuity": {"max_reassignments": 12},
                        "channel_capacity": {"call_centre": 24, "branch": 8}}}
"""The demo's book at a fifth of its size, each limit a fifth of the demo's: its run says
every message the demo's does (the limits that bind, the steps, the baselines, the watch
list) in a quarter of the time."""
NOTE = "多招聘五名贵宾客户经理"
"""Why the run was made (`--note`), which compare shows beside its label."""
ADDED = "新增贵宾客户经理 "
"""An added RM (premier_rm+1) by its grade's name: 新增贵宾客户经理 1."""

ALLOWED = {
    "AUC", "Brier",  # the names of the two measures of a model, as statisticians write them
    "highs",  # the solver's name
    "RM",  # 客户经理's abbreviation in RM ids (RM00001)
    "demo_zh",  # the scenario's name, which is its folder's name
    "allocator",  # the program's name, with its version at the foot of the report
    "A", "B",  # the two runs a comparison names
    "CNY", "EUR",  # currency codes (ISO 4217), as a bank writes them beside an amount
    "UTC",  # the time zone of a run's creation time
    "today",  # `--base today`, an option's value, typed as it is
}
"""English words a Chinese reader takes as they are."""
CODE = re.compile(r"^[A-Za-z]+\d[\w]*$|^\d[\w]*$")
"""Ids and codes: letters then digits (C00012, RM00001, R2), or a number with its unit."""
FILE = re.compile(r"[\w./-]*/[\w./-]*|[\w-]+\.(?:csv|json|parquet|xlsx|html|md|yaml)\b"
                  r"|--?[a-z][\w-]*|\b[a-z_]+(?:\.[a-z_]+)+(?:=\S*)?")
"""Paths, file names, command-line options and scenario keys (output.steps), which are
typed as they are."""


def english_words(text: str) -> set[str]:
    """The ASCII words of `text` outside the allow-list, codes, paths and keys."""
    text = FILE.sub(" ", text)
    return {word for word in re.findall(r"(?<!\w)[A-Za-z]\w*", text)
            if word not in ALLOWED and not CODE.match(word)}


CHINESE = "[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
"""A Chinese character or mark (。、 and the full-width ，：；（）)."""
SPACED = re.compile(f"{CHINESE} +{CHINESE}|[\u3000-\u303f\uff00-\uffef] +[^\\s│┃|]")
"""A space Chinese does not write: between two Chinese characters or marks, or after a mark
(before a table's border it pads the cell)."""


def spaced(text: str) -> list[str]:
    """Each space of `text` that Chinese does not write, with the words around it."""
    return [text[max(0, found.start() - 8):found.end() + 8] for found in SPACED.finditer(text)]


MARKDOWN_ESCAPE = re.compile(r"\\([\\\[\]()`*_!])")
"""A mark summary.md's table cells escape (report.summary.MARKDOWN_CELL), as a reader sees it
once rendered; an escaped '|' stays, as it splits no cell."""


def markdown_text(path: Path) -> str:
    """summary.md as its reader sees it: a table cell's escaped marks as they are."""
    return MARKDOWN_ESCAPE.sub(r"\1", path.read_text(encoding="utf-8"))


HIDDEN = ("style", "script", "metadata")
"""Elements whose text is not shown (a chart's metadata names its format, image/svg+xml)."""


class _Visible(HTMLParser):
    """The text a reader sees: no tags, no styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: object) -> None:
        self._hidden += tag in HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in HIDDEN

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return "\n".join(parser.parts)


def workbook_text(path: Path) -> str:
    book = load_workbook(path, read_only=True)
    try:
        return "\n".join(str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for value in row if isinstance(value, str))
    finally:
        book.close()


def allocate(*args: str, width: int = WIDTH) -> Result:
    """`allocate ARGS` run in this process (no start-up to pay), its arguments read as the
    program reads them (a scenario file first is `run FILE`) and its terminal `width` columns
    wide, as COLUMNS or a pipe (80) gives the program; the width is given back after."""
    with pytest.MonkeyPatch.context() as patch:
        for console in (consoles.console, consoles.errors):
            patch.setattr(console, "_width", width)
        return CliRunner().invoke(app, command_line(list(args)), env={"COLUMNS": str(width)},
                                  catch_exceptions=False)


def runs_listed(output: str) -> list[Path]:
    """The folders `allocate runs` lists below its table, as a reader copies them."""
    return [Path(line.split(maxsplit=1)[1]) for line in output.splitlines()
            if re.match(r"^\s*\d+\s+/", line)]


def folder_in(output: str) -> Path:
    """The run folder a command says it wrote (the last path on its last lines)."""
    found = re.findall(r"(/\S+)", output.replace("\n", ""))
    return Path(found[-1])


@pytest.fixture(scope="module")
def zh_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every output of the Chinese demo (run on SMALL_BOOK): each command's terminal text,
    report.html's visible text, summary.md and plan.xlsx's cells, by where it came from."""
    reports = tmp_path_factory.mktemp("reports")
    into = f"output.dir={reports}"
    texts: dict[str, str] = {}
    small_demo = tmp_path_factory.mktemp("book") / "small.yaml"
    small_demo.write_text(yaml.safe_dump({"extends": str(DEMO_ZH), **SMALL_BOOK}))

    def command(name: str, *args: str) -> str:
        result = allocate(*args)
        assert result.exit_code == 0, result.output
        texts[name] = result.output
        return texts[name]

    more = ("--use", "more_premier_rms")  # RMs added to a grade: premier_rm+1, ...
    command("validate", "validate", str(DEMO_ZH), *more)
    run = folder_in(command("run", "run", str(small_demo), "--set", into, *more, "--note",
                            NOTE))  # a what-if: its scenario's plain run is planned first
    small = ("--set", into, "--set", "data.generate.customers=300", "--set",
             "output.steps=false", "--set", "output.baselines=false")
    command("sweep", "sweep", str(DEMO_ZH), "--vary", "budget.total=6000,7000", *small)
    command("sweep of RMs", "sweep", str(DEMO_ZH), "--vary", "rules.add_rms.premier_rm=0:10:5",
            "--set", "budget.total=6000", *small)  # a swept key of an id: by its label
    for sweep in sorted(reports.glob("demo_zh/sweep-*")):  # each sweep's page, its points'
        texts[f"{sweep.name}/report.html"] = visible_text(
            (sweep / "report.html").read_text(encoding="utf-8"))
        for summary in sorted(sweep.glob("point-*/*/summary.md")):
            point = summary.parent.relative_to(reports)
            texts[f"{point}/summary.md"] = markdown_text(summary)
            texts[f"{point}/report.html"] = visible_text(
                (summary.parent / "report.html").read_text(encoding="utf-8"))
    listed = runs_listed(command("runs", "runs", "--reports", str(reports), "--scenario",
                                 "demo_zh"))  # in the scenario's language
    assert set(listed) >= {run}
    point = next(folder for folder in listed if folder != run)
    compared = folder_in(command("compare", "compare", str(point), str(run)))  # from `runs`
    plan = pd.read_csv(run / "customer_plan.csv").dropna(subset=["rm_id"])
    customer = plan[plan["rm_id"].str.contains("+", regex=False)].iloc[0]  # an added RM's
    command("explain", "explain", str(run), str(customer["customer_id"]))
    command("verify", "verify", str(run))
    texts["report.html"] = visible_text((run / "report.html").read_text(encoding="utf-8"))
    texts["summary.md"] = markdown_text(run / "summary.md")
    texts["plan.xlsx"] = workbook_text(run / "plan.xlsx")
    texts["compare.html"] = visible_text((compared / "compare.html").read_text(encoding="utf-8"))
    texts["compare.xlsx"] = workbook_text(compared / "compare.xlsx")
    return texts


def test_a_chinese_run_shows_no_english(zh_outputs: dict[str, str]) -> None:
    english = {name: sorted(english_words(text)) for name, text in zh_outputs.items()}
    assert not {name: words for name, words in english.items() if words}, english


def test_the_outputs_are_read_whole(zh_outputs: dict[str, str]) -> None:
    """What the test reads: every command spoke, in Chinese, and no number was cut short."""
    assert set(zh_outputs) >= {"validate", "run", "sweep", "compare", "explain", "runs",
                               "verify", "report.html", "summary.md", "plan.xlsx",
                               "compare.html", "compare.xlsx"}
    assert "私人银行" in zh_outputs["run"] and "尊享服务" in zh_outputs["plan.xlsx"]
    summary = "".join(zh_outputs["run"].split())  # the terminal's summary of the run
    for word in ("最优", "分层方案", "预期价值", "每增加一个单位的价值", "方案已通过独立校验"):
        assert word in summary, word
    assert "新增客户经理（贵宾客户经理）" in zh_outputs["sweep of RMs"]
    assert "标签" in zh_outputs["runs"] and "UTC" in zh_outputs["runs"]
    for name in ("plan.xlsx", "explain", "compare.html", "compare.xlsx"):
        assert ADDED in zh_outputs[name], name
    for name in ("compare", "compare.html", "compare.xlsx"):
        assert f"的说明：{NOTE}" in "".join(zh_outputs[name].split()), name
    for name in ("validate", "run", "sweep", "compare", "explain", "runs", "verify"):
        assert "…" not in zh_outputs[name], name
        tables = [line for line in zh_outputs[name].splitlines() if line[:1] in "┏┃┡│└"]
        assert max(map(cell_len, tables), default=0) <= WIDTH, name


def test_a_chinese_run_writes_no_space_chinese_does_not(zh_outputs: dict[str, str]) -> None:
    """None between two Chinese words (预算（合计）已使用, 区域华北、华东, 由无改为 5), none
    after a sentence (。客户经理覆盖的价值); one between Chinese and a number or a Latin word
    (不低于预算的 15.0%, 每 EUR 预算)."""
    found = {name: spaced(text) for name, text in zh_outputs.items()}
    assert not {name: said for name, said in found.items() if said}, found
    points = [name for name in zh_outputs if "/point-" in name]
    assert len(points) == 2 * (2 + 3), points  # summary.md and report.html of each point
    assert "预算（合计）已使用" in zh_outputs["summary.md"]
    assert "新增客户经理（贵宾客户经理）由无改为 5" in zh_outputs["report.html"]
    assert "贵宾：不低于预算的 15.0%" in zh_outputs["summary.md"]


BRACKETED = re.compile(f"{CHINESE}\\s*\\[")
"""An ASCII bracket after Chinese: a limit's label as English writes it (客户经理工时 [...])
where Chinese writes 客户经理工时（...）."""


def test_a_chinese_run_names_a_limit_s_label_in_chinese_brackets(
        zh_outputs: dict[str, str], zh_calendar: tuple[Path, dict[str, str]]) -> None:
    texts = {**zh_outputs, **{f"calendar {name}": text for name, text in zh_calendar[1].items()}}
    found = {name: [text[max(0, at.start() - 20):at.end() + 20]
                    for at in BRACKETED.finditer(text)] for name, text in texts.items()}
    assert not {name: said for name, said in found.items() if said}, found


def test_english_words_are_found() -> None:
    assert english_words("层级 premier_rm：预算 45,000 (call_centre)") == {
        "premier_rm", "call_centre"}
    assert english_words("RM00012 / R2 于 /tmp/reports/x.csv，AUC 0.8，output.steps=false") == set()


DEMO_CALENDAR = ROOT / "scenarios" / "demo_calendar.yaml"
SMALL_CALENDAR = ("--set", "output.language=zh", "--set", "data.generate.customers=200",
                  "--set", "calendar.sales.cards.min=5", "--set", "output.steps=false",
                  "--set", "budget.total=45000",  # a premier floor (15%) 200 customers can spend
                  *(setting for grade, hours in (("private_banker", 2), ("wealth_rm", 2),
                                                 ("premier_rm", 3))
                    for setting in ("--set", f"rm_grades.{grade}.hours_per_month={hours}")))
"""The demo calendar on a small book whose RMs' months fill up, in Chinese."""


@pytest.fixture(scope="module")
def zh_calendar(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A small Chinese run of the demo calendar: its folder, and every output's text (the
    terminal of run and explain, summary.md, report.html and plan.xlsx)."""
    reports = tmp_path_factory.mktemp("calendar")
    ran = allocate("run", str(DEMO_CALENDAR), *SMALL_CALENDAR, "--set", f"output.dir={reports}")
    assert ran.exit_code == 0, ran.output
    run = folder_in(ran.output)
    texts = {"run": ran.output}
    customer = pd.read_csv(run / "customer_plan.csv").dropna(subset=["rm_id"]).iloc[0]
    explained = allocate("explain", str(run), str(customer["customer_id"]))
    assert explained.exit_code == 0, explained.output
    texts["explain"] = explained.output
    texts["report.html"] = visible_text((run / "report.html").read_text(encoding="utf-8"))
    texts["summary.md"] = markdown_text(run / "summary.md")
    texts["plan.xlsx"] = workbook_text(run / "plan.xlsx")
    return run, texts


def test_a_chinese_calendar_run_shows_no_english(zh_calendar: tuple[Path, dict[str, str]]
                                                 ) -> None:
    """Families, grades, activities, products, windows, groups and targets by their names,
    an RM's month as days."""
    run, texts = zh_calendar
    months = pd.read_csv(run / "constraints.csv").query("constraint == 'rm_month_hours'")
    assert (months["used"] >= months["limit"] - 1e-6).any()  # some RM's month is full
    english = {name: sorted(english_words(text) - {"demo_calendar"})
               for name, text in texts.items()}
    assert not {name: words for name, words in english.items() if words}, english
    assert "客户经理月度工时（财富客户经理 / RM00002 / 第 29–56 天）" in texts["summary.md"]
    assert "信用卡销量" in texts["plan.xlsx"] and "数字渠道" in texts["plan.xlsx"]


def test_a_calendar_run_s_rm_months_are_grouped(zh_calendar: tuple[Path, dict[str, str]]
                                                ) -> None:
    """The watch list gives one line per grade naming its regions and months; the drivers
    name an RM's month by grade, region and days, never by the RM's id."""
    _, texts = zh_calendar
    summary = texts["summary.md"]
    watch = summary[summary.index("### 委员会需关注的事项"):summary.index("## 假设条件")]
    monthly = [line for line in watch.splitlines() if line.startswith("- 客户经理月度工时")]
    assert len(monthly) <= 3 and all("有月份使用率达到 98%" in line for line in monthly)
    assert "另有" not in watch and "第 29–56 天" in watch
    drivers = summary[summary.index("## 方案的驱动因素"):summary.index("## 求解结果")]
    rows = [line for line in drivers.splitlines() if line.startswith("| 客户经理月度工时")]
    assert rows and all(re.search(r"/ R\d / 第 \d+–\d+ 天 \|", row) for row in rows), rows


def test_no_quota_and_no_minimum_are_blank(zh_calendar: tuple[Path, dict[str, str]]) -> None:
    """The calendar clears the offers' quotas and minimums: none reads as a target of 0."""
    run, texts = zh_calendar
    offers = pd.read_csv(run / "offer_summary.csv")
    assert offers[["quota", "minimum"]].isna().all().all()
    row = next(line for line in texts["summary.md"].splitlines()
               if line.startswith("| 第一季度全权委托检视 |"))
    assert [cell.strip() for cell in row.split("|")[4:6]] == ["", ""], row  # quota, minimum
