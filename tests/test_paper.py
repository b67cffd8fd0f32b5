"""The assumptions box (report.paper): what the plan rests on, and only that."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from allocator.optimize import Outcome
from allocator.report.language import Words
from allocator.report.paper import assumption_rows, data_sources
from tests.builders import offer, solve, world


def test_output_paths_are_not_assumptions(tmp_path: Path) -> None:
    # --set output.dir says where the files go: the manifest keeps it, the box does not
    path = world(tmp_path, [{"customer_id": "A", "revenue_12m": 1000.0}],
                 offers={"email": offer(30, cost=10)}, budget={"total": 20})
    outcome = solve(path, f"output.dir={tmp_path / 'elsewhere'}", "budget.total=-10%")
    for language in ("en", "zh"):
        words = Words(language)
        rows = assumption_rows(outcome, words, "2026-12-05T10:00:00")
        said = " ".join(str(value) for value in rows.iloc[:, 1])
        assert "elsewhere" not in said and str(tmp_path) not in said
        assert "20 → 18" in said or "由 20 改为 18" in said, said


def test_a_source_named_by_its_file_is_named_once(tmp_path: Path) -> None:
    # an adapter's tables are named by their files (account.csv): no "account.csv: account.csv"
    table = tmp_path / "account.csv"
    table.write_text("account_id\n1\n", encoding="utf-8")
    customers = tmp_path / "clients.csv"
    customers.write_text("customer_id\n1\n", encoding="utf-8")
    fake: Any = SimpleNamespace(prepared=SimpleNamespace(
        loaded=SimpleNamespace(scenario=SimpleNamespace(data=SimpleNamespace(generate=None))),
        book=SimpleNamespace(inputs={"account.csv": table, "customers": customers})))
    for language in ("en", "zh"):
        account, clients = data_sources(cast(Outcome, fake), Words(language))
        assert account.count("account.csv") == 1 and account.startswith("account.csv"), account
        assert clients.startswith("customers") and "clients.csv" in clients, clients
