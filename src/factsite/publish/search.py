"""The site's search index: Pagefind over the built HTML, in parts, before the build is swapped in.

Why Pagefind rather than Material's search (issue 12, measured in BENCHMARKS.md): Material
fetches its whole index (47 MB at 10,000 claims) on every page view; Pagefind splits the index
into chunks and per-page fragments that the browser fetches only for the words searched, and
only once the reader opens search (theme/assets/factsite-search.js).

What is indexed is set in the HTML, not here: the theme marks each page's content with
`data-pagefind-body` (so Material's chrome, the navigation and the embed pages stay out), and
the claim pages carry their filters and metadata (render/claim_page.py). Pagefind reads built
HTML only, so it works the same whatever engine built the site (ENGINES.md).

Every page of a site has the one `<html lang>` of `theme.language`, so each bundle has one
index, and words in other scripts (Hebrew, Azerbaijani) are indexed as they are written.

In parts (issue 26). Pagefind has no incremental mode, and one run over every page of a
10,000-claim site took 35 to 53 s and 1.7 GB. So the claim pages are cut into `parts`, one for
each PART_SIZE claims (parts.part_of, by a hash of the claim's id), each its own Pagefind bundle
in `pagefind/part-K/`; the other pages (home, listings, articles...) make the main bundle in
`pagefind/` itself, which holds Pagefind's script too. A site of up to PART_SIZE claims has one
part: every page in `pagefind/`, the layout of a site without parts. `pagefind/factsite-parts.json`
names the parts, which the browser merges into the main bundle (Pagefind's `mergeIndex`). A
part's bundle depends on its pages alone, so a build after a change indexes again only the
parts whose pages are not those their bundle was made from (KEYS) and links the others from
the previous site; the bundles are indexed one after another, so the memory a build needs is
one part's. The size is measured in
BENCHMARKS.md: each part adds its entry, metadata and a chunk of the index to a first search.

What the merged parts find (tests/test_search.py): every page one index finds, with the same
filters, ordered by Pagefind's scores, which each part computes from its own pages (hence
MAIN_WEIGHT). And one
thing more: Pagefind matches a word by the words of the index that start with it, and when a
part has none, by the longest word of the part that it starts with ("abstaining", searched in
a part without it, finds the pages of some shorter word). One index falls back only when no
page has the word;
merged, every part without it adds those pages. At 10,000 claims, where a part has thousands
of claims and the shorter word must be in the index chunk the search loads, none of the words
tried showed it (BENCHMARKS.md); a part of 6 claims shows it on many words.

Each bundle is made by Pagefind's command line over a folder of its pages only (`_stage`), in
memory where the system has a tmpfs, each page there less the chrome Pagefind skips (`reduced`:
the same bundle; a part of 3,300 claims staged and indexed in 6.7 to 7.0 s against 8.4 to 9.3 s
for hard links on this disk), not with `--glob` over the site (which walks its 60,000 files
for each part) nor with the `pagefind` package's Python API: `add_html_file` waits a tenth of
a second for each page's answer (its service reads one answer per 0.1 s poll), 1,000 s for
10,000 pages.

Pagefind numbers a bundle's pages in the order its folder lists them: on a tmpfs the order
they were staged in (sorted, so always the same), on ext4 the order of its name hashes. So a
bundle staged in memory and one staged on the disk hold the same pages, words, fragments and
filters, numbered differently (tests/test_search.py): each build stages where it can, in
memory on a machine that has the room, and any bundle, kept from an earlier build or made now,
is a whole index of its own pages.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from factsite.digest import file_digest
from factsite.publish.parts import part_of
from factsite.publish.search_order import fix_order
from factsite.publish.swap import build_folder

BUNDLE = "pagefind"  # the folder Pagefind writes into the site, which the theme's script loads
ENTRY = "pagefind-entry.json"  # written last: its presence says the index is whole
PARTS = "factsite-parts.json"  # in BUNDLE: the parts the browser merges, written after them
# In BUNDLE too, never fetched by a browser: for each bundle, a digest of its pages (their paths
# and bytes). A later build keeps a bundle only if its pages give the same digest: a preview
# keeps the search of its first build (commands/serve.py), so a site's bundles may be older
# than its pages, and the build after it must see that.
KEYS = "factsite-bundles.json"
TIMEOUT_S = 600  # 16 s at 10,000 claims on 2 cores: this only stops a hung binary
# Claims per part (BENCHMARKS.md, 7 December 2026: search in parts): at 10,000 claims 3 parts
# keep a first search under 300 kB (5 parts of 2,000 took 328 kB) and Pagefind under 0.62 GB.
PART_SIZE = 3500
PART_SIZE_ENV = "FACTSITE_SEARCH_PART_SIZE"  # tests lower it to make a small site of parts
# Pagefind scores the pages of each bundle by that bundle's statistics: in the main bundle's few
# hundred pages a word most claims hold looks rare, and those pages outscored every claim (at
# 10,000 claims, "copper": the annotated articles 14.1, the claims 7.2; in one index the claims
# came first). Their scores are weighted by this (Pagefind's `indexWeight`). The ratio of a
# page's score in one index to its score in the main bundle ran from 0.01 to 1.56 over six words
# (median 0.57): no one weight gives one index's order. 0.35, below the median, puts a claim's
# own page before the long pages that list or quote it, as one index did for the words most
# claims hold ("copper" 0.18, "aliyev" 0.55), and keeps those pages' 35 kB out of a first search.
MAIN_WEIGHT = 0.35

# A claim's own page, with directory URLs or without; not the listings (claims/index-2/)
_CLAIM_PAGE = re.compile(
    r"claims/(?!index(?:-[0-9]+)?(?:/index)?\.html$)([a-z0-9-]+)(?:/index)?\.html"
)


def claim_of(page: str) -> str | None:
    """The id of the claim whose page `page` (a path in the site) is; None for other pages."""
    found = _CLAIM_PAGE.fullmatch(page)
    return found.group(1) if found else None


def part_size() -> int:
    """Claims per part: PART_SIZE, or the positive number in FACTSITE_SEARCH_PART_SIZE."""
    value = os.environ.get(PART_SIZE_ENV, "")
    return int(value) if value.isdigit() and int(value) > 0 else PART_SIZE


def part_count(claims: int, size: int | None = None) -> int:
    """The number of parts of a site of `claims` claims: one for each `size` (part_size())."""
    return max(1, math.ceil(claims / (size or part_size())))


def folder(part: int | None) -> str:
    """The bundle of a part (None: the main bundle), as a path in the site."""
    return BUNDLE if part is None else f"{BUNDLE}/part-{part}"


@dataclass(frozen=True)
class Layout:
    """How a site's pages are cut into bundles: `parts` parts of claim pages (1: the claims
    are in the main bundle), and each bundle folder (main first) with its pages."""

    parts: int
    bundles: dict[str, list[str]]


def layout(pages: Iterable[str], size: int) -> Layout:
    """The bundles of `pages` (paths in the site), a part for each `size` claims."""
    claims = {page: claim_of(page) for page in pages}
    parts = part_count(sum(c is not None for c in claims.values()), size)
    bundles: dict[str, list[str]] = {BUNDLE: []}
    for page, claim in sorted(claims.items()):
        part = None if claim is None or parts == 1 else part_of(claim, parts)
        bundles.setdefault(folder(part), []).append(page)
    main = bundles.pop(BUNDLE)
    return Layout(parts, {BUNDLE: main, **dict(sorted(bundles.items()))})


def site_pages(site_dir: Path, directory_urls: bool = True) -> list[str]:
    """The pages to index in site_dir: every index.html with directory URLs (not the embeds,
    claims/<id>/embed.html, which hold no data-pagefind-body: the index is the same, a third
    faster), else every .html file (Pagefind's default); none of the search bundle."""
    found = []
    base = len(str(site_dir)) + 1
    for dirpath, dirnames, filenames in os.walk(site_dir):
        if dirpath == str(site_dir) and BUNDLE in dirnames:
            dirnames.remove(BUNDLE)
        for name in filenames:
            if name == "index.html" if directory_urls else name.endswith(".html"):
                found.append(os.path.join(dirpath, name)[base:].replace(os.sep, "/"))
    return found


@dataclass(frozen=True)
class Previous:
    """The site a build after a change starts from: its folder and its files (paths in it).
    Its bundles whose pages are those the new site has, byte for byte, are kept."""

    site_dir: Path
    files: Collection[str]


def index_site(
    site_dir: Path,
    *,
    directory_urls: bool = True,
    previous: Previous | None = None,
    known: Mapping[str, str] | None = None,
    into: Path | None = None,
) -> str | None:
    """Index the built site, bundle after bundle, into its pagefind/ folder (or into's, a
    folder beside the site where pagefind/ does not exist yet): None when done, else what
    went wrong (for the reader of the build log). The caller fails the build on a problem, so
    no site goes out with a search that cannot find anything. `known`: the digests of pages
    (file_digest), where the caller has them; the others are read."""
    out = into or site_dir
    try:
        plan = layout(site_pages(site_dir, directory_urls), part_size())
        keys = {b: _key(site_dir, pages, known or {}) for b, pages in plan.bundles.items()}
    except OSError as e:
        return f"search: cannot read the site's pages: {e}"
    kept = _keepable(plan, keys, previous)
    for bundle, pages in plan.bundles.items():
        if not pages and bundle != BUNDLE:
            continue  # a part no claim falls into (a small site of several parts)
        if previous is not None and bundle in kept:
            problem = _link_bundle(previous, bundle, out)
        else:
            problem = index_bundle(site_dir, pages, out / bundle)
        if problem:
            return problem
    merged = [f"{name.removeprefix(BUNDLE + '/')}/" for name, ps in plan.bundles.items() if ps]
    listing = {"parts": plan.parts, "merge": merged[1:], "main_weight": MAIN_WEIGHT}
    try:
        (out / BUNDLE / PARTS).write_text(json.dumps(listing), "utf-8")
        (out / BUNDLE / KEYS).write_text(json.dumps(keys, sort_keys=True), "utf-8")
    except OSError as e:
        return f"search: cannot write {BUNDLE}/{PARTS}: {e}"
    return None


def _key(site_dir: Path, pages: list[str], known: Mapping[str, str]) -> str:
    """The digest of a bundle's pages: their paths and the digests of their bytes."""
    h = hashlib.blake2b(digest_size=16)
    for page in pages:
        digest = known.get(page) or file_digest(site_dir / page)
        h.update(f"{page}\0{digest}\n".encode())
    return h.hexdigest()


def index_bundle(site_dir: Path, pages: list[str], out: Path) -> str | None:
    """Pagefind over `pages` (paths in site_dir) alone, writing the bundle `out`, a folder that
    must not exist yet (Pagefind would leave another run's files in it, and a file linked
    from the previous site must never be written). None when done, else the problem."""
    name = out.relative_to(site_dir).as_posix() if out.is_relative_to(site_dir) else str(out)
    try:
        stage, held = _staged(site_dir, pages)
    except OSError as e:
        return f"search: cannot make a folder to index {name}: {e}"
    try:
        argv = [sys.executable, "-m", "pagefind", "--site", str(stage), "--quiet"]
        done = subprocess.run(  # noqa: S603 - a fixed argv of our own
            [*argv, "--output-path", str(out.resolve())],
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"search: pagefind did not run: {e}"
    finally:
        _drop(stage, held)
    if done.returncode != 0:
        said = (done.stderr + done.stdout).strip() or f"exit code {done.returncode}"
        return f"search: pagefind failed: {said}"
    if not (out / ENTRY).is_file():
        return f"search: pagefind wrote no {name}/{ENTRY}"
    if problem := fix_order(out):  # the same pages give the same files
        return problem
    if done.stderr.strip():  # warnings (e.g. a page without a language): shown, not fatal
        print(done.stderr.rstrip(), file=sys.stderr)
    return None


# A tmpfs on Linux (GitHub's runners included); each run makes its own folder in it
# (mkdtemp: mode 0700, a name no one else has) and removes only its user's
RAM = Path("/dev/shm")  # noqa: S108
RAM_PREFIX = "factsite-index-"


def _staged(site_dir: Path, pages: list[str]) -> tuple[Path, int | None]:
    """A new folder holding the bundle's pages (_stage): in memory (RAM) where the system
    has room there for twice their bytes, held by a lock on it (the descriptor returned)
    while this run uses it; else, or if anything there fails, a build's folder beside the
    site (swap.py's name, which recover() removes if the run is killed), and None. A folder
    in memory that a killed run left is removed by the next, which finds it unlocked (the
    kernel drops a dead process's locks). Raises OSError."""
    try:
        staged = _in_memory(site_dir, pages)
    except OSError:  # no tmpfs after all, full (another run's folder), unreadable
        staged = None
    if staged is not None:
        return staged
    folder = build_folder(site_dir)
    try:
        _stage(site_dir, pages, folder, reduce=False)
    except BaseException:
        _drop(folder, None)
        raise
    return folder, None


def _in_memory(site_dir: Path, pages: list[str]) -> tuple[Path, int] | None:
    if not (RAM.is_dir() and os.access(RAM, os.W_OK | os.X_OK)):
        return None
    _remove_left(RAM)
    room = os.statvfs(RAM)
    if room.f_bavail * room.f_frsize <= 2 * sum(os.stat(site_dir / p).st_size for p in pages):
        return None
    folder = Path(tempfile.mkdtemp(prefix=RAM_PREFIX, dir=RAM))
    held = None
    try:
        held = os.open(folder, os.O_RDONLY)
        fcntl.flock(held, fcntl.LOCK_EX)
        _stage(site_dir, pages, folder, reduce=True)
    except BaseException:
        _drop(folder, held)
        raise
    return folder, held


def _drop(folder: Path, held: int | None) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    if held is not None:
        os.close(held)


def _remove_left(ram: Path) -> None:
    """Remove the folders in `ram` that runs killed while indexing left: ours (this user's),
    and unlocked."""
    for folder in ram.glob(RAM_PREFIX + "*"):
        try:
            if folder.is_symlink() or folder.lstat().st_uid != os.getuid():
                continue
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # another run is indexing from it
        finally:
            os.close(fd)  # (which also drops the lock taken)
        shutil.rmtree(folder, ignore_errors=True)


def _stage(site_dir: Path, pages: list[str], stage: Path, *, reduce: bool) -> None:
    """Each page at its path under stage (the page's URL in the index is its path, as over
    the whole site): with `reduce` (a folder in memory), what Pagefind reads of it (reduced)
    where it has the theme's shape; else a hard link to it (a copy where links are refused):
    on a disk, writing the pages reduced cost more than Pagefind saved."""
    for page in pages:
        (stage / page).parent.mkdir(parents=True, exist_ok=True)
        if reduce and (less := reduced((site_dir / page).read_bytes())) is not None:
            (stage / page).write_bytes(less)
            continue
        try:
            os.link(site_dir / page, stage / page)
        except OSError:
            shutil.copyfile(site_dir / page, stage / page)


_BODY = b"<div data-pagefind-body>"  # theme/overrides/main.html: the page's content
_BODY_END = b"</article>"  # which the theme closes right after it


def reduced(html: bytes) -> bytes | None:
    """The page less Material's chrome between its <body> tag and its content (the header,
    the navigation, the table of contents) and after it (the footer, the scripts): the head,
    the content and the closing tags. Pagefind indexes only what is inside data-pagefind-body,
    and gives the same bundle for this as for the whole page (tests/test_search.py compares
    them over the repository's site) in two thirds of the time: half the bytes of a claim's
    page are that chrome. None for a page of another shape (one content, closed once)."""
    start = html.find(_BODY)
    end = html.rfind(_BODY_END)
    body = html.find(b"<body")
    if body < 0 or not body < start < end or html.count(b"data-pagefind-body") != 1:
        return None
    opened = html.find(b">", body) + 1
    if not 0 < opened <= start:
        return None
    return html[:opened] + html[start:end] + _BODY_END + b"</body></html>"


def _keepable(plan: Layout, keys: dict[str, str], previous: Previous | None) -> set[str]:
    """The bundles of `plan` the previous site holds as they would be made now: made from
    the same pages, byte for byte (KEYS)."""
    if previous is None:
        return set()
    try:
        then = json.loads((previous.site_dir / BUNDLE / KEYS).read_text("utf-8"))
    except (OSError, ValueError):
        return set()
    if not isinstance(then, dict):
        return set()
    files = set(previous.files)
    return {b for b in plan.bundles if then.get(b) == keys[b] and f"{b}/{ENTRY}" in files}


def _link_bundle(previous: Previous, bundle: str, site_dir: Path) -> str | None:
    """The previous site's files of `bundle` (not of the parts inside the main one, nor the
    list of parts) linked into site_dir."""
    prefix = f"{bundle}/"
    own = [
        f
        for f in previous.files
        if f.startswith(prefix)
        and f not in (f"{BUNDLE}/{PARTS}", f"{BUNDLE}/{KEYS}")
        and (bundle != BUNDLE or not f.startswith(f"{BUNDLE}/part-"))
    ]
    try:
        for rel in own:
            (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(previous.site_dir / rel, site_dir / rel)
    except OSError as e:
        return f"search: cannot keep {bundle} of the previous site: {e}"
    return None
