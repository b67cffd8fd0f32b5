"""Scenario files read strictly: repeated keys, alias bombs, bad text, numbers that are not
finite or out of range, each refused with the file, the line or key, and what to do."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from allocator.errors import UserError
from allocator.scenario import load_scenario
from allocator.scenario.strict_yaml import MAX_EXPANDED_VALUES, parse_yaml
from tests.conftest import tiny_scenario
from tests.faults.cli import answer


def tiny_file(folder: Path) -> Path:
    path = folder / "s.yaml"
    path.write_text(yaml.safe_dump(tiny_scenario(), sort_keys=False))
    return path


def test_a_key_given_twice_names_the_key_and_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text("name: a\nbudget:\n  total: 5\n  total: 6\n")
    with pytest.raises(UserError, match=r"s.yaml: line 4: key 'total' is given twice in one "
                                        r"mapping \(lines 3 and 4\)"):
        load_scenario(path)


def test_a_merge_key_may_be_overridden() -> None:
    text = "base: &b {cost: 1, margin: 2}\noffer: {<<: *b, margin: 3}\n"
    assert parse_yaml(text, "s.yaml")["offer"] == {"cost": 1, "margin": 3}


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]"]
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{', '.join([f'*{previous}'] * 10)}]")
    lines.append("name: *i")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    start = time.perf_counter()
    with pytest.raises(UserError, match=f"aliases .* more than {MAX_EXPANDED_VALUES:,} values"):
        load_scenario(path)
    assert time.perf_counter() - start < 2.0


def test_a_few_aliases_are_fine(tmp_path: Path) -> None:
    raw = tiny_scenario()
    raw["tiers"]["premier"]["rm_grades"] = raw["tiers"]["wealth"]["rm_grades"]  # an alias
    path = tmp_path / "s.yaml"
    text = yaml.safe_dump(raw, sort_keys=False)
    assert "*id" in text
    path.write_text(text)
    assert load_scenario(path).scenario.tiers["premier"].rm_grades == {
        "wealth_rm": 1.0, "private_banker": 1.0}


def test_an_alias_inside_itself_is_refused() -> None:
    with pytest.raises(UserError, match="line 1: an alias refers to the mapping or list"):
        parse_yaml("name: &a [1, *a]\n", "s.yaml")


@pytest.mark.parametrize("data", ["name: Bank\u00e9\n".encode("latin-1"),
                                  "name: 银行\n".encode("gbk")])
def test_a_scenario_not_in_utf8_is_named(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(data)
    with pytest.raises(UserError, match=r"s.yaml: line 1: not UTF-8 text .*save the scenario"):
        load_scenario(path)


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + yaml.safe_dump(tiny_scenario(), sort_keys=False).encode())
    assert load_scenario(path).scenario.name == "tiny"


@pytest.mark.parametrize(("key", "value"), [
    ("budget.total", ".inf"), ("tiers.private.coverage_uplift", ".inf"),
    ("offers.extra.margin", ".nan"), ("tiering.thresholds.private", ".nan"),
    ("risk.loss_cap", "-.inf"), ("tiers.wealth.hours_per_customer", ".nan"),
])
def test_numbers_that_are_not_finite_are_refused_with_their_key(
        tmp_path: Path, key: str, value: str) -> None:
    path = tiny_file(tmp_path)
    with pytest.raises(UserError, match=f"{key}: expected a finite number"):
        load_scenario(path, [f"{key}={value}"])


@pytest.mark.parametrize(("key", "value", "limit"), [
    ("budget.total", "1e308", "1000000000000000"), ("offers.extra.margin", "-1e20", "at least -1000000000000"),
    ("solver.seed", "-1", "at least 0"),
    ("offers.extra.quota", "1e30", "whole number|at most"),
])
def test_numbers_beyond_the_range_are_refused_with_the_range(
        tmp_path: Path, key: str, value: str, limit: str) -> None:
    path = tiny_file(tmp_path)
    with pytest.raises(UserError, match=f"{key}: .*({limit})"):
        load_scenario(path, [f"{key}={value}"])


def test_a_dask_address_that_is_no_address_is_refused(tmp_path: Path) -> None:
    path = tiny_file(tmp_path)
    with pytest.raises(UserError, match="'not a url' is not a Dask scheduler address"):
        load_scenario(path, ["execution.engine=dask", "execution.address=not a url"])
    loaded = load_scenario(path, ["execution.engine=dask", "execution.address=tcp://h:8786"])
    assert loaded.scenario.execution.address == "tcp://h:8786"


def test_an_unknown_encoding_is_refused(tmp_path: Path) -> None:
    path = tiny_file(tmp_path)
    with pytest.raises(UserError, match="data.customers.encoding: unknown encoding 'klingon'"):
        load_scenario(path, ["data.customers.encoding=klingon"])


def test_a_large_wrong_value_is_shown_cut_short(tmp_path: Path) -> None:
    path = tiny_file(tmp_path)
    text = path.read_text().replace("budget:", "grid: &g [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
                                    "budget_was:", 1)
    path.write_text(text + "budget: {total: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]}\n")
    with pytest.raises(UserError) as raised:
        load_scenario(path)
    line = next(x for x in str(raised.value).splitlines() if "budget.total" in x)
    assert line.endswith(")") and "…(" in line and len(line) < len(str(path)) + 200


def test_a_negative_amount_where_none_may_be_suggests_a_relative_change(tmp_path: Path) -> None:
    # budget.total=-10 is no budget; -10% would cut the scenario's budget by a tenth
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**tiny_scenario(), "solver": {"time_limit": 60}},
                                   sort_keys=False))
    with pytest.raises(UserError, match=r"budget\.total: expected a value of at least 0, got "
                                        r"-10 \(for a change of the scenario's value, write "
                                        r"-10%\)"):
        load_scenario(path, ["budget.total=-10"])
    with pytest.raises(UserError, match=r"above 0, got -5 \(for a change .* write -5%\)"):
        load_scenario(path, ["solver.time_limit=-5"])
    # in the file itself no change is written (a file's '-10%' is refused): no such hint
    path.write_text(yaml.safe_dump({**tiny_scenario(), "budget": {"total": -10}}))
    with pytest.raises(UserError) as raised:
        load_scenario(path)
    assert str(raised.value).rstrip().endswith("budget.total: expected a value of at least 0, "
                                               "got -10")


@pytest.mark.parametrize(("item", "hint"), [
    ("budget.total=-100", "-100%"), ("budget.total=-45000", None),
    ("solver.time_limit=-99", "-99%"), ("solver.time_limit=-100", None)])
def test_a_relative_change_is_suggested_only_where_it_would_be_taken(
        tmp_path: Path, item: str, hint: str | None) -> None:
    # -45000 suggested -45000%, which is refused in turn as a change below -100%
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**tiny_scenario(), "solver": {"time_limit": 60}},
                                   sort_keys=False))
    with pytest.raises(UserError) as raised:
        load_scenario(path, [item])
    english, chinese = str(raised.value).rstrip(), raised.value.shown("zh").rstrip()
    if hint is None:
        assert english.endswith(f"got {item.partition('=')[2]}"), english
        assert "%" not in english and "%" not in chinese, chinese
    else:
        assert english.endswith(f"(for a change of the scenario's value, write {hint})")
        assert chinese.endswith(f"（如要按比例调整情景中的取值，请写 {hint}）"), chinese


@pytest.mark.parametrize(("language", "refused"), [
    ("en", "--vary budget.total=-1000: budget.total: expected a value of at least 0, got -1000"),
    ("zh", "--vary budget.total=-1000：budget.total：取值应不小于 0，给出的是 -1000")])
def test_a_sweep_s_point_far_below_zero_suggests_no_change(
        tmp_path: Path, language: str, refused: str) -> None:
    path = tiny_file(tmp_path)
    code, said = answer("sweep", path, "--vary", "budget.total=-1000,100", "--set",
                        f"output.language={language}",
                        prefix="错误：" if language == "zh" else "error:")
    assert code == 2 and refused in said and "%" not in said, said


@pytest.mark.parametrize("item", ["budget.total=-10", "risk.loss_cap=-10",
                                  "offers.new_offer.quota=-10"])
def test_a_negative_amount_of_a_key_the_scenario_leaves_unset_suggests_no_change(
        tmp_path: Path, item: str) -> None:
    """A change of a value the scenario does not have is no value at all: the refusal says
    the key's rule, and no '-10%'."""
    raw = {key: value for key, value in tiny_scenario().items() if key != "budget"}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False))
    with pytest.raises(UserError) as raised:
        load_scenario(path, [item])
    key = item.partition("=")[0]
    english, chinese = str(raised.value), raised.value.shown("zh")
    assert english.rstrip().endswith(f"--set {item}: {key}: expected a value of at least 0, "
                                     f"got -10"), english
    assert "%" not in english and "%" not in chinese, chinese
    assert f"--set {item}：{key}：" in chinese, chinese


