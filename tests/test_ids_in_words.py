"""What a committee reads names RMs, overrides and runs in words, never by their ids: an added
RM (`rm+1`) by its grade's label in plan.xlsx, `explain`, compare.html and compare.xlsx; a
named override by its display name in compare and `runs`; each run's note beside its label in
compare. The CSV files keep the ids."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator import api
from allocator.report.language import Words
from tests.builders import world
from tests.test_zh_everywhere import (
    allocate,
    english_words,
    folder_in,
    visible_text,
    workbook_text,
)

ADVISER = {"zh": "理财经理", "en": "Adviser"}
ADDED_ZH, ADDED_EN = "新增理财经理 1", "added Adviser 1"
MORE_ZH = "增加一名理财经理"
NOTES = ("今天的客户经理", "再招一名理财经理")


def added_rm_world(folder: Path, grade_named: bool = True) -> Path:
    """Two top customers (optional coverage) worth 100 a year, half of it more with an RM, 10
    hours each; R1 has 10 hours and keeps C1, its customer today. The override `more` adds an
    RM of R1's grade (rm+1, 10 hours: the grade's mean), who takes C2. `grade_named`: the
    labels name the grade (Adviser)."""
    customers = [{"customer_id": "C1", "incumbent_rm": "R1", "tier_key": 1.0,
                  "revenue_12m": 100.0},
                 {"customer_id": "C2", "tier_key": 1.0, "revenue_12m": 100.0}]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10}]
    top = {"rm_grades": {"rm": 1.0}, "coverage": "optional", "hours_per_customer": 10,
           "coverage_uplift": 0.5}
    return world(folder, customers, rms, tiers={"top": top, "base": {**top, "rm_grades": {}}},
                 overrides={"more": {"rules.add_rms.rm": 1}},
                 labels={"grades": {"rm": ADVISER} if grade_named else {},
                         "overrides": {"more": {"zh": MORE_ZH, "en": "One more adviser"}}},
                 rules={"continuity": {"bonus": 0.1}})


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Run A without the added RM and run B with it (`--use more`), each with a note, in
    Chinese; the compare folder of A -> B."""
    folder = tmp_path_factory.mktemp("world")
    path = added_rm_world(folder)
    quick = ["output.language=zh", "output.steps=false", "output.baselines=false"]
    a = api.run(path, sets=[*quick, f"output.note={NOTES[0]}"], output=folder / "reports")
    b = api.run(path, sets=[*quick, f"output.note={NOTES[1]}"], use=["more"],
                output=folder / "reports")
    return {"scenario": path, "a": a.folder, "b": b.folder, "reports": folder / "reports"}


def test_the_files_keep_the_ids(runs: dict[str, Path]) -> None:
    plan = pd.read_csv(runs["b"] / "customer_plan.csv").set_index("customer_id")
    assert plan.loc["C2", "rm_id"] == "rm+1" and plan.loc["C1", "rm_id"] == "R1"
    assert "rm+1" in set(pd.read_csv(runs["b"] / "rm_books.csv")["rm_id"])


def test_plan_xlsx_names_an_added_rm_by_its_grade(runs: dict[str, Path]) -> None:
    book = load_workbook(runs["b"] / "plan.xlsx", read_only=True)
    words = Words("zh")
    cells = {title: [value for row in book[words.term(title)].iter_rows(values_only=True)
                     for value in row]
             for title in ("rm books", "customer plan")}
    book.close()
    for title, values in cells.items():
        assert ADDED_ZH in values and "rm+1" not in values, (title, values)
    assert "R1" in cells["customer plan"]  # an id with no label stays as it is
    assert allocate("verify", str(runs["b"])).exit_code == 0  # verify renders it the same


def test_an_english_plan_xlsx_names_it_by_the_english_label(tmp_path: Path) -> None:
    run = api.run(added_rm_world(tmp_path), sets=["output.steps=false",
                                                  "output.baselines=false"],
                  use=["more"], output=tmp_path / "reports")
    text = workbook_text(run.folder / "plan.xlsx")
    assert ADDED_EN in text and "rm+1" not in text


def test_explain_names_the_added_rm_in_its_tables_and_sentences(runs: dict[str, Path]) -> None:
    said = allocate("explain", str(runs["b"]), "C2")
    assert said.exit_code == 0, said.output
    assert ADDED_ZH in said.output and "rm+1" not in said.output


def test_compare_names_rms_overrides_and_notes(runs: dict[str, Path]) -> None:
    said = allocate("compare", str(runs["a"]), str(runs["b"]))
    assert said.exit_code == 0, said.output
    folder = folder_in(said.output)
    page = visible_text((folder / "compare.html").read_text(encoding="utf-8"))
    book = workbook_text(folder / "compare.xlsx")
    terminal = "".join(said.output.split())  # the console wraps long lines
    for name, text in (("terminal", terminal), ("compare.html", page),
                       ("compare.xlsx", book)):
        assert "rm+1" not in text and "more" not in text, name
        assert MORE_ZH in text, name  # the override B used, by its name
        for letter, note in zip("AB", NOTES, strict=True):
            assert f"{letter}（" in text and f"）的说明：{note}" in text, (name, note)
    assert ADDED_ZH in page and ADDED_ZH in book  # B's new RM, in the changes by RM


def test_runs_names_the_override_a_run_used(runs: dict[str, Path]) -> None:
    reports = ("runs", "--reports", str(runs["reports"]))
    for args, name in (((*reports, "--scenario", "world"), MORE_ZH),  # in the runs' language
                       ((*reports, "--language", "zh"), MORE_ZH),
                       (reports, "One more adviser")):  # by each run's own labels
        said = allocate(*args)
        assert said.exit_code == 0, said.output
        shown = " ".join(said.output.split())
        assert name in shown and "--use" not in shown, shown
        assert "more" not in english_words(shown.replace(name, ""))  # the id, nowhere


def test_an_english_run_names_an_added_rm_in_words_without_a_label(tmp_path: Path) -> None:
    # no label names the grade rm: its added RM rm+1 reads "added RM 1" wherever it is read
    path = added_rm_world(tmp_path, grade_named=False)
    quick = ["output.steps=false", "output.baselines=false", f"output.dir={tmp_path / 'r'}"]
    sets = [item for setting in quick for item in ("--set", setting)]
    a = allocate("run", str(path), *sets)
    b = allocate("run", str(path), *sets, "--use", "more")
    assert a.exit_code == 0 and b.exit_code == 0, (a.output, b.output)
    said = {"run": b.output, "explain": allocate("explain", str(folder_in(b.output)),
                                                 "C2").output}
    compared = allocate("compare", str(folder_in(a.output)), str(folder_in(b.output)))
    said["compare"] = compared.output
    run, folder = folder_in(b.output), folder_in(compared.output)
    said |= {"report.html": visible_text((run / "report.html").read_text(encoding="utf-8")),
             "summary.md": (run / "summary.md").read_text(encoding="utf-8"),
             "plan.xlsx": workbook_text(run / "plan.xlsx"),
             "compare.html": visible_text((folder / "compare.html").read_text(encoding="utf-8")),
             "compare.xlsx": workbook_text(folder / "compare.xlsx")}
    for name, shown in said.items():
        assert "rm+1" not in shown, (name, shown)
    for name in ("explain", "plan.xlsx", "compare.html", "compare.xlsx"):
        assert "added RM 1" in " ".join(said[name].split()), (name, said[name])
