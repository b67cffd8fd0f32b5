"""Input a bank's operations team tried on a fresh install: each is refused with exit code 2
and one line naming the key, option, column or rule (or, where it is harmless, read the same
way in every table), never a crash, a silent fallback or an empty plan called optimal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from allocator.report.markdown_text import markdown_cell, markdown_prose
from tests.builders import assigned, offer, solve, world
from tests.faults.cli import answer
from tests.faults.test_interrupts import sigterm_while_starting

ROOT = Path(__file__).parents[2]


def _plain(said: str) -> str:
    return " ".join(said.split())


@pytest.mark.parametrize(("option", "text"), [("--label", "a\x1b[31mRED"), ("--note", "x\x07y")])
def test_control_characters_in_a_label_or_note_are_refused(scenario: Path, option: str,
                                                           text: str) -> None:
    code, said = answer("run", scenario, option, text)
    assert code == 2, said
    assert _plain(said) == (f"error: {option}: the text holds control characters (an escape, "
                            "a bell, a line break); write it with printable characters.")
    assert not (scenario.parent / "reports").exists()


def test_validate_refuses_a_label_with_control_characters_in_the_file(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    raw["output"]["label"] = "a\x1bb"
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("validate", scenario)
    assert code == 2 and f"{scenario}: output.label: the text holds control characters" in (
        _plain(said)), said


@pytest.mark.parametrize(("value", "why"), [
    ("5", "expected a value below 1, got 5"), ("nan", "expected a finite number"),
    ("-1", "expected a value of at least 0, got -1")])
def test_a_wrong_hysteresis_names_its_key_and_the_set_that_gave_it(
        scenario: Path, value: str, why: str) -> None:
    code, said = answer("validate", scenario, "--set", f"tiering.hysteresis={value}")
    assert code == 2
    assert f"--set tiering.hysteresis={value}: tiering.hysteresis: {why}" in _plain(said), said
    assert "tiering.thresholds" not in said


def test_a_wrong_hysteresis_in_the_file_names_the_file(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    raw["tiering"]["hysteresis"] = 2
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("validate", scenario)
    assert code == 2
    assert f"{scenario}: tiering.hysteresis: expected a value below 1, got 2" in _plain(said)


def test_markdown_cells_escape_the_bar_and_markup() -> None:
    assert markdown_cell("a | b <script>alert(1)</script> & c") == (
        r"a \| b &lt;script&gt;alert(1)&lt;/script&gt; &amp; c")
    assert markdown_cell("[click](http://evil.example)|x") == (
        r"[click\](http://evil.example)\|x")
    assert markdown_cell(r"![i](x) *b* _u_ `c` a\|b [d]: http://evil.example") == (
        r"![i\](x) \*b\* \_u\_ \`c\` a\\\|b [d]: http://evil.example")  # no definition mid-line
    assert markdown_prose("[d]: http://evil.example") == r"[d\]: http://evil.example"


@pytest.mark.parametrize(("text", "raw"), [
    ("demo (demo.yaml)", "demo (demo.yaml)"),
    ("tier budget floor [premier]", "tier budget floor [premier]"),
    ("RM hours premier_rm / R2", "RM hours premier_rm / R2"),
    ("a [b] (c)", "a [b] (c)"),
    ("which breaks tier budget floor [premier]: not a like-for-like",
     "which breaks tier budget floor [premier]: not a like-for-like")])
def test_summary_md_escapes_only_what_markdown_would_misread(text: str, raw: str) -> None:
    # parentheses open nothing; a '[' opens a link only with a '](' after it
    assert markdown_cell(text) == raw and markdown_prose(text) == raw


def test_summary_md_escapes_a_label_and_note_and_verify_agrees(scenario: Path) -> None:
    code, said = answer("run", scenario, "--label", "L|1", "--note",
                        "a | b <script>alert(1)</script> [click](http://evil.example)")
    assert code == 0, said
    [folder] = (scenario.parent / "reports" / "world").iterdir()
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    assert "<script>" not in summary and "L|1" not in summary
    assert r"| L\|1 |" in summary
    assert re.search(r"(?<!\\)\]\(http", summary) is None  # no link: its ']' is escaped
    assert (r"| a \| b &lt;script&gt;alert(1)&lt;/script&gt; [click\](http://evil.example) |"
            in summary)
    checked, said = answer("verify", folder)
    assert checked == 0, said


def test_a_book_whose_every_row_is_excluded_is_refused(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "closed": 1}, {"customer_id": "B",
                                                                "closed": 1}])
    for command in ("validate", "run"):
        code, said = answer(command, path)
        assert code == 2, said
        assert ("no customer is left to plan: all 2 rows are left out by the rule 'closed "
                "account' (column closed = 1)") in _plain(said)
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize(("option", "value", "limits"), [
    ("--customers-per-rm", "inf", "1 to 100,000,000"),
    ("--customers-per-rm", "nan", "1 to 100,000,000"),
    ("--customers-per-rm", "0.5", "1 to 100,000,000"),
    ("--seed", "-1", "0 to 2,147,483,647")])
def test_generator_options_out_of_range_are_refused(tmp_path: Path, option: str, value: str,
                                                     limits: str) -> None:
    code, said = answer("generate", tmp_path / "book", "--customers", "10", option, value)
    assert code == 2
    assert f"{option}: expected a number from {limits}, got {value}" in _plain(said)
    assert not (tmp_path / "book").exists()


def test_ids_are_stripped_alike_in_the_customer_and_fit_tables(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": " =x", "tier_key": 2.0}], fit=[(" =x ", " R1", 5.0)])
    code, said = answer("validate", path)
    assert code == 0, said
    outcome = solve(path)
    assert assigned(outcome) == {"=x": "R1"}
    assert outcome.result.objective == pytest.approx(5.0)  # the fit score counted


def test_blank_or_nan_propensity_cells_are_refused(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "p_mail": 0.5},
                            {"customer_id": "B", "p_mail": None},
                            {"customer_id": "C", "p_mail": None}],
                 offers={"mail": offer(10.0, 1.0, propensity_column="p_mail")})
    code, said = answer("validate", path)
    assert code == 2
    assert "column 'p_mail': 2 rows have no value (ids: B, C)" in _plain(said), said
    table = tmp_path / "customers.csv"
    lines = table.read_text().splitlines()
    cells = lines[3].split(",")
    cells[lines[0].split(",").index("p_mail")] = "nan"
    table.write_text("\n".join([*lines[:3], ",".join(cells)]) + "\n")
    code, said = answer("validate", path)
    assert code == 2
    assert "column 'p_mail', line 4: 'nan' written where a number" in _plain(said), said


def test_a_duckdb_file_given_as_path_with_a_query_says_to_use_database(scenario: Path
                                                                        ) -> None:
    raw = yaml.safe_load(scenario.read_text())
    raw["data"]["customers"] = {"path": "bank.duckdb", "query": "SELECT * FROM customers"}
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("validate", scenario)
    assert code == 2 and "PostgreSQL query" not in said
    assert "for a DuckDB database file write database: bank.duckdb (not path:)" in (
        _plain(said)), said


def test_validate_warns_of_an_unused_db_url(scenario: Path) -> None:
    code, said = answer("validate", scenario, "--db-url", "postgresql://u@h/db")
    assert code == 0
    assert "reads no table from a PostgreSQL server" in _plain(said), said


def test_a_sigterm_while_runs_starts_speaks_of_no_scenario() -> None:
    done = sigterm_while_starting(["allocate", "runs"])
    assert done.returncode == 143
    assert "Stopped by SIGTERM while starting: nothing was read or written." in done.stderr
    assert "scenario" not in done.stderr


@pytest.mark.parametrize("encoding", ["rot13", "bz2", "hex", "uu", "base64", "quopri", "utf-7",
                                      "idna", "unicode_escape"])
def test_an_encoding_outside_the_documented_list_is_refused_with_the_list(
        scenario: Path, encoding: str) -> None:
    """Codecs that are not text encodings (rot13, bz2, hex...) or that read text no bank
    writes (utf-7, idna) never reach the reader."""
    raw = yaml.safe_load(scenario.read_text())
    raw["data"]["rms"]["encoding"] = encoding
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    code, said = answer("validate", scenario)
    assert code == 2, said
    assert (f"data.rms.encoding: unknown encoding '{encoding}'; use auto, utf-8, utf-8-sig, utf-16, "
            "gbk, gb18030, latin-1") in _plain(said), said


@pytest.mark.parametrize("encoding", ["UTF8", "latin1", "ISO-8859-1", "cp936", "utf_8_sig"])
def test_the_usual_spellings_of_a_documented_encoding_are_read(scenario: Path,
                                                               encoding: str) -> None:
    code, said = answer("validate", scenario, "--set", f"data.customers.encoding={encoding}")
    assert code == 0, said


def test_a_date_where_a_number_belongs_is_called_a_date(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False).replace(
        "time_limit: 30", "time_limit: 2026-01-01"))
    code, said = answer("validate", scenario)
    assert code == 2 and "solver.time_limit: expected a number, got a date (2026-01-01)" in (
        _plain(said)), said
    assert "datetime" not in said
