"""A share of a limit used reads alike wherever the run shows it (the terminal, summary.md,
report.html's tables and charts), and never reads full short of the limit: 580 of 582 hours
is 99.6%, 44,999 of 45,000 is 99.9%, only a limit met exactly is 100.0%."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from allocator.cli.rich_tables import _texts
from allocator.report import charts, drivers, paper
from allocator.report.cell_texts import format_cell, use_text
from allocator.report.formats import view
from allocator.report.language import Words

RM00003 = 580 / 582  # 99.66%: 99.7% rounded, full to a reader at a glance of 100%


def test_a_share_used_is_cut_towards_full_never_rounded_onto_it() -> None:
    assert use_text(RM00003) == "99.6%"
    assert use_text(44_999 / 45_000) == "99.9%"  # never 100.0% nor 100.00%
    assert use_text(1.0) == "100.0%" and use_text(1.0 - 1e-12) == "100.0%"  # summed hours
    assert use_text(1.0004) == "100.1%"  # over the limit: never full either
    assert use_text(0.29) == "29.0%" and use_text(0.0004) == "0.04%"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_output_shows_the_same_digits(language: str) -> None:
    words = Words(language)  # type: ignore[arg-type]
    table = pd.DataFrame({"constraint": ["rm_capacity"], "label": ["RM00003"],
                          "limit": [582.0], "used": [580.0], "use_share": [RM00003]})
    assert _texts(table, words)[0][-1] == "99.6%"  # the terminal
    assert view(table, words).rows[0].cells[-1].text == "99.6%"  # summary.md, report.html
    assert format_cell(RM00003, True, words, used=True) == "99.6%"
    books = pd.DataFrame({"grade": ["premier_rm"], "region": ["R1"], "hours": [580.0],
                          "capacity_hours": [582.0]})
    assert "99.6%" in re.findall(r">([^<]+)</text>", charts.rm_utilization(books, words))
    assert drivers._use_range(RM00003, 1.0) == "99.6–100.0%"
    budget = SimpleNamespace(constraint="budget", label="total", used=44_999.0,
                             limit=45_000.0, sense="le", use_share=44_999 / 45_000)
    line = paper.watched_limit(budget, words)
    assert "99.9%" in line and "100.0" not in line and "44,999" in line, line
