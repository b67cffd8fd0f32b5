"""Errors about tier names and labels: in the run's language, naming the file and key."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from allocator import api
from allocator.errors import UserError
from allocator.preparation import prepare
from allocator.scenario import load_scenario
from tests.builders import world
from tests.conftest import unwrapped
from tests.test_previous_tiers import _renamed_demo
from tests.test_zh_everywhere import allocate

DEMO = Path(__file__).resolve().parents[1] / "scenarios" / "demo.yaml"


def _extending(folder: Path, labels: dict[str, Any]) -> Path:
    path = folder / "mine.yaml"
    path.write_text(yaml.safe_dump({"extends": str(DEMO), "name": "mine",
                                    "output": {"language": "zh"}, "labels": labels},
                                   allow_unicode=True), encoding="utf-8")
    return path


def test_renamed_tiers_without_offer_tiers_generate_offers_for_the_renamed_tiers(
        tmp_path: Path) -> None:
    # the generator's offers take their eligible tiers from the scenario's tiers by position
    path = _renamed_demo(tmp_path)
    scenario = yaml.safe_load(path.read_text(encoding="utf-8"))
    del scenario["offers"]
    path.write_text(yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    prepared = prepare(path)
    tiers = set(prepared.loaded.scenario.tiers)
    assert all(set(offer.eligible_tiers or tiers) <= tiers
               for offer in prepared.book.offers.values())


def test_a_label_typo_is_blamed_on_the_file_and_key_that_hold_it(tmp_path: Path) -> None:
    path = _extending(tmp_path, {"tiers": {"privat": {"zh": "私人银行"}}})
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    said = caught.value.shown("zh")
    assert f"{path}：labels.tiers.privat：" in said, said
    assert "demo.yaml" not in said.replace(str(path), "")


def test_two_tiers_of_one_name_are_refused_naming_both(tmp_path: Path) -> None:
    path = _extending(tmp_path, {"tiers": {"private": {"zh": "私人银行"},
                                           "wealth": {"zh": "私人银行"}}})
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    english, chinese = caught.value.shown("en"), caught.value.shown("zh")
    assert "'wealth' would read '私人银行' (zh), as 'private' among the tiers does" in english
    assert f"{path}：labels.tiers.wealth：" in chinese and "与层级中的“private”相同" in chinese


def test_an_added_rm_of_an_unknown_region_lists_the_regions_with_their_labels() -> None:
    demo_zh = DEMO.with_name("demo_zh.yaml")
    with pytest.raises(UserError) as caught:
        prepare(demo_zh, ["data.generate.customers=300", "rules.add_rms.premier_rm.R9=1"])
    assert "R1（华北）、R2（华东）、R3（华南）、R4（西部）" in caught.value.shown("zh")
    assert "R1 (North), R2 (East), R3 (South), R4 (West)" in caught.value.shown("en")


def top_and_base(folder: Path, labels: dict[str, Any]) -> Path:
    """Tiers top and base beside regions top and base of the data, labelled by `labels`."""
    customers = [{"customer_id": "A", "tier_key": 2.0, "region": "top"},
                 {"customer_id": "B", "tier_key": 0.0, "region": "base"}]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "top", "capacity_hours": 100},
           {"rm_id": "R2", "grade": "rm", "region": "base", "capacity_hours": 100}]
    return world(folder, customers, rms, labels=labels)


def test_a_region_s_label_never_renames_the_tier_of_its_id(tmp_path: Path) -> None:
    """The region top named Topland, the tier top not named: the tier would read Topland in
    every table of tiers (before: the plan went ahead, its Tiers table and migration naming
    the tier Topland); refused naming both keys and what to do, in both languages."""
    path = top_and_base(tmp_path, {"regions": {"top": {"en": "Topland", "zh": "顶区"}}})
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert caught.value.shown("en") == (
        f"The scenario has 1 error:\n{path}: labels.regions.top: 'top' is also one of the "
        "tiers, which labels.tiers does not name (en), and the reports show an id by one name "
        "wherever it stands: there too it would read 'Topland'. Name it the same under "
        "labels.tiers, or give one of the two another id.")
    assert (f"{path}：labels.regions.top：“top”也是层级之一，而 labels.tiers 未为其命名（en）"
            in caught.value.shown("zh"))
    assert "请在 labels.tiers 下为其取相同的名称" in caught.value.shown("zh")


def test_a_tier_s_label_never_renames_a_region_of_the_data(tmp_path: Path) -> None:
    """The tier top named Top in Chinese, the data's region top not named: the region would
    read as the tier's name; refused once the book is read (validate, plan), naming the file,
    the tier's label and labels.regions."""
    path = top_and_base(tmp_path, {"tiers": {"top": {"zh": "顶层"}}})
    load_scenario(path)  # the scenario alone does not know its data's regions
    printed = allocate("validate", str(path), "--set", "output.language=zh")
    assert printed.exit_code == 2, printed.output
    said = unwrapped(printed.output)
    assert (f"{path}：labels.tiers.top：“top”也是区域之一，而 labels.regions 未为其命名（zh）；"
            "报告中同一编号在各处只显示一个名称，在那里它也会显示为“顶层”。") in said, said
    with pytest.raises(UserError, match=r"labels\.tiers\.top: 'top' is also one of the "
                                        r"regions, which labels\.regions does not name \(zh\)"):
        prepare(path)


