"""A claim page's history: every commit that changed its claim file, newest first.

Commit subjects are contributor text, escaped like the rest. A link goes to the change on the
repository's host; a project without a repo_url shows the list without links.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from factsite.load.history import Change
from factsite.load.site_config import Site
from factsite.render.escape import attr, text
from factsite.render.i18n import Words, for_site

SHOWN = 20  # the newest changes listed; the host's own history has the rest
SUBJECT_CHARS = 120


def _host_path(repo_url: str, kind: str) -> str:
    """The host's path for one commit ("commit") or a file's history ("commits")."""
    if "gitlab" in (urlsplit(repo_url).hostname or ""):
        return f"{repo_url}/-/{kind}"
    return f"{repo_url}/{kind}"  # GitHub, and Gitea, Forgejo and Codeberg alike


def commit_url(repo_url: str, sha: str) -> str:
    return f"{_host_path(repo_url, 'commit')}/{sha}"


def file_history_url(site: Site, path: str) -> str:
    return f"{_host_path(site.repo_url, 'commits')}/{site.branch}/{path}"


def _subject(change: Change, words: Words) -> str:
    s = change.subject or words.gettext("(no summary)")
    return s if len(s) <= SUBJECT_CHARS else s[: SUBJECT_CHARS - 1].rstrip() + "…"


def history_html(
    changes: Sequence[Change], site: Site, path: str, words: Words | None = None
) -> str:
    """The list of changes to the claim file at `path`; empty when it has none."""
    if not changes:
        return ""
    words = words or for_site(site)
    _ = words.gettext
    items = []
    for change in changes[:SHOWN]:
        summary = text(_subject(change, words))
        short = f"<code>{change.sha[:7]}</code>"
        if site.repo_url:
            link = attr(commit_url(site.repo_url, change.sha))
            summary = f'<a href="{link}">{summary}</a> ({short})'
        else:
            summary = f"{summary} ({short})"
        items.append(f"<li>{words.time_tag(change.date)}: {summary}</li>")
    more = ""
    if len(changes) > SHOWN and site.repo_url:
        earlier = words.ngettext(
            "%(num)s earlier change", "%(num)s earlier changes", len(changes) - SHOWN
        )
        link = f'<a href="{attr(file_history_url(site, path))}">{earlier}</a>'
        more = "<p>" + _("%(link)s are in the repository.", link=link) + "</p>\n"
    intro = _(
        "Every change to this check's file in the site's public repository, newest first: "
        "corrections and small edits alike."
    )
    return f'<p>{intro}</p>\n<ul class="fs-history">\n' + "\n".join(items) + "\n</ul>\n" + more
