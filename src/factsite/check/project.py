"""Load and check a whole project: the scale, the articles, the claims.

`check_project` is the validator: it reads every file, runs every check on every file, and
returns the project's data together with every problem found, sorted. It never raises on
contributor input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsite.check import rules
from factsite.check.claim import ClaimContext, check_one, read_back, run
from factsite.check.schema import SchemaChecker
from factsite.check.schemas import article_schema, claim_schema, schema_json
from factsite.load.files import (
    ARTICLES_DIR,
    CLAIMS_DIR,
    MAX_SNAPSHOT_BYTES,
    SCALE_FILE,
    SCHEMA_FILE,
    TOPICS_FILE,
    Layout,
    iter_yaml_files,
    load_document,
    read_text,
)
from factsite.load.scale import SCALE_SCHEMA, Scale, Verdict
from factsite.problems import Problem
from factsite.publish import cache


@dataclass
class Article:
    data: dict[str, Any]
    snapshot: str  # the article's text
    normalised: str  # the same, folded by rules.normalise for quote checks

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass
class Project:
    layout: Layout
    scale: Scale
    articles: dict[str, Article] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)  # valid claims, sorted by id
    claim_paths: dict[str, str] = field(default_factory=dict)  # id -> file path
    topics: dict[str, str] = field(default_factory=dict)  # slug -> label
    problems: list[Problem] = field(default_factory=list)
    # Digest of everything the check read (cache.py); None if unknown. It identifies the
    # project's content, so whoever changes a checked project by hand must reset it.
    digest: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def load_scale(layout: Layout) -> tuple[Scale, list[Problem]]:
    doc = load_document(layout, layout.scale)
    if doc.ok:
        doc.problems.extend(SchemaChecker(SCALE_SCHEMA, verdict_field=None).check(doc))
    if doc.ok:
        ids = [v["id"] for v in doc.data]
        for i, vid in enumerate(ids):
            if vid in ids[:i]:
                doc.problems.append(
                    doc.problem(
                        (i, "id"), "duplicate-id", f"$[{i}].id: verdict {vid!r} is defined twice"
                    )
                )
        if not any(v["rating"] is not None for v in doc.data):
            doc.problems.append(doc.problem((), "invalid-value", "no verdict has a rating"))
    if not doc.ok:
        return Scale(()), doc.problems
    return Scale.from_data(doc.data), []


TOPICS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$", "maxLength": 40},
    "additionalProperties": {"type": "string", "minLength": 1, "maxLength": 60},
}


def load_topics(layout: Layout) -> tuple[dict[str, str], list[Problem]]:
    doc = load_document(layout, layout.topics)
    if doc.ok:
        doc.problems.extend(SchemaChecker(TOPICS_SCHEMA, verdict_field=None).check(doc))
    return (dict(doc.data) if doc.ok else {}), doc.problems


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
        if doc.ok and doc.data["id"] != path.stem:
            doc.problems.append(
                doc.problem(
                    ("id",),
                    "id-mismatch",
                    f"$.id: {doc.data['id']!r} differs from the file name {path.stem!r}",
                )
            )
        snapshot = None
        if doc.ok:
            text_path = path.with_suffix(".txt")
            if not text_path.is_file():
                doc.problems.append(
                    doc.problem((), "missing-snapshot", f"no text snapshot {layout.rel(text_path)}")
                )
            else:
                snapshot, problem = read_text(layout, text_path, MAX_SNAPSHOT_BYTES)
                if problem:
                    doc.problems.append(problem)
        problems.extend(doc.problems)
        if doc.ok and snapshot is not None:
            articles[doc.data["id"]] = Article(doc.data, snapshot, rules.normalise(snapshot))
    return articles, problems


CHECK_CACHE = "check.bin"


def check_project(root: Path, paths: Sequence[Path] | None = None, *, jobs: int = 1) -> Project:
    """Load and check the project at `root`; `paths` limits which claim files are reported.

    A whole-project check of a clean project is cached (cache.py): the same inputs, code and
    day give the same result, so it is read back instead of checked again.
    """
    digest = _digest(root) if paths is None and cache.enabled() else None
    if digest is not None:
        cached = _cached(Layout(root), digest)
        if cached is not None:
            return cached
    project = _check_project(root, paths, jobs)
    if digest is not None and not project.problems:
        project.digest = digest
        cache.save(root, CHECK_CACHE, digest, _to_cache(project))
    return project


def _digest(root: Path) -> str | None:
    inputs = cache.inputs_digest(
        root, (SCALE_FILE, TOPICS_FILE, SCHEMA_FILE), (ARTICLES_DIR, CLAIMS_DIR)
    )
    return None if inputs is None else f"{inputs}-{rules.today().isoformat()}"


def _to_cache(project: Project) -> dict[str, Any]:
    return {
        "scale": [vars(v) for v in project.scale.verdicts],
        "articles": {
            aid: [art.data, art.snapshot, art.normalised] for aid, art in project.articles.items()
        },
        "claims": project.claims,
        "claim_paths": project.claim_paths,
        "topics": project.topics,
    }


def _cached(layout: Layout, digest: str) -> Project | None:
    value = cache.load(layout.root, CHECK_CACHE, digest)
    try:
        return Project(
            layout,
            Scale(tuple(Verdict(**v) for v in value["scale"])),
            {aid: Article(*art) for aid, art in value["articles"].items()},
            value["claims"],
            value["claim_paths"],
            value["topics"],
            [],
            digest,
        )
    except (KeyError, TypeError, AttributeError):
        return None


def _check_project(root: Path, paths: Sequence[Path] | None, jobs: int) -> Project:
    layout = Layout(root)
    scale, problems = load_scale(layout)
    articles, article_problems = load_articles(layout)
    topics, topic_problems = load_topics(layout)
    problems += article_problems + topic_problems
    project = Project(layout, scale, articles, topics=topics)

    all_paths = list(iter_yaml_files(layout.claims))
    ctx = ClaimContext(
        claim_schema(scale),
        [v.label for v in scale.verdicts],
        set(topics),
        {a: art.normalised for a, art in articles.items()},
        rules.today(),
    )
    docs = run(layout, all_paths, ctx, jobs)
    wanted = None if paths is None else {layout.rel(p) for p in paths}
    if paths is not None:
        known = {d.path for d in docs}  # found by the walk: already checked and reported
        for p in paths:
            rel = layout.rel(p)
            if rel in known:
                continue
            if not layout.inside(p):
                problems.append(
                    Problem(rel, 1, 1, "file-outside-repo", "the path leads outside the project")
                )
            else:
                docs.append(check_one(layout, p, ctx))

    by_id: dict[str, str] = {}
    for doc in docs:
        cid = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(cid, str):
            if cid in by_id:
                if not doc.text:  # checked by a worker, which sent back no text
                    doc.text = read_back(layout, doc.path)
                doc.problems.append(
                    doc.problem(
                        ("id",), "duplicate-id", f"$.id: {cid!r} is also the id of {by_id[cid]}"
                    )
                )
            else:
                by_id[cid] = doc.path
        if wanted is None or doc.path in wanted:
            problems.extend(doc.problems)
        if doc.ok:
            project.claims.append(doc.data)
            project.claim_paths[doc.data["id"]] = doc.path
    if paths is None:
        problems.extend(check_schema_file(layout, scale))
    project.claims.sort(key=lambda c: c["id"])
    project.problems = sorted(set(problems))
    return project


def check_schema_file(layout: Layout, scale: Scale) -> list[Problem]:
    if not scale.verdicts:
        return []
    want = schema_json(scale)
    try:
        have = layout.schema.read_text(encoding="utf-8")
    except OSError:
        have = None
    if have == want:
        return []
    return [
        Problem(
            SCHEMA_FILE,
            1,
            1,
            "schema-outdated",
            "schema/claim.schema.json differs from verdicts.yaml and the code: run "
            "`factsite schema` and commit it",
        )
    ]
