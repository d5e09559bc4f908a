"""Drafts: a check still being written (`draft: true`) is never published.

validate, render and build refuse a draft like any other problem (`draft`), so nothing of it
reaches a published site, its feeds, its data or its search index. `factsite serve` previews
it all the same: check/project.py keeps every claim file that is not publishable, drafts and
broken files alike, with its problems (`Project.unpublished`), and render/preview.py gives each
a page that shows them, beside the rest of the site.
"""

from __future__ import annotations

from factsite.load.document import Document
from factsite.problems import Problem


def is_draft(doc: Document) -> bool:
    return isinstance(doc.data, dict) and doc.data.get("draft") is True


def check_draft(doc: Document) -> list[Problem]:
    if not is_draft(doc):
        return []
    message = (
        "$.draft: a draft is not published: remove `draft: true` when the check is ready "
        "(`factsite serve` previews it meanwhile)"
    )
    return [doc.problem(("draft",), "draft", message)]
