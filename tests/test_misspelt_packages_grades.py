"""A package or an RM grade the scenario (and the files it extends) or the book does not have,
given only in part, is most likely misspelt: refused naming the file, the extending file or
the `--set`, the key and the closest name, in English and Chinese; a package or a grade added
whole is kept. A tier's grade no RM has is a warning before the solve (book.readiness)."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.errors import UserError
from allocator.preparation import prepare
from allocator.report.language import Words
from allocator.scenario import load_scenario
from tests.builders import world
from tests.conftest import DEMO
from tests.faults.cli import answer

PACKAGES = {"basic": {"cost_per_customer": 0, "uplift": 0},
            "premium": {"cost_per_customer": 10, "uplift": 0.05}}
SET = "--set packages.premiun.cost_per_customer=50"
GRADE_SET = "--set rm_grades.r_m.cost_per_year=1"


def parent(folder: Path, **sections: object) -> Path:
    """The world's scenario (tiers top and base, RMs of grade rm) with two packages."""
    return world(folder, [{"customer_id": "A"}], packages=PACKAGES, **sections)


def child(folder: Path, body: str) -> Path:
    """A scenario extending the parent's."""
    path = folder / "child.yaml"
    path.write_text(f"extends: {parent(folder).name}\nname: child\n{body}\n", encoding="utf-8")
    return path


def refusal(path: Path, *sets: str) -> UserError:
    """The refusal of reading the scenario and its book."""
    with pytest.raises(UserError) as caught:
        prepare(path, sets)
    return caught.value


def new_package(origin: str, files: str, their: str, files_zh: str) -> tuple[str, str]:
    """The refusal of `premiun` given only its cost, in English and Chinese."""
    return (f"{origin}: packages.premiun: no package 'premiun' in {files}, and "
            "cost_per_customer alone is no package (a new one also gives: uplift). Did you "
            f"mean 'premium'? {their} packages: basic, premium. Correct the package's id, or "
            "add the new package whole (what it costs a customer and adds: cost_per_customer "
            "and uplift).",
            f"{origin}：packages.premiun：{files_zh}没有服务包“premiun”，仅凭 cost_per_customer "
            "不构成服务包（新增服务包还需给出：uplift）。您是否想写“premium”？已有服务包："
            "basic、premium。请改正服务包编号，或完整地添加新服务包（每位客户的成本及其带来的"
            "价值提升：cost_per_customer 和 uplift）。")


def test_a_misspelt_package_in_a_set_is_refused(tmp_path: Path) -> None:
    error = refusal(parent(tmp_path), SET.removeprefix("--set "))
    assert (str(error), error.shown("zh")) == new_package(SET, "the scenario file", "Its",
                                                          "情景文件中")


def test_a_misspelt_package_in_an_extending_file_is_refused(tmp_path: Path) -> None:
    path = child(tmp_path, "packages: {premiun: {cost_per_customer: 50}}")
    error = refusal(path)
    assert (str(error), error.shown("zh")) == new_package(
        str(path), "the files it extends", "Their", "其所扩展（extends）的文件中")


def test_a_package_of_a_cost_alone_in_a_file_of_its_own_is_refused(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}],
                 packages={**PACKAGES, "premiun": {"cost_per_customer": 50}})
    error = refusal(path)
    assert str(error) == (
        f"The scenario has 1 error:\n{path}: packages.premiun: the package costs 50 a customer "
        "and gives no uplift: it would add nothing to its customers' value. Did you mean "
        "'premium'? The packages: basic, premium. Give its uplift, or correct the package's id "
        "(a base package costs nothing: basic: {cost_per_customer: 0, uplift: 0}).")
    assert error.shown("zh").endswith(
        f"{path}：packages.premiun：该服务包每位客户成本为 50，却没有给出 uplift（价值提升）：它不会"
        "为其客户增加任何价值。您是否想写“premium”？已有服务包：basic、premium。请给出其 uplift，"
        "或改正服务包编号（基础服务包不计成本：basic: {cost_per_customer: 0, uplift: 0}）。")


def test_a_package_added_whole_is_kept(tmp_path: Path) -> None:
    whole = "{cost_per_customer: 20, uplift: 0.1}"
    by_set = load_scenario(parent(tmp_path), [f"packages.gold={whole}"]).scenario
    by_file = load_scenario(child(tmp_path, f"packages: {{gold: {whole}}}")).scenario
    for spec in (by_set, by_file):
        assert list(spec.packages) == ["basic", "premium", "gold"]
        assert spec.packages["gold"].uplift == pytest.approx(0.1)
    free = world(tmp_path / "free", [{"customer_id": "A"}],
                 packages={"base": {}, "care": {"uplift": 0.5}})
    assert load_scenario(free).scenario.packages["care"].cost_per_customer == 0
    changed = load_scenario(parent(tmp_path), ["packages.premium.cost_per_customer=12"])
    assert changed.scenario.packages["premium"].cost_per_customer == 12


