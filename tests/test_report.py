"""report.html, summary.md, plan.xlsx and the terminal summary, in English and Chinese."""

from __future__ import annotations

import json
import re
import shutil
import string
import subprocess
from dataclasses import replace
from html import unescape
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator import api
from allocator.errors import UserError
from allocator.report import paper, plan_tables, roi
from allocator.report.cell_texts import multiple_text, percent_text
from allocator.report.formats import view
from allocator.report.language import MESSAGES, TERMS_ZH, Words
from allocator.report.markdown_text import markdown_cell
from allocator.report.pdf import add_pdf
from allocator.report.plan_page import plan_cards
from allocator.report.summary import plan_summary
from allocator.report.term_words import OF_WHICH
from allocator.run_index import sync
from allocator.run_label import naming_sets
from tests.builders import offer, world
from tests.test_cli import ROOT
from tests.test_zh_everywhere import allocate

CHARTS = ("tier-pyramid", "baselines", "value-components", "budget", "rm-utilization", "offer-volumes",
          "risk-caps", "tier-migration")


@pytest.fixture(scope="module")
def runs(demo_run: api.Run, demo_zh_run: api.Run) -> dict[str, api.Run]:
    """The demo in each language (the session's runs: read only)."""
    return {"en": demo_run, "zh": demo_zh_run}


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_fields() -> None:
    """The same fields in both, a field `<name>_zh` of the Chinese being the Chinese of
    `<name>` (violation_words.said_both)."""
    for key, (english, chinese) in MESSAGES.items():
        assert english and chinese, key
        assert fields(english) == {name.removesuffix("_zh") for name in fields(chinese)}, key
        assert re.search(r"[\u4e00-\u9fff]", chinese), f"{key} has no Chinese"


def test_an_unknown_message_fails_loudly() -> None:
    with pytest.raises(KeyError):
        Words("zh")("no_such_message")


def test_report_html_is_self_contained_with_every_chart(runs: dict[str, api.Run]) -> None:
    html = (runs["en"].folder / "report.html").read_text(encoding="utf-8")
    for chart in CHARTS:
        assert f'id="{chart}"' in html, chart
    assert html.count("<svg") == len(CHARTS)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "must open offline"
    assert "<script" not in html
    for heading in ("Tiers", "Offers", "Constraints, binding flags and marginal values",
                    "What one more unit is worth"):
        assert f"<h2>{heading}</h2>" in html
    assert 'class="binding"' in html  # binding constraints are flagged
    assert "5,424,098" in html  # the demo's expected value


def test_rm_cost_and_net_value_are_in_the_report_and_the_workbook(
        runs: dict[str, api.Run]) -> None:
    # The demo prices its 12 RMs (rm_grades.*.cost_per_year): 3,353,876 over the horizon,
    # discounted; 5,424,098 - 3,353,876 = 2,070,222 net.
    html = (runs["en"].folder / "report.html").read_text(encoding="utf-8")
    assert "RM cost" in html and "3,353,876 EUR" in html
    assert "Value net of RM cost" in html and "2,070,222 EUR" in html  # a card as the others
    for language, (cost, net) in {"en": ("RM cost", "value net of RM cost"),
                                  "zh": ("客户经理成本", "扣除客户经理成本后的价值")}.items():
        book = load_workbook(runs[language].folder / "plan.xlsx", read_only=True)
        items = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True)}
        book.close()
        assert items[cost] == pytest.approx(3_353_876, abs=1)
        assert items[net] == pytest.approx(2_070_222, abs=1)


def test_summary_states_the_gap_beside_its_target(runs: dict[str, api.Run]) -> None:
    summary = (runs["en"].folder / "summary.md").read_text(encoding="utf-8")
    gap = runs["en"].outcome.gap
    assert gap is not None
    assert f"Gap {percent_text(gap)} (target 0.01%)" in summary  # the demo's solver.gap: 1e-4


