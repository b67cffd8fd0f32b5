"""What the RM table cannot give is named before any solve, by validate and by a run."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator import preparation
from allocator.book.readiness import Readiness
from allocator.cli.app import app
from allocator.errors import InfeasibleError
from allocator.forked_call import ForkedCall, may_call_apart
from allocator.preparation import prepare
from allocator.report.language import Words
from tests.builders import offer, world
from tests.conftest import unwrapped

TOP = [{"customer_id": "A", "tier_key": 2.0, "region": "North"},
       {"customer_id": "B", "tier_key": 2.0, "region": "South"},
       {"customer_id": "C", "tier_key": 0.0, "region": "East"}]
RMS = [{"rm_id": "R1", "grade": "rm", "region": "North", "capacity_hours": 100}]


def test_a_mandatory_tier_without_an_rm_in_a_region_is_infeasible_before_the_solve(
        tmp_path: Path) -> None:
    path = world(tmp_path, TOP, RMS)
    with pytest.raises(InfeasibleError, match=r"tiers.top: coverage is mandatory, but "
                                              r"customers of the tier \(1; ids: B\) are where "
                                              r"no RM of the tier's grades \(rm\) works, in these "
                                              r"regions: South"):
        prepare(path).readiness.raise_if_infeasible()


def test_a_mandatory_tier_no_grade_may_serve_is_named(tmp_path: Path) -> None:
    path = world(tmp_path, TOP[:1], RMS, tiers={
        "top": {"rm_grades": {"banker": 1.0}, "coverage": "mandatory"},
        "base": {"rm_grades": {"rm": 1.0}}})
    with pytest.raises(InfeasibleError, match="tiers.top: .* no RM of the tier.s grades .banker. works"):
        prepare(path).readiness.raise_if_infeasible()


def test_soft_coverage_turns_the_error_into_a_warning(tmp_path: Path) -> None:
    path = world(tmp_path, TOP, RMS, objective={"horizon_years": 1, "discount_rate": 0.0,
                                                "soft": {"coverage": 10.0}})
    readiness = prepare(path).readiness
    assert readiness.infeasible == ()
    assert any(w.text(Words()).startswith("tiers.top: coverage is mandatory")
               for w in readiness.warnings)


def test_unknown_grades_and_regions_without_rms_are_warnings(tmp_path: Path) -> None:
    path = world(tmp_path, TOP[:1] + TOP[2:], RMS, tiers={
        "top": {"rm_grades": {"rm": 1.0, "r_m": 0.5}, "coverage": "mandatory"},
        "base": {"rm_grades": {"rm": 1.0}}})
    warnings = tuple(w.text(Words()) for w in prepare(path).readiness.warnings)
    assert warnings == (
        f"{path}: tiers.top.rm_grades.r_m: no RM has grade 'r_m'. Did you mean 'rm'? The RM "
        "table's grades are: rm. Name one of them there, or add RMs of grade 'r_m' to the RM "
        "table.",
        "customers in regions without any RM (1): East (1); they can get no RM and no offer "
        "that needs one.")


def test_rms_of_a_grade_no_tier_names_are_a_warning_with_their_customers(tmp_path: Path
                                                                       ) -> None:
    """An RM whose grade no tier's rm_grades names takes no customer: its customers today
    move. Said, naming the grade, the RMs and the customers, in English and in Chinese."""
    rms = [*RMS, {**RMS[0], "rm_id": "R7", "grade": "platinum"}]
    customers = [{**TOP[0], "incumbent_rm": "R7"}, *TOP[1:]]
    path = world(tmp_path, customers, rms)
    found = [w for w in prepare(path).readiness.warnings if w.message == "ready_idle_grade"]
    assert [w.text(Words()) for w in found] == [
        "The RM table's grade 'platinum' is named by no tier (their rm_grades name rm): no "
        "customer goes to its RMs (R7), and the 1 customer they serve today moves to another "
        "RM or to none. Add the grade to a tier's grades (tiers.top.rm_grades, ...), or "
        "correct the RM table."]
    assert found[0].text(Words("zh")).startswith(
        "客户经理表中的职级 'platinum' 未被任何层级列为可服务职级（各层级列出的职级为 rm）：该职级的"
        "客户经理（R7）")


def test_validate_names_them_without_solving_and_a_run_beside_its_diagnosis(
        tmp_path: Path) -> None:
    path = world(tmp_path, TOP, RMS)
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert result.exit_code == 1, result.output
    assert "tiers.top: coverage is mandatory" in result.output
    assert not (tmp_path / "reports").exists()
    result = CliRunner().invoke(app, ["run", str(path)])
    assert result.exit_code == 1, result.output
    assert "tiers.top: coverage is mandatory" in result.output
    warned = world(tmp_path / "w", TOP[:1] + TOP[2:], RMS)
    result = CliRunner().invoke(app, ["validate", str(warned)])
    assert result.exit_code == 0, result.output
    assert "warning: customers in regions without any RM (1): East" in result.output


@pytest.mark.parametrize("command", ["validate", "run"])
def test_a_customer_file_without_rows_is_refused_before_any_solve(tmp_path: Path,
                                                                 command: str) -> None:
    path = world(tmp_path, TOP[:1], RMS)
    (tmp_path / "customers.csv").write_text("customer_id,region,aum,revenue_12m,risk_tolerance,"
                                            "pd,tier_key\n")
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert "customers.csv has no rows" in said
    assert not list((tmp_path / "reports").rglob("manifest.json"))


def test_a_chinese_run_names_them_in_chinese(tmp_path: Path) -> None:
    path = world(tmp_path, TOP, RMS, output={"dir": str(tmp_path / "reports"),
                                             "language": "zh"})
    result = CliRunner().invoke(app, ["validate", str(path)])
    said = unwrapped(result.output)
    assert result.exit_code == 1, said
    assert "不存在可行方案" in said and "所在区域 South 没有职级为 rm" in said
    assert "警告：2 位客户所在区域没有任何客户经理：East（1）、South（1）；" in said


@pytest.mark.parametrize("grades", [{}, {"rm": 0}])
def test_an_optional_tier_no_grade_serves_is_a_warning_naming_the_tier_and_key(
        tmp_path: Path, grades: dict[str, float]) -> None:
    path = world(tmp_path, TOP[:1] + TOP[2:], [*RMS, {**RMS[0], "rm_id": "R2", "region": "East"}],
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory"},
                        "base": {"rm_grades": grades, "coverage": "optional"}})
    result = CliRunner().invoke(app, ["validate", str(path)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0, said
    assert ("tiers.base.rm_grades: the tier's coverage is optional, but no RM grade serves it "
            "(none listed, or each with effectiveness 0), so its customers get no RM") in said


def test_regions_without_rms_are_no_warning_where_nothing_needs_an_rm(tmp_path: Path) -> None:
    # a campaign book: no tier covers customers with RMs, no offer goes through the RM
    tiers = {"top": {"coverage": "none"}, "base": {"coverage": "none"}}
    offers = {"card": offer(6.0, channel="sms")}
    path = world(tmp_path, TOP[2:], RMS, tiers=tiers, offers=offers)
    assert prepare(path).readiness.warnings == ()
    reviewed = {**offers, "review": offer(9.0, channel="rm")}
    path = world(tmp_path / "rm_offer", TOP[2:], RMS, tiers=tiers, offers=reviewed)
    [warning] = prepare(path).readiness.warnings
    assert warning.message == "ready_lonely"
    # a campaign activity through the RM needs the customer's RM as well
    calendar = {"horizon": 30, "activities": {"call": {"offer": "card", "day": 5,
                                                       "channel": "rm"}}}
    path = world(tmp_path / "rm_activity", TOP[2:], RMS, tiers=tiers, offers=offers,
                 calendar=calendar)
    assert [w.message for w in prepare(path).readiness.warnings] == ["ready_lonely"]


SHORT = [{"customer_id": name, "tier_key": 2.0, "region": "North"} for name in "ABC"]
"""Three customers of the mandatory tier, 10 hours a year each, beside an RM of 1 hour."""


def test_mandatory_customers_needing_more_hours_than_their_region_has_are_named(
        tmp_path: Path) -> None:
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10.0},
             "base": {"rm_grades": {"rm": 1.0}}}
    path = world(tmp_path, SHORT, [{**RMS[0], "capacity_hours": 1}], tiers=tiers)
    with pytest.raises(InfeasibleError, match=r"coverage is mandatory for tier top, but its "
                                              r"3 customers in these regions need more RM hours "
                                              r"a year .* North \(30 > 1\)"):
        prepare(path).readiness.raise_if_infeasible()
    assert CliRunner().invoke(app, ["validate", str(path)]).exit_code == 1
    enough = world(tmp_path / "enough", SHORT, [{**RMS[0], "capacity_hours": 30}], tiers=tiers)
    assert prepare(enough).readiness.infeasible == ()  # 30 hours for 30: a plan may exist
    own = world(tmp_path / "own", SHORT, [{**RMS[0], "capacity_hours": 1}],
                fit=[(name, "R1", 0.0, 0.1) for name in "ABC"], tiers=tiers)
    assert prepare(own).readiness.infeasible == ()  # pairs of their own hours: not counted
    scaled = world(tmp_path / "scaled", SHORT, [{**RMS[0], "capacity_hours": 3}], tiers=tiers,
                   rules={"rm_capacity_scale": 10.0})
    assert prepare(scaled).readiness.infeasible == ()  # the what-if's hours are counted


def test_tiers_short_together_are_listed_by_their_labels(tmp_path: Path) -> None:
    """Each mandatory tier short alone, and the two together, listed as the language lists
    names: 层级高端、基础 (before: 层级 top, base, their ids by an ASCII comma)."""
    tiers = {name: {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "hours_per_customer": 10.0}
             for name in ("top", "base")}
    labels = {"tiers": {"top": {"zh": "高端"}, "base": {"zh": "基础"}}}
    customers = [*SHORT, {"customer_id": "D", "tier_key": 0.0, "region": "North"}]
    path = world(tmp_path, customers, [{**RMS[0], "capacity_hours": 1}], tiers=tiers,
                 labels=labels, output={"language": "zh"})
    said = [finding.text(Words("zh", {"top": "高端", "base": "基础"}))
            for finding in prepare(path).readiness.infeasible]
    assert [text[:text.index("必须")] for text in said] == ["层级高端", "层级基础", "层级高端、基础"]
    said_en = [finding.text(Words()) for finding in prepare(path).readiness.infeasible]
    assert [finding.text(Words())[:51] for finding in prepare(path).readiness.infeasible] == [
        "coverage is mandatory for tier top, but its 3 custo",
        "coverage is mandatory for tier base, but its 1 cust",
        "coverage is mandatory for tiers top, base, but thei"]
    assert "RMs of the tier's grades" in said_en[0] and "the tiers' grades" in said_en[2]
    assert [text[text.index("但"):text.index("位")] for text in said] == [
        "但其在以下区域的 3 ", "但其在以下区域的 1 ", "但其在以下区域的 4 "]
    result = CliRunner().invoke(app, ["validate", str(path)])
    assert "层级高端、基础必须配备客户经理" in "".join(result.output.split()), result.output


def test_an_offer_table_of_a_header_only_is_a_warning(tmp_path: Path) -> None:
    path = world(tmp_path, TOP[:1], RMS)
    (tmp_path / "offers.csv").write_text("offer_id,channel,cost,margin,propensity\n")
    path.write_text(path.read_text().replace("data:\n", "data:\n  offers: {path: offers.csv}\n", 1))
    warnings = tuple(w.text(Words()) for w in prepare(path).readiness.warnings)
    assert "the offer table (data.offers) has no offers (a header only, no rows); the plan will " \
           "make no offer." in warnings
    (tmp_path / "offers.csv").write_text("offer_id,channel,cost,margin,propensity\n"
                                         "mail,email,1,10,0.5\n")
    assert not any("no offers" in w.text(Words()) for w in prepare(path).readiness.warnings)


def test_a_tier_short_of_its_own_grades_hours_or_of_places_is_named(tmp_path: Path) -> None:
    """Counted per tier with its own grades (a wealth RM's hours do not serve the top tier)
    and in places (max_book) as in hours."""
    tiers = {"top": {"rm_grades": {"banker": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 20.0},
             "base": {"rm_grades": {"rm": 1.0}}}
    rms = [{"rm_id": "B1", "grade": "banker", "region": "North", "capacity_hours": 10},
           {"rm_id": "W1", "grade": "rm", "region": "North", "capacity_hours": 100}]
    path = world(tmp_path, SHORT[:1], rms, tiers=tiers)
    with pytest.raises(InfeasibleError, match=r"for tier top, but its 1 customer .* North "
                                              r"\(20 > 10\)"):
        prepare(path).readiness.raise_if_infeasible()
    places = [{**rm, "capacity_hours": 1000, "max_book": 0} for rm in rms]
    booked = world(tmp_path / "booked", SHORT[:1], places, tiers=tiers)
    with pytest.raises(InfeasibleError, match=r"more than the region's RMs of the tier's grades "
                                              r"may hold .* North \(1 > 0\)"):
        prepare(booked).readiness.raise_if_infeasible()
    open_books = [{**rm, "capacity_hours": 1000} for rm in rms]  # no max_book: no limit
    assert prepare(world(tmp_path / "open", SHORT[:1], open_books, tiers=tiers)
                   ).readiness.infeasible == ()


@pytest.mark.parametrize(("column", "family", "other"), [
    ("capacity_hours", "rm_capacity", "rm_book_size"),
    ("max_book", "rm_book_size", "rm_capacity")])
def test_too_few_hours_or_places_is_a_warning_where_their_limit_may_give(
        tmp_path: Path, column: str, family: str, other: str) -> None:
    """Too few hours give where RM hours may (objective.soft: rm_capacity), too few places
    where book sizes may (rm_book_size), as where coverage may; validate then passes as a run
    plans. The error names every family that would let it give."""
    tiers = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory",
                     "hours_per_customer": 10.0}, "base": {"rm_grades": {"rm": 1.0}}}
    short = {"capacity_hours": 1000, "max_book": 10, column: 1}
    objective = {"horizon_years": 1, "discount_rate": 0.0}

    def scenario(folder: str, soft: str, language: str = "en") -> Path:
        return world(tmp_path / folder, SHORT, [{**RMS[0], **short}], tiers=tiers,
                     objective={**objective, "soft": {soft: 100.0}},
                     output={"dir": str(tmp_path / folder / "reports"), "language": language})

    hard = prepare(scenario("hard", other)).readiness  # the other family does not give it
    assert hard.infeasible[0].text(Words()).endswith(
        f"or let coverage or {'RM hours' if family == 'rm_capacity' else 'book sizes'} give "
        f"(objective.soft: coverage or {family}).")
    assert hard.infeasible[0].text(Words("zh")).endswith(f"（objective.soft：coverage 或 {family}）。")
    path = scenario("soft", family)
    readiness = prepare(path).readiness
    assert readiness.infeasible == ()
    warned = [w for w in readiness.warnings if w.message.startswith("ready_short")]
    assert warned[0].text(Words()).startswith("coverage is mandatory for tier top, but its 3 ")
    assert f"so the plan falls short of covering them all within those " \
           f"{'hours' if family == 'rm_capacity' else 'places'} (objective.soft: {family} lets " \
           f"it give)" in warned[0].text(Words())
    assert f"（objective.soft：{family} 允许其放宽）" in warned[0].text(Words("zh"))
    assert CliRunner().invoke(app, ["validate", str(path)]).exit_code == 0
    result = CliRunner().invoke(app, ["run", str(path)])
    assert result.exit_code == 0 and "optimal" in result.output, result.output
    zh = CliRunner().invoke(app, ["validate", str(scenario("zh", family, "zh"))])
    said = f"（objective.soft：{family} 允许其放宽）".replace(" ", "")
    assert zh.exit_code == 0 and said in "".join(zh.output.split()), zh.output  # wrapped


@pytest.mark.parametrize("soft", [{}, {"coverage": 10.0}])
def test_a_large_books_readiness_found_beside_the_valuation_is_the_same(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, soft: dict[str, float]) -> None:
    # a book above APART_ABOVE customers has its readiness found in a forked process
    path = world(tmp_path, TOP, RMS, objective={"horizon_years": 1, "discount_rate": 0.0,
                                                "soft": soft})
    here = prepare(path).readiness
    monkeypatch.setattr(preparation, "APART_ABOVE", 0)
    forked: list[bool] = []

    class Counted(ForkedCall[Readiness]):
        def result(self) -> Readiness | None:
            found = super().result()
            forked.append(found is not None)
            return found

    monkeypatch.setattr(preparation, "ForkedCall", Counted)
    apart = prepare(path).readiness
    assert forked == ([True] if may_call_apart() else [])
    assert apart == here and (here.infeasible or here.warnings)