def test_a_negative_amount_an_override_gives_a_key_left_unset_suggests_no_change(
        tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**tiny_scenario(), "overrides": {
        "quick": {"solver.time_limit": -5}, "cheap": {"budget.total": -5}}}, sort_keys=False))
    with pytest.raises(UserError) as raised:
        load_scenario(path, use=["quick"])
    assert str(raised.value).rstrip().endswith("solver.time_limit: expected a value above 0, "
                                               "got -5"), str(raised.value)
    with pytest.raises(UserError, match=r"at least 0, got -5 \(for a change .* write -5%\)"):
        load_scenario(path, use=["cheap"])  # the file's budget: -5% would be a change of it


@pytest.mark.parametrize(("item", "english", "chinese"), [
    ("budget.total=-120%", "got -200 (the change -120% of the scenario's value makes it "
                           "negative: a change may be -100% or more)",
     "给出的是 -200（按 -120% 调整情景中的取值后为负数：调整幅度不能低于 -100%）"),
    ("solver.time_limit=-100%", "got 0 (the change -100% of the scenario's value leaves it at 0 "
                                "or below: a change must be above -100%)",
     "给出的是 0（按 -100% 调整情景中的取值后不大于 0：调整幅度必须高于 -100%）")])
def test_a_change_that_leaves_no_value_says_the_range_of_changes(
        tmp_path: Path, item: str, english: str, chinese: str) -> None:
    # a cut of more than the whole: the advice to write a change is no help, the range is
    path = tiny_file(tmp_path)  # a budget of 1,000
    path.write_text(path.read_text() + "solver: {time_limit: 30}\n")
    with pytest.raises(UserError) as raised:
        load_scenario(path, [item])
    assert english in str(raised.value) and chinese in raised.value.chinese
    assert "write" not in str(raised.value)


