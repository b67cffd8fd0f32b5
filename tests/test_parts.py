"""The decomposition of a book in parts: shares of limits that add up, plans that pass the
independent checker, bounds that hold, and the same answer however the book is run."""

from __future__ import annotations

import json
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from allocator import api
from allocator import columns as c
from allocator.backends import Status
from allocator.book.generator import generate_book, write_book
from allocator.book.sources import parquet_parts
from allocator.checks import verify_plan
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.parts.book import (
    PlannedInParts,
    check_in_parts,
    joined_samples,
    packages_plan,
    part_count,
    part_plan,
    plan_in_parts,
    read_parts,
    sample_of,
    solve_parts,
)
from allocator.decomposition.parts.part import Part, apportion, customer_part, rebalanced, skeleton
from allocator.decomposition.parts.search import InParts, InProcess, Runner, solve_in_parts
from allocator.decomposition.search.component_search import component_search
from allocator.decomposition.search.components import (
    book_wide,
    component_prices,
    components,
    local_families,
)
from allocator.decomposition.search.multipliers import Settings, new_search
from allocator.decomposition.subproblems import customer_structure, solve_subproblems
from allocator.errors import UserError
from allocator.optimize import optimize
from allocator.plan import Plan
from allocator.preparation import Prepared, prepare
from allocator.problem import decisions_of
from allocator.scenario import LoadedScenario, load_scenario
from allocator.scenario.data_schema import ModelSpec
from allocator.scenario.tier_schema import ParetoTiering, ScoreTiering, Tiering
from allocator.valuation import (
    PackageOptions,
    ValuedBook,
    packages_of,
    tier_totals,
    value_book,
)
from tests.test_decomposition import DEMO, scaled


def split(prepared: Prepared, count: int
          ) -> tuple[list[ValuedBook], list[Part], PackageOptions]:
    """The tiered book cut into `count` runs of customers, each valued alone; their parts
    and the package options (from the tiers' totals over all parts)."""
    customers, scenario = prepared.tiering.customers, prepared.loaded.scenario
    bounds = np.linspace(0, len(customers), count + 1).astype(int)
    valued = [value_book(customers.iloc[a:b].reset_index(drop=True), prepared.book, scenario)
              for a, b in pairwise(bounds)]
    totals = sum(tier_totals(v.customers, v.customers[c.TIER].cat.codes.to_numpy(),
                             len(scenario.tiers)) for v in valued)
    return valued, [customer_part(v, scenario) for v in valued], packages_of(
        np.asarray(totals), scenario)


def plan_of(valued: list[ValuedBook], parts: list[Part], packages: PackageOptions,
            solved: InParts, plans: list) -> Plan:
    """The parts' plans as one plan by ids."""
    assert solved.best is not None
    assignments, offers = [], []
    for book, part, plan in zip(valued, parts, plans, strict=True):
        ids = book.customers[c.CUSTOMER_ID].to_numpy(dtype=object)
        rms = book.rms[c.RM_ID].to_numpy(dtype=object)
        assignments.append(pd.DataFrame({c.CUSTOMER_ID: ids[part.d.x.customer[plan.x]],
                                         c.RM_ID: rms[part.d.x.rm[plan.x]]}))
        offer_ids = np.array(book.offer_ids, dtype=object)
        offers.append(pd.DataFrame({c.CUSTOMER_ID: ids[part.d.y.customer[plan.y]],
                                    c.OFFER_ID: offer_ids[part.d.y.offer[plan.y]]}))
    return Plan(pd.concat(assignments, ignore_index=True), pd.concat(offers, ignore_index=True),
                packages_plan(valued[0], packages, solved.best.packages))


