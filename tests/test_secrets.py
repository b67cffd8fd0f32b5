"""Secrets and the Dask scheduler's address come from the command line or the environment,
never from a shared scenario file unless the user vouches for it; no secret reaches a file
or a message."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest
import yaml

from allocator import api
from allocator.errors import UserError
from allocator.scheduler_address import ENVIRONMENT
from allocator.sweep_run import run_sweep
from tests.builders import offer, world
from tests.test_cli import ROOT

KEY = "pa55-Wr0d-7c1e9b"
HOSTILE = "tcp://198.51.100.7:8786"


@pytest.fixture
def reached(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The scheduler addresses a run connects to (it stops there)."""
    addresses: list[str] = []

    @contextmanager
    def connected(address: str) -> Iterator[Any]:
        addresses.append(address)
        raise UserError("stopped before connecting")
        yield

    monkeypatch.setattr(api, "connected", connected)
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    return addresses


def dask_world(folder: Path, **execution: str) -> Path:
    return world(folder, [{"customer_id": "A"}], offers={"o": offer(100)},
                 execution={"engine": "dask", **execution})


def test_a_scenario_file_s_address_is_refused(tmp_path: Path, reached: list[str]) -> None:
    path = dask_world(tmp_path, address=HOSTILE)
    with pytest.raises(UserError, match="--scenario-address") as refused:
        api.run(path)
    assert "execution.address is not taken from a scenario file" in str(refused.value)
    assert reached == []
    with pytest.raises(UserError, match="stopped before connecting"):
        api.run(path, scenario_address=True)  # the user vouches for the file
    assert reached == [HOSTILE]


def test_the_command_line_and_the_environment_give_the_address(
        tmp_path: Path, reached: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    path = dask_world(tmp_path, address=HOSTILE)
    with pytest.raises(UserError, match="stopped before connecting"):
        api.run(path, sets=["execution.address=tcp://127.0.0.1:8786"])
    monkeypatch.setenv(ENVIRONMENT, "tcp://127.0.0.2:8786")
    with pytest.raises(UserError, match="stopped before connecting"):
        api.run(path)
    without = dask_world(tmp_path / "no-address")
    with pytest.raises(UserError, match="stopped before connecting"):
        api.run(without)
    assert reached == ["tcp://127.0.0.1:8786", "tcp://127.0.0.2:8786", "tcp://127.0.0.2:8786"]
    local = world(tmp_path / "local", [{"customer_id": "A"}], offers={"o": offer(100)})
    assert api.run(local).feasible and reached == reached[:3]  # local runs stay local


def encrypted_world(folder: Path) -> Path:
    """A world whose customers are in a DuckDB database encrypted with KEY."""
    path = world(folder, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 offers={"o": offer(100, cost=1)})
    database = folder / "bank.duckdb"
    with duckdb.connect() as con:
        con.execute("SET force_mbedtls_unsafe = 'true'")  # writing needs it without httpfs
        con.execute(f"ATTACH '{database}' AS bank (ENCRYPTION_KEY '{KEY}')")
        con.execute(f"CREATE TABLE bank.clients AS SELECT * FROM read_csv("
                    f"'{folder / 'customers.csv'}')")
    (folder / "customers.csv").unlink()
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {"database": "bank.duckdb", "password_env": "ALLOCATOR_DB_BANK_KEY",
                                     "query": "SELECT * FROM clients"}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def test_no_secret_reaches_a_file_or_a_message(tmp_path: Path) -> None:
    path = encrypted_world(tmp_path)
    out = tmp_path / "out"
    env = {**os.environ, "ALLOCATOR_DB_BANK_KEY": KEY}
    made = allocate_with(env, "run", str(path), "--out", str(out))
    assert made.returncode == 0, made.stderr
    written = [p for p in out.rglob("*") if p.is_file()]
    assert any(p.name == "manifest.json" for p in written)
    assert not [p for p in written if KEY.encode() in p.read_bytes()]
    assert KEY not in made.stdout + made.stderr
    failed = allocate_with({**os.environ, "ALLOCATOR_DB_BANK_KEY": KEY + "x"}, "run", str(path))
    assert failed.returncode == 2 and "cannot open the database" in failed.stderr
    assert KEY not in failed.stdout + failed.stderr


def allocate_with(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from allocator.cli.app import main; main()", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_a_sweep_refuses_a_scenario_file_s_address_too(tmp_path: Path) -> None:
    path = dask_world(tmp_path, address=HOSTILE)
    with pytest.raises(UserError, match="--scenario-address"):
        run_sweep(path, ["budget.total=10,20"], output=tmp_path / "out")
    local = world(tmp_path / "local", [{"customer_id": "A"}], offers={"o": offer(100)},
                  execution={"address": HOSTILE})
    with pytest.raises(UserError, match="--scenario-address"):  # a point that turns Dask on
        run_sweep(local, ["execution.engine=local,dask"], output=tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("url", [f"postgresql://bank:{KEY}@127.0.0.1:5/crm",
                                 f"postgresql://bank@127.0.0.1:5/crm?password={KEY}",
                                 f"postgresql://bank@127.0.0.1:5/crm?sslmode=require&PassWord={KEY}",
                                 f"postgresql://bank@127.0.0.1:5/crm?sslpassword={KEY}"])
def test_a_password_in_a_postgresql_url_is_refused_without_showing_it(tmp_path: Path,
                                                                     url: str) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100)})
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {"url": url, "query": "SELECT * FROM clients"}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    with pytest.raises(UserError, match="holds a password; remove it") as refused:
        api.run(path)
    assert KEY not in str(refused.value)


def test_a_password_typed_in_a_set_option_is_never_echoed() -> None:
    from allocator.scenario import load_scenario
    from tests.conftest import DATA

    typed = "data.customers.url=postgresql://u:Typed-PW9@db:5432/crm?sslpassword=Other-PW8"
    with pytest.raises(UserError) as refused:
        load_scenario(DATA / "tiny" / "scenario.yaml", [typed], [])
    said = str(refused.value)
    assert "u:***@db" in said
    assert "Typed-PW9" not in said and "Other-PW8" not in said
