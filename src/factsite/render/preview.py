"""The preview of claim files that cannot be published: drafts and files with problems.

Only `factsite serve` renders these (commands/render.py, `preview=True`); validate, render and
build refuse them. Each gets a page at its claim's address with a notice that names every
problem: a draft whose only problem is being a draft shows its whole page as it will look, a
broken file shows what could be read of it, as plain text. Nothing of them goes into the
listings, the feeds, the data or ClaimReview (those come from the publishable claims only), and
their pages carry no structured data and stay out of the search index (theme/overrides/main.html
reads `factsite_preview`).
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Any

import frontmatter

from factsite.check.model import Project
from factsite.load.site_config import Site
from factsite.problems import Problem
from factsite.render import common, structured_data
from factsite.render.claim_page import render_claim_page
from factsite.render.escape import meta, text
from factsite.render.i18n import Words, for_site

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
FIELDS = ("claim", "quote", "verdict", "ruling", "analysis")


def preview_pages(project: Project, site: Site) -> dict[str, str]:
    """{docs path: page} for every unpublishable claim file whose address is free."""
    pages: dict[str, str] = {}
    words = for_site(site)
    for path, data, problems in sorted(project.unpublished, key=lambda u: u[0]):
        cid = data.get("id") if isinstance(data, dict) else None
        if not isinstance(cid, str) or not _SLUG.match(cid):
            cid = PurePosixPath(path).stem
        here = f"{common.CLAIMS}/{cid}.md"
        if not _SLUG.match(cid) or cid in project.claim_paths or here in pages:
            continue  # no address of its own: the problems still show in the banner
        only_draft = {p.code for p in problems} == {"draft"}
        full = _full_page(project, site, path, data) if only_draft else None
        if full:
            pages[here] = _with_notice(full, path, problems, words)
        else:
            pages[here] = _plain_page(path, data, problems, words)
    return pages


def banner(count: int, words: Words) -> dict[str, str]:
    """The words of `factsite serve`'s banner on every page (theme/livereload.js shows them
    over the problems' own lines, which are validate's, in English)."""
    title = words.ngettext(
        "Not published: %(num)s problem. factsite validate and build refuse it.",
        "Not published: %(num)s problems. factsite validate and build refuse them.",
        count,
    )
    return {"title": title, "lang": words.language, "dir": words.direction}


def notice_html(path: str, problems: list[Problem], words: Words) -> str:
    """The banner above a preview, in the site's language (the problems' own messages are
    validate's, in English, as the command line prints them)."""
    _ = words.gettext
    draft = any(p.code == "draft" for p in problems)
    file = f"<code>{text(path)}</code>"
    if draft:
        what = _(
            "A preview of %(file)s, a draft: <code>factsite validate</code> and "
            "<code>factsite build</code> refuse it until these are resolved.",
            file=file,
        )
    else:
        what = _(
            "A preview of %(file)s, a claim file with problems: <code>factsite validate</code> "
            "and <code>factsite build</code> refuse it until these are resolved.",
            file=file,
        )
    # the problems' messages are English: marked so in a site of another language
    english = words.language.split("-")[0] == "en"
    opening, closing = ("", "") if english else ('<span dir="ltr" lang="en">', "</span>")
    rows = "\n".join(
        f"<li><code>{p.line}:{p.col}</code> <strong>{text(p.code)}</strong> "
        f"{opening}{text(p.message)}{closing}</li>"
        for p in problems
    )
    title = _("Not published.")
    return (
        '<div class="fs-preview" role="alert">\n'
        f"<p><strong>{title}</strong> {what}</p>\n<ul>\n{rows}\n</ul>\n</div>\n\n"
    )


def _full_page(project: Project, site: Site, path: str, data: Any) -> str | None:
    """The page the draft will have once published, or None if it cannot be rendered."""
    try:
        article = project.articles[data["article"]].data
        review = structured_data.claim_review(data, article, project.scale, site, project.people)
        _, page = render_claim_page(
            data, article, project.scale, site, path, project.topics, review, people=project.people
        )
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None
    return page


def _with_notice(page: str, path: str, problems: list[Problem], words: Words) -> str:
    post = frontmatter.loads(page)
    body = post.content
    cut = body.find("\n") + 1  # after the title
    front = {k: v for k, v in post.metadata.items() if k not in ("claim_review", "og")}
    front["factsite_preview"] = True
    front.pop("generated_by", None)
    return common.page(front, body[:cut] + "\n" + notice_html(path, problems, words) + body[cut:])


def _plain_page(path: str, data: Any, problems: list[Problem], words: Words) -> str:
    fields = data if isinstance(data, dict) else {}
    title = (
        fields.get("claim") if isinstance(fields.get("claim"), str) else PurePosixPath(path).name
    )
    rows = [
        f"<dt>{name}</dt>\n<dd><pre>{text(str(fields[name]))}</pre></dd>"
        for name in FIELDS
        if name in fields
    ]
    listing = '<dl class="fs-preview__fields">\n' + "\n".join(rows) + "\n</dl>\n" if rows else ""
    body = f"# {text(title)}\n\n{notice_html(path, problems, words)}{listing}"
    heading = words.gettext("Not published: %(title)s", title=title)
    return common.page({"title": meta(heading), "factsite_preview": True}, body)
