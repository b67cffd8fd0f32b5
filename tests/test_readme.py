"""The README shows the planning team's job; the internals live in docs/ and are linked."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_the_readme_starts_with_the_set_up_and_keeps_internals_in_docs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme[:readme.index("## The planning job")]
    assert "make demo" in first and "make test" in first
    for internal in ("chord", "shares with the model builder", "the `Plan` type"):
        assert internal not in readme, internal
    assert "(docs/what-ifs.md)" in readme and "(docs/outputs.md)" in readme
    what_ifs = (ROOT / "docs" / "what-ifs.md").read_text(encoding="utf-8")
    assert "**The knee** is the inner point of the frontier farthest above the chord" in what_ifs
    outputs = (ROOT / "docs" / "outputs.md").read_text(encoding="utf-8")
    assert "What it shares with the model builder" in outputs and "**Not shared**" in outputs
