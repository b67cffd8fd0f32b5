"""A throwaway PostgreSQL server for tests: initdb into a temporary folder, started on a free
localhost port, a superuser `bank` whose password is PASSWORD. As root the server runs as
`nobody` (postgres refuses root). Skipped where no PostgreSQL binaries are found, unless
ALLOCATOR_REQUIRE_POSTGRES=1 (CI), where that fails."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pyarrow as pa
import pytest

PASSWORD = "Pg-s3cr3t/pw@9f2c"
"""Holds URL delimiters (/ and @): the source must quote it into the connection string."""
USER = "bank"


@dataclass(frozen=True)
class Server:
    port: int

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def load(self, table: str, path: Path, types: dict[str, str] | None = None) -> None:
        """A table of the CSV file's rows; `types` recasts columns (numeric(18,2)...)."""
        import adbc_driver_postgresql.dbapi as postgresql
        import pyarrow.csv as pacsv

        rows: pa.Table = pacsv.read_csv(path)
        with postgresql.connect(self._admin, autocommit=True) as connection, \
                connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.adbc_ingest(table, rows, mode="create")
            for column, kind in (types or {}).items():
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE {kind}")

    def sql(self, statement: str) -> None:
        import adbc_driver_postgresql.dbapi as postgresql

        with postgresql.connect(self._admin, autocommit=True) as connection, \
                connection.cursor() as cursor:
            cursor.execute(statement)

    @property
    def _admin(self) -> str:
        return self.url.replace(f"{USER}@", f"{USER}:{quote(PASSWORD, safe='')}@")


def binaries() -> Path | None:
    """The folder of initdb and pg_ctl: on the PATH, else Debian's /usr/lib/postgresql/*/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    folders = sorted(glob.glob("/usr/lib/postgresql/*/bin"),
                     key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit()
                     else 0)
    return Path(folders[-1]) if folders else None


@contextmanager
def running_server() -> Iterator[Server]:
    folder = binaries()
    if folder is None:
        if os.environ.get("ALLOCATOR_REQUIRE_POSTGRES") == "1":
            pytest.fail("no PostgreSQL binaries (initdb, pg_ctl); install Debian's postgresql")
        pytest.skip("no PostgreSQL binaries (initdb, pg_ctl) found")
    root = Path(tempfile.mkdtemp(prefix="allocator-pg-"))
    try:
        run_as = _unprivileged(root)
        (root / "pw").write_text(PASSWORD + "\n")
        _give(root / "pw", run_as)
        data, port = root / "data", _free_port()
        _run(run_as, folder / "initdb", "-D", str(data), "-U", USER, f"--pwfile={root / 'pw'}",
             "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--no-sync")
        options = f"-k {root} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(run_as, folder / "pg_ctl", "-D", str(data), "-l", str(root / "log"), "-w",
             "-o", options, "start")
        try:
            yield Server(port)
        finally:
            _run(run_as, folder / "pg_ctl", "-D", str(data), "-m", "immediate", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _unprivileged(root: Path) -> str | None:
    """The user to run the server as (nobody, owning `root`), or None: ourselves."""
    if os.geteuid() != 0:
        return None
    _give(root, "nobody")
    return "nobody"


def _give(path: Path, user: str | None) -> None:
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _run(user: str | None, *command: str | Path) -> None:
    words = [str(w) for w in command]
    full = ["runuser", "-u", user, "--", *words] if user else words
    done = subprocess.run(full, capture_output=True, text=True, timeout=120, cwd="/")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(words[:1])} failed: {done.stderr or done.stdout}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
