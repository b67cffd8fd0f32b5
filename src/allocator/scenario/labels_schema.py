"""The scenario's display names (`labels:`): what each id the reports show is called in each
report language. Ids stay in files and code."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Annotated

from pydantic import BaseModel, Field

from allocator.scenario.fields import STRICT, Channel, PrintableText


class Strict(BaseModel):
    model_config = STRICT


class DisplayName(Strict):
    """What one id is called in each report language (an id without a name in the run's
    language is shown as it is)."""

    en: Annotated[PrintableText, Field(min_length=1, max_length=200)] | None = None
    zh: Annotated[PrintableText, Field(min_length=1, max_length=200)] | None = None

    def in_language(self, language: str) -> str | None:
        return self.zh if language == "zh" else self.en


class LabelsSection(Strict):
    """Display names of the ids the reports show, per language, e.g.
    `tiers: {private: {zh: 私人银行, en: Private banking}}`. Ids stay in files and code."""

    tiers: dict[str, DisplayName] = {}
    packages: dict[str, DisplayName] = {}
    grades: dict[str, DisplayName] = {}
    """RM grades, as the RM table names them."""
    channels: dict[Channel, DisplayName] = {}
    offers: dict[str, DisplayName] = {}
    regions: dict[str, DisplayName] = {}
    """Regions, as the customer and RM tables name them."""
    calendar: dict[str, DisplayName] = {}
    """The campaign calendar's activities and rules, by their ids."""
    models: dict[str, DisplayName] = {}
    """The models, by the customer column each predicts (`models:` keys)."""
    columns: dict[str, DisplayName] = {}
    """Customer columns the reports name, such as a model's target."""
    overrides: dict[str, DisplayName] = {}
    """Named overrides (`--use NAME`): a run made with them, and given no `--label`, is
    labelled by these names."""

    def kinds(self) -> dict[str, dict[str, DisplayName]]:
        return {"tiers": self.tiers, "packages": self.packages, "grades": self.grades,
                "channels": {str(k): v for k, v in self.channels.items()}, "offers": self.offers,
                "regions": self.regions, "calendar": self.calendar, "models": self.models,
                "columns": self.columns, "overrides": self.overrides}

    def names(self, language: str, known: Mapping[str, Collection[str]] | None = None
              ) -> dict[str, str]:
        """Id -> its display name in `language`, for ids shown where their kind is not known
        (a constraint's label, a sentence): every id given one but those another kind also
        has, named otherwise there or one of its `known` ids (the scenario's tiers,
        packages, offers and grades by kind): such an id (a tier NO beside the region NO,
        Norway) is named only where its kind is known (by_kind), never by another's name."""
        kinds, known = self.by_kind(language), known or {}
        return {key: shown for kind, names in kinds.items() for key, shown in names.items()
                if all(kinds[other].get(key) == shown for other in kinds if other != kind
                       and (key in kinds[other] or key in known.get(other, ())))}

    def by_kind(self, language: str) -> dict[str, dict[str, str]]:
        """Each kind's ids (tiers, regions...) -> their display names in `language`: a tier
        and a region of the same id are each named by their own section alone."""
        return {kind: {key: shown for key, name in names.items()
                       if (shown := name.in_language(language)) is not None}
                for kind, names in self.kinds().items()}
