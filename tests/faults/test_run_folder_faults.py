"""A damaged run folder is named as such by every command that reads it (exit 2), never a
crash."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from allocator.manifest_digest import sealed
from tests.builders import offer, world
from tests.faults.cli import answer


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("runs")
    scenario = world(folder / "book", [{"customer_id": "A", "tier_key": 2.0},
                                       {"customer_id": "B"}],
                     offers={"mail": offer(10.0, 1.0)},
                     output={"dir": str(folder / "book" / "reports"), "baselines": False,
                             "steps": False})
    for label in ("one", "two"):
        code, said = answer("run", scenario, "--label", label)
        assert code == 0, said
    first, second = sorted((folder / "book" / "reports" / "world").iterdir())
    return first, second


@pytest.mark.parametrize(("file", "size"), [
    ("customer_plan.parquet", 1000), ("rm_books.csv", 10), ("tier_summary.csv", 10),
    ("offer_summary.csv", 10), ("constraints.csv", 10)])
def test_compare_names_a_damaged_run_folder(runs: tuple[Path, Path], tmp_path: Path,
                                            file: str, size: int) -> None:
    first, second = runs
    damaged = tmp_path / second.name
    damaged.mkdir()
    for item in second.iterdir():
        if item.is_file():
            (damaged / item.name).write_bytes(item.read_bytes())
        else:
            (damaged / item.name).symlink_to(item)
    (damaged / file).write_bytes((second / file).read_bytes()[:size])
    code, said = answer("compare", first, damaged, "--out", tmp_path / "out")
    assert code == 2, said
    assert "changed since the run wrote it" in " ".join(said.split()), said  # before reading
    assert file in said, said


def test_a_manifest_whose_scenario_is_edited_is_named_in_one_line(
        runs: tuple[Path, Path], tmp_path: Path) -> None:
    edited = tmp_path / runs[0].name
    shutil.copytree(runs[0], edited)
    manifest = json.loads((edited / "manifest.json").read_text())
    manifest["resolved_scenario"]["name"] = "../../x"
    (edited / "manifest.json").write_text(json.dumps(manifest))
    code, said = answer("verify", edited)  # the manifest's own digest names the edit
    assert code == 1 and "its fields resolved_scenario differ" in " ".join(said.split()), said
    manifest["scenario"] = "../../x"  # and the field repeating it, the digest computed again
    (edited / "manifest.json").write_text(json.dumps(sealed(manifest)))
    code, said = answer("verify", edited)  # the saved scenario refused
    assert code == 2, said
    plain = " ".join(said.split())
    assert f"{edited / 'manifest.json'}: resolved_scenario.name: use only letters" in plain
    assert "pydantic" not in said and "validation error" not in said, said
