"""A PostgreSQL source: one SELECT, read in a read-only transaction under a statement timeout,
its password from the environment; a book planned from the server equals the same book from
CSV files. Against a real server started once for the module."""

from __future__ import annotations

import json
import os
import re
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd
import pytest
import yaml
from pydantic import ValidationError

from allocator import api
from allocator.book import postgres_source
from allocator.book.sources import read_table, source_label
from allocator.database_address import ENVIRONMENT
from allocator.errors import AllocatorError, InputOutputError, UserError
from allocator.scenario.data_schema import TableSource
from tests.builders import offer, world
from tests.postgres_server import PASSWORD, Server, running_server
from tests.test_secrets import allocate_with
from tests.test_table_input import allocate_here

VARIABLE = "ALLOCATOR_DB_PASSWORD"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server() as started:
        folder = tmp_path_factory.mktemp("tables")
        (folder / "clients.csv").write_text("customer_id,region\nA,North\nB,South\n")
        started.load("clients", folder / "clients.csv")
        started.sql("CREATE SEQUENCE counter")
        yield started


@pytest.fixture
def password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE, PASSWORD)


def read(server: Server, query: str) -> list[str]:
    source = TableSource(url=server.url, query=query, password_env=VARIABLE)
    frame = read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    return frame["customer_id"].astype(str).tolist()


def count_clients(server: Server) -> int:
    return len(read(server, "SELECT * FROM clients"))


@pytest.mark.usefixtures("password")
def test_one_select_reads_the_table(server: Server) -> None:
    assert read(server, "SELECT * FROM clients WHERE region = 'North';") == ["A"]
    assert read(server, "SELECT * FROM clients -- the whole book;\nORDER BY 1") == ["A", "B"]
    assert read(server, "WITH t AS (SELECT * FROM clients) SELECT * FROM t "
                        "WHERE region <> ';' AND region <> $$;DROP$$ ORDER BY 1") == ["A", "B"]


@pytest.mark.usefixtures("password")
@pytest.mark.parametrize(("query", "said"), [
    ("COPY clients TO STDOUT", "a COPY statement is not allowed"),
    ("DELETE FROM clients", "a DELETE statement is not allowed"),
    ("DROP TABLE clients", "a DROP statement is not allowed"),
    ("CREATE TABLE other (x int)", "a CREATE statement is not allowed"),
    ("SET default_transaction_read_only = off", "a SET statement is not allowed"),
    ("SELECT * FROM clients; DELETE FROM clients", "it holds 2 statements"),
    ("SELECT * FROM clients /* ; */; SELECT 1", "it holds 2 statements"),
    ("SELECT * FROM clients) AS q; DELETE FROM clients; SELECT * FROM (SELECT 1",
     "it holds 3 statements"),
    ("SELECT nextval('counter') AS customer_id", "read-only transaction"),
    ("WITH gone AS (DELETE FROM clients RETURNING *) SELECT * FROM gone", "the query failed"),
    ("SELECT * INTO copied FROM clients", "the query failed"),
])
def test_writes_ddl_copy_and_a_second_statement_are_refused(
        server: Server, query: str, said: str) -> None:
    with pytest.raises(UserError, match=said) as refused:
        read(server, query)
    assert server.url in str(refused.value) and PASSWORD not in str(refused.value)
    assert count_clients(server) == 2


@pytest.mark.usefixtures("password")
def test_a_query_longer_than_the_statement_timeout_is_stopped(
        server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres_source, "STATEMENT_TIMEOUT_MS", 100)
    with pytest.raises(UserError, match="statement timeout"):
        read(server, "SELECT 'A' AS customer_id FROM pg_sleep(5)")


