"""Every sweep point equals the same point run alone: each stage of preparation reads only what it
declares (recorded field by field), a key that no stage declares leaves the prepared book
unchanged, and sweeping a key of each kind gives, point by point, the plan the point gets
alone."""

from __future__ import annotations

import hashlib
import json
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pydantic import BaseModel

from allocator import tiering as tiering_stage
from allocator import valuation as valuation_stage
from allocator.book import book as book_stage
from allocator.book import load_book
from allocator.errors import UserError
from allocator.headcount import rm_cost
from allocator.optimize import optimize
from allocator.preparation import READS, Prepared, Preparer, prepare
from allocator.scenario import load_scenario
from allocator.scenario.reads import projection, reads
from allocator.scenario.schema import Scenario
from allocator.sweep_run import run_sweep
from allocator.sweeps import solve_only
from allocator.tiering import assign_tiers
from allocator.valuation import value_book
from tests.builders import offer, world
from tests.test_cli import allocate

TIER = {"rm_grades": {"senior_rm": 1.0}, "hours_per_customer": 10.0, "max_offers": 1,
        "coverage_uplift": 0.1}


def book(folder: Path) -> Path:
    """Six customers, two RMs holding them today, three offers, two packages and a limit of
    every kind, each of which binds or pays at some value of the swept keys."""
    customers = [{"customer_id": f"C{i}", "tier_key": float(i % 2), "revenue_12m": 40.0 + 10 * i,
                  "pd": 0.05 * i, "incumbent_rm": "R1" if i < 3 else "R2"} for i in range(6)]
    rms = [{"rm_id": r, "grade": "senior_rm", "region": "R", "capacity_hours": 30}
           for r in ("R1", "R2")]
    fit = [(f"C{i}", r, float((3 * i + 5 * j) % 7)) for i in range(6)
           for j, r in enumerate(("R1", "R2"))]
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame(fit, columns=["customer_id", "rm_id", "score"]).assign(
        score=lambda f: 7 - f["score"]).to_csv(folder / "fit2.csv", index=False)
    return world(
        folder, customers, rms, fit,
        offers={"card": offer(30, cost=5, minimum=1),
                "loan": offer(60, cost=10, channel="rm", lgd=0.5, ead=100,
                              capital_weight=1.0),
                "fund": offer(25, cost=8, eligible_tiers=["top"])},
        packages={"basic": {}, "premium": {"cost_per_customer": 2, "uplift": 0.05}},
        tiers={"top": {**TIER, "coverage": "mandatory", "max_offers": 2},
               "base": {**TIER, "coverage": "optional"}},
        budget={"total": 60}, risk={"loss_cap": 20, "capital_cap": 500},
        rules={"continuity": {"max_reassignments": 2, "bonus": 0.1},
               "channel_capacity": {"email": 4}},
        objective={"horizon_years": 2, "discount_rate": 0.05},
        rm_grades={"senior_rm": {"cost_per_year": 3.0, "hours": 30}},
        output={"dir": str(folder / "reports"), "baselines": False},
        # a label of each kind, no two alike (of a grade rm, it would name the channel rm too)
        labels={kind: {name: {"en": name.title(), "zh": f"名称{name}"} for name in names}
                for kind, names in (("tiers", ["top"]), ("packages", ["basic"]),
                                    ("grades", ["senior_rm"]), ("channels", ["email"]),
                                    ("offers", ["card"]), ("regions", ["R"]))})


def fingerprint(prepared: Prepared) -> str:
    """A digest of everything preparation made: the book, the tiering and the valued book."""
    digest = hashlib.sha256()
    for item in _parts(prepared):
        digest.update(item)
    return digest.hexdigest()


def _parts(prepared: Prepared) -> Iterator[bytes]:
    book, tiering, valued = prepared.book, prepared.tiering, prepared.valued
    for frame in (book.customers, book.rms, book.fit_scores, book.exclusions,
                  tiering.customers, tiering.migration, valued.customers, valued.rms):
        yield frame.to_csv().encode()
    yield json.dumps([{k: o.model_dump(mode="json") for k, o in book.offers.items()},
                      tiering.thresholds, tiering.score_name, valued.tiers, valued.offer_ids,
                      valued.package_ids]).encode()
    for pairs in (valued.coverage, valued.offer_pairs, valued.packages):
        for array in vars(pairs).values():
            yield np.ascontiguousarray(array).tobytes()


