"""The reference files every claim is checked against: the verdict scale, the topic
vocabulary and the articles with their text snapshots. Each is loaded, checked against its
schema and returned with its problems; nothing raises on contributor input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from factsite.check import names, quotes, rules
from factsite.check.model import Article
from factsite.check.schema import SchemaChecker
from factsite.check.schemas import article_schema, people_schema, scale_schema, topics_schema
from factsite.load.files import (
    MAX_SNAPSHOT_BYTES,
    Layout,
    iter_yaml_files,
    load_document,
    read_text,
)
from factsite.load.scale import Scale
from factsite.problems import Problem


def _missing(layout: Layout, path: Path, what: str) -> list[Problem]:
    if path.exists() or path.is_symlink():
        return []
    rel = layout.rel(path)
    return [Problem(rel, 1, 1, "file-missing", f"no {rel}: {what}")]


def load_scale(layout: Layout) -> tuple[Scale, list[Problem]]:
    missing = _missing(layout, layout.scale, "the verdict scale every claim is rated on")
    if missing:
        return Scale(()), missing
    doc = load_document(layout, layout.scale)
    if doc.ok:
        doc.problems.extend(SchemaChecker(scale_schema(), verdict_field=None).check(doc))
    if doc.ok:
        ids = [v["id"] for v in doc.data]
        for i, vid in enumerate(ids):
            if vid in ids[:i]:
                doc.problems.append(
                    doc.problem(
                        (i, "id"), "duplicate-id", f"$[{i}].id: verdict {vid!r} is defined twice"
                    )
                )
        verdicts = [((i, "id"), v["id"]) for i, v in enumerate(doc.data)]
        doc.problems.extend(names.check_listing_names(doc, verdicts, "the verdict id"))
        if not any(v["rating"] is not None or v.get("conclusion") for v in doc.data):
            message = "no verdict has a rating (or, on a scale without ratings, conclusion: true)"
            doc.problems.append(doc.problem((), "invalid-value", message))
    if not doc.ok:
        return Scale(()), doc.problems
    return Scale.from_data(doc.data), []


def load_topics(layout: Layout) -> tuple[dict[str, str], list[Problem]]:
    missing = _missing(layout, layout.topics, "the topic vocabulary (it may be empty: {})")
    if missing:
        return {}, missing
    doc = load_document(layout, layout.topics)
    if doc.ok:
        doc.problems.extend(SchemaChecker(topics_schema(), verdict_field=None).check(doc))
    if doc.ok:
        keys = [((key,), key) for key in doc.data]
        doc.problems.extend(names.check_listing_names(doc, keys, "the topic"))
    return (dict(doc.data) if doc.ok else {}), doc.problems


def load_people(layout: Layout) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """people.yaml, by id: optional (a site without it names no one on its checks)."""
    if not layout.people.exists() and not layout.people.is_symlink():
        return {}, []
    doc = load_document(layout, layout.people)
    if doc.ok:
        doc.problems.extend(SchemaChecker(people_schema(), verdict_field=None).check(doc))
    if not doc.ok:
        return {}, doc.problems
    people: dict[str, dict[str, Any]] = {}
    for i, person in enumerate(doc.data):
        if person["id"] in people:
            message = f"$[{i}].id: {person['id']!r} is defined twice"
            doc.problems.append(doc.problem((i, "id"), "duplicate-id", message))
        people.setdefault(person["id"], person)
    return (people if not doc.problems else {}), doc.problems


def load_articles(layout: Layout) -> tuple[dict[str, Article], list[Problem]]:
    checker = SchemaChecker(article_schema(), verdict_field=None)
    articles: dict[str, Article] = {}
    problems: list[Problem] = []
    for path in iter_yaml_files(layout.articles):
        doc = load_document(layout, path)
        if doc.ok:
            doc.problems.extend(checker.check(doc))
            doc.problems.extend(rules.check_urls(doc))
            doc.problems.extend(rules.check_dates(doc, rules.today()))
            doc.problems.extend(rules.check_id_is_file_name(doc))
            doc.problems.extend(names.check_reserved_id(doc, "article"))
        snapshot = None
        if doc.ok:
            text_path = path.with_suffix(".txt")
            if not text_path.is_file():
                doc.problems.append(
                    doc.problem((), "missing-snapshot", f"no text snapshot {layout.rel(text_path)}")
                )
            else:
                snapshot, problem = read_text(layout, text_path, MAX_SNAPSHOT_BYTES)
                if problem is None and snapshot is not None and not snapshot.strip():
                    why = "the text snapshot is empty: paste the article's text, a paragraph a line"
                    problem = Problem(layout.rel(text_path), 1, 1, "missing-snapshot", why)
                if problem:
                    doc.problems.append(problem)
        problems.extend(doc.problems)
        if doc.ok and doc.data.get("unconfirmed"):
            # The article still loads (its claims are checked); only publishing is refused.
            guessed = ", ".join(doc.data["unconfirmed"])
            why = (
                f"$.unconfirmed: the import guessed {guessed}: check against the page, correct, "
                "then delete this line; no check of this article is published until then"
            )
            if "published" in doc.data["unconfirmed"]:  # a page with no date: an estimate
                why += (
                    " (if the page shows no date, keep your best estimate in `published` and "
                    "add `published_estimated: true`: the site then marks it as an estimate)"
                )
            problems.append(doc.problem(("unconfirmed",), "unconfirmed-value", why))
        if doc.ok and snapshot is not None:
            articles[doc.data["id"]] = Article(doc.data, snapshot, quotes.normalised_text(snapshot))
    return articles, problems + _orphan_snapshots(layout)


def _orphan_snapshots(layout: Layout) -> list[Problem]:
    """Text snapshots without their article file: usually an article renamed without its text."""
    problems = []
    for text_path in iter_yaml_files(layout.articles, (".txt",)):
        if not any(text_path.with_suffix(s).is_file() for s in (".yaml", ".yml")):
            rel, article = layout.rel(text_path), layout.rel(text_path.with_suffix(".yaml"))
            why = f"{rel} has no article file {article} beside it: add it, or remove the text"
            problems.append(Problem(rel, 1, 1, "orphan-snapshot", why))
    return problems
