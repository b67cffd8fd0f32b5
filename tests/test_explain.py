"""`allocate explain`: tier, RM and offers of one customer, from a run folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.errors import UserError
from allocator.explain import (
    Money,
    distinct_figures,
    explain,
    rm_reasons,
    shown_rms,
    worth_their_limits,
)
from allocator.report.language import Words
from tests.builders import hours_short
from tests.conftest import unwrapped
from tests.test_cli import allocate as program
from tests.test_zh_everywhere import allocate


@pytest.fixture(scope="module")
def run(demo_run: api.Run) -> Path:
    """The session's demo run folder (read only)."""
    return demo_run.folder


def test_explains_tier_rm_and_offers(run: Path) -> None:
    plan = pd.read_csv(run / "customer_plan.csv")
    covered = plan[(plan["tier"] == "wealth") & plan["rm_id"].notna()].iloc[0]
    found = explain(run, covered["customer_id"])
    assert found.tier[0].startswith("tier wealth: ")
    chosen = found.rm[found.rm["chosen"]]
    assert chosen["rm_id"].tolist() == [covered["rm_id"]]
    assert set(found.rm["grade"]) <= {"wealth_rm", "private_banker"}
    made = set(found.offers.loc[found.offers["made"], "offer_id"])
    expected = set(pd.read_csv(run / "offer_plan.csv").query(
        f"customer_id == '{covered['customer_id']}'")["offer_id"])
    assert made == expected
    assert (found.offers.loc[found.offers["made"], "why"].str.startswith("made")).all()


def test_do_not_contact_and_ineligible_offers_say_why(run: Path) -> None:
    customers = pd.read_parquet(run / "inputs" / "customers.parquet")
    silent = customers[customers["do_not_contact"] & (customers["tier"] == "mass")].iloc[0]
    found = explain(run, silent["customer_id"])
    why = found.offers.set_index("offer_id")["why"]
    assert why["wealth_mandate"] == "not open to tier mass"
    assert why["credit_card"] == "customer is do-not-contact"
    assert found.rm.empty


def test_unknown_customer_and_cli(run: Path) -> None:
    with pytest.raises(UserError, match="no customer 'NOPE'"):
        explain(run, "NOPE")
    result = program("explain", str(run), "C00002")
    assert result.returncode == 0 and "Offers" in result.stdout
    assert "offered" in result.stdout  # a yes/no column, not the count of offers made


def test_an_id_with_spaces_around_it_is_the_customer_of_that_id(run: Path) -> None:
    result = allocate("explain", str(run), " C00002 ")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("C00002\n") and "Offers" in result.stdout


def test_a_customer_who_left_their_incumbent_is_told_why_in_words(run: Path) -> None:
    plan = pd.read_csv(run / "customer_plan.csv")
    both = plan[plan["rm_id"].notna() & plan["incumbent_rm"].notna()]
    moved = both[both["rm_id"] != both["incumbent_rm"]].iloc[0]
    found = explain(run, moved["customer_id"])
    said = f"left the incumbent RM {moved['incumbent_rm']} for {moved['rm_id']}: "
    assert len(found.rm_reasons) == 1 and found.rm_reasons[0].startswith(said)
    assert f"service package of tier {moved['tier']}: " in found.tier[-1]
    assert ">=" not in found.tier[0] and "->" not in found.tier[0]  # rules in words
    kept = both[both["rm_id"] == both["incumbent_rm"]].iloc[0]
    assert explain(run, kept["customer_id"]).rm_reasons[0].startswith(
        f"stays with the incumbent RM {kept['rm_id']} (a continuity bonus of ")
    assert explain(run, kept["customer_id"]).rm_reasons[0].endswith(" EUR)")


def test_why_an_incumbent_was_left_reads_the_rms_table() -> None:
    # R1 (the incumbent) is full, its hour worth 13.74: net of hours R2 is worth 29.88 more
    rms = pd.DataFrame({"rm_id": ["R1", "R2", "R3"], "utilization": [0.997, 0.944, 0.5],
                        "hour_marginal_value": [13.74, 0.0, 0.0],
                        "value_net_of_hours": [34.66, 64.54, 20.0]})
    bonus = Money(17.0, "EUR")
    full = rm_reasons(rms, "R1", "R2", bonus, Words())
    assert full == ("left the incumbent RM R1 for R2: R1's hours were full (99.7% used, an hour "
                    "priced at 13.74 EUR per RM hour); net of the hours, the continuity bonus "
                    "counted, R2 is worth 29.88 EUR more",)
    zh = rm_reasons(rms, "R1", "R2", bonus, Words("zh"))[0]
    assert "工时已满" in zh and "工时价格为每客户经理工时 13.74 EUR" in zh
    assert rm_reasons(rms, "R3", "R2", bonus, Words())[0].endswith("R2 is worth 44.54 EUR more")
    assert "worth more there" in rm_reasons(rms, "R2", "R3", bonus, Words())[0]
    assert "may not serve" in rm_reasons(rms, "R9", "R2", bonus, Words())[0]
    assert rm_reasons(rms, "", "R2", bonus, Words()) == ()
    assert rm_reasons(rms, "R2", "R2", bonus, Words())[0].endswith(
        "(a continuity bonus of 17.00 EUR)")