def solved_in_parts(prepared: Prepared, count: int, runner: Runner | None = None,
                    settings: Settings | None = None) -> tuple[InParts, Plan]:
    valued, parts, packages = split(prepared, count)
    runner = runner or InProcess()
    handles = [runner.submit(lambda part: part, part) for part in parts]
    solved = solve_in_parts(runner, handles, skeleton(valued[0]), packages,
                            prepared.loaded.scenario,
                            settings or Settings(time_limit=30, gap=5e-4))
    assert solved.best is not None
    plans = runner.gather(solved.best.plans)
    return solved, plan_of(valued, parts, packages, solved, plans)


def family(name: str, sense: str, limits: list[float]) -> Coupling:
    return Coupling(name, name, sense, np.array(["r"] * len(limits)), np.array(limits))


def test_shares_of_limits_add_up_to_the_limits() -> None:
    families = [family("budget", "le", [100.0, 50.0]), family("offer_minimum", "ge", [7.0]),
                family("offer_quota", "le", [10.0])]
    usage = np.array([[30.0, 40.0, 1.0, 6.0], [90.0, 0.0, 2.0, 6.0]])  # two parts
    reach = np.array([[60.0, 40.0, 10.0, 10.0], [200.0, 10.0, 1.0, 10.0]])
    fixed = np.array([10.0, 0.0, 0.0, 0.0])  # the packages' use
    shares = apportion(families, usage, reach, fixed)
    # over the limit: shared as used (90 of 120 each way)
    assert np.allclose(shares[:, 0], [90 * 30 / 120, 90 * 90 / 120])
    assert shares[:, 0].sum() <= 90.0
    # within it: each keeps its use; the spare goes by what each could still use (0 and 10)
    assert np.allclose(shares[:, 1], [40.0, 10.0])
    assert shares[:, 1].sum() <= 50.0
    # a minimum not yet met: the rest of it goes by what each could still add (9 and 0)
    assert list(shares[:, 2]) == [5.0, 2.0]
    # a quota used beyond its limit: whole units, never more than the quota
    assert list(shares[:, 3]) == [5.0, 5.0]


def test_parts_without_a_plan_get_what_the_others_left() -> None:
    families = [family("budget", "le", [100.0]), family("continuity", "ge", [30.0])]
    shares = np.array([[50.0, 10.0], [30.0, 12.0], [20.0, 8.0]])
    usage = np.array([[35.0, 13.0], [0.0, 0.0], [20.0, 8.0]])  # part 1 found no plan
    planned = np.array([True, False, True])
    again = rebalanced(families, shares, usage, planned)
    # the planned parts keep what they use; part 1 gets the 15 of budget part 0 left, and
    # needs to keep 3 incumbents fewer, as part 0 kept 3 more than its share
    assert np.allclose(again[[0, 2]], usage[[0, 2]])
    assert again[1, 0] == pytest.approx(45.0) and again[1, 0] <= 45.0
    assert again[1, 1] == 9.0
    assert again[:, 0].sum() <= 100.0 and again[:, 1].sum() >= 30.0


def test_a_book_in_parts_gets_a_checked_plan_under_a_valid_bound() -> None:
    prepared = prepare(DEMO, scaled(1200, 5))
    exact = optimize(prepare(DEMO, [*scaled(1200, 5), "solver.method=exact", "solver.gap=0"]))
    assert exact.result.status == Status.OPTIMAL and exact.objective is not None
    solved, plan = solved_in_parts(prepared, 3)
    assert solved.best is not None
    report = verify_plan(prepared.check_inputs(), plan, solved.best.objective)
    assert report.ok, report.hard_violations[:3]  # every limit of the whole book holds
    assert abs(report.objective - solved.best.objective) <= 1e-6 * abs(report.objective)
    tolerance = 1e-7 * abs(exact.objective)
    assert solved.bound >= exact.objective - tolerance
    assert solved.best.objective <= exact.objective + tolerance
    assert solved.best.objective >= 0.97 * exact.objective
    assert len(plan.assignments) > 0 and plan.packages is not None


