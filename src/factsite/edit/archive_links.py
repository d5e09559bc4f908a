"""The claim files' sources without an archive copy, and writing one in (`factsite archive`).

A file is edited by inserting one `archive_url:` line under the source's `url:` line
(yaml_edit.add_field, which proves the new text loads to the old data plus that field), and
written atomically with its byte-order mark, line endings and permissions kept.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from factsite.check.rules import url_problem
from factsite.edit.yaml_edit import add_field
from factsite.load.document import Document
from factsite.load.files import Layout, iter_yaml_files, load_document
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
