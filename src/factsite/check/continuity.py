"""A published check never silently disappears: the claim files against their git history.

A claim's address is its id. Once the publishing branch has held a claim file, that address
was public (readers linked it, search engines harvested its ClaimReview), so the file may only
leave in one of two ways:

- a **retraction** keeps the file, with an `updates` entry of type `retraction` (the dated
  notice and its reason); the page stays, with its last verdict (render/claim_page.py);
- a **rename** lists the old id under `redirect_from` in the claim it became; the old address
  gets a redirect page, and the old share card and embed keep working (render/redirects.py).

A file deleted, or renamed to another id, without either is a problem (`published-deleted`,
`renamed-without-redirect`). A file that only a branch under review ever held was never
published and may go. The history comes from load/history.py, the one reader of git; outside
a checkout, in a shallow clone, or when git fails there is nothing to compare, and nothing is
reported, as with the rule against backdating. The `redirect_from` ids are checked everywhere:
none may be a current claim's id or be listed by two claims (`redirect-conflict`).
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from factsite.check.pool import read_back
from factsite.load.document import Document
from factsite.load.files import Layout
from factsite.load.history import History, on_branch
from factsite.problems import Problem


def _id(path: str) -> str:
    return PurePosixPath(path).stem


def _redirects(data: Any) -> list[str]:
    found = data.get("redirect_from") if isinstance(data, dict) else None
    return [r for r in found if isinstance(r, str)] if isinstance(found, list) else []


def check_continuity(
    layout: Layout, docs: list[Document], histories: History | None, branch: str
) -> list[Problem]:
    """The problems of claim files that left the publishing branch without a retraction or a
    redirect, and of `redirect_from` ids that clash. `histories`: read_history's."""
    problems = _conflicts(layout, docs)
    if not histories:
        return problems
    present = {d.path: d for d in docs}
    redirected = {old for d in docs for old in _redirects(d.data)}
    # Each former path of a claim: (the path it has now, "" when deleted; the day it changed).
    former: dict[str, tuple[str, str]] = {}
    for path, changes in histories.items():
        if path not in present:
            former.setdefault(path, ("", changes[0].date))
            continue
        for change in changes:  # newest first: the day the file last had that name
            if change.path and _id(change.path) != _id(path):
                former.setdefault(change.path, (path, change.date))
    missing = {old: where for old, where in former.items() if _id(old) not in redirected}
    if not missing:
        return problems
    published = on_branch(layout.root, branch, sorted(missing))
    for old, (now, day) in sorted(missing.items()):
        if published is not None and old not in published:
            continue  # only a branch under review ever held it: never published
        old_id = _id(old)
        if now:
            doc = present[now]
            if not doc.text:  # checked by a worker, which sent back no text
                doc.text = read_back(layout, doc.path)
            message = (
                f"$.id: this check was published as {old_id!r} ({old}); its old address would "
                f"break: add `redirect_from: [{old_id}]`, or keep the old id"
            )
            problems.append(doc.problem(("id",), "renamed-without-redirect", message))
        else:
            message = (
                f"the published check {old_id!r} was deleted (last in the history on {day}): "
                "restore the file; to withdraw it, add an `updates` entry of type `retraction` "
                f"with the reason; to rename it, list {old_id!r} under `redirect_from` in the "
                "new file"
            )
            problems.append(Problem(old, 1, 1, "published-deleted", message))
    return problems


def _conflicts(layout: Layout, docs: list[Document]) -> list[Problem]:
    """A redirect cannot take a current claim's address, nor send one address two ways."""
    ids = {d.data["id"]: d.path for d in docs if isinstance(d.data, dict) and "id" in d.data}
    first: dict[str, str] = {}
    problems = []
    for doc in docs:
        for i, old in enumerate(_redirects(doc.data)):
            where = ids.get(old) if old != doc.data.get("id") else doc.path
            if where is None and old in first and first[old] != doc.path:
                where = f"the redirect_from of {first[old]}"
            first.setdefault(old, doc.path)
            if where is None:
                continue
            if not doc.text:
                doc.text = read_back(layout, doc.path)
            message = (
                f"$.redirect_from[{i}]: {old!r} is already the address of {where}: a former id "
                "must belong to no other check"
            )
            problems.append(doc.problem(("redirect_from", i), "redirect-conflict", message))
    return problems