@pytest.mark.parametrize(("labels", "said"), [
    ({"regions": {"EU": {"en": "top"}}},
     "labels.regions.EU: 'EU' would read 'top' (en), as 'top' among the tiers does"),
    ({"tiers": {"top": {"zh": "北区"}}, "regions": {"top": {"zh": "北区"}, "EU": {"zh": "北区"}}},
     "labels.regions.EU: 'EU' would read '北区' (zh), as 'top' among the tiers does"),
    ({"offers": {"X": {"en": "Base", "zh": "基础"}}, "tiers": {"base": {"en": "Base"}}},
     "labels.offers.X: 'X' would read 'Base' (en), as 'base' among the tiers does"),
])
def test_a_label_that_reads_as_another_id_is_refused(tmp_path: Path, labels: dict[str, Any],
                                                     said: str) -> None:
    """Two different things never read the same: a label that is another id, or another
    kind's label (before: only two labels of one kind were compared)."""
    with pytest.raises(UserError) as caught:
        load_scenario(top_and_base(tmp_path, labels))
    assert said in caught.value.shown("en"), caught.value.shown("en")
    assert "报告中无法区分二者。请为其另取名称。" in caught.value.shown("zh")


def test_a_label_that_reads_as_a_standard_chinese_name_is_refused(tmp_path: Path) -> None:
    """The demo's tier premier reads 贵宾 in Chinese without a label of its own: a region named
    贵宾 would read the same."""
    path = _extending(tmp_path, {"regions": {"R1": {"zh": "贵宾"}}})
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert ("labels.regions.R1：“R1”将显示为“贵宾”（zh），与层级中的“premier”相同"
            in caught.value.shown("zh")), caught.value.shown("zh")


def test_an_id_of_two_kinds_named_alike_under_both_is_valid(tmp_path: Path) -> None:
    """The tier and the region top both named Top: one name wherever the id stands."""
    path = top_and_base(tmp_path, {"tiers": {"top": {"en": "Top"}},
                                   "regions": {"top": {"en": "Top"}}})
    printed = allocate("validate", str(path))
    assert printed.exit_code == 0, printed.output


@pytest.mark.parametrize(("key", "said"), [
    ("labels.grades.premier_r", "'premier_r' is none of the RM grades of the scenario and its "
     "data (premier_rm, private_banker, wealth_rm), so the label names nothing. Did you mean "
     "'premier_rm'? Label one of those by its id, or leave the label out."),
    ("labels.regions.R9", "'R9' is none of the regions of the scenario and its data (R1, R2, "
     "R3, R4), so the label names nothing. Label one of those by its id, or leave the label "
     "out."),
    ("labels.offers.credit_crd", "'credit_crd' is none of the offers of the scenario and its "
     "data (credit_card, insurance, investment_fund, mortgage, personal_loan, structured_note, "
     "term_deposit, wealth_mandate), so the label names nothing. Did you mean 'credit_card'? "
     "Label one of those by its id, or leave the label out."),
])
def test_a_label_of_an_id_the_book_lacks_is_refused_with_the_closest(key: str,
                                                                       said: str) -> None:
    """The demo's grades, regions and offers are its generated book's: a label of another id
    is refused once the book is read (before: accepted, naming nothing)."""
    with pytest.raises(UserError) as caught:
        prepare(DEMO, ["data.generate.customers=300", f"{key}.en=X"])
    assert caught.value.shown("en") == f"--set {key}.en=X: {key}: {said}"


