"""Scenario files: strict schema, readable errors, extends, named overrides and --set."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from allocator.errors import InputOutputError, UserError
from allocator.scenario import load_scenario
from tests.conftest import tiny_scenario

Writer = Callable[[str, dict[str, Any]], Path]


def test_tiny_scenario_loads_with_defaults(tiny: Path) -> None:
    loaded = load_scenario(tiny)
    scenario = loaded.scenario
    assert scenario.name == "tiny"
    assert list(scenario.tiers) == ["private", "wealth", "premier", "mass"]
    assert scenario.tiers["mass"].coverage == "none"
    assert scenario.solver.backend == "highs"
    assert scenario.data.customers is not None
    assert scenario.data.customers.path == tiny.parent / "customers.csv"


def test_scenario_is_frozen(tiny: Path) -> None:
    scenario = load_scenario(tiny).scenario
    with pytest.raises(ValidationError):
        scenario.budget.total = 5.0  # type: ignore[misc]


def test_typo_names_file_key_and_suggestion(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["budegt"] = raw.pop("budget")
    path = write_yaml("typo.yaml", raw)
    with pytest.raises(UserError) as err:
        load_scenario(path)
    message = str(err.value)
    assert str(path) in message
    assert "budegt" in message
    assert "did you mean 'budget'?" in message.lower()


def test_nested_typo_in_a_tier_suggests_the_field(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["tiers"]["private"]["max_offer"] = 3
    with pytest.raises(UserError) as err:
        load_scenario(write_yaml("s.yaml", raw))
    assert "tiers.private.max_offer" in str(err.value)
    assert "Did you mean 'max_offers'?" in str(err.value)


def test_wrong_type_names_key_path_and_expected_type(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["budget"]["total"] = "a lot"
    with pytest.raises(UserError) as err:
        load_scenario(write_yaml("s.yaml", raw))
    message = str(err.value)
    assert "budget.total" in message
    assert "expected a number" in message
    assert "'a lot'" in message


@pytest.mark.parametrize(("section", "key"), [
    ("solver", "time_limit"), ("solver", "threads"), ("budget", "total")])
def test_true_or_false_is_not_a_number(write_yaml: Writer, section: str, key: str) -> None:
    raw = tiny_scenario()
    raw.setdefault(section, {})[key] = True
    with pytest.raises(UserError, match=f"{section}.{key}.*expected a (whole )?number, got true"):
        load_scenario(write_yaml("s.yaml", raw))


def test_a_name_too_long_for_a_folder_is_refused_before_the_solve(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["name"] = "n" * 300
    with pytest.raises(UserError, match="name.*at most 80 characters"):
        load_scenario(write_yaml("s.yaml", raw))


def test_missing_section_is_named(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    del raw["tiering"]
    with pytest.raises(UserError, match=r"tiering: required"):
        load_scenario(write_yaml("s.yaml", raw))


def test_unknown_tier_in_a_cut_suggests_the_tier(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["tiering"]["thresholds"] = {"privat": 5e6, "wealth": 5e5, "premier": 5e4}
    with pytest.raises(UserError) as err:
        load_scenario(write_yaml("s.yaml", raw))
    assert "tiering.thresholds" in str(err.value)
    assert "Did you mean 'private'?" in str(err.value)


@pytest.mark.parametrize("method", ["exact", "decomposition", "auto"])
@pytest.mark.parametrize("name", ["foobar", "ortools"])
def test_unknown_backend_is_refused_on_every_path(write_yaml: Writer, method: str,
                                                  name: str) -> None:
    raw = tiny_scenario()
    raw["solver"] = {"method": method, "backend": name}
    with pytest.raises(UserError) as err:
        load_scenario(write_yaml("s.yaml", raw))
    assert "solver.backend" in str(err.value)
    assert "highs, cbc, scip, cp-sat" in str(err.value)


def test_thresholds_must_fall(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["tiering"]["thresholds"] = {"private": 5e5, "wealth": 5e6, "premier": 5e4}
    with pytest.raises(UserError, match="must fall"):
        load_scenario(write_yaml("s.yaml", raw))


def test_extends_with_precedence(write_yaml: Writer) -> None:
    base = tiny_scenario()
    base["budget"] = {"total": 1000}
    base["risk"] = {"loss_cap": 50}
    write_yaml("base.yaml", base)
    child = write_yaml("child.yaml", {"extends": "base.yaml", "name": "child",
                                      "budget": {"total": 2000}})
    loaded = load_scenario(child, sets=["budget.total=3000"])
    assert loaded.scenario.name == "child"
    assert loaded.scenario.budget.total == 3000.0  # command line beats the file
    assert loaded.scenario.risk.loss_cap == 50.0  # inherited from the base
    assert [p.name for p in loaded.files] == ["base.yaml", "child.yaml"]
    assert load_scenario(child).scenario.budget.total == 2000.0


def test_error_names_the_base_file_that_holds_the_bad_key(write_yaml: Writer) -> None:
    base = tiny_scenario()
    base["risk"] = {"los_cap": 50}
    base_path = write_yaml("base.yaml", base)
    child = write_yaml("child.yaml", {"extends": "base.yaml", "name": "child"})
    with pytest.raises(UserError) as err:
        load_scenario(child)
    assert f"{base_path}: risk.los_cap" in str(err.value)


def test_extends_cycle_is_an_error(write_yaml: Writer) -> None:
    write_yaml("a.yaml", {"extends": "b.yaml"})
    b = write_yaml("b.yaml", {"extends": "a.yaml"})
    with pytest.raises(UserError, match="cycle"):
        load_scenario(b)


def test_set_is_typed_by_the_schema(tiny: Path) -> None:
    loaded = load_scenario(tiny, sets=["budget.total=9.5e6", "solver.threads=4",
                                       "tiers.premier.max_offers=3"])
    assert loaded.scenario.budget.total == 9.5e6
    assert loaded.scenario.solver.threads == 4
    assert loaded.scenario.tiers["premier"].max_offers == 3
    with pytest.raises(UserError) as err:
        load_scenario(tiny, sets=["solver.threads=many"])
    assert "--set solver.threads=many: solver.threads" in str(err.value)
    assert "expected a whole number" in str(err.value)


def test_set_typo_suggests_the_key(tiny: Path) -> None:
    with pytest.raises(UserError, match="Did you mean 'time_limit'"):
        load_scenario(tiny, sets=["solver.time_limt=5"])


def test_an_unknown_tiering_key_by_set_is_named_as_written_with_the_methods_keys(
        tiny: Path) -> None:
    # it named the scenario file and tiering.thresholds.foo, allowing nothing ("Allowed
    # here: ."): pydantic names the method after the section
    with pytest.raises(UserError) as err:
        load_scenario(tiny, sets=["tiering.foo=1"])
    keys = "hysteresis, method, metric, thresholds"
    assert str(err.value).splitlines()[1:] == [
        f"--set tiering.foo=1: tiering.foo: unknown key 'foo'. Allowed here with method "
        f"thresholds: {keys}."]
    assert err.value.chinese.splitlines()[1:] == [
        f"--set tiering.foo=1：tiering.foo：未知的键“foo”。方法 thresholds 在此处可用的键：{keys}。"]
    with pytest.raises(UserError) as err:
        load_scenario(tiny, sets=["tiering.method=score", "tiering.quantiles.x=1",
                                  "tiering.metrc=aum"])
    assert ("--set tiering.metrc=aum: tiering.metrc: unknown key 'metrc'. Allowed here with "
            "method score: features, hysteresis, method, quantiles, thresholds.") in str(err.value)
    assert "tiering.features: required" in str(err.value)
    assert "tiering.score" not in str(err.value)


@pytest.mark.parametrize(("tiering", "said"), [
    ({"method": "thresholds", "metric": "aum", "thresholds": {"private": 5e6}, "metrc": "aum"},
     "tiering.metrc: unknown key 'metrc'. Did you mean 'metric'? Allowed here with method "
     "thresholds: hysteresis, method, metric, thresholds."),
    ({"method": "score", "features": {"aum": 1.0}, "quantiles": {"private": 0.1},
      "metric": "aum"},
     "tiering.metric: unknown key 'metric'. Allowed here with method score: features, "
     "hysteresis, method, quantiles, thresholds."),
    ({"method": "rfm", "thresholds": {"private": 12}, "metric": "aum"},
     "tiering.metric: unknown key 'metric'. Allowed here with method rfm: hysteresis, method, "
     "monetary, thresholds."),
    ({"method": "pareto", "value_shares": {"private": 0.5}, "monetary": "aum"},
     "tiering.monetary: unknown key 'monetary'. Allowed here with method pareto: hysteresis, "
     "method, metric, value_shares."),
], ids=["thresholds", "score", "rfm", "pareto"])
def test_an_unknown_tiering_key_in_the_file_is_named_with_the_methods_keys(
        write_yaml: Writer, tiering: dict[str, Any], said: str) -> None:
    raw = tiny_scenario()
    raw["tiers"] = {"private": {}, "mass": {}}
    raw["tiering"] = tiering
    path = write_yaml("s.yaml", raw)
    with pytest.raises(UserError) as err:
        load_scenario(path)
    assert str(err.value).splitlines()[1:] == [f"{path}: {said}"]


def test_set_without_equals_is_explained(tiny: Path) -> None:
    with pytest.raises(UserError, match="section.key=value"):
        load_scenario(tiny, sets=["budget.total"])


def test_same_key_set_twice_is_an_error(tiny: Path) -> None:
    with pytest.raises(UserError, match="both set budget.total"):
        load_scenario(tiny, sets=["budget.total=1", "budget.total=2"])


def test_named_overrides(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["overrides"] = {"tight": {"budget.total": 500}, "cautious": {"risk.loss_cap": 10},
                        "also_budget": {"budget.total": 700}}
    path = write_yaml("s.yaml", raw)
    loaded = load_scenario(path, use=["tight", "cautious"])
    assert loaded.scenario.budget.total == 500
    assert loaded.scenario.risk.loss_cap == 10
    assert load_scenario(path, use=["tight"], sets=["risk.loss_cap=5"]).scenario.risk.loss_cap == 5
    with pytest.raises(UserError, match="both set budget.total"):
        load_scenario(path, use=["tight", "also_budget"])
    with pytest.raises(UserError, match="Did you mean 'tight'"):
        load_scenario(path, use=["tigth"])


@pytest.mark.parametrize(("given", "key"), [
    ("risk.loss_cap=-10%", "risk.loss_cap"), ("risk={loss_cap: 5}", "risk")])
def test_a_set_of_a_key_a_named_override_sets_is_refused(write_yaml: Writer, given: str,
                                                         key: str) -> None:
    """The --set would win, and the run be labelled after an override it does not plan."""
    raw = tiny_scenario()
    raw["risk"] = {"loss_cap": 1500}
    raw["overrides"] = {"stricter_loss_cap": {"risk.loss_cap": "-30%"}}
    path = write_yaml("s.yaml", raw)
    with pytest.raises(UserError) as err:
        load_scenario(path, sets=[given], use=["stricter_loss_cap"])
    assert str(err.value) == (
        f"--use stricter_loss_cap and --set {given} both set {key}; the --set would replace "
        "the override's change, and a run made with --use stricter_loss_cap would not plan "
        "it. Drop the --set to plan the override, or drop --use stricter_loss_cap and give the "
        "override's other changes with --set.")
    assert err.value.shown("zh") == (
        f"--use stricter_loss_cap 与 --set {given} 都设定了 {key}；该 --set 会取代调整项的改动，"
        "以 --use stricter_loss_cap 所做的运行将不规划它。若要规划该调整项，请去掉该 --set；"
        "否则请去掉 --use stricter_loss_cap，并用 --set 给出调整项的其他改动。")


def test_a_sweeps_tighter_gap_is_set_over_a_named_overrides(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["overrides"] = {"precise": {"solver.gap": 1e-5}}
    path = write_yaml("s.yaml", raw)
    loaded = load_scenario(path, use=["precise"], gap=1e-6)
    assert loaded.scenario.solver.gap == 1e-6
    assert loaded.applied == ("--use precise", "--set solver.gap=1e-06")


def test_an_empty_override_name_is_refused_naming_the_mapping(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["overrides"] = {"": {"budget.total": 500}}
    with pytest.raises(UserError, match=r"s\.yaml: overrides: a name is empty \(''\)"):
        load_scenario(write_yaml("s.yaml", raw))


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(InputOutputError, match="no such scenario file"):
        load_scenario(tmp_path / "nope.yaml")
    extending = tmp_path / "what_if.yaml"  # the file that names the missing one is named
    extending.write_text("extends: nope.yaml\nname: x\n")
    with pytest.raises(InputOutputError, match=r"what_if\.yaml: extends: nope\.yaml: no such "
                                               r"scenario file \(.*nope\.yaml\)"):
        load_scenario(extending)
    given = tmp_path / "given.yaml"  # a file's name where its section goes: the path key
    given.write_text("name: x\ndata:\n  customers: book.csv\n")
    with pytest.raises(UserError, match=r"data\.customers: a section of keys, not one value; a "
                                        r"file is given by its path key: data\.customers\.path: "
                                        r"'book\.csv'"):
        load_scenario(given)
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ntiers: [unclosed\n")
    with pytest.raises(UserError, match=r"bad.yaml: line \d+, column \d+: not valid YAML"):
        load_scenario(bad)
    listed = tmp_path / "list.yaml"
    listed.write_text("- a\n- b\n")
    with pytest.raises(UserError, match="mapping of sections"):
        load_scenario(listed)


def test_resolved_scenario_round_trips(tiny: Path, write_yaml: Writer) -> None:
    loaded = load_scenario(tiny, sets=["budget.total=1234"])
    again = load_scenario(write_yaml("resolved.yaml", loaded.resolved()))
    assert again.scenario == loaded.scenario


# Property: random fragments merged into a valid scenario either validate or fail cleanly.
KEYS = ["budget.total", "risk.loss_cap", "solver.time_limit", "solver.backend", "tiers.mass.x",
        "tiering.method", "tiering.hysteresis", "tiers.premier.coverage", "offers.a.propensity",
        "offers.a.channel", "packages.p.uplift", "rules.channel_capacity.sms", "budegt",
        "objective.soft.budget", "data.generate.customers", "tiers", "name"]
VALUES = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**7),
                   st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=8),
                   st.lists(st.integers(), max_size=3),
                   st.dictionaries(st.sampled_from(["mass", "premier", "zzz"]),
                                   st.floats(-1, 2), max_size=2))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=4))
def test_random_fragments_validate_or_fail_cleanly(tmp_path: Path, fragment: dict[str, Any]) -> None:
    path = tmp_path / "fuzz.yaml"
    path.write_text(yaml.safe_dump(tiny_scenario()))
    sets = [f"{key}={yaml.safe_dump(value, default_flow_style=True).strip().removesuffix('...')}"
            .strip() for key, value in fragment.items()]
    try:
        load_scenario(path, sets=sets)
    except UserError as exc:
        assert str(exc)
        assert "Traceback" not in str(exc)


def test_a_scenario_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    import os

    from allocator.errors import UserError
    from allocator.scenario import load_scenario

    os.mkfifo(tmp_path / "scenario.yaml")
    with pytest.raises(UserError, match="not a regular file"):
        load_scenario(tmp_path / "scenario.yaml", [], [])
