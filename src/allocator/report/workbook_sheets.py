"""plan.xlsx's sheets, from what the run folder holds (report/page_facts.py and the Parquet
plan): the run writes the workbook from these, and verify writes it again in memory from the
folder alone and compares every cell."""

from __future__ import annotations

import pandas as pd

from allocator.campaigns.calendar_tables import rm_hours_table
from allocator.headcount import plans_rms
from allocator.report import page_facts as pf
from allocator.report import summary_facts as sf
from allocator.report.assumptions import assumptions_of
from allocator.report.cell_texts import status_text
from allocator.report.language import Words
from allocator.report.paper import mandatory_tiers
from allocator.report.plan_tables import unit_prices
from allocator.report.workbook import UPLIFT_OVER_TODAY


def workbook_sheets(page: pf.PageFacts, customers: pd.DataFrame | None, words: Words
                    ) -> dict[str, pd.DataFrame]:
    """Each sheet's table by its English name, in the workbook's order (without the customer
    plan where `customers` is None)."""
    facts = page.facts
    sheets = {"summary": summary_sheet_of(facts, words),
              "assumptions": assumptions_of(sf.assumed(facts), words), "tiers": facts.tiers,
              "rm books": page.books, "offers": facts.offers, "constraints": facts.constraints,
              **({} if customers is None else {"customer plan": customers})}
    if page.activities is not None:  # the campaign calendar: one row per activity
        sheets["calendar"] = page.activities
        if page.contacts is not None:  # and one row per contact
            sheets["contacts"] = page.contacts
        if len(hours := rm_hours_table(facts.constraints)):  # RM hours per month by grade
            sheets["rm hours"] = hours
    return sheets


def summary_sheet_of(facts: sf.SummaryFacts, words: Words) -> pd.DataFrame:
    """plan.xlsx's summary sheet: each item with its amount or its words."""
    value, solver, scenario = sf.value(facts), sf.solver_of(facts), facts.scenario
    rows: list[tuple[str, object]] = [
        ("scenario", scenario.name), ("currency", scenario.objective.currency),
        ("status", status_text(value.status, value.gap, scenario.solver.gap, words)),
        ("path", f"{words.term(solver.get('method'))}{words.sep('open')}"
                 f"{solver.get('backend')}{words.sep('close')}"),
        ("expected value", value.objective), ("best bound", value.bound), ("gap", value.gap),
        *figures_of(facts.tiers, facts.offers, mandatory_tiers(scenario), sf.baselines(facts),
                    plans_rms(facts.rms, scenario))]
    rows += [(f"value: {k}", v) for k, v in value.components.items()]
    priced = pf.rm_cost_and_net_of(facts.record)
    if priced is not None:
        rows += [("RM cost", priced[0]), ("value net of RM cost", priced[1])]
    prices = unit_prices(sf.priced(facts), facts.rms, scenario.objective.currency, words)
    rows += list(zip(prices["marginal"], prices["value"], strict=True))
    return pd.DataFrame(rows, columns=["item", "entry"])  # amounts and words (a status)


def figures_of(tiers: pd.DataFrame, offers: pd.DataFrame, mandatory_tiers: list[str],
               baselines: pd.DataFrame | None, with_rms: bool) -> list[tuple[str, object]]:
    """What the plan spends and risks, whom it covers, and its uplift over today's RM books
    (as summary.md says them), from the tier and offer summaries and the rule-of-thumb plans:
    the summary sheet's rows after the gap; the RM coverage only for a book `with_rms` to
    plan."""
    mandatory = tiers[tiers["tier"].astype(str).isin(mandatory_tiers)]
    rows: list[tuple[str, object]] = [
        ("spend", float(tiers["budget"].sum())),
        ("expected loss", float(tiers["expected_loss"].sum())),
        ("capital", float(offers["capital"].sum()) if "capital" in offers else 0.0),
        ("customers", int(tiers["customers"].sum()))]
    if with_rms:
        rows += [("customers with an RM", int(tiers["covered"].sum())),
                 ("customers of mandatory tiers", int(mandatory["customers"].sum())),
                 ("of them with an RM", int(mandatory["covered"].sum()))]
    if baselines is not None and (baselines["baseline"] == TODAY).any():
        uplift = baselines.loc[baselines["baseline"] == TODAY, "uplift"].iloc[0]
        rows.append((UPLIFT_OVER_TODAY, float(uplift)))
    return rows


TODAY = "incumbent_books"
"""The rule-of-thumb plan that keeps today's RM books."""
