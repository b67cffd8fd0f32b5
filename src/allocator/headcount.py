"""Headcount in business units: RMs added to a grade (`rules.add_rms`), and what every RM costs
(`rm_grades.<grade>.cost_per_year`, or the RM table's cost_per_year column).

An added RM is a new row of the RM table, made from the scenario alone (so the checker, which
reads the same scenario, sees the same RMs): id `<grade>+1`, `<grade>+2`, ... in the grade's
order; hours from `rm_grades.<grade>.hours`, else the mean of the grade's RMs; book size the
grade's mean (rounded down); no minimum load; no customers today. A count for a grade is spread
round-robin over the grade's regions, the regions with most RMs of the grade first (ties by
name); `{grade: {region: count}}` places them. `rules.rm_capacity_scale` then scales them like
every RM of the grade, and names only grades the RMs have (refuse_unknown_scaled). A grade of
`rm_grades` that no RM of the table has is a new grade only whole: its RMs' hours and RMs added
(refuse_partial_grades); else most likely a misspelt one.

The cost is a constant of the plan: every RM of the table is employed whether or not the plan
gives it customers, so the cost does not change which plan is best; it changes the value net
of RM cost, which is what a sweep over added RMs compares ("is a hire worth it?"). A cost per
RM used would make idle RMs free, which they are not while employed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.errors import UserError, did_you_mean, in_a_row
from allocator.report.id_words import STANDARD_IDS_ZH
from allocator.scenario.label_keys import key_names
from allocator.scenario.labels_schema import DisplayName
from allocator.scenario.schema import LabelsSection, RmGradeSpec, Scenario

READS = ("rules.add_rms", "rm_grades.*.hours")
"""What `add_rms` reads of a scenario (the book stage reads it)."""
COST_READS = ("rm_grades.*.cost_per_year", "objective.horizon_years", "objective.discount_rate")
"""What `rm_cost` reads of a scenario: only the reported figures, never the solve."""

Added = Mapping[str, int | Mapping[str, int]]
Names = Mapping[str, tuple[str | None, str | None]]
"""The regions' and grades' names in English and Chinese, by id (in Chinese, the engine's
standard grades have default names)."""


def id_names(labels: LabelsSection) -> dict[str, tuple[str | None, str | None]]:
    """The regions' and grades' names in English and Chinese by id: the scenario's labels, in
    Chinese the engine's standard names where the scenario gives none."""
    names: dict[str, tuple[str | None, str | None]] = {
        key: (None, name) for key, name in STANDARD_IDS_ZH.items()}
    for section in (labels.regions, labels.grades):
        for key, name in section.items():
            names[key] = (name.en, name.zh or names.get(key, (None, None))[1])
    return names


@dataclass(frozen=True)
class Labelled:
    """The scenario's labels and language, as an error of added RMs or of a grade names the
    grades and regions."""

    labels: LabelsSection
    language: str

    def grade_words(self, grade: str, known: list[str]) -> dict[str, str]:
        """An unknown grade's error fields: the book's grades by their names in English and
        Chinese (`known`, "-" for none), and the closest to `grade` (hint)."""
        names = id_names(self.labels)
        return {"known": _labelled(known, names, 0) or "-",
                "known_zh": _labelled(known, names, 1) or "-",
                **self._closest(grade, known, "grades")}

    def region_words(self, region: str, known: list[str]) -> dict[str, str]:
        """An unknown region's error fields: the book's regions with their names in English
        and Chinese, and the closest to `region` (hint)."""
        names = id_names(self.labels)
        return {"known": _named(known, names, 0), "known_zh": _named(known, names, 1),
                **self._closest(region, known, "regions")}

    def _closest(self, word: str, ids: list[str], kind: str) -> dict[str, str]:
        """The hint after a misspelt grade or region `word`, in English and Chinese: the
        closest of `ids` (of `kind`, grades or regions) or their names in the scenario's
        language, as a key may name them (label_keys.key_names)."""
        labels: Mapping[str, DisplayName] = getattr(self.labels, kind)
        choices = key_names(ids, labels, self.language, kind)
        return {"hint": did_you_mean(word, choices), "hint_zh": did_you_mean(word, choices, "zh")}


