"""Strict YAML: PyYAML's C loader with its traps decided on purpose.

- Only `true`/`false` are booleans (YAML 1.2): `no`, `on`, `yes` stay text.
- Dates stay text (no implicit timestamps): `published: 2026-01-05` is the string "2026-01-05",
  and the schema checks its shape.
- `0755` is the integer 755, not an octal 493; no sexagesimal numbers.
- Duplicate keys are an error, not "last one wins".
- Anchors and aliases are an error: an alias bomb of a few hundred bytes expands to billions of
  nodes when traversed; we stop at the first reuse of a node.
- Tags other than the standard ones (`!!python/object`, ...) are an error (SafeConstructor).

Loading returns a `Document` (data or problems). Line and column are found only when needed, by
composing the text into nodes once (`Document.locate`).
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError

from factsite.load.document import Document
from factsite.load.yaml_errors import (
    MAX_DEPTH,
    _AliasFound,
    _BadTaggedValue,
    _DuplicateKey,
    _TooDeep,
    yaml_problem,
)
from factsite.problems import Problem

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_T = "tag:yaml.org,2002:"
_DROPPED = {_T + "bool", _T + "int", _T + "float", _T + "timestamp"}


# What PyYAML's constructors raise on a value that does not fit its tag.
_CONSTRUCT_FAILURES = (ValueError, TypeError, KeyError, AttributeError, IndexError, OverflowError)


def _tag_name(tag: str) -> str:
    return "!!" + tag[len(_T) :] if tag.startswith(_T) else tag


def _short(node: yaml.Node, limit: int = 40) -> str:
    value = node.value if isinstance(node, yaml.ScalarNode) else f"a {node.id}"
    text = repr(value) if isinstance(node, yaml.ScalarNode) else value
    return text if len(text) <= limit else text[: limit - 1] + "…"


class StrictLoader(_Base):  # type: ignore[misc,valid-type]
    """CSafeLoader with YAML-1.2 scalars, no duplicate keys, no aliases."""

    _depth = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A node constructed twice is an alias target: refuse before anything is expanded.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise _AliasFound(None, None, "alias", node.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _TooDeep(None, None, "too deep", node.start_mark)
        self._depth += 1
        try:
            return self._construct_one(node, deep)
        finally:
            self._depth -= 1

    def _construct_one(self, node: yaml.Node, deep: bool) -> Any:
        return construct_or_refuse(super().construct_object, node, deep)


def construct_or_refuse(construct: Any, node: yaml.Node, deep: bool) -> Any:
    """`construct(node, deep=deep)`, an explicit tag on a value it cannot take (`!!int abc`,
    `!!bool maybe`, `!!timestamp 2026-13-45`) raised as a located yaml-tag error: the standard
    constructors raise plain Python errors. mkdocs.yml's loader uses it too."""
    try:
        return construct(node, deep=deep)
    except _CONSTRUCT_FAILURES as exc:
        raise _BadTaggedValue(
            None,
            None,
            f"cannot read {_short(node)} as {_tag_name(node.tag)}: remove the tag",
            node.start_mark,
        ) from exc


StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
StrictLoader.add_implicit_resolver(
    _T + "bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
StrictLoader.add_implicit_resolver(_T + "int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
StrictLoader.add_implicit_resolver(
    _T + "float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


def _construct_int(loader: yaml.BaseLoader, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    if not re.fullmatch(r"[-+]?[0-9]+", value):
        raise ValueError(value)  # `!!int 0x1F`: reported as a tag that does not fit
    try:
        return int(value, 10)
    except ValueError:  # more digits than Python converts (4300): not a claim's number
        raise ConstructorError(
            None, None, f"a number of {len(value)} digits: quote it if it is text", node.start_mark
        ) from None


def _construct_map(loader: Any, node: yaml.MappingNode) -> Any:
    if not isinstance(node, yaml.MappingNode):  # `!!map 3`
        raise _BadTaggedValue(
            None, None, f"cannot read {_short(node)} as !!map: remove the tag", node.start_mark
        )
    data: dict[Any, Any] = {}
    yield data
    seen: dict[Any, yaml.Mark] = {}
    for key_node, value_node in node.value:
        if key_node.tag == _T + "merge":
            raise _AliasFound(None, None, "merge key", key_node.start_mark)
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise ConstructorError(
                None, None, "a mapping key must be plain text", key_node.start_mark
            ) from None
        if key in seen:
            first = seen[key].line + 1
            raise _DuplicateKey(
                None,
                None,
                f"duplicate key {key!r} (first defined on line {first})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark
        data[key] = loader.construct_object(value_node, deep=True)


StrictLoader.add_constructor(_T + "int", _construct_int)
StrictLoader.add_constructor(_T + "map", _construct_map)


class _NotPlain(Exception):
    """The node tree needs StrictLoader's constructors: they decide, and report any problem."""


_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+")
_PLAIN_DEPTH = 20  # deeper trees go the full way, which enforces MAX_DEPTH


def _plain_data(node: yaml.Node, seen: set[int], depth: int) -> Any:
    """The data of a tree of plain mappings, lists, text, whole numbers, booleans and nulls.

    The same result as StrictLoader.construct_document, in a fraction of its time (its
    per-node bookkeeping cost more than the C parser's work). Anything else (a reused node, a
    duplicate or merge key, another tag, a value its tag does not fit, deep nesting) raises
    _NotPlain, and the full constructor starts again from the same nodes.
    """
    if depth > _PLAIN_DEPTH or id(node) in seen:
        raise _NotPlain
    seen.add(id(node))
    tag, kind = node.tag, type(node)
    if kind is yaml.ScalarNode:
        value = node.value
        if tag == _STR:
            return value
        if tag == _NULL:
            return None
        if tag == _BOOL and value in _BOOLS:
            return _BOOLS[value]
        if tag == _INTEGER and _INT.fullmatch(value):
            try:
                return int(value, 10)
            except ValueError:
                raise _NotPlain from None
        raise _NotPlain
    if kind is yaml.MappingNode and tag == _MAP:
        data: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _plain_data(key_node, seen, depth + 1)
            try:
                if key in data:  # a duplicate key (or an unhashable one: TypeError)
                    raise _NotPlain
            except TypeError:
                raise _NotPlain from None
            data[key] = _plain_data(value_node, seen, depth + 1)
        return data
    if kind is yaml.SequenceNode and tag == _SEQ:
        return [_plain_data(item, seen, depth + 1) for item in node.value]
    raise _NotPlain


# What no value may hold, however it was written: C0 controls but tab, newline and carriage
# return; DEL and the C1 controls (U+0085, U+009B: a terminal's CSI); lone surrogates (no UTF-8
# can carry them); the noncharacters U+FFFE and U+FFFF (ill-formed XML in a feed). The file's
# raw text is checked by load/files.py; this finds the ones written as YAML escapes ("\u001b").
_CONTROL_VALUE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _escaped_controls(path: str, root: yaml.Node) -> list[Problem]:
    """A problem at each scalar (key or value) whose parsed text holds a control character."""
    problems, stack, seen = [], [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = _CONTROL_VALUE.search(node.value)
            if found:
                mark = node.start_mark
                problems.append(
                    Problem(
                        path,
                        mark.line + 1,
                        mark.column + 1,
                        "file-control-char",
                        f"control character U+{ord(found.group()):04X}, written as an escape, "
                        "is not allowed: delete it",
                    )
                )
        elif isinstance(node, yaml.MappingNode):
            stack += [n for pair in node.value for n in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return sorted(problems)


_STR, _NULL, _BOOL, _INTEGER = _T + "str", _T + "null", _T + "bool", _T + "int"
_MAP, _SEQ = _T + "map", _T + "seq"


def parse(path: str, text: str) -> Document:
    """Parse `text` strictly. Never raises on any input text."""
    doc = Document(path, text)
    if text.startswith("\ufeff"):  # a byte-order mark is harmless: drop it, keep positions
        text = doc.text = text[1:]
    try:
        loader = StrictLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                doc.problems.append(Problem(path, 1, 1, "yaml-empty", "the file is empty"))
                return doc
            try:
                doc.data = _plain_data(node, set(), 0)
            except _NotPlain:
                doc.data = loader.construct_document(node)
            if "\\" in text:  # only an escape of a double-quoted scalar makes one
                doc.problems += _escaped_controls(path, node)
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError, *_CONSTRUCT_FAILURES) as exc:
        doc.problems.append(yaml_problem(path, text, exc))
    return doc
