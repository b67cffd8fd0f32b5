"""What a PostgreSQL connection string may hold, and how a message shows one.

A connection string names a server; its credentials come only from the ALLOCATOR_DB_
environment variable a scenario names in `password_env`. libpq decodes the percent-encoding
of a URL's parameter names and ignores their case, so `pass%77ord` and `PASSWORD` are the
password; a message shows any URL with its password and every parameter's value as ***."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlsplit

SECRET_PREFIX = "ALLOCATOR_DB_"
"""The start of the name of every environment variable a scenario may read a database key or
password from (`password_env`): a shared scenario cannot send any other secret of the
environment (a cloud key, a token) to a server it names."""
ADDRESS_VARIABLE = "ALLOCATOR_DB_URL"
"""The variable of the ALLOCATOR_DB_ ones that holds a PostgreSQL server's address (as
--db-url), never a password: `password_env` may not name it."""
SECRET_OPTIONS = frozenset({"password", "sslpassword"})
"""Connection-string parameters that hold a secret."""
FILE_OPTIONS = frozenset({"passfile", "sslcert", "sslkey", "sslrootcert", "sslcrl",
                          "sslcrldir", "sslkeylogfile"})
"""Connection-string parameters that make libpq read or write a file of this machine."""
HIDDEN = "***"

_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s'\"]*")
_SPACED_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^:/?#@\s'\"]*:)[^@\n]*\s[^@\n]*@")
"""A URL whose password holds a space or a tab, which ends a URL everywhere else: up to the
'@' after it, hidden first."""
_KEYWORD_SECRET = re.compile(
    r"((?:^|[?&;\s])(?:" + "|".join(sorted(SECRET_OPTIONS | FILE_OPTIONS)) + r")\s*=)[^&;\s]*",
    re.IGNORECASE)


def option_names(url: str) -> set[str]:
    """The names of a URL's query parameters as libpq reads them: percent-decoded and
    case-folded (an empty set when the URL does not parse)."""
    try:
        query = urlsplit(url).query
    except ValueError:
        return set()
    return {name.strip().casefold() for name, _ in parse_qsl(query, keep_blank_values=True)}


def holds_secret(url: str) -> bool:
    """Whether the URL carries a password: in its user part (one libpq would misread too: a
    password holding an unencoded '/' or '@', "user:pa/ss@host") or as a parameter."""
    try:
        password = urlsplit(url).password
    except ValueError:
        password = None
    return (password is not None or _user_colon_at(url)
            or bool(option_names(url) & SECRET_OPTIONS))


def _user_colon_at(url: str) -> bool:
    """A user part "user:...@" before the query, whatever the '/' in between: read as a
    password when in doubt, as masked_url hides it."""
    user, colon, after = url.partition("://")[2].partition(":")
    return bool(colon) and "@" in after.partition("?")[0] and not set(user) & set("@/?#")


def file_options(url: str) -> list[str]:
    """The parameters of the URL that make libpq read or write a file, sorted."""
    return sorted(option_names(url) & FILE_OPTIONS)


def masked(text: str) -> str:
    """The text with every URL in it shown without its password and with each parameter's
    value as *** (`postgresql://u:***@host/db?sslmode=***`), and any secret of a
    keyword=value connection string (password=..., sslkey=...) as ***."""
    text = _SPACED_PASSWORD.sub(rf"\1{HIDDEN}@", text)
    return _KEYWORD_SECRET.sub(rf"\1{HIDDEN}", _URL.sub(lambda m: masked_url(m.group()), text))


def masked_url(url: str) -> str:
    """One URL with its password and every parameter's value (and any fragment) as ***.
    When in doubt, more is hidden: the password runs from the first ':' after the user to
    the last '@'."""
    scheme, _, rest = url.partition("://")
    user, colon, after = rest.partition(":")
    if colon and "@" in after and not set(user) & set("@/?#"):
        rest = f"{user}:{HIDDEN}@{after.rpartition('@')[2]}"
    address, mark, query = _split_query(rest)
    if not mark:
        return f"{scheme}://{address}"
    if mark == "#":
        return f"{scheme}://{address}#{HIDDEN}"
    pieces = [piece.partition("=")[0] + f"={HIDDEN}" for piece in re.split(r"[&;]", query)
              if piece]
    return f"{scheme}://{address}?{'&'.join(pieces)}"


def _split_query(rest: str) -> tuple[str, str, str]:
    """The URL's address, '?' or '#' (whichever comes first) and what follows it."""
    marks = [i for i in (rest.find("?"), rest.find("#")) if i >= 0]
    if not marks:
        return rest, "", ""
    at = min(marks)
    return rest[:at], rest[at], rest[at + 1:]
