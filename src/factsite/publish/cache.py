"""Caches that let an unchanged project skip work: the check, then the render.

The commands consult them once before the work and record once after it (commands/); no stage
below knows of them.

Both are keyed by a digest of everything the work depends on (any change is a miss): every
input file's path, size, mtime, ctime, inode and device; the code of this package and the
versions of the libraries it parses and writes with; and the day (dates are checked against it).

- The check (`check.bin`): `check_project`'s result for a clean project. Its key also holds the
  commit checked out, which the rule against backdating reads.
- The render (`render.bin`): the size and mtime of every file written for the pages' inputs. A
  render whose inputs and outputs are both unchanged renders and writes nothing. Its key adds
  the site settings (pages show no git history: the project's key already holds the commit,
  for the check).
- What the render made (`pages.bin`, render.Memo's `plain`): the annotated articles, their
  quoted paragraphs and the listing pages, each with the digest of the values it was made
  from; the next render, whatever changed, takes those whose values give the same digest
  instead of making them again. Keyed by the code alone, like the check's per-file memo
  (`claims.bin`): its entries carry their inputs' digests.

Correctness first:
- A file changed within the same clock tick as an earlier write keeps its mtime and size. Like
  git's "racy" rule, a project whose inputs changed in the last RACY_SECONDS is not cached.
- Inode, ctime and device change with every checkout, so a cache file that someone committed
  never matches, and its body is read (with marshal) only after its key header matched.
- But the memos keyed by the code alone (`claims.bin`, `pages.bin`) could be made to match,
  and the build record keeps a site's files: a cache folder that git tracks is never read
  (`load`), since anyone can commit one in a pull request (what it could otherwise do: a
  memo whose entry gives a claim file's digest with other data and no problem would pass that
  file unchecked). The cache that CI restores (`actions/cache`) is no file of the checkout.
- A project with a symlink or a special file among its inputs is never cached.

The files live in .factsite-cache/ at the project's root, which carries its own .gitignore.
FACTSITE_CACHE=0 turns caching off (the folder still holds the lock of publish/lock.py).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import marshal
import os
import stat
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from factsite.check.model import Article, Project
from factsite.check.rules import today
from factsite.load import history
from factsite.load.files import INPUT_DIRS, INPUT_FILES, Layout
from factsite.load.scale import Scale, Verdict
from factsite.load.site_config import Site
from factsite.render import Memo

CACHE_DIR = ".factsite-cache"
FORMAT = 2
RACY_SECONDS = 2  # coarse file clocks tick in milliseconds; FAT's in two seconds
# babel: its CLDR data writes the dates and plural forms; Jinja2 renders the claim page
_LIBRARIES = ("PyYAML", "jsonschema-rs", "python-frontmatter", "pillow", "babel", "jinja2")
_code: str | None = None


def enabled() -> bool:
    return os.environ.get("FACTSITE_CACHE", "1") != "0"


def code_digest() -> str:
    """This package's source and the versions of the libraries that shape its output."""
    global _code
    if _code is None:
        from importlib.metadata import PackageNotFoundError, version

        h = hashlib.blake2b(f"{FORMAT}\0{sys.version}".encode(), digest_size=20)
        for name in _LIBRARIES:
            try:
                h.update(f"\0{name}={version(name)}".encode())
            except PackageNotFoundError:
                h.update(f"\0{name}=?".encode())
        package = Path(__file__).resolve().parent.parent  # the whole factsite package
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
                h.update(path.read_bytes())
        _code = h.hexdigest()
    return _code


class _Uncacheable(Exception):
    pass


def _now_ns() -> int:
    return time.time_ns()


