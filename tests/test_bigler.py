"""The public customer-assignment instances' format, imported as a calendar scenario: a tiny
instance whose optimum is worked out by hand, planned through `allocate import bigler`."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator import api
from allocator.backends import Status
from allocator.cli.app import main
from allocator.errors import UserError
from tests.builders import offered, solve
from tests.test_checker import broken

TABLES = {
    "table1.csv": "Activity,Day,Channel,TargetProducts,Cost\n"
                  "1,10,call center,1,5.0\n2,30,call center,2,5.0\n3,20,email,1;2,0.0\n",
    "table2.csv": "Customer,Activity,ExpectedProfit,ResponseProbability\n"
                  "1,1,10,0.5\n1,2,8,0.4\n1,3,3,0.1\n2,2,7,0.3\n2,3,2,0.2\n",
    "table3.csv": "Index,Type,StartDay,EndDay,Channels,TargetProducts,Bound\n"
                  "1,Maximum contact,1,30,ALL,ALL,2\n2,Budget,1,30,call center,ALL,10\n"
                  "3,Minimum sales,1,30,ALL,2,{sales}\n",
    "table4.csv": "Index,Channel1,TargetProduct1,Channel2,TargetProduct2,Lag\n"
                  "1,call center,ALL,call center,ALL,30\n",
}
"""Customer 1 may get a1 (10), a2 (8) and a3 (3), customer 2 a2 (7) and a3 (2); two
contacts each, calls (5 each) within a budget of 10, a1 and a2 (20 days apart) conflict;
expected sales of product 2 (a2 and a3) at least `sales`."""


def instance(folder: Path, sales: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in TABLES.items():
        (folder / name).write_text(text.format(sales=sales))
    return folder


def imported(tmp_path: Path, sales: float, *options: str) -> Path:
    out = tmp_path / "scenario"
    with pytest.raises(SystemExit) as done:
        main(["import", "bigler", str(instance(tmp_path / "tables", sales)), "--out",
              str(out), *options])
    assert done.value.code == 0
    return out / "scenario.yaml"


def test_an_instance_plans_to_its_optimum(tmp_path: Path) -> None:
    # sales of 0.6 come with 1: a1 + a3 (13) and 2: a2 + a3 (9); 0.7 needs 1: a2 + a3 (11)
    outcome = solve(imported(tmp_path, 0.7))
    assert outcome.result.status == Status.OPTIMAL
    assert offered(outcome) == {("1", "a2"), ("1", "a3"), ("2", "a2"), ("2", "a3")}
    assert outcome.objective == pytest.approx(20)
    assert solve(imported(tmp_path / "b", 0.5)).objective == pytest.approx(22)


def test_soft_business_rules_give_at_the_penalty(tmp_path: Path) -> None:
    path = imported(tmp_path, 5.0)
    assert solve(path).result.status == Status.INFEASIBLE
    # at 10 a unit short: sales of 1.0 (value 20) beat 0.6 (value 22): 20 - 40
    outcome = solve(imported(tmp_path / "soft", 5.0, "--soft", "--penalty", "10"))
    assert outcome.objective == pytest.approx(20 - 40)


def test_a_contact_to_a_customer_without_a_value_fails_verify(tmp_path: Path) -> None:
    run = api.run(imported(tmp_path, 0.7), output=tmp_path / "reports")
    copy = tmp_path / "copy"
    shutil.copytree(run.folder, copy)
    offers = pd.read_csv(copy / "offer_plan.csv", dtype=str)
    offers.loc[(offers["customer_id"] == "2") & (offers["offer_id"] == "a2"), "offer_id"] = "a1"
    offers.to_csv(copy / "offer_plan.csv", index=False)  # customer 2 has no value for a1
    report = api.verify_run(copy)
    assert ("contact", "offer valued for the customer") in broken(report)
    [violation] = [v for v in report.violations
                   if v.constraint == "offer valued for the customer"]
    assert "2/a1" in violation.detail


def test_a_folder_without_the_tables_is_refused(tmp_path: Path) -> None:
    (tmp_path / "tables").mkdir()
    pd.DataFrame({"x": [1]}).to_csv(tmp_path / "tables" / "table1.csv", index=False)
    with pytest.raises(UserError, match="no table2.csv, table3.csv, table4.csv"):
        from allocator.campaigns.bigler import import_bigler

        import_bigler(tmp_path / "tables", tmp_path / "out")


def test_customer_ids_are_kept_as_written(tmp_path: Path) -> None:
    """Read as text: one id written 1.5 leaves the others whole, not read as 1.0, 2.0."""
    tables = instance(tmp_path / "tables", 0.5)
    text = (tables / "table2.csv").read_text()
    (tables / "table2.csv").write_text(text.replace("\n1,2,8", "\n1.5,2,8"))
    from allocator.campaigns.bigler import import_bigler

    import_bigler(tables, tmp_path / "out")
    customers = pd.read_parquet(tmp_path / "out" / "customers.parquet")
    assert list(customers["customer_id"]) == ["1", "1.5", "2"]


def test_tables_separated_by_semicolons_are_read_as_by_commas(tmp_path: Path) -> None:
    """Each table split by the separator its header uses, as a customer table is: the
    scenario and customers of semicolons are those of commas."""
    from allocator.campaigns.bigler import import_bigler

    commas = instance(tmp_path / "commas" / "GS", 0.5)
    semicolons = tmp_path / "semicolons" / "GS"
    semicolons.mkdir(parents=True)
    for name in TABLES:
        rows = list(csv.reader((commas / name).read_text().splitlines()))
        with (semicolons / name).open("w", newline="") as file:
            csv.writer(file, delimiter=";").writerows(rows)
    assert '"1;2"' in (semicolons / "table1.csv").read_text()
    import_bigler(commas, tmp_path / "a")
    import_bigler(semicolons, tmp_path / "b")
    for name in ("customers.parquet", "rms.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert ((tmp_path / "a" / "scenario.yaml").read_text()
            == (tmp_path / "b" / "scenario.yaml").read_text())


def test_a_refused_key_no_cell_gives_is_named_by_its_key(tmp_path: Path) -> None:
    from allocator.campaigns.bigler import _read_tables, _scenario
    from allocator.campaigns.bigler_sources import check_scenario

    tables = _read_tables(instance(tmp_path / "tables", 0.5))
    scenario = _scenario("tables", tables[0], tables[2], tables[3])
    check_scenario(scenario, tables)
    scenario["solver"]["gap"] = -1
    with pytest.raises(UserError) as refused:
        check_scenario(scenario, tables)
    assert str(refused.value) == ("the scenario the instance makes: solver.gap: expected a "
                                  "value of at least 0, got -1; correct the tables.")


def test_an_import_failing_as_it_writes_leaves_nothing(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """Its files are written into a folder of their own, moved into --out once all are."""
    from allocator.campaigns import bigler

    def full(*_: object, **__: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bigler.yaml, "safe_dump", full)
    with pytest.raises(OSError):
        bigler.import_bigler(instance(tmp_path / "tables", 0.5), tmp_path / "out" / "GS")
    assert not (tmp_path / "out").exists()


def test_the_customer_table_holds_each_pair_where_a_pivot_would(tmp_path: Path) -> None:
    """Filled by position: each listed pair's profit and response in its customer's row and
    its activity's columns, blank elsewhere; an activity table1 does not list has none."""
    from allocator.campaigns.bigler import _customer_table

    rng = np.random.default_rng(3)
    pairs = pd.DataFrame({"Customer": rng.integers(1, 40, 200), "Activity": rng.integers(1, 9, 200),
                          "ExpectedProfit": rng.normal(size=200),
                          "ResponseProbability": rng.random(200)})
    activities = pd.Series([7, 2, 5, 1, 3, 4, 6])  # 8 is no activity; not in order
    table = _customer_table(pairs, activities)
    wide = pairs.pivot_table(index="Customer", columns="Activity", aggfunc="first",
                             values=["ExpectedProfit", "ResponseProbability"])
    first_named = pairs["Customer"].unique()
    assert list(table["customer_id"]) == [str(i) for i in first_named]
    for measure, name in (("ExpectedProfit", "value"), ("ResponseProbability", "response")):
        expected = wide[measure].reindex(index=first_named, columns=activities.tolist())
        np.testing.assert_array_equal(table[[f"{name}_{a}" for a in activities]].to_numpy(),
                                      expected.to_numpy())
    assert "value_8" not in table


def test_the_checker_joins_each_offer_to_its_own_customer_columns_alone(tmp_path: Path
                                                                        ) -> None:
    """An offer's terms read its own value and response columns; the joined offers hold
    none of the others' (a million customers' calendar would hold hundreds)."""
    from allocator.checks import joined_plan

    run = api.run(imported(tmp_path, 0.7), output=tmp_path / "reports")
    outcome = run.outcome
    joined = joined_plan(outcome.prepared.check_inputs(), outcome.plan)
    assert not [col for col in joined.offers if col.startswith(("value_", "response_"))]
    made = joined.offers.set_index(["customer_id", "offer_id"])
    assert made.loc[("1", "a2"), "value"] == 8 and made.loc[("1", "a2"), "propensity"] == 0.4
    assert made.loc[("2", "a3"), "value"] == 2 and made.loc[("2", "a3"), "propensity"] == 0.2
