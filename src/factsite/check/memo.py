"""The checks of one claim file, remembered: a file whose bytes and context are those of the
last check gives the same data and problems, so it need not be parsed and checked again.

After one edit at 10,000 claims, the whole-project check would read every file (a digest
each) to check one. The memo is plain values (commands/validate.py stores it with
publish/cache.py; `factsite serve` keeps it in memory between its rounds):

    {"context": digest of the ClaimContext,
     "files": {path: (file digest, data, problems, stat or None)},
     "desk": {"key": digest, "files": {path: (file digest, problems)}}}

with each problem a (path, line, col, code, message) tuple, and the stat the file's (size,
mtime, ctime, inode, device) when its digest was taken. A file whose stat is the one recorded
is not read again, as git's index trusts a file's stat: the stat is recorded only once the
file is RACY_NS old, so that a change in the same tick of the file clock as the digest cannot
hide behind an equal mtime. Any other file is digested, and read back by its digest.
What a claim's checks depend on is its file's bytes, its path and the ClaimContext (the
schema, the scale, the topics, the articles' texts, today); the code that checks is the
cache's own key. The desk's rules (`desk`: people named, review, reply, drafts), which read a
claim with people.yaml and the desk's settings, are remembered the same way under a key of
those. Checks across files (duplicate ids, the schema file, backdating against git) run on
every check as before. A preview also keeps the claim files with their stats (`Listing`),
updated from its watcher's events rather than by a walk of claims/.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from factsite.check.claim import ClaimContext
from factsite.digest import regular_file_digest, value_digest
from factsite.load.document import Document
from factsite.load.files import CLAIMS_DIR, YAML_SUFFIXES, Layout, iter_yaml_files
from factsite.problems import Problem

Memo = dict[str, Any]
Stat = tuple[int, int, int, int, int]
RACY_NS = 2_000_000_000  # coarse file clocks tick in milliseconds; FAT's in two seconds


def context_digest(ctx: ClaimContext) -> str:
    return value_digest({k: v for k, v in vars(ctx).items() if not k.startswith("_")})


def stats(layout: Layout, paths: list[Path]) -> dict[str, Stat]:
    """{path: stat} of each regular file, taken before it is digested or read: a file changed
    in between is then recorded with a stat it no longer has, and digested next time."""
    found: dict[str, Stat] = {}
    for p in paths:
        try:
            st = os.lstat(p)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            found[layout.rel(p)] = (
                st.st_size,
                st.st_mtime_ns,
                st.st_ctime_ns,
                st.st_ino,
                st.st_dev,
            )
    return found


@dataclass
class Listing:
    """The claim files, {path relative to the root: path} in iter_yaml_files' order, and the
    stat of each regular one, as a walk of claims/ finds them: what a check starts from."""

    files: dict[str, Path]
    seen: dict[str, Stat]


def listing(
    layout: Layout, before: Listing | None = None, changed: Collection[str] | None = None
) -> Listing:
    """The claim files now. `before` and `changed` (`factsite serve`): the listing of its last
    round, and the paths (relative to the root) its watcher reported changed since, which
    are all that can differ: only they are looked at again, not the 10,000 files of a large
    site (a folder changed is walked again whole). Without both, claims/ is walked."""
    if before is None or changed is None or CLAIMS_DIR in changed:
        paths = list(iter_yaml_files(layout.claims))
        return Listing({layout.rel(p): p for p in paths}, stats(layout, paths))
    touched = {c for c in changed if c.startswith(f"{CLAIMS_DIR}/")}
    if not touched:
        return before
    under = tuple(f"{c}/" for c in touched)

    def looked_at(rel: str) -> bool:  # a changed path, or under a changed folder
        return rel in touched or rel.startswith(under)

    found = {layout.rel(p): p for c in sorted(touched) for p in _found(layout, c)}
    seen = {r: st for r, st in before.seen.items() if not looked_at(r)}
    seen |= stats(layout, list(found.values()))
    if found.keys() == {r for r in before.files if looked_at(r)}:  # the same files: same order
        return Listing(before.files, seen)
    files = {r: p for r, p in before.files.items() if not looked_at(r)} | found
    return Listing({layout.rel(p): p for p in sorted(files.values())}, seen)


def _found(layout: Layout, rel: str) -> list[Path]:
    """The claim files a walk of claims/ finds at `rel` now: none if a folder on the way is
    hidden or a symbolic link (the walk does not enter those), the files under it if it is
    a folder, itself if it is a YAML file (or a link to one)."""
    parts = PurePosixPath(rel).parts[1:]
    here = layout.claims
    for part in parts[:-1]:
        here = here / part
        if part.startswith(".") or here.is_symlink() or not here.is_dir():
            return []
    path = layout.root / rel
    if path.is_dir():
        return [] if path.is_symlink() or parts[-1].startswith(".") else list(iter_yaml_files(path))
    found = os.path.lexists(path) and path.name.endswith(YAML_SUFFIXES)
    return [path] if found else []


def recall(
    layout: Layout, paths: list[Path], ctx: ClaimContext, memo: Memo | None, seen: dict[str, Stat]
) -> tuple[dict[int, Document], dict[str, str] | None]:
    """({index in paths: the Document remembered}, {path: digest} of every file known, by
    its stat in `seen` or by its bytes). With nothing remembered for this context, (no
    Document, None): then every file is checked, and each is digested where it is checked,
    on all cores (pool.run), not here first."""
    files = memo.get("files") if isinstance(memo, dict) else None
    if not isinstance(files, dict) or memo.get("context") != context_digest(ctx):
        return {}, None
    digests: dict[str, str] = {}
    known: dict[int, Document] = {}
    for i, p in enumerate(paths):
        rel = layout.rel(p)
        try:
            digest, data, problems, was = files.get(rel)  # type: ignore[misc]
        except (TypeError, ValueError):  # none, or not an entry this code wrote
            digest, was = None, None
        now = digest if was is not None and tuple(was) == seen.get(rel) else None
        if now is None and (now := regular_file_digest(p)) is None:
            continue  # not a regular file: the loader says what it is
        digests[rel] = now
        if now == digest:
            try:
                known[i] = Document(rel, "", data, [Problem(*t) for t in problems])
            except TypeError:
                continue  # not an entry this code wrote: check the file
    return known, digests


def remember(
    ctx: ClaimContext,
    docs: list[Document],
    digests: dict[str, str],
    seen: dict[str, Stat],
    memo: Memo | None = None,
) -> Memo:
    """The memo of this check, for the next one: the entry of a file read back from `memo`
    with its digest and stat unchanged is that very entry, not made again. A file changed in
    the last RACY_NS is recorded without its stat: that could stay the same through another
    change in the same tick."""
    recent = time.time_ns() - RACY_NS
    before = memo.get("files") if isinstance(memo, dict) else None
    before = before if isinstance(before, dict) else {}
    context = context_digest(ctx)
    if isinstance(memo, dict) and memo.get("context") != context:
        before = {}
    files = {}
    for d in docs:
        if d.path not in digests:
            continue
        old = before.get(d.path)
        now = seen.get(d.path)
        if now is not None and max(now[1], now[2]) >= recent:
            now = None
        if isinstance(old, tuple) and len(old) == 4 and old[0] == digests[d.path] and old[3] == now:
            files[d.path] = old
            continue
        files[d.path] = (digests[d.path], d.data, [_fields(p) for p in d.problems], now)
    return {"context": context, "files": files}


def desk(
    memo: Memo | None,
    key: str,
    docs: list[Document],
    digests: dict[str, str],
    check: Callable[[list[Document]], list[Problem]],
) -> dict[str, Any]:
    """The problems `check` finds in each of `docs` (the desk's rules across files: people
    named, review, reply, drafts), added to each; a file whose digest and `key` (digest of
    what those rules read besides the file: people.yaml, the desk's settings, the scale) are
    those of the memo's last run is not checked again, its problems read back. Returns the
    memo's new entry: {"key": key, "files": {path: (digest, problems)}}."""
    before = memo.get("desk") if isinstance(memo, dict) else None
    known = before.get("files") if isinstance(before, dict) and before.get("key") == key else {}
    known = known if isinstance(known, dict) else {}
    now: dict[str, Any] = {}
    todo = []
    for d in docs:
        hit, digest = known.get(d.path), digests.get(d.path)
        if digest is not None and isinstance(hit, tuple) and len(hit) == 2 and hit[0] == digest:
            try:
                d.problems.extend([Problem(*t) for t in hit[1]])
            except TypeError:  # not an entry this code wrote: check the file
                pass
            else:
                now[d.path] = hit
                continue
        todo.append(d)
    found: dict[str, list[Problem]] = {}
    for problem in check(todo):
        found.setdefault(problem.path, []).append(problem)
    for d in todo:
        mine = found.get(d.path, [])
        d.problems.extend(mine)
        if d.path in digests:
            now[d.path] = (digests[d.path], [_fields(p) for p in mine])
    return {"key": key, "files": now}


def _fields(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.path, p.line, p.col, p.code, p.message)