@pytest.mark.long
def test_same_plan_gives_the_same_report_bytes(tmp_path: Path) -> None:
    scenario = ROOT / "scenarios" / "demo.yaml"
    first, second = (api.run(scenario, output=tmp_path) for _ in range(2))
    created = re.compile(rb"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?(\+00:00| UTC)?")  # the assumptions' time
    assert created.sub(b"", (first.folder / "report.html").read_bytes()) == created.sub(
        b"", (second.folder / "report.html").read_bytes())


def test_chinese_report_has_no_english_labels(runs: dict[str, api.Run]) -> None:
    folder = runs["zh"].folder
    html = (folder / "report.html").read_text(encoding="utf-8")
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for text in (html, summary):
        for word in ("客户分层", "预算", "预期损失", "边际价值"):
            assert word in text
        for english, _ in MESSAGES.values():
            if not fields(english) and len(english) > 8:
                assert english not in text, english
    assert "客户经理" in html and "<html lang=\"zh-CN\">" in html
    assert "Status" not in summary and "Tiers" not in html


def test_chinese_workbook_sheets_and_headers(runs: dict[str, api.Run]) -> None:
    book = load_workbook(runs["zh"].folder / "plan.xlsx")
    assert book.sheetnames == ["摘要", "假设条件", "客户分层", "客户经理名单", "产品推荐", "约束",
                               "客户方案"]
    tiers = book["客户分层"]
    assert [cell.value for cell in tiers[1]][:3] == ["层级", "客户数", "已覆盖"]
    assert tiers.cell(2, 2).data_type == "n" and tiers.freeze_panes == "A2"
    assert book["约束"].cell(2, 4).value in {"≤", "≥", "="}
    # CJK headers count double when sizing columns
    assert tiers.column_dimensions["B"].width >= 2 * len("客户数")


def test_report_of_an_infeasible_run_shows_its_diagnosis(tmp_path: Path) -> None:
    customers = [{"customer_id": c, "tier_key": 1.0} for c in ("A", "B", "C")]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 20}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10}, "base": {}}
    path = world(tmp_path, customers, rms, tiers=tiers, output={"language": "zh"})
    result = allocate(str(path))
    assert result.exit_code == 1 and "不可行" in result.stderr
    assert "没有满足全部约束的方案" in result.stderr
    folder = next((tmp_path / "reports" / "world").iterdir())
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert "无可行方案" in html and "需要放宽的约束" in html
    assert "客户经理工时超出容量" in html or "必选层级中未分配客户经理的客户" in html


def test_engine_terms_have_chinese() -> None:
    from allocator.backends.base import Status
    from allocator.diagnosis import PHRASES

    for phrase in (*PHRASES.values(), *PHRASES, *(s.value for s in Status)):
        assert phrase in TERMS_ZH, phrase


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_sheet_with_numbers(runs: dict[str, api.Run],
                                                    tmp_path: Path) -> None:
    book = runs["zh"].folder / "plan.xlsx"
    shutil.copy(book, tmp_path / "plan.xlsx")
    # CSV filter options: comma, quote, UTF-8, first line 1, ..., sheet -1 = every sheet
    subprocess.run(["soffice", "--headless", "--convert-to",
                    'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,'
                    'false,-1', "plan.xlsx"], cwd=tmp_path, check=True, capture_output=True,
                   timeout=180)
    sheets = {p.stem.removeprefix("plan-"): p for p in tmp_path.glob("plan-*.csv")}
    assert set(sheets) == {"摘要", "假设条件", "客户分层", "客户经理名单", "产品推荐", "约束", "客户方案"}
    tiers = pd.read_csv(sheets["客户分层"])
    assert tiers["客户数"].dtype.kind in "if" and tiers["客户数"].sum() == 2_978
    plan = pd.read_csv(sheets["客户方案"])
    assert len(plan) == 2_978
    assert set(plan.groupby("层级")["服务包"].unique().map(tuple)) == {
        ("尊享服务",), ("增强服务",), ("基础服务",)}  # each customer with the package of the tier
    # (the engine's standard package ids, named in Chinese though the scenario labels none)
    assumptions = dict(pd.read_csv(sheets["假设条件"]).to_numpy())
    assert assumptions["币种"] == "EUR" and assumptions["期限"] == "5 年"
    assert assumptions["折现率"] == "8.0%" and "3,000 位客户" in assumptions["数据来源"]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "budget [total] soft, penalized: used 50, must be ≤ 0 (off by 50)"),
    ("zh", "预算（合计）软约束，已计惩罚：使用 50，应 ≤ 0（偏离 50）"),
])
def test_soft_constraints_that_gave_are_reported_in_the_language(
        tmp_path: Path, language: str, expected: str) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 0}, output={"language": language},
                 objective={"horizon_years": 1, "discount_rate": 0.0, "soft": {"budget": 0.5}})
    run = api.run(path)
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    assert expected in re.sub(r"\\([\[\]])", r"\1", summary)  # as Markdown shows it
    assert expected in (run.folder / "report.html").read_text(encoding="utf-8")


