"""Where a PostgreSQL server's address may come from. A run sends the password in the user's
ALLOCATOR_DB_ variable to the server of a PostgreSQL source, so that address (host, port,
database, user) comes from the user's side: --db-url or the environment (ALLOCATOR_DB_URL),
and from a scenario file's `url` only when the user vouches for the file (--scenario-db-url).
A source written as a `query` alone is a query on that server."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from allocator.connection_text import ADDRESS_VARIABLE, masked
from allocator.errors import UserError, cut
from allocator.report.language import Words
from allocator.scenario import LoadedScenario, load_scenario
from allocator.scenario.data_schema import TableSource

ENVIRONMENT = ADDRESS_VARIABLE
TABLES = ("customers", "rms", "offers", "fit_scores")
COMMAND_LINE = "--set "
"""How the scenario loader names the layers the command line gave."""


def trusted_db_sets(scenario: str | Path | LoadedScenario, sets: Sequence[str],
                    use: Sequence[str], db_url: str | None = None,
                    scenario_db_url: bool = False) -> list[str]:
    """The --set list a run loads its scenario with: the given one, plus the url of every
    PostgreSQL source from `db_url`, else ALLOCATOR_DB_URL, where the command line's --set
    gives none. UserError when a source's url would come from a scenario file and
    `scenario_db_url` is off, or when no url is given at all."""
    sets = list(sets)
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(
        scenario, sets, use)
    user_url = db_url or os.environ.get(ENVIRONMENT, "").strip()
    extra = [f"data.{name}.url={user_url}" for name in postgres_tables(loaded)
             if user_url and not _set_on_command_line(loaded, name)]
    if extra and not isinstance(scenario, LoadedScenario):
        sets = [*sets, *extra]
        try:
            loaded = load_scenario(scenario, sets, use)
        except UserError as exc:
            raise _named_as_given(exc, extra, "--db-url" if db_url else ENVIRONMENT) from None
    check_db_urls(loaded, scenario_db_url)
    return sets


def _named_as_given(exc: UserError, extra: Sequence[str], given: str) -> UserError:
    """`exc` with the --set each url was loaded as named as the user gave it (--db-url or
    ALLOCATOR_DB_URL), its password still masked."""
    english, chinese = str(exc), exc.chinese or str(exc)
    for item in extra:
        key, _, url = item.partition("=")
        loaded_as, given_as = f"{COMMAND_LINE}{cut(masked(item))}", f"{given} {masked(url)} ({key})"
        english, chinese = (english.replace(loaded_as, given_as),
                            chinese.replace(loaded_as, given_as))
    return UserError(english, chinese)


def refuse_varied_urls(keys: Sequence[str]) -> None:
    """UserError when a sweep varies a PostgreSQL source's url: the address is the user's
    side's (--db-url, ALLOCATOR_DB_URL), which would silently win over the varied value."""
    for key in keys:
        if key in {f"data.{name}.url" for name in TABLES}:
            raise UserError.said("vary_db_url", key=key, variable=ENVIRONMENT)


def postgres_tables(loaded: LoadedScenario) -> list[str]:
    """The data tables read by a PostgreSQL query."""
    data = loaded.scenario.data
    sources: dict[str, TableSource | None] = {name: getattr(data, name) for name in TABLES}
    return [name for name, source in sources.items()
            if source is not None and source.query and source.database is None]


def unused_db_url(loaded: LoadedScenario, db_url: str | None) -> str | None:
    """The warning, in the scenario's language, that --db-url was given to a scenario that
    reads no table from PostgreSQL (the address, and any password in it, is not shown); None
    if it is used or not given."""
    if not db_url or postgres_tables(loaded):
        return None
    words = Words(loaded.scenario.output.language)
    return words("warning") + words("db_url_unused", path=loaded.path)


def check_db_urls(loaded: LoadedScenario, scenario_db_url: bool = False) -> None:
    """UserError when a PostgreSQL source has no url, or takes it from a scenario file (or a
    named override or sweep point) while `scenario_db_url` is off."""
    for name in postgres_tables(loaded):
        key = f"data.{name}.url"
        origin = _origin(loaded.layers, name)
        if origin is None:
            raise UserError.said("db_url_missing", path=loaded.path, name=name,
                                 variable=ENVIRONMENT, key=key)
        if not (scenario_db_url or origin.startswith(COMMAND_LINE)):
            raise UserError.said("db_url_from_file", origin=origin, key=key,
                                 variable=ENVIRONMENT)


def _set_on_command_line(loaded: LoadedScenario, name: str) -> bool:
    origin = _origin(loaded.layers, name)
    return origin is not None and origin.startswith(COMMAND_LINE)


def _origin(layers: Sequence[tuple[str, dict[str, Any]]], name: str) -> str | None:
    """Where the url of table `name` in force came from: the last layer that gives one."""
    found = None
    for origin, layer in layers:
        data = layer.get("data")
        table = data.get(name) if isinstance(data, dict) else None
        if isinstance(table, dict) and table.get("url") is not None:
            found = origin
    return found
