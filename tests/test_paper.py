"""The paper (report.paper) and its cards and sheet: what the plan rests on, and only that,
in words a committee reads."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from allocator import api
from allocator.report.assumptions import Assumed, assumption_rows, data_sources
from allocator.report.language import Words
from allocator.report.paper import watch_of, watched_rm_limits, worth_lines
from allocator.report.plan_page import plan_cards
from allocator.report.plan_tables import constraint_table, tier_plan
from allocator.report.run_files import summary_sheet
from tests.builders import offer, solve, world


def test_output_paths_and_languages_are_not_assumptions(tmp_path: Path) -> None:
    # --set output.dir says where the files go, output.language how they read: the manifest
    # keeps them, the box does not
    path = world(tmp_path, [{"customer_id": "A", "revenue_12m": 1000.0}],
                 offers={"email": offer(30, cost=10)}, budget={"total": 20})
    outcome = solve(path, f"output.dir={tmp_path / 'elsewhere'}", "budget.total=-10%",
                    "output.language=zh")
    for language in ("en", "zh"):
        words = Words(language)
        rows = assumption_rows(outcome, words, "2026-12-05T10:00:00")
        said = " ".join(str(value) for value in rows.iloc[:, 1])
        assert "elsewhere" not in said and str(tmp_path) not in said
        assert "→ zh" not in said and "改为 zh" not in said, said
        assert "20 EUR → 18 EUR" in said or "由 20 EUR 改为 18 EUR" in said, said


def test_a_source_named_by_its_file_is_named_once(tmp_path: Path) -> None:
    # an adapter's tables are named by their files (account.csv): no "account.csv: account.csv"
    table = tmp_path / "account.csv"
    table.write_text("account_id\n1\n", encoding="utf-8")
    customers = tmp_path / "clients.csv"
    customers.write_text("customer_id\n1\n", encoding="utf-8")
    scenario: Any = SimpleNamespace(data=SimpleNamespace(generate=None))
    assumed = Assumed(scenario, [], [], "", [("account.csv", table.name, "ab" * 32),
                                             ("customers", customers.name, "cd" * 32)])
    for language in ("en", "zh"):
        account, clients = data_sources(assumed, Words(language))
        assert account.count("account.csv") == 1 and account.startswith("account.csv"), account
        assert clients.startswith(Words(language)("a_source_customers")), clients
        assert "clients.csv" in clients, clients


def full_rms_world(folder: Path) -> Path:
    """Two RMs of grade rm, in regions R2 and R1, each with hours for one of its two
    customers (the mandatory one): both used up. RMs cost 5 a year."""
    customers = [{"customer_id": "A", "region": "R2", "tier_key": 2.0},
                 {"customer_id": "B", "region": "R1", "tier_key": 2.0},
                 {"customer_id": "C", "region": "R2"}, {"customer_id": "D", "region": "R1"}]
    rms = [{"rm_id": "M1", "grade": "rm", "region": "R2", "capacity_hours": 10},
           {"rm_id": "M2", "grade": "rm", "region": "R1", "capacity_hours": 10}]
    fit = [("A", "M1", 30.0, 10.0), ("B", "M2", 20.0, 10.0), ("C", "M1", 5.0, 10.0),
           ("D", "M2", 5.0, 10.0)]
    return world(folder, customers, rms, fit, rm_grades={"rm": {"cost_per_year": 5}},
                 labels={"regions": {"R1": {"en": "North", "zh": "华北"},
                                     "R2": {"en": "East", "zh": "华东"}}})


def test_watched_regions_follow_their_ids_with_the_languages_list_mark(tmp_path: Path
                                                                        ) -> None:
    outcome = solve(full_rms_world(tmp_path))
    constraints = constraint_table(outcome)
    for language, regions in (("en", "regions North, East;"), ("zh", "区域华北、华东；")):
        labels = outcome.prepared.loaded.scenario.labels.names(language)
        lines = watched_rm_limits(outcome.prepared.valued.rms, constraints,
                                 Words(language, labels))
        assert len(lines) == 1 and regions in lines[0], lines


def test_the_summary_sheet_and_cards_name_values_that_are_words(tmp_path: Path) -> None:
    outcome = solve(full_rms_world(tmp_path))
    sheet = summary_sheet(outcome, Words("zh"))
    assert Words("zh").headers(sheet) == ["项目", "数值或内容"]  # a status is no 价值
    assert Words().headers(sheet) == ["item", "value or text"]
    cards = [card.label for card in plan_cards(outcome, tier_plan(outcome), Words())]
    assert "Value net of RM cost" in cards
    assert any(card.startswith("RM cost: present value over") for card in cards), cards


def test_an_override_is_named_in_words_with_its_currency() -> None:
    # zh: no `--set`, no key as typed; an amount of money carries its currency
    from allocator.report.assumptions import setting_text
    from allocator.scenario.overrides import Setting
    cost = Setting("--set", "rm_grades.premier_rm.cost_per_year", 50_000, 60_000)
    clock = Setting("--set", "solver.time_limit", 60, 30)
    zh = Words("zh")
    assert setting_text(cost, zh, "EUR") == (
        f"命令行调整：客户经理年成本（{zh.term('premier_rm')}）由 50,000 EUR 改为 60,000 EUR")
    assert setting_text(clock, zh, "EUR") == "命令行调整：求解时间上限（秒）由 60 改为 30"
    assert setting_text(cost, Words(), "USD") == (
        "--set: yearly cost of an RM (premier RM) 50,000 USD → 60,000 USD")


@pytest.mark.parametrize(("language", "said"), [("en", "none → 5"), ("zh", "由无改为 5")])
def test_rms_added_where_the_scenario_adds_none_read_none_before(language: str,
                                                                 said: str) -> None:
    from allocator.report.assumptions import setting_text
    from allocator.scenario.overrides import Setting
    added = Setting("more_premier_rms", "rules.add_rms.premier_rm", None, 5)
    text = setting_text(added, Words(language), "EUR")  # type: ignore[arg-type]
    assert text.endswith(said) and "(not set)" not in text and "未设置" not in text


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_worth_lines_give_the_value_net_of_a_priced_rm_cost(tmp_path: Path,
                                                                 language: str) -> None:
    # two top customers worth 100 a year each; the one RM costs 20 a year over 2 years at 25%:
    # 20/1.25 + 20/1.25² = 28.8 of RM cost; summary.md says it and verify writes it again
    customers = [{"customer_id": name, "tier_key": 1.0, "revenue_12m": 100.0} for name in "AB"]
    path = world(tmp_path, customers, rm_grades={"rm": {"cost_per_year": 20.0}},
                 objective={"horizon_years": 2, "discount_rate": 0.25},
                 output={"dir": str(tmp_path / "reports"), "language": language})
    run = api.run(path)
    assert run.outcome.objective is not None
    net = f"{run.outcome.objective - 28.8:,.0f}"
    worth = " ".join(worth_lines(run.outcome, Words(language)))
    said = {"en": f"net of the RM cost of 29 EUR (present value over 2 years), the plan is "
                  f"worth {net} EUR", "zh": f"扣除客户经理成本 29 EUR（2 年现值）后，方案价值 {net} EUR"}
    assert said[language] in worth and "salaries are not in it." not in worth
    assert said[language] in (run.folder / "summary.md").read_text(encoding="utf-8")
    assert api.verify_run(run.folder).ok
    unpriced = world(tmp_path / "unpriced", customers)
    assert "RM salaries are not in it." in worth_lines(solve(unpriced), Words("en"))[1]


def test_customers_losing_their_rm_beyond_a_share_of_the_book_are_watched(tmp_path: Path
                                                                          ) -> None:
    """One customer of four losing their RM (25%) heads the watch list; none does not."""
    outcome = solve(full_rms_world(tmp_path))
    tiers, constraints = tier_plan(outcome), constraint_table(outcome)
    rms = outcome.prepared.valued.rms
    for language, said in (("en", "1 customer (25.0% of the book, more than 5.0%) loses"),
                           ("zh", "1 位客户（占客户群的 25.0%，超过 5.0%）将不再配备")):
        moves = {"kept": 3, "moved": 0, "forced": 0, "new": 0, "dropped": 1, "reassigned": 1}
        lines = watch_of(rms, ["top"], tiers, constraints, Words(language), moves)
        assert said in lines[0], lines
        kept = watch_of(rms, ["top"], tiers, constraints, Words(language), moves | {
            "dropped": 0})
        assert not any(said[:12] in line for line in kept), kept
