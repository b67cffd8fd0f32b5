"""An incumbent RM that the RM table does not have is an RM who has left the bank: the run
keeps the customer's history, warns of it (en and zh, the ids named, "(and N more)"; on the
terminal and in summary.md's warnings), and counts its customers' moves as forced, uncounted
by the continuity limit, on both solve paths, in the report, explain and verify (before, the
book was refused)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import Result

from allocator import api
from allocator.book.readiness_warnings import departed_rms
from allocator.preparation import prepare
from allocator.report.language import Words
from allocator.report.plan_tables import rm_moves
from tests import test_zh_everywhere as zh_everywhere
from tests.builders import reseal, solve, world
from tests.test_keepable import TOP, continuity_used


def book(folder: Path, departed: tuple[str, ...] = ("GONE",)) -> Path:
    """Four customers of a mandatory tier whose RM today is not in the RM table (the ids of
    `departed` in turn), one of B's, and a mass customer whose RM has left too; B has room
    for all. No customer may leave an RM who could keep them (continuity 0)."""
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0, "revenue_12m": 100.0,
                  "incumbent_rm": departed[i % len(departed)]} for i in range(4)]
    customers.append({"customer_id": "C4", "tier_key": 2.0, "revenue_12m": 100.0,
                      "incumbent_rm": "B"})
    customers.append({"customer_id": "C5", "tier_key": 0.5, "revenue_12m": 10.0,
                      "incumbent_rm": departed[0]})
    rms = [{"rm_id": "B", "grade": "rm", "region": "R", "capacity_hours": 100, "max_book": 10}]
    tiers = {**TOP, "base": {"coverage": "none", "max_offers": 5}}
    return world(folder, customers, rms, tiers=tiers,
                 rules={"continuity": {"max_reassignments": 0, "bonus": 0.1}})


@pytest.mark.parametrize("method", ["exact", "decomposition"])
def test_customers_of_a_departed_rm_move_uncounted(tmp_path: Path, method: str) -> None:
    outcome = solve(book(tmp_path), f"solver.method={method}")
    assert outcome.plan is not None and outcome.check is not None and outcome.check.ok
    assert dict(zip(outcome.plan.assignments["customer_id"], outcome.plan.assignments["rm_id"],
                    strict=True)) == {f"C{i}": "B" for i in range(5)}
    assert continuity_used(outcome) == 0.0
    kept = outcome.prepared.valued.customers.set_index("customer_id")["incumbent_rm"]
    assert kept["C0"] == "GONE" and kept["C5"] == "GONE"  # the history is kept
    if method == "exact":
        assert rm_moves(outcome) == {"kept": 1, "moved": 4, "forced": 5, "gone": 5,
                                     "unkept": 0, "new": 0, "dropped": 1, "reassigned": 0}


def test_the_warning_names_the_departed_rms(tmp_path: Path) -> None:
    departed = tuple(f"X{i:02d}" for i in range(12))
    path = book(tmp_path, departed)
    customers = pd.read_csv(path.parent / "customers.csv")
    customers = pd.concat([customers] + [customers.iloc[[0]].assign(
        customer_id=f"D{i}", incumbent_rm=rm) for i, rm in enumerate(departed)])
    customers.to_csv(path.parent / "customers.csv", index=False)
    prepared = prepare(path)
    [finding] = [f for f in prepared.readiness.warnings if f.message == "ready_departed_rms"]
    english, chinese = finding.text(Words()), finding.text(Words("zh"))
    assert english.startswith("Customers whose RM today (incumbent_rm) is not in the RM table: "
                              "17; the 12 RMs they name, taken as having left the bank: X00, X01")
    assert "X09 (and 2 more). They have no RM to keep" in english
    assert "X10" not in english
    assert chinese.startswith("现有客户经理（incumbent_rm）不在客户经理表中的客户：17 位；"
                              "其所列 12 名客户经理视为已离任：X00、X01")
    assert "X09（另有 2 项）。" in chinese


def test_one_customer_of_one_departed_rm_is_said_of_one() -> None:
    one = departed_rms(pd.DataFrame({"incumbent_rm": ["GONE", "B"]}),
                       pd.DataFrame({"rm_id": ["B"]}))[0].text(Words())
    assert one.startswith("Customers whose RM today (incumbent_rm) is not in the RM table: 1; "
                          "the 1 RM it names, taken as having left the bank: GONE. It has no RM "
                          "to keep: it gets a new RM where its tier needs one, else none, a "
                          "move forced by the RM's leaving"), one


def test_a_book_whose_every_incumbent_is_in_the_rm_table_has_no_such_warning(
        tmp_path: Path) -> None:
    warnings = prepare(book(tmp_path, ("B",))).readiness.warnings
    assert "ready_departed_rms" not in [f.message for f in warnings]


def allocate(*args: str) -> Result:
    """The command, its terminal wide enough that no line wraps."""
    return zh_everywhere.allocate(*args, width=400)


@pytest.mark.parametrize(("language", "method"), [
    ("en", "exact"), ("zh", "decomposition"), ("en", "decomposition"), ("zh", "exact")])
def test_the_run_reports_explain_and_verify_agree(tmp_path: Path, method: str,
                                                  language: str) -> None:
    path = book(tmp_path)
    result = allocate("run", str(path), "--set", f"solver.method={method}", "--set",
                      f"output.language={language}")
    assert result.exit_code == 0, result.output
    warned = {"en": "taken as having left the bank: GONE.", "zh": "其所列 1 名客户经理视为已离任：GONE。"}
    assert warned[language] in result.output
    [run] = (tmp_path / "reports" / "world").iterdir()
    summary = (run / "summary.md").read_text(encoding="utf-8")
    heading = {"en": "## Warnings\n\n- ", "zh": "## 警告\n\n- "}[language]
    assert warned[language] in summary[summary.index(heading):].split("\n## ")[0]
    gone = {"en": "5 of the forced moves are of customers whose RM may no longer serve them",
            "zh": "被迫变更中有 5 位客户的原客户经理已不能服务"}
    if method == "exact":  # a book planned in parts has no moves line
        assert gone[language] in summary
    plan = pd.read_parquet(run / "customer_plan.parquet").set_index("customer_id")
    assert plan.loc["C0", "incumbent_rm"] == "GONE" and plan.loc["C0", "rm_id"] == "B"
    verified = allocate("verify", str(run))
    assert verified.exit_code == 0, verified.output
    said = {"en": ("left the incumbent RM GONE for B: GONE is not in the RM table, taken as "
                   "having left the bank", "the incumbent RM GONE is not in the RM table"),
            "zh": ("离开原客户经理 GONE，改由 B 服务：GONE 不在客户经理表中，视为已离任",
                   "原客户经理 GONE 不在客户经理表中，视为已离任：该客户现无客户经理")}
    for customer, text in zip(("C0", "C5"), said[language], strict=True):
        explained = allocate("explain", str(run), customer)
        assert explained.exit_code == 0, explained.output
        assert text in " ".join(explained.stdout.split()), explained.stdout


def test_verify_holds_summary_md_to_the_warnings_the_run_gave(tmp_path: Path) -> None:
    run = api.run(book(tmp_path), output=tmp_path / "reports")
    path = run.folder / "summary.md"
    text = path.read_text(encoding="utf-8")
    start = text.index("## Warnings")
    path.write_text(text[:start] + text[text.index("## ", start + 1):], encoding="utf-8")
    reseal(run.folder)  # as an insider would: the hashes agree
    [said] = [v.detail for v in api.verify_run(run.folder).violations if v.label == "summary.md"]
    assert "'## Warnings'" in said, said
