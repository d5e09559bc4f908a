"""Load: find the project's files and read them safely into Documents.

Reading never raises on contributor input: a file that is too large, not UTF-8, holds control
characters or leads outside the project becomes a Document with a problem.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from factsite.load.document import Document
from factsite.load.strict_yaml import parse
from factsite.problems import Problem

MAX_BYTES = 64 * 1024  # a claim is a page, not a report
MAX_SNAPSHOT_BYTES = 2 * 1024 * 1024
CLAIMS_DIR = "claims"
ARTICLES_DIR = "articles"
SCALE_FILE = "verdicts.yaml"
TOPICS_FILE = "topics.yaml"
PEOPLE_FILE = "people.yaml"  # optional: the people and teams named on the checks
SCHEMA_FILE = "schema/claim.schema.json"


DOCS_DIR = "docs"
# What factsite generates under docs/: these folders and files, and the list of what it wrote
# (publish/write.py owns them; everything else under docs/ is hand-written and never touched).
MANIFEST = ".factsite-generated.json"
OWNED_DIRS = (
    "claims",
    "articles",
    "verdicts",
    "topics",
    "claimants",
    "data",
    "feeds",
    "_generated",
    "cards",
    "embed",
    "oembed",
    "people",
)
OWNED_FILES = (
    "assets/verdicts.css",
    "assets/factsite.css",
    "assets/factsite-search.js",
    "robots.txt",
)


def page_files(layout: Layout) -> list[Path]:
    """The hand-written pages: every Markdown file under docs/ that factsite does not own."""
    docs = layout.root / DOCS_DIR
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(docs, followlinks=False):
        top = dirpath == str(docs)  # its generated folders are not entered (40,000 files)
        dirnames[:] = sorted(
            d for d in dirnames if not d.startswith(".") and not (top and d in OWNED_DIRS)
        )
        found += [Path(dirpath) / n for n in filenames if n.endswith(".md")]
    return sorted(found)


# What the check reads: these files, and every file under these folders (the cache's key).
# mkdocs.yml too: the desk's rules (review, reply) and the publishing branch are settings there.
INPUT_FILES = (SCALE_FILE, TOPICS_FILE, PEOPLE_FILE, SCHEMA_FILE, "mkdocs.yml")
INPUT_DIRS = (ARTICLES_DIR, CLAIMS_DIR)


class _At:
    """A Layout attribute: the path of `rel` under the project's root."""

    def __init__(self, rel: str) -> None:
        self.rel = rel

    def __get__(self, layout: Layout, owner: type) -> Path:
        return layout.root / self.rel


@dataclass(frozen=True)
class Layout:
    """Where a project's files are, relative to its root."""

    root: Path
    # Folders resolved by `inside`, once per Layout (one check): claims share a few folders,
    # and resolving every file's full path cost more than reading the file.
    _real_dirs: dict[Path, Path] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    claims = _At(CLAIMS_DIR)
    articles = _At(ARTICLES_DIR)
    scale = _At(SCALE_FILE)
    topics = _At(TOPICS_FILE)
    people = _At(PEOPLE_FILE)
    schema = _At(SCHEMA_FILE)

    def rel(self, path: Path) -> str:
        """`path` relative to the root, as text; as it is if it is not under the root."""
        text, prefix = str(path), _folder_prefix(self.root)
        if text.startswith(prefix):  # what relative_to says of it, several times quicker
            return text[len(prefix) :]
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def inside(self, path: Path) -> bool:
        try:
            self._real(path).relative_to(self._real_dir(self.root))
        except (ValueError, OSError, RuntimeError):
            return False
        return True

    def _real(self, path: Path) -> Path:
        """path.resolve(): a file that is not a symlink resolves to its resolved folder / name."""
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        return self._real_dir(path.parent) / path.name

    def _real_dir(self, folder: Path) -> Path:
        real = self._real_dirs.get(folder)
        if real is None:
            real = self._real_dirs[folder] = folder.resolve()
        return real


def _folder_prefix(folder: Path) -> str:
    """What the text of a path under `folder` starts with (Path normalises both): a path
    starting so is one that relative_to(folder) accepts."""
    text = str(folder)
    return text if text.endswith("/") else text + "/"


YAML_SUFFIXES = (".yaml", ".yml")


def iter_yaml_files(directory: Path, suffixes: tuple[str, ...] = YAML_SUFFIXES) -> Iterator[Path]:
    """Files under `directory` (YAML unless told), sorted, without following symlinked
    directories."""
    if not directory.is_dir():
        return
    found: list[tuple[tuple[str, ...], str, Path]] = []
    for dirpath, dirnames, filenames in os.walk(directory, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)  # once a folder: made for each of 10,000 files it cost 0.1 s
        found.extend((here.parts, f, here) for f in filenames if f.endswith(suffixes))
    found.sort(key=lambda e: (*e[0], e[1]))  # in the order of the Paths, part by part
    yield from (here / f for _, f, here in found)


NOT_REGULAR = "not a regular file (a pipe, a device or a socket): replace it with a file"


def read_regular(path: Path, limit: int) -> bytes | str:
    """At most `limit` bytes of a regular file, or why it cannot be read. The open does not
    block and only a regular file is read: a FIFO (or a device) would otherwise stop the run
    forever, waiting for a writer."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return NOT_REGULAR
            return fh.read(limit)
    except OSError as exc:
        return exc.strerror or "cannot read the file"


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
    raw = read_regular(path, limit + 1)
    if isinstance(raw, str):
        return None, Problem(rel, 1, 1, "file-unreadable", raw)
    if len(raw) > limit:
        return None, Problem(
            rel, 1, 1, "file-too-large", f"the file is larger than {limit // 1024} KiB"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        line_start = raw.rfind(b"\n", 0, exc.start) + 1
        col = len(raw[line_start : exc.start].decode("utf-8", "replace")) + 1  # characters
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


# C0/C1 controls and DEL except tab, newline and carriage return; other unprintables (format
# characters such as RLM) are fine. One regex scan: a loop over the characters of every file
# cost more than parsing it (str.isprintable is False for any text with a newline).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _first_control(text: str) -> tuple[int, str] | None:
    found = _CONTROL.search(text)
    return (found.start(), found.group()) if found else None


def load_document(layout: Layout, path: Path, limit: int = MAX_BYTES) -> Document:
    text, problem = read_text(layout, path, limit)
    if problem is not None or text is None:
        return Document(layout.rel(path), text or "", problems=[problem] if problem else [])
    return parse(layout.rel(path), text)


MAX_ID_LENGTH = 80  # claim and article ids are file names and URLs


def free_id(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, or `base-2`, `base-3`, ...: the first id for which `taken` is false."""
    candidate, n = base, 1
    while taken(candidate):
        n += 1
        candidate = f"{base[: MAX_ID_LENGTH - len(str(n)) - 1].rstrip('-')}-{n}"
    return candidate
