"""A build after a change: the previous site, less what the change can alter, built again.

After every successful build, a record in .factsite-cache/ (publish/cache.py) keeps:
- `world`: a digest of everything every page depends on: mkdocs.yml (as written and as read,
  with its !ENV values), the theme's overrides, the engine, factsite's code, and the versions
  of Python, MkDocs, Material and Pagefind;
- `sources`: each file under docs/ with its size, mtime, inode and a digest of its content
  (read again only for a file whose size, mtime or inode moved: a render replaces a file it
  changes, so a changed file always has a new inode);
- `outputs`: each file of the site it published, likewise.

The next build reuses that site only if the world is the same and site/ still holds exactly
those outputs; otherwise (no record, another world, a site/ touched by hand, a corrupt
record) it builds from nothing: a stale or missing record costs time, never correctness.

Reusing: the outputs that must be built again are built aside and moved into site/ (build.py,
through swap.Journal), and those whose source is gone are removed; every other file stays:
- the output of every file under docs/ that changed or is gone (a render rewrites a listing,
  a topic or a verdict page only when what it lists changed);
- every page that includes a snippet (`--8<--`, the home page's latest checks), when any file
  but a claim's own page, card or embed changed: that file may be the snippet;
- every page but the claims' own, when a page is gone: their links are checked again;
- sitemap.xml(.gz) and 404.html (MkDocs renders them on every build) and the search index.
The engine's own page build, run in this process through its public API (pages.py), makes
exactly those outputs; Pagefind indexes again, into a folder aside, the parts of the search
index (search.py) whose pages are not those they were made from, the other parts linked from
the site; of that index, only the files that differ are moved in. Why a kept page equals a
fresh one: a page's HTML
depends on its own source, the snippets it includes, mkdocs.yml and the theme, and on other
pages only through the nav, whose titles mkdocs.yml gives (claim pages are not in the nav).
A nav entry without a title takes its page's: then a change to a nav page means a build from
nothing. The property test tests/test_incremental.py compares every file with a
clean build after random sequences of changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import partial
from importlib import metadata
from pathlib import Path
from typing import Any

from factsite.digest import file_digest
from factsite.load.files import MANIFEST
from factsite.load.site_config import CONFIG_FILE
from factsite.publish import cache
from factsite.publish.engine import ENGINES
from factsite.render.crawlers import SITEMAP_DATES

RECORD = "build.bin"
ALWAYS_BUILT = ("sitemap.xml", "sitemap.xml.gz", "404.html")
SEARCH_BUNDLE = "pagefind"
_CLAIM_PAGE = re.compile(r"claims/(?!index(?:-[0-9]+)?\.md$)[a-z0-9-]+\.md")
# A claim's own files, and the render's manifest (each write changes it), which no page
# includes; a change to any other file may be a snippet's
_OWN_FILE = re.compile(
    r"(?:claims/[a-z0-9-]+\.md|claims/[a-z0-9-]+/embed\.html|cards/[a-z0-9-]+\.png"
    r"|embed/[a-z0-9-]+\.html"
    r"|oembed/[a-z0-9-]+\.json"
    rf"|{re.escape(MANIFEST)})"
)
_SNIPPET = "--8<--"  # pymdownx.snippets: the page includes another file
_PACKAGES = ("factsite", "mkdocs", "properdocs", "mkdocs-material", "pagefind", "pagefind-bin")
MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # mkdocs.utils.markdown_extensions
Stats = dict[str, tuple[int, int, int, str]]


@dataclass(frozen=True)
class Reuse:
    """What a build after a change keeps: the record's outputs, and the sources now."""

    outputs: Stats
    sources: Stats
    forced: list[str]  # outputs to build again (see the module's docstring)


def applies(cfg: dict[str, Any], engine: str) -> bool:
    """Whether a build of this site can reuse the previous one at all."""
    if engine not in ENGINES or cfg.get("plugins") != []:  # no search plugin, no unknown plugin
        return False
    if {"INHERIT", "hooks", "draft_docs", "docs_dir"} & set(cfg):
        return False  # settings that change where pages come from: build from nothing
    if cfg.get("use_directory_urls") is False or not cfg.get("nav"):
        return False
    nav = json.dumps(cfg["nav"], default=str)
    return not re.search(r'"claims/(?!index)[^"]*\.md"', nav)  # a claim page in the nav