def leaves(tree: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            yield from leaves(value, f"{path}.")
        else:
            yield path, value


def schema_paths(model: type[BaseModel], prefix: str = "") -> Iterator[str]:
    """Every field path of the schema; `*` for the entries of a mapping of sections."""
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        section = _section(info.annotation)
        if section is None:
            yield path
        else:
            yield from schema_paths(section[0], f"{path}.{'*.' if section[1] else ''}")


def _section(annotation: Any) -> tuple[type[BaseModel], bool] | None:
    """The model a field holds (and whether as the values of a mapping), if one only."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if typing.get_origin(annotation) is dict and len(args) == 2:
        inner = _section(args[1])
        return (inner[0], True) if inner is not None and not inner[1] else None
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(args) == 1:
        return _section(args[0])
    return None


def changed(value: Any) -> list[Any]:
    """Values to try in place of `value`, the likeliest to validate first."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | float):
        return [value / 2 + 0.1, value + 1, 1, 0.5]
    if isinstance(value, str):
        return ["exact", "decomposition", "cbc", "zh", "whole", "other", "x.csv"]
    if value is None:
        return [7, 0.3, "x"]
    return [{"email": 1}, {"budget": 1.0}, {"x": {"budget.total": 1}}]


def perturbed(path: Path, key: str, value: Any) -> Iterator[Any]:
    """The scenario with `key` set to a different value that validates."""
    for candidate in changed(value):
        try:
            yield load_scenario(path, point={key: candidate})
            return
        except UserError:
            continue


def test_every_key_no_stage_reads_leaves_the_prepared_book_unchanged(tmp_path: Path) -> None:
    path = book(tmp_path)
    loaded = load_scenario(path)
    base = fingerprint(prepare(loaded))
    tree = loaded.scenario.model_dump(mode="json")
    seen = {key for key, _ in leaves(tree)}
    undeclared = [(key, value) for key, value in leaves(tree) if solve_only([key])]
    tried = []
    for key, value in undeclared:
        for other in perturbed(path, key, value):
            assert fingerprint(prepare(other)) == base, f"{key} changes the prepared book " \
                "but no stage declares it read (READS in book.book, tiering, valuation)"
            tried.append(key)
    assert {"budget.total", "tiers.top.max_offers", "rules.rm_min_load_share",
            "solver.backend", "objective.soft"} <= set(tried)
    # every one tried but the Dask engine, which needs a scheduler's address with it, and the
    # labels of the calendar, the overrides, models and columns, which name what this book
    # has none of
    assert {key for key, _ in undeclared} - set(tried) <= {"execution.engine", "labels.calendar",
                                                          "labels.models", "labels.columns",
                                                          "labels.overrides"}
    # the book above shows every field of the schema (mappings of sections by an entry)
    shown = {".".join("*" if tree_key(parts, i) else p for i, p in enumerate(parts))
             for parts in (k.split(".") for k in seen)}
    missing = [p for p in schema_paths(Scenario) if not any(
        s == p or s.startswith(p + ".") for s in shown) and not reads(p, READS)
        and not p.startswith(("labels.calendar.", "labels.overrides.", "labels.models.",
                              "labels.columns."))]  # none here
    assert not missing, f"fields the test book leaves out: {missing}"


class Recorded:
    """A scenario section that notes the path of every field the code reads from it: sections
    and mappings of sections are handed out recorded, anything else (or anything a stage
    declares it reads whole) as it is."""

    def __init__(self, value: Any, prefix: str, seen: set[str], whole: tuple[str, ...]
                 ) -> None:
        self._value, self._path, self._seen, self._whole = value, prefix, seen, whole

    def _child(self, value: Any, path: str) -> Any:
        self._seen.add(path)
        sectioned = isinstance(value, BaseModel) or (
            isinstance(value, dict) and value and all(
                isinstance(v, BaseModel) for v in value.values()))
        if not sectioned or any(reads(path, [w]) and path.count(".") >= w.count(".")
                                for w in self._whole):
            return value
        return Recorded(value, f"{path}.", self._seen, self._whole)

    def __getattr__(self, name: str) -> Any:
        return self._child(getattr(self._value, name), f"{self._path}{name}")

    def __iter__(self) -> Iterator[str]:
        self._seen.add(f"{self._path}*")
        return iter(self._value)

    def __len__(self) -> int:
        self._seen.add(f"{self._path}*")
        return len(self._value)

    def __getitem__(self, key: str) -> Any:
        return self._child(self._value[key], f"{self._path}*")

    def values(self) -> list[Any]:
        return [self._child(v, f"{self._path}*") for v in self._value.values()]

    def items(self) -> list[tuple[str, Any]]:
        self._seen.add(f"{self._path}*")
        return [(k, self._child(v, f"{self._path}*")) for k, v in self._value.items()]


def test_each_stage_reads_only_what_it_declares(tmp_path: Path) -> None:
    spec = load_scenario(book(tmp_path)).scenario
    stages = {"read": book_stage.READS, "tier": tiering_stage.READS,
              "value": valuation_stage.READS}
    seen: dict[str, set[str]] = {name: set() for name in stages}

    def recorded(name: str) -> Any:
        whole = tuple(p for p in stages[name] if not p.endswith("*"))
        return Recorded(spec, "", seen[name], whole)

    book_read = load_book(recorded("read"))
    scenario = recorded("tier")
    tiers = assign_tiers(book_read.customers, scenario.tiering, list(scenario.tiers))
    value_book(tiers.customers, book_read, recorded("value"))
    for name, paths in stages.items():
        undeclared = [p for p in sorted(seen[name]) if not _declared(p, paths)]
        assert not undeclared, f"{name} reads {undeclared} but does not declare it"
        assert seen[name], name


def _declared(path: str, paths: tuple[str, ...]) -> bool:
    """Whether a read path lies on or under a declared one (a section read to reach a declared
    field counts as on the way)."""
    parts = path.split(".")
    for declared in paths:
        steps = declared.split(".")
        shared = min(len(parts), len(steps))
        if all(s == p for p, s in zip(parts[:shared], steps[:shared], strict=True)) and (
                len(parts) <= len(steps) or steps[-1] != "*"):
            return True
    return False


def tree_key(parts: list[str], i: int) -> bool:
    """Whether the i-th part of a leaf path names an entry of a mapping of sections."""
    return (i == 1 and parts[0] in ("tiers", "offers", "packages", "models", "overrides",
                                    "rm_grades")) or (i == 2 and parts[0] == "labels")


def test_a_key_a_stage_reads_changes_the_prepared_book(tmp_path: Path) -> None:
    path = book(tmp_path)
    base = fingerprint(prepare(path))
    for key in ("rules.continuity.bonus=0.5", "tiers.top.coverage_uplift=0.3",
                "objective.fit_weight=2", "tiering.thresholds.top=0.5",
                "rules.rm_capacity_scale=0.5", "rules.add_rms.senior_rm=1"):
        assert fingerprint(prepare(path, [key])) != base, key
        assert not solve_only([key.partition("=")[0]])


def test_a_preparer_reuses_each_stage_its_reads_leave_unchanged(tmp_path: Path) -> None:
    path = book(tmp_path)
    preparer = Preparer()
    first = preparer.prepare(load_scenario(path))
    budget = preparer.prepare(load_scenario(path, point={"budget.total": 90}))
    assert budget.valued is first.valued
    bonus = preparer.prepare(load_scenario(path, point={"rules.continuity.bonus": 0.5}))
    assert bonus.book is first.book and bonus.tiering is first.tiering
    assert bonus.valued is not first.valued
    assert fingerprint(bonus) == fingerprint(prepare(path, ["rules.continuity.bonus=0.5"]))
    assert projection(bonus.loaded.scenario, ["tiers.*"]) == '[["top","base"]]'


SWEEPS = [
    # solved only (the prepared book kept, the point started from the plan before it): a
    # limit, a soft limit, a rule on today's books, a cost reported only
    "budget.total=30,60", "objective.soft.budget=5,50", "rules.continuity.max_reassignments=0,3",
    "rm_grades.senior_rm.cost_per_year=0,5",
    # valued again (the book as read kept)
    "rules.continuity.bonus=0,0.5", "packages.premium.uplift=0.05,0.3",
    # read again: an offer, the tiers, the RMs, a data file
    "offers.card.margin=10,30", "tiering.thresholds.top=1,0",
    "rules.add_rms.senior_rm=0,1",
    "data.fit_scores.path=FOLDER/fit.csv,FOLDER/fit2.csv",
]
"""A key of each kind, by what preparation does again for it (the READS of book.book, tiering
and valuation) and by the part of the plan it changes."""
MORE_SWEEPS = [
    "risk.loss_cap=5,20", "risk.capital_cap=50,500", "rules.channel_capacity.email=1,4",
    "rules.rm_min_load_share=0,0.5", "objective.fit_weight=1,3", "objective.horizon_years=1,3",
    "rules.rm_capacity_scale=1,0.4", "tiers.top.coverage_uplift=0,0.3",
    "tiers.base.max_offers=1,2", "tiers.top.budget_floor_share=0,0.5",
]
"""Every other limit and lever of the book, each of a kind SWEEPS holds (make test-long)."""


@pytest.mark.parametrize("vary", [*SWEEPS, *(pytest.param(vary, marks=pytest.mark.long)
                                             for vary in MORE_SWEEPS)])
def test_every_exact_sweep_point_equals_the_point_alone(tmp_path: Path, vary: str) -> None:
    points_match(book(tmp_path), vary.replace("FOLDER", str(tmp_path)), [])


@pytest.mark.parametrize("vary", [
    "budget.total=30,60",  # solved only: started from the prices of the point before
    "rules.continuity.bonus=0,0.5",  # valued again: started afresh
    *(pytest.param(vary, marks=pytest.mark.long)  # read again: started afresh as well
      for vary in ("tiers.top.coverage_uplift=0,0.3", "offers.card.margin=10,30"))])
def test_every_decomposed_sweep_point_keeps_the_bound_of_the_point_alone(
        tmp_path: Path, vary: str) -> None:
    points_match(book(tmp_path), vary, ["solver.method=decomposition"], proof_may_differ=True)


def test_forked_sweep_points_equal_the_points_alone(tmp_path: Path) -> None:
    # two workers of two points, forked from a process that prepared the first point; in a
    # fresh process, as the command runs (a solver's threads do not survive a fork)
    path, vary = book(tmp_path), "rules.continuity.bonus=0,0.5,0.2,0.7"
    done = allocate("sweep", str(path), "--vary", vary, "--jobs", "2", "--out",
                    str(tmp_path / "sweeps"))
    assert done.returncode == 0, done.stderr
    folder = next((tmp_path / "sweeps" / "world").glob("sweep-*"))
    points_match(path, vary, [], pd.read_csv(folder / "sweep.csv"))


def points_match(path: Path, vary: str, sets: list[str], table: pd.DataFrame | None = None,
                 proof_may_differ: bool = False) -> None:
    """Status equal, and each plan within the other's proven bound (equal at gap 0). A search
    started from the point before's prices may stop before proving its gap where the point
    alone proves it (or the other way): then both have a plan."""
    sets = [*sets, "output.steps=false"]  # the plans alone compared, not their steps
    if table is None:
        table = run_sweep(path, [vary], sets=sets, output=path.parent / "sweeps").table
    key = vary.partition("=")[0]
    planned = {"optimal", "feasible"}
    for _, row in table.iterrows():
        alone = optimize(prepare(load_scenario(path, sets, point={key: row[key]})))
        status = alone.result.status.value
        assert row["status"] == status or (
            proof_may_differ and {row["status"], status} <= planned), (key, row[key])
        if alone.objective is None:
            continue
        assert alone.result.bound is not None
        tolerance = 1e-6 * max(1.0, abs(alone.objective))
        assert row["objective"] <= alone.result.bound + tolerance, (key, row[key])
        assert alone.objective <= row["bound"] + tolerance, (key, row[key])
        cost = rm_cost(alone.prepared.book.rms, alone.prepared.loaded.scenario)
        assert row["rm_cost"] == pytest.approx(cost), (key, row[key])
        assert row["net_value"] == pytest.approx(row["objective"] - cost), (key, row[key])
        assert row["rms"] == len(alone.prepared.book.rms), (key, row[key])
