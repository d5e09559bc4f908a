"""The checks of one claim file, remembered: a file whose bytes and context are those of the
last check gives the same data and problems, so it need not be parsed and checked again.

After one edit at 10,000 claims, the whole-project check would read every file (a digest
each) to check one. The memo is plain values (commands/validate.py stores it with
publish/cache.py; `factsite serve` keeps it in memory between its rounds):

    {"context": digest of the ClaimContext,
     "files": {path: (file digest, data, problems, stat or None)}}

with each problem a (path, line, col, code, message) tuple, and the stat the file's (size,
mtime, ctime, inode, device) when its digest was taken. A file whose stat is the one recorded
is not read again, as git's index trusts a file's stat: the stat is recorded only once the
file is RACY_NS old, so that a change in the same tick of the file clock as the digest cannot
hide behind an equal mtime. Any other file is digested, and read back by its digest.
What a claim's checks depend on is its file's bytes, its path and the ClaimContext (the
schema, the scale, the topics, the articles' texts, today); the code that checks is the
cache's own key. Checks across files (duplicate ids, the schema file, backdating against git)
run on every check as before.
"""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any

from factsite.check.claim import ClaimContext
from factsite.digest import regular_file_digest, value_digest
from factsite.load.document import Document
from factsite.load.files import Layout
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


def _fields(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.path, p.line, p.col, p.code, p.message)
