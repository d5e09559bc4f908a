"""The claim files' sources without an archive copy, and writing one in (`factsite archive`).

A claim file is written by hand: its comments, key order, quoting and line breaks are the
contributor's. Dumping the parsed data again would lose all of them, so the archive link goes
in as one inserted line, `archive_url:` under the source's `url:` line, at the position the
strict loader gives (`add_field`), and the edit is proven: the new text must load to the old
data plus exactly that field. The file is then written atomically with its byte-order mark,
line endings and permissions kept.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite.check.rules import url_problem
from factsite.load.document import Document, path_text
from factsite.load.document import Path as KeyPath
from factsite.load.files import Layout, iter_yaml_files, load_document
from factsite.load.strict_yaml import parse
from factsite.problems import Problem

_BOM = "\ufeff"


@dataclass(frozen=True)
class Pending:
    """A source without `archive_url`: the file, the source's index, its URL."""

    path: Path
    index: int
    url: str


def pending(layout: Layout, paths: Sequence[Path] = ()) -> tuple[list[Pending], list[Problem]]:
    """Every source without `archive_url` in `paths` (default: every claim file), in file
    order; files that do not load are reported and skipped (`factsite validate` says more)."""
    found: list[Pending] = []
    problems: list[Problem] = []
    for path in paths or list(iter_yaml_files(layout.claims)):
        doc = load_document(layout, path)
        if not doc.ok:
            problems.extend(doc.problems)
            continue
        sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
        for i, source in enumerate(sources if isinstance(sources, list) else []):
            url = source.get("url") if isinstance(source, dict) else None
            if isinstance(url, str) and not url_problem(url) and not source.get("archive_url"):
                found.append(Pending(path, i, url))
    return found, problems


def write_archive_url(layout: Layout, item: Pending, archive_url: str) -> Problem | None:
    """Add `archive_url` to the source `item` names, in its file as it is now on disk."""
    rel = layout.rel(item.path)
    doc = load_document(layout, item.path)
    if not doc.ok or item.path.is_symlink():
        return _not_written(doc, item, archive_url, "the file no longer loads, or is a symlink")
    sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
    source = sources[item.index] if isinstance(sources, list) and item.index < len(sources) else {}
    if not isinstance(source, dict) or source.get("url") != item.url:
        return _not_written(doc, item, archive_url, "the source changed since it was read")
    if source.get("archive_url"):
        return None  # someone added one meanwhile: theirs stands
    text, why = add_field(doc, ("sources", item.index, "url"), "archive_url", archive_url)
    if text is None:
        return _not_written(doc, item, archive_url, why)
    raw = item.path.read_bytes()
    if raw.startswith(_BOM.encode()):
        text = _BOM + text
    try:
        _replace(item.path, text.encode("utf-8"))
    except OSError as exc:
        why = exc.strerror or "cannot write the file"
        message = f"{rel}: {why}; the capture is {archive_url}: add it as the source's archive_url"
        return Problem(rel, 1, 1, "write-failed", message)
    return None


def _not_written(doc: Document, item: Pending, archive_url: str, why: str) -> Problem:
    where = ("sources", item.index, "url")
    why = why if why.startswith("$") else f"$.sources[{item.index}].url: {why}"
    message = f"{why}; add this line under its url by hand: archive_url: {archive_url}"
    if not doc.text:
        return Problem(doc.path, 1, 1, "archive-not-written", message)
    return doc.problem(where, "archive-not-written", message)


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


def add_field(doc: Document, path: KeyPath, key: str, value: str) -> tuple[str | None, str]:
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


def _verified(doc: Document, text: str, path: KeyPath, value: str) -> tuple[str | None, str]:
    again = parse(doc.path, text)
    want = copy.deepcopy(doc.data)
    target = _get(want, path[:-1])
    if isinstance(target, dict):
        target[path[-1]] = value
    if not again.ok or again.data != want:
        return None, f"{path_text(path)}: the edited file would not load to the same data"
    return text, ""


def _get(data: Any, path: KeyPath) -> Any:
    for part in path:
        in_map = isinstance(data, dict) and part in data
        in_list = isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data)
        if not (in_map or in_list):
            return None
        data = data[part]
    return data


# `.NAME.XXXXXXXX.tmp`: what _replace writes beside a claim file before renaming it in place.
_PARTIAL = re.compile(r"\.(.+\.ya?ml)\.[a-z0-9_]{8}\.tmp")


def remove_partial(claims: Path) -> list[str]:
    """Remove the temporary files a killed `factsite archive` left beside claim files (only
    those of a claim file that exists); their paths under `claims`."""
    removed = []
    for path in sorted(claims.rglob(".*.tmp")) if claims.is_dir() else []:
        m = _PARTIAL.fullmatch(path.name)
        if m and (path.parent / m.group(1)).is_file() and path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path.relative_to(claims).as_posix())
    return removed


def _replace(path: Path, data: bytes) -> None:
    """Write `data` over `path` atomically, keeping its permissions."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def located(layout: Layout, item: Pending, code: str, message: str) -> Problem:
    """A problem at the url of the source `item` names."""
    doc = load_document(layout, item.path)
    where = ("sources", item.index, "url")
    if not doc.ok:
        return Problem(layout.rel(item.path), 1, 1, code, message)
    return doc.problem(where, code, message)
