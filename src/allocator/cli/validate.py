"""`allocate validate`: check the scenario and the data, print the tier summary; no solve."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.markup import escape

from allocator.api import prepare
from allocator.cli.common import (
    DbUrlOption,
    ScenarioAddressOption,
    ScenarioDbUrlOption,
    SetOption,
    UseOption,
    user_errors,
)
from allocator.cli.consoles import console
from allocator.cli.rich_tables import print_frame
from allocator.cli.run import notice
from allocator.cli.wrapping import print_warnings, print_wrapped
from allocator.database_address import trusted_db_sets, unused_db_url
from allocator.method_choice import refuse_what_the_path_cannot_hold
from allocator.report.assumptions import setting_text
from allocator.report.book_tables import tier_summary
from allocator.report.naming import scenario_words
from allocator.runs import run_parent
from allocator.scenario import load_scenario
from allocator.scenario.overrides import SetOverUsed
from allocator.scheduler_address import trusted_sets
from allocator.storage import check_output_place


def validate(
    scenario: Annotated[Path, typer.Argument(help="Scenario YAML file.")],
    set_: SetOption = None,
    use: UseOption = None,
    show: Annotated[bool, typer.Option(help="Print the fully resolved scenario.")] = False,
    db_url: DbUrlOption = None,
    scenario_db_url: ScenarioDbUrlOption = False,
    scenario_address: ScenarioAddressOption = False,
) -> None:
    """Check a scenario and its data without solving; print tiers, exclusions and migration."""
    with user_errors():
        sets = trusted_sets(scenario, set_ or [], use or [], scenario_address)
        sets = trusted_db_sets(scenario, sets, use or [], db_url, scenario_db_url)
        loaded = load_scenario(scenario, sets, use or [])
        refuse_what_the_path_cannot_hold(loaded.scenario)
        if not use:  # a shared scenario's what-ifs: each must give a valid scenario too
            for name in loaded.scenario.overrides:
                _load_with(scenario, set_ or [], name, db_url, scenario_db_url,
                           scenario_address)
        output = Path(loaded.scenario.output.dir)  # refused here as a run would refuse it
        check_output_place(output, run_parent(output, loaded.scenario.name))
        unused = unused_db_url(loaded, db_url)
        if unused is not None:
            notice(unused)
        if show:
            console.print(yaml.safe_dump(loaded.resolved(), sort_keys=False), markup=False)
        words = scenario_words(loaded.scenario)
        with console.status(words("status_validating")):
            prepared = prepare(loaded)
    for setting in prepared.loaded.settings:  # each override, once it is valid: the value
        # it gave, and the one it changed (the book's own, for an offer of a generated book)
        said = setting_text(setting, words, loaded.scenario.objective.currency)
        print_wrapped(words("a_overrides") + words.sep("colon") + said, hanging="  ")
    book, valued = prepared.book, prepared.valued
    print_warnings([finding.text(words) for finding in prepared.readiness.warnings], words)
    with user_errors():
        prepared.readiness.raise_if_infeasible(words)
    print_wrapped(words("valid_line", scenario=f"[bold]{escape(loaded.scenario.name)}[/]",
                        customers=f"{len(book.customers):,}", rms=f"{len(book.rms):,}",
                        offers=len(book.offers), pairs=f"{len(valued.coverage.rm):,}",
                        offer_pairs=f"{len(valued.offer_pairs.offer):,}"),
                  hanging="", markup=True)
    for role, (path, codec) in book.encodings.items():
        print_wrapped(words("read_encoding", key=f"data.{role}", file=path, encoding=codec),
                      hanging="  ", whole=[path])  # a path whole, to paste
    print_frame(tier_summary(valued), words("tiers"), words)
    print_frame(book.exclusions, words("excluded_rows"), words)
    print_frame(prepared.tiering.migration.reset_index(), words("migration_table"), words)


def _load_with(scenario: Path, set_: list[str], name: str, db_url: str | None,
               scenario_db_url: bool, scenario_address: bool) -> None:
    """The scenario with its named override `name` applied, validated as `--use NAME` would
    (UserError naming the override and the key), without a `--set` of a key it sets (`--use
    NAME` with that `--set` is refused; without `--use`, the `--set` is the scenario's)."""
    given = list(set_)
    while True:
        try:
            sets = trusted_sets(scenario, given, [name], scenario_address)
            sets = trusted_db_sets(scenario, sets, [name], db_url, scenario_db_url)
            load_scenario(scenario, sets, [name])
            return
        except SetOverUsed as clash:
            if clash.index >= len(given):  # not a --set of the user's
                raise
            given.pop(clash.index)
