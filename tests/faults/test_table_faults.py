"""Random customer, RM and offer tables: odd types, encodings, NaN, infinities, huge numbers,
empty and header-only files, repeated ids and columns."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.builders import world
from tests.faults.cli import answer
from tests.faults.conftest import PROFILE

CUSTOMER_COLUMNS = ("customer_id", "region", "aum", "revenue_12m", "risk_tolerance", "pd",
                    "tier_key", "incumbent_rm", "do_not_contact", "p_mail")
RM_COLUMNS = ("rm_id", "grade", "region", "capacity_hours", "max_book")
OFFER_COLUMNS = ("offer_id", "channel", "cost", "margin", "propensity", "quota",
                 "eligible_tiers", "propensity_column")
CELLS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["", "0", "1", "0.5", "3", "nan", "NaN", "inf", "-inf", "1e308", "1,000",
                     "$5", "yes", "no", "A", "B", "R", "rm", "R1", "top|base", "email", "rm",
                     "p_mail", "银行", "José", " ", "\"", "a\nb"]),
    st.text(max_size=6),
)
ENCODINGS = st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030", "latin-1", "utf-16"])


@st.composite
def tables(draw: Any, columns: tuple[str, ...], ids: list[str]) -> list[list[str]]:
    """A header (columns dropped or repeated) and rows of plausible or odd cells."""
    header = draw(st.lists(st.sampled_from(columns), min_size=0, max_size=len(columns) + 1)
                  if draw(st.booleans()) else st.just(list(columns)))
    rows = draw(st.lists(st.lists(st.one_of(st.sampled_from(ids), CELLS),
                                  min_size=len(header), max_size=len(header)), max_size=4))
    return [header, *rows]


def encoded(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding, errors="replace")


def base(folder: Path) -> Path:
    return world(folder, [{"customer_id": "A", "tier_key": 2.0, "p_mail": 0.5},
                          {"customer_id": "B", "tier_key": 0.0, "p_mail": 0.1}],
                 offers={"mail": {"channel": "email", "margin": 10.0, "propensity": 0.5}},
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})


@given(st.sampled_from(["customers.csv", "rms.csv"]), ENCODINGS, st.data())
@PROFILE
def test_odd_customer_and_rm_tables(tmp_path_factory: Any, name: str, encoding: str,
                                    data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("table")
    path = base(folder)
    columns = CUSTOMER_COLUMNS if name == "customers.csv" else RM_COLUMNS
    ids = ["A", "B", "C", "A"] if name == "customers.csv" else ["R1", "R2", "R1"]
    (folder / name).write_bytes(encoded(data.draw(tables(columns, ids)), encoding))
    answer("validate", path)


@given(ENCODINGS, st.data())
@PROFILE
def test_odd_offer_tables(tmp_path_factory: Any, encoding: str, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("offers")
    path = base(folder)
    (folder / "offers.csv").write_bytes(
        encoded(data.draw(tables(OFFER_COLUMNS, ["mail", "call", "mail"])), encoding))
    text = path.read_text().replace("offers:", "offers_unused:", 1)
    path.write_text(text.replace("data:\n", "data:\n  offers: {path: offers.csv}\n", 1))
    answer("validate", path)


@given(st.sampled_from(["customers.csv", "rms.csv"]),
       st.sampled_from(["aum", "revenue_12m", "pd", "capacity_hours", "max_book"]),
       st.sampled_from([math.nan, math.inf, -math.inf, 1e308, -1e308, 1e16, 10**25]))
@PROFILE
def test_a_run_with_an_odd_number_in_a_table(tmp_path_factory: Any, name: str, column: str,
                                             value: float) -> None:
    folder = tmp_path_factory.mktemp("number")
    path = base(folder)
    table = folder / name
    rows = list(csv.reader(table.read_text().splitlines()))
    if column in rows[0]:
        rows[1][rows[0].index(column)] = repr(value)
    else:
        rows = [[*rows[0], column], *([*row, repr(value)] for row in rows[1:])]
    table.write_bytes(encoded(rows, "utf-8"))
    code, output = answer("run", path)
    read = column in (CUSTOMER_COLUMNS if name == "customers.csv" else RM_COLUMNS)
    if read:  # 'nan' written in a cell is no blank: refused like any other odd number
        assert code == 2, output


@given(st.sampled_from(["customers.csv", "rms.csv", "scenario.yaml"]),
       st.sampled_from(["missing", "folder", "empty", "binary"]))
@PROFILE
def test_files_that_are_missing_or_not_files(tmp_path_factory: Any, name: str, fault: str
                                             ) -> None:
    folder = tmp_path_factory.mktemp("files")
    path = base(folder)
    target = folder / name
    target.unlink()
    if fault == "folder":
        target.mkdir()
    elif fault == "empty":
        target.write_bytes(b"")
    elif fault == "binary":
        target.write_bytes(bytes(range(256)))
    code, _ = answer("validate", path)
    assert code != 0


def test_a_data_file_or_scenario_that_links_to_itself_is_named(tmp_path: Path) -> None:
    """A symbolic link loop (customers.csv -> customers.csv) as a data file, as an absolute
    --set path, or as the scenario: exit code 2 naming the file, for every command."""
    scenario = world(tmp_path / "book", [{"customer_id": "A"}])
    customers = scenario.parent / "customers.csv"
    customers.unlink()
    customers.symlink_to(customers.name)
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop.name)
    out = tmp_path / "out"
    for args in (["run", scenario, "--out", out], ["validate", scenario],
                 ["sweep", scenario, "--vary", "budget.total=1,2", "--out", out],
                 ["run", scenario, "--set", f"data.customers.path={customers}"],
                 ["run", loop]):
        code, said = answer(*args)
        named = loop if args[1] == loop else customers
        assert code == 2 and f"{named}: a symbolic link that leads back to itself" in said, said
