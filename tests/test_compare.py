"""`allocate compare` on two small runs whose deltas are worked out by hand."""

from __future__ import annotations

import errno
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pandas as pd
import pytest

from allocator import api
from allocator.compare import (
    RunTables,
    classified,
    compare_runs,
    load_run_tables,
    refuse_unrelated,
)
from allocator.compare_kpis import input_diff, plan_inputs
from allocator.errors import UserError
from allocator.manifest_digest import sealed
from allocator.report.compare_report import compare_report, shown_headline, write_compare_workbook
from allocator.report.formats import view
from allocator.report.language import Words
from tests.builders import assigned, offer, offered, world
from tests.faults.cli import answer
from tests.test_cli import allocate as program
from tests.test_closeness import twins
from tests.test_zh_everywhere import allocate


def two_offers(folder: Path, ids: str = "A", **sections: Any) -> Path:
    """One customer (or one of each of `ids`), two offers: big is worth 100 - 60 = 40, small
    50 - 30 = 20. The budget of 60 buys big alone (binding); one of 100 buys both (90 spent,
    not binding)."""
    return world(folder, [{"customer_id": i} for i in ids],
                 offers={"big": offer(100, cost=60), "small": offer(50, cost=30)},
                 tiers={"top": {"coverage": "none"}, "base": {"coverage": "none",
                                                              "max_offers": 2}},
                 budget={"total": 60}, **sections)


