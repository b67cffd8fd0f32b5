"""The default base of a what-if where customers have no RM today: a reference assignment made
of the RM side alone, the same for every what-if of the other levers."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from allocator import api
from allocator.decomposition.clock import Deadline
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.problem import build_problem
from allocator.reference import default_base
from allocator.scenario import load_scenario
from tests.builders import assigned
from tests.conftest import SHARED
from tests.test_closeness import budget_isolated, twins


def test_customers_without_an_rm_today_get_the_rm_side_s_best(tmp_path: Path) -> None:
    # no customer has an RM today; A fits R1 better (12 against 10), each RM has room for one
    prepared = prepare(twins(tmp_path / "book", "R1"))
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    base = default_base(problem, prepared.valued)
    assert default_base(problem, prepared.valued).assignments.equals(base.assignments)
    pairs = dict(zip(base.assignments["customer_id"], base.assignments["rm_id"], strict=True))
    assert pairs == {"A": "R1", "B": "R2"}
    assert base.source == "reference" and base.reference == 2 and base.customers == {"A", "B"}


def test_the_run_s_deadline_stops_the_reference(tmp_path: Path) -> None:
    prepared = prepare(twins(tmp_path / "book", "R1"))
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    base = default_base(problem, prepared.valued, Deadline(0.0))
    assert base.assignments.empty and base.reference == 0
    assert base.source == "incumbent_rm" and base.stopped_on == "time_limit"
    assert default_base(problem, prepared.valued, Deadline(600.0)).stopped_on == "count"


def test_the_run_says_which_base_it_kept(tmp_path: Path) -> None:
    run = api.run(twins(tmp_path / "book", "R1"), output=tmp_path / "reports",
                  sets=["output.steps=false"])
    manifest = json.loads((run.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["kept_base"]["base"] == "reference"
    assert manifest["kept_base"]["reference"] == 2
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    assert "keeps the most of a reference assignment of 2 customers" in summary
    zh = api.run(twins(tmp_path / "zh", "R1"), output=tmp_path / "reports",
                 sets=["output.steps=false", "output.language=zh"])
    assert "2 位客户的参考分配" in (zh.folder / "summary.md").read_text(encoding="utf-8")


BANK_MARKETING = Path(__file__).resolve().parents[1] / "scenarios" / "real" / "bank_marketing.yaml"
# 3,000 Bank Marketing clients, nobody with an RM today, a tenth of the RM hours (they bind);
# the fund offer by email, so no offer needs an RM and no budget can move any RM.
SAMPLE = ["data.dataset.sample=3000", "rules.rm_capacity_scale=0.1", "output.baselines=false",
          "output.steps=false", "models.p_term_deposit.method=logistic",
          "offers.investment_fund.channel=email",
          *[f"data.dataset.staffing.{grade}.legacy_book=0"
            for grade in ("private_banker", "wealth_rm", "premier_rm")]]


@pytest.mark.skipif(not SHARED.exists(), reason="no shared data beside the project")
@pytest.mark.parametrize("method", [
    "exact",
    # the reference is the same on both paths; the decomposition keeps a base as the exact
    # path does (test_closeness), so this one is run by make test-long
    pytest.param("decomposition", marks=pytest.mark.long)])
def test_a_budget_what_if_without_today_s_books_moves_no_rm_it_need_not(method: str) -> None:
    sample = [*SAMPLE, f"solver.method={method}"]  # on either path
    prepared = prepare(BANK_MARKETING, [*sample, "budget.total=3200"])
    before = optimize(prepared)
    after = optimize(replace(prepared, loaded=load_scenario(
        BANK_MARKETING, [*sample, "budget.total=4000"])))
    was, now = assigned(before), assigned(after)
    moved = {i for i in was.keys() | now.keys() if was.get(i) != now.get(i)}
    isolated = budget_isolated(after)
    assert len(isolated) == len(now) > 600  # the budget can move none of them
    assert not moved & isolated  # with today's books alone as the base (nobody): 78 moved
    assert before.kept is not None and before.kept.base == "reference"
    assert after.check is not None and after.check.ok
    assert after.gap is not None and after.gap <= 5e-4