@pytest.mark.parametrize(("written", "read"), [
    ("045000", 45000), ("-007", -7), ("1_000", 1000), ("45e3", 45000.0), ("4.5E+4", 45000.0),
    (".5", 0.5), ("3.", 3.0), ("-1.5e-3", -0.0015), ("0x10", "0x10"), ("0o17", "0o17"),
    ("0b101", "0b101"), ("1:30", "1:30"), ("12:30:00", "12:30:00"), (".", "."),
])
def test_numbers_are_read_in_decimal_and_other_forms_are_text(written: str, read: object
                                                               ) -> None:
    # YAML 1.1 read 045000 as octal (18,944) and 1:30 in base 60 (90), silently; an exponent
    # without a point was text
    value = parse_yaml(f"a: {written}", "s.yaml")["a"]
    assert value == read and type(value) is type(read)


@pytest.mark.parametrize("written", ["0x10", "0b101", "1:30", "0o17"])
def test_a_number_in_another_base_is_refused_with_its_key(tmp_path: Path, written: str
                                                          ) -> None:
    raw = tiny_scenario()
    raw["budget"] = {"total": "REPLACED"}
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False).replace("REPLACED", written))
    with pytest.raises(UserError, match=f"s.yaml: budget.total: expected a number, got "
                                        f"'{written}'"):
        load_scenario(path)
    with pytest.raises(UserError, match=f"--set budget.total={written}: budget.total: "
                                        f"expected a number"):
        load_scenario(tiny_file(tmp_path), [f"budget.total={written}"])


def with_baselines(folder: Path, written: str) -> Path:
    """The tiny scenario with output.baselines written as `written`, as it stands."""
    raw = tiny_scenario()
    raw.pop("output", None)
    path = folder / "s.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False)
                    + f"output: {{dir: reports, baselines: {written}}}\n")
    return path


@pytest.mark.parametrize("written", ['"no"', "'false'", "no", "on", "Yes", "1"])
def test_a_yes_no_setting_takes_true_or_false_only(tmp_path: Path, written: str) -> None:
    """A quoted "no" was read as false (a quoted number is refused), yes/no/on/off as YAML 1.1
    booleans and 1 as true: each is refused naming the file, the key and what to write."""
    path = with_baselines(tmp_path, written)
    with pytest.raises(UserError) as caught:
        load_scenario(path)
    english, chinese = " ".join(str(caught.value).split()), caught.value.chinese
    assert "s.yaml: output.baselines: expected true or false, got " in english, english
    if written != "1":
        assert ("write true or false, without quotes (a quoted value, and yes, no, on or off, "
                "is text)") in english, english
        assert "output.baselines：应为 true 或 false，给出的是文本" in chinese, chinese


@pytest.mark.parametrize(("written", "read"), [("false", False), ("True", True),
                                               ("FALSE", False)])
def test_true_and_false_are_read_in_any_case_yaml_allows(tmp_path: Path, written: str,
                                                         read: bool) -> None:
    path = with_baselines(tmp_path, written)
    assert load_scenario(path).scenario.output.baselines is read


def test_yes_no_on_and_off_are_text() -> None:
    """A region or a label NO stays NO (YAML 1.1 would read false)."""
    assert parse_yaml("a: [NO, yes, on, Off, true]", "s.yaml") == {
        "a": ["NO", "yes", "on", "Off", True]}
