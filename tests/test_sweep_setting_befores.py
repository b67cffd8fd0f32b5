"""A sweep's assumptions box shows what a `--set` of an offer of a generated book changed from
the book's own value, as a single run's does (`240 → 0`), never "(not set)"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allocator.preparation import Preparer
from allocator.report.assumptions import sweep_assumptions
from allocator.report.language import Words
from allocator.scenario.loading import load_scenario
from allocator.sweep_page import RECORD
from allocator.sweep_run import run_sweep
from tests.conftest import DEMO

SETS = ["data.generate.customers=120", "offers.credit_card.quota=0", "solver.method=exact",
        "tiers.premier.budget_floor_share=0", "output.steps=false", "output.baselines=false"]
SAID = {"en": "--set: offers.credit_card.quota 10 → 0",
        "zh": "命令行调整：产品配额（信用卡）由 10 改为 0"}


def test_the_book_values_of_a_scenario_are_read_only_where_an_override_waits_for_them(
        ) -> None:
    preparer = Preparer()
    loaded = load_scenario(DEMO, ["offers.credit_card.quota=0"])
    assert [s.before for s in preparer.book_values(loaded).settings] == [240]
    plain = load_scenario(DEMO, ["budget.total=1000"])
    assert preparer.book_values(plain) is plain


@pytest.fixture(scope="module")
def sweep_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return run_sweep(DEMO, ["budget.total=3000,3005"], sets=SETS, tighten=0,
                     output=tmp_path_factory.mktemp("reports")).folder


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_sweeps_box_shows_the_generated_offers_value_before_a_set(
        sweep_folder: Path, language: str) -> None:
    record = json.loads((sweep_folder / "sweep.json").read_text(encoding="utf-8"))[RECORD]
    words = Words(language)  # type: ignore[arg-type]
    box = sweep_assumptions(record["base"], [], words)
    assert box is not None
    overrides = dict(zip(box["item"], box["content"], strict=True))[words("a_overrides")]
    assert SAID[language] in overrides
    assert words("a_unset") not in overrides


def test_the_sweeps_page_says_the_value_before(sweep_folder: Path) -> None:
    page = (sweep_folder / "report.html").read_text(encoding="utf-8")
    assert SAID["en"] in page and "(not set)" not in page


def test_a_sweep_over_an_offer_reads_the_value_before_from_the_scenarios_own_book(
        tmp_path: Path) -> None:
    # a varied offer changes the book each point reads: none is shared, the box reads its own
    folder = run_sweep(DEMO, ["offers.investment_fund.quota=4,5"], sets=SETS, tighten=0,
                       output=tmp_path).folder
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert SAID["en"] in page and "(not set)" not in page
