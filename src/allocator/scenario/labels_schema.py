"""The scenario's display names (`labels:`): what each id the reports show is called in each
report language. Ids stay in files and code."""

from __future__ import annotations

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

    def names(self, language: str) -> dict[str, str]:
        """Id -> its display name in `language`, for every id given one."""
        return {key: shown for names in self.kinds().values() for key, name in names.items()
                if (shown := name.in_language(language)) is not None}