def add_rms(rms: pd.DataFrame, added: Added, grades: Mapping[str, RmGradeSpec],
            labelled: Callable[[], Labelled] | None = None) -> pd.DataFrame:
    """The RM table with the added RMs as new rows after the existing ones; `labelled` gives
    the scenario's labels and language, read only for an error: it lists the grades and
    regions by their names, and names the one closest to a misspelt id or label."""
    named = labelled or (lambda: Labelled(LabelsSection(), "en"))
    refuse_partial_grades(rms, added, grades, named)
    rows = [row for grade in added
            for row in _new_rms(rms, grade, added[grade], grades, named)]
    if not rows:
        return rms
    frame = pd.DataFrame(rows)
    clash = sorted(set(frame[c.RM_ID]) & set(rms[c.RM_ID]))
    if clash:
        raise UserError.said("add_rms_ids_taken", ids=in_a_row(clash))
    return pd.concat([rms, frame], ignore_index=True)[list(rms.columns)]


def refuse_partial_grades(rms: pd.DataFrame, added: Added, grades: Mapping[str, RmGradeSpec],
                          named: Callable[[], Labelled]) -> None:
    """UserError where `rm_grades` names a grade no RM of the table has, without what a new
    grade needs (new_grade_unsaid): `rm_grades.premier_mr.cost_per_year` would cost no RM and
    leave premier_rm's cost unsaid. Of its key (UserError.at), naming the file, override or
    `--set` that gave it, with the closest grade of the table."""
    known = sorted(set(rms[c.GRADE].astype(str)))
    for grade, spec in grades.items():
        missing = new_grade_unsaid(grade, spec, added)
        if grade in known or not missing:
            continue
        given = sorted(spec.model_fields_set)
        raise UserError.said("rm_grade_unknown", grade=grade, given=in_a_row(given) or "{}",
                             missing=in_a_row(missing), **named().grade_words(grade, known)
                             ).at(".".join(["rm_grades", grade, *given[:1]]))


def refuse_unknown_scaled(rms: pd.DataFrame, scale: float | Mapping[str, float],
                          named: Callable[[], Labelled]) -> None:
    """UserError where `rules.rm_capacity_scale` scales a grade no RM has, its added RMs
    included (`premier_r`): most likely a misspelt grade, whose RMs would keep their hours.
    Of its key (UserError.at), naming the file, override or `--set` that gave it, with the
    closest grade of the table."""
    if not isinstance(scale, Mapping):
        return
    known = sorted(set(rms[c.GRADE].astype(str)))
    for grade in scale:
        if grade not in known:
            raise UserError.said("rm_scale_no_grade", grade=grade,
                                 **named().grade_words(grade, known)
                                 ).at(f"rules.rm_capacity_scale.{grade}", every_value=True)


def new_grade_unsaid(grade: str, spec: RmGradeSpec, added: Added) -> list[str]:
    """What a grade no RM has still needs to be one: the hours of its RMs and RMs, added by
    `rules.add_rms` (the only RMs it can have)."""
    return [*(() if spec.hours is not None else ("hours",)),
            *(() if grade in added else (f"rules.add_rms.{grade}",))]


def _new_rms(rms: pd.DataFrame, grade: str, count: int | Mapping[str, int],
             grades: Mapping[str, RmGradeSpec],
             named: Callable[[], Labelled]) -> list[dict[str, object]]:
    of_grade = rms[rms[c.GRADE] == grade]
    known = sorted(set(rms[c.GRADE]))
    hours = grades[grade].hours if grade in grades else None
    if of_grade.empty and hours is None:
        raise UserError.said("add_rms_no_grade", grade=grade,
                             **named().grade_words(grade, known)
                             ).at(f"rules.add_rms.{grade}", every_value=True)
    places = _places(rms, of_grade, grade, count, named)
    book = of_grade[c.MAX_BOOK].dropna()
    rows: list[dict[str, object]] = []
    for number, region in enumerate(places, start=1):
        rows.append({column: np.nan for column in rms.columns} | {
            c.RM_ID: f"{grade}+{number}", c.GRADE: grade, c.REGION: region,
            c.CAPACITY_HOURS: float(hours if hours is not None
                                    else of_grade[c.CAPACITY_HOURS].mean()),
            c.MAX_BOOK: float(np.floor(book.mean())) if len(book) else np.nan,
            c.MIN_LOAD_HOURS: 0.0, c.BRANCH: None})
    return rows


