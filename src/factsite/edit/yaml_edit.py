"""Add one field to a YAML file's text without touching anything else in it.

A claim file is written by hand: its comments, key order, quoting and line breaks are the
contributor's. Dumping the parsed data again would lose all of them, so a tool that adds a value
(`factsite archive` adds `archive_url`) inserts one line instead, at the position the strict
loader gives, and then proves the edit: the new text must load to the old data plus exactly the
new field.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

from factsite.load.document import Document, Path, path_text
from factsite.load.strict_yaml import parse

# A URL that YAML reads back as this very text when written plain: no spaces or quotes, nothing
# that opens a comment (` #`), a flow collection or an alias at its start.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?\[\]@$&()*+,;=%!]+")


_PLAIN_WORD = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_NOT_PLAIN = frozenset(("true", "false", "null", "yes", "no", "on", "off", "y", "n"))


def scalar(value: str) -> str:
    """`value` as a YAML scalar: plain for an ordinary URL or a slug (as contributors write
    them), else double-quoted (JSON strings are YAML)."""
    if _PLAIN_URL.fullmatch(value) and not value.endswith(":"):
        return value
    if _PLAIN_WORD.fullmatch(value) and value not in _NOT_PLAIN:
        return value
    return json.dumps(value, ensure_ascii=False)


def add_field(doc: Document, path: Path, key: str, value: str) -> tuple[str | None, str]:
    """(new text, "") with `key: value` added beside the entry at `path` (a `key: value` line
    of a block mapping), on the line after that entry's value; (None, why) when it cannot be
    done safely. The result is verified: it parses to `doc.data` with only `key` added."""
    parent, where = path[:-1], path_text(path)
    found, holder = doc.nodes(path), doc.nodes(parent)
    mapping = _get(doc.data, parent)
    if found is None or found[0] is None or holder is None or not isinstance(mapping, dict):
        return None, f"{where} is not in the file"
    if key in mapping:
        return None, f"{path_text((*parent, key))} is already there"
    key_node, value_node = found
    if getattr(holder[1], "flow_style", False) or key_node.start_mark.line != (
        value_node.start_mark.line
    ):
        return None, f"{where}: only a `key: value` line of a block mapping can be followed"
    lines = doc.text.splitlines(keepends=True)
    end = value_node.end_mark
    # The new line goes after the value's last line. A block scalar (`|`) ends at the start
    # of the line after its text: the new line goes before that line.
    at = end.line if end.column == 0 and end.line > value_node.start_mark.line else end.line + 1
    at = min(at, len(lines))
    nl = "\r\n" if "\r\n" in doc.text else "\n"
    if at == len(lines) and lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    lines.insert(at, f"{' ' * key_node.start_mark.column}{key}: {scalar(value)}{nl}")
    return _verified(doc, "".join(lines), (*parent, key), value)


def _verified(doc: Document, text: str, path: Path, value: str) -> tuple[str | None, str]:
    again = parse(doc.path, text)
    want = copy.deepcopy(doc.data)
    target = _get(want, path[:-1])
    if isinstance(target, dict):
        target[path[-1]] = value
    if not again.ok or again.data != want:
        return None, f"{path_text(path)}: the edited file would not load to the same data"
    return text, ""


def _get(data: Any, path: Path) -> Any:
    for part in path:
        in_map = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_map or in_list):
            return None
        data = data[part]
    return data
