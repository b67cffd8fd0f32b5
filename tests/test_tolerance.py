"""Differences within the solver's gap: verdicts, a sweep table's flags, the frontier's knee
and its marginal values, on tables whose answers are worked out by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator import tolerance
from allocator.report import sweep_charts
from allocator.report.formats import view
from allocator.report.language import Words
from allocator.report.sweep_tables import frontier_shown, knee_line
from allocator.sweeps import frontier, neighbours, to_tighten

KEY = "budget.total"


def test_verdicts() -> None:
    assert tolerance.absolute_gap(100.0, 103.0) == pytest.approx(3.0)
    assert tolerance.absolute_gap(100.0, 100.0 - 1e-12) == 0.0
    assert tolerance.absolute_gap(100.0, None) is None
    # 5,423,764 and 5,424,092 each within 542 of their bounds: a change of 328 is noise.
    assert tolerance.pair((5_423_764.0, 5_424_092.0), (5_424_306.0, 5_424_634.0)) == (
        pytest.approx(328.0), pytest.approx(1084.0), tolerance.WITHIN)
    assert tolerance.pair((100.0, 120.0), (105.0, 125.0))[2] == tolerance.BEYOND
    assert tolerance.pair((100.0, 120.0), (105.0, None))[2] == tolerance.NOT_CERTIFIED
    assert tolerance.pair((100.0, 100.0), (100.0, 100.0)) == (0.0, 0.0, tolerance.WITHIN)
    assert tolerance.verdict(5.0, 5.0) == tolerance.WITHIN  # at most the band
    assert tolerance.verdict(-0.0, 0.0) == tolerance.WITHIN


def test_a_part_moving_more_than_the_band_between_equally_good_plans_is_shifted() -> None:
    # total -54 within a band of 57: a tier's -108 is value moved between tiers, not an effect
    assert tolerance.part_verdict(-108.0, 57.0, tolerance.WITHIN) == tolerance.SHIFTED
    assert tolerance.part_verdict(-30.0, 57.0, tolerance.WITHIN) == tolerance.WITHIN
    assert tolerance.part_verdict(-108.0, 57.0, tolerance.BEYOND) == tolerance.BEYOND
    assert tolerance.part_verdict(-108.0, None, tolerance.NOT_CERTIFIED) == (
        tolerance.NOT_CERTIFIED)


def sweep_table() -> pd.DataFrame:
    # Two keys in a grid: points 0-1 and 2-3 are neighbours (one key changed), 1-2 are not.
    return pd.DataFrame({
        "point": [0, 1, 2, 3, 4],
        "a": [1, 1, 2, 2, 2], "b": [10, 20, 10, 20, 30],
        "status": ["optimal", "optimal", "optimal", "feasible", "infeasible"],
        "objective": [1000.0, 1004.0, 2000.0, 2100.0, np.nan],
        "bound": [1003.0, 1006.0, 2002.0, np.nan, np.nan],
        "gap": [0.003, 0.002, 0.001, np.nan, np.nan],
        "gap_target": [1e-2, 1e-2, 1e-2, 1e-2, 1e-2],
    })


def test_sweep_table_flags_changes_within_the_gap() -> None:
    flags = neighbours(sweep_table(), ["a", "b"])
    assert flags["within_gap"].tolist() == ["", tolerance.WITHIN, "", tolerance.NOT_CERTIFIED, ""]
    assert flags["change"].iloc[1] == pytest.approx(4.0)
    assert flags["noise_band"].iloc[1] == pytest.approx(5.0)  # 3 + 2
    zipped = neighbours(sweep_table(), ["a", "b"], zipped=True)
    assert zipped["within_gap"].iloc[2] == tolerance.BEYOND  # 1000 apart, band 4


@pytest.mark.parametrize(("language", "yes", "within"), [("en", "yes", "within tolerance"),
                                                          ("zh", "是", "在容差内")])
def test_no_change_between_points_proven_optimal_is_within_the_gap(
        language: str, yes: str, within: str) -> None:
    # two budgets the plan does not use up, each solved to a gap of 0: the same value
    curve = frontier(pd.DataFrame({KEY: [5.0, 6.0], "objective": [198.0, 198.0],
                                   "bound": [198.0, 198.0]}), KEY)
    assert curve.loc[1, ["change", "noise_band", "within_gap"]].tolist() == [
        0.0, 0.0, tolerance.WITHIN]
    shown = view(frontier_shown(curve, Words(language)), Words(language))
    row = dict(zip(shown.headers, (cell.text for cell in shown.rows[1].cells), strict=True))
    assert row[Words(language).column("within_gap")] == yes, row  # was "no"
    assert row[Words(language).column("marginal_value_per_unit")] == within, row


def test_points_within_tolerance_are_tightened() -> None:
    table = sweep_table()
    flagged = pd.concat([table, neighbours(table, ["a", "b"])], axis=1)
    assert to_tighten(flagged, 10) == [0, 1]
    flagged.loc[0, "gap"] = 1e-4  # already below a tenth of its target: nothing to gain
    assert to_tighten(flagged, 10) == [1]
    flagged["stopped_on"] = ["gap", "time_limit", "gap", "gap", "gap"]
    assert to_tighten(flagged, 10) == []  # a re-solve would stop on the clock again


def kinked(x: np.ndarray) -> np.ndarray:
    """Ten per unit up to 4, one per unit after: a frontier with one knee, at 4."""
    return 1000 + 10 * np.minimum(x, 4) + np.maximum(x - 4, 0)


def curve_of(x: np.ndarray, objective: np.ndarray, gaps: np.ndarray) -> pd.DataFrame:
    return frontier(pd.DataFrame({KEY: x, "objective": objective, "bound": objective + gaps}),
                    KEY)


def test_the_knee_of_a_kinked_frontier() -> None:
    x = np.arange(0.0, 11.0)
    curve = curve_of(x, kinked(x), np.full(len(x), 0.5))
    assert curve.loc[curve["knee"], KEY].tolist() == [4.0]
    # At 4 the chord from (0, 1000) to (10, 1046) stands at 1018.4; the point at 1040.
    assert curve.loc[4, "distance_from_chord"] == pytest.approx(21.6)
    assert curve.loc[4, "chord_noise_band"] == pytest.approx(1.0)
    assert knee_line(curve, Words()) == (
        "Knee at total budget = 4: 21.60 above the chord, beyond the noise band of that "
        "distance, 1.00.")


def test_a_headcount_sweep_with_rm_costs_says_where_net_value_is_highest() -> None:
    # Each added RM brings 10 up to 4 and 1 after, and costs 6: net value rises to 4 RMs
    # (+4 each) and falls after (-5 each); the chart draws value net of cost first.
    x = np.arange(0.0, 11.0)
    gross = kinked(x)
    key = "rules.add_rms.premier_rm"
    curve = frontier(pd.DataFrame({key: x, "objective": gross, "bound": gross + 0.5,
                                   "net_value": gross - 6 * x, "net_bound": gross + 0.5 - 6 * x}),
                     key)
    said = str(knee_line(curve, Words()))
    assert said.startswith("Value net of RM cost is highest at RMs added (premier RM) = 4:"
                           " 1,016 ") and "Knee at" in said
    zh = str(knee_line(curve, Words("zh", {"premier_rm": "贵宾客户经理"})))
    assert "新增客户经理（贵宾客户经理）为 4 时" in zh and "4.00" not in zh and "rules" not in zh
    assert "扣除客户经理成本后的价值" in sweep_charts.frontier(curve, key, Words("zh"))


def test_no_best_point_is_named_where_the_runner_up_is_within_the_noise_band() -> None:
    # The contact cap at 1, 2 and 3: 2 is highest net of RM cost, 45 above 3, whose band
    # with it is 752 (376 each): equal within noise; 1 is 4,000 below, beyond its band.
    key = "calendar.contact_rules.quarterly.max"
    net = np.array([2_173_000.0, 2_177_045.0, 2_177_000.0])
    curve = frontier(pd.DataFrame({key: [1, 2, 3], "objective": net + 3_353_876.0,
                                   "bound": net + 3_353_876.0 + 376.0, "net_value": net,
                                   "net_bound": net + 376.0}), key)
    said = str(knee_line(curve, Words()))
    assert "is highest" not in said
    assert said.startswith("Value net of RM cost is equal within the noise band (")
    assert "= 2 (2,177,045, the highest) and 3 (45.00 less, noise band 752)" in said
    assert " 1 (" not in said and "costs least" not in said  # the same RMs at every point
    zh = str(knee_line(curve, Words("zh")))
    assert "内相同：不认定最佳点" in zh and "3（低 45.00，噪声带 752）" in zh and "最高：" not in zh
    # beyond the band (a gap of 10 each), 2 is named best as before
    sharp = curve.assign(net_bound=net + 10.0, bound=net + 3_353_876.0 + 10.0)
    assert str(knee_line(sharp, Words())).startswith("Value net of RM cost is highest at ")


def test_points_equal_within_noise_name_the_one_of_least_rm_cost() -> None:
    key = "rules.add_rms.premier_rm"
    net = np.array([1_000.0, 1_030.0, 1_020.0])
    cost = np.array([0.0, 50.0, 100.0])
    curve = frontier(pd.DataFrame({key: [0, 1, 2], "objective": net + cost,
                                   "bound": net + cost + 8.0, "net_value": net,
                                   "net_bound": net + 8.0}), key)
    said = str(knee_line(curve, Words()))
    assert "= 1 (1,030, the highest) and 2 (10.00 less, noise band 16.00)" in said
    assert "Of these, RMs added (premier RM) = 1 costs least in RMs: 50.00." in said


def test_no_knee_where_every_added_rm_costs_more_than_it_adds() -> None:
    # The same bend before cost, but each RM costs 12: net value falls from the first point
    # on, so hiring up to the bend does not pay and no knee is claimed.
    x = np.arange(0.0, 11.0)
    gross = kinked(x)
    key = "rules.add_rms.premier_rm"
    curve = frontier(pd.DataFrame({key: x, "objective": gross, "bound": gross + 0.5,
                                   "net_value": gross - 12 * x,
                                   "net_bound": gross + 0.5 - 12 * x}), key)
    assert not curve["knee"].any()
    said = str(knee_line(curve, Words()))
    assert said.startswith("Value net of RM cost is highest at RMs added (premier RM) = 0:")
    assert "No knee claimed: value net of RM cost bends at RMs added (premier RM) = 4" in said
    assert "未认定拐点" in str(knee_line(curve, Words("zh")))


def test_a_kink_inside_the_noise_band_is_not_claimed() -> None:
    x = np.arange(0.0, 11.0)
    curve = curve_of(x, kinked(x), np.full(len(x), 15.0))  # bands of 30 > 21.6
    assert not curve["knee"].any()
    assert "No knee claimed" in str(knee_line(curve, Words()))
    uncertified = curve_of(x, kinked(x), np.r_[0.5, 0.5, 0.5, 0.5, np.nan, np.full(6, 0.5)])
    assert not uncertified["knee"].any()
    assert "no certified noise band" in str(knee_line(uncertified, Words()))


def test_a_bend_where_returns_rise_is_no_knee() -> None:
    # One per unit up to 6, ten per unit after (the demo's budget: a package step ahead): the
    # inner points lie below the chord, however far.
    x = np.arange(0.0, 11.0)
    rising = 1000 + np.minimum(x, 6) + 10 * np.maximum(x - 6, 0)
    curve = curve_of(x, rising, np.full(len(x), 0.5))
    assert (curve["distance_from_chord"].dropna() < 0).all()
    assert not curve["knee"].any()
    assert "No knee" in str(knee_line(curve, Words()))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.0, 1.0), min_size=3, max_size=12),
       st.floats(-50.0, 50.0), st.floats(0.1, 100.0))
def test_noise_level_wiggles_make_no_knee(shares: list[float], slope: float, gap: float
                                          ) -> None:
    # Every point's true value lies on a straight line; each plan falls short of it by at
    # most its gap, and the bound stands a gap above the plan.
    x = np.arange(float(len(shares)))
    objective = 5_000 + slope * x - gap * np.array(shares)
    curve = curve_of(x, objective, np.full(len(x), gap))
    assert not curve["knee"].any()


def test_marginal_values_within_tolerance_are_labelled() -> None:
    # 19.29 -> 0.31 -> 9.53 per unit over steps of 1,000 with gaps of 542: the middle step
    # (310) is within the band of 1,084, the others are not.
    x = np.array([40_000.0, 41_000.0, 42_000.0, 43_000.0])
    objective = np.cumsum([5_400_000.0, 19_290.0, 310.0, 9_530.0])
    curve = curve_of(x, objective, np.full(4, 542.0))
    assert curve["within_gap"].tolist() == ["", tolerance.BEYOND, tolerance.WITHIN,
                                            tolerance.BEYOND]
    shown = frontier_shown(curve, Words())["marginal_value_per_unit"].tolist()
    assert shown[1] == pytest.approx(19.29) and shown[3] == pytest.approx(9.53)
    assert shown[2] == "within tolerance"
    assert frontier_shown(curve, Words("zh"))["marginal_value_per_unit"].iloc[2] == "在容差内"


def test_the_chart_names_a_knee_only_where_one_is_claimed() -> None:
    x = np.arange(0.0, 11.0)
    straight = curve_of(x, 1000 + 10 * x, np.full(len(x), 0.5))
    assert not straight["knee"].any()
    for language in ("en", "zh"):
        words = Words(language)
        assert words("knee") not in sweep_charts.frontier(straight, KEY, words)
        svg = sweep_charts.frontier(curve_of(x, kinked(x), np.full(len(x), 0.5)), KEY, words)
        assert words("knee") in svg and words.column(KEY) in svg and KEY not in svg


def test_the_knee_line_and_the_frontier_table_tell_one_noise_band_by_its_name() -> None:
    x = np.arange(0.0, 11.0)
    curve = curve_of(x, kinked(x), np.full(len(x), 0.5))
    words = Words()
    said = str(knee_line(curve, words))
    band = curve.loc[curve["knee"], "chord_noise_band"].iloc[0]
    assert f"the noise band of that distance, {band:.2f}" in said
    headers = words.headers(frontier_shown(curve, words, full=True))
    assert "noise band of that distance" in headers and "noise band of the change" in headers


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_lever_that_adds_no_rm_says_nothing_of_rms_paying(language: str) -> None:
    """A tier's budget floor share at 0, 0.2 and 0.5: the same 12 RMs at every point, value net
    of their cost flat to 0.2, then falling. The bend at 0.2 is no knee (no higher than the
    first point), said without RMs that "do not pay for themselves" (before: that, and "0.2
    costs least in RMs" where every point costs the same but for the rounding of a
    subtraction)."""
    key = "tiers.premier.budget_floor_share"
    cost = 3_353_876.431145591
    gross = np.array([741_459.3371, 741_459.3392, 705_318.9134])
    curve = frontier(pd.DataFrame({key: [0.0, 0.2, 0.5], "objective": gross,
                                   "bound": gross + 14.0, "net_value": gross - cost,
                                   "net_bound": gross + 14.0 - cost}), key)
    words = Words(language)  # type: ignore[arg-type]
    said = str(knee_line(curve, words))
    for unpaid in ("do not pay for themselves", "无法收回成本", "costs least", "成本最低"):
        assert unpaid not in said, said
    assert {"en": "but stands no higher there than at the sweep's first point, "
                  "tiers.premier.budget_floor_share = 0 (every point costs the same in RMs).",
            "zh": "但并不高于扫描的第一个点"}[language] in said, said