@pytest.fixture(scope="module")
def planned_twice(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("two_runs")
    path = two_offers(folder)
    first = api.run(path, output=folder / "reports")
    second = api.run(path, sets=["budget.total=100"], output=folder / "reports")
    return first.folder, second.folder


@pytest.fixture
def two_runs(planned_twice: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """Fresh copies of the module's two runs (a test may label or edit them)."""
    first, second = (Path(shutil.copytree(folder, tmp_path / folder.name))
                     for folder in planned_twice)
    return first, second


def test_deltas_by_hand(two_runs: tuple[Path, Path]) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    result = compare_runs(a, b)
    headline = result.headline.set_index("kpi")
    assert headline.loc["objective", "delta"] == pytest.approx(20.0)
    offers = result.deltas["offers"].set_index("offer_id")
    assert offers.loc["big", "made_delta"] == 0 and offers.loc["small", "made_delta"] == 1
    assert offers.loc["small", "cost_delta"] == pytest.approx(30.0)
    assert offers.loc["small", "value_delta"] == pytest.approx(20.0)
    tiers = result.deltas["tiers"].set_index("tier")
    assert tiers.loc["base", "budget_delta"] == pytest.approx(30.0)
    assert tiers.loc["base", "value_delta"] == pytest.approx(20.0)
    assert tiers.loc["top", "value_delta"] == 0
    counts = result.changes.set_index("change")["customers"].to_dict()
    assert counts == {"tier": 0, "rm": 0, "offers": 1, "any": 1}
    changed = result.customers.iloc[0]
    assert (changed["customer_id"], changed["offers_a"], changed["offers_b"]) == (
        "A", "big", "big|small")
    binding = result.binding.set_index(["constraint", "label"])["change"].to_dict()
    assert binding == {("budget", "total"): "stopped binding"}


def test_cli_compare_writes_files(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    result = program("compare", str(two_runs[0]), str(two_runs[1]), "--out", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert "stopped binding" in result.stdout
    # the headline's figures and columns in words, never the engine's ids
    assert "key figure" in result.stdout and "expected value" in result.stdout
    assert "best bound" in result.stdout
    said = result.stdout.lower()
    assert "┃ kpi " not in said and "│ objective " not in said and "│ bound " not in said
    folder = next((tmp_path / "c" / "compare").iterdir())
    counts = pd.read_csv(folder / "change_counts.csv").set_index("change")["customers"]
    assert counts["offers"] == 1
    assert {"headline.csv", "tiers_deltas.csv", "offers_deltas.csv", "rms_deltas.csv",
            "changed_customers.csv", "binding_changes.csv", "kpis.csv", "packages.csv",
            "scenario_differences.csv", "compare.html", "compare.xlsx"} <= {
        p.name for p in folder.iterdir()}
    page = (folder / "compare.html").read_text(encoding="utf-8")
    assert "Scenario values that differ" in page and "total budget" in page
    assert "<th>kpi</th>" not in page and "<td>objective</td>" not in page
    book = openpyxl.load_workbook(folder / "compare.xlsx")
    assert book["key figures"].auto_filter.ref == book["key figures"].dimensions
    assert book["scenario differences"]["A3"].value == "total budget"
    assert book.sheetnames[0] == "notes" and book["notes"]["A3"].value == "Amounts are in EUR."
    assert str(book["notes"]["A2"].value).startswith("B is worth +20 EUR against A")


    a, b = (load_run_tables(folder) for folder in two_runs)  # a committee in Chinese
    words = Words("zh")
    result = compare_runs(a, b)
    page = compare_report(result, (a.name, b.name), words, [])
    assert "关键指标" in page and "情景中不同的取值" in page
    for english in ("Key figures", "Package per tier", "spend", "rm_moves", "coverage_share"):
        assert english not in page
    write_compare_workbook(tmp_path / "compare.xlsx", result, words, [])
    assert "关键指标" in openpyxl.load_workbook(tmp_path / "compare.xlsx").sheetnames


def test_gaps_show_the_digits_they_need() -> None:
    # gaps of 0.0093% and 0.01% are not shown as "0.00"; the objective keeps its amount
    headline = pd.DataFrame([("objective", 741_508.0, 741_600.0, 92.0, 120.0, "within"),
                             ("gap", 9.3e-5, 1e-4, 7e-6, None, "")],
                            columns=["kpi", "a", "b", "delta", "noise_band", "within_gap"])
    cells = [[cell.text for cell in row.cells]
             for row in view(shown_headline(headline), Words()).rows]
    assert cells[1][:4] == ["gap", "0.0093%", "0.01%", "0.0007%"]
    assert cells[0][1] == "741,508"
    assert headline.loc[1, "a"] == pytest.approx(9.3e-5)  # the CSV keeps the fraction


def labelled(folder: Path, label: str) -> None:
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(sealed({**manifest, "label": label})), encoding="utf-8")


def test_a_committee_reads_labels_key_figures_and_what_differs(
        two_runs: tuple[Path, Path]) -> None:
    labelled(two_runs[1], "Budget 100")
    a, b = (load_run_tables(folder) for folder in two_runs)
    assert b.name == "Budget 100" and a.name.startswith("world 20")  # scenario and minute
    result = compare_runs(a, b)
    assert list(result.headline.columns[1:3]) == [a.name, "Budget 100"]
    kpis = result.kpis.set_index(["kpi", "tier"])
    assert kpis.loc[("spend", ""), "delta"] == pytest.approx(30.0)  # 60 -> 90
    assert kpis.loc[("spend", ""), "Budget 100"] == pytest.approx(90.0)
    assert kpis.loc[("rm_moves", ""), "delta"] == 0
    assert kpis.loc[("coverage_share", "top"), a.name] == 0 or pd.isna(
        kpis.loc[("coverage_share", "top"), a.name])
    inputs = result.inputs.set_index("key")
    assert inputs.loc["budget.total", a.name] == 60.0  # a number, shown as one
    assert inputs.loc["budget.total", "Budget 100"] == 100.0
    assert inputs.loc["applied", "Budget 100"] == "--set budget.total=100"
    assert set(result.inputs["key"]) == {"applied", "budget.total"}
    assert list(result.packages.columns) == ["tier", a.name, "Budget 100", "changed"]
    labelled(two_runs[0], "Budget 100")  # the same label twice is told apart
    same = compare_runs(load_run_tables(two_runs[0]), b)
    assert list(same.headline.columns[1:3]) == ["Budget 100 (A)", "Budget 100 (B)"]


def test_compare_needs_run_folders(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is this a run folder"):
        load_run_tables(tmp_path)


def test_runs_that_share_no_customer_are_refused(two_runs: tuple[Path, Path],
                                                  tmp_path: Path) -> None:
    """Another book's run (its customers under other ids) is no what-if of this one: every
    customer would read as changed, and forced. Refused, naming both runs and their counts,
    before anything is written."""
    folder = tmp_path / "other"
    path = world(folder, [{"customer_id": "Z9"}], offers={"big": offer(100, cost=60)},
                 tiers={"top": {"coverage": "none"}, "base": {"coverage": "none"}},
                 budget={"total": 60})
    other = api.run(path, output=folder / "reports").folder
    result = allocate("compare", str(two_runs[0]), str(other), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2, result.stderr
    said = " ".join(result.stderr.split())
    assert f"{two_runs[0]} and {other} share no customer (1 customer, such as A, against 1, " \
        "such as Z9): every customer would read as changed." in said, said
    assert not (tmp_path / "out").exists()
    a, b = load_run_tables(two_runs[0]), load_run_tables(other)
    with pytest.raises(UserError) as caught:
        refuse_unrelated((two_runs[0], other), a, b)
    assert "没有共同的客户" in caught.value.shown("zh")
    refuse_unrelated(two_runs, a, load_run_tables(two_runs[1]))  # the same book: compared


def with_bound(run: RunTables, slack: float | None) -> RunTables:
    solver = run.manifest["solver"]
    bound = None if slack is None else solver["objective"] + slack
    return replace(run, manifest={**run.manifest, "solver": {**solver, "bound": bound}})


def test_a_change_within_the_combined_gap_is_flagged(two_runs: tuple[Path, Path]) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    proven = compare_runs(a, b).headline.set_index("kpi")
    assert proven.loc["objective", "within_gap"] == "no"  # both proven optimal: 20 is real
    # Each plan 15 short of its bound: the optimum may be the same, so 20 is noise.
    loose = compare_runs(with_bound(a, 15.0), with_bound(b, 15.0))
    headline = loose.headline.set_index("kpi")
    assert headline.loc["objective", "delta"] == pytest.approx(20.0)
    assert headline.loc["objective", "noise_band"] == pytest.approx(30.0)
    assert headline.loc["objective", "within_gap"] == "yes"
    tiers = loose.deltas["tiers"].set_index("tier")
    assert tiers.loc["base", "value_within_gap"] == "yes"
    assert compare_runs(with_bound(a, 8.0), with_bound(b, 8.0)).headline.set_index(
        "kpi").loc["objective", "within_gap"] == "no"  # band 16 < 20
    unbounded = compare_runs(a, with_bound(b, None)).headline.set_index("kpi")
    assert unbounded.loc["objective", "within_gap"] == "not certified"


def test_cli_compare_says_a_change_is_within_tolerance(two_runs: tuple[Path, Path],
                                                       tmp_path: Path) -> None:
    for folder in two_runs:
        path = folder / "manifest.json"
        manifest = json.loads(path.read_text(encoding="utf-8"))
        manifest["solver"]["bound"] = manifest["solver"]["objective"] + 15.0
        path.write_text(json.dumps(sealed(manifest)), encoding="utf-8")  # as an insider would
    result = allocate("compare", str(two_runs[0]), str(two_runs[1]), "--out", str(tmp_path / "c"))
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())  # the console wraps long lines
    assert "(+20) is smaller than the two runs' combined gap (30): within tolerance" in said
    folder = next((tmp_path / "c" / "compare").iterdir())
    headline = pd.read_csv(folder / "headline.csv").set_index("kpi")
    assert headline.loc["objective", "within_gap"] == "yes"

def test_changes_the_lever_forced_and_the_free_ones(tmp_path: Path) -> None:
    # Two customers, two RMs with room for one each, every pair worth the same; a call worth
    # 20 costs 10. A (budget 10): A with R1, B with R2, one call. B (budget 20) keeps the
    # swapped books of a third run: both RM changes are free (undone together, at no cost),
    # the second call is forced (undoing it loses 10).
    calls = {"call": offer(30, cost=10)}
    a = api.run(twins(tmp_path / "a", "R1", calls), sets=["budget.total=10"],
                output=tmp_path / "reports")
    swapped = api.run(twins(tmp_path / "c", "R2", calls), output=tmp_path / "reports")
    b = api.run(twins(tmp_path / "b", offers=calls), sets=["budget.total=20"],
                output=tmp_path / "reports", base=swapped.folder)
    assert assigned(b.outcome) == {"A": "R2", "B": "R1"}
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    customers = result.customers.set_index("customer_id")
    assert customers["rm_change"].tolist() == ["free", "free"]
    gained = next(i for i in "AB" if (i, "call") not in offered(a.outcome))
    assert customers.loc[gained, "offers_change"] == "forced"
    counts = result.changes.set_index("change")["customers"]
    assert counts["rm: free"] == 2 and counts["rm: forced"] == 0
    assert counts["offers: forced"] == 1 and counts["offers: free"] == 0
    printed = allocate("compare", str(a.folder), str(b.folder), "--out", str(tmp_path / "c"))
    assert printed.exit_code == 0, printed.stderr
    assert "2 RM changes were free" in printed.stdout
    assert f"--base {a.folder} to keep them" in " ".join(printed.stdout.split())
    assert any(str(a.folder) in line for line in printed.stdout.splitlines())  # whole, to paste


def test_a_budget_raise_forces_no_rm_move_that_a_could_have_made(tmp_path: Path) -> None:
    # A fits R1 better (12 against 10); each RM has room for one. Run A (budget 10, one call)
    # keeps a base with the worse books (A with R2) within its loose gap; B (budget 20) has
    # the better books and two calls. Undoing B's RM moves costs B value, but A could have
    # made them under its own limits at no cost: the budget needs none of them. The second
    # call is the budget's.
    calls = {"call": offer(30, cost=10)}
    quick = ["output.steps=false"]
    worse = api.run(twins(tmp_path / "w", "R2", calls), sets=quick, output=tmp_path / "reports")
    a = api.run(twins(tmp_path / "a", "R1", calls),
                sets=[*quick, "budget.total=10", "solver.gap=0.9"],
                output=tmp_path / "reports", base=worse.folder)
    b = api.run(twins(tmp_path / "b", "R1", calls), sets=[*quick, "budget.total=20"],
                output=tmp_path / "reports")
    assert assigned(a.outcome) == {"A": "R2", "B": "R1"}
    assert assigned(b.outcome) == {"A": "R1", "B": "R2"}
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    counts = result.changes.set_index("change")["customers"]
    assert counts["rm: free"] == 2 and counts["rm: forced"] == 0
    assert counts["offers: forced"] == 1 and counts["offers: free"] == 0


def test_an_rm_capacity_cut_forces_the_moves_it_needs(tmp_path: Path) -> None:
    # Both customers fit R1 better (12 against 10); R1 has room for both, R2 for one. Cutting
    # R1 to room for one moves one customer to R2: B cannot keep A's RM, and A would lose
    # value making the move.
    fit = [(i, r, 12.0 if r == "R1" else 10.0, 10.0) for i in "AB" for r in ("R1", "R2")]
    runs = []
    for name, hours in (("a", 20), ("b", 10)):
        rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": hours},
               {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 10}]
        path = world(tmp_path / name, [{"customer_id": i, "tier_key": 2.0} for i in "AB"],
                     rms=rms, fit=fit, output={"baselines": False})
        runs.append(api.run(path, output=tmp_path / "reports"))
    a, b = runs
    assert set(assigned(a.outcome).values()) == {"R1"}
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    moved = result.customers.set_index("customer_id")["rm_change"]
    assert moved.tolist() == ["forced"]


def test_display_only_differences_fold_into_one_line() -> None:
    # a run in English against one in Chinese with a smaller budget: the budget heads the
    # differences; the labels, language and folder are counted on one line
    def manifest(budget: float, language: str, private: str) -> dict[str, object]:
        return {"resolved_scenario": {
            "description": f"demo {language}", "budget": {"total": budget},
            "labels": {"tiers": {"private": {"en": private, "zh": "私人银行"}}},
            "output": {"language": language, "dir": f"reports/{language}"}},
            "applied": [f"--set output.dir=reports/{language}"]}
    inputs = input_diff((manifest(45_000, "en", "Private"), manifest(40_500, "zh", "PB")),
                        ("A", "B"))  # where the files went is no "applied" difference
    assert inputs["key"].iloc[0] == "budget.total" and len(inputs) == 5
    shown, folded = plan_inputs(inputs)
    assert shown["key"].tolist() == ["budget.total"] and folded == 4
    for language, said in (("en", "Display only"), ("zh", "仅影响显示")):
        line = Words(language)("compare_display_only", count=folded)
        assert line.startswith(said) and "4" in line


def test_the_tier_table_comes_in_parts_a_page_holds(two_runs: tuple[Path, Path]) -> None:
    # six figures by tier, each A, B, change (and a verdict for value): 24 columns squeezed
    # Chinese names one character a line; in parts of three figures they fit 1,400 px
    a, b = (load_run_tables(folder) for folder in two_runs)
    page = compare_report(compare_runs(a, b), (a.name, b.name), Words("zh"), [])
    assert "按层级的变化（B − A）（1/2）" in page and "按层级的变化（B − A）（2/2）" in page
    widths = [head.count("<th>") for head in page.split("<thead>")[1:]]
    assert max(widths) <= 1 + 3 * 4, widths
    assert "word-break: keep-all" in page  # names and headers break between words only


def test_a_move_to_an_rm_only_b_has_is_counted_apart_from_forced(tmp_path: Path) -> None:
    # One RM of 10 hours serves one of two customers worth 100 a year; B adds an RM, who
    # serves the other: capacity was added, no move was forced
    customers = [{"customer_id": name, "tier_key": 1.0, "revenue_12m": 100.0} for name in "AB"]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10}]
    top = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "hours_per_customer": 10,
           "coverage_uplift": 0.5}
    path = world(tmp_path, customers, rms, tiers={"top": top, "base": {**top, "rm_grades": {}}})
    a = api.run(path, output=tmp_path / "reports")
    # against today's books: the reference places the customer A leaves out with the new RM
    b = api.run(path, sets=["rules.add_rms.rm=1"], output=tmp_path / "reports",
                base=Path("today"))
    assert len(assigned(a.outcome)) == 1 and len(assigned(b.outcome)) == 2
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    counts = result.changes.set_index("change")["customers"]
    assert counts["rm: new rm"] == 1 and counts["rm: forced"] == 0
    for language, said in (("en", ["RM changes forced by the lever", "RM changes the lever did "
                                    "not need", "RM changes to a new RM", "customers returned "
                                    "to their own RM", "offer changes forced by the lever",
                                    "offer changes the lever did not need"]),
                           ("zh", ["调整所迫的客户经理变更", "调整并不需要的客户经理变更",
                                   "转至新增客户经理的变更", "回到原客户经理的客户",
                                   "调整所迫的产品推荐变更", "调整并不需要的产品推荐变更"])):
        rows = [row.cells[0].text for row in view(result.changes, Words(language)).rows]
        assert rows[4:] == said and not any(": " in row or "：" in row for row in rows)