def test_the_price_of_an_rm_hour_is_shown_in_units_and_currency(run: Path) -> None:
    """The RMs table gives an hour's marginal value as the report does: per RM hour, in the
    run's currency, in both languages (the terminal reads the same)."""
    rms = pd.DataFrame({"rm_id": ["R1"], "hour_marginal_value": [42.5678]})
    assert shown_rms(rms, "CHF", Words())["hour_marginal_value"].tolist() == [
        "42.57 CHF per RM hour"]
    assert shown_rms(rms, "CHF", Words("zh"))["hour_marginal_value"].tolist() == [
        "每客户经理工时 42.57 CHF"]
    plan = pd.read_csv(run / "customer_plan.csv")
    covered = plan[plan["rm_id"].notna()].iloc[0]["customer_id"]
    printed = allocate("explain", str(run), covered).stdout
    assert "EUR per RM hour" in printed
    printed_zh = allocate("explain", str(run), covered, "--language", "zh").stdout
    assert "每客户经理工时" in printed_zh and " EUR" in printed_zh


def test_an_offer_worth_its_price_and_not_made_is_told_what_held_it(run: Path) -> None:
    """A customer with contacts to spare is never told that they went to better offers: a
    limit the offer would use is named and is full in constraints.csv, or the offer is left
    out within the gap."""
    plan = pd.read_csv(run / "customer_plan.csv")
    made = pd.read_csv(run / "offer_plan.csv")["customer_id"]
    idle = plan[(plan["tier"] == "mass") & ~plan["customer_id"].isin(made)]
    limits = pd.read_csv(run / "constraints.csv")
    full = limits[limits["binding"] | (limits["used"] >= 0.98 * limits["limit"])]
    names = {Words().term(name) for name in full["constraint"]}
    told = []
    for customer in idle["customer_id"].head(5):
        offers = explain(run, customer).offers
        left = offers[~offers["made"] & (offers["value"] > offers["priced_by_limits"])]
        told += left["why"].tolist()
    assert told
    for why in told:
        assert "better offers" not in why and "went to offers" not in why, why
        assert why.startswith("within the gap") or any(
            why.startswith(f"a limit it would use is full: {name}") for name in names), why


def test_a_sales_target_takes_its_price_off_the_offers_that_meet_it(run: Path) -> None:
    """The demo's two wealth mandates meet their sales target of 2 (binding, its marginal value
    below zero): what the limits a mandate uses are worth is its value, the target's price
    taken off (before: added, 553.80 against a value of 180 beside "made: worth more than the
    limits it uses are worth")."""
    limits = pd.read_csv(run / "constraints.csv").set_index(["constraint", "label"])
    assert limits.loc[("offer_minimum", "wealth_mandate"), "marginal_value"] < 0
    given = pd.read_csv(run / "offer_plan.csv").query("offer_id == 'wealth_mandate'")
    assert len(given) == 2
    for customer in given["customer_id"]:
        mandate = explain(run, customer).offers.set_index("offer_id").loc["wealth_mandate"]
        assert mandate["made"]
        assert mandate["priced_by_limits"] == pytest.approx(mandate["value"], abs=1e-6)


EVEN = {"en": ("made: worth just what the limits it uses are worth (180.00), so the plan could "
               "go either way at no difference",
               "not made: worth just what the limits it would use are worth (180.00), so the "
               "plan could go either way at no difference"),
        "zh": ("已推荐：价值恰与其占用限额的价值相等（180.00），推荐与否对方案价值没有差别",
               "未推荐：价值恰与其占用限额的价值相等（180.00），推荐与否对方案价值没有差别")}
"""A wealth mandate of the demo (worth 180, as much as the limits it uses) made and not made."""


