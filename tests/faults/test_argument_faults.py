"""Random command-line arguments: --set and --vary text, as typed by hand."""

from __future__ import annotations

from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from allocator.errors import UserError
from allocator.sweeps import MAX_POINTS, parse_vary
from tests.builders import world
from tests.faults.cli import answer
from tests.faults.conftest import PROFILE

KEYS = st.sampled_from(["budget.total", "solver.time_limit", "tiers.top.max_offers", "name",
                        "data.customers.path", "execution.address", "tiers", "", "a..b"])
TEXT = st.one_of(st.text(max_size=20),
                 st.sampled_from([".inf", ".nan", "-1", "1e999", "&a [*a]", "{a: 1, a: 2}",
                                  "[", "1:2:3", "~", "!!python/object:os.system", "\x00"]))
VARY = st.one_of(
    st.tuples(st.floats(allow_nan=True), st.floats(allow_nan=True), st.floats(allow_nan=True))
    .map(lambda t: ":".join(map(repr, t))),
    st.lists(TEXT, max_size=4).map(",".join), TEXT)


@given(st.lists(st.tuples(KEYS, TEXT), min_size=1, max_size=3))
@example([("budget.total", "\x00")])  # a NUL in the value once broke the error's own layout
@PROFILE
def test_any_set_text(tmp_path_factory: Any, sets: list[tuple[str, str]]) -> None:
    path = world(tmp_path_factory.mktemp("set"), [{"customer_id": "A"}])
    answer("validate", path, *(f"--set={key}={text}" for key, text in sets))


@given(KEYS, VARY)
@PROFILE
def test_any_vary_text(key: str, text: str) -> None:
    try:
        _, values = parse_vary(f"{key}={text}")
    except UserError:
        return
    assert 0 < len(values) <= MAX_POINTS


ESCAPE = "\x1b[2J\x07"
"""Clears the screen and rings the bell when echoed raw."""


def test_every_echoed_argument_shows_its_control_characters_as_escapes(
        tmp_path_factory: Any) -> None:
    """An id or path typed with an escape is echoed as \\x1b, never sent to the terminal."""
    folder = tmp_path_factory.mktemp("echo")
    path = world(folder, [{"customer_id": "A"}],
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})
    assert answer("run", path)[0] == 0
    run = next((folder / "reports").glob("*/*/manifest.json")).parent
    wrong = f"{folder}/x{ESCAPE}"
    for args in (["explain", run, f"C00{ESCAPE}"], ["explain", wrong, "A"],
                 ["compare", wrong, run], ["compare", run, wrong], ["verify", wrong],
                 ["report", wrong], ["runs", "--reports", wrong]):
        code, said = answer(*args)
        assert code in (2, 4), said
        assert "\x1b" not in said and "\x07" not in said, said
        assert "\\x1b[2J\\x07" in said, said