def test_a_customer_back_with_their_own_rm_is_a_return_not_a_forced_change(
        tmp_path: Path) -> None:
    # R1 has hours for one of its two customers today: A keeps C1 (worth more) and leaves C2
    # without an RM; B doubles R1's hours and C2 goes back to R1, their own RM: a return
    customers = [{"customer_id": name, "tier_key": 1.0, "revenue_12m": revenue,
                  "incumbent_rm": "R1"} for name, revenue in (("C1", 120.0), ("C2", 100.0))]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10}]
    top = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "hours_per_customer": 10,
           "coverage_uplift": 0.5}
    path = world(tmp_path, customers, rms, tiers={"top": top, "base": {**top, "rm_grades": {}}})
    a = api.run(path, output=tmp_path / "reports")
    b = api.run(path, sets=["rules.rm_capacity_scale.rm=2"], output=tmp_path / "reports")
    assert len(assigned(a.outcome)) == 1 and len(assigned(b.outcome)) == 2
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    counts = result.changes.set_index("change")["customers"]
    assert counts["rm: own rm"] == 1 and counts["rm: forced"] == 0, counts
    [cause] = result.customers["rm_change"].tolist()
    assert (Words("en").term(cause), Words("zh").term(cause)) == ("returned to their own RM",
                                                                  "回到原客户经理")


