"""The command line on bad arguments, environment and paths: one message, a documented exit
code (2 bad input, 4 a path that cannot be read or written), never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from allocator.cli.common import with_dask
from allocator.cluster import connect_seconds
from allocator.errors import UserError, io_error
from allocator.sweeps import MAX_POINTS, parse_vary
from tests.builders import world
from tests.faults.cli import answer


@pytest.mark.parametrize(("vary", "message"), [
    ("budget.total=0:1e300:1", f"more than {MAX_POINTS:,}; take a larger step"),
    ("budget.total=1e308:1e309:1e307", "the number 1e309 is beyond any value"),
    ("budget.total=5000,5000", "5000 is listed more than once"),  # one point planned twice
    ("budget.total=5k;4000;5000", "5k and 5000 are the same value"),
    ("budget.total=40k,40000", "40k and 40000 are the same value"),
    ("budget.total=1,2,1", "1 is listed more than once"),
    ("budget.total=-10%,+10%,-10%", "-10% is listed more than once"),
    # keys that change no plan: one plan at every point (the name filed the sweep apart)
    ("name=a,b", "--vary name: 'name' names, describes or reports a run and changes no plan"),
    ("output.language=en,zh", "'output' names, describes or reports a run"),
    ("labels.tiers.mass=a,b", "'labels' names, describes or reports a run"),
])
def test_a_vary_range_that_is_endless_or_infinite_is_refused(vary: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        parse_vary(vary)


def test_a_listed_vary_value_that_is_not_yaml_is_text() -> None:
    assert parse_vary("budget.total=[1,2") == ("budget.total", ["[1", 2])


@pytest.mark.parametrize("text", ["abc", "-1", "nan", "inf", "0"])
def test_a_bad_connect_wait_is_named(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setenv("ALLOCATOR_DASK_CONNECT_SECONDS", text)
    with pytest.raises(UserError, match=f"ALLOCATOR_DASK_CONNECT_SECONDS='{text}': give a "
                                        "number of seconds"):
        connect_seconds()


def test_a_bad_connect_wait_breaks_no_command_that_does_not_connect(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ALLOCATOR_DASK_CONNECT_SECONDS", "abc")
    path = world(tmp_path, [{"customer_id": "A"}])
    assert answer("validate", path)[0] == 0
    code, output = answer("run", path, "--dask", "not a url")
    assert code == 2 and "'not a url' is not a Dask scheduler address" in output


def test_generate_into_a_file_is_an_io_error(tmp_path: Path) -> None:
    target = tmp_path / "book.csv"
    target.write_text("x")
    code, output = answer("generate", target, "--customers", "10")
    assert code == 4 and "book.csv: is a file, not a folder" in output
    code, output = answer("generate", target / "inside", "--customers", "10")
    assert code == 4 and "a file is in the way of a folder" in output


def test_a_missing_scenario_or_table_is_an_io_error(tmp_path: Path) -> None:
    code, output = answer("validate", tmp_path / "nowhere.yaml")
    assert code == 4 and "nowhere.yaml: no such scenario file" in output
    path = world(tmp_path, [{"customer_id": "A"}])
    (tmp_path / "rms.csv").unlink()
    code, output = answer("validate", path)
    assert code == 4 and "rms.csv: no such file" in output


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_table_is_an_io_error(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}])
    (tmp_path / "customers.csv").chmod(0)
    code, output = answer("validate", path)
    assert code == 4 and "customers.csv: cannot read it" in output


def test_an_os_error_names_the_path_and_what_to_do() -> None:
    error = io_error(PermissionError(13, "Permission denied", "/data/out"), "write")
    assert error.exit_code == 4
    assert str(error) == ("/data/out: cannot write it (Permission denied); check the "
                          "permissions, or choose a folder you may write to.")


def test_dask_sets_the_engine_once_when_set_gives_it_too() -> None:
    """`--dask X --set execution.engine=dask` is not refused as the same key given twice."""
    assert with_dask(["execution.engine = dask"], "tcp://h:8786") == [
        "execution.engine = dask", "execution.address=tcp://h:8786"]
    assert with_dask(None, "tcp://h:8786") == ["execution.engine=dask",
                                                "execution.address=tcp://h:8786"]
    assert with_dask(["execution.engine=local"], "tcp://h:8786")[1] == "execution.engine=dask"
