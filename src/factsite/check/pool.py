"""Check many claim files on all cores, results in the order of the files.

With jobs > 1 and enough files, this process checks the first share itself while worker
processes check the rest in chunks; a worker sends back only (data, problems), not the text,
and, when asked, the digest of each file's bytes (what check/memo.py remembers it by).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factsite.check.claim import ClaimContext, check_one
from factsite.digest import regular_file_digest
from factsite.load.document import Document
from factsite.load.files import Layout, read_text
from factsite.problems import Problem

# A worker's layout and context, sent once when it starts rather than with every file.
_WORKER: tuple[Layout, ClaimContext] | None = None
MIN_PARALLEL = 200  # below this, starting workers costs more than it saves
CHUNKS_PER_WORKER = 8  # small enough to balance the load, large enough to batch the pickling


def _start_worker(layout: Layout, ctx: ClaimContext) -> None:
    global _WORKER
    _WORKER = (layout, ctx)


def _check_files(paths: list[Path], digest: bool) -> list[tuple[Any, list[Problem], str | None]]:
    """(data, problems, digest or None) of each file: the text and the rest of a Document stay
    here, which halves what is pickled back."""
    if _WORKER is None:
        raise RuntimeError("not a worker started by run")
    layout, ctx = _WORKER
    checked = (_digest_and_check(layout, p, ctx, digest) for p in paths)
    return [(doc.data, doc.problems, d) for doc, d in checked]


def _digest_and_check(
    layout: Layout, path: Path, ctx: ClaimContext, digest: bool
) -> tuple[Document, str | None]:
    """The file checked, and with `digest` its bytes' digest, taken before the read: a file
    changed in between is remembered by its old bytes, which the next check does not find,
    rather than by its new bytes with old data."""
    d = regular_file_digest(path) if digest else None
    return check_one(layout, path, ctx), d


def read_back(layout: Layout, rel: str) -> str:
    """The text a worker parsed, read again to locate a problem found after the check."""
    text, _ = read_text(layout, layout.root / rel)
    return (text or "").removeprefix("\ufeff")  # as yamlload.parse, which keeps positions


def run(
    layout: Layout, paths: list[Path], ctx: ClaimContext, jobs: int, *, digest: bool = False
) -> tuple[list[Document], dict[str, str]]:
    """Check `paths`: their Documents in the same order, and with `digest` the digest of each
    regular file's bytes by its path. With jobs > 1, this process checks a share itself while
    jobs - 1 worker processes check the rest in chunks."""
    digests: dict[str, str] = {}

    def own(path: Path) -> Document:
        doc, d = _digest_and_check(layout, path, ctx, digest)
        if d is not None:
            digests[doc.path] = d
        return doc

    if jobs <= 1 or len(paths) < MIN_PARALLEL:
        return [own(p) for p in paths], digests
    from concurrent.futures import ProcessPoolExecutor

    share = len(paths) // jobs  # this process's share: the first files
    rest = paths[share:]
    step = max(1, -(-len(rest) // ((jobs - 1) * CHUNKS_PER_WORKER)))
    chunks = [rest[i : i + step] for i in range(0, len(rest), step)]
    with ProcessPoolExecutor(
        max_workers=jobs - 1, initializer=_start_worker, initargs=(layout, ctx)
    ) as pool:
        futures = [pool.submit(_check_files, chunk, digest) for chunk in chunks]
        docs = [own(p) for p in paths[:share]]
        for chunk, future in zip(chunks, futures, strict=True):
            for p, (data, problems, d) in zip(chunk, future.result(), strict=True):
                docs.append(Document(layout.rel(p), "", data, problems))
                if d is not None:
                    digests[docs[-1].path] = d
    return docs, digests
