"""What explain charges an offer: every row of a priced family that the offer's column has a
term in, as the model states it, by its coefficient; an RM contact's RM hours per month those
of the customer's RM. The scenarios give every priced family rows (a calendar rules out the
offers' own quotas and minimums, so the plain demo gives those)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import yaml

from allocator import columns as c
from allocator.families import FAMILIES
from allocator.offer_limits import Use, customer_offers, offer_uses
from allocator.preparation import Prepared, prepare
from allocator.problem import AllocationProblem, build_problem
from tests.test_cli import ROOT

TIERS = {"premier": {"budget_floor_share": 0.01},
         "mass": {"budget_cap_share": 0.5, "loss_cap_share": 0.5}}
SCENARIOS: dict[str, dict[str, Any]] = {
    "calendar": {
        "extends": str(ROOT / "scenarios" / "demo_calendar.yaml"), "tiers": TIERS,
        "rules": {"rm_min_load_share": 0.1},
        "rm_grades": {grade: {"hours_per_month": 1}
                      for grade in ("private_banker", "wealth_rm", "premier_rm")},
        "calendar": {
            "channel_limits": {
                "cc_a": {"channels": ["call_centre"], "start": 50, "end": 120, "max": 100},
                "cc_b": {"channels": ["call_centre"], "start": 100, "end": 300, "min": 1,
                         "max": 50}},
            "sales": {"cards": {"products": ["credit card"], "min": 6, "max": 500}}}},
    "plain": {"extends": str(ROOT / "scenarios" / "demo.yaml"), "tiers": TIERS,
              "rules": {"rm_min_load_share": 0.1}, "offers": {"credit_card": {"minimum": 5}}},
}
"""Each limit of the registry stated at least once: the demo's budget, loss and capital caps,
channel capacities and reassignments, a tier's budget floor and cap and loss share, RMs'
minimum load; offers' quotas and minimums; the calendar's channel windows (overlapping, a
floor and caps), digital budget, card sales (a floor and a cap), and RM hours per month
small enough to bind."""
PRICED = {constraint.name for family in FAMILIES if family.priced
          for constraint in family.constraints}
Models = dict[str, tuple[Prepared, AllocationProblem]]


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> Models:
    """Each scenario on 150 customers of the demo's book, prepared, and its exact model."""
    folder = tmp_path_factory.mktemp("offer_limits")
    out = {}
    for name, overrides in SCENARIOS.items():
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump({
            **overrides, "name": name, "data": {"generate": {"customers": 150, "seed": 7}}}))
        prepared = prepare(path)
        out[name] = prepared, build_problem(prepared.valued, prepared.loaded.scenario)
    return out


def test_the_scenarios_state_every_priced_limit(models: Models) -> None:
    stated = {block.name for _, problem in models.values() for block in problem.row_blocks
              if block.stop > block.start}
    assert stated >= PRICED, sorted(PRICED - stated)


@pytest.mark.parametrize("name", SCENARIOS)
def test_an_offer_is_charged_every_priced_row_its_column_is_in(models: Models, name: str
                                                                ) -> None:
    """For customers across the book, each with the first RM they may have: what offer_uses
    charges each offer is what the model's column of that offer has, row by row (rows the
    model leaves out, as RM-months every contact fits, aside); and every priced limit with a
    term on an offer is charged to some offer."""
    prepared, problem = models[name]
    inputs, valued = prepared.check_inputs(), prepared.valued
    in_model = _row_keys(problem)
    stated_on: set[str] = set()
    charged: set[str] = set()
    for i in range(0, len(valued.customers), 6):
        customer = inputs.customers.iloc[[i]]
        customer_id = str(customer[c.CUSTOMER_ID].iloc[0])
        rms = np.asarray(valued.rms[c.RM_ID])[np.asarray(valued.coverage.rm)[
            valued.coverage.customer == i]]
        rm = str(rms[0]) if len(rms) else None
        pairs, terms = customer_offers(customer, inputs.offers)
        for offer_id, uses in zip(pairs[c.OFFER_ID], offer_uses(inputs, customer, terms, rm),
                                  strict=True):
            stated = _model_uses(problem, (i, valued.offer_ids.index(offer_id)),
                                 f"{customer_id}/{offer_id}/{rm}")
            if stated is None:  # no column: the model leaves the pair out
                continue
            told = {(row, label, round(coef, 9)) for row, label, coef in uses
                    if (row, label) in in_model}
            assert told == stated, (customer_id, offer_id)
            stated_on |= {row for row, _, _ in stated}
            charged |= {row for row, _, _ in uses}
    assert stated_on == PRICED & _on_offers(problem)
    assert stated_on <= charged


def _row_keys(problem: AllocationProblem) -> set[tuple[str, str]]:
    return {(block.name, str(label)) for block in problem.row_blocks
            for label in problem.row_labels[block.start:block.stop]}


def _row_names(problem: AllocationProblem) -> np.ndarray:
    names = np.empty(problem.n_rows, dtype=object)
    for block in problem.row_blocks:
        names[block.start:block.stop] = block.name
    return names


def _on_offers(problem: AllocationProblem) -> set[str]:
    """The rows with a term on an offer's column or on a column the rows add (the RM hours
    of an RM contact)."""
    layout, matrix = problem.decisions.layout, problem.matrix.tocsc()
    rows = np.union1d(matrix[:, layout.y0:layout.s0].indices, matrix[:, layout.n:].indices)
    return set(_row_names(problem)[rows])


def _model_uses(problem: AllocationProblem, pair: tuple[int, int], link: str
                ) -> set[Use] | None:
    """The priced rows the model's column of a customer's offer (`pair`: their indices) is
    in, with its coefficients; an RM contact's RM-months through the column the RM hours
    rows add for the customer's RM (`link`: the label of its row, customer/offer/RM); None
    where the model has no column of the pair."""
    y = problem.decisions.y
    at = np.flatnonzero((y.customer == pair[0]) & (y.offer == pair[1]))
    if not len(at):
        return None
    matrix, names = problem.matrix.tocsc(), _row_names(problem)
    cols = [problem.decisions.layout.y0 + int(at[0])]
    linked = np.flatnonzero(problem.row_labels == link)
    if len(linked):
        row = problem.matrix.getrow(int(linked[0]))
        cols.append(int(row.indices[row.data < 0][0]))
    return {(str(names[row]), str(problem.row_labels[row]), round(float(coef), 9))
            for col in cols
            for row, coef in zip(matrix[:, col].indices, matrix[:, col].data, strict=True)
            if names[row] in PRICED and coef}
