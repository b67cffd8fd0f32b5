"""A list of names an error or a warning shows reads, in Chinese, as Chinese lists names: by
、 (margin、propensity; 华北（3）、华东（2）), never by an ASCII comma or ，; in English by
commas as before."""

from __future__ import annotations

import ast
from pathlib import Path

from typer.testing import CliRunner

from allocator.cli.app import app
from tests.conftest import DEMO

SOURCE = Path(__file__).parents[1] / "src" / "allocator"
CATALOGUED = {"said", "catalogued", "told", "words"}
"""The calls that fill a catalogue message with its fields in the language (errors.catalogued,
report.language.Words)."""


def _comma_joined_fields() -> list[str]:
    """Each field of a catalogue message the code fills with names joined by ", " (where it
    is, and the field): in Chinese they would read by an ASCII comma."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in (node for node in ast.walk(tree) if isinstance(node, ast.Call)):
            name = getattr(call.func, "attr", getattr(call.func, "id", ""))
            if name not in CATALOGUED:
                continue
            found += [f"{path.relative_to(SOURCE)}:{call.lineno} {keyword.arg}"
                      for keyword in call.keywords for inner in ast.walk(keyword.value)
                      if isinstance(inner, ast.Call) and getattr(inner.func, "attr", "") == "join"
                      and isinstance(inner.func.value, ast.Constant)
                      and inner.func.value.value in (", ", ",", "，")]
    return found


def test_no_message_is_filled_with_names_joined_by_a_comma() -> None:
    """Every list of names an error, a warning or a line of the catalogue shows is joined as
    the language lists names (errors.in_a_row, Words.sep("items"))."""
    assert _comma_joined_fields() == []


def test_an_unknown_offer_lists_its_fields_and_the_offers_as_the_language_does() -> None:
    sets = ["--set", "offers.wealth_mandat.quota=3", "--set", "offers.wealth_mandat.cost=2"]
    for language, fields, offers in (
            ("zh", "仅凭cost、quota不构成产品", "wealth_mandate、investment_fund、structured_note"),
            ("en", "and cost, quota alone", "wealth_mandate, investment_fund, structured_note")):
        result = CliRunner().invoke(app, ["validate", str(DEMO), *sets,
                                          "--set", f"output.language={language}"])
        assert result.exit_code == 2, result.output
        said = ("" if language == "zh" else " ").join(result.output.split())
        assert fields in said and offers in said, said
        assert ("margin、propensity" if language == "zh" else "margin, propensity") in said
