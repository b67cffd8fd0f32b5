"""A finding of the readiness checks: one thing the book cannot give that the scenario asks
for, a message of the language catalogue with its fields, worded in the run's language (tiers,
grades, regions and offers by their labels) after the file, override or --set that gave its
key."""

from __future__ import annotations

from dataclasses import dataclass, field

from allocator.report.language import Words
from allocator.report.list_cut import shown_count
from allocator.scenario.errors import origin_words


@dataclass(frozen=True)
class Finding:
    """One thing the book cannot give: a message of the catalogue and its fields."""

    message: str
    fields: dict[str, object] = field(default_factory=dict)
    key: str = ""
    """The scenario key the finding is about (tiers.premier.rm_grades.vip), if one."""
    origin: str = ""
    """The file, override or --set that gave `key` (Readiness.placed), named first."""

    def text(self, words: Words) -> str:
        """The finding in `words`' language, tiers, grades and regions by their labels, after
        the file, override or --set that gave its key."""
        said = self._said(words)
        if not self.origin:
            return said
        named = origin_words(self.origin)[1 if words.language == "zh" else 0]
        return named + words.sep("colon") + said

    def _said(self, words: Words) -> str:
        fields = {"key": self.key, **self.fields}
        for key in ("grade", "close", "offer", "tier_name"):
            if key in fields:
                fields[key] = _named(fields[key], words)
        for key in ("grades", "present", "regions", "ids", "named"):
            listed = fields.get(key)
            if isinstance(listed, tuple):
                fields[key] = _listed(listed, words)
        for key in ("tiers", "soft"):  # a few names in a row, each whole
            listed = fields.get(key)
            if isinstance(listed, tuple):
                fields[key] = words.sep("items").join(_named(item, words) for item in listed)
        if fields.get("grades") == "":
            fields["grades"] = words("ready_no_grades")
        if fields.get("present") == "":
            fields["present"] = words("ready_no_rms")
        return words(self.message, **fields)


def _listed(items: tuple[object, ...], words: Words, limit: int = 10) -> str:
    """Ids by their labels (a region with its count of customers: "R1 (3)"), the first few
    and a count of the rest, listed as the language lists names (华北（3）、华东（2）)."""
    limit = shown_count(len(items), limit)
    shown = [f"{_named(item[0], words)}{words.sep('open')}{item[1]}{words.sep('close')}"
             if isinstance(item, tuple) else _named(item, words) for item in items[:limit]]
    more = len(items) - limit
    return words.sep("items").join(shown) + (words("and_more", more=more) if more > 0 else "")


def _named(id_: object, words: Words) -> str:
    """A tier, a grade or a region by the scenario's label for it (ids are no engine terms)."""
    return words.labels.get(str(id_), str(id_))
