"""report.html in a real headless Chromium: it loads offline with no console errors, and every
chart is painted (screenshots are taken and their pixels inspected).

Needs Debian's chromium (`make browser` installs it). Where it is missing the tests are skipped,
unless ALLOCATOR_REQUIRE_BROWSER=1 (set by CI), which turns the skip into a failure.
"""

from __future__ import annotations

import html
import io
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from allocator import api
from allocator.report.html import sweep_report
from allocator.report.language import Words
from allocator.report.pdf import add_pdf
from allocator.runs import file_sha256
from allocator.sweep_run import run_sweep
from tests.builders import hours_short, world
from tests.test_cli import ROOT, allocate
from tests.test_report import CHARTS
from tests.test_sweep import loans

CHROMIUM = Path(os.environ.get("ALLOCATOR_CHROMIUM", "/usr/bin/chromium"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync", "--disable-quic"]

if not CHROMIUM.exists():
    message = f"no Chromium at {CHROMIUM}: run `make browser` or set ALLOCATOR_CHROMIUM"
    if os.environ.get("ALLOCATOR_REQUIRE_BROWSER") == "1":
        raise RuntimeError(message)
    pytest.skip(message, allow_module_level=True)

playwright = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield chromium
        chromium.close()


def open_report(browser: object, path: Path, shots: Path) -> object:
    """Load the page; fail on any console error, page error or failed request."""
    page = browser.new_page(viewport={"width": 1200, "height": 900})  # type: ignore[attr-defined]
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.goto(path.as_uri(), wait_until="load")
    shots.mkdir(parents=True, exist_ok=True)
    full = page.screenshot(path=str(shots / "page.png"), full_page=True)
    assert Image.open(io.BytesIO(full)).size[0] == 1200
    assert problems == []
    return page


def assert_painted(page: object, chart: str, shots: Path) -> None:
    """The chart has a real size and many colours on screen, not a blank box."""
    figure = page.locator(f"figure#{chart} svg")  # type: ignore[attr-defined]
    box = figure.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100, chart
    image = Image.open(io.BytesIO(figure.screenshot(path=str(shots / f"{chart}.png"))))
    colours = image.convert("RGB").getcolors(maxcolors=1 << 16) or []
    assert len(colours) > 20, f"{chart} looks blank"
    assert figure.locator("text").count() > 3, chart


@pytest.fixture(scope="module")
def demo(demo_run: api.Run, demo_zh_run: api.Run) -> dict[str, api.Run]:
    """The demo in each language (the session's runs: read only)."""
    return {"en": demo_run, "zh": demo_zh_run}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_plan_report_renders(browser: object, demo: dict[str, api.Run], tmp_path: Path,
                             language: str) -> None:
    run = demo[language]
    page = open_report(browser, run.folder / "report.html", tmp_path / "shots")
    for chart in CHARTS:
        assert_painted(page, chart, tmp_path / "shots")
    heading = page.locator("h1").inner_text()  # type: ignore[attr-defined]
    assert heading.startswith("资源配置方案" if language == "zh" else "Allocation plan")
    assert page.locator("tr.binding").count() > 0  # type: ignore[attr-defined]


def test_infeasible_report_renders(browser: object, tmp_path: Path) -> None:
    run = api.run(hours_short(tmp_path))
    assert not run.feasible
    page = open_report(browser, run.folder / "report.html", tmp_path / "shots")
    assert "What must give" in page.locator("body").inner_text()  # type: ignore[attr-defined]


def test_sweep_report_renders(browser: object, tmp_path: Path) -> None:
    result = run_sweep(loans(tmp_path), ["risk.loss_cap=150,300,400"],
                       output=tmp_path / "reports")
    page = open_report(browser, result.folder / "report.html", tmp_path / "shots")
    assert_painted(page, "frontier", tmp_path / "shots")


def print_with(browser: object, html: Path, pdf: Path) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(html.as_uri(), wait_until="load")
    page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)


def pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def chart_text_pixels(page: object) -> list[float]:
    """Every chart text's size on screen: its font size times the SVG's scale."""
    return page.evaluate("""() => [...document.querySelectorAll('figure svg')].flatMap(svg => {
        const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map(
            t => parseFloat(getComputedStyle(t).fontSize) * scale); })""")  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def what_if(demo: dict[str, api.Run], tmp_path_factory: pytest.TempPathFactory
            ) -> dict[str, api.Run]:
    """The demo's budget cut in English (its longest first pages: the zh what-if prints on
    fewer), planned against the demo's run (its base) in a copy of its folder of runs (the
    session's stay as they are): its report adds what the lever changed to the decision and
    its override to the assumptions."""
    return {"en": api.run(ROOT / "scenarios" / "demo.yaml", use=["budget_cut"],
                          output=Path(shutil.copytree(demo["en"].folder.parent.parent,
                                                      tmp_path_factory.mktemp("what-if")
                                                      / "reports")))}


@pytest.mark.parametrize(("language", "kind"), [
    ("en", "plain"), ("zh", "plain"),
    pytest.param("en", "what-if", marks=pytest.mark.long)])  # a second whole demo run
def test_the_decision_and_assumptions_print_on_at_most_four_a4_pages(
        browser: object, request: pytest.FixtureRequest, language: str, kind: str,
        tmp_path: Path) -> None:
    runs = request.getfixturevalue("demo" if kind == "plain" else "what_if")
    folder = Path(shutil.copytree(runs[language].folder, tmp_path / "run"))  # gains report.pdf
    said = (folder / "report.html").read_text(encoding="utf-8")
    assert ("40,500 EUR" in said) == (kind == "what-if")  # the budget cut, in its box
    if language == "en" and kind == "plain":
        done = allocate("report", str(folder), "--pdf")
        assert done.returncode == 0, done.stderr
    else:  # printed by this module's browser (one Playwright per process)
        add_pdf(folder, printer=lambda html, pdf: print_with(browser, html, pdf))
    pdf = (folder / "report.pdf").read_bytes()
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert pdf.startswith(b"%PDF") and manifest["outputs"]["report.pdf"] == file_sha256(
        folder / "report.pdf")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((folder / "report.html").as_uri(), wait_until="load")
    whole = pages(page.pdf(format="A4", prefer_css_page_size=True))
    page.add_style_tag(content=".details, .details ~ * { display: none !important; }")
    opening = pages(page.pdf(format="A4", prefer_css_page_size=True))
    assert 2 <= opening <= 4 < whole <= pages(pdf) + 1


FILLED = 0.7
"""How far down an A4 page, at least, every page but the last is printed."""


@dataclass(frozen=True)
class PrintedPage:
    """A printed page: how far down its lowest word is (a share of its height), the text of
    its lowest line, and how many words it holds."""

    filled: float
    last_line: str
    words: int


def printed_pages(pdf: Path) -> list[PrintedPage]:
    """Each page of a PDF as poppler's pdftotext reads its words and their boxes."""
    said = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    out = []
    for page in said.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page)[1])  # type: ignore[index]
        words = [(float(bottom), html.unescape(text)) for bottom, text in
                 re.findall(r'yMax="([\d.]+)">([^<]*)</word>', page)]
        lowest = max((bottom for bottom, _ in words), default=0.0)
        line = "".join(text for bottom, text in words if lowest - bottom < 2)
        out.append(PrintedPage(lowest / height, line, len(words)))
    return out


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (make browser)")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_no_printed_page_is_mostly_empty_nor_ends_on_a_heading(
        browser: object, demo: dict[str, api.Run], tmp_path: Path, language: str) -> None:
    """The details go on where the decision and assumptions end; a heading is never the
    last line of a page; the last page holds more than the footer."""
    html_file = demo[language].folder / "report.html"
    print_with(browser, html_file, tmp_path / "report.pdf")
    printed = printed_pages(tmp_path / "report.pdf")
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(html_file.as_uri(), wait_until="load")
    headings = {re.sub(r"\s+", "", text) for text in page.eval_on_selector_all(
        "h1, h2, h3", "found => found.map(h => h.innerText)")}
    assert len(printed) > 4 and len(headings) > 10
    for number, each in enumerate(printed[:-1], start=1):
        assert each.filled >= FILLED, (number, each)
        assert re.sub(r"\s+", "", each.last_line) not in headings, (number, each)
    assert printed[-1].words > 10, printed[-1]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_chart_text_is_eleven_pixels_or_more_on_screen_and_on_a4(
        browser: object, demo: dict[str, api.Run], language: str) -> None:
    uri = (demo[language].folder / "report.html").as_uri()
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.goto(uri, wait_until="load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400
    screen = chart_text_pixels(page)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the page margins
    printed = chart_text_pixels(page)
    assert len(screen) == len(printed) > 100
    assert min(screen) >= 11 and min(printed) >= 11


def test_a_wide_sweep_report_fits_a_1400_pixel_window(browser: object, tmp_path: Path) -> None:
    keys = ["budget.total", "rules.rm_capacity_scale", "risk.loss_cap", "risk.capital_cap"]
    table = pd.DataFrame([{
        "point": i, **{key: 1.0e6 * (i + 1) for key in keys}, "status": "optimal",
        "objective": 123_456_789.0 + i, "bound": 123_456_999.0 + i, "gap": 1e-4,
        "change": 1_234_567.0, "noise_band": 12_345.0, "within_gap": "no", "tightened": 0,
        "spend": 44_999_999.0, "expected_loss": 1_499_999.0, "rm_utilization": 0.98,
        "gap_target": 1e-4, "diagnosis": "rm_capacity premier_rm / R2 short by 1,234 hours"}
        for i in range(4)])
    (tmp_path / "report.html").write_text(sweep_report("demo", table, None, Words("en")),
                                          encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.goto((tmp_path / "report.html").as_uri(), wait_until="load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1400


CELL_LINES = """(cells) => [...document.querySelectorAll(cells)].map(cell => {
    const lines = range => new Set([...range.getClientRects()].map(r => Math.round(r.top))).size;
    const text = cell.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return [cell.textContent, 0, 0];
    const whole = document.createRange();
    whole.selectNodeContents(cell);
    let split = 0, from = 0;
    for (const word of text.textContent.split(/[\\s（）、，：/]+/).filter(Boolean)) {
        const at = text.textContent.indexOf(word, from);
        from = at + word.length;
        const part = document.createRange();
        part.setStart(text, at);
        part.setEnd(text, from);
        split += lines(part) > 1;
    }
    return [text.textContent, lines(whole), split];
})"""
"""Each cell's text (the cells a selector names), the lines it takes and how many of its words
(between spaces, slashes and Chinese punctuation, where a line may break) are cut across
lines."""


@pytest.mark.parametrize(("language", "most_pages"), [("en", 2), ("zh", 2)])
def test_the_appendix_prints_compact_with_whole_words(
        browser: object, demo: dict[str, api.Run], language: str, most_pages: int) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((demo[language].folder / "report.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the page margins
    cells = page.evaluate(CELL_LINES, ".appendix th, .appendix td")
    assert len(cells) > 100
    assert max(lines for _, lines, _ in cells) <= 3, max(cells, key=lambda cell: cell[1])
    assert [text for text, _, split in cells if split] == []  # headers wrap between words
    page.add_style_tag(content="body > :not(.appendix) { display: none !important; }")
    assert pages(page.pdf(format="A4", prefer_css_page_size=True)) <= most_pages


@pytest.mark.parametrize("language", ["en", "zh"])
def test_names_keep_whole_words_notes_read_as_paragraphs_and_the_appendix_prints_legibly(
        browser: object, demo: dict[str, api.Run], language: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})  # type: ignore[attr-defined]
    page.goto((demo[language].folder / "report.html").as_uri(), wait_until="load")
    names = [cell for cell in page.evaluate(CELL_LINES, "td") if len(cell[0]) <= 30]
    assert len(names) > 100
    assert [text for text, _, split in names if split] == []  # 财富客户经理 / R2, never 财富客/户经理
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the page margins
    notes = page.evaluate(CELL_LINES, "#drivers td")
    assert len(notes) > 10 and max(lines for _, lines, _ in notes) <= 6, max(
        notes, key=lambda cell: cell[1])
    sizes = page.eval_on_selector_all(
        ".appendix td", "cells => cells.map(c => parseFloat(getComputedStyle(c).fontSize))")
    assert len(sizes) > 100 and min(sizes) >= 10.6  # 8 pt on A4


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_drivers_prices_print_with_their_units_on_two_lines_at_most(
        browser: object, demo: dict[str, api.Run], language: str) -> None:
    # "0.67 EUR per EUR of expected loss" beside the notes about the prices, on A4
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto((demo[language].folder / "report.html").as_uri(), wait_until="load")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the page margins
    prices = page.evaluate(CELL_LINES, "#drivers td.qty")
    unit = {"en": "EUR per RM hour", "zh": "每客户经理工时"}[language]
    assert len(prices) > 5 and any(unit in text for text, _, _ in prices), prices
    assert max(lines for _, lines, _ in prices) <= 2, max(prices, key=lambda cell: cell[1])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext (make browser)")
@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_assumptions_box_prints_whole_on_one_page(
        browser: object, demo: dict[str, api.Run], tmp_path: Path, language: str) -> None:
    print_with(browser, demo[language].folder / "report.html", tmp_path / "report.pdf")
    said = subprocess.run(["pdftotext", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout.split("\f")
    words = Words(language)  # type: ignore[arg-type]
    first, last = (words(key) for key in ("a_scenario", "a_sources"))
    holding = [number for number, text in enumerate(said) if first in text or last in text]
    assert holding and all(first in said[n] and last in said[n] for n in holding[:1]), [
        (number, first in said[number], last in said[number]) for number in holding]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_drivers_table_fits_a_1400_pixel_window(
        browser: object, demo: dict[str, api.Run], tmp_path: Path, language: str) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 2400})  # type: ignore[attr-defined]
    page.goto((demo[language].folder / "report.html").as_uri(), wait_until="load")
    page.screenshot(path=str(tmp_path / f"{language}.png"), full_page=True)
    wide = page.eval_on_selector_all("#drivers table", "found => found.map(t => "
                                     "t.scrollWidth - t.clientWidth)")
    assert wide and max(wide) <= 1, wide


OVERFLOWING_TABLES = """() => [...document.querySelectorAll('table')].filter(table =>
    table.scrollWidth > table.clientWidth + 1
    || table.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .map(table => table.previousElementSibling && table.previousElementSibling.textContent)"""
"""The headings of the tables that scroll or run past the page's right edge."""


LEGEND_ON_PLOT = """() => {
    const box = element => element.getBoundingClientRect();
    const legend = box(document.querySelector('figure#frontier g[id^="legend"]'));
    const plot = box(document.querySelector('figure#frontier g#axes_1 > g[id^="patch"]'));
    return legend.top < plot.bottom && plot.top < legend.bottom
        && legend.left < plot.right && plot.left < legend.right; }"""
"""Whether the frontier chart's legend box overlaps its plotting area."""


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_sweep_table_fits_1400_pixels_and_a4(browser: object, tmp_path: Path,
                                                    language: str) -> None:
    # RMs priced: the frontier and the points carry the net-of-cost columns too
    customers = [{"customer_id": c, "tier_key": 1.0, "revenue_12m": 100.0} for c in "ABC"]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10, "max_book": 3}]
    top = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "hours_per_customer": 10}
    path = world(tmp_path, customers, rms, tiers={"top": top, "base": {**top, "rm_grades": {}}},
                 rm_grades={"rm": {"cost_per_year": 20.0}}, output={"language": language})
    result = run_sweep(path, ["rules.add_rms.rm=0,1,2"], output=tmp_path / "reports")
    page = browser.new_page(viewport={"width": 1400, "height": 2400})  # type: ignore[attr-defined]
    page.goto((result.folder / "report.html").as_uri(), wait_until="load")
    page.screenshot(path=str(tmp_path / "sweep.png"), full_page=True)
    assert page.locator("table").count() >= 2
    assert page.evaluate(OVERFLOWING_TABLES) == []
    assert page.evaluate(LEGEND_ON_PLOT) is False  # the legend stands clear of the lines
    chart = page.locator("figure#frontier").inner_text()
    for said in {"en": ["value net of RM cost (EUR)", "expected value (EUR)",
                        "expected value to best bound (gap)"],
                 "zh": ["扣除客户经理成本后的价值（EUR）", "预期价值（EUR）"]}[language]:
        assert said in chart, (said, chart)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 718, "height": 1000})  # A4 less the page margins
    assert page.evaluate(OVERFLOWING_TABLES) == []
