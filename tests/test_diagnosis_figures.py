"""An infeasibility diagnosis, and a soft limit the plan broke, show their figures as the
reports do, in both languages: four million reads 4,000,000 (never 4e+06), a small limit its
decimals (0.125)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from allocator.diagnosis import Basis, Shortfall
from allocator.report.language import Words
from allocator.report.summary import soft_lines
from tests.builders import offer, solve, world
from tests.test_zh_everywhere import allocate, folder_in


def _infeasible(folder: Path) -> Path:
    """Three top customers of 0.125 hours each for one RM of 0.25 hours; a budget of
    8,000,000 of which top must spend half (4,000,000), with nothing to spend it on."""
    customers = [{"customer_id": f"T{i}", "tier_key": 2.0} for i in range(3)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 0.25}]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 0.125, "budget_floor_share": 0.5},
             "base": {"rm_grades": {"rm": 1.0}}}
    return world(folder, customers, rms, tiers=tiers, budget={"total": 8_000_000})


@pytest.mark.parametrize(("language", "lines"), [
    ("en", ["RM hours over capacity for R1: by 0.125 (50.0% of 0.25)",
            "budget floor for top short by 4,000,000 (100.0% of 4,000,000)"]),
    ("zh", ["客户经理工时超出容量（涉及 R1）：超出 0.125（占 0.25 的 50.0%）",
            "预算下限（涉及 top）缺口 4,000,000（占 4,000,000 的 100.0%）"]),
])
def test_a_diagnosis_shows_millions_in_full_and_fractions_in_decimals(
        tmp_path: Path, language: str, lines: list[str]) -> None:
    result = allocate("run", str(_infeasible(tmp_path)), "--set", f"output.language={language}")
    assert result.exit_code == 1, result.output
    for line in lines:
        assert f"  - {line}\n" in result.output, result.output
        assert f"- {line}" in (folder_in(result.output) / "summary.md").read_text("utf-8")
    assert "e+0" not in result.output
    manifest = json.loads((folder_in(result.output) / "manifest.json").read_text("utf-8"))
    assert manifest["diagnosis"] == [
        "budget floor for top short by 4,000,000 (100.0% of 4,000,000)",
        "RM hours over capacity for R1: by 0.125 (50.0% of 0.25)"]  # the larger share first


def _kept_from_moving(folder: Path, allowed: int) -> Path:
    """Six top customers of R1, who could keep them all: R2's minimum load takes two of
    them, moves the continuity limit counts (R1 has the hours to keep them), against `allowed`
    reassignments (the elastic model gives on the limit whose shortfall is the smaller share:
    the incumbents to keep, not R2's two hours)."""
    customers = [{"customer_id": f"T{i}", "tier_key": 2.0, "region": "R", "incumbent_rm": "R1"}
                 for i in range(6)]
    rms = [{"rm_id": f"R{i}", "grade": "rm", "region": "R", "capacity_hours": 10.0,
            "min_load_hours": least} for i, least in ((1, 0.0), (2, 2.0))]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 1.0}, "base": {"rm_grades": {"rm": 1.0}}}
    return world(folder, customers, rms, tiers=tiers,
                 rules={"continuity": {"max_reassignments": allowed}})


@pytest.mark.parametrize(("allowed", "line"), [
    (0, "more reassignments than allowed: by 2\n"),
    (1, "more reassignments than allowed: by 1 (100.0% of 1)\n")])
def test_a_continuity_limit_that_must_give_is_told_in_moves_against_the_moves_allowed(
        tmp_path: Path, allowed: int, line: str) -> None:
    """The model keeps incumbents (at least 3 - allowed); the diagnosis tells reassignments,
    against the reassignments the scenario allows, as the checker counts them."""
    result = allocate("run", str(_kept_from_moving(tmp_path, allowed)))
    assert result.exit_code == 1, result.output
    assert f"  - {line}" in result.output, result.output


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "budget [total] soft, penalized: used 4,000,000, must be ≤ 0 (off by 4,000,000)"),
    ("zh", "预算（合计）软约束，已计惩罚：使用 4,000,000，应 ≤ 0（偏离 4,000,000）"),
])
def test_a_soft_limit_broken_by_millions_reads_them_in_full(tmp_path: Path, language: str,
                                                           expected: str) -> None:
    path = world(tmp_path, [{"customer_id": "A"}],
                 offers={"o": offer(10_000_000, cost=4_000_000)}, budget={"total": 0},
                 objective={"horizon_years": 1, "discount_rate": 0.0, "soft": {"budget": 0.5}})
    assert soft_lines(solve(path), Words(language)) == [expected]  # as summary.md says it


def test_a_count_a_relaxation_splits_is_told_in_whole_units_at_least() -> None:
    """The elastic LP of a large book may move half a customer: 307.5 reassignments over the
    limit are at least 308 (a budget's amount stays as it is)."""
    basis = Basis(30_000, 1.0)
    moves = Shortfall("continuity", "continuity", 307.5, 60.0, 1, ("total",))
    assert Words().shortfall(moves, basis) == \
        "more reassignments than allowed: by at least 308 (513.3% of 60)"
    assert Words("zh").shortfall(moves, basis).endswith("至少超出 308（占 60 的 513.3%）")
    money = Shortfall("budget", "budget", 307.5, 1000.0, 1, ("total",))
    assert "by at least 307.5 " in Words().shortfall(money, basis)
