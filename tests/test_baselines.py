"""Rule-of-thumb plans on tiny books whose greedy values are worked out by hand, the uplift
reported with every run, and `allocate fit` with its models."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from tests.builders import offer, solve, world
from tests.conftest import SHARED
from tests.test_cli import allocate
from tests.test_zh_everywhere import allocate as in_process
from tests.test_zh_everywhere import english_words


def budget_book(tmp_path: Path) -> Path:
    # A is in the top tier, B and C in the base tier. The budget (10) buys one 'premium' offer
    # (cost 10, value 60 - 10 = 50, top tier only) or two 'basic' offers (cost 5 each, value
    # 45 - 5 = 40 each, base tier only).
    customers = [{"customer_id": "A", "tier_key": 1.0}, {"customer_id": "B"},
                 {"customer_id": "C"}]
    tiers = {"top": {"coverage": "none", "max_offers": 1},
             "base": {"coverage": "none", "max_offers": 1}}
    offers = {"premium": offer(60, 10, eligible_tiers=["top"]),
              "basic": offer(45, 5, eligible_tiers=["base"])}
    return world(tmp_path, customers, tiers=tiers, offers=offers, budget={"total": 10})


def test_greedy_rules_worked_out_by_hand(tmp_path: Path) -> None:
    outcome = solve(budget_book(tmp_path))
    assert outcome.objective == pytest.approx(80.0)  # B and C get 'basic'
    table = outcome.baselines
    assert table is not None
    by_rule = table.set_index("baseline")
    # tier first: A takes 'premium' and the whole budget -> 50
    assert by_rule.loc["tier_greedy", "value"] == pytest.approx(50.0)
    # equal split: 5 per tier; 'premium' (10) does not fit the top tier's 5; B gets 'basic' -> 40
    assert by_rule.loc["equal_split", "value"] == pytest.approx(40.0)
    # no RMs anywhere: no books of today to keep, so no plan that keeps them
    assert "incumbent_books" not in by_rule.index
    assert by_rule.loc["tier_greedy", "uplift"] == pytest.approx(80 / 50 - 1)
    assert by_rule.loc["equal_split", "uplift"] == pytest.approx(80 / 40 - 1)
    assert by_rule["meets_every_limit"].all()


def test_greedy_chases_sales_targets_and_reports_floors_it_misses(tmp_path: Path) -> None:
    # A sales target of 2 'basic': the greedy rule sells to B and C before anything else.
    path = budget_book(tmp_path)
    outcome = solve(path, "offers.basic.minimum=2")
    greedy = outcome.baselines.set_index("baseline")  # type: ignore[union-attr]
    assert greedy.loc["tier_greedy", "value"] == pytest.approx(80.0)
    # With a budget of 5, one 'basic' fits: the target of 2 cannot be met by any plan, so the
    # optimizer finds the scenario infeasible and no baselines are evaluated.
    infeasible = solve(path, "offers.basic.minimum=2", "budget.total=5")
    assert infeasible.plan is None and infeasible.baselines is None


def test_incumbent_books_keep_today_rms(tmp_path: Path) -> None:
    # Two top-tier customers; today A is with R2. Coverage is worth the fit score: A-R1 10,
    # A-R2 4, B-R1 6, B-R2 1; each RM has room for one customer.
    customers = [{"customer_id": "A", "tier_key": 1.0, "incumbent_rm": "R2"},
                 {"customer_id": "B", "tier_key": 1.0}]
    rms = [{"rm_id": r, "grade": "rm", "region": "R", "capacity_hours": 1}
           for r in ("R1", "R2")]
    fit = [("A", "R1", 10.0), ("A", "R2", 4.0), ("B", "R1", 6.0), ("B", "R2", 1.0)]
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "hours_per_customer": 1},
             "base": {}}
    outcome = solve(world(tmp_path, customers, rms, fit, tiers=tiers))
    assert outcome.objective == pytest.approx(11.0)  # A-R1 + B-R2 beats A-R2 + B-R1 (10)
    by_rule = outcome.baselines.set_index("baseline")  # type: ignore[union-attr]
    # greedy by value: A-R1 (10), then B can only have R2 (1) -> 11
    assert by_rule.loc["tier_greedy", "value"] == pytest.approx(11.0)
    # today's books: A stays with R2 (4); B must have an RM and gets R1 (6) -> 10
    assert by_rule.loc["incumbent_books", "value"] == pytest.approx(10.0)


def test_every_run_reports_the_uplift(tmp_path: Path) -> None:
    run = api.run(budget_book(tmp_path))
    saved = pd.read_csv(run.folder / "baselines.csv")
    assert saved["baseline"].tolist() == ["tier_greedy", "equal_split"]  # a book without RMs
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["baselines"][0]["value"] == pytest.approx(50.0)
    summary = (run.folder / "summary.md").read_text()
    assert "Uplift over rule-of-thumb plans" in summary and "60.0%" in summary
    html = (run.folder / "report.html").read_text()
    assert 'id="baselines"' in html and "+60.0%" in html
    off = api.run(budget_book(tmp_path), sets=["output.baselines=false"])
    assert off.outcome.baselines is None and not (off.folder / "baselines.csv").exists()


@pytest.mark.long
@pytest.mark.skipif(not SHARED.exists(), reason="no shared data beside the project")
def test_fit_reports_auc_and_calibration_and_writes_the_scored_book(tmp_path: Path) -> None:
    result = allocate("fit", "scenarios/real/bank_churn.yaml", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "churn_probability from 'exited'" in result.stdout and "AUC 0.8" in result.stdout
    folder = next((tmp_path / "bank_churn" / "fits").iterdir())
    report = json.loads((folder / "fit.json").read_text())[0]
    assert report["held_out"] == 3_000 and report["trained_on"] == 7_000
    assert 0.80 < report["auc"] < 0.95  # gradient boosting on Exited: about 0.85
    calibration = pd.DataFrame(report["calibration"])
    assert len(calibration) == 10 and calibration["customers"].sum() == 3_000
    # calibrated: observed rates follow the predicted ones across deciles
    assert (calibration["observed"] - calibration["predicted"]).abs().max() < 0.1
    assert calibration["observed"].iloc[-1] > 4 * calibration["observed"].iloc[0]
    scored = pd.read_parquet(folder / "customers.parquet")
    assert len(scored) == 10_000 and scored["churn_probability"].between(0, 1).all()
    # churners were scored higher than stayers
    assert scored.groupby("exited")["churn_probability"].mean().diff().iloc[-1] > 0.2
    again = allocate("fit", "scenarios/real/bank_churn.yaml", "--out", str(tmp_path))
    second = sorted((tmp_path / "bank_churn" / "fits").iterdir())
    assert again.returncode == 0 and len(second) == 2  # a second fit never overwrites the first
    assert pd.read_parquet(second[1] / "customers.parquet").equals(scored)


def test_fit_errors_name_the_model_and_column(tmp_path: Path) -> None:
    customers = [{"customer_id": f"C{i}", "outcome": i % 2, "x": float(i)} for i in range(40)]
    path = world(tmp_path, customers, models={"pd": {"target": "outcome", "features": ["xx"]}})
    result = allocate("fit", str(path))  # the program, in a process of its own
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "model 'pd' reads columns the table lacks: 'xx'" in result.stderr
    nothing = in_process("fit", str(world(tmp_path / "plain", customers)))
    assert nothing.exit_code == 2 and "no 'models' section" in nothing.stderr
    few = world(tmp_path / "few", customers, models={"pd": {"target": "outcome",
                                                             "features": ["x"]}})
    short = in_process("fit", str(few))
    assert short.exit_code == 2 and "at least 100 rows with both outcomes" in short.stderr


def test_fit_speaks_its_scenario_s_language(tmp_path: Path) -> None:
    """Each model's line, its calibration, the methods compared and where the scored book was
    written (before: English in a Chinese run)."""
    customers = [{"customer_id": f"C{i}", "outcome": int(i % 10 < (i // 10) % 10),
                  "x": float((i // 10) % 10)} for i in range(400)]
    path = world(tmp_path, customers, models={"pd": {"target": "outcome", "features": ["x"]}})
    result = in_process("fit", str(path), "--set", "output.language=zh", "--compare")
    assert result.exit_code == 0, result.output
    said = "".join(result.output.split())
    assert said.startswith("pd据“outcome”训练（梯度提升树）：AUC"), said
    for words in ("pd的校准（留出样本，按十分位）", "逻辑回归与梯度提升树对比（留出样本）",
                  "评分后的客户群已写入", "无需重新训练。"):
        assert words in said, said
    assert not english_words(result.output) - {"pd", "outcome"}, result.output
    english = in_process("fit", str(path))
    assert "pd from 'outcome' (gradient boosting): AUC" in english.output, english.output
    assert "Scored book written to" in english.output
