"""An English run speaks words, not ids: report.html's visible text (its charts' text too),
summary.md and a sweep's report hold no snake_case id of the engine (call_centre,
expected_loss, premier_rm) and no scenario key (budget.total): the scenario's labels name what
they name, the catalogue the rest, and an id it does not name reads as words (call centre)."""

from __future__ import annotations

import re

import pytest

from allocator import api
from allocator.report.language import Words
from tests.test_zh_everywhere import ROOT, allocate, visible_text

DEMO = ROOT / "scenarios" / "demo.yaml"
SNAKE = re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./-])")
"""An id as the engine writes it: call_centre, expected_loss, premier_rm."""
KEY = re.compile(r"(?<![\w/-])[a-z_]+(?:\.[a-z_]+)+(?![\w/-])")
"""A scenario key: budget.total, rules.add_rms.premier_rm."""
FILE = re.compile(r"[\w./-]*/[\w./-]*|[\w-]+\.(?:csv|json|parquet|xlsx|html|md|yaml)\b")
"""Paths and file names, which are typed as they are."""
ALLOWED = {"solver.time_limit", "output.dir"}
"""Keys named as what to set (more time for the steps) or as the overrides typed (the
assumptions box), as they are typed."""


def ids_in(text: str) -> set[str]:
    """The snake_case ids and scenario keys a reader of `text` would see, paths aside."""
    text = FILE.sub(" ", text)
    return (set(SNAKE.findall(text)) | set(KEY.findall(text))) - ALLOWED


@pytest.fixture(scope="module")
def en_outputs(demo_run: api.Run, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """The English demo's report.html and summary.md (the session's run), and a sweep's
    report.html."""
    reports = tmp_path_factory.mktemp("reports")
    into = f"output.dir={reports}"
    run = demo_run.folder
    small = ("--set", into, "--set", "data.generate.customers=300", "--set",
             "output.steps=false", "--set", "output.baselines=false")
    swept = allocate("sweep", str(DEMO), "--vary", "budget.total=6000,7000,8000", *small)
    assert swept.exit_code == 0, swept.output
    sweep = next(reports.rglob("sweep-*/report.html"))  # not a point's own report
    return {"report.html": visible_text((run / "report.html").read_text(encoding="utf-8")),
            "summary.md": (run / "summary.md").read_text(encoding="utf-8"),
            "sweep report.html": visible_text(sweep.read_text(encoding="utf-8"))}


def test_an_english_run_shows_no_ids(en_outputs: dict[str, str]) -> None:
    found = {name: sorted(ids_in(text)) for name, text in en_outputs.items()}
    assert not {name: ids for name, ids in found.items() if ids}, found


def test_the_outputs_are_read_whole(en_outputs: dict[str, str]) -> None:
    assert "call centre" in en_outputs["report.html"]
    assert "premier RM" in en_outputs["summary.md"]
    assert "total budget" in en_outputs["sweep report.html"]


def test_ids_are_found() -> None:
    assert ids_in("Offers by channel: rm 10, call_centre 72; budget.total in constraints.csv"
                  ) == {"call_centre", "budget.total"}
    assert ids_in("/tmp/reports/demo_1/x.csv RM00012 premier RM") == set()


def test_ids_read_as_words_in_english() -> None:
    words = Words("en")
    assert [words.term(i) for i in ("call_centre", "premier_rm", "rm", "C_0001", "le")] == [
        "call centre", "premier RM", "RM", "C_0001", "≤"]
    assert words.column("package_cost") == "package cost"
    assert words.column("budget.total") == "total budget"
    assert Words("en", {"premier_rm": "Premier banker"}).term("premier_rm") == "Premier banker"