def test_compare_opens_with_its_verdict(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    # both proven optimal: B's 60 against A's 40 is +20 (+50%), beyond a combined gap of 0
    result = allocate("compare", str(two_runs[0]), str(two_runs[1]), "--out", str(tmp_path / "c"))
    assert result.exit_code == 0, result.stderr
    said = " ".join(result.stdout.split())  # the console wraps long lines
    verdict = "B is worth +20 EUR against A (+50.0%), beyond the two runs' combined gap (0)"
    assert verdict in said
    page = (next((tmp_path / "c" / "compare").iterdir()) / "compare.html").read_text(
        encoding="utf-8")
    assert page.index("B is worth +20 EUR against A (+50.0%)") < page.index("Amounts are in EUR.")


@pytest.mark.parametrize(("language", "yes", "no"), [("en", "yes", "no"), ("zh", "是", "否")])
def test_compare_workbook_says_binding_in_words(two_runs: tuple[Path, Path], tmp_path: Path,
                                                language: str, yes: str, no: str) -> None:
    # the budget of 60 binds in A, that of 100 not in B: the sheet says so in words
    result = compare_runs(*(load_run_tables(folder) for folder in two_runs))
    words = Words(language)  # type: ignore[arg-type]
    write_compare_workbook(tmp_path / "compare.xlsx", result, words, [])
    sheet = openpyxl.load_workbook(tmp_path / "compare.xlsx")[words.term("binding changes")[:31]]
    cells = [value for row in sheet.iter_rows(min_row=2, values_only=True) for value in row]
    assert not any(isinstance(value, bool) for value in cells)
    assert {value for value in cells if value in (yes, no)} == {yes, no}


def test_a_run_whose_plan_was_edited_is_not_compared(two_runs: tuple[Path, Path]) -> None:
    # its figures are no run's: compare said only that "a run's plan" was worth another value
    plan = pd.read_parquet(two_runs[1] / "customer_plan.parquet")
    plan.to_parquet(two_runs[1] / "customer_plan.parquet", compression="gzip")  # other bytes
    with pytest.raises(UserError, match=r"compare: .*customer_plan\.parquet changed since the "
                                        r"run wrote it.*a changed run is not compared"):
        load_run_tables(two_runs[1])


def test_a_run_compared_with_itself_is_refused(two_runs: tuple[Path, Path], tmp_path: Path
                                              ) -> None:
    # it said the change (+0) was within the runs' combined gap: re-run with a tighter gap
    given = [str(two_runs[0]), str(two_runs[0].parent / ".." / two_runs[0].parent.name /
                                    two_runs[0].name)]
    result = allocate("compare", *given, "--out", str(tmp_path / "c"))
    assert result.exit_code == 2, result.stdout
    assert "is given as both runs; give two runs to compare" in result.stderr
    assert not (tmp_path / "c").exists()


@pytest.mark.parametrize(("language", "said"), [
    ("en", "compare: cannot write the comparison (Read-only file system); give a folder you "
           "can write with --out, and run again."),
    ("zh", "compare：无法写出比较结果（只读文件系统）；请用 --out 给出有写入权限的目录，然后重新"
           "运行。")])
def test_a_comparison_that_cannot_be_written_is_said_to_be_one(
        two_runs: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str, said: str) -> None:
    # it said 'cannot write the run' and offered output.dir, which compare does not read
    def read_only(self: Path, *_: object, **__: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    code, printed = answer("compare", *two_runs, "--out", tmp_path / "c", "--language", language,
                           prefix="错误：" if language == "zh" else "error:")
    assert code == 4
    assert f"{tmp_path / 'c'}/{said}" in printed, printed
    assert "output.dir" not in printed and " run " not in printed.replace("run again", "")