def test_a_packages_unknown_tier_is_refused_with_the_closest(tmp_path: Path) -> None:
    path = child(tmp_path, "packages: {premium: {tiers: [topp]}}")
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    assert str(caught.value).endswith(
        f"{path}: packages.premium.tiers: unknown tier 'topp'. Did you mean 'top'? The tiers "
        "are: top, base.")
    assert caught.value.shown("zh").endswith(
        f"{path}：packages.premium.tiers：未知的层级“topp”。您是否想写“top”？已有层级：top、base。")


def new_grade(origin: str) -> tuple[str, str]:
    """The refusal of grade `r_m` given only its cost, in English and Chinese."""
    return (f"{origin}: rm_grades.r_m: the book has no RM of grade 'r_m' (its grades: rm), and "
            "cost_per_year alone adds no grade (a new one also gives: hours, "
            "rules.add_rms.r_m). Did you mean 'rm'? Correct the grade, or add the new grade "
            "whole: its RMs' yearly hours (rm_grades.r_m.hours) and how many rules.add_rms "
            "adds where (rules.add_rms.r_m.<region>).",
            f"{origin}：rm_grades.r_m：客户账簿中没有职级为“r_m”的客户经理（已有职级：rm），仅凭 "
            "cost_per_year 不构成新职级（新增职级还需给出：hours、rules.add_rms.r_m）。您是否想写"
            "“rm”？请改正职级，或完整地添加新职级：其客户经理的年工时（rm_grades.r_m.hours），"
            "以及 rules.add_rms 在各区域增加的人数（rules.add_rms.r_m.<区域>）。")


@pytest.mark.parametrize("given", ["file", "extends", "set"])
def test_a_misspelt_grade_is_refused_naming_where_it_was_given(tmp_path: Path, given: str
                                                                ) -> None:
    grades = {"r_m": {"cost_per_year": 1}}
    path = {"file": lambda: parent(tmp_path, rm_grades=grades),
            "extends": lambda: child(tmp_path, "rm_grades: {r_m: {cost_per_year: 1}}"),
            "set": lambda: parent(tmp_path)}[given]()
    error = refusal(path, *([GRADE_SET.removeprefix("--set ")] if given == "set" else []))
    origin = GRADE_SET if given == "set" else str(path)
    assert (str(error), error.shown("zh")) == new_grade(origin)


SCALE_SET = "--set rules.rm_capacity_scale.r_m=1.1"


@pytest.mark.parametrize("given", ["file", "extends", "set"])
def test_a_misspelt_grade_s_scale_is_refused_naming_where_it_was_given(
        tmp_path: Path, given: str) -> None:
    """As RMs added to it are (before: accepted, the grade's RMs keeping their hours)."""
    path = {"file": lambda: parent(tmp_path, rules={"rm_capacity_scale": {"r_m": 1.1}}),
            "extends": lambda: child(tmp_path, "rules: {rm_capacity_scale: {r_m: 1.1}}"),
            "set": lambda: parent(tmp_path)}[given]()
    error = refusal(path, *([SCALE_SET.removeprefix("--set ")] if given == "set" else []))
    origin = SCALE_SET if given == "set" else str(path)
    assert (str(error), error.shown("zh")) == (
        f"{origin}: rules.rm_capacity_scale.r_m: the book has no RM of grade 'r_m' whose hours "
        "to scale (its grades: rm). Did you mean 'rm'? Scale one of those grades, by id or "
        "label.",
        f"{origin}：rules.rm_capacity_scale.r_m：客户账簿中没有职级为“r_m”的客户经理可供调整工时"
        "（已有职级：rm）。您是否想写“rm”？请按编号或名称调整已有职级的工时。")


def test_a_grade_s_scale_by_its_id_or_label_or_of_an_added_grade_is_kept(
        tmp_path: Path) -> None:
    path = labelled(tmp_path, "zh")
    for grade in ("rm", "资深客户经理"):
        hours = prepare(path, [f"rules.rm_capacity_scale.{grade}=0.5"]).book.rms
        assert hours["capacity_hours"].tolist() == [500]
    added = prepare(path, ["rm_grades.junior={hours: 500}", "rules.add_rms.junior={R: 1}",
                           "rules.rm_capacity_scale.junior=2"]).book.rms
    assert added["capacity_hours"].tolist() == [1000, 1000]


