"""The checks of one claim file, remembered: a file whose bytes and context are those of the
last check gives the same data and problems, so it need not be parsed and checked again.

After one edit at 10,000 claims, the whole-project check reads every file (a digest each) and
checks one. The memo is plain values (commands/validate.py stores it with publish/cache.py):

    {"context": digest of the ClaimContext, "files": {path: (file digest, data, problems)}}

with each problem a (path, line, col, code, message) tuple. What a claim's checks depend on is
its file's bytes, its path and the ClaimContext (the schema, the scale, the topics, the
articles' texts, today); the code that checks is the cache's own key. Checks across files
(duplicate ids, the schema file, backdating against git) run on every check as before.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factsite.check.claim import ClaimContext
from factsite.digest import regular_file_digest, value_digest
from factsite.load.document import Document
from factsite.load.files import Layout
from factsite.problems import Problem

Memo = dict[str, Any]


def context_digest(ctx: ClaimContext) -> str:
    return value_digest({k: v for k, v in vars(ctx).items() if not k.startswith("_")})


def recall(
    layout: Layout, paths: list[Path], ctx: ClaimContext, memo: Memo | None
) -> tuple[dict[int, Document], dict[str, str] | None]:
    """({index in paths: the Document remembered}, {path: digest} of every file read). With
    nothing remembered for this context, (no Document, None): then every file is checked, and
    each is digested where it is checked, on all cores (pool.run), not here first."""
    files = memo.get("files") if isinstance(memo, dict) else None
    if not isinstance(files, dict) or memo.get("context") != context_digest(ctx):
        return {}, None
    digests: dict[str, str] = {}
    for p in paths:
        if (d := regular_file_digest(p)) is not None:
            digests[layout.rel(p)] = d
    known: dict[int, Document] = {}
    for i, p in enumerate(paths):
        rel = layout.rel(p)
        entry = files.get(rel)
        try:
            digest, data, problems = entry  # type: ignore[misc]
            if digest != digests.get(rel):
                continue
            known[i] = Document(rel, "", data, [Problem(*t) for t in problems])
        except (TypeError, ValueError):
            continue  # not an entry this code wrote: check the file
    return known, digests


def remember(ctx: ClaimContext, docs: list[Document], digests: dict[str, str]) -> Memo:
    """The memo of this check, for the next one."""
    files = {
        d.path: (digests[d.path], d.data, [_fields(p) for p in d.problems])
        for d in docs
        if d.path in digests
    }
    return {"context": context_digest(ctx), "files": files}


def _fields(p: Problem) -> tuple[str, int, int, str, str]:
    return (p.path, p.line, p.col, p.code, p.message)
