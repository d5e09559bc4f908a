"""A claim page's history: every commit that changed its claim file, newest first.

Commit subjects are contributor text, escaped like the rest. A link goes to the change on the
repository's host; a project without a repo_url shows the list without links.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from factsite.load.history import Change
from factsite.load.site_config import Site
from factsite.render.common import time_tag
from factsite.render.escape import attr, text

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


def _subject(change: Change) -> str:
    s = change.subject or "(no summary)"
    return s if len(s) <= SUBJECT_CHARS else s[: SUBJECT_CHARS - 1].rstrip() + "…"


def history_html(changes: Sequence[Change], site: Site, path: str) -> str:
    """The list of changes to the claim file at `path`; empty when it has none."""
    if not changes:
        return ""
    items = []
    for change in changes[:SHOWN]:
        summary = text(_subject(change))
        short = f"<code>{change.sha[:7]}</code>"
        if site.repo_url:
            link = attr(commit_url(site.repo_url, change.sha))
            summary = f'<a href="{link}">{summary}</a> ({short})'
        else:
            summary = f"{summary} ({short})"
        items.append(f"<li>{time_tag(change.date)}: {summary}</li>")
    more = ""
    if len(changes) > SHOWN and site.repo_url:
        more = (
            f'<p><a href="{attr(file_history_url(site, path))}">'
            f"{len(changes) - SHOWN} earlier changes</a> are in the repository.</p>\n"
        )
    return (
        "<p>Every change to this check's file in the site's public repository, newest first: "
        "corrections and small edits alike.</p>\n"
        '<ul class="fs-history">\n' + "\n".join(items) + "\n</ul>\n" + more
    )
