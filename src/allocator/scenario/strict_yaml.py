"""YAML read strictly: a key given twice in one mapping is an error (YAML would keep the last
silently), and aliases may not expand a document beyond a scenario's size (a few nested
aliases can stand for billions of values, which validation would then walk)."""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from allocator.errors import UserError, cut
from allocator.scenario.fields import LARGEST
from allocator.scenario.yaml_reasons import YamlReason, yaml_reason

MAX_EXPANDED_VALUES = 20_000
"""Most values (mappings, lists and scalars) a document may hold once its aliases are
expanded; the largest real scenarios hold a few thousand."""

MOST_DIGITS = 300
"""Most digits a number of a scenario may be written with: far beyond any value it may hold
(LARGEST), and far below the 4,300 digits Python refuses to read as a whole number."""

MERGE_TAG = "tag:yaml.org,2002:merge"
NUMBER_TAGS = ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float")


class _StrictLoader(yaml.SafeLoader):
    """The safe loader, refusing a mapping that gives the same key twice."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        places: dict[Any, tuple[int, int]] = {}
        for key_node, _ in node.value:
            if key_node.tag == MERGE_TAG:  # `<<: *base` merges; explicit keys override it
                continue
            key = self.construct_object(key_node, deep=True)
            place = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if isinstance(key, (str, int, float, bool)) and key in places:
                raise _key_twice(key, places[key], place)
            if isinstance(key, (str, int, float, bool)):
                places[key] = place
        return super().construct_mapping(node, deep=deep)


DECIMAL = re.compile(r"^[-+]?[0-9][0-9_]*$")
"""A whole number, in decimal digits alone (a leading 0 is no octal)."""
REAL = re.compile(r"""^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
                    |[-+]?\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?
                    |[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+
                    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""", re.X)
"""A number with a point or an exponent (45e3 as 4.5e+4 is), or infinity, or not a number."""


def _numbers_in_decimal(loader: type[yaml.SafeLoader]) -> None:
    """Numbers as YAML 1.2 reads them, never as YAML 1.1 (PyYAML's) also does: 045000 is
    45,000, not 18,944 in octal; 0x10, 0b101 and 1:30 (base 60) are text, which a number's key
    refuses, not 16, 5 and 90; 45e3 is a number, not text."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, found) for tag, found in resolvers if tag not in NUMBER_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    loader.add_implicit_resolver(NUMBER_TAGS[0], DECIMAL, list("-+0123456789"))
    loader.add_implicit_resolver(NUMBER_TAGS[1], REAL, list("-+0123456789."))
    loader.add_constructor(NUMBER_TAGS[0], _decimal)


BOOL_TAG = "tag:yaml.org,2002:bool"
BOOLEAN = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
"""true and false as YAML 1.2 writes them."""


def _booleans_as_true_false(loader: type[yaml.SafeLoader]) -> None:
    """true and false as YAML 1.2 reads them, never yes, no, on and off as YAML 1.1 (PyYAML's)
    also does: those are text (a region NO stays NO), which a yes/no key refuses saying what
    to write."""
    loader.yaml_implicit_resolvers = {
        first: [(tag, found) for tag, found in resolvers if tag != BOOL_TAG]
        for first, resolvers in loader.yaml_implicit_resolvers.items()}
    loader.add_implicit_resolver(BOOL_TAG, BOOLEAN, list("tTfF"))


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> int:
    assert isinstance(node, yaml.ScalarNode)
    return int(str(loader.construct_scalar(node)).replace("_", ""))


_numbers_in_decimal(_StrictLoader)
_booleans_as_true_false(_StrictLoader)


def _key_twice(key: Any, first: tuple[int, int], second: tuple[int, int]) -> UserError:
    """The error of a key given twice: its two lines, or its two columns on one line (a flow
    mapping, `{total: 5000, total: 7000}`)."""
    if first[0] == second[0]:
        return UserError.said("yaml_key_twice_on_line", line=second[0], key=key,
                              first=first[1], column=second[1])
    return UserError.said("yaml_key_twice", line=second[0], key=key, first=first[0])


def parse_yaml(text: str, origin: str) -> Any:
    """The data of one YAML document; UserError naming `origin` and the line if the text is
    not valid YAML, gives a key twice, or expands its aliases beyond MAX_EXPANDED_VALUES."""
    loader: _StrictLoader | None = None
    try:
        loader = _StrictLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None
        _check_expansion(node)
        _check_numbers(node, ())
        _plus_as_written(node)
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise _refusal(yaml_reason(exc, text), origin) from None
    except UserError as exc:
        raise UserError(f"{origin}: {exc}", f"{origin}：{exc.shown('zh')}") from None
    except RecursionError:
        raise UserError.said("yaml_too_deep", origin=origin) from None
    finally:
        if loader is not None:
            loader.dispose()


def _refusal(reason: YamlReason, origin: str) -> UserError:
    """The error of a text PyYAML refused: its reason in Chinese where the catalogue has it,
    else a Chinese message keeping PyYAML's words for the log."""
    where, where_zh = reason.where
    if reason.chinese is not None:
        return UserError.said("yaml_invalid", origin=origin, where=where, where_zh=where_zh,
                              problem=reason.english, problem_zh=reason.chinese)
    return UserError.said("yaml_invalid_untold", origin=origin, where=where,
                          where_zh=where_zh, problem=reason.english).quoting(reason.english)


def named_language(text: str) -> str | None:
    """The output.language a YAML text names, read leniently (of a key given twice, the
    last), with its aliases bounded as parse_yaml bounds them: en where it names none (the
    default), None where it cannot be read at all."""
    loader: yaml.SafeLoader | None = None
    try:
        loader = yaml.SafeLoader(text)
        node = loader.get_single_node()
        if node is None:
            return "en"
        _check_expansion(node)
        data = loader.construct_document(node)
    except (yaml.YAMLError, UserError, RecursionError, ValueError, TypeError):
        return None
    finally:
        if loader is not None:
            loader.dispose()
    output = data.get("output") if isinstance(data, dict) else None
    language = output.get("language") if isinstance(output, dict) else None
    return language if isinstance(language, str) else "en"


def _check_expansion(root: yaml.Node) -> None:
    if _expanded_size(root, {}, set()) > MAX_EXPANDED_VALUES:
        raise UserError.said("yaml_aliases_expand", limit=f"{MAX_EXPANDED_VALUES:,}")


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values the node stands for with every alias expanded (stops counting past the
    limit, so a bomb costs no more than the limit)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    if id(node) in open_nodes:
        line = node.start_mark.line + 1
        raise UserError.said("yaml_alias_self", line=line)
    open_nodes.add(id(node))
    total = 1
    if isinstance(node, yaml.SequenceNode):
        children: list[yaml.Node] = list(node.value)
    elif isinstance(node, yaml.MappingNode):
        children = [part for pair in node.value for part in pair]
    else:
        children = []
    for child in children:
        total += _expanded_size(child, sizes, open_nodes)
        if total > MAX_EXPANDED_VALUES:
            break
    open_nodes.discard(id(node))
    sizes[id(node)] = total
    return total



def _plus_as_written(root: yaml.Node) -> None:
    """Numbers a scenario's named overrides (`overrides:`) write with a leading + (`+10`) kept
    as written, text, so that they read as a `--set` reads them (amounts.read_value: a + with
    no % is refused, never the number 10); anywhere else +10 is 10."""
    if not isinstance(root, yaml.MappingNode):
        return
    pending = [value for key, value in root.value
               if isinstance(key, yaml.ScalarNode) and key.value == "overrides"]
    while pending:
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            pending.extend(value for _, value in node.value)
        elif (isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS
              and node.style is None and node.value.startswith("+")):
            node.tag = "tag:yaml.org,2002:str"


def _check_numbers(node: yaml.Node, path: tuple[str, ...]) -> None:
    """Refuses a number written with more than MOST_DIGITS digits, or too large for a float
    (1e400), naming its key, line and the range a scenario's numbers lie in (run after
    _check_expansion, which bounds the walk)."""
    if isinstance(node, yaml.ScalarNode) and node.tag in NUMBER_TAGS and _beyond(node):
        mark = node.start_mark
        raise UserError.said("yaml_number_beyond", line=mark.line + 1, column=mark.column + 1,
                             key=".".join(path) or "-", shown=cut(node.value),
                             least=f"{-LARGEST:g}", largest=f"{LARGEST:g}")
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _check_numbers(child, (*path, str(index)))
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            _check_numbers(key_node, path)
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            _check_numbers(value_node, (*path, str(key)))


def _beyond(node: yaml.ScalarNode) -> bool:
    """Whether a YAML number is written with too many digits, or is a float too large for
    one (an explicit .inf is left to the schema, which refuses it as not finite)."""
    text = node.value.replace("_", "")
    if sum(ch.isdigit() for ch in text) > MOST_DIGITS:
        return True
    if node.tag != NUMBER_TAGS[1] or "inf" in text.lower() or ":" in text:
        return False
    try:
        return math.isinf(float(text))
    except ValueError:
        return False
