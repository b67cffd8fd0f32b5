"""A grade's RM hours whose RMs differ: the drivers show the range and name the binding RMs,
never an average of RMs worth 0 and one that binds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.driver_ranking import strongest
from allocator.report.language import Words
from allocator.report.plan_tables import Priced, unit_prices
from allocator.report.price_words import grade_price_text


def hours(prices: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"constraint": "rm_capacity",
                         "label": [f"Praha-private_banker-{i:02d}" for i in range(len(prices))],
                         "limit": 400.0, "marginal_value": prices})


def rms_of(rows: pd.DataFrame) -> pd.DataFrame:
    """The RMs of `rows`, each of them able to hold a customer."""
    return pd.DataFrame({"rm_id": rows["label"], "grade": "private_banker",
                         "capacity_hours": rows["limit"]})


def test_rms_that_differ_show_their_range_and_the_binding_rm() -> None:
    rows = hours([0.0] * 40 + [38.18] + [0.0] * 36)
    said = grade_price_text(rows, rms_of(rows), "EUR", Words("en"))
    assert "from 0.00 to 38.18 EUR per RM hour" in said and "1 of 77 binding" in said, said
    assert "Praha-private_banker-40" in said and "0.50" not in said, said
    zh = grade_price_text(rows, rms_of(rows), "EUR", Words("zh"))
    assert "每客户经理工时 0.00 至 38.18 EUR" in zh and "77 名中 1 名为紧约束" in zh, zh


def test_rms_that_share_a_price_show_it() -> None:
    rows = hours([2.5, 2.5, 2.5])
    said = grade_price_text(rows, rms_of(rows), "EUR", Words("en"))
    assert "2.50 EUR per RM hour" in said and "from" not in said, said


def test_a_group_s_marginal_value_is_its_strongest_rm_s() -> None:
    assert strongest(pd.Series([0.0, 38.18, 0.0, float("nan")])) == 38.18
    assert strongest(pd.Series([0.0, -3.0, 1.0])) == -3.0
    assert np.isnan(strongest(pd.Series([float("nan")])))  # none priced: no price, never 0


def test_one_more_hour_of_a_grade_is_worth_its_strongest_rm_s() -> None:
    rms = pd.DataFrame({"rm_id": ["R1", "R2", "R3"], "grade": "private_banker",
                        "capacity_hours": 400.0})
    priced = Priced({("rm_capacity", "R1"): 0.0, ("rm_capacity", "R2"): 38.18,
                     ("rm_capacity", "R3"): 0.0}, {("rm_capacity", "R2"): (390.0, 402.0)}, ())
    table = unit_prices(priced, rms, "EUR", Words("en"))
    assert table["marginal"].tolist() == [
        "one more RM hour (private banker, worth most at R2)"]
    assert table["value"].tolist() == [38.18]  # never the mean, 12.73
    assert (table["range_low"].tolist(), table["range_high"].tolist()) == ([390.0], [402.0])


def test_a_grade_none_of_whose_rms_was_priced_is_not_priced_never_0() -> None:
    # the run's time limit ended the solve before prices (before: "0.00 EUR per RM hour
    # (every RM's marginal value ...)")
    rows = hours([float("nan")] * 4)
    assert grade_price_text(rows, rms_of(rows), "EUR", Words("en")) == (
        "not priced (limit 1,600)")
    assert grade_price_text(rows, rms_of(rows), "EUR", Words("zh")) == "未定价（限额 1,600）"
