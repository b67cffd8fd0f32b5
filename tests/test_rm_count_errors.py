"""A count of RMs to add is refused in one sentence: the key, that it takes a whole number of
RMs (or a mapping by region), what was given."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.errors import AllocatorError
from allocator.scenario.loading import load_scenario

DEMO = Path(__file__).parent.parent / "scenarios" / "demo.yaml"


@pytest.mark.parametrize(("given", "shown"), [("2.5", "2.5"), ("-10%", "'-10%'"),
                                              ("45k", "'45k'"), ("-1", "-1"),
                                              ("{R1: 1.5}", "1.5"), ("true", "true")])
def test_a_count_of_rms_that_is_no_whole_number_is_refused_once(given: str, shown: str
                                                                ) -> None:
    with pytest.raises(AllocatorError) as caught:
        load_scenario(DEMO, [f"rules.add_rms.premier_rm={given}"])
    said = str(caught.value)
    assert "takes a whole number of RMs to add" in said and said.endswith(f"got {shown}.")
    assert "45000" not in said and " or expected" not in said
    assert said.count("rules.add_rms.premier_rm") == 1


def test_a_whole_count_of_rms_is_taken() -> None:
    rules = load_scenario(DEMO, ["rules.add_rms.premier_rm={R1: 2, R2: 1}"]).scenario.rules
    assert rules.add_rms == {"premier_rm": {"R1": 2, "R2": 1}}
    assert load_scenario(DEMO, ["rules.add_rms.premier_rm=3"]).scenario.rules.add_rms == {
        "premier_rm": 3}