def _places(rms: pd.DataFrame, of_grade: pd.DataFrame, grade: str,
            count: int | Mapping[str, int],
            named: Callable[[], Labelled]) -> list[str]:
    """The region of each added RM, in id order."""
    if isinstance(count, Mapping):
        regions = sorted(set(rms[c.REGION]))
        for region in count:
            if region not in regions:
                raise UserError.said("add_rms_no_region_named", grade=grade, region=region,
                                     **named().region_words(region, regions)
                                     ).at(f"rules.add_rms.{grade}.{region}", every_value=True)
        return [region for region, n in count.items() for _ in range(n)]
    if count and of_grade.empty:
        raise UserError.said("add_rms_no_regions", grade=grade, count=count
                             ).at(f"rules.add_rms.{grade}")
    sizes = of_grade.groupby(c.REGION).size()
    order = sorted(sizes.index, key=lambda region: (-int(sizes[region]), str(region)))
    return [str(order[i % len(order)]) for i in range(count)]


def _named(regions: list[str], names: Names, language: int) -> str:
    """Regions by id with their labels in one language (0 English, 1 Chinese): R1 (North)."""
    brackets, between = ((" (", ")"), ", ") if language == 0 else (("（", "）"), "、")
    return between.join(
        f"{region}{brackets[0]}{label}{brackets[1]}"
        if (label := names.get(region, (None, None))[language]) else region
        for region in regions)


def _labelled(grades: list[str], names: Names, language: int) -> str:
    """Grades by their labels in one language (0 English, 1 Chinese), each with the id to type
    after it: 贵宾客户经理（premier_rm）; a grade without a label by its id."""
    brackets, between = ((" (", ")"), ", ") if language == 0 else (("（", "）"), "、")
    return between.join(
        f"{label}{brackets[0]}{grade}{brackets[1]}"
        if (label := names.get(grade, (None, None))[language]) else grade
        for grade in grades)


def rm_cost(rms: pd.DataFrame, scenario: Scenario) -> float | None:
    """Every RM's yearly cost over the objective's horizon, discounted like customer value
    (cost x sum of 1/(1+d)^y, y = 1..H); None when no cost is given anywhere."""
    grade_cost = {grade: spec.cost_per_year for grade, spec in scenario.rm_grades.items()
                  if spec.cost_per_year is not None}
    from_grade = rms[c.GRADE].map(grade_cost).astype(float)
    column = (rms[c.RM_COST].astype(float) if c.RM_COST in rms
              else pd.Series(np.nan, index=rms.index))
    yearly = column.fillna(from_grade)
    if yearly.isna().all():
        return None
    return float(yearly.fillna(0.0).sum()) * annuity(scenario)


def annuity(scenario: Scenario) -> float:
    """The present value of 1 a year over the objective's horizon: sum of 1/(1+d)^y,
    y = 1..H."""
    return yearly_factor(scenario.objective.discount_rate, scenario.objective.horizon_years)


def yearly_factor(rate: float, years: int) -> float:
    """The present value of 1 a year for `years` years discounted at `rate`."""
    return float(sum((1.0 + rate) ** -year for year in range(1, years + 1)))


def net_of_cost(rms: pd.DataFrame, scenario: Scenario, objective: float | None,
                bound: float | None) -> dict[str, float | None]:
    """The RM cost and the plan's value and bound net of it; empty when no cost is given."""
    cost = rm_cost(rms, scenario)
    if cost is None:
        return {}
    return {"rm_cost": cost, "net_value": None if objective is None else objective - cost,
            "net_bound": None if bound is None else bound - cost}


def plans_rms(rms: pd.DataFrame, scenario: Scenario) -> bool:
    """Whether the book has RMs to plan: an RM in its RM table and a tier covered by RMs (a
    campaign book has neither: its reports say nothing of RMs, and no rule-of-thumb plan
    keeps today's RM books)."""
    return len(rms) > 0 and any(spec.coverage != "none" for spec in scenario.tiers.values())