def test_parts_give_the_same_answer_twice() -> None:
    prepared = prepare(DEMO, scaled(1500, 9))
    first, plan = solved_in_parts(prepared, 2)
    again, plan_again = solved_in_parts(prepared, 2)
    assert first.best is not None and again.best is not None
    assert (first.bound, first.best.objective) == (again.bound, again.best.objective)
    pd.testing.assert_frame_equal(plan.assignments, plan_again.assignments)
    pd.testing.assert_frame_equal(plan.offers, plan_again.offers)


def partitioned_book(folder: Path, customers: int, seed: int) -> LoadedScenario:
    """The demo's scenario on a generated book written as a Parquet folder, one file per
    region (hive style: region=R1/part-0.parquet)."""
    book = generate_book(customers, seed)
    write_book(book, folder)
    (folder / "customers.parquet").unlink()
    for region, rows in book.customers.groupby(c.REGION, sort=True):
        (folder / "customers" / f"region={region}").mkdir(parents=True)
        rows.drop(columns=c.REGION).to_parquet(
            folder / "customers" / f"region={region}" / "part-0.parquet", index=False)
    raw = yaml.safe_load(DEMO.read_text())
    raw["data"] = {name: {"path": str(folder / path)} for name, path in (
        ("customers", "customers"), ("rms", "rms.csv"), ("offers", "offers.csv"))}
    (folder / "scenario.yaml").write_text(yaml.safe_dump(raw, sort_keys=False))
    sets = [s for s in scaled(customers, seed) if not s.startswith("data.")]
    return load_scenario(folder / "scenario.yaml", sets)


def whole_plan(planned: PlannedInParts, runner: Runner) -> Plan:
    """The parts' plans gathered into one plan by ids (only a test gathers them)."""
    best = planned.solved.best
    assert best is not None
    tables = runner.gather([runner.submit(part_plan, book, plan)
                            for book, plan in zip(planned.books, best.plans, strict=True)])
    return Plan(pd.concat([a for a, _ in tables], ignore_index=True),
                pd.concat([o for _, o in tables], ignore_index=True),
                packages_plan(planned.shape, planned.packages, best.packages))


def test_a_partitioned_parquet_book_is_planned_part_by_part(tmp_path: Path) -> None:
    scenario = partitioned_book(tmp_path, 4000, 3)
    assert part_count(scenario.scenario) >= 4
    planned = plan_in_parts(InProcess(), scenario, Settings(time_limit=30, gap=5e-4))
    best = planned.solved.best
    assert best is not None and planned.solved.bound >= best.objective
    whole = prepare(tmp_path / "scenario.yaml", [s for s in scaled(4000, 3)
                                                 if not s.startswith("data.")])
    report = verify_plan(whole.check_inputs(), whole_plan(planned, InProcess()), best.objective)
    assert report.ok, report.hard_violations[:3]
    # branching on the packages closes the Lagrangian dual's gap of a few percent
    assert (planned.solved.bound - best.objective) / best.objective < 0.005


@pytest.mark.parametrize("tiering", [
    ScoreTiering(method="score", features={"aum": 2.0, "revenue_12m": 1.0},
                 quantiles={"private": 0.01, "wealth": 0.1, "premier": 0.3}),
    ParetoTiering(method="pareto", value_shares={"private": 0.3, "wealth": 0.2,
                                                 "premier": 0.2}),
])
def test_ranking_tiers_in_parts_are_the_whole_books(tmp_path: Path, tiering: Tiering) -> None:
    loaded = partitioned_book(tmp_path, 3000, 4)
    ranked = replace(loaded, scenario=loaded.scenario.model_copy(update={"tiering": tiering}))
    books = read_parts(InProcess(), ranked, Settings())
    in_parts = pd.concat([b.prepared.tiering.customers for b in books], ignore_index=True)
    whole = prepare(ranked).tiering
    assert len(set(in_parts[c.TIER])) == 4
    for column in (c.CUSTOMER_ID, c.TIER, c.TIER_SCORE, c.TIER_REASON):
        assert (in_parts[column].astype(str) == whole.customers[column].astype(str)).all()
    assert books[0].prepared.tiering.thresholds == whole.thresholds


