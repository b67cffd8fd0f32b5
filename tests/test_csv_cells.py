"""CSVs written for people: text a spreadsheet would read as a formula is written behind an
apostrophe (the OWASP rule against CSV injection), numbers are left as they are, and
allocator reads its own CSVs back exactly (verify, explain, compare)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.compare import compare_runs, load_run_tables
from allocator.csv_cells import read_people_csv, write_people_csv
from allocator.explain import explain
from tests.builders import offer, world

HOSTILE = ['=HYPERLINK("http://x","y")', "+1", "-2", "@SUM(A1)", "\tx", "'quoted"]


def test_formula_text_is_protected_and_read_back_exactly(tmp_path: Path) -> None:
    frame = pd.DataFrame({"id": [*HOSTILE, "plain", None],
                          "amount": [-1.5, 2.0, -3.0, 4.0, -5.0, 6.0, 7.0, -8.0]})
    path = tmp_path / "t.csv"
    write_people_csv(frame, path)
    written = pd.read_csv(path, dtype={"id": str}, keep_default_na=False)
    assert all(text.startswith("'") for text in written["id"][:len(HOSTILE)])
    assert list(written["id"][len(HOSTILE):]) == ["plain", ""]
    assert "\n-1.5" not in path.read_text() and ",-1.5\n" in path.read_text()
    back = read_people_csv(path, dtype={"id": str})
    assert back["id"].tolist()[:-1] == frame["id"].tolist()[:-1] and pd.isna(back["id"].iloc[-1])
    assert back["amount"].tolist() == frame["amount"].tolist()


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    path = world(tmp_path, [{"customer_id": HOSTILE[0], "tier_key": 2.0},
                            {"customer_id": "-7", "region": "R"}],
                 rms=[{"rm_id": "@R1", "grade": "rm", "region": "R", "capacity_hours": 100}],
                 offers={"=o": offer(100, cost=20)}, budget={"total": 100})
    return api.run(path, output=tmp_path / "out").folder


def test_a_run_with_formula_like_ids_protects_its_csvs_and_verifies(hostile_run: Path
                                                                    ) -> None:
    plan = (hostile_run / "customer_plan.csv").read_text()
    assert '"\'=HYPERLINK(""http://x"",""y"")"' in plan and "\n'-7," in plan
    assert ",'@R1," in plan and "\n=" not in plan and ",=" not in plan
    assert "'=o" in (hostile_run / "offer_plan.csv").read_text()
    assert (hostile_run / "rm_books.csv").read_text().splitlines()[1].startswith("'@R1,")
    report = api.verify_run(hostile_run)
    assert report.ok, [v.describe() for v in report.violations]
    said = explain(hostile_run, HOSTILE[0])
    assert said.customer_id == HOSTILE[0]
    tables = load_run_tables(hostile_run)
    assert compare_runs(tables, tables).customers.empty