def test_the_password_comes_from_the_environment_and_is_never_shown(
        server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(VARIABLE, raising=False)
    with pytest.raises(UserError, match=f"{VARIABLE} .* is not set"):
        read(server, "SELECT * FROM clients")
    monkeypatch.setenv(VARIABLE, PASSWORD + "x")
    with pytest.raises(UserError, match="cannot connect to the database") as wrong:
        read(server, "SELECT * FROM clients")
    assert "password authentication failed" in str(wrong.value)
    assert PASSWORD not in str(wrong.value)


def server_world(folder: Path, server: Server) -> tuple[Path, Path]:
    """The same book twice: from CSV files, and with customers and RMs from the server."""
    customers = [{"customer_id": f"C{i}", "tier_key": float(i % 3), "aum": 1000.25 * i,
                  "revenue_12m": 10.0 * i, "incumbent_rm": "R1" if i % 2 else "R2"}
                 for i in range(8)]
    rms = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 3},
           {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 2}]
    fit = [(f"C{i}", rm, float((i * 7 + j * 3) % 5)) for i in range(8)
           for j, rm in enumerate(("R1", "R2"))]
    served = {"rm_grades": {"rm": 1.0}, "max_offers": 1, "hours_per_customer": 1.0}
    files = world(folder / "files", customers, rms, fit, offers={"o": offer(5, cost=1)},
                  tiers={"top": served, "base": served})
    server.load("book_customers", folder / "files" / "customers.csv",
                {"aum": "numeric(18,2)"})
    server.load("book_rms", folder / "files" / "rms.csv")
    scenario = yaml.safe_load(files.read_text())
    scenario["data"] |= {  # the server's address comes from the user: ALLOCATOR_DB_URL...
        "customers": {"password_env": VARIABLE,
                      "query": "SELECT * FROM book_customers ORDER BY customer_id"},
        "rms": {"password_env": VARIABLE,
                "query": "SELECT * FROM book_rms ORDER BY rm_id"},
        "fit_scores": {"path": str(folder / "files" / "fit.csv")}}
    scenario["output"]["dir"] = str(folder / "server-reports")
    (folder / "server").mkdir()
    from_server = folder / "server" / "scenario.yaml"
    from_server.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return files, from_server


def test_a_book_from_the_server_plans_as_the_same_book_from_csv(
        server: Server, tmp_path: Path) -> None:
    """The server's address from ALLOCATOR_DB_URL; the password by SCRAM-SHA-256."""
    files, from_server = server_world(tmp_path, server)
    env = {**os.environ, VARIABLE: PASSWORD, ENVIRONMENT: server.url}
    made = allocate_with(env, "run", str(from_server), "--out", str(tmp_path / "out"))
    assert made.returncode == 0, made.stderr
    assert PASSWORD not in made.stdout + made.stderr
    [folder] = [p.parent for p in (tmp_path / "out").rglob("manifest.json")]
    assert not [p for p in folder.rglob("*") if p.is_file()
                and PASSWORD.encode() in p.read_bytes()]
    plan = pd.read_parquet(folder / "customer_plan.parquet")
    same = pd.read_parquet(api.run(files).folder / "customer_plan.parquet")
    pd.testing.assert_frame_equal(plan, same)
    assert plan["rm_id"].notna().sum() == 5  # the RMs' 3 + 2 hours bind
    checked = api.verify_run(folder)  # from the run's own files: no password needed
    assert checked.ok and "PostgreSQL server" in " ".join(checked.notes)


def test_a_server_s_table_is_recorded_in_the_manifest_and_its_copy_verified(
        server: Server, tmp_path: Path) -> None:
    """No file to hash: the server, database, query, rows and the rows' SHA-256 (the same on
    a second read), never the password; verify checks the saved copy by its hash."""
    _, from_server = server_world(tmp_path, server)
    env = {**os.environ, VARIABLE: PASSWORD, ENVIRONMENT: server.url}
    for _ in range(2):
        made = allocate_with(env, "run", str(from_server), "--out", str(tmp_path / "out"))
        assert made.returncode == 0, made.stderr
    folders = sorted(p.parent for p in (tmp_path / "out").rglob("manifest.json"))
    entries = [json.loads((f / "manifest.json").read_text())["inputs"] for f in folders]
    customers = entries[0]["customers"]
    host = urlsplit(server.url)
    assert customers["source"] == "postgresql" and customers["rows"] == 8
    assert customers["server"] == f"{host.hostname}:{host.port}"
    assert customers["database"] == host.path.lstrip("/")
    assert customers["query"] == "SELECT * FROM book_customers ORDER BY customer_id"
    assert customers["copy"] == "inputs/customers.parquet" and "path" not in customers
    assert entries[0]["rms"]["rows"] == 2 and entries[0]["fit_scores"]["path"]
    assert len(customers["rows_sha256"]) == 64
    assert [e["customers"]["rows_sha256"] for e in entries] == [customers["rows_sha256"]] * 2
    assert PASSWORD not in json.dumps(entries)
    copy = folders[0] / "inputs" / "customers.parquet"
    copy.write_bytes(copy.read_bytes()[:-9] + b"tampered!")
    checked = api.verify_run(folders[0])
    assert "inputs/customers.parquet" in [v.label for v in checked.hard_violations]