def test_models_are_not_fitted_in_parts(tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path, 500, 1)
    spec = ModelSpec(target="churned", features=["aum"])
    modelled = replace(loaded, scenario=loaded.scenario.model_copy(update={
        "models": {"churn_probability": spec}}))
    with pytest.raises(UserError, match="models: a book in parts cannot fit models"):
        plan_in_parts(InProcess(), modelled, Settings())


def test_the_checker_in_parts_adds_up_to_the_whole_book_check(tmp_path: Path) -> None:
    scenario = partitioned_book(tmp_path, 2500, 6)
    planned = plan_in_parts(InProcess(), scenario, Settings(time_limit=30, gap=5e-4))
    best = planned.solved.best
    assert best is not None
    in_parts = check_in_parts(InProcess(), planned)
    whole = prepare(tmp_path / "scenario.yaml", [s for s in scaled(2500, 6)
                                                 if not s.startswith("data.")])
    report = verify_plan(whole.check_inputs(), whole_plan(planned, InProcess()), best.objective)
    assert in_parts.ok and report.ok
    assert in_parts.objective == pytest.approx(report.objective, rel=1e-12)
    pd.testing.assert_frame_equal(in_parts.constraints, report.constraints, rtol=1e-12)
    # a limit of the whole book that no part breaks alone: the budget, cut below its use
    spend = float(report.constraints.set_index("constraint").loc["budget", "used"])
    budget = scenario.scenario.budget.model_copy(update={"total": 0.9 * spend})
    tight = replace(scenario, scenario=scenario.scenario.model_copy(update={"budget": budget}))
    planned.books[:] = [replace(b, prepared=replace(b.prepared, loaded=tight))
                        for b in planned.books]
    broken = check_in_parts(InProcess(), planned)
    assert not broken.ok
    assert [v.constraint for v in broken.hard_violations][:1] == ["budget"]
    # a rule broken inside one part: a customer with every RM it may have
    first = best.plans[0]
    best.plans[0] = replace(first, x=np.ones_like(first.x))
    assert any(v.constraint in ("coverage_mandatory", "coverage_optional")
               and "more than one RM" in v.detail
               for v in check_in_parts(InProcess(), planned).hard_violations)


def test_a_run_in_parts_writes_partitioned_plans_that_verify(tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path / "book", 2500, 8)
    sets = [s for s in scaled(2500, 8) if not s.startswith("data.")]
    run = api.run(loaded.path, sets=[*sets, "execution.book=parts"], output=tmp_path / "out")
    folder = run.folder
    parts = sorted(p.name for p in (folder / "customer_plan").iterdir())
    assert parts == [f"part-{i:05d}.parquet" for i in range(part_count(loaded.scenario))]
    customers = pd.read_parquet(folder / "customer_plan")
    assert len(customers) == int(pd.read_csv(folder / "tier_summary.csv")["customers"].sum())
    assert customers[c.CUSTOMER_ID].is_unique
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["problem"]["parts"] == len(parts)
    assert run.outcome.result.stop is not None  # the search's own record, not its status's
    assert manifest["solver"]["stopped_on"] == run.outcome.result.stopped_on
    html = (folder / "report.html").read_text()
    assert html.count("<svg") >= 5 and "premier" in html
    assert api.verify_run(folder).ok
    # a customer moved to another region's RM in one part's plan: verify finds it
    first = pd.read_parquet(folder / "customer_plan" / parts[0])
    covered = first[c.RM_ID].notna()
    foreign = customers.loc[customers[c.REGION] != first[c.REGION].iloc[0], c.RM_ID].dropna()
    first.loc[covered.idxmax(), c.RM_ID] = foreign.iloc[0]
    first.to_parquet(folder / "customer_plan" / parts[0], index=False)
    broken = api.verify_run(folder)
    assert not broken.ok
    assert "RM in the customer's region" in {v.constraint for v in broken.hard_violations}


