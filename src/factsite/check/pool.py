"""Check many claim files on all cores, results in the order of the files.

With jobs > 1 and enough files, this process checks the first share itself while worker
processes check the rest in chunks; a worker sends back only (data, problems), not the text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factsite.check.claim import ClaimContext, check_one
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


def _check_files(paths: list[Path]) -> list[tuple[Any, list[Problem]]]:
    """(data, problems) of each file: the text and the rest of a Document stay here, which
    halves what is pickled back."""
    if _WORKER is None:
        raise RuntimeError("not a worker started by run")
    layout, ctx = _WORKER
    return [(doc.data, doc.problems) for doc in (check_one(layout, p, ctx) for p in paths)]


def read_back(layout: Layout, rel: str) -> str:
    """The text a worker parsed, read again to locate a problem found after the check."""
    text, _ = read_text(layout, layout.root / rel)
    return (text or "").removeprefix("\ufeff")  # as yamlload.parse, which keeps positions


def run(layout: Layout, paths: list[Path], ctx: ClaimContext, jobs: int) -> list[Document]:
    """Check `paths`, results in the same order. With jobs > 1, this process checks a share
    itself while jobs - 1 worker processes check the rest in chunks."""
    if jobs <= 1 or len(paths) < MIN_PARALLEL:
        return [check_one(layout, p, ctx) for p in paths]
    from concurrent.futures import ProcessPoolExecutor

    own = len(paths) // jobs  # this process's share: the first files
    rest = paths[own:]
    step = max(1, -(-len(rest) // ((jobs - 1) * CHUNKS_PER_WORKER)))
    chunks = [rest[i : i + step] for i in range(0, len(rest), step)]
    with ProcessPoolExecutor(
        max_workers=jobs - 1, initializer=_start_worker, initargs=(layout, ctx)
    ) as pool:
        futures = [pool.submit(_check_files, chunk) for chunk in chunks]
        docs = [check_one(layout, p, ctx) for p in paths[:own]]
        for chunk, future in zip(chunks, futures, strict=True):
            docs.extend(
                Document(layout.rel(p), "", data, problems)
                for p, (data, problems) in zip(chunk, future.result(), strict=True)
            )
    return docs
