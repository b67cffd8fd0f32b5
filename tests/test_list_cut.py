"""A list cut to its first few never hides a single item behind "(and 1 more)"."""

from __future__ import annotations

from allocator.errors import examples
from allocator.report.language import Words


def test_a_list_with_one_item_over_its_limit_shows_it_instead_of_a_count() -> None:
    six = [f"C{i}" for i in range(1, 7)]
    said = examples(six, 5)
    assert str(said) == "C1, C2, C3, C4, C5, C6" and said.chinese == "C1、C2、C3、C4、C5、C6"
    assert str(examples([*six, "C7"], 5)) == "C1, C2, C3, C4, C5 (and 2 more)"
    for language in ("en", "zh"):
        words = Words(language)  # type: ignore[arg-type]
        shown = words.examples(["RM1", "RM2", "RM3", "RM4"], 3)
        assert "RM4" in shown and "1" not in shown.replace("RM1", ""), shown
        assert words.examples(["RM1", "RM2", "RM3", "RM4", "RM5"], 3).endswith(
            words("and_more", more=2))
