"""A parsed YAML file and the positions of its values.

Line and column are found only when a problem needs them: the text is composed into nodes
once (`Document.locate`), and a path of mapping keys and sequence indices is walked down them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from factsite.problems import Problem

_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# JSON-pointer-like path into a document: mapping keys and sequence indices.
Path = tuple[str | int, ...]


def _same_key(key_node: yaml.Node, part: str | int) -> bool:
    # A number or boolean key (`1: x`) is text in the node tree.
    return key_node.value == part or (
        not isinstance(part, str) and str(key_node.value).lower() == str(part).lower()
    )


@dataclass
class Document:
    """One parsed YAML file: its text, its data (or None) and the problems found loading it."""

    path: str
    text: str
    data: Any = None
    problems: list[Problem] = field(default_factory=list)
    _root: yaml.Node | None = field(default=None, repr=False)
    _composed: bool = field(default=False, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def _walk(self, path: Path) -> tuple[yaml.Node | None, yaml.Node | None, bool]:
        """(key node, value node, whole path found) for `path`, as deep as it exists."""
        if not self._composed:
            self._composed = True
            try:
                self._root = yaml.compose(self.text, Loader=_Base)
            except (yaml.YAMLError, RecursionError):
                self._root = None
        node, key_node = self._root, None
        if node is None:
            return None, None, False
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if _same_key(k, part)), None)
                if found is None:
                    return key_node, node, False
                key_node, node = found
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return key_node, node, False
                key_node, node = None, node.value[part]
            else:
                return key_node, node, False
        return key_node, node, True

    def nodes(self, path: Path) -> tuple[yaml.Node | None, yaml.Node] | None:
        """(key node, value node) at `path`, or None if the path is not in the file. The key
        node is None for the root and for a sequence item. A tool that edits the text in place
        needs both: where the key starts, where the value ends."""
        key_node, node, found = self._walk(path)
        return (key_node, node) if found and node is not None else None

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value at `path` (of its key if `key`).

        Stops at the deepest node that exists, so a missing field points at its parent.
        """
        key_node, node, _ = self._walk(path)
        target = key_node if key and key_node is not None else node
        if target is None:
            return (1, 1)
        return (target.start_mark.line + 1, target.start_mark.column + 1)

    def problem(self, path: Path, code: str, message: str, *, key: bool = False) -> Problem:
        line, col = self.locate(path, key=key)
        return Problem(self.path, line, col, code, message)

    def problem_at(self, path: Path, offset: int, code: str, message: str) -> Problem:
        """A problem at character `offset` inside the text value at `path`.

        Exact for literal block scalars (`|`), the usual style for Markdown; other styles fold
        lines, so the value's start is reported instead.
        """
        line, col = self.locate(path)
        _, node, found = self._walk(path)
        if found and isinstance(node, yaml.ScalarNode) and node.style == "|":
            rows = self.text.split("\n")
            top = node.start_mark.line + 1  # row of the value's first line (0-based)
            content = [r for r in rows[top:] if r.strip()]
            indent = len(content[0]) - len(content[0].lstrip(" ")) if content else 0
            before = str(node.value)[:offset]
            line = top + 1 + before.count("\n")
            col = indent + 1 + len(before) - (before.rfind("\n") + 1)
        return Problem(self.path, line, col, code, message)


def path_text(path: Path) -> str:
    """A path of keys and indices as the messages write it: $.sources[2].url."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out
