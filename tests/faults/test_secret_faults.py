"""A password planted in a PostgreSQL connection string, in every form libpq reads (percent-
encoded or upper-case parameter names, the user part) and through every way an address comes
in (--db-url, ALLOCATOR_DB_URL, --set, a vouched-for scenario file), is refused and shown
nowhere: not on screen, not in a report folder, not in a log of the private folder. A file
option (passfile, sslkey, ...) is refused the same way: credentials come only from the
ALLOCATOR_DB_ variable the scenario names."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from allocator.cli.common import private_folder
from allocator.connection_text import masked
from allocator.database_address import ENVIRONMENT
from tests.builders import offer, world
from tests.faults.cli import answer, answer_in_chinese

PLANTED = "hunter2-Qz7"
SERVER = "postgresql://u@127.0.0.1:9/db"
SECRET_FORMS = [f"{SERVER}?pass%77ord={PLANTED}", f"{SERVER}?%70assword={PLANTED}",
                f"{SERVER}?sslpass%77ord={PLANTED}", f"{SERVER}?sslmode=disable&PassWord={PLANTED}",
                f"postgresql://u:{PLANTED}@127.0.0.1:9/db", f"postgresql://u:%68{PLANTED}@127.0.0.1:9/db",
                f"postgresql://u:a {PLANTED}@127.0.0.1:9/db",  # a space or a tab ends a URL
                f"postgresql://u:a\t{PLANTED}@127.0.0.1:9/db",
                f"postgresql://u:{PLANTED}/pw@9f2c@127.0.0.1:9/db",  # '/' and '@' unencoded
                f"postgresql://u:{PLANTED}@x@127.0.0.1:9/db"]
FILE_FORMS = [(f"{SERVER}?passfile=/tmp/{PLANTED}", "passfile"),
              (f"{SERVER}?SSLKEY=/tmp/{PLANTED}", "sslkey"),
              (f"{SERVER}?ssl%63ert=/tmp/{PLANTED}", "sslcert")]
VARIABLE = "ALLOCATOR_DB_PASSWORD"


def postgres_world(folder: Path, url: str | None = None) -> Path:
    path = world(folder, [{"customer_id": "A"}], offers={"o": offer(100)},
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {"password_env": VARIABLE, "query": "SELECT * FROM c",
                                     **({"url": url} if url else {})}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def planted_anywhere(folder: Path, said: str, logs_before: set[Path]) -> list[str]:
    """Where the planted password shows: the words on screen, a file under `folder`, a log
    written to the private folder since `logs_before`."""
    found = ["screen"] if PLANTED in said else []
    logs = set(private_folder().glob("*.log")) - logs_before
    files = [p for p in folder.rglob("*") if p.is_file() and p.suffix != ".yaml"]
    return found + [str(p) for p in [*files, *logs]
                    if PLANTED.encode() in p.read_bytes()]


def refused_everywhere(tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch
                       ) -> list[tuple[str, str]]:
    """(way, words) of `allocate validate` and `allocate run` given `url` each way; each
    asserted to exit 2 without showing the password anywhere."""
    monkeypatch.setenv(VARIABLE, PLANTED)
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    plain = postgres_world(tmp_path / "plain")
    in_file = postgres_world(tmp_path / "file", url)
    ways: dict[str, tuple[Path, list[str], str | None]] = {
        "--db-url": (plain, ["--db-url", url], None),
        ENVIRONMENT: (plain, [], url),
        "--set": (plain, ["--set", f"data.customers.url={url}"], None),
        "file": (in_file, ["--scenario-db-url"], None)}
    said_each = []
    out = ["--out", str(tmp_path / "out")]
    for way, (scenario, options, environment) in ways.items():
        if environment:
            monkeypatch.setenv(ENVIRONMENT, environment)
        for command, extra, language in (("validate", [], "en"), ("run", out, "zh")):
            logs = set(private_folder().glob("*.log"))
            asked = answer if language == "en" else answer_in_chinese
            code, said = asked(command, scenario, *options, *extra,
                               "--set", f"output.language={language}")
            assert code == 2, (way, command, said)
            assert planted_anywhere(tmp_path, said, logs) == [], (way, command, said)
            said_each.append((way, " ".join(said.split())))
        monkeypatch.delenv(ENVIRONMENT, raising=False)
    assert not (tmp_path / "out").exists()
    return said_each


@pytest.mark.parametrize("url", SECRET_FORMS)
def test_a_password_in_any_form_of_a_connection_string_is_refused_and_shown_nowhere(
        tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for way, said in refused_everywhere(tmp_path, url, monkeypatch):
        assert "holds a password" in said or "含有密码" in said, (way, said)
        assert "data.customers" in said, (way, said)


@pytest.mark.parametrize(("url", "option"), FILE_FORMS)
def test_a_file_option_in_a_connection_string_is_refused(
        tmp_path: Path, url: str, option: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for way, said in refused_everywhere(tmp_path, url, monkeypatch):
        assert f"names {option}, which makes the database driver read" in said or (
            f"含有 {option}" in said), (way, said)


@pytest.mark.parametrize("url", [f"postgresql://u:{PLANTED}#x@127.0.0.1:9/db",
                                 f"postgresql://u@127.0.0.1:9/db#{PLANTED}"])
def test_a_hash_in_a_connection_string_is_bad_input_to_percent_encode(
        tmp_path: Path, url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A '#' ends a URL: a password holding one, not percent-encoded, would be cut there and
    the rest sent on as an option. Refused as bad input (exit 2), never as a server fault."""
    for way, said in refused_everywhere(tmp_path, url, monkeypatch):
        assert "%23" in said, (way, said)
        assert "data.customers" in said, (way, said)


