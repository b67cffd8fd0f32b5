"""The run folder a sweep's centre point keeps the most of: the one `--base` names, none for
`today` (today's books), and by default the latest plain run of the scenario and data
(allocator.plain_run), planned first where the sweep has none and no point of it is at the
scenario's own values.
"""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from allocator.folder_check import refuse_changed_base
from allocator.plain_run import (
    TODAY,
    latest_plain_run,
    plain_scenario,
    plans_plain_run_first,
)
from allocator.report.language import Words
from allocator.run_folder import has_plan
from allocator.scenario import LoadedScenario
from allocator.staging import Notify


def centre_base(base: Path | str | None, reports: Path, centre: LoadedScenario,
                notify: Notify | None) -> Path | None:
    """The run folder whose plan the centre point (`centre`) keeps the most of: `base`, none
    (today's books) for `today`, and by default the latest plain run of the scenario and data
    under the reports root `reports`, said through `notify`."""
    if base is not None:
        return None if str(base) == TODAY else Path(base)
    plain = latest_plain_run(reports, centre)
    if plain is not None and not has_plan(plain, speaks=False):  # today's books (no plan)
        return None
    if plain is not None:
        refuse_changed_base(plain, "default_base_changed")
    if plain is not None and notify is not None:
        notify(Words(centre.scenario.output.language)("sweep_base_plain_run", folder=plain))
    return plain


def planned_plain(reports: Path, centre: LoadedScenario, notify: Notify | None,
                  trust: tuple[bool, str | None, bool], forks_after: bool) -> Path | None:
    """The plain run of a sweep none of whose points is at the scenario's own values, planned
    first under the reports root `reports` where there is none yet (as a what-if's:
    allocator.api), for the point planned first (`centre`) to keep; None where the sweep keeps
    none (a `data` key varied) or the plain scenario has no plan. Where the sweep then forks
    its workers (`forks_after`), the plain run is planned in a process of its own: a solver's
    threads started in this process would not survive the fork."""
    plain = plain_scenario(centre) if plans_plain_run_first(centre) else None
    if plain is None or latest_plain_run(reports, centre) is not None:  # one without a plan
        return None
    if notify is not None:
        notify(Words(centre.scenario.output.language)("plain_run_first"))
    if not forks_after:
        return _plain_folder(plain, reports, trust, notify)
    spawned = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(1, mp_context=spawned) as pool:
        return pool.submit(_plain_folder, plain, reports, trust, None).result()


def _plain_folder(plain: LoadedScenario, reports: Path, trust: tuple[bool, str | None, bool],
                  notify: Notify | None) -> Path | None:
    """The folder of the plain run `plain` planned under `reports`, None without a plan."""
    from allocator import api  # the run of a whole scenario, which a sweep's points are not

    scenario_address, db_url, scenario_db_url = trust
    made = api.run(plain, output=reports, scenario_address=scenario_address, notify=notify,
                   db_url=db_url, scenario_db_url=scenario_db_url)
    return made.folder if made.feasible else None
