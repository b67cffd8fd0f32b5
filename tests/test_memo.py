"""Pure steps computed once per process for the same data: a chart of equal tables read back
from a file reuses the drawing, any change to the data, the words or the currency draws it
afresh, and a table kept is handed out as a copy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from allocator import memo
from allocator.report import charts
from allocator.report.language import Words


@pytest.fixture
def drawings(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The figures drawn (their widths), from an empty cache."""
    drawn: list[float] = []
    render = charts.render

    def counted(draw: charts.Draw, width: float = 7.0, height: float = 3.2) -> str:
        drawn.append(width)
        return render(draw, width, height)

    memo.forget_all()
    monkeypatch.setattr(charts, "render", counted)
    yield drawn
    memo.forget_all()


def tiers() -> pd.DataFrame:
    return pd.DataFrame({"tier": pd.array(["private", "mass"], dtype="string"),
                         "customers": [28, 2224], "value": [3.2e6, 6270.0]})


def test_equal_tables_read_back_from_a_file_reuse_the_drawing(
        drawings: list[float], tmp_path: Path) -> None:
    written = tiers()
    written.to_parquet(tmp_path / "tiers.parquet")
    read = pd.read_parquet(tmp_path / "tiers.parquet")
    first = charts.tier_pyramid(written, Words("en"), "EUR")
    again = charts.tier_pyramid(read, Words("en"), "EUR")
    assert again == first
    assert len(drawings) == 1


@pytest.mark.parametrize("change", ["value", "dtype", "index", "language", "label", "currency"])
def test_any_change_to_the_data_draws_the_chart_afresh(drawings: list[float],
                                                       change: str) -> None:
    first = charts.tier_pyramid(tiers(), Words("en"), "EUR")
    table, words, currency = tiers(), Words("en"), "EUR"
    if change == "value":
        table.loc[1, "value"] = 6271.0
    elif change == "dtype":
        table["customers"] = table["customers"].astype(float)
    elif change == "index":
        table.index = [1, 0]
    elif change == "language":
        words = Words("zh")
    elif change == "label":
        words = Words("en", {"mass": "Mass market"})
    else:
        currency = "USD"
    changed = charts.tier_pyramid(table, words, currency)
    assert len(drawings) == 2
    memo.forget_all()
    assert charts.tier_pyramid(table, words, currency) == changed  # as drawn without a cache
    if change not in ("dtype", "index"):  # the same picture, drawn again all the same
        assert changed != first


def test_a_remembered_table_is_handed_out_as_a_copy() -> None:
    calls: list[int] = []

    @memo.remembered
    def doubled(table: pd.DataFrame) -> pd.DataFrame:
        calls.append(len(table))
        return table * 2

    first = doubled(tiers()[["customers"]])
    first.loc[0, "customers"] = -1  # the caller's own copy
    again = doubled(tiers()[["customers"]])
    assert again["customers"].tolist() == [56, 4448]
    assert calls == [2]
