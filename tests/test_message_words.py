"""Messages about bad input show what was given as the user gave it: control characters
escaped, a server address as the option that gave it (its password masked), the characters a
name may hold, an empty sheet of a workbook by its name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from typer.testing import CliRunner

from allocator.cli.app import app
from tests.conftest import DATA, tiny_scenario, unwrapped

Writer = Callable[[str, dict[str, Any]], Path]


def said(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """The exit code and the words on screen of `allocate ARGS`."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env)
    return result.exit_code, " ".join(unwrapped(result.output).split())


def test_a_control_character_in_a_key_is_shown_escaped(write_yaml: Writer) -> None:
    path = write_yaml("s.yaml", tiny_scenario())
    code, words = said("validate", path, "--set", "na\x07me=ab")
    assert code == 2
    assert "unknown key 'na\\x07me'. Did you mean 'name'?" in words and "\x07" not in words
    from allocator.errors import visible

    assert visible("a\x1b[1mb\u200b") == "a\\x1b[1mb\\u200b" and visible("计划 é") == "计划 é"


def test_a_name_that_cannot_name_a_folder_says_what_it_may_hold(write_yaml: Writer) -> None:
    path = write_yaml("s.yaml", tiny_scenario())
    for name, refused in (("计划 ☃ é", "' ', '☃'"), ("../../escape", "'/'")):
        code, words = said("validate", path, "--set", f"name={name}")
        assert code == 2
        assert ("use only letters (of any script), digits, '_', '-' and '.' (got "
                f"'{name}'; not accepted: {refused})") in words


def test_an_empty_or_long_name_says_so_with_its_real_length_in_both_languages(
        write_yaml: Writer) -> None:
    raw = tiny_scenario()
    for language, empty, long in (
            ("en", "name: the name is empty (got ''): give one of letters",
             f"name: expected at most 80 characters, got 300: '{'a' * 40}'…"),
            ("zh", "name：名称为空（给出的是 ''）：请给出由",
             f"name：至多应有 80 个字符，给出的有 300 个：'{'a' * 40}'…")):
        raw["output"] = {**raw.get("output", {}), "language": language}
        for name, words_wanted in (("", empty), ("a" * 300, long)):
            path = write_yaml("s.yaml", {**raw, "name": name})
            code, words = said("validate", path)
            assert code == 2 and words_wanted in words, words
            assert "not accepted: )" not in words and "(302)" not in words


def test_a_password_in_db_url_is_named_as_given_and_masked(write_yaml: Writer) -> None:
    raw = tiny_scenario()
    raw["data"]["customers"] = {"query": "SELECT * FROM customers"}
    path = write_yaml("s.yaml", raw)
    url = "postgresql://planner:s3cret@db.bank:5432/book"
    code, words = said("validate", path, "--db-url", url)
    assert code == 2 and "s3cret" not in words and "--set" not in words
    assert "--db-url postgresql://planner:***@db.bank:5432/book (data.customers.url)" in words
    code, words = said("validate", path, env={"ALLOCATOR_DB_URL": url})
    assert code == 2 and "s3cret" not in words
    assert "ALLOCATOR_DB_URL postgresql://planner:***@db.bank:5432/book" in words


def test_an_empty_first_sheet_is_named_with_the_others(write_yaml: Writer, tmp_path: Path
                                                       ) -> None:
    book = Workbook()
    book.active.title = "Cover"
    sheet = book.create_sheet("Customers")
    frame = pd.read_csv(DATA / "tiny" / "customers.csv", dtype=str, keep_default_na=False)
    for row in [list(frame.columns), *frame.to_numpy().tolist()]:
        sheet.append(row)
    book.save(tmp_path / "customers.xlsx")
    raw = tiny_scenario()
    raw["data"]["customers"] = {"path": str(tmp_path / "customers.xlsx")}
    code, words = said("validate", write_yaml("s.yaml", raw))
    assert code == 2
    assert ("customers.xlsx: sheet 'Cover' is empty (no header row, no data); the workbook's "
            "other sheets: 'Customers'. Name the sheet that holds the table with "
            "data.customers.sheet beside the path") in words
    raw["data"]["customers"]["sheet"] = "Customers"
    code, words = said("validate", write_yaml("s.yaml", raw))
    assert code == 0, words


def test_a_long_value_is_cut_in_messages() -> None:
    from allocator.errors import cut

    assert cut("x" * 60) == "x" * 60
    assert cut("x" * 100_000) == "x" * 60 + "…(100,000)"
