"""What a scenario file that `extends` another may add to the keyed sections of the files it
extends: a tier, an offer or a package they do not have is most likely a misspelt one, and is
refused unless the file adds it whole, naming the file and the key (not the file extended,
whose tiering would then miss a threshold for a tier it never named)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from allocator.errors import UserError, did_you_mean, in_a_row
from allocator.scenario.consistency import CUT_KEYS, uncut
from allocator.scenario.overrides import (
    Layer,
    deep_merge,
    refuse_partial_offers,
    refuse_partial_packages,
)


def refuse_partial_extensions(files: Sequence[Layer]) -> None:
    """UserError where a file that extends others (`files`, base first, each its own layer)
    adds a tier the tiering of the files merged gives no place (new_tier_placed), an offer
    with only some fields and no worth (overrides.refuse_partial_offers), or a package without
    its cost and uplift (overrides.refuse_partial_packages): most likely a misspelt tier,
    offer or package of the files it extends. The first file extends nothing."""
    merged: dict[str, Any] = {}
    for _, layer in files:
        merged = deep_merge(merged, layer)
    below = dict(files[0][1]) if files else {}
    for origin, layer in files[1:]:
        _refuse_partial_tiers(below, merged, origin, layer)
        # an offer table or a generated book the files name defines offers too
        refuse_partial_offers({**below, "data": merged.get("data")}, [(origin, layer)],
                              "extends_new_offer")
        refuse_partial_packages(below, [(origin, layer)], "extends_new_package")
        below = deep_merge(below, layer)


def _refuse_partial_tiers(below: Mapping[str, Any], merged: Mapping[str, Any], origin: str,
                          layer: Mapping[str, Any]) -> None:
    """UserError where `layer` (the file `origin`) names a tier the files it extends
    (`below`) do not have, and the tiering of all the files (`merged`) gives it no place."""
    known, given = _tiers(below), _tiers(layer)
    for name in given:
        if known and name not in known and not new_tier_placed(merged, name):
            raise UserError.said("extends_new_tier", origin=origin, name=name,
                                 hint=did_you_mean(name, known),
                                 hint_zh=did_you_mean(name, known, "zh"),
                                 known=in_a_row(known), cut=_cut_key(merged) or "tiering")


def new_tier_placed(merged: Mapping[str, Any], name: str) -> bool:
    """Whether the tiering's cut places a new tier `name` among the others: a value for it,
    unless it is the base tier (the last), and for the tier above it, which it leaves above
    (consistency.uncut). True where the files give no cut to read (the schema then says
    what is missing)."""
    tiers, key = _tiers(merged), _cut_key(merged)
    tiering = merged.get("tiering")
    cut = tiering.get(key.rpartition(".")[2]) if key and isinstance(tiering, Mapping) else None
    if not isinstance(cut, Mapping) or name not in tiers:
        return True
    at = tiers.index(name)
    involved = {name, *tiers[max(at - 1, 0):at]}
    wrong = set(uncut(tiers, cut)) | ({tiers[-1]} & set(map(str, cut)))
    return not involved & wrong


def _tiers(tree: Mapping[str, Any]) -> list[str]:
    """The tiers a raw scenario tree names, in order (none where `tiers` is no mapping)."""
    tiers = tree.get("tiers")
    return [str(name) for name in tiers] if isinstance(tiers, Mapping) else []


def _cut_key(tree: Mapping[str, Any]) -> str | None:
    """The key path of the tiering's cut a raw scenario tree gives (tiering.thresholds)."""
    tiering = tree.get("tiering")
    found = [key for key in CUT_KEYS if isinstance(tiering, Mapping)
             and isinstance(tiering.get(key), Mapping)]
    return f"tiering.{found[0]}" if found else None