def test_an_unreachable_server_is_an_io_error_naming_its_address(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing listens on port 9: the machine's or the network's fault (exit code 4), named by
    host and port, the password shown nowhere."""
    from allocator.errors import InputOutputError

    monkeypatch.setenv(VARIABLE, "s3cret-Pass")
    source = TableSource(url="postgresql://planner@127.0.0.1:9/bank", query="SELECT 1",
                         password_env=VARIABLE)
    with pytest.raises(InputOutputError) as unreachable:
        read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    said = str(unreachable.value)
    assert unreachable.value.exit_code == 4 and "127.0.0.1:9" in said
    assert "s3cret" not in said and "cannot reach the PostgreSQL server" in said


class CleartextAsker:
    """A socket on a free local port that answers every PostgreSQL start-up by asking for the
    password in clear text, and keeps whatever password message it gets."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(5)
        self.port = self.sock.getsockname()[1]
        self.received: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        try:
            while True:
                client, _ = self.sock.accept()
                with client:
                    self._answer(client)
        except OSError:
            return

    def _answer(self, client: socket.socket) -> None:
        body = client.recv(struct.unpack("!i", client.recv(4))[0] - 4)
        if struct.unpack("!i", body[:4])[0] == 80877103:  # SSLRequest: no TLS here
            client.send(b"N")
            client.recv(struct.unpack("!i", client.recv(4))[0] - 4)
        client.send(b"R" + struct.pack("!ii", 8, 3))
        self.received.append(client.recv(4096))


def test_a_scenario_cannot_send_another_secret_of_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asker = CleartextAsker()
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "aws-very-secret")
    with pytest.raises(ValidationError, match="starts with ALLOCATOR_DB_") as refused:
        TableSource(url=f"postgresql://victim@127.0.0.1:{asker.port}/crm",
                    query="SELECT 1", password_env="AWS_SECRET_ACCESS_KEY")
    assert "aws-very-secret" not in str(refused.value)
    asker.sock.close()
    assert not [got for got in asker.received if b"aws-very-secret" in got]


def test_a_password_leaves_this_machine_only_over_tls(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE, "s3cret-Pass")
    source = TableSource(url="postgresql://planner@db.bank.invalid:5432/crm",
                         query="SELECT 1", password_env=VARIABLE)
    with pytest.raises(UserError, match="only sent to db.bank.invalid:5432 over TLS"):
        read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    tls = TableSource(url="postgresql://planner@db.bank.invalid:5432/crm?sslmode=verify-full",
                      query="SELECT 1", password_env=VARIABLE)
    with pytest.raises(InputOutputError, match="cannot reach"):
        read_table(tls, ["customer_id"], ["customer_id"], "data.customers")


