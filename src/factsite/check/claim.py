"""Check one claim file: the schema, then every rule of rules.py, quotes.py, sources.py and
citations.py.

`check_claim` runs every per-file check on a loaded Document; `check_one` loads and checks a
file. Running it on many files is pool.py's; checks across files (duplicate ids) are
project.py's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite.check import citations, markup, names, quotes, rules, sources
from factsite.check.schema import SchemaChecker
from factsite.load.document import Document
from factsite.load.files import SCHEMA_FILE, Layout, load_document


@dataclass
class ClaimContext:
    """What a claim's checks need from the rest of the project (picklable)."""

    schema: dict[str, Any]
    labels: list[str]
    topics: set[str] | None  # None: topics.yaml is broken, so no topic can be checked
    snapshots: dict[str, str]  # article id -> normalised text
    today: dt.date
    conclusion_ids: frozenset[str] = frozenset()  # verdicts shown by the claim's conclusion
    rated: frozenset[str] = frozenset()  # verdict ids with a rating (not Unverifiable)
    # Articles whose files have problems of their own: a claim of theirs is not told again
    # that its article is unknown, nor checked against a text that could not be read.
    broken_articles: frozenset[str] = frozenset()
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
    doc.problems.extend(rules.check_id_is_file_name(doc))
    doc.problems.extend(names.check_reserved_id(doc, "claim"))
    article = data.get("article")
    if isinstance(article, str) and article in ctx.broken_articles:
        pass
    elif isinstance(article, str) and article not in ctx.snapshots:
        known = ", ".join(sorted(ctx.snapshots)) or "none"
        doc.problems.append(
            doc.problem(
                ("article",),
                "unknown-article",
                f"$.article: no article {article!r} under articles/ (known: {known})",
            )
        )
    elif isinstance(article, str):
        doc.problems.extend(quotes.check_quote(doc, ctx.snapshots[article]))
    doc.problems.extend(rules.check_dates(doc, ctx.today))
    doc.problems.extend(rules.check_urls(doc))
    doc.problems.extend(rules.check_markdown(doc))
    doc.problems.extend(markup.check_analysis_html(doc))
    doc.problems.extend(citations.check_citations(doc))
    doc.problems.extend(sources.check_independence(doc, ctx.rated))
    doc.problems.extend(sources.check_pointer_stance(doc))
    doc.problems.extend(rules.check_claim_words(doc, ctx.labels))
    if ctx.topics is not None:
        doc.problems.extend(rules.check_topics(doc, ctx.topics))
    doc.problems.extend(rules.check_conclusion(doc, ctx.conclusion_ids))
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
