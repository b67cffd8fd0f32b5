"""A limit that must give because of the book says so on its diagnosis line, in both languages
and on both solve paths: a sales target no (or too few) customers can take, with how many
each rule shuts out, a sales target the budget cannot pay for (told once), and a budget floor
of a tier with no customers. `validate` names a minimum out of reach and the budget floor of
a tier without customers before any solve, and ends with 1 on them unless they may give."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.builders import offer, world
from tests.test_zh_everywhere import allocate, folder_in

METHODS = ("exact", "decomposition")


def _run(path: Path, language: str, method: str) -> tuple[str, str, list[str]]:
    """The terminal's text (one line per diagnosis line), summary.md and the manifest's
    diagnosis of an infeasible run."""
    result = allocate("run", str(path), "--set", f"output.language={language}",
                      "--set", f"solver.method={method}")
    assert result.exit_code == 1, result.output
    folder = folder_in(result.output)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return (" ".join(result.output.split()), (folder / "summary.md").read_text("utf-8"),
            manifest["diagnosis"])


def _told(path: Path, language: str, method: str, said: str, english: str) -> None:
    terminal, summary, manifest = _run(path, language, method)
    # the terminal wraps Chinese between any two characters: compared without the breaks
    assert said.replace(" ", "") in terminal.replace(" ", ""), terminal
    assert said in " ".join(summary.split()), summary
    assert any(english in line for line in manifest), manifest


def _do_not_contact(folder: Path) -> Path:
    """Three customers, all do-not-contact, and an offer with a minimum of 2."""
    customers = [{"customer_id": f"C{i}", "do_not_contact": True} for i in range(3)]
    return world(folder, customers, offers={"o": offer(100, minimum=2)})


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("language", "said"), [
    ("en", "(100.0% of 2); no customer can take o (of the book's 3: 3 do-not-contact)"),
    ("zh", "没有客户可以接受o（全部 3 位客户中：3 位拒绝营销）"),
])
def test_a_sales_target_no_customer_may_be_contacted_for_says_they_are_do_not_contact(
        tmp_path: Path, method: str, language: str, said: str) -> None:
    _told(_do_not_contact(tmp_path), language, method, said,
          "no customer can take o (of the book's 3: 3 do-not-contact)")


def _offered_to_an_empty_tier(folder: Path) -> Path:
    """Two base customers and an offer only for the top tier, of a minimum of 3."""
    customers = [{"customer_id": f"C{i}"} for i in range(2)]
    return world(folder, customers,
                 offers={"note": offer(100, minimum=3, eligible_tiers=["top"])})


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("language", "said"), [
    ("en", "no customer can take note (of the book's 2: 2 in tiers it is not offered to, "
           "its tiers top having no customers)"),
    ("zh", "没有客户可以接受note（全部 2 位客户中：2 位不属于其适用层级，其适用层级top"
           "没有客户）"),
])
def test_a_sales_target_of_an_offer_for_an_empty_tier_says_no_customer_can_take_it(
        tmp_path: Path, method: str, language: str, said: str) -> None:
    _told(_offered_to_an_empty_tier(tmp_path), language, method, said,
          "no customer can take note (of the book's 2: 2 in tiers it is not offered to")


def _too_few_takers(folder: Path) -> Path:
    """Three customers, two of them do-not-contact, and an offer with a minimum of 3."""
    customers = [{"customer_id": f"C{i}", "do_not_contact": i > 0} for i in range(3)]
    return world(folder, customers, offers={"o": offer(100, minimum=3)})


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("language", "said"), [
    ("en", "only 1 customer can take o, against its minimum of 3 (of the book's 3: 2 "
           "do-not-contact)"),
    ("zh", "只有 1 位客户可以接受o，低于其最低量 3（全部 3 位客户中：2 位拒绝营销）"),
])
def test_a_sales_target_too_few_customers_can_take_says_how_many_can(
        tmp_path: Path, method: str, language: str, said: str) -> None:
    _told(_too_few_takers(tmp_path), language, method, said, "only 1 customer can take o")


def _floor_of_an_empty_tier(folder: Path) -> Path:
    """One base customer, and half a budget of 100 to be spent on the empty top tier."""
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "budget_floor_share": 0.5},
             "base": {"rm_grades": {"rm": 1.0}}}
    return world(folder, [{"customer_id": "C0"}], tiers=tiers, budget={"total": 100},
                 offers={"o": offer(100, cost=1)})


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("language", "said"), [
    ("en", "(100.0% of 50); the top tier has no customers"),
    ("zh", "；top层级没有客户"),
])
def test_a_budget_floor_of_a_tier_without_customers_says_the_tier_has_none(
        tmp_path: Path, method: str, language: str, said: str) -> None:
    _told(_floor_of_an_empty_tier(tmp_path), language, method, said,
          "the top tier has no customers")


def _unpaid_target(folder: Path, budget: float) -> Path:
    """Three contactable customers and an offer costing 10 a sale, of a minimum of 2: enough
    customers may take it, the budget of `budget` holds the sales back."""
    return world(folder, [{"customer_id": f"C{i}"} for i in range(3)],
                 offers={"o": offer(100, cost=10, minimum=2)}, budget={"total": budget})


def test_a_sales_target_enough_customers_can_take_names_no_taker_cause(tmp_path: Path) -> None:
    """The budget, not the book, holds the sales back: no count of takers is told."""
    terminal, _, _ = _run(_unpaid_target(tmp_path, 10), "en", "exact")
    assert "can take" not in terminal, terminal
    assert "the budget of 10 is less than the 20 these sales targets alone take: to keep " \
           "them, raise the budget by at least 10" in terminal, terminal


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(("language", "said", "head"), [
    ("en", "(100.0% of 2); a sale costs 10 for o, and the budget of 0 is less than the 20 "
           "these sales targets alone take: to keep them, raise the budget by at least 20",
     "What must give"),
    ("zh", "；销售成本：o每笔 10，而预算 0 少于仅这些销售目标就需要的 20：如要保留这些目标，"
           "请将预算至少提高 20", "需要放宽的约束"),
])
def test_a_sales_target_a_budget_of_0_cannot_pay_for_names_the_budget_once(
        tmp_path: Path, method: str, language: str, said: str, head: str) -> None:
    """A budget of 0 and a sales target whose offer costs money: the diagnosis names the
    budget, what a sale costs and the least the budget must rise by, printed once."""
    path = _unpaid_target(tmp_path, 0)
    _told(path, language, method, said,
          "a sale costs 10 for o, and the budget of 0 is less than the 20 these sales "
          "targets alone take: to keep them, raise the budget by at least 20")
    terminal, _, _ = _run(path, language, method)
    assert terminal.count(head) == 1 and terminal.replace(" ", "").count(
        said.replace(" ", "")) == 1, terminal


def test_a_sales_target_something_else_holds_back_names_no_budget(tmp_path: Path) -> None:
    """Enough customers may take an offer costing 10 a sale under an ample budget, but its
    channel carries one contact: the budget, left unspent, holds nothing back."""
    path = world(tmp_path, [{"customer_id": f"C{i}"} for i in range(3)],
                 offers={"o": offer(100, cost=10, minimum=2)}, budget={"total": 1000},
                 rules={"channel_capacity": {"email": 1}})
    terminal, _, _ = _run(path, "en", "exact")
    assert "What must give" in terminal and "budget" not in terminal, terminal


@pytest.mark.parametrize(("language", "said"), [
    ("en", "offer 'o': its minimum of 3 is more than the customers who may take it at all (1: "),
    ("zh", "产品 'o'：其最低量 3 多于可以接受该产品的客户数（1 位："),
])
def test_validate_ends_on_a_minimum_more_than_the_customers_who_may_take_it(
        tmp_path: Path, language: str, said: str) -> None:
    """No plan meets such a minimum: validate names it and ends with 1, never 'valid'."""
    result = allocate("validate", str(_too_few_takers(tmp_path)),
                      "--set", f"output.language={language}")
    assert result.exit_code == 1, result.output
    assert said in " ".join(result.output.split()), result.output
    assert "valid" not in result.output and "有效" not in result.output


@pytest.mark.parametrize(("language", "said"), [
    ("en", "scenario.yaml: tiers.top.budget_floor_share: at least 50.0% of the budget (50 EUR) "
           "must be spent on the top tier, but the tier has no customers, so no plan meets it; "
           "set the floor to 0, change the tiering (tiering) so that the tier has customers, or "
           "let the floor give (objective.soft: tier_budget)."),
    ("zh", "tiers.top.budget_floor_share：预算中至少50.0%（50EUR）须用于top层级，但该层级没有"
           "客户，因此任何方案都无法满足"),
])
def test_validate_ends_on_a_budget_floor_of_a_tier_without_customers(
        tmp_path: Path, language: str, said: str) -> None:
    """The tiering leaves the top tier empty while half the budget must go to it: validate
    names the key, the share and the amount and ends with 1 (no solve)."""
    result = allocate("validate", str(_floor_of_an_empty_tier(tmp_path)),
                      "--set", f"output.language={language}")
    assert result.exit_code == 1, result.output
    shown = " ".join(result.output.split())
    assert (said if language == "en" else said.replace(" ", "")) in (
        shown if language == "en" else shown.replace(" ", "")), result.output


@pytest.mark.parametrize(("soft", "path", "said"), [
    ("tier_budget", _floor_of_an_empty_tier,
     "tiers.top.budget_floor_share: at least 50.0% of the budget (50 EUR) is to be spent on "
     "the top tier, but the tier has no customers, so the plan falls short of it"),
    ("offer_minimum", _too_few_takers,
     "offer 'o': its minimum of 3 is more than the customers who may take it at all (1: in its "
     "tiers, not do-not-contact, within their risk tolerance, with a value where it has its "
     "own value column), so the plan falls short of it (objective.soft: offer_minimum lets it "
     "give)"),
])
def test_a_limit_the_scenario_lets_give_is_a_warning_and_validate_passes(
        tmp_path: Path, soft: str, path: Callable[[Path], Path], said: str) -> None:
    result = allocate("validate", str(path(tmp_path)), "--set", f"objective.soft.{soft}=10")
    assert result.exit_code == 0, result.output
    # a long path is printed whole on the line below 'warning:'
    assert "warning:" in result.output and said in " ".join(result.output.split())
