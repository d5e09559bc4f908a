"""The desk's own rules: when a check may be published.

- draft: a check still being written (`draft: true`) is never published (`draft`). validate,
  render and build refuse it like any other problem, so nothing of it reaches a published site,
  its feeds, its data or its search index. `factsite serve` previews it all the same:
  check/project.py keeps every claim file that is not publishable, drafts and broken files
  alike, with its problems (`Project.unpublished`), and render/preview.py gives each a page
  that shows them, beside the rest of the site.

The other two are as the site configures them (mkdocs.yml, extra.factsite). A rule the pages
promise must be one the software holds: the about and methodology pages state these rules from
the same settings (render/policy.py), and validate refuses a check that breaks them. Each
applies to checks published on or after its `since` day, so that a site can adopt one without
rewriting its past; the pages say from when.

- review: `reviewed_by` lists at least N people of people.yaml other than the check's authors
  (`review-missing`);
- reply: a check whose verdict is not the scale's best records in `reply` that the claimant was
  contacted (`reply-missing`), with at least N working days, Monday to Friday, between the day
  of contact and the day of publication (`reply-too-late`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from factsite.check.people import named
from factsite.check.pool import read_back
from factsite.load.document import Document, Path
from factsite.load.files import Layout
from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.problems import Problem


def working_days_between(first: str, last: str) -> int:
    """Monday-to-Friday days strictly between two YYYY-MM-DD days (0 if `last` is not later)."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = (start + dt.timedelta(n) for n in range(1, (end - start).days))
    return sum(1 for d in days if d.weekday() < 5)


def _day(value: Any) -> str | None:
    try:
        return dt.date.fromisoformat(value).isoformat() if isinstance(value, str) else None
    except ValueError:
        return None


def check_policy(layout: Layout, docs: list[Document], site: Site, scale: Scale) -> list[Problem]:
    """The review, reply and draft problems of every claim in `docs` that reads as a mapping."""
    problems = []
    for doc in docs:
        if not isinstance(doc.data, dict):
            continue
        found = _review(doc.data, site) + _reply(doc.data, site, scale) + _draft(doc.data)
        if found and not doc.text:  # checked by a worker, which sent back no text
            doc.text = read_back(layout, doc.path)
        problems += [doc.problem(path, code, message) for path, code, message in found]
    return problems


def _draft(data: dict[str, Any]) -> list[tuple[Path, str, str]]:
    if data.get("draft") is not True:
        return []
    message = (
        "$.draft: a draft is not published: remove `draft: true` when the check is ready "
        "(`factsite serve` previews it meanwhile)"
    )
    return [(("draft",), "draft", message)]


def _review(data: dict[str, Any], site: Site) -> list[tuple[Path, str, str]]:
    published = _day(data.get("published"))
    if site.review is None or published is None:
        return []
    needed, since = site.review
    if needed == 0 or published < since:
        return []
    authors = set(named(data, "authors"))
    reviewers = {p for p in named(data, "reviewed_by") if p not in authors}
    if len(reviewers) >= needed:
        return []
    where: Path = ("reviewed_by",) if "reviewed_by" in data else ("published",)
    message = (
        f"$.{where[0]}: a check published from {since} needs {needed} reviewer(s) other than "
        f"its authors in `reviewed_by` (mkdocs.yml, extra.factsite.review); it has "
        f"{len(reviewers)}"
    )
    return [(where, "review-missing", message)]


def _reply(data: dict[str, Any], site: Site, scale: Scale) -> list[tuple[Path, str, str]]:
    published = _day(data.get("published"))
    if site.reply is None or published is None:
        return []
    days, since = site.reply
    verdict = data.get("verdict")
    if published < since or verdict not in scale.ids or _best(scale, verdict):
        return []
    reply = data.get("reply")
    contacted = _day(reply.get("contacted")) if isinstance(reply, dict) else None
    rule = f"(mkdocs.yml, extra.factsite.reply: {days} working day(s) from {since})"
    if contacted is None:
        message = (
            f"$.verdict: a check rated {scale[verdict].label!r} needs a `reply` record of the "
            f"day and the way the claimant was contacted before publication {rule}"
        )
        return [(("verdict",), "reply-missing", message)]
    between = working_days_between(contacted, published)
    if between >= days:
        return []
    message = (
        f"$.reply.contacted: {between} working day(s) between contacting the claimant "
        f"({contacted}) and publication ({published}); the rule asks for {days} {rule}"
    )
    return [(("reply", "contacted"), "reply-too-late", message)]


def _best(scale: Scale, verdict: str) -> bool:
    """Whether the verdict is the scale's best (no reply needed): the highest rating."""
    rated = [v.rating for v in scale.verdicts if v.rating is not None]
    return bool(rated) and scale[verdict].rating == max(rated)
