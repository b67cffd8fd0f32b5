"""A Chinese comparison of English runs: a run labelled by the named overrides it used is
named in Chinese wherever the scenario gives their names in Chinese; a run's own label
(`--label`) is kept as it was written."""

from __future__ import annotations

from pathlib import Path

from allocator.compare_kpis import run_label
from tests.test_headcount import two_customers
from tests.test_zh_everywhere import allocate

NAMES = "labels: {overrides: {hire: {en: One more RM, zh: 增聘一名客户经理}}}\n"


def test_a_label_the_overrides_gave_is_said_in_the_language_asked() -> None:
    manifest = {"label": "One more RM", "applied": ["--use hire"], "scenario": "world",
                "resolved_scenario": {"name": "world", "output": {"language": "en"},
                                      "labels": {"overrides": {"hire": {
                                          "en": "One more RM", "zh": "增聘一名客户经理"}}}}}
    assert run_label(manifest, "x", "zh") == "增聘一名客户经理"
    assert run_label(manifest, "x", "en") == run_label(manifest, "x") == "One more RM"
    own = manifest | {"label": "Hire Anna"}  # --label: the run's own words
    assert run_label(own, "x", "zh") == "Hire Anna"


def test_a_chinese_compare_of_english_runs_names_the_overrides_in_chinese(
        tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "overrides: {hire: {rules.add_rms.rm: 1}}\n"
                    + NAMES, encoding="utf-8")
    for args in ([], ["--use", "hire"]):
        assert allocate("run", str(path), *args, "--out", str(tmp_path / "reports"),
                        "--set", "output.baselines=false").exit_code == 0
    runs = sorted(p for p in (tmp_path / "reports" / "world").iterdir() if p.is_dir())
    printed = allocate("compare", str(runs[0]), str(runs[1]), "--language", "zh",
                       "--out", str(tmp_path / "compared"))
    assert printed.exit_code == 0, printed.output
    folder = next((tmp_path / "compared" / "compare").iterdir())
    for text in (printed.output, (folder / "compare.html").read_text(encoding="utf-8"),
                 (folder / "headline.csv").read_text(encoding="utf-8")):
        flat = "".join(text.split())
        assert "增聘一名客户经理" in flat and "OnemoreRM" not in flat, text[:600]
