"""A DuckDB source runs one read-only SELECT over its database, with access to anything else
off: COPY, ATTACH, INSTALL, files outside its folder and a second statement are refused."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from allocator.book.sources import read_table
from allocator.errors import UserError
from allocator.scenario.data_schema import TableSource

KEY = "s3cr3t-key-1f9a"


@pytest.fixture
def database(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "extra.csv").write_text("customer_id,score\nA,1\n")
    (tmp_path / "outside.csv").write_text("customer_id,secret\nA,42\n")
    path = folder / "bank.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE clients AS SELECT * FROM (VALUES ('A', 'North'), "
                    "('B', 'South')) AS t(customer_id, region)")
    return path


def read(database: Path, query: str, password_env: str | None = None) -> list[str]:
    source = TableSource(database=database, query=query, password_env=password_env)
    frame = read_table(source, ["customer_id"], ["customer_id"], "data.customers")
    return frame["customer_id"].astype(str).tolist()


def test_one_select_over_its_tables_and_files_beside_it(database: Path) -> None:
    assert read(database, "SELECT * FROM clients WHERE region = 'North';") == ["A"]
    assert read(database, "SELECT * FROM clients -- the whole book") == ["A", "B"]
    beside = str(database.parent / "extra.csv")
    assert read(database, f"SELECT * FROM read_csv('{beside}')") == ["A"]


@pytest.mark.parametrize(("query", "said"), [
    ("COPY (SELECT * FROM clients) TO '{out}'", "a COPY statement is not allowed"),
    ("ATTACH '{other}' AS other", "an ATTACH statement is not allowed"),
    ("INSTALL httpfs", "an INSTALL statement is not allowed"),
    ("LOAD httpfs", "a LOAD statement is not allowed"),
    ("USE other", "a USE statement is not allowed"),
    ("SELECT * FROM read_csv('{outside}')", "access to other files"),
    ("SELECT * FROM '{outside}'", "access to other files"),
    ("SELECT * FROM clients; COPY clients TO '{out}'", "it holds 2 statements"),
    ("SELECT * FROM clients; SELECT * FROM clients", "it holds 2 statements"),
    ("SET enable_external_access = true", "statement is not allowed"),
])
def test_anything_else_is_refused_clearly(database: Path, query: str, said: str) -> None:
    root = database.parent.parent
    text = query.format(out=root / "out.csv", other=root / "other.duckdb",
                        outside=root / "outside.csv")
    with pytest.raises(UserError, match=said) as refused:
        read(database, text)
    assert str(database) in str(refused.value)
    assert not (root / "out.csv").exists() and not (root / "other.duckdb").exists()


def test_an_encrypted_database_takes_its_key_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.duckdb"
    with duckdb.connect() as con:
        con.execute("SET force_mbedtls_unsafe = 'true'")  # writing needs it without httpfs
        con.execute(f"ATTACH '{path}' AS locked (ENCRYPTION_KEY '{KEY}')")
        con.execute("CREATE TABLE locked.clients AS SELECT 'A' AS customer_id")
    with pytest.raises(UserError, match="ALLOCATOR_DB_KEY .* is not set") as unset:
        read(path, "SELECT * FROM clients", "ALLOCATOR_DB_KEY")
    monkeypatch.setenv("ALLOCATOR_DB_KEY", KEY)
    assert read(path, "SELECT * FROM clients", "ALLOCATOR_DB_KEY") == ["A"]
    monkeypatch.setenv("ALLOCATOR_DB_KEY", KEY[::-1])
    with pytest.raises(UserError, match="cannot open the database") as wrong:
        read(path, "SELECT * FROM clients", "ALLOCATOR_DB_KEY")
    assert KEY not in str(unset.value) + str(wrong.value)
    assert KEY[::-1] not in str(wrong.value)


def test_a_scenario_cannot_name_a_database_outside_its_own_folder(tmp_path: Path) -> None:
    """DuckDB may read the files beside its database: a scenario naming a database elsewhere
    would choose which folder that is, so it is refused before anything is read."""
    from allocator.scenario.loading import load_scenario

    elsewhere = tmp_path / "x"
    (elsewhere / "w").mkdir(parents=True)
    (elsewhere / "w" / "customers.csv").write_text("customer_id\nA\n")
    with duckdb.connect(str(elsewhere / "db.duckdb")):
        pass
    folder = tmp_path / "scenario"
    folder.mkdir()
    path = folder / "s.yaml"
    query = f"SELECT * FROM read_csv('{elsewhere / 'w' / 'customers.csv'}')"
    path.write_text(yaml.safe_dump({"name": "s", "data": {
        "customers": {"database": str(elsewhere / "db.duckdb"), "query": query},
        "rms": {"path": "rms.csv"}}}))
    with pytest.raises(UserError) as refused:
        load_scenario(path)
    said = str(refused.value)
    assert "data.customers.database" in said and "outside the scenario's folder" in said
    assert refused.value.chinese and refused.value.exit_code == 2


def test_a_file_beside_the_database_is_read_by_its_relative_name(database: Path) -> None:
    """As docs/data.md says: files in the database's folder, named as they lie there."""
    assert read(database, "SELECT * FROM read_csv('extra.csv')") == ["A"]
    assert read(database, "SELECT * FROM read_csv_auto(['extra.csv'], header = true)") == ["A"]
    assert read(database, "SELECT * FROM 'extra.csv' JOIN clients USING (customer_id)") == ["A"]
    assert read(database, "SELECT * FROM read_csv('./extra.csv') WHERE 1 = 1") == ["A"]
    for outside in ("../outside.csv", "../bank/../outside.csv"):
        with pytest.raises(UserError, match="access to other files"):
            read(database, f"SELECT * FROM read_csv('{outside}')")


