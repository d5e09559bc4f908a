"""Load: find the project's files and read them safely into Documents.

Reading never raises on contributor input: a file that is too large, not UTF-8, holds control
characters or leads outside the project becomes a Document with a problem.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from factsite.problems import Problem
from factsite.yamlload import Document, parse

MAX_BYTES = 64 * 1024  # a claim is a page, not a report
MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024
CLAIMS_DIR = "claims"
ARTICLES_DIR = "articles"
SCALE_FILE = "verdicts.yaml"
TOPICS_FILE = "topics.yaml"
SCHEMA_FILE = "schema/claim.schema.json"
_ALLOWED_CONTROL = {"\t", "\n", "\r"}


@dataclass(frozen=True)
class Layout:
    """Where a project's files are, relative to its root."""

    root: Path

    @property
    def claims(self) -> Path:
        return self.root / CLAIMS_DIR

    @property
    def articles(self) -> Path:
        return self.root / ARTICLES_DIR

    @property
    def scale(self) -> Path:
        return self.root / SCALE_FILE

    @property
    def topics(self) -> Path:
        return self.root / TOPICS_FILE

    @property
    def schema(self) -> Path:
        return self.root / SCHEMA_FILE

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def inside(self, path: Path) -> bool:
        try:
            path.resolve().relative_to(self.root.resolve())
        except (ValueError, OSError, RuntimeError):
            return False
        return True


def iter_yaml_files(directory: Path) -> Iterator[Path]:
    """YAML files under `directory`, sorted, without following symlinked directories."""
    if not directory.is_dir():
        return
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        found.extend(Path(dirpath) / f for f in filenames if f.endswith((".yaml", ".yml")))
    yield from sorted(found)


def read_text(
    layout: Layout, path: Path, limit: int = MAX_BYTES
) -> tuple[str | None, Problem | None]:
    """The file's text, or the reason it cannot be used."""
    rel = layout.rel(path)
    if not layout.inside(path):
        return None, Problem(
            rel,
            1,
            1,
            "file-outside-repo",
            "the file (or a symlink on its path) leads outside the project",
        )
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        return None, Problem(rel, 1, 1, "file-unreadable", exc.strerror or "cannot read the file")
    if len(raw) > limit:
        return None, Problem(
            rel, 1, 1, "file-too-large", f"the file is larger than {limit // 1024} KiB"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, Problem(
            rel,
            line,
            col,
            "file-encoding",
            f"byte 0x{raw[exc.start]:02x} is not UTF-8: save the file as UTF-8",
        )
    bad = _first_control(text)
    if bad is not None:
        index, char = bad
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return None, Problem(
            rel,
            line,
            col,
            "file-control-char",
            f"control character U+{ord(char):04X} is not allowed: delete it",
        )
    return text, None


def _first_control(text: str) -> tuple[int, str] | None:
    if text.isprintable():
        return None
    for i, ch in enumerate(text):
        # C0/C1 controls and DEL; other unprintables (format chars such as RLM) are fine.
        if ch not in _ALLOWED_CONTROL and (ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0):
            return i, ch
    return None


def load_document(layout: Layout, path: Path, limit: int = MAX_BYTES) -> Document:
    text, problem = read_text(layout, path, limit)
    if problem is not None or text is None:
        return Document(layout.rel(path), text or "", problems=[problem] if problem else [])
    return parse(layout.rel(path), text)


def load_documents(layout: Layout, paths: Iterable[Path]) -> list[Document]:
    return [load_document(layout, p) for p in paths]