def inputs_digest(root: Path, files: tuple[str, ...], folders: tuple[str, ...]) -> str | None:
    """Digest of the named files and of every file under the named folders, or None when they
    cannot be cached (a symlink, a special file, a change in the last RACY_SECONDS)."""
    h = hashlib.blake2b(code_digest().encode(), digest_size=20)
    recent = _now_ns() - RACY_SECONDS * 1_000_000_000
    try:
        for name in files:
            try:
                st = os.lstat(root / name)
            except FileNotFoundError:
                h.update(f"\0{name}\0missing".encode())
                continue
            _add(h, name, st, recent)
        for name in folders:
            _walk(h, root / name, name, recent)
    except (_Uncacheable, OSError):
        return None
    return h.hexdigest()


def _walk(h: Any, folder: Path, rel: str, recent: int) -> None:
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        h.update(f"\0{rel}/\0missing".encode())
        return
    if not stat.S_ISDIR(st.st_mode):
        raise _Uncacheable  # a symlink or a file where a folder belongs
    h.update(f"\0{rel}/\0{st.st_dev}:{st.st_ino}".encode())
    with os.scandir(folder) as it:
        entries = sorted(it, key=lambda e: e.name)
    for entry in entries:
        path = f"{rel}/{entry.name}"
        if entry.is_dir(follow_symlinks=False):
            _walk(h, Path(entry.path), path, recent)
        else:
            _add(h, path, entry.stat(follow_symlinks=False), recent)


def _add(h: Any, rel: str, st: os.stat_result, recent: int) -> None:
    if not stat.S_ISREG(st.st_mode) or max(st.st_mtime_ns, st.st_ctime_ns) > recent:
        raise _Uncacheable
    ident = f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}:{st.st_dev}"
    h.update(f"\0{rel}\0{ident}".encode())


GITIGNORE = "# factsite's cache: never commit it\n*\n"


def cache_folder(root: Path) -> Path:
    """root/.factsite-cache, made if need be (two runs may make it at once), with its
    .gitignore: written again when missing or cut short, as a killed run can leave it, since
    without it the cache and the lock would show up in `git status`."""
    folder = root / CACHE_DIR
    if folder.is_symlink():  # never write where a link points
        raise OSError(errno.ELOOP, "the cache folder is a symlink: remove it")
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    try:
        intact = ignore.read_bytes() == GITIGNORE.encode()
    except OSError:
        intact = False
    if not intact:
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(GITIGNORE.encode())
            os.replace(tmp, ignore)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return folder


def load(root: Path, name: str, key: str) -> Any:
    """The value stored under `name` for `key`, or None; None too when git tracks the cache
    folder (the module's docstring: a committed cache is anyone's)."""
    if not enabled() or (root / CACHE_DIR).is_symlink() or not (root / CACHE_DIR / name).is_file():
        return None
    if history.tracked(root, CACHE_DIR):
        _say_committed(root)
        return None
    try:
        with (root / CACHE_DIR / name).open("rb") as fh:
            if fh.readline() != _header(key):
                return None
            return marshal.loads(fh.read())  # noqa: S302 - only once the key matched
    except (OSError, ValueError, EOFError, TypeError):
        return None


def save(root: Path, name: str, key: str, value: Any) -> None:
    """Store `value` (made of dicts, lists, text and numbers) under `name` for `key`. A cache
    that cannot be written is no error."""
    if not enabled():
        return
    try:
        body = marshal.dumps(value)
        folder = cache_folder(root)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(_header(key))
                fh.write(body)
            os.replace(tmp, folder / name)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass


_said: set[Path] = set()


def _say_committed(root: Path) -> None:
    """Say once per run that the cache is in git, and what to do about it."""
    if root not in _said:
        _said.add(root)
        print(
            f"factsite: {CACHE_DIR}/ is committed to git, so its records are not trusted and "
            f"every run starts from nothing: git rm -r --cached {CACHE_DIR}",
            file=sys.stderr,
        )


def _header(key: str) -> bytes:
    return f"factsite-cache {FORMAT} {key}\n".encode()


def forget(root: Path, name: str) -> None:
    with contextlib.suppress(OSError):
        (root / CACHE_DIR / name).unlink()


# The check: a clean project's checked data, read back instead of checked again.