def world(root: Path, cfg: dict[str, Any], engine: str) -> str:
    """The digest of what every page depends on (the module's docstring)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{cache.code_digest()}\0{sys.version}\0{engine}\0".encode())
    for name in _PACKAGES:
        try:
            h.update(f"{name}={metadata.version(name)}\0".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    h.update((root / CONFIG_FILE).read_bytes())
    h.update(json.dumps(cfg, sort_keys=True, default=str).encode())
    theme = cfg.get("theme")
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    if isinstance(custom, str) and (root / custom).is_dir():
        for path in sorted((root / custom).rglob("*")):
            # the checks' dates, read by sitemap.xml alone, which every build makes again
            # (ALWAYS_BUILT): a new date is no reason to build every page from nothing
            if path.is_file() and path != root / custom / SITEMAP_DATES:
                h.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def stats(folder: Path, known: Stats | None = None, *, skip: str = "", only: str = "") -> Stats:
    """Every file under folder: its path (with /) → (size, mtime_ns, inode, content digest).

    A file whose size, mtime and inode are those `known` gives keeps the digest known for
    it; any other is read. So a site and docs/ restored from a CI cache, where every inode is
    new, are compared by their contents. `skip` leaves out one top folder; `only` reads just
    that one (paths stay relative to folder).
    """
    known = known or {}
    out: Stats = {}
    base = len(str(folder)) + 1
    for dirpath, dirnames, filenames in os.walk(folder / only if only else folder):
        dirnames.sort()
        if skip and dirpath == str(folder) and skip in dirnames:
            dirnames.remove(skip)
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = path[base:].replace(os.sep, "/")
            st = os.lstat(path)
            sig = (st.st_size, st.st_mtime_ns, st.st_ino)
            old = known.get(rel)
            out[rel] = (*sig, old[3] if old and old[:3] == sig else file_digest(path))
    return out


def names(folder: Path) -> list[str]:
    """Every file under folder (its path with /), as stats() lists them, none of them read."""
    base = len(str(folder)) + 1
    return [
        os.path.join(dirpath, name)[base:].replace(os.sep, "/")
        for dirpath, _, filenames in os.walk(folder)
        for name in filenames
    ]


def _same(now: Stats, then: Stats) -> bool:
    return now.keys() == then.keys() and all(now[p][3] == then[p][3] for p in now)


def dest(source: str) -> str:
    """Where MkDocs (use_directory_urls) puts the output of the docs/ file `source`."""
    if not source.endswith(MARKDOWN):
        return source
    parent, _, name = source.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    prefix = f"{parent}/" if parent else ""
    return f"{prefix}index.html" if stem in ("index", "README") else f"{prefix}{stem}/index.html"


def previous(root: Path, docs: Path, site_dir: Path, key: str, cfg: dict[str, Any]) -> Reuse | None:
    """What the build can keep of site_dir, or None to build from nothing."""
    record = cache.load(root, RECORD, key)
    if not isinstance(record, dict) or not site_dir.is_dir():
        return None
    try:
        then = {p: tuple(v) for p, v in record["outputs"].items()}
        before = {p: tuple(v) for p, v in record["sources"].items()}
        outputs = stats(site_dir, then)
        if not _same(outputs, then):
            return None  # site/ is not the site this record describes
        sources = stats(docs, before)
    except (OSError, LookupError, TypeError, ValueError, AttributeError):
        return None  # a record this code did not write
    changed = {s for s, sig in sources.items() if s not in before or before[s][3] != sig[3]}
    gone = before.keys() - sources.keys()
    forced = must_build(docs, (changed, gone), (before, sources), cfg)
    return None if forced is None else Reuse(outputs, sources, forced)  # type: ignore[arg-type]


def must_build(
    docs: Path,
    change: tuple[Collection[str], Collection[str]],
    files: tuple[Collection[str], Collection[str]],
    cfg: dict[str, Any],
    snippets: Callable[[list[str]], set[str]] | None = None,
) -> list[str] | None:
    """The outputs to build again (the module's docstring) after the docs/ files of `change`
    (changed, gone), `files` being those docs/ held (before, now); None: build everything.
    `snippets` picks, of the pages given, those that include a snippet (by default, each page
    read: a preview that knows them already saves the reads)."""
    changed, gone = set(change[0]), set(change[1])
    before, now = files
    nav = _nav_pages(cfg.get("nav"))
    if None in nav and nav & (changed | gone):
        return None  # an untitled nav entry takes its page's title: every page's nav may move
    forced = {*ALWAYS_BUILT, *map(dest, changed | gone)}
    pages = None  # the other pages, listed only when they are needed (50,000 files)
    if any(s.endswith(MARKDOWN) and s in before for s in gone):
        pages = other_pages(now)
        forced.update(map(dest, pages))  # a page is gone: check every link to pages again
    if any(not _OWN_FILE.fullmatch(s) for s in changed | gone):  # perhaps a snippet's source
        pages = other_pages(now) if pages is None else pages
        forced.update(map(dest, (snippets or partial(including, docs))(pages)))
    return sorted(forced)


def other_pages(files: Collection[str]) -> list[str]:
    """The Markdown pages among `files` (under docs/) but the claims' own."""
    return [s for s in files if s.endswith(MARKDOWN) and not _CLAIM_PAGE.fullmatch(s)]


def including(docs: Path, pages: list[str]) -> set[str]:
    """Those of `pages` (under docs/) that include a snippet. Raises OSError."""
    return {s for s in pages if _SNIPPET in (docs / s).read_text("utf-8")}


def _nav_pages(nav: Any) -> set[str | None]:
    """The pages the nav names (None among them if an entry has no title of its own)."""
    found: set[str | None] = set()
    if isinstance(nav, str):
        found |= {nav, None}
    elif isinstance(nav, list):
        for item in nav:
            found |= _nav_pages(item)
    elif isinstance(nav, dict):
        for title, value in nav.items():
            if isinstance(value, str):
                found |= {value} if title else {value, None}
            else:
                found |= _nav_pages(value)
    return found


def built(root: Path, site: Path, sources: Stats) -> Stats:
    """The record of the site just built in `site`, but its search bundle, which Pagefind
    may be writing meanwhile (remember adds it).

    A site file that is a hard link of the docs/ file at the same path (pages.py links the
    static folders) has that file's size, mtime and inode, so its digest is known already;
    inodes are compared only within one file system. Raises OSError.
    """
    same_disk = os.stat(root / "docs").st_dev == os.stat(site).st_dev
    return stats(site, sources if same_disk else {}, skip=SEARCH_BUNDLE)


def remember(root: Path, key: str, sources: Stats, site_dir: Path, outputs: Stats) -> Record | None:
    """Record the site just built from nothing and swapped into site_dir (`outputs`: built()
    of it), for the next build; the record, or None if the site could not be read. The files
    keep their inodes when the site is moved into place (swap.py)."""
    try:
        bundle = stats(site_dir, only=SEARCH_BUNDLE)
        st = os.stat(site_dir)
    except OSError:
        cache.forget(root, RECORD)
        return None
    record = Record(key, sources, {**outputs, **bundle}, (st.st_dev, st.st_ino))
    record.save(root)
    return record


@dataclass
class Record:
    """The record of the site a build published (the module's docstring), as `factsite serve`
    keeps it between its rounds, so that a round reads no record and walks no folder; with the
    identity (device, inode) of the site/ folder it describes (a build from nothing by another
    run swaps another folder in) and the manifest of docs/ it was built from (another run's
    render, which any build after a change begins with, writes a new one)."""

    key: str
    sources: Stats
    outputs: Stats
    site: tuple[int, int]
    snippets: set[str] | None = None  # the pages under docs/ that include a snippet, once read

    def holds(self, docs: Path, site_dir: Path) -> bool:
        """Whether site_dir is still the folder recorded and docs/ holds what the record says
        of its manifest: no other run rendered or built since (checked before a render)."""
        then = self.sources.get(MANIFEST)
        try:
            st, m = os.stat(site_dir), os.lstat(docs / MANIFEST)
        except OSError:
            return False
        now = (m.st_size, m.st_mtime_ns, m.st_ino)
        return (st.st_dev, st.st_ino) == self.site and then is not None and then[:3] == now

    def left(self, docs: Path) -> None:
        """Take the manifest of docs/ as it is now: a preview's round that wrote pages into
        docs/ and left building them to its next round (which is told which) is still the
        last run to have written there. The record on disk keeps the manifest it was built
        from. Raises OSError."""
        now, _ = restat(docs, {MANIFEST}, self.sources)
        self.sources = {**self.sources, **now}

    def save(self, root: Path) -> None:
        cache.save(root, RECORD, self.key, {"sources": self.sources, "outputs": self.outputs})


def restat(folder: Path, rels: Collection[str], known: Stats) -> tuple[Stats, set[str]]:
    """stats() of just `rels` under folder: (those there, those gone). Raises OSError."""
    found: Stats = {}
    gone: set[str] = set()
    for rel in rels:
        try:
            st = os.lstat(folder / rel)
        except FileNotFoundError:
            gone.add(rel)
            continue
        sig = (st.st_size, st.st_mtime_ns, st.st_ino)
        old = known.get(rel)
        found[rel] = (*sig, old[3] if old and old[:3] == sig else file_digest(folder / rel))
    return found, gone


def forget(root: Path) -> None:
    cache.forget(root, RECORD)
