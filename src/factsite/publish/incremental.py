"""A build after a change: the previous site, less what the change can alter, built again.

After every successful build, a record in .factsite-cache/ (publish/cache.py) keeps:
- `world`: a digest of everything every page depends on: mkdocs.yml (as written and as read,
  with its !ENV values), the theme's overrides, the engine, and the versions of Python,
  factsite, MkDocs, Material and Pagefind;
- `sources`: each file under docs/ with its size, mtime, inode and a digest of its content
  (read again only for a file whose size, mtime or inode moved: a render replaces a file it
  changes, so a changed file always has a new inode);
- `outputs`: each file of the site it published, likewise.

The next build reuses that site only if the world is the same and site/ still holds exactly
those outputs; otherwise (no record, another world, a site/ touched by hand, a corrupt
record) it builds from nothing: a stale or missing record costs time, never correctness.

Reusing: the site is copied into the build folder as hard links, and from that copy go the
outputs that must be built again:
- every page that is not a claim page: the home page, the listings, the article, topic,
  verdict and claimant pages (a few hundred at 10,000 claims) list other pages or include
  generated snippets, so they are always rebuilt;
- every claim page, static file or card whose source changed, and the outputs of sources that
  are gone;
- sitemap.xml(.gz) and 404.html (MkDocs renders them on every build) and the search index.
Then MkDocs builds dirty (publish/dirty_engine.py), which builds exactly what is missing, and
Pagefind indexes the whole site again. Why a kept claim page equals a fresh one: a claim page
is not in the nav, so its HTML depends only on its own source, mkdocs.yml and the theme (the
nav's titles are explicit in mkdocs.yml; with an untitled nav entry, a changed nav page
rebuilds everything). The property test tests/test_incremental.py compares every file with a
clean build after random sequences of changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from factsite.load.site_config import CONFIG_FILE
from factsite.publish import cache

RECORD = "build.bin"
ALWAYS_BUILT = ("sitemap.xml", "sitemap.xml.gz", "404.html")
SEARCH_BUNDLE = "pagefind"
_CLAIM_PAGE = re.compile(r"claims/(?!index(?:-[0-9]+)?\.md$)[a-z0-9-]+\.md")
_PACKAGES = ("factsite", "mkdocs", "mkdocs-material", "pagefind", "pagefind-bin")
_MARKDOWN = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")  # mkdocs.utils.markdown_extensions
Stats = dict[str, tuple[int, int, int, bytes]]


@dataclass(frozen=True)
class Reuse:
    """What a build after a change keeps: the record's outputs, and the sources now."""

    outputs: Stats
    sources: Stats
    forced: list[str]  # outputs to build again (see the module's docstring)


def applies(cfg: dict[str, Any], engine: str) -> bool:
    """Whether a build of this site can reuse the previous one at all."""
    if engine != "mkdocs" or cfg.get("plugins") != []:  # no search plugin, no unknown plugin
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
    h.update(f"{sys.version}\0{engine}\0".encode())
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
            if path.is_file():
                h.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def stats(folder: Path, known: Stats | None = None) -> Stats:
    """Every file under folder: its path (with /) → (size, mtime_ns, inode, content digest).

    A file whose size, mtime and inode are those `known` gives keeps the digest known for
    it; any other is read. So a site and docs/ restored from a CI cache, where every inode is
    new, are compared by their contents.
    """
    known = known or {}
    out: Stats = {}
    base = len(str(folder)) + 1
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames.sort()
        for name in filenames:
            path = os.path.join(dirpath, name)
            rel = path[base:].replace(os.sep, "/")
            st = os.lstat(path)
            sig = (st.st_size, st.st_mtime_ns, st.st_ino)
            old = known.get(rel)
            out[rel] = (*sig, old[3] if old and old[:3] == sig else _digest(path))
    return out


def _digest(path: str) -> bytes:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, lambda: hashlib.blake2b(digest_size=16)).digest()


def _same(now: Stats, then: Stats) -> bool:
    return now.keys() == then.keys() and all(now[p][3] == then[p][3] for p in now)


def dest(source: str) -> str:
    """Where MkDocs (use_directory_urls) puts the output of the docs/ file `source`."""
    if not source.endswith(_MARKDOWN):
        return source
    parent, _, name = source.rpartition("/")
    stem = name.rsplit(".", 1)[0]
    prefix = f"{parent}/" if parent else ""
    return f"{prefix}index.html" if stem in ("index", "README") else f"{prefix}{stem}/index.html"


def previous(root: Path, docs: Path, site_dir: Path, key: str) -> Reuse | None:
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
    except (OSError, KeyError, TypeError, ValueError, AttributeError):
        return None
    forced = {*ALWAYS_BUILT}
    for src, sig in sources.items():
        if (src.endswith(_MARKDOWN) and not _CLAIM_PAGE.fullmatch(src)) or before.get(src) != sig:
            forced.add(dest(src))
    forced.update(dest(src) for src in before.keys() - sources.keys())
    return Reuse(outputs, sources, sorted(forced))  # type: ignore[arg-type]


def prepare(site_dir: Path, tmp: Path, reuse: Reuse) -> None:
    """The previous site in tmp as hard links, less what must be built again."""
    gone = set(reuse.forced)
    for rel in reuse.outputs:
        if rel in gone or rel.startswith(f"{SEARCH_BUNDLE}/"):
            continue
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(site_dir / rel, target)


def keep_search(site_dir: Path, tmp: Path, reuse: Reuse) -> bool:
    """The previous search index, as it was, in tmp (the preview's builds): False if there
    is none or it cannot be linked, and then the site is indexed again."""
    bundle = [rel for rel in reuse.outputs if rel.startswith(f"{SEARCH_BUNDLE}/")]
    try:
        for rel in bundle:
            (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(site_dir / rel, tmp / rel)
    except OSError:
        shutil.rmtree(tmp / SEARCH_BUNDLE, ignore_errors=True)
        return False
    return bool(bundle)


def remember(root: Path, key: str, sources: Stats, site_dir: Path, reuse: Reuse | None) -> None:
    """Record the site just published, for the next build."""
    try:
        outputs = stats(site_dir, reuse.outputs if reuse else None)
    except OSError:
        cache.forget(root, RECORD)
        return
    cache.save(root, RECORD, key, {"sources": sources, "outputs": outputs})


def forget(root: Path) -> None:
    cache.forget(root, RECORD)