def test_a_large_book_in_parts_starts_from_a_sample_of_every_part(tmp_path: Path) -> None:
    scenario = partitioned_book(tmp_path, 4000, 3)
    books = read_parts(InProcess(), scenario, Settings())
    step = 8
    samples = [sample_of(b, scenario.scenario, step) for b in books]
    per_tier = np.sum([b.totals for b in books], axis=0)[0]
    options = packages_of(np.sum([b.totals for b in books], axis=0), scenario.scenario)
    sample = joined_samples(samples, options, per_tier)
    assert len(sample.customers) == sum(len(s.customers) for s in samples)
    assert abs(len(sample.customers) - 4000 / step) < 0.1 * 4000 / step
    assert sample.customers[c.CUSTOMER_ID].is_unique
    ids = sample.customers[c.CUSTOMER_ID].to_numpy()
    for kind in ("coverage", "offer_pairs"):  # every pair still names its own customer
        expected = np.concatenate([s.customers[c.CUSTOMER_ID].to_numpy()[
            getattr(s, kind).customer] for s in samples])
        assert (ids[getattr(sample, kind).customer] == expected).all()
    assert np.all(np.abs(sample.packages.cost) <= np.abs(options.cost))
    # a search over parts from the sample's prices still gives a plan within the gap
    started = solve_parts(InProcess(), books, scenario.scenario,
                          Settings(time_limit=30, gap=5e-4, warm_start_above=1000,
                                   sample_size=500))
    best = started.solved.best
    assert best is not None and (started.solved.bound - best.objective) / best.objective < 0.005
    assert check_in_parts(InProcess(), started).ok


def test_a_book_in_parts_starts_at_the_whole_books_bound(tmp_path: Path) -> None:
    """At the same book-wide prices, a book in parts prices its component-local rows (RM hours,
    the book sizes its hours do not imply) by each part's component LPs, as the whole book
    does: the first bound of the search over parts is the whole book's, and its first plan,
    repaired from the pairs those LPs take whole, keeps every limit of the book."""
    partitioned_book(tmp_path, 4000, 3)
    rms = pd.read_csv(tmp_path / "rms.csv")
    rms["max_book"] = (0.6 * rms["max_book"]).round()  # book sizes that bind
    rms.to_csv(tmp_path / "rms.csv", index=False)
    sets = [s for s in scaled(4000, 3) if not s.startswith("data.")]
    loaded = load_scenario(tmp_path / "scenario.yaml", sets)
    whole = prepare(loaded)
    valued, scenario = whole.valued, whole.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    wide = component_search(d, cs, families, {})
    assert wide is not None
    search = new_search(families, {}, d, cs)
    search.start_from(wide)
    component = components(d)
    local = local_families(search, d, component)
    assert sum(local) == 2  # the RMs' hours and book sizes
    exact = component_prices(search, d, cs, (component, local))
    assert exact is not None
    search.start_from(exact.multipliers)
    bound = search.dual_value(solve_subproblems(d, cs, search.lam()))

    books = read_parts(InProcess(), loaded, Settings())
    assert len(books) >= 4
    totals = np.sum([b.totals for b in books], axis=0)
    first = Settings(time_limit=30, gap=5e-4, start=tuple(book_wide(wide, local)),
                     max_iterations=1, branch_packages=False)  # the parts find the RMs' own
    solved = solve_in_parts(InProcess(), [b.part for b in books], skeleton(books[0].valued),
                            packages_of(totals, loaded.scenario), loaded.scenario, first,
                            exact_local=True)
    assert solved.history[0][0] == pytest.approx(bound, rel=1e-9)
    assert solved.best is not None and solved.bound >= solved.best.objective
    planned = PlannedInParts(solved, books, skeleton(books[0].valued),
                             packages_of(totals, loaded.scenario), totals[0])
    assert check_in_parts(InProcess(), planned).ok


