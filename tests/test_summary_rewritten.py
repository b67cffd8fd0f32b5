"""verify writes summary.md again from the run folder alone (its manifest and its tables) and
compares it line by line: any line edited, the manifest's hashes made to match the edit the
way an insider would, is named with the line it should read, in the run's language."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from allocator import api
from allocator.report.language import Words
from allocator.runs import MANIFEST
from tests.builders import offer, reseal, world

ROOT = Path(__file__).resolve().parents[1]


def _tiers(**top: object) -> dict[str, dict[str, object]]:
    shared = {"rm_grades": {"rm": 1.0}, "max_offers": 5, "hours_per_customer": 10}
    return {"top": {**shared, "coverage": "mandatory", **top},
            "base": {**shared, "coverage": "optional"}}


@pytest.fixture(scope="module", params=["en", "zh"])
def run(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> tuple[Path, Words]:
    """A tiny book whose budget and RM hours are used up: its summary.md watches both, prices
    them in what drives the plan, and shows the uplift over three rule-of-thumb plans."""
    language = request.param
    path = world(tmp_path_factory.mktemp(language),
                 [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"},
                  {"customer_id": "C"}],
                 rms=[{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10},
                      {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 10}],
                 fit=[("A", "R1", 5.0), ("B", "R2", 3.0)], offers={"o": offer(100, cost=1)},
                 budget={"total": 2}, tiers=_tiers(), output={"language": language})
    return api.run(path).folder, Words(language)


def _findings(folder: Path, number: int, edited: str) -> list[str]:
    """verify's findings on summary.md with its line `number` (from 1) made `edited`, the
    hashes resealed (summary.md put back after)."""
    path = folder / "summary.md"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[number - 1:number] = [edited]  # past the end: a line added
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    reseal(folder)
    try:
        return [v.detail for v in api.verify_run(folder).violations if v.label == "summary.md"]
    finally:
        path.write_text(text, encoding="utf-8")
        reseal(folder)


def _bullets(lines: list[str], head: str) -> list[int]:
    """The numbers (from 1) of the bullet lines of the section that `head` opens."""
    start = lines.index(head)
    found = []
    for number, line in enumerate(lines[start + 1:], start=start + 2):
        if line.startswith("#"):
            break
        if line.startswith("- "):
            found.append(number)
    return found


def _first_row(lines: list[str], head: str) -> list[int]:
    """The number of the first row of the table the section `head` opens."""
    return [lines.index(head) + 5]


KINDS: dict[str, Callable[[list[str], Words], list[int]]] = {
    "value": lambda lines, w: _bullets(lines, f"### {w('decision_worth')}")[:1],
    "uplift": lambda lines, w: _bullets(lines, f"### {w('decision_against')}")[-1:],
    "watch lines": lambda lines, w: _bullets(lines, f"### {w('decision_watch')}"),
    "a drivers line": lambda lines, w: _bullets(lines, f"## {w('drivers')}")[-1:],
    "tiers cell": lambda lines, w: _first_row(lines, f"## {w('tiers')}"),
    "offers cell": lambda lines, w: _first_row(lines, f"## {w('offers')}"),
}
"""Each kind of line a reader relies on: the value, the uplift over today's books, the lines
of what to watch (the budget used up, the RM hours used up, the mandatory tiers' coverage),
a line of what drives the plan (the RM hours' price and steps), a cell of the tiers' and of
the offers' tables."""


def _edited(line: str) -> str:
    """The line with its first digit changed, or a word added where it has none."""
    digit = re.search(r"\d", line)
    if digit is None:
        return line + " x"
    start = digit.start()
    return line[:start] + str((int(line[start]) + 1) % 10) + line[start + 1:]


def _names(detail: str, number: int, words: Words) -> bool:
    said = f"第 {number} 行“" if words.language == "zh" else f"line {number} '"
    return said in detail


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_line_edited_and_resealed_fails_verify_naming_it(
        run: tuple[Path, Words], kind: str) -> None:
    folder, words = run
    lines = (folder / "summary.md").read_text(encoding="utf-8").splitlines()
    numbers = KINDS[kind](lines, words)
    assert numbers, kind
    if kind == "watch lines":  # the budget's, the RM hours' and the mandatory tiers' coverage
        assert len(numbers) == 3 and "%" in lines[numbers[0] - 1] + lines[numbers[1] - 1]
    for number in numbers:
        edited = _edited(lines[number - 1])
        broken = _findings(folder, number, edited)
        assert len(broken) == 1 and _names(broken[0], number, words), (kind, edited, broken)
        assert lines[number - 1].strip()[:40] in broken[0]  # the line as it should read


def test_an_untouched_tiny_run_verifies_and_a_prose_line_is_named(
        run: tuple[Path, Words]) -> None:
    """Lines with no figure of the manifest's (the drivers' note) are held line by line too,
    and so is the end of the file."""
    folder, words = run
    assert api.verify_run(folder).ok
    if words.language == "zh":
        return  # the Chinese lines of every kind are edited above
    lines = (folder / "summary.md").read_text(encoding="utf-8").splitlines()
    note = lines.index(f"## {words('drivers')}") + 3
    broken = _findings(folder, note, lines[note - 1].replace("20%", "50%", 1))
    assert len(broken) == 1 and _names(broken[0], note, words), broken
    broken = _findings(folder, len(lines) + 1, "- approved by the board")
    assert len(broken) == 1 and _names(broken[0], len(lines) + 1, words), broken


def test_a_damaged_summary_record_is_said_not_raised(run: tuple[Path, Words]) -> None:
    folder, words = run
    path = folder / MANIFEST
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    data["summary"]["sensitivity"]["steps"] = [{"label": "total"}]
    path.write_text(json.dumps(data), encoding="utf-8")
    try:
        [broken] = [v.detail for v in api.verify_run(folder).violations
                    if v.label == "summary.md"]
    finally:
        path.write_text(text, encoding="utf-8")
    said = ("manifest.json 中的“summary”已损坏" if words.language == "zh"
            else "manifest.json's 'summary' is damaged")
    assert said in broken, broken


def test_the_untouched_chinese_demo_verifies(tmp_path: Path) -> None:
    """The demo's summary.md (packages, steps measured, regions of RMs) is written again from
    its folder word for word (the tiny runs above verify untouched in either language)."""
    folder = api.run(ROOT / "scenarios" / "demo_zh.yaml",
                     sets=["data.generate.customers=300", "tiers.premier.budget_floor_share=0",
                           "output.baselines=false", f"output.dir={tmp_path}"]).folder
    report = api.verify_run(folder)
    assert report.ok, [v.describe() for v in report.hard_violations]