def test_an_offer_worth_just_what_its_limits_are_says_so(run: Path) -> None:
    """The demo's wealth mandates are worth what the limits they use are (the sales target's
    price sets it): one made is not said to be worth more than them (before: "made: worth
    more than the limits it uses are worth"), one not made is not said to be priced out: the
    plan could go either way, in both languages."""
    plan = pd.read_csv(run / "customer_plan.csv")
    given = pd.read_csv(run / "offer_plan.csv").query("offer_id == 'wealth_mandate'")
    made = given["customer_id"].iloc[0]
    others = plan.loc[(plan["tier"] == "wealth")
                      & ~plan["customer_id"].isin(given["customer_id"]), "customer_id"]
    for language, (said_made, said_left) in EVEN.items():
        words = Words(language)  # type: ignore[arg-type]
        assert _mandate(run, made, words)["why"] == said_made
        left = [_mandate(run, customer, words) for customer in others.head(8)]
        even = [row["why"] for row in left if row["open"]
                and row["priced_by_limits"] == pytest.approx(row["value"])]
        assert even and set(even) == {said_left}, [row["why"] for row in left]


def _mandate(run: Path, customer: str, words: Words) -> pd.Series:
    """The customer's wealth mandate row of explain's offers table."""
    return explain(run, customer, words).offers.set_index("offer_id").loc["wealth_mandate"]


@pytest.mark.parametrize(("value", "charge", "even"), [
    (180.0, 180.0, True), (180.0, 180.0001, True),  # within a millionth of the value
    (180.0, 180.001, False), (0.5, 0.5000009, True), (0.5, 0.500002, False)])
def test_an_offer_is_worth_its_limits_within_a_millionth(value: float, charge: float,
                                                          even: bool) -> None:
    assert worth_their_limits(value, charge) is even


@pytest.mark.parametrize(("first", "second", "shown"), [
    (9.07, 6.82, ("9.07", "6.82")),
    (2.6012, 2.5987, ("2.601", "2.599")),  # equal to two decimals: one more tells them apart
    (2.6, 2.6, None),  # about equal: said so, not "2.60 > 2.60"
])
def test_priced_out_figures_show_the_decimals_that_tell_them_apart(
        first: float, second: float, shown: tuple[str, str] | None) -> None:
    assert distinct_figures(first, second) == shown


def test_a_run_whose_plan_was_edited_is_not_explained(run: Path, tmp_path: Path) -> None:
    # an RM the book does not hold put in the Parquet plan: the explanation would be of a
    # plan the run did not make (it ended in a KeyError); verify is named instead
    edited = tmp_path / "run"
    shutil.copytree(run, edited)
    plan = pd.read_parquet(edited / "customer_plan.parquet")
    customer = plan.loc[plan["rm_id"].notna(), "customer_id"].iloc[0]
    plan.loc[plan["customer_id"] == customer, "rm_id"] = "RM99999"
    plan.to_parquet(edited / "customer_plan.parquet")
    with pytest.raises(UserError, match=r"customer_plan\.parquet changed since the run wrote it"
                                        r".*a changed run is not explained \(run `allocate verify"):
        explain(edited, customer)
    result = allocate("explain", str(edited), customer, "--language", "zh")
    assert result.exit_code == 2 and "已更改的运行结果不作解释" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def planless(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A run folder without a plan: a mandatory tier's customers want more hours than its
    one RM has."""
    made = api.run(hours_short(tmp_path_factory.mktemp("planless")))
    assert not made.feasible
    return made.folder


def test_a_run_without_a_plan_is_not_explained_and_its_summary_says_why(planless: Path
                                                                         ) -> None:
    # the refusal spoke of verifying ('nothing to verify'), as the checker's did
    with pytest.raises(UserError) as refused:
        explain(planless, "A")
    assert str(refused.value) == (
        f"{planless}: this run has no plan (status infeasible); there is no customer's plan "
        "to explain: its summary.md and diagnosis.csv say why it found none.")
    result = allocate("explain", str(planless), "A", "--language", "zh")
    assert result.exit_code == 2, result.stderr
    assert ("此次运行没有方案（状态：不可行），无从解释任何客户的方案；其 summary.md 与 "
            "diagnosis.csv 说明了为何没有找到方案。") in unwrapped(result.stderr), result.stderr
    assert "校验" not in result.stderr and "verify" not in result.stderr


def test_a_run_without_a_plan_is_not_compared_in_words_of_comparing(planless: Path,
                                                                     tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(planless, other)
    result = allocate("compare", str(planless), str(other))
    assert result.exit_code == 2, result.stderr
    said = " ".join(result.stderr.split())
    assert "this run has no plan to compare (status infeasible)" in said, said
    assert "verify" not in said