def test_the_server_s_address_may_come_from_the_command_line(
        server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, from_server = server_world(tmp_path, server)
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.setenv(VARIABLE, PASSWORD)
    code, said = allocate_here("validate", str(from_server), "--db-url", server.url)
    assert code == 0, said
    assert "scenario and data are valid — 8 customers, 2 RMs" in said
    assert PASSWORD not in said


def hostile_scenario(folder: Path, url: str) -> Path:
    """A shared scenario whose customers come from the server it names."""
    path = world(folder, [{"customer_id": "A"}], offers={"o": offer(100)})
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {"url": url, "password_env": VARIABLE,
                                     "query": "SELECT * FROM clients"}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


@pytest.mark.parametrize("command", ["run", "validate"])
def test_a_scenario_file_s_server_address_needs_the_user_s_opt_in(
        tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared file naming a server stops the run before any connection (exit 2), naming the
    key and the three ways; with --scenario-db-url the file's address is used, and a server
    that asks for the password in clear text still gets nothing."""
    asker = CleartextAsker()
    path = hostile_scenario(tmp_path, f"postgresql://victim@127.0.0.1:{asker.port}/crm")
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    monkeypatch.setenv(VARIABLE, "s3cret-Pass")
    out = ["--out", str(tmp_path / "out")] if command == "run" else []
    code, said = allocate_here(command, str(path), *out)
    assert code == 2, said
    assert "data.customers.url" in said and "--db-url" in said and ENVIRONMENT in said
    assert "--scenario-db-url" in said and "Traceback" not in said
    assert asker.received == [] and not (tmp_path / "out").exists()
    asker = CleartextAsker()  # a fresh one: the first stops waiting after 5 s
    path = hostile_scenario(tmp_path / "trusted", f"postgresql://victim@127.0.0.1:{asker.port}/crm")
    with pytest.raises(UserError, match="the password was not sent"):
        api.run(path, output=tmp_path / "out", scenario_db_url=True)
    asker.sock.close()
    assert not [got for got in asker.received if b"s3cret" in got]


def test_the_user_s_address_wins_over_the_file_s(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    asker = CleartextAsker()
    path = hostile_scenario(tmp_path, "postgresql://victim@evil.invalid:5432/crm")
    monkeypatch.setenv(VARIABLE, "s3cret-Pass")
    monkeypatch.setenv(ENVIRONMENT, f"postgresql://planner@127.0.0.1:{asker.port}/crm")
    with pytest.raises(UserError, match="the password was not sent"):
        api.run(path, output=tmp_path / "out")
    with pytest.raises(UserError, match="evil.invalid:5432 over TLS"):
        api.run(path, output=tmp_path / "out", scenario_db_url=True,
                db_url="postgresql://planner@evil.invalid:5432/crm")
    asker.sock.close()
    assert not [got for got in asker.received if b"s3cret" in got]


def test_a_query_alone_without_any_address_is_refused_before_connecting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = hostile_scenario(tmp_path, "postgresql://victim@127.0.0.1:9/crm")
    scenario = yaml.safe_load(path.read_text())
    del scenario["data"]["customers"]["url"]
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    with pytest.raises(UserError, match="no server address is given; give it with --db-url"):
        api.run(path, output=tmp_path / "out")


def test_a_password_in_the_db_url_option_is_refused_and_masked(tmp_path: Path) -> None:
    path = hostile_scenario(tmp_path, "postgresql://victim@127.0.0.1:9/crm")
    with pytest.raises(UserError, match="holds a password") as refused:
        api.run(path, output=tmp_path / "out",
                db_url="postgresql://planner:Typed-PW9@127.0.0.1:9/crm")
    assert "Typed-PW9" not in str(refused.value)


def test_a_server_asking_for_a_cleartext_password_gets_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Even on this machine: without TLS the password goes only to a SCRAM-SHA-256 request."""
    asker = CleartextAsker()
    monkeypatch.setenv(VARIABLE, "s3cret-Pass")
    source = TableSource(url=f"postgresql://planner@127.0.0.1:{asker.port}/crm",
                         query="SELECT 1", password_env=VARIABLE)
    with pytest.raises(UserError, match="asked for the password in a form that shows it"):
        read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    asker.sock.close()
    assert not [got for got in asker.received if b"s3cret" in got]


@pytest.mark.parametrize("url", [
    "postgresql://bank@127.0.0.1:5432/postgres?host=10.255.255.1",
    "postgresql://bank@127.0.0.1:5432/postgres?sslmode=disable&hostaddr=10.255.255.1",
    "postgresql://bank@127.0.0.1:5432/postgres?service=core",
    "postgresql://bank@127.0.0.1:5432,10.255.255.1:5432/postgres",
])
def test_a_server_named_outside_the_address_s_host_is_refused_before_dialling(
        url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq dials a query's host, hostaddr or service, or each of a list of hosts: such an
    address would be judged as 127.0.0.1 while the password went elsewhere."""
    monkeypatch.setenv(VARIABLE, "s3cret-Pass")
    source = TableSource(url=url, query="SELECT 1", password_env=VARIABLE)
    with pytest.raises(UserError) as refused:
        read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    assert refused.value.exit_code == 2 and "names the server" in str(refused.value)
    assert "10.255.255.1" in str(refused.value) or "core" in str(refused.value)
    assert "s3cret" not in str(refused.value) and refused.value.chinese


def test_a_sweep_cannot_vary_a_server_s_address(tmp_path: Path) -> None:
    """--db-url would win over each point's address while sweep.csv recorded the varied one."""
    path = world(tmp_path, [{"customer_id": "A"}])
    code, said = allocate_here("sweep", str(path), "--db-url", "postgresql://bank@127.0.0.1/crm",
                               "--vary", "data.customers.url=postgresql://bank@10.0.0.9/crm")
    assert code == 2, said
    assert "--vary data.customers.url: a sweep cannot vary a PostgreSQL server's address" in said
    assert not list(tmp_path.rglob("sweep.csv"))


def chinese_of(refused: AllocatorError, source: TableSource) -> str:
    """The Chinese message without the source's name and the server's address."""
    label = source_label(source)
    said = refused.shown("zh").replace(getattr(label, "chinese", label), " ")
    return re.sub(r"127\.0\.0\.1:\d+|PostgreSQL|SQL|TLS|DDL|COPY", " ", said)


def fault(source: TableSource) -> AllocatorError:
    with pytest.raises(AllocatorError) as refused:
        read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    return refused.value


@pytest.mark.usefixtures("password")
@pytest.mark.parametrize(("query", "kind", "server_says"), [
    ("SELECT * FROM nowhere", "PostgreSQL 报告查询中的表不存在", 'relation "nowhere" does not exist'),
    ("SELECT customer_id,\n  nope FROM clients", "PostgreSQL 报告查询中的字段不存在（查询第 2 行）",
     'column "nope" does not exist'),
    ("SELECT nextval('counter') AS customer_id", "PostgreSQL 拒绝在只读事务中写入",
     "read-only transaction"),
    ("SELECT 'A' AS customer_id FROM pg_sleep(5)", "PostgreSQL 因超时取消了查询",
     "statement timeout"),
])
def test_a_server_s_refusal_is_named_in_chinese_its_words_kept_for_the_log(
        server: Server, monkeypatch: pytest.MonkeyPatch, query: str, kind: str,
        server_says: str) -> None:
    """By the SQLSTATE the server answers with; the server's English only in `library`."""
    monkeypatch.setattr(postgres_source, "STATEMENT_TIMEOUT_MS", 100)
    source = TableSource(url=server.url, query=query, password_env=VARIABLE)
    refused = fault(source)
    said = chinese_of(refused, source)
    assert kind in refused.shown("zh") and not re.search("[A-Za-z]", said), said
    assert server_says in refused.library and server_says in str(refused)


def test_a_refused_connection_and_a_wrong_password_are_named_in_chinese(
        server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """libpq's words, which carry no SQLSTATE, go to the log without the password."""
    cases = [(server.url, PASSWORD + "x", "密码验证失败", "password authentication failed"),
             (server.url.replace("/postgres", "/nobank"), PASSWORD, "数据库不存在",
              'database "nobank" does not exist'),
             ("postgresql://bank@127.0.0.1:1/postgres", PASSWORD, "连接被拒绝",
              "Connection refused")]
    for url, password, kind, libpq_says in cases:
        monkeypatch.setenv(VARIABLE, password)
        source = TableSource(url=url, query="SELECT * FROM clients", password_env=VARIABLE)
        refused = fault(source)
        said = chinese_of(refused, source)
        assert kind in said and not re.search("[A-Za-z]", said), said
        assert libpq_says in refused.library and password not in refused.library


def test_a_table_the_user_may_not_read_is_named_in_chinese(
        server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    server.sql("DO $$ BEGIN CREATE ROLE clerk LOGIN PASSWORD 'Clerk-pw1'; "
               "EXCEPTION WHEN duplicate_object THEN NULL; END $$")
    server.sql("REVOKE ALL ON clients FROM clerk")
    monkeypatch.setenv(VARIABLE, "Clerk-pw1")
    source = TableSource(url=server.url.replace("bank@", "clerk@"),
                         query="SELECT * FROM clients", password_env=VARIABLE)
    refused = fault(source)
    said = chinese_of(refused, source)
    assert "PostgreSQL 拒绝了访问（权限不足）" in refused.shown("zh")
    assert not re.search("[A-Za-z]", said), said
    assert "permission denied for table clients" in refused.library