def first_page(folder: Path) -> str:
    """report.html above its first details heading, as text."""
    page = (folder / "report.html").read_text(encoding="utf-8")
    return unescape(page[:page.index('id="details"')])


def test_the_first_page_is_the_decision(runs: dict[str, api.Run]) -> None:
    folder = runs["en"].folder
    page = first_page(folder)
    plan = pd.read_parquet(folder / "customer_plan.parquet")
    had, has = plan["incumbent_rm"].notna(), plan["rm_id"].notna()
    kept = int((plan["rm_id"] == plan["incumbent_rm"]).sum())
    made = pd.read_csv(folder / "offer_plan.csv").groupby("channel", sort=False).size()
    summary = pd.read_csv(folder / "offer_summary.csv").groupby("channel", sort=False)["made"]
    channels = ", ".join(f"{Words('en').term(k)} {v:,}" for k, v in summary.sum().items() if v)
    assert channels.startswith("RM ") and "call centre" in channels  # words, not ids
    constraints = pd.read_csv(folder / "constraints.csv")
    [reassigned] = constraints.loc[constraints["constraint"] == "continuity", "used"].astype(int)
    for item in (
        "Service packages: private premium, wealth premium, premier enhanced, mass basic.",
        f"RM coverage: {int(has.sum()):,} of {len(plan):,} customers have an RM "
        "(private 28 of 28, wealth 149 of 149,",
        f"RM books against today's: {kept:,} customers keep their RM, "
        f"{int((has & had).sum()) - kept:,} move to another RM, ",
        f"{int((has & ~had).sum()):,} get an RM for the first time, {int((~has & had).sum()):,} "
        "lose theirs.",
        f"The continuity limit counts {reassigned:,} reassignments: customers who leave an RM "
        "who could have kept them, for another RM or for none; the other "
        f"{int(had.sum()) - kept - reassigned:,} who leave their RM are forced moves.",
        f"Offers by channel: {channels} ({int(made.sum()):,} in all).",
        "Expected value 5,424,098 EUR (optimal within the 0.01% gap target; best bound",
        "expected net present value over 5 years at a discount rate of 8.0%",
        "over the greedy fill by tier.", "over today's RM books kept.",
        "over the budget split equally across tiers, which breaks tier budget floor [premier]: "
        "not a like-for-like comparison",
        "What drives this plan", "budget total is 100.0% used (45,000 of 45,000).",
        "Every customer of a mandatory tier has an RM.",
    ):
        assert item in page, item
    assert 'id="baselines"' in page and "The value axis starts at 5" in page
    for identifier in ("expected_loss", "package_cost", "tier_greedy", "call_centre",
                       "premier_rm"):
        assert identifier not in page, identifier


