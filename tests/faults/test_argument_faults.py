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