def test_a_grade_added_whole_is_kept(tmp_path: Path) -> None:
    prepared = prepare(parent(tmp_path), [
        "rm_grades.junior={hours: 500, cost_per_year: 30000}", "rules.add_rms.junior={R: 1}",
        "tiers.top.rm_grades.junior=0.8", "rm_grades.rm.cost_per_year=50000"])
    assert list(prepared.book.rms["rm_id"]) == ["R1", "junior+1"]
    assert prepared.book.rms["capacity_hours"].tolist() == [1000, 500]
    assert not [w for w in prepared.readiness.warnings if "grade" in w.message]


def grade_warnings(path: Path, sets: list[str]) -> list[tuple[str, str]]:
    """The warnings of a tier's grade no RM has, in English and Chinese."""
    return [(w.text(Words()), w.text(Words("zh"))) for w in prepare(path, sets).readiness.warnings
            if w.message in ("ready_close_grade", "ready_unknown_grade")]


@pytest.mark.parametrize("given", ["extends", "set"])
def test_a_tiers_misspelt_grade_is_a_warning_naming_where_it_was_given_with_the_closest(
        tmp_path: Path, given: str) -> None:
    path = (child(tmp_path, "tiers: {base: {rm_grades: {r_m: 1.0}}}") if given == "extends"
            else parent(tmp_path))
    sets = ["tiers.base.rm_grades.r_m=1"] if given == "set" else []
    origin = f"--set {sets[0]}" if sets else str(path)
    assert grade_warnings(path, sets) == [(
        f"{origin}: tiers.base.rm_grades.r_m: no RM has grade 'r_m'. Did you mean 'rm'? The RM "
        "table's grades are: rm. Name one of them there, or add RMs of grade 'r_m' to the RM "
        "table.",
        f"{origin}：tiers.base.rm_grades.r_m：没有客户经理的职级为 'r_m'，是否应为 'rm'？客户经理"
        "表中的职级为：rm。请在此处改为其中之一，或在客户经理表中增加职级为 'r_m' 的客户经理。")]


def test_a_tiers_unknown_grade_in_the_scenario_file_is_a_warning_naming_the_file(
        tmp_path: Path) -> None:
    path = child(tmp_path, "tiers: {base: {rm_grades: {director: 1.0}}}")
    assert grade_warnings(path, []) == [(
        f"{path}: tiers.base.rm_grades.director: no RM has grade 'director'. The RM table's "
        "grades are: rm. Name one of them there, or add RMs of grade 'director' to the RM "
        "table.",
        f"{path}：tiers.base.rm_grades.director：没有客户经理的职级为 'director'。客户经理表中"
        "的职级为：rm。请在此处改为其中之一，或在客户经理表中增加职级为 'director' 的客户经理。")]


def test_the_demo_reads_as_before() -> None:
    prepared = prepare(DEMO)
    assert list(prepared.loaded.scenario.packages) == ["basic", "enhanced", "premium"]
    assert sorted(prepared.loaded.scenario.rm_grades) == ["premier_rm", "private_banker",
                                                          "wealth_rm"]
    assert len(prepared.book.rms) == 12


LABELLED = {"grades": {"rm": {"zh": "资深客户经理", "en": "Senior RM"}},
            "regions": {"R": {"zh": "华东", "en": "East"}}}
"""The world's grade and region by their names, which a key may give in the run's language."""


def labelled(folder: Path, language: str) -> Path:
    """The parent world, its grade and region named (LABELLED), its run in `language`."""
    return parent(folder, labels=LABELLED, output={"language": language})


@pytest.mark.parametrize(("language", "grade", "said", "warned"), [
    ("zh", "资深客户经", "您是否想写“资深客户经理”？", "是否应为 '资深客户经理'？"),
    ("en", "Senior R", "Did you mean 'Senior RM'?", "Did you mean 'Senior RM'?")])
def test_a_misspelt_label_of_a_grade_is_refused_with_the_closest_label(
        tmp_path: Path, language: str, grade: str, said: str, warned: str) -> None:
    """A grade a key names by a misspelt label gets the closest label, as a misspelt id gets
    the closest id (before: no hint at all); a tier's grade is warned of alike."""
    path = labelled(tmp_path, language)
    for key in (f"rules.add_rms.{grade}=1", f"rm_grades.{grade}.cost_per_year=1"):
        error = refusal(path, key)
        assert said in error.shown(language), error.shown(language)
    (warning,) = grade_warnings(path, [f"tiers.base.rm_grades.{grade}=1"])
    assert warned in warning[language == "zh"], warning