def test_the_watch_list_puts_book_wide_limits_first_and_never_cuts_silently(
        runs: dict[str, api.Run], monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = runs["en"].outcome
    tiers, constraints = plan_tables.tier_plan(outcome), plan_tables.constraint_table(outcome)
    lines = paper.watch_lines(outcome, tiers, constraints, Words("en"))
    assert lines[0] == "budget total is 100.0% used (45,000 of 45,000)."
    assert ("RM hours premier RM: RMs used to 98% or more: 4 of 4 (regions R1, R2, R3, "
            "R4; the most used 100.0%).") in lines
    book_wide = [i for i, line in enumerate(lines) if " is " in line and "% used" in line]
    per_rm = [i for i, line in enumerate(lines) if "RMs used to 98%" in line]
    assert max(book_wide) < min(per_rm)
    monkeypatch.setattr(paper, "WATCHED", 3)
    cut = paper.watch_lines(outcome, tiers, constraints, Words("en"))
    more = len(lines) - 1 - 2  # every limit line but the two shown
    assert cut[:2] == lines[:2] and cut[2] == (
        f"And {more} more limits used to 98% or more: see the constraint table in the details, "
        "and constraints.csv.")
    assert paper.watch_lines(outcome, tiers, constraints, Words("zh"))[2].startswith(
        f"另有 {more} 项使用率达到 98% 或以上的限额")


def test_shares_and_amounts_show_enough_digits_to_differ() -> None:
    assert paper.pair_text(899.6, 900.0) == {"used": "899.6", "limit": "900.0"}
    assert paper.pair_text(45_000.0, 45_000.0) == {"used": "45,000", "limit": "45,000"}


def test_the_decision_s_drivers_are_whole_limits_largest_effect_first(
        runs: dict[str, api.Run]) -> None:
    """The decision's table leaves a grade's regions to the details: six whole limits."""
    for language, run in runs.items():
        words = Words(language)
        summary = (run.folder / "summary.md").read_text(encoding="utf-8")
        table = summary.split(f"### {words('drivers')}")[1].split("### ")[0]
        rows = [line for line in table.splitlines() if line.startswith("| ")][1:]
        assert len(rows) == 6 and not any(words.term(OF_WHICH + "x")[:-1] in row
                                          for row in rows), table


def test_the_assumptions_box_holds_what_the_plan_rests_on(runs: dict[str, api.Run]) -> None:
    folder = runs["en"].folder
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    box = first_page(folder).split('id="assumptions"')[1]
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    facts = {"Scenario": "demo (demo.yaml)", "Label": "—", "Note": "—",
             "Created": f"{manifest['created'][:10]} {manifest['created'][11:16]} UTC",
             "Overrides applied": "none",  # output.language is display only
             "Budget": "45,000 EUR", "Caps": "expected loss 1,500 EUR; capital 4,000,000 EUR; "
             "expected loss of mass at most 60.0% of the loss cap (900 EUR)",
             "Tier budgets": "premier at least 15.0% of the budget (6,750 EUR)",
             "RM moves": "at most 60 customers moved away from their RM",
             "Horizon": "5 years", "Discount rate": "8.0%", "Currency": "EUR",
             "Data sources": "generated book (3,000 customers, seed 7)"}
    for name, value in facts.items():
        assert f"<td>{name}</td><td>{value}</td>" in box, name
        assert f"| {name} | {markdown_cell(value)} |" in summary, name  # as a cell escapes it
    assert summary.index("## The decision") < summary.index("### What drives this plan") < (
        summary.index("## Assumptions")) < summary.index("\n## What drives this plan")
    # as report.html: the decision opens with its drivers, the details after the assumptions


def test_details_show_each_table_once_grouped_with_every_row_in_the_appendix(
        runs: dict[str, api.Run]) -> None:
    folder = runs["en"].folder
    html = (folder / "report.html").read_text(encoding="utf-8")
    assert html.count("Tier migration") == 1  # the chart; its numbers are on its cells
    constraints = pd.read_csv(folder / "constraints.csv")
    grades = pd.read_csv(folder / "rm_books.csv").set_index("rm_id")["grade"]
    per_rm = constraints["constraint"].isin(["rm_capacity", "rm_book_size", "rm_min_load"])
    grouped = (~per_rm).sum() + constraints[per_rm].assign(
        grade=constraints["label"].map(grades)).groupby(["constraint", "grade"]).ngroups

    def rows(heading: str) -> int:
        section = html.split(heading)[1].split("<h2")[0]
        return section.count("<tr") - 1  # the header row

    assert rows("<h2>Constraints, binding flags and marginal values</h2>") == grouped == 31
    assert sum(len(rows) - 1 for rows in appendix_tables(html).values()) == len(
        constraints) == 49
    appendix = html.split(">Appendix: every constraint row</h2>")[1]
    assert "grade / region" in appendix and "premier RM / R1" in appendix
    details = html.split("<h2>Constraints, binding flags and marginal values</h2>")[1]
    for header in ("marginal value", "highest use", "RMs"):
        assert f">{header}</th>" in details, header
    assert "marginal_value" not in details.split("</thead>")[0]
    zh = (runs["zh"].folder / "report.html").read_text(encoding="utf-8")
    assert "职级 / 区域" in zh
    assert "| 项目 | 内容 |" in (runs["zh"].folder / "summary.md").read_text(encoding="utf-8")


def test_tables_show_counts_whole_and_amounts_in_full() -> None:
    frame = pd.DataFrame({"rms": [4.0, 12.0], "quota": [90.0, 240.0], "value": [17.7e6, 4.3e6],
                          "slack": [-1e-12, 1.25]})
    cells = [[cell.text for cell in row.cells] for row in view(frame, Words("zh")).rows]
    assert cells == [["4", "90", "17,700,000", "0.00"], ["12", "240", "4,300,000", "1.25"]]


def test_details_group_rms_by_grade_and_region_where_a_group_has_several(
        tmp_path: Path) -> None:
    rms = [{"rm_id": rm, "grade": "rm", "region": region, "capacity_hours": 1000}
           for rm, region in (("R1", "north"), ("R2", "north"), ("R3", "south"))]
    customers = [{"customer_id": customer, "tier_key": 2.0, "region": region}
                 for customer, region in (("A", "north"), ("B", "north"), ("C", "south"))]
    outcome = api.run(world(tmp_path, customers, rms)).outcome
    constraints = plan_tables.constraint_table(outcome)
    groups, note = paper.constraint_groups(outcome, constraints)
    assert note == "constraints_grouped_note" and groups["R2"] == "rm / north"
    table = paper.grouped_constraints(constraints, groups)
    capacity = table[table["constraint"] == "rm_capacity"].set_index("label")
    assert capacity["rms"].to_dict() == {"rm / north": 2, "rm / south": 1}
    assert capacity.loc["rm / north", "limit"] == 2000.0
    assert capacity["max_use_share"].between(0, 1).all()


def test_chart_text_is_eleven_points_or_more(runs: dict[str, api.Run]) -> None:
    html = (runs["zh"].folder / "report.html").read_text(encoding="utf-8")
    sizes = [float(size) for size in re.findall(r"font(?:-size)?:\s*(?:\w+\s+)*?([\d.]+)px",
                                                 html[html.index("<svg"):])]
    assert len(sizes) > 50 and min(sizes) >= 11


def test_workbook_tables_have_autofilters_and_the_assumptions(runs: dict[str, api.Run]) -> None:
    book = load_workbook(runs["en"].folder / "plan.xlsx")
    assert book.sheetnames[:2] == ["summary", "assumptions"]
    for sheet in book.worksheets:
        assert sheet.auto_filter.ref == sheet.dimensions, sheet.title
    assumptions = {row[0]: row[1] for row in book["assumptions"].iter_rows(min_row=2,
                                                                         values_only=True)}
    assert assumptions["Currency"] == "EUR" and assumptions["Budget"] == "45,000 EUR"
    header = [cell.value for cell in book["customer plan"][1]]
    assert "package" in header
    summary = {row[0].value: row[1] for row in book["summary"].iter_rows(min_row=2)}
    assert summary["gap"].number_format == "0.0000%"
    assert summary["expected value"].number_format == "#,##0"


def test_label_note_and_currency_reach_the_report_manifest_and_registry(
        tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 offers={"o": offer(100, cost=50)}, budget={"total": 100})
    sets = ["objective.currency=CHF", *naming_sets("Budget −10%", "Why: cut: 10%")]
    run = api.run(path, sets=sets, output=tmp_path / "runs")
    page = first_page(run.folder)
    assert "Budget −10%" in page.split('id="decision"')[0]
    assert "<td>Note</td><td>Why: cut: 10%</td>" in page and "<td>Currency</td><td>CHF" in page
    assert f"{run.outcome.objective:,.0f} CHF" in page
    # the currency a scenario leaves unset is EUR, what the override changed
    assert "<td>Overrides applied</td><td>--set: objective.currency EUR → CHF</td>" in page
    manifest = json.loads((run.folder / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["label"], manifest["note"], manifest["currency"]) == (
        "Budget −10%", "Why: cut: 10%", "CHF")
    [row] = sync(tmp_path / "runs").to_dict(orient="records")
    assert row["label"] == "Budget −10%" and row["applied"] == "--set objective.currency=CHF"


def test_a_pdf_is_never_added_to_a_folder_changed_since_its_run(
        runs: dict[str, api.Run], tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(runs["en"].folder, folder)
    with pytest.raises(UserError, match="no Chromium at /nowhere/chromium"):
        add_pdf(folder, Path("/nowhere/chromium"))
    (folder / "summary.md").write_text("edited", encoding="utf-8")
    with pytest.raises(UserError, match="summary.md changed since the run wrote it"):
        add_pdf(folder, Path("/nowhere/chromium"))
    assert not list(folder.glob("*.pdf")) and not list(folder.glob(".*partial"))


def test_a_pdf_keeps_the_manifest_digest_and_a_forged_manifest_gets_none(
        runs: dict[str, api.Run], tmp_path: Path) -> None:
    folder = tmp_path / "run"
    shutil.copytree(runs["en"].folder, folder)
    add_pdf(folder, printer=lambda html, pdf: pdf.write_bytes(b"%PDF-1.4 printed"))
    assert api.verify_run(folder).ok  # the manifest now lists report.pdf, its digest again
    manifest = folder / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "label": "Approved"}), encoding="utf-8")
    with pytest.raises(UserError, match="manifest.json edited after the run: its fields "
                                        "label differ"):
        add_pdf(folder, printer=lambda html, pdf: pdf.write_bytes(b"%PDF-1.4 printed"))


