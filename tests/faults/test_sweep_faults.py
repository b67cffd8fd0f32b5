"""A sweep's faults: an interrupted sweep whose finished points were damaged resumes (the
damaged points planned again, each named), an error never deletes finished points, and a
book no point can read is refused before any point runs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from allocator import api, sweep_points, sweep_run
from allocator.errors import AllocatorError
from allocator.report.language import Words
from allocator.scenario import load_scenario
from allocator.staging import machine
from allocator.sweep_chains import Chain
from allocator.sweep_folder import say_resumed
from allocator.sweep_run import run_sweep
from tests.builders import offer, world
from tests.faults.cli import answer
from tests.faults.test_interrupts import FULL, every_folder_verifies, hidden

VARY = "budget.total=50,100"
POINT = "point-000"
"""The point at the scenario's own budget (50), planned first."""


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return world(tmp_path / "book", [{"customer_id": "A"}, {"customer_id": "B", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 50})


def interrupted(scenario: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sweep of VARY stopped after its first point, as a process that has ended leaves
    it (named after a process that is gone)."""
    def stop_after_a_point(stage: str) -> None:
        if stage == "point":
            raise KeyboardInterrupt

    with monkeypatch.context() as patched:
        patched.setattr(sweep_points, "reached", stop_after_a_point)
        with pytest.raises(KeyboardInterrupt):
            run_sweep(scenario, [VARY], tighten=0, output=out)
    [kept] = [p for p in hidden(out) if p.name.startswith(".sweep-")]
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    identity = kept.name.split("-p", 1)[0]
    gone = kept.with_name(f"{identity}-p{ended.pid}.{machine()}-{kept.name.rsplit('-', 1)[1]}")
    kept.rename(gone)
    return gone


def _resumed(scenario: Path, out: Path) -> tuple[list[str], sweep_run.SweepRun]:
    lines: list[str] = []
    swept = run_sweep(scenario, [VARY], tighten=0, output=out, resume=True, notify=lines.append)
    return lines, swept


@pytest.mark.parametrize("damage", ["manifest", "row", "plan"] if FULL else ["manifest"])
def test_a_damaged_finished_point_is_planned_again_on_resume(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    out = tmp_path / "out"
    kept = interrupted(scenario, out, monkeypatch)
    [run] = list((kept / POINT).iterdir())
    damaged = {"manifest": run / "manifest.json", "row": kept / "rows" / "000.json",
               "plan": run / "customer_plan.parquet"}[damage]
    if damage == "manifest":
        damaged.unlink()
    else:
        damaged.write_bytes(damaged.read_bytes()[:20])
    lines, swept = _resumed(scenario, out)
    said = [line for line in lines if "planned again" in line]
    assert said == [f"{swept.folder}: point 0 (total budget 50) of the interrupted sweep was "
                    f"damaged or incomplete ({damaged.name}), so it was planned again."], lines
    assert swept.folder.is_dir() and not swept.folder.name.startswith(".")
    assert len(swept.table) == 2 and set(swept.table["status"]) == {"optimal"}
    assert hidden(out) == []
    every_folder_verifies(out, 2)


def test_an_error_on_resume_keeps_the_finished_points(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    kept = interrupted(scenario, out, monkeypatch)

    def broken(*args: object, **kwargs: object) -> None:
        raise AllocatorError("the frontier cannot be written")

    with monkeypatch.context() as patched:
        patched.setattr(sweep_run, "_write_up", broken)
        lines: list[str] = []
        with pytest.raises(AllocatorError, match="frontier"):
            run_sweep(scenario, [VARY], tighten=0, output=out, resume=True,
                      notify=lines.append)
    [again] = [p for p in hidden(out) if p.name.startswith(".sweep-")]
    assert (again / POINT).is_dir() and again.name.endswith(kept.name.rsplit("-", 1)[1])
    assert any("finished points are kept" in line and "--resume" in line for line in lines)


def test_a_point_whose_neighbour_cannot_be_read_is_planned_from_todays_books(
        scenario: Path, tmp_path: Path) -> None:
    """A chain's start that is a damaged point is skipped, not an error about --base."""
    staging = tmp_path / "sweep"
    point = staging / POINT / "run"
    point.mkdir(parents=True)
    loaded = load_scenario(scenario, point={"budget.total": 50})
    chain = Chain([(0, {"budget.total": 50}, loaded, staging)], point, "point 1")
    assert sweep_points.chain_start(chain) is None
    given = Chain([(0, {"budget.total": 50}, loaded, staging)], tmp_path, "")
    with pytest.raises(AllocatorError, match="not a run folder"):
        sweep_points.chain_start(given)


def test_a_sweep_of_a_book_without_customers_is_refused_before_any_point(
        tmp_path: Path) -> None:
    scenario = world(tmp_path / "book", [{"customer_id": "A"}])
    customers = scenario.parent / "customers.csv"
    customers.write_text(customers.read_text().splitlines()[0] + "\n")
    out = tmp_path / "out"
    ran, ran_said = answer("run", scenario, "--out", out)
    code, said = answer("sweep", scenario, "--vary", "budget.total=50,100", "--out", out)
    assert ran == 2 and code == 2 and "customers" in said
    assert said.split("error: ")[1].split()[0] == ran_said.split("error: ")[1].split()[0]
    assert not out.exists() or not list(out.rglob("sweep*"))


def test_a_sweep_whose_every_point_fails_exits_with_their_code(tmp_path: Path) -> None:
    """Each point fails alone (here: its scenario asks for a tier the book cannot give)."""
    scenario = world(tmp_path / "book", [{"customer_id": "A"}])
    out = tmp_path / "out"
    code, said = answer("sweep", scenario, "--vary", "tiering.metric=nowhere,nothing",
                        "--out", out)
    assert code == 2 and "error:" in said and "nowhere" in said, said
    assert not list(out.rglob("sweep-*"))


def test_resume_with_other_values_is_refused_in_one_line_naming_both(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The stopped sweep's --vary and the given one, what to do, and nothing else said."""
    out = tmp_path / "out"
    kept = interrupted(scenario, out, monkeypatch)
    code, said = answer("sweep", scenario, "--vary", "budget.total=50,100,150", "--tighten",
                        "0", "--out", out, "--resume")
    assert code == 2 and len(said.strip().splitlines()) == 1, said
    assert (f"error: {kept}: the interrupted sweep of this scenario was run with --vary "
            f"{VARY}, and this command gives --vary budget.total=50,100,150; to complete it, "
            "run it with its own options and --resume") in said, said
    assert (kept / POINT).is_dir()


@pytest.mark.parametrize(("language", "error"), [
    ("en", "error: {out}/world: no interrupted sweep of this scenario with these --vary, "
           "--zip, --set and --use options to resume; run it without --resume."),
    ("zh", "错误：{out}/world：没有此情景在这些 --vary、--zip、--set 与 --use 选项下中断的情景"
           "分析可供续算；请去掉 --resume 再运行。")])
def test_resume_with_nothing_to_resume_says_so_alone(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str,
        error: str) -> None:
    # it said first which plain run the point planned first keeps the most of, and read the book
    out = tmp_path / "out"
    api.run(scenario, output=out)
    monkeypatch.setattr(sweep_run, "read_first", None)  # the book is not read either
    code, said = answer("sweep", scenario, "--vary", VARY, "--set",
                        f"output.language={language}", "--out", out, "--resume",
                        prefix="错误：" if language == "zh" else "error:")
    assert code == 2 and said.strip() == error.format(out=out), said


@pytest.mark.parametrize(("given", "said"), [
    (["--set", "budget.total=70"], "--set budget.total and --vary budget.total both give"),
    (["--set", "budget={total: 70}"], "--set budget and --vary budget.total both give"),
    (["--vary", "budget.total=60,80"], "a key is varied twice (budget.total, budget.total)")])
def test_a_varied_key_given_again_is_refused_naming_which_to_drop(
        scenario: Path, tmp_path: Path, given: list[str], said: str) -> None:
    code, output = answer("sweep", scenario, "--vary", VARY, *given, "--out", tmp_path / "out")
    words = " ".join(output.split())
    assert code == 2, output
    assert said in words, output
    assert "varied twice" in said or "Drop the --set to sweep budget.total" in words, output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(("language", "said"), [
    ("en", "sweep: --use tight sets budget.total (30) and --vary budget.total varies it; each "
           "point's value would replace the override's, so the override's budget.total would "
           "never be planned. Drop --use tight to sweep budget.total (give its other changes "
           "with --set), or drop the --vary to plan the override."),
    ("zh", "情景分析：--use tight 设定了 budget.total（30），而 --vary budget.total 又变动该键；"
           "每个点的取值会取代调整项的取值，调整项对 budget.total 的设定将不被规划。")])
def test_a_varied_key_an_override_sets_is_refused_naming_both(tmp_path: Path, language: str,
                                                             said: str) -> None:
    path = world(tmp_path / "book", [{"customer_id": "A"}, {"customer_id": "B", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 100},
                 overrides={"tight": {"budget.total": 30}}, output={"language": language})
    code, output = answer("sweep", path, "--vary", VARY, "--use", "tight", "--tighten", "0",
                          "--out", tmp_path / "out", prefix="error" if language == "en" else "错误")
    assert code == 2, output
    assert said.replace(" ", "") in "".join(output.split()), output
    assert not (tmp_path / "out").exists()


def adviser_book(folder: Path, **sections: object) -> Path:
    """The scenario's book, its one RM grade rm labelled Adviser (顾问 in Chinese) and costed."""
    return world(folder / "book", [{"customer_id": "A"}, {"customer_id": "B", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 50},
                 labels={"grades": {"rm": {"en": "Adviser", "zh": "顾问"}}},
                 rm_grades={"rm": {"cost_per_year": 10}}, **sections)


def test_a_key_varied_by_a_grades_label_is_its_id(tmp_path: Path) -> None:
    """As a --set of it is read (before: refused as rm_grades giving the grade twice, by its
    label and by its id)."""
    swept = run_sweep(adviser_book(tmp_path), ["rm_grades.Adviser.cost_per_year=-10%,+10%"],
                      tighten=0, output=tmp_path / "out")
    assert list(swept.table["rm_grades.rm.cost_per_year"]) == [9, 11]
    assert list(swept.table["status"]) == ["optimal", "optimal"]


@pytest.mark.parametrize(("given", "said"), [
    (["--set", "rm_grades.rm.cost_per_year=3"], "sweep: --set rm_grades.rm.cost_per_year and "
     "--vary rm_grades.rm.cost_per_year both give rm_grades.rm.cost_per_year"),
    (["--vary", "rm_grades.rm.cost_per_year=3,4"], "sweep: a key is varied twice "
     "(rm_grades.Adviser.cost_per_year, rm_grades.rm.cost_per_year)"),
    (["--use", "cheap"], "sweep: --use cheap sets rm_grades.rm.cost_per_year (3) and --vary "
     "rm_grades.rm.cost_per_year varies it")], ids=["a --set", "a --vary", "a --use"])
def test_a_key_varied_by_a_grades_label_and_given_by_its_id_is_refused(
        tmp_path: Path, given: list[str], said: str) -> None:
    """The same key, as two --set of it are (before: the --set won over every point)."""
    path = adviser_book(tmp_path, overrides={"cheap": {"rm_grades.rm.cost_per_year": 3}})
    code, output = answer("sweep", path, "--vary", "rm_grades.Adviser.cost_per_year=1,2",
                          *given, "--out", tmp_path / "out")
    assert code == 2 and said in " ".join(output.split()), output
    assert not (tmp_path / "out").exists()


def test_a_key_varied_by_a_grades_chinese_label_is_its_id(tmp_path: Path) -> None:
    path = adviser_book(tmp_path, output={"language": "zh"})
    code, output = answer("sweep", path, "--vary", "rm_grades.顾问.cost_per_year=1,2",
                          "--set", "rm_grades.rm.cost_per_year=3", prefix="错误：")
    assert code == 2, output
    assert ("错误：情景分析：--set rm_grades.rm.cost_per_year 与 --vary "
            "rm_grades.rm.cost_per_year 都给出了 rm_grades.rm.cost_per_year；") in " ".join(
        output.split()), output


@pytest.mark.parametrize(("reused", "english", "chinese"), [
    (0, "none of its 4 points was finished; 4 are planned now.",
     "共 4 个点，尚无已完成的点；现在规划其余 4 个。"),
    (1, "1 of its 4 points was finished and is reused; 3 are planned now.",
     "共 4 个点，其中 1 个已完成并沿用；现在规划其余 3 个。"),
    (3, "3 of its 4 points were finished and are reused; 1 is planned now.",
     "共 4 个点，其中 3 个已完成并沿用；现在规划其余 1 个。"),
    (4, "4 of its 4 points were finished and are reused; none is left to plan.",
     "共 4 个点，其中 4 个已完成并沿用；无需再规划其他点。")])
def test_the_resume_line_counts_points_in_good_grammar(reused: int, english: str,
                                                       chinese: str) -> None:
    for language, wanted in (("en", english), ("zh", chinese)):
        lines: list[str] = []
        say_resumed(reused, 4, lines.append, Words(language))
        assert lines == [("Resuming the interrupted sweep: " if language == "en"
                          else "继续中断的参数扫描：") + wanted]


def test_a_resumed_sweep_says_how_many_points_it_reuses_in_its_language(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = world(tmp_path / "book", [{"customer_id": "A"}, {"customer_id": "B", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 100},
                 output={"language": "zh"})
    out = tmp_path / "out"
    interrupted(path, out, monkeypatch)
    code, said = answer("sweep", path, "--vary", VARY, "--tighten", "0", "--out", out,
                        "--resume")
    assert code == 0, said
    assert "继续中断的参数扫描：共2个点，其中1个已完成并沿用；现在规划其余1个。" in "".join(
        said.split()), said


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_points_bad_value_is_named_by_its_vary(scenario: Path, language: str) -> None:
    # the point's key and value as --vary wrote them, a change as the change, in either
    # language (it was "sweep point", and a hint of "-100%" where -300% was written)
    code, said = answer("sweep", scenario, "--vary", "budget.total=-10%,-300%",
                        "--set", f"output.language={language}",
                        prefix="error:" if language == "en" else "错误：")
    assert code == 2, said
    said = " ".join(said.split())
    assert "--vary budget.total=-300%: budget.total:" in said.replace("：", ": "), said
    assert ("the change -300% of the scenario's value makes it negative" if language == "en"
            else "按 -300% 调整情景中的取值后为负数") in said, said
    assert "sweep point" not in said and "write -100%" not in said, said


@pytest.mark.parametrize(("varied", "said_en", "said_zh"), [
    ("budget.totl=10,20", "budget.totl: unknown key 'totl'. Did you mean 'total'?",
     "budget.totl：未知的键“totl”。您是否想写“total”？"),
    ("budget.totl=10:30:10", "budget.totl: unknown key 'totl'.", "budget.totl：未知的键“totl”。"),
    ("tiers.gold.hours_per_customer=5,10", "tiers.gold: no tier 'gold' in the scenario file.",
     "tiers.gold：情景文件中没有客户层级“gold”。"),
    ("tiering.foo=1,2", "tiering.foo: unknown key 'foo'. Allowed here with method thresholds: "
     "hysteresis, method, metric, thresholds.",
     "tiering.foo：未知的键“foo”。方法 thresholds 在此处可用的键：hysteresis, method, metric, "
     "thresholds。"),
], ids=["unknown key", "unknown key over a range", "new tier", "unknown key of a method"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_varied_key_wrong_at_every_point_is_named_by_its_vary_as_written(
        scenario: Path, language: str, varied: str, said_en: str, said_zh: str) -> None:
    # a key that is wrong at every point is named with every value the --vary gives (it
    # named the first point's alone: --vary budget.totl=10)
    code, said = answer("sweep", scenario, "--vary", varied, "--set",
                        f"output.language={language}",
                        prefix="error:" if language == "en" else "错误：")
    assert code == 2, said
    said = " ".join(said.split())
    colon = ": " if language == "en" else "："
    assert f"--vary {varied}{colon}{said_en if language == 'en' else said_zh}" in said, said


def test_a_chinese_sweep_of_points_without_a_plan_says_why_in_chinese(scenario: Path) -> None:
    # what must give, in sweep.csv, in the run's language (it was English), and the cells
    # the points leave without a figure blank on the terminal (they printed "None")
    code, said = answer("sweep", scenario, "--vary", "budget.total=10,20", "--set",
                        "offers.o.minimum=2", "--set", "output.language=zh", prefix="错误：")
    assert code == 0, said
    assert "None" not in said and "不可行" in said, said
    table = pd.read_csv(next(scenario.parent.rglob("sweep.csv")))
    cause = "；销售成本：o每笔 20，而预算 {} 少于仅这些销售目标就需要的 40：如要保留这些目标，" \
            "请将预算至少提高 {}"
    assert list(table["diagnosis"]) == [
        "销售目标（涉及 o）缺口 2（占 2 的 100.0%）" + cause.format(10, 30),
        "销售目标（涉及 o）缺口 1（占 2 的 50.0%）" + cause.format(20, 20)]


@pytest.mark.parametrize("varied", ["budget.total=10,,20", "budget.total=10,20,"])
def test_a_blank_value_in_a_vary_is_refused(scenario: Path, varied: str) -> None:
    # `--vary budget.total=$LOW,$MID,$HIGH` with MID unset once planned two points, silently
    code, said = answer("sweep", scenario, "--vary", varied)
    assert code == 2, said
    assert f"--vary {varied}: value" in said and "is empty or blank" in said, said
    assert not list(scenario.parent.rglob("sweep.csv"))


@pytest.mark.parametrize(("varied", "said_en", "said_zh"), [
    ("offers.zz.cost=1,2", "offers.zz: no offer 'zz' in {table}, and cost alone is no offer (a "
     "new one also gives: margin, propensity). Its offers: mail.",
     "offers.zz：{table}中没有产品“zz”，仅凭 cost 不构成产品（新增产品还需给出：margin、"
     "propensity）。已有产品：mail。"),
    ("offers.mail.cost=1,2", "offer mail is given both in the scenario's 'offers' section",
     "产品 mail 既在情景的 offers 一节中给出"),
], ids=["an offer the table lacks", "an offer of the table"])
@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_varied_offer_the_offer_table_refuses_is_refused_before_any_point(
        tmp_path: Path, language: str, varied: str, said_en: str, said_zh: str) -> None:
    # only the offer table can say there is no offer zz (or one mail): the sweep named its
    # first point alone (--vary offers.zz.cost=1), or no --vary at all, after a plain run of
    # the scenario had been planned first
    folder = tmp_path / "book"
    path = world(folder, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 data={"offers": {"path": "offers.csv"}}, output={"language": language})
    (folder / "offers.csv").write_text("offer_id,channel,propensity,margin,cost\n"
                                       "mail,email,1,10,1\n")
    code, said = answer("sweep", path, "--vary", varied,
                        prefix="error:" if language == "en" else "错误：")
    assert code == 2, said
    said = " ".join(said.split())
    colon = ": " if language == "en" else "："
    wanted = (said_en if language == "en" else said_zh).format(table=folder / "offers.csv")
    assert f"--vary {varied}{colon}{wanted}" in said, said
    assert not list(folder.rglob("manifest.json")) and f"--vary {varied[:-2]}{colon}" not in said


ADDED = {
    "rules.add_rms.r_m=0,1": (
        "rules.add_rms.r_m: the book has no RM of grade 'r_m' to take hours from (its grades: "
        "rm). Did you mean 'rm'? Add to one of those grades, by id or label, or set "
        "rm_grades.r_m.hours for a new grade.",
        "rules.add_rms.r_m：客户账簿中没有职级为“r_m”的客户经理可供参照工时（已有职级：rm）。"
        "您是否想写“rm”？请按编号或名称增加到已有职级，或为新职级设定 rm_grades.r_m.hours。"),
    "rules.add_rms.rm.W=0,1": (
        "rules.add_rms.rm.W: no RM works in region 'W'; the regions are R (by id or label).",
        "rules.add_rms.rm.W：没有客户经理在区域“W”工作；已有区域：R（可写编号或名称）。")}
"""A --vary adding RMs of a grade or in a region no RM of the book has, and its refusal."""


@pytest.mark.parametrize("varied", list(ADDED), ids=["a misspelt grade", "an unknown region"])
@pytest.mark.parametrize("given", ["scenario", "--set"])
def test_rms_added_to_a_grade_or_region_no_rm_has_are_refused_before_any_point(
        tmp_path: Path, varied: str, given: str) -> None:
    # the sweep planned the scenario without overrides first, as its base (a whole run), and
    # its first point alone, then named that point's --vary (rules.add_rms.r_m=0), in English
    # whatever the run's language, without the grade meant
    path = world(tmp_path / "book", [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 output={"language": "zh"} if given == "scenario" else {})
    code, said = answer("sweep", path, "--vary", varied,
                        *(["--set", "output.language=zh"] if given == "--set" else []),
                        prefix="错误：")
    assert code == 2, said
    assert " ".join(said.split()) == f"错误：--vary {varied}：{ADDED[varied][1]}", said
    assert not list(tmp_path.rglob("manifest.json"))
    code, said = answer("sweep", path, "--vary", varied, "--set", "output.language=en")
    assert code == 2 and f"--vary {varied}: {ADDED[varied][0]}" in " ".join(said.split()), said


def test_a_chinese_sweep_kept_from_an_english_run_fails_in_chinese(tmp_path: Path) -> None:
    # reading the plain run the sweep keeps (written in English) made every message after
    # it English: here every point's own refusal of its count, with no RM of the new grade
    path = world(tmp_path / "book", [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}])
    assert answer("run", path)[0] == 0
    code, said = answer("sweep", path, "--vary", "rules.add_rms.new=1,2", "--set",
                        "rm_grades.new.hours=100", "--set", "output.language=zh", prefix="错误：")
    assert code == 2, said
    assert "\n错误：--vary rules.add_rms.new=1：rules.add_rms.new：客户账簿中没有职级为“new”的" \
        "客户经理，因此无法把 1 位分配到各区域" in said and "error" not in said, said
