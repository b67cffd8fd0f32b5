"""What drives this plan: the lines above the drivers' table follow its ranking, in the
report and on an 80-column terminal, whole."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.driver_ranking import drivers, first_drivers, price_notes
from allocator.report.drivers import driver_table, headline_lines, shown_drivers
from allocator.report.formats import view
from allocator.report.language import Words
from allocator.report.plan_tables import constraint_table
from tests.builders import offer, solve, world
from tests.test_zh_everywhere import allocate, folder_in


def hours_before_budget(folder: Path) -> Path:
    """Two top (mandatory) customers need 20 hours each, two base customers 10 each, worth 30
    and 25 covered; one RM with 45 hours covers the top tier and has 5 left: a fifth more
    hours (54) covers B1, +30. The budget (10) buys one email offer worth 20 - 10 = 10 and
    binds, but a fifth more (12) buys no second one: it drives the plan less than the hours."""
    customers = [{"customer_id": i, "tier_key": key} for i, key in
                 (("T1", 2.0), ("T2", 2.0), ("B1", 0.0), ("B2", 0.0))]
    fit = [("T1", "R1", 10.0, 20.0), ("T2", "R1", 10.0, 20.0), ("B1", "R1", 30.0, 10.0),
           ("B2", "R1", 25.0, 10.0)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 45}]
    return world(folder, customers, rms, fit, offers={"email": offer(20, cost=10)},
                 budget={"total": 10})


def test_the_headline_lines_follow_the_drivers_ranking(tmp_path: Path) -> None:
    outcome = solve(hours_before_budget(tmp_path))
    constraints = constraint_table(outcome)
    table = driver_table(outcome, constraints)
    ranked = list(zip(table["constraint"], table["label"], strict=True))
    assert ranked.index(("rm_capacity", "rm")) < ranked.index(("budget", "total")), table
    words = Words()
    lines = headline_lines(outcome, constraints, words)
    firsts = [next(i for i, line in enumerate(lines) if line.startswith(words.term(family)))
              for family in ("rm_capacity", "budget")]
    assert firsts[0] < firsts[1], lines  # the hours first, as in the table


def test_the_terminal_shows_the_lines_in_that_order_whole_at_80_columns(tmp_path: Path
                                                                        ) -> None:
    path = hours_before_budget(tmp_path)
    printed = allocate("run", str(path), "--out", str(tmp_path / "cli"), "--set",
                       "output.baselines=false")
    assert printed.exit_code == 0, printed.output
    said = printed.output
    bullets = said[said.index("What drives this plan"):said.index("┏")]
    assert 0 <= bullets.index("  - RM hours") < bullets.index("  - budget:"), bullets
    assert "…" not in said
    assert "raised 20% to 54.00: +30 EUR in all" in " ".join(bullets.split()), bullets
    lines = bullets.splitlines()[1:]
    assert any(line.startswith("    ") for line in lines), bullets  # a bullet that wraps
    assert all(line.startswith(("  - ", "    ")) for line in lines if line.strip()), bullets


def test_a_minimum_priced_below_zero_says_that_loosening_lowers_it() -> None:
    # a sales target of 2 met exactly at -187 a unit: raising it costs, lowering it gains
    frame = pd.DataFrame({"constraint": ["offer_minimum", "budget"],
                          "label": ["wealth_mandate", "total"], "limit": [2.0, 45_000.0],
                          "used": [2.0, 45_000.0], "use_share": [1.0, 1.0],
                          "marginal_value": [-187.0, 1.22], "range_low": [1.0, 44_955.0],
                          "range_high": [3.0, 45_035.0]})
    notes = price_notes(frame)
    assert notes[1] == ""
    for language, said in (("en", "a minimum: its marginal value is what raising it costs; "
                                  "loosening it means lowering it"),
                           ("zh", "下限：下调即放宽")):
        assert Words(language).term(notes[0]).startswith(said)  # type: ignore[arg-type]


def test_a_contact_rule_per_customer_says_its_limit_of_0_is_summed_over_customers() -> None:
    """A calendar's rule per customer and window reads as a limit of 0, used 0, with a price:
    its note says why (the contacts over each customer's windows, summed; the price where one
    more contact is worth most). Unpriced, it has no note."""
    frame = pd.DataFrame({"constraint": ["calendar_contact", "calendar_conflict"],
                          "label": ["quarterly", "conflicting contacts"], "limit": [0.0, 0.0],
                          "used": [0.0, 0.0], "use_share": [np.nan, np.nan],
                          "marginal_value": [10.59, 0.0], "range_low": [np.nan, np.nan],
                          "range_high": [np.nan, np.nan]})
    notes = price_notes(frame)
    assert notes[1] == ""
    for language, said in (("en", "a limit per customer and window, counted as the contacts "
                                  "over them (none in this plan)"),
                           ("zh", "每位客户、每个窗口各为一项限额")):
        assert Words(language).term(notes[0]).startswith(said)  # type: ignore[arg-type]


def test_a_region_s_hours_stand_under_their_grade_s_as_a_part_of_them() -> None:
    # premier RM hours are worth 713, of which the R2 RMs' 38.84: never added beside them
    ranked = pd.DataFrame({"constraint": ["budget", "rm_capacity", "rm_capacity",
                                          "rm_capacity"],
                           "label": ["total", "premier_rm", "private_banker / R2",
                                     "premier_rm / R2"],
                           "loosening_worth": [4663.0, 713.0, 48.55, 38.84]})
    shown = first_drivers(ranked, 25)
    assert shown["loosening_worth"].tolist() == [4663.0, 713.0, 38.84, 48.55]
    labels = shown["label"].tolist()
    assert labels[3] == "private_banker / R2"  # its grade's row is not shown: as it is
    for language, said in (("en", "of which R2"), ("zh", "其中 R2")):
        assert Words(language).term(labels[2]) == said  # type: ignore[arg-type]


def test_a_step_whose_rerun_has_no_bound_says_plus_or_minus_infinity_never_minus() -> None:
    """A re-run that stopped with no bound has no band (NaN or ∞ behind it): the text says ±∞,
    never "±-∞"."""
    from allocator.report.price_words import step_text
    from allocator.sensitivity import Step

    for spread in (float("nan"), float("inf"), float("-inf")):
        step = Step("budget", "budget", 100.0, 120.0, "re-solved", None, proven=False,
                    spread=spread, short_of_gap=True)
        text = step_text(step, "EUR", Words("en"))
        assert "±∞" in text and "-∞" not in text, text


def test_a_grade_s_regions_take_no_place_from_the_next_drivers() -> None:
    # the first page shows 3 drivers: budget, premier RM hours (with its regions under it)
    # and private banker hours (768), never premier's regions in private banker's place
    ranked = pd.DataFrame({"constraint": ["budget", "rm_capacity", "rm_capacity",
                                          "rm_capacity", "rm_capacity", "rm_capacity"],
                           "label": ["total", "premier_rm", "premier_rm / R2",
                                     "premier_rm / R1", "private_banker", "wealth_rm / R3"],
                           "loosening_worth": [4660.0, 4140.0, 1427.0, 1100.0, 768.0, 583.0]})
    shown = first_drivers(ranked, 3)
    assert shown["loosening_worth"].tolist() == [4660.0, 4140.0, 1427.0, 1100.0, 768.0]
    assert shown["label"].tolist()[-1] == "private_banker"
    alone = first_drivers(ranked.iloc[[0, 2, 4]], 2)  # a region without its grade's row counts
    assert alone["label"].tolist() == ["total", "premier_rm / R2"]


def test_a_region_whose_added_rms_stand_idle_never_reads_as_full() -> None:
    # R1 has RM00003 at 580 of 582 hours and two added RMs at 72 and 88 of 444: the region
    # reads 740 of 1,470 hours (50.3%), 1 of 3 RMs at 99.6%, 2 at 16.2-19.8%
    rms = ["RM00003", "premier_rm+1", "premier_rm+5", "RM00006"]
    table = pd.DataFrame({"constraint": "rm_capacity", "label": rms, "sense": "le",
                          "limit": [582.0, 443.75, 443.75, 412.0],
                          "used": [580.0, 72.0, 88.0, 412.0], "identity": False,
                          "binding": [True, False, False, True],
                          "marginal_value": [7.14, 0.0, 0.0, 9.76],
                          "range_low": [580.0, 0.0, 0.0, 408.0],
                          "range_high": [584.0, 1e9, 1e9, 412.0],
                          "step_change": float("nan"), "step_gap": float("nan")})
    groups = {"RM00003": "premier_rm / R1", "premier_rm+1": "premier_rm / R1",
              "premier_rm+5": "premier_rm / R1", "RM00006": "premier_rm / R2"}
    ranked = drivers(table, groups).set_index("label")
    r1, r2 = ranked.loc["premier_rm / R1"], ranked.loc["premier_rm / R2"]
    assert (r1["rms"], r1["limit"], r1["used"]) == (3, 1469.5, 740.0)
    assert r1["use_share"] == pytest.approx(740 / 1469.5) and r1["marginal_value"] == 7.14
    assert r2["use_share"] == 1.0 and pd.isna(r2["shaping_rms"])  # its one RM is full
    shown = first_drivers(ranked.reset_index(), 25)
    for language, said in (("en", "premier RM / R1: 1 of 3 RMs at 99.6%, 2 at 16.2–19.8%"),
                           ("zh", "贵宾客户经理 / R1：3 名中 1 名使用率 99.6%，2 名 16.2–19.8%")):
        labels = shown_drivers(shown, "EUR", Words(language))["label"]  # type: ignore[arg-type]
        assert said in labels.tolist() and "premier_rm / R2" in labels.tolist(), labels
        counts = shown_drivers(shown, "EUR", Words(language), in_count=True)  # type: ignore[arg-type]
        assert said.split(": " if language == "en" else "：", 1)[1] in counts["rms"].tolist()
        assert "premier_rm / R1" in counts["label"].tolist()  # the label as it is, beside
        cells = [row.cells[2] for row in view(counts[["constraint", "label", "rms"]],
                                              Words(language)).rows]  # type: ignore[arg-type]
        assert [cell.kind for cell in cells] == ["parts", ""], cells  # R2's one RM: a count


def test_a_loss_cap_that_gains_through_its_tier_share_says_so(tmp_path: Path) -> None:
    # the base tier may take half the loss cap (250): A's loan (loss 100) fits, B's (200) not
    # beside it. The cap itself has room (20% used) and is priced 0, but a fifth more raises
    # the share to 300, which takes B's loan too: its gain is the share's, not a second one
    customers = [{"customer_id": i, "pd": pd} for i, pd in (("A", 0.1), ("B", 0.2), ("C", 0.3))]
    loan = offer(500, lgd=1.0, ead=1000, capital_weight=1.0)
    outcome = solve(world(tmp_path, customers, offers={"loan": loan}, risk={"loss_cap": 500},
                          tiers={"top": {"coverage": "none"}, "base": {"loss_cap_share": 0.5}}))
    ranked = driver_table(outcome, constraint_table(outcome)).set_index(["constraint", "label"])
    cap, share = ranked.loc[("loss_cap", "total")], ranked.loc[("tier_loss", "base")]
    assert cap["marginal_value"] == pytest.approx(0.0) and cap["use_share"] < 0.98
    assert cap["loosening_worth"] == pytest.approx(300.0)
    assert cap["price_note"] == "through its tier shares"
    assert share["marginal_value"] > 0 and share["price_note"] != "through its tier shares"
    assert Words().term(cap["price_note"]) == ("0 itself: a fifth more gains through its tier "
                                               "shares, which move with it (the same gain as "
                                               "theirs, not another)")


def test_a_cap_whose_range_ends_at_today_s_limit_says_one_more_unit_is_not_priced() -> None:
    # RM hours priced 42.57 from 409 up to today's 412, a quota 4.56 from 239 up to its 240:
    # each price holds only for fewer units; a budget priced past its limit needs no caveat
    frame = pd.DataFrame({"constraint": ["rm_capacity", "offer_quota", "budget"],
                          "label": ["RM00006", "credit_card", "total"],
                          "limit": [412.0, 240.0, 45_000.0], "used": [412.0, 239.0, 45_000.0],
                          "use_share": [1.0, 239 / 240, 1.0],
                          "marginal_value": [42.57, 4.56, 1.22],
                          "range_low": [409.0, 239.0, 44_955.0],
                          "range_high": [412.0, 240.0, 45_035.0]})
    notes = price_notes(frame)
    assert notes[0] == notes[1] != "" and notes[2] == ""
    for language, said in (("en", "not priced for one more unit: the value shown holds only "
                                  "for fewer units, up to today's limit"),
                           ("zh", "多一个单位未定价：所示价值仅适用于更少的单位")):
        assert Words(language).term(notes[0]).startswith(said)  # type: ignore[arg-type]


def test_the_drivers_note_joins_chinese_sentences_without_a_space() -> None:
    from allocator.report.drivers import note_of

    assert "。 " not in note_of(None, "exact", Words("zh")) and "。放宽" in note_of(
        None, "exact", Words("zh"))
    assert ". Worth of loosening" in note_of(None, "exact", Words())


NOTE_OPENS = {"en": "The limits that shape the plan, largest effect first",
              "zh": "对方案起约束作用的限额，按影响从大到小排列"}
"""The opening of the note on how the limits that shape a plan are found (drivers_note)."""


def all_with_room(folder: Path) -> Path:
    """Four customers, an RM of 1,000 hours and a budget of 1,000 for offers costing 1 each:
    no limit binds or comes near."""
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0 if i < 2 else 0.0}
                 for i in range(4)]
    return world(folder, customers, offers={"o": offer(100, cost=1)}, budget={"total": 1000})


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_plan_no_limit_shapes_says_so_in_one_line(tmp_path: Path, language: str) -> None:
    """Where no limit binds, the terminal, summary.md and report.html say so in one line,
    without the note on how the limits that shape a plan are found, their marginal values
    and steps (before: the whole note under the line); where the budget binds, the note
    stays."""
    words = Words(language)  # type: ignore[arg-type]
    for book, shaped in ((all_with_room(tmp_path / "room"), False),
                         (hours_before_budget(tmp_path / "bound"), True)):
        printed = allocate("run", str(book), "--set", "output.baselines=false",
                           "--set", f"output.language={language}")
        assert printed.exit_code == 0, printed.output
        folder = folder_in(printed.output)
        texts = {"terminal": printed.output,
                 **{name: (folder / name).read_text(encoding="utf-8")
                    for name in ("summary.md", "report.html")}}
        for name, text in texts.items():
            assert (NOTE_OPENS[language] in text) is shaped, (name, text)
            assert (words("drivers_none") in text) is not shaped, (name, text)


def test_a_quota_is_loosened_by_whole_offers_its_worth_one_offer_s_price(tmp_path: Path
                                                                          ) -> None:
    # twelve customers each worth 180 more with the offer, a quota of 8: a fifth more room is
    # 1.6 offers, of which only one can be made; the LP with the packages fixed would gain
    # 1.6 x 180 = 288 for it, a share of an offer no plan can make
    path = world(tmp_path, [{"customer_id": f"C{i}"} for i in range(12)],
                 offers={"fund": offer(180, quota=8)})
    outcome = solve(path, "output.baselines=false")
    ranked = driver_table(outcome, constraint_table(outcome))
    quota = ranked[ranked["constraint"] == "offer_quota"].iloc[0]
    assert quota["marginal_value"] == pytest.approx(180.0, rel=1e-6)
    assert quota["loosening_worth"] == pytest.approx(180.0, rel=1e-6)
