"""The whole project: its reference files, every claim file, and the checks across files.

`check_project` is the validator: it reads every file, runs every check on every file, and
returns the project's data (model.py) together with every problem found, sorted. It never
raises on contributor input. Across files: claim ids are unique, and the committed claim schema
is the one the code and the scale give.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from factsite.check import names, rules
from factsite.check.backdating import check_backdating
from factsite.check.claim import ClaimContext, check_one
from factsite.check.continuity import check_continuity
from factsite.check.memo import Listing, Memo, listing, recall, remember
from factsite.check.memo import desk as memo_desk
from factsite.check.model import Project
from factsite.check.people import check_people
from factsite.check.policy import check_policy
from factsite.check.pool import read_back, run
from factsite.check.reference import load_articles, load_people, load_scale, load_topics
from factsite.check.schemas import claim_schema, schema_json
from factsite.digest import value_digest
from factsite.load.document import Document
from factsite.load.files import CLAIMS_DIR, SCHEMA_FILE, Layout, read_text
from factsite.load.history import read_history
from factsite.load.scale import Scale
from factsite.load.site_config import Site, read_config, site_settings
from factsite.problems import Problem

MAX_SCHEMA_BYTES = 256 * 1024  # the generated schema is about 20 KiB


def check_project(
    root: Path,
    paths: Sequence[Path] | None = None,
    *,
    jobs: int = 1,
    memo: Memo | None = None,
    files: Listing | None = None,
) -> Project:
    """Load and check the project at `root`: every file, every check, every problem, sorted.

    `paths` limits which claim files' problems are reported (all files are still read, for
    the checks across files). `memo`: the last check's per-file results (memo.py), which
    spare checking a file again; the new one is `project.memo`. `files`: the claim files and
    their stats as they are now (memo.listing), when the caller has them.
    """
    layout = Layout(root)
    scale, problems = load_scale(layout)
    articles, article_problems = load_articles(layout)
    topics, topic_problems = load_topics(layout)
    people, people_problems = load_people(layout)
    problems += article_problems + topic_problems + people_problems
    project = Project(layout, scale, articles, topics=topics, people=people)
    site = _site(layout)

    files = files if files is not None else listing(layout)
    all_paths, seen = list(files.files.values()), files.seen
    ctx = _context(project, topic_problems, article_problems)
    known, digests = recall(layout, all_paths, ctx, memo, seen)
    todo = [p for i, p in enumerate(all_paths) if i not in known]
    checked, read = run(layout, todo, ctx, jobs, digest=digests is None)
    digests = read if digests is None else digests
    fresh = iter(checked)
    docs = [known[i] if i in known else next(fresh) for i in range(len(all_paths))]
    # remembered before the checks across files add their problems
    project.memo = remember(ctx, docs, digests, seen, memo)
    wanted = None if paths is None else {layout.rel(p) for p in paths}
    if paths is not None:
        problems += _named_elsewhere(layout, paths, docs, ctx)
    # Across files, over the claims `paths` asks for: the people they name, the desk's rules
    # (review, reply, drafts).
    # (read back, for a file and reference files as they were in the last check: memo.desk)
    desk = [d for d in docs if wanted is None or d.path in wanted]
    broken = bool(people_problems)
    key = value_digest(
        (project.memo["context"], people, site.review, site.reply, scale.verdicts, broken)
    )
    project.memo["desk"] = memo_desk(
        memo,
        key,
        desk,
        digests,
        lambda todo: (
            check_people(layout, todo, people, broken) + check_policy(layout, todo, site, scale)
        ),
    )

    # across files: claimants' page names (a slug shared by two names, or a listing's)
    for problem in names.check_claimant_slugs([d for d in docs if d.ok]):
        next(d for d in docs if d.path == problem.path).problems.append(problem)
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
        elif wanted is None or doc.path in wanted:
            project.unpublished.append((doc.path, doc.data, list(doc.problems)))
    if paths is None:
        problems.extend(check_schema_file(layout, scale))
        # Against git, once for the whole claims folder: a whole-project check only.
        histories = read_history(layout.root, CLAIMS_DIR)
        problems.extend(check_backdating(layout, docs, histories))
        problems.extend(check_continuity(layout, docs, histories, site.branch))
    if not scale.verdicts:  # the scale's own problem says it all: no verdict can be known
        problems = [p for p in problems if p.code != "unknown-verdict"]
    project.claims.sort(key=lambda c: c["id"])
    project.problems = sorted(set(problems))
    return project


def _site(layout: Layout) -> Site:
    """The settings the cross-file rules read (the publishing branch, the desk's rules);
    mkdocs.yml's own problems are check/site_config.py's to report."""
    config, _ = read_config(layout)
    return site_settings(config.data if config is not None else {})


def _context(
    project: Project, topic_problems: list[Problem], article_problems: list[Problem]
) -> ClaimContext:
    """What every claim's check needs of the reference files."""
    scale = project.scale
    return ClaimContext(
        claim_schema(scale),
        [v.label for v in scale.verdicts],
        None if topic_problems else set(project.topics),
        {a: art.normalised for a, art in project.articles.items()},
        rules.today(),
        conclusion_ids=frozenset(scale.conclusion_ids),
        rated=frozenset(v.id for v in scale.verdicts if v.rating is not None),
        broken_articles=frozenset(PurePosixPath(p.path).stem for p in article_problems),
    )


def _named_elsewhere(
    layout: Layout, paths: Sequence[Path], docs: list[Document], ctx: ClaimContext
) -> list[Problem]:
    """Check the files named on the command line that the walk of claims/ did not find
    (appended to `docs`); a path leading outside the project is a problem of its own."""
    known = {d.path for d in docs}  # found by the walk: already checked and reported
    problems = []
    for p in paths:
        rel = layout.rel(p)
        if rel in known:
            continue
        if not layout.inside(p):
            message = "the path leads outside the project"
            problems.append(Problem(rel, 1, 1, "file-outside-repo", message))
        else:
            docs.append(check_one(layout, p, ctx))
    return problems


def check_schema_file(layout: Layout, scale: Scale) -> list[Problem]:
    """The committed schema is the one `factsite schema` would write (editors read it)."""
    if not scale.verdicts:
        return []
    run = "run `factsite schema` and commit it"
    if not layout.schema.exists() and not layout.schema.is_symlink():
        return [Problem(SCHEMA_FILE, 1, 1, "file-missing", f"no {SCHEMA_FILE}: {run}")]
    have, problem = read_text(layout, layout.schema, MAX_SCHEMA_BYTES)
    if problem is not None:
        return [dataclasses.replace(problem, message=f"{problem.message}; {run}")]
    if have == schema_json(scale):
        return []
    why = f"{SCHEMA_FILE} differs from verdicts.yaml and the code: {run}"
    return [Problem(SCHEMA_FILE, 1, 1, "schema-outdated", why)]