CHECK_CACHE = "check.bin"
MEMO_CACHE = "claims.bin"  # each claim file's own check (check/memo.py)
RENDER_CACHE = "render.bin"


def project_digest(root: Path) -> str | None:
    """Digest of every file the check reads, the code, the day and the commit checked out (a
    new commit can make a clean project's dates backdated); None if uncacheable."""
    if not enabled():
        return None
    inputs = inputs_digest(root, INPUT_FILES, INPUT_DIRS)
    if inputs is None:
        return None
    commit = hashlib.blake2b((history.head(root) or "").encode(), digest_size=8).hexdigest()
    return f"{inputs}-{today().isoformat()}-{commit}"


def load_project(root: Path, digest: str | None) -> Project | None:
    """The clean project checked with these very inputs, or None."""
    if digest is None:
        return None
    value = load(root, CHECK_CACHE, digest)
    try:
        return Project(
            Layout(root),
            Scale(tuple(Verdict(**v) for v in value["scale"])),
            {aid: Article(*art) for aid, art in value["articles"].items()},
            value["claims"],
            value["claim_paths"],
            value["topics"],
            value["people"],
        )
    except (KeyError, TypeError, AttributeError):
        return None


def save_project(root: Path, digest: str | None, project: Project) -> None:
    """Remember a clean project; a project with problems is always checked again."""
    if digest is None or project.problems:
        return
    value = {
        "scale": [vars(v) for v in project.scale.verdicts],
        "articles": {
            aid: [art.data, art.snapshot, art.normalised] for aid, art in project.articles.items()
        },
        "claims": project.claims,
        "claim_paths": project.claim_paths,
        "topics": project.topics,
        "people": project.people,
    }
    save(root, CHECK_CACHE, digest, value)


# The render: whether docs/ still holds exactly what the last render wrote for these inputs.


def render_key(digest: str | None, site: Site) -> str | None:
    """The inputs of a render: the checked project's digest and the site settings."""
    if digest is None:
        return None
    return hashlib.blake2b(f"{digest}\0{site!r}".encode(), digest_size=20).hexdigest()


def rendered_pages(root: Path, key: str | None) -> int | None:
    """How many pages the last render wrote, if it was of `key` and every file it left (paths
    relative to root: docs/..., overrides/...) is as it left it."""
    if key is None:
        return None
    written = load(root, RENDER_CACHE, key)
    try:
        if written["root"] != str(root.resolve()):
            return None
        for rel, (size, mtime) in written["files"].items():
            st = os.lstat(root / rel)
            if not stat.S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns) != (size, mtime):
                return None
        return written["pages"] if isinstance(written["pages"], int) else None
    except (OSError, KeyError, TypeError, ValueError):
        return None


def remember_pages(
    root: Path,
    key: str | None,
    paths: list[str],
    pages: int,
    known: dict[str, tuple[int, int]] | None = None,
) -> None:
    """Record the size and mtime of every file (relative to root) a render of `key` left:
    `known` where the write has them (the drawn files' records in its manifest: four fifths
    of the files at 10,000 claims, each otherwise a stat), else the file's own."""
    if key is None:
        return
    files = {}
    known = known or {}
    try:
        for rel in paths:
            if (sig := known.get(rel)) is not None:
                files[rel] = list(sig)
                continue
            st = os.lstat(root / rel)
            files[rel] = [st.st_size, st.st_mtime_ns]
    except OSError:
        return
    save(root, RENDER_CACHE, key, {"root": str(root.resolve()), "pages": pages, "files": files})


# What the render made, for the next render in another process (render.Memo).

PAGES_CACHE = "pages.bin"


def load_memo(root: Path) -> Memo:
    """The memo the last render of this code left, or an empty one."""
    return Memo.restored(load(root, PAGES_CACHE, code_digest()))


def save_memo(root: Path, memo: Memo) -> None:
    """Keep the memo for the next render, if this one made anything it did not hold."""
    if memo.changed:
        save(root, PAGES_CACHE, code_digest(), memo.plain())
        memo.changed = False