def appendix_tables(html: str) -> dict[str, list[list[str]]]:
    """The appendix's tables by their family heading: the header row, then each row's cells."""
    appendix = html.split('id="appendix"')[1]
    tables = {}
    for part in appendix.split("<h3>")[1:]:
        heading, body = part.split("</h3>", 1)
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body.split("</table>")[0], re.S)
        tables[unescape(heading)] = [[unescape(cell) for cell in re.findall(
            r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]
    return tables


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_appendix_is_a_compact_table_per_family(runs: dict[str, api.Run],
                                                    language: str) -> None:
    folder, words = runs[language].folder, Words(language)
    html = (folder / "report.html").read_text(encoding="utf-8")
    constraints = pd.read_csv(folder / "constraints.csv")
    tables = appendix_tables(html)
    assert list(tables) == [words.term(f) for f in pd.unique(constraints["family"])]
    assert sum(len(rows) - 1 for rows in tables.values()) == len(constraints)
    for family, (header, *rows) in tables.items():
        assert words.column("family") not in header, family
        for column, name in enumerate(header):  # no column empty in every row
            assert any(row[column].strip() for row in rows), (family, name)
    budget = tables[words.term("budget")][0]  # its steps are told where the page opens
    assert not {words.column(f"{way}_{what}") for way in ("step", "cut")
                for what in ("to", "change", "gap")} & set(budget)
    style = html.split("</style>")[0]
    assert "overflow-wrap: anywhere" not in style.split(".assumptions td")[1]
    assert "word-break: normal; hyphens: none" in style


def test_a_small_gap_shows_its_digits(runs: dict[str, api.Run]) -> None:
    """A gap of 0.000029% reads so on the card and in summary.md, never 0.0000%."""
    outcome = runs["en"].outcome
    assert outcome.objective is not None
    near = replace(outcome, result=replace(outcome.result, bound=outcome.objective * (1 + 2.9e-7)))
    tiers = plan_tables.tier_plan(near)
    for language in ("en", "zh"):
        words = Words(language)
        cards = {card.label: card.value for card in plan_cards(near, tiers, words)}
        assert cards[words("gap")] == "0.000029%"
        summary = plan_summary(near, tiers, plan_tables.offer_summary(near),
                               plan_tables.constraint_table(near), words)
        assert "0.000029%" in summary and "0.0000%" not in summary


def test_the_roi_note_reads_the_table_and_the_rm_cost(runs: dict[str, api.Run],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """ROI is the value offers and packages buy per unit spent on them; RM coverage's value
    is set against the RMs' cost apart, never divided by a spend that leaves that cost out."""
    folder = runs["en"].folder
    tiers = pd.read_csv(folder / "tier_summary.csv")
    bought = (tiers["value"] - tiers["coverage_value"]) / tiers["budget"]
    assert np.allclose(tiers["roi"], bought.where(tiers["budget"] > 0), equal_nan=True)
    top = multiple_text(float(tiers["roi"].max()))
    coverage = f"{tiers['coverage_value'].sum():,.0f}"
    html = unescape((folder / "report.html").read_text(encoding="utf-8"))
    note = html.split("<h2>Tiers</h2>")[1].split("</p>")[0]
    assert f"{top} is {top[:-1]} of value for each 1 spent" in note
    assert (f"RM coverage is worth {coverage} EUR against the RMs' cost of 3,353,876 EUR: "
            f"{multiple_text(tiers['coverage_value'].sum() / 3_353_876.0)} for each 1 of RM "
            "cost") in note
    assert "net of it" not in note and "before it" not in note
    zh = unescape((runs["zh"].folder / "report.html").read_text(encoding="utf-8"))
    assert f"客户经理覆盖的价值为 {coverage} EUR，客户经理成本为 3,353,876 EUR" in zh
    monkeypatch.setattr(roi, "rm_cost_and_net", lambda outcome: None)
    unpriced = roi.roi_note(runs["en"].outcome, plan_tables.tier_plan(runs["en"].outcome),
                            Words("en"))
    assert unpriced.endswith(f"RM coverage is worth {coverage} EUR; the scenario puts no cost "
                             "on the RMs' time to set it against.")


def test_the_chinese_summary_uses_full_width_punctuation(runs: dict[str, api.Run]) -> None:
    summary = (runs["zh"].folder / "summary.md").read_text(encoding="utf-8")
    words = Words("zh")
    assert f"- {words('expected_value')}：**" in summary
    bound = next(line for line in summary.splitlines() if line.startswith(
        f"- {words('best_bound')}"))
    assert f"{words('best_bound')}：" in bound and "；" in bound
    assert not re.search(r"[\u4e00-\u9fff]: |[\u4e00-\u9fff\d]; [\u4e00-\u9fff]", bound)
    for key in ("value_by_component", "exclusions"):
        assert f"- {words(key)}：" in summary, key


def test_the_summary_gives_the_currency_of_every_amount_of_the_result(
        runs: dict[str, api.Run]) -> None:
    currency = runs["en"].outcome.prepared.loaded.scenario.objective.currency
    for language in ("en", "zh"):
        words = Words(language)
        lines = (runs[language].folder / "summary.md").read_text(encoding="utf-8").splitlines()
        bound = next(line for line in lines if line.startswith(f"- {words('best_bound')}"))
        assert re.search(rf"[\d,]+ {currency}", bound), bound
        parts = next(line for line in lines
                     if line.startswith(f"- {words('value_by_component')}"))
        amounts = re.findall(r"-?\d[\d,]*(?: [A-Z]{3})?", parts.split(words.sep("colon"), 1)[1])
        assert amounts and all(text.endswith(currency) for text in amounts), parts