@pytest.mark.parametrize("query", [
    "SELECT * FROM duckdb_settings()", "SELECT * FROM clients, duckdb_databases()",
    "SELECT value AS customer_id FROM DuckDB_Settings() WHERE name = 'home_directory'",
    "SELECT * FROM clients WHERE region IN (SELECT name FROM main.duckdb_extensions())",
    "SELECT current_setting('home_directory') AS customer_id",
    "SELECT * FROM pragma_database_size()", "SELECT * FROM duckdb_tables",
    'SELECT * FROM "duckdb_settings"()',
    "SELECT *, (SELECT setting FROM pg_catalog.pg_settings WHERE name = 'temp_directory') AS x"
    " FROM clients", "SELECT datname AS customer_id FROM pg_database",
    "SELECT table_name AS customer_id FROM information_schema.tables"])
def test_duckdb_s_own_records_of_the_machine_are_refused(database: Path, query: str) -> None:
    with pytest.raises(UserError, match="DuckDB's own record of this machine's settings"):
        read(database, query)


def test_a_query_s_rows_are_recorded_in_the_manifest_beside_its_file(tmp_path: Path) -> None:
    """The database file's path and SHA-256, and what the query read: its rows and their
    hash, the same in a second run; verify passes."""
    from allocator import api
    from allocator.runs import file_sha256
    from tests.builders import world

    path = world(tmp_path, [{"customer_id": f"C{i}", "tier_key": float(i)} for i in range(4)])
    database = tmp_path / "book.duckdb"
    with duckdb.connect(str(database)) as con:
        con.execute(f"CREATE TABLE clients AS SELECT * FROM read_csv('{tmp_path}/customers.csv')")
    scenario = yaml.safe_load(path.read_text())
    query = "SELECT * FROM clients WHERE customer_id <> 'C3' ORDER BY customer_id"
    scenario["data"]["customers"] = {"database": "book.duckdb", "query": query}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    runs = [api.run(path) for _ in range(2)]
    entries = [yaml.safe_load((r.folder / "manifest.json").read_text())["inputs"]["customers"]
               for r in runs]
    entry = entries[0]
    assert entry["source"] == "duckdb" and entry["query"] == query and entry["rows"] == 3
    assert entry["path"] == str(database) and entry["sha256"] == file_sha256(database)
    assert entry["copy"] == "inputs/customers.parquet" and len(entry["rows_sha256"]) == 64
    assert entries[1]["rows_sha256"] == entry["rows_sha256"]
    assert api.verify_run(runs[0].folder).ok


def test_lists_and_records_where_numbers_belong_are_refused_not_hashed_into_a_crash(
        tmp_path: Path) -> None:
    """The rows' hash reads a LIST or STRUCT cell by its text; the check then names them."""
    from allocator.book import load_book
    from allocator.scenario import load_scenario
    from tests.builders import world

    path = world(tmp_path, [{"customer_id": f"C{i}", "tier_key": float(i)} for i in range(2)])
    with duckdb.connect(str(tmp_path / "book.duckdb")) as con:
        con.execute("CREATE TABLE clients AS SELECT * EXCLUDE (aum), [1, 2] AS aum, "
                    f"{{'a': 1}} AS deposits FROM read_csv('{tmp_path}/customers.csv')")
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {"database": "book.duckdb", "query": "SELECT * FROM clients"}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    with pytest.raises(UserError, match=r"column 'aum': 2 rows are not numbers"):
        load_book(load_scenario(path).scenario)