def test_a_message_shows_a_url_with_no_password_and_no_parameter_s_value() -> None:
    assert masked(f"--db-url {SERVER}?sslmode=require&application_name=x (key)") == (
        f"--db-url {SERVER}?sslmode=***&application_name=*** (key)")
    assert masked(f"postgresql://u:p@ss{PLANTED}@h:5/db?x=1#{PLANTED}") == (
        "postgresql://u:***@h:5/db?x=***")
    assert masked(f"host=h password={PLANTED} sslkey=/k/{PLANTED} --set tiering.key=3") == (
        "host=h password=*** sslkey=*** --set tiering.key=3")


def test_the_address_variable_is_refused_as_a_password(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """ALLOCATOR_DB_URL holds the server's address, never a password: naming it in
    password_env is refused in both languages, before anything is read."""
    monkeypatch.setenv(ENVIRONMENT, SERVER)
    path = postgres_world(tmp_path)
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {"query": "SELECT * FROM c", "password_env": ENVIRONMENT}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    for command in ("validate", "run"):
        code, said = answer(command, path)
        words = " ".join(said.split())
        assert code == 2, words
        assert ("data.customers.password_env" in words and "'password_env' names "
                "ALLOCATOR_DB_URL, which holds the PostgreSQL server's address") in words, words
    code, said = answer_in_chinese("validate", path, "--set", "output.language=zh")
    assert code == 2 and "存放的是PostgreSQL服务器地址" in "".join(said.split()), said


@pytest.mark.parametrize("source", [{"query": "SELECT * FROM c"},
                                    {"database": "bank.duckdb", "query": "SELECT * FROM c"}])
def test_a_scenario_may_only_name_an_allocator_db_variable_for_a_secret(
        tmp_path: Path, source: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared scenario naming another variable of the environment (a cloud key) would send
    it to the server it names: refused before anything is read, naming the key and the rule."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", PLANTED)
    path = postgres_world(tmp_path)
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"] = {**source, "password_env": "AWS_SECRET_ACCESS_KEY"}
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    for command in ("validate", "run"):
        code, said = answer(command, path, "--db-url", SERVER)
        words = " ".join(said.split())
        assert code == 2, words
        assert "data.customers.password_env" in words, words
        assert "starts with ALLOCATOR_DB_" in words, words
        assert PLANTED not in said
    code, said = answer_in_chinese("validate", path, "--db-url", SERVER,
                                   "--set", "output.language=zh")
    assert code == 2 and "ALLOCATOR_DB_ 开头" in said, said