def test_a_misspelt_region_is_refused_with_the_closest_id_or_label(tmp_path: Path) -> None:
    """rules.add_rms.<grade>.<region>, by id or by label: the closest of both (before: none)."""
    path = labelled(tmp_path, "zh")
    error = refusal(path, "rules.add_rms.rm.华东区=1")
    assert error.shown("zh") == (
        "--set rules.add_rms.rm.华东区=1：rules.add_rms.rm.华东区：没有客户经理在区域“华东区”"
        "工作；已有区域：R（华东）（可写编号或名称）。您是否想写“华东”？")
    english = refusal(parent(tmp_path / "en"), "rules.add_rms.rm.RR=1")
    assert str(english) == ("--set rules.add_rms.rm.RR=1: rules.add_rms.rm.RR: no RM works in "
                            "region 'RR'; the regions are R (by id or label). Did you mean 'R'?")


STANDARD_NAMES = ["rules.add_rms.贵宾客户经理=1", "rules.rm_capacity_scale.财富客户经理=1.2",
                  "rm_grades.私人银行家.cost_per_year=1", "tiers.premier.rm_grades.贵宾客户经理=0.5"]
"""Keys of the demo's grades by the standard Chinese names a Chinese run lists them by
(贵宾客户经理（premier_rm）, by id or name)."""


def test_a_standard_grade_s_chinese_name_is_its_key_in_a_chinese_run() -> None:
    """As a label is, where no label names the grade (before: 贵宾客户经理 refused as a grade
    the book lacks, and over an id the scenario gives, as given twice)."""
    scenario = load_scenario(DEMO, ["output.language=zh", *STANDARD_NAMES]).scenario
    assert scenario.rules.add_rms == {"premier_rm": 1}
    assert scenario.rules.rm_capacity_scale == {"wealth_rm": 1.2}
    assert scenario.rm_grades["private_banker"].cost_per_year == 1
    assert scenario.tiers["premier"].rm_grades == {"premier_rm": 0.5, "wealth_rm": 0.9}
    english = load_scenario(DEMO, STANDARD_NAMES[:1]).scenario  # an English run lists ids
    assert english.rules.add_rms == {"贵宾客户经理": 1}
    labelled = load_scenario(DEMO, ["output.language=zh", "labels.grades.premier_rm.zh=贵宾经理",
                                    STANDARD_NAMES[0]]).scenario  # named by its label
    assert labelled.rules.add_rms == {"贵宾客户经理": 1}


def test_a_grade_set_by_its_name_and_by_a_what_if_by_its_id_is_one_key() -> None:
    with pytest.raises(UserError) as caught:
        load_scenario(DEMO, ["output.language=zh", STANDARD_NAMES[0]], ["more_premier_rms"])
    assert caught.value.shown("zh").startswith(
        "--use more_premier_rms 与 --set rules.add_rms.贵宾客户经理=1 都设定了 "
        "rules.add_rms.premier_rm；"), caught.value.shown("zh")
    code, said = answer("validate", DEMO, "--set", "output.language=zh", "--set",
                        STANDARD_NAMES[0])  # each what-if checked without the --set
    assert code == 0 and "13 名客户经理" in said, said


@pytest.mark.parametrize(("extended", "body"), [
    ("demo_zh.yaml", "rm_grades:\n  贵宾客户经理: {cost_per_year: 1}"),  # the parent's label
    ("demo.yaml", "labels:\n  grades:\n    premier_rm: {en: Premier adviser}\n"
                  "rm_grades:\n  Premier adviser: {cost_per_year: 1}"),  # the child's own
], ids=["the parent's label", "the child's label"])
def test_a_file_naming_a_grade_by_its_name_changes_the_id_the_file_it_extends_gives(
        tmp_path: Path, extended: str, body: str) -> None:
    """As a --set does: the child's value wins over the parent's, one key (before: refused
    as the same section giving it twice, by its name and by its id)."""
    path = tmp_path / "child.yaml"
    path.write_text(f"extends: {DEMO.with_name(extended)}\nname: child\n{body}\n",
                    encoding="utf-8")
    grades = load_scenario(path).scenario.rm_grades
    assert list(grades) == ["private_banker", "wealth_rm", "premier_rm"]
    assert grades["premier_rm"].cost_per_year == 1


def test_a_file_naming_a_grade_by_its_name_and_its_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "child.yaml"
    path.write_text(f"extends: {DEMO.with_name('demo_zh.yaml')}\nname: child\nrm_grades:\n"
                    "  premier_rm: {cost_per_year: 2}\n  贵宾客户经理: {cost_per_year: 1}\n",
                    encoding="utf-8")
    with pytest.raises(UserError, match="the same section also gives by its id; keep one"):
        load_scenario(path)


def test_a_misspelt_standard_chinese_name_gets_the_closest() -> None:
    error = refusal(DEMO, "output.language=zh", "rules.add_rms.贵宾客户经=1")
    assert "（已有职级：贵宾客户经理（premier_rm）、" in error.shown("zh")
    assert "您是否想写“贵宾客户经理”？" in error.shown("zh"), error.shown("zh")