def test_a_label_of_an_id_the_book_lacks_is_refused_by_its_file_in_chinese(
        tmp_path: Path) -> None:
    path = _extending(tmp_path, {"regions": {"R5": {"zh": "东北"}}})
    printed = allocate("validate", str(path), "--set", "data.generate.customers=300")
    assert printed.exit_code == 2, printed.output
    assert (f"{path}：labels.regions.R5：“R5”不在情景及其数据的区域之中（R1、R2、R3、R4），该名称"
            "无所指。请按编号为其中之一命名，或删去该名称。") in unwrapped(printed.output)


def test_a_what_if_labelling_an_id_the_book_lacks_is_refused_before_its_base_is_planned(
        tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"labels\.offers\.credit_crd: 'credit_crd' is none"):
        api.run(DEMO, ["budget.total=-10%", "labels.offers.credit_crd.en=X"], output=tmp_path)
    assert not list(tmp_path.rglob("manifest.json"))


@pytest.mark.parametrize(("key", "english", "chinese"), [
    ("labels.overrides.budget_cutt",
     "'budget_cutt' is none of the named overrides of the scenario and its data (budget_cut, "
     "more_premier_rms, stricter_loss_cap), so the label names nothing. Did you mean "
     "'budget_cut'? Label one of those by its id, or leave the label out.",
     "“budget_cutt”不在情景及其数据的命名调整项之中（budget_cut、more_premier_rms、"
     "stricter_loss_cap），该名称无所指。"),
    ("labels.columns.agee",
     "'agee' is none of the customer columns of the scenario and its data (",
     "“agee”不在情景及其数据的客户列之中（"),
    ("labels.models.pd",
     "the scenario and its data have no models, so the label of 'pd' names nothing; leave "
     "the label out.",
     "情景及其数据中没有模型，“pd”的名称无所指；请删去该名称。"),
    ("labels.calendar.fund_q1",
     "the scenario and its data have no calendar's activities and rules, so the label of "
     "'fund_q1' names nothing; leave the label out.",
     "情景及其数据中没有营销日历的活动与规则，“fund_q1”的名称无所指；请删去该名称。"),
])
def test_a_label_of_an_override_calendar_model_or_column_the_scenario_lacks_is_refused(
        key: str, english: str, chinese: str) -> None:
    # accepted, naming nothing, while a grade's, region's or offer's was refused
    with pytest.raises(UserError) as caught:
        prepare(DEMO, ["data.generate.customers=300", f"{key}.en=X"])
    assert caught.value.shown("en").startswith(f"--set {key}.en=X: {key}: {english}")
    assert caught.value.shown("zh").startswith(f"--set {key}.en=X：{key}：{chinese}")
    if key.endswith("agee"):
        assert "Did you mean 'age'?" in caught.value.shown("en")


@pytest.mark.parametrize(("kind", "english", "chinese"), [
    ("packages", "unknown package 'nosuch'. The packages are: basic, enhanced, premium.",
     "未知的服务包“nosuch”。已有服务包：basic、enhanced、premium。"),
    ("tiers", "unknown tier 'nosuch'. The tiers are: private, wealth, premier, mass.",
     "未知的层级“nosuch”。已有层级：private、wealth、premier、mass。")])
def test_a_label_of_an_unknown_tier_or_package_is_blamed_on_its_set_naming_the_key_once(
        kind: str, english: str, chinese: str) -> None:
    # a package's was blamed on the file's '(top level)'; a tier's named labels.tiers twice
    with pytest.raises(UserError) as caught:
        load_scenario(DEMO, [f"labels.{kind}.nosuch.en=X"])
    key = f"labels.{kind}.nosuch"
    assert caught.value.shown("en").splitlines()[1] == f"--set {key}.en=X: {key}: {english}"
    assert caught.value.shown("zh").splitlines()[1] == f"--set {key}.en=X：{key}：{chinese}"


def test_a_grade_given_by_its_label_and_its_id_names_the_file_that_gives_both(
        tmp_path: Path) -> None:
    path = tmp_path / "child.yaml"
    path.write_text(yaml.safe_dump({
        "extends": str(DEMO.with_name("demo_zh.yaml")),
        "rm_grades": {"贵宾客户经理": {"cost_per_year": 1}, "premier_rm": {"cost_per_year": 2}}},
        allow_unicode=True))
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert caught.value.shown("en") == (
        f"{path}: rm_grades.贵宾客户经理: '贵宾客户经理' is the label of 'premier_rm', which the "
        "same section also gives by its id; keep one.")
    assert caught.value.shown("zh") == (
        f"{path}：rm_grades.贵宾客户经理：“贵宾客户经理”是“premier_rm”的名称，而同一节中也按编号"
        "给出了“premier_rm”；请保留其一。")
