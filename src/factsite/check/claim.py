"""Check one claim file, and many of them on all cores.

`check_claim` runs every per-file check (schema, then the rules of rules.py); `run` applies it
to a list of files, in worker processes when there are enough of them. Checks across files
(duplicate ids) are project.py's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite.check import rules
from factsite.check.schema import SchemaChecker
from factsite.load.document import Document
from factsite.load.files import SCHEMA_FILE, Layout, load_document, read_text
from factsite.problems import Problem


@dataclass
class ClaimContext:
    """What a claim's checks need from the rest of the project (picklable)."""

    schema: dict[str, Any]
    labels: list[str]
    topics: set[str]
    snapshots: dict[str, str]  # article id -> normalised text
    today: dt.date
    _checker: SchemaChecker | None = None

    @property
    def checker(self) -> SchemaChecker:
        if self._checker is None:
            self._checker = SchemaChecker(self.schema)
        return self._checker

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_checker": None}


def check_claim(doc: Document, ctx: ClaimContext) -> Document:
    """Every per-file check of one claim, appended to doc.problems."""
    if not doc.ok:
        return doc
    doc.problems.extend(rules.check_modeline(doc, SCHEMA_FILE))
    doc.problems.extend(ctx.checker.check(doc))
    data = doc.data
    if not isinstance(data, dict):
        return doc
    stem = Path(doc.path).stem
    if isinstance(data.get("id"), str) and data["id"] != stem:
        doc.problems.append(
            doc.problem(
                ("id",),
                "id-mismatch",
                f"$.id: {data['id']!r} differs from the file name {stem!r}: rename one of them",
            )
        )
    article = data.get("article")
    if isinstance(article, str) and article not in ctx.snapshots:
        known = ", ".join(sorted(ctx.snapshots)) or "none"
        doc.problems.append(
            doc.problem(
                ("article",),
                "unknown-article",
                f"$.article: no article {article!r} under articles/ (known: {known})",
            )
        )
    elif isinstance(article, str):
        doc.problems.extend(rules.check_quote(doc, ctx.snapshots[article]))
    doc.problems.extend(rules.check_dates(doc, ctx.today))
    doc.problems.extend(rules.check_urls(doc))
    doc.problems.extend(rules.check_markdown(doc))
    doc.problems.extend(rules.check_claim_words(doc, ctx.labels))
    doc.problems.extend(rules.check_topics(doc, ctx.topics))
    # The schema and a rule may both catch one value (a javascript: URL): report it once.
    seen: set[tuple[int, int, str]] = set()
    unique = []
    for p in doc.problems:
        if (p.line, p.col, p.code) not in seen:
            seen.add((p.line, p.col, p.code))
            unique.append(p)
    doc.problems = unique
    return doc


def check_one(layout: Layout, path: Path, ctx: ClaimContext) -> Document:
    """Load and check one claim file."""
    doc = check_claim(load_document(layout, path), ctx)
    # Positions are no longer needed: keep worker results small. A later problem (a duplicate
    # id) composes the text again to find its line.
    doc._root, doc._composed = None, False
    return doc


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