def test_a_customer_id_in_two_files_is_named_with_both(tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path, 800, 2)
    folder = Path(str(loaded.scenario.data.customers.path))
    first, second = parquet_parts(folder)[:2]
    rows = pd.read_parquet(first)
    other = pd.read_parquet(second)
    other.loc[0, c.CUSTOMER_ID] = rows.loc[3, c.CUSTOMER_ID]
    other.to_parquet(second, index=False)
    with pytest.raises(UserError, match=(
            rf"customer_id repeats across the table's files: {rows.loc[3, c.CUSTOMER_ID]} "
            rf"\(in {first.parent.name}/part-0.parquet, {second.parent.name}/part-0.parquet\)")):
        plan_in_parts(InProcess(), loaded, Settings())


def test_soft_limits_kept_exact_per_customer_are_refused_in_parts(tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path, 500, 1)
    objective = loaded.scenario.objective.model_copy(update={"soft": {"coverage": 100.0}})
    soft = replace(loaded, scenario=loaded.scenario.model_copy(update={"objective": objective}))
    with pytest.raises(UserError, match="objective.soft: the decomposition keeps coverage"):
        plan_in_parts(InProcess(), soft, Settings())


def test_verify_of_a_run_in_parts_tiers_the_raw_book_again(tmp_path: Path) -> None:
    loaded = partitioned_book(tmp_path / "book", 1200, 5)
    sets = [s for s in scaled(1200, 5) if not s.startswith("data.")]
    run = api.run(loaded.path, sets=[*sets, "execution.book=parts", "output.baselines=false"],
                  output=tmp_path / "out")
    checked = api.verify_run(run.folder)
    assert checked.ok and not checked.notes  # the raw book was read and tiered again
    # a tier saved in a part's plan that its raw data does not give
    path = run.folder / "customer_plan" / "part-00001.parquet"
    plan = pd.read_parquet(path)
    tiers = list(loaded.scenario.tiers)
    customer = str(plan[c.CUSTOMER_ID].iloc[0])
    saved = str(plan[c.TIER].iloc[0])
    plan[c.TIER] = plan[c.TIER].astype(object)
    changed = next(t for t in tiers if t != saved)
    plan.loc[0, c.TIER] = changed
    plan.to_parquet(path, index=False)
    broken = api.verify_run(run.folder)
    tiering = [v for v in broken.hard_violations if v.constraint == "tiering"]
    assert not broken.ok and len(tiering) == 1
    assert f"{customer} ({changed} → {saved})" in tiering[0].detail
    assert "customer_plan/part-00001.parquet" in tiering[0].detail


def test_a_label_of_a_region_is_read_against_every_parts_regions(tmp_path: Path) -> None:
    """A part holds only its customers' regions: a region without RMs whose customers are in
    one part is the book's, and may be labelled; a region none holds is refused, naming its
    --set, as a whole book's is."""
    loaded = partitioned_book(tmp_path, 500, 1)
    rms = pd.read_csv(tmp_path / "rms.csv")
    rms[rms[c.REGION] != "R4"].to_csv(tmp_path / "rms.csv", index=False)
    sets = [s for s in scaled(500, 1) if not s.startswith("data.")]
    labelled = load_scenario(loaded.path, [*sets, "labels.regions.R4.en=West"])
    assert len(read_parts(InProcess(), labelled, Settings())) == part_count(labelled.scenario)
    unknown = load_scenario(loaded.path, [*sets, "labels.regions.R9.en=North"])
    with pytest.raises(UserError, match=(
            r"--set labels\.regions\.R9\.en=North: labels\.regions\.R9: 'R9' is none of the "
            r"regions of the scenario and its data \(R1, R2, R3, R4\)")):
        read_parts(InProcess(), unknown, Settings())
