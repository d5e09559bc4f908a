"""The desk's words (issue 27) in the site's language (issue 28): bylines, people's pages, the
review and reply rules, a retraction's notice, a renamed check's old address, the quote's
translation and the right of reply, in every shipped language, with contributor text escaped
as everywhere else."""

from __future__ import annotations

import dataclasses
import json
import re
from typing import Any

import pytest

from conftest import copy_project, rendered, site_of
from factsite.check.project import check_project
from factsite.render import i18n, render_site

CLAIM = "embassy-tel-aviv-march-2023"
OLD = "embassy-tel-aviv-old-address"
TRANSLATED = [lang for lang in i18n.SHIPPED if lang != "en"]

# factsite's English words of the desk's features: none may reach a page in another language
ENGLISH = (
    "By <a",
    "Edited by",
    "Reviewed by",
    "Retracted on",
    "Retracted (",
    "Retracted:",
    "no longer stands",
    "last verdict",
    "Last ruling",
    "We contacted",
    "We have received no answer",
    "They answered on",
    "Their answer as published",
    "Right of reply",
    "Checks they",
    "wrote:",
    "Who writes our checks",
    "Their page",
    "Public profile",
    "has moved to",
    "Moved:",
    "working day",
    "review rule",
    "other than its authors",
    " checks)",
    " check)",
    "</strong> of <a",
)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Any]:
    """The project with one check written, edited and reviewed by named people, answered by
    its claimant, its quote translated, retracted and renamed from an old address."""
    root = copy_project(tmp_path_factory.mktemp("desk") / "project")
    project = check_project(root)
    assert project.problems == []
    project.people.clear()
    project.people |= {
        "author": {"name": "Ayşə <b>Əliyeva</b>", "role": "Reporter", "page": "https://a.example"},
        "editor": {"name": "דנה כהן", "role": "Editor"},
        "desk": {"name": "Desk", "type": "Organization", "role": "Team"},
    }
    claim = next(c for c in project.claims if c["id"] == CLAIM)
    claim |= {
        "authors": ["author"],
        "editors": ["editor", "desk"],
        "reviewed_by": ["desk"],
        "reply": {
            "contacted": "2026-11-20",
            "channel": "x",
            "answer": {"date": "2026-11-24", "text": "<i>no</i>", "url": "https://r.example"},
        },
        "quote_translation": {"by": "t", "text": "q *x*"},
        "redirect_from": [OLD],
        "updates": [*(claim.get("updates") or []), {"date": "2026-12-08", "type": "retraction"}],
    }
    claim["updates"][-1]["note"] = "n"
    site = dataclasses.replace(site_of(root), review=(2, "2026-12-07"), reply=(3, "2026-12-07"))
    return project, site


def _pages(desk: tuple[Any, Any], lang: str) -> dict[str, Any]:
    project, site = desk
    return rendered(render_site(project, dataclasses.replace(site, language=lang)))


def _reader_pages(pages: dict[str, Any]) -> dict[str, str]:
    paths = [
        f"claims/{CLAIM}.md",
        "people/index.md",
        "people/author.md",
        "_generated/review-rule.md",
        "_generated/reply-rule.md",
        "_generated/corrections-log.md",
        f"embed/{CLAIM}.html",
        f"claims/{OLD}/index.html",
        "feeds/feed.json",
        "feeds/atom.xml",
    ]
    return {p: str(pages[p]) for p in paths}


def test_the_desk_in_english(desk: tuple[Any, Any]) -> None:
    pages = _reader_pages(_pages(desk, "en"))
    page = pages[f"claims/{CLAIM}.md"]
    assert "Edited by <a" in page and "Reviewed by <a" in page
    assert "<bdi>דנה כהן</bdi></a> and <a" in page  # a list joined as English joins it
    assert "Retracted on <time" in page and "We contacted" in page
    assert "Checks they wrote: 1." in pages["people/author.md"]
    assert "by 2 people other than its authors" in pages["_generated/review-rule.md"]
    assert "at least 3 working days" in pages["_generated/reply-rule.md"]
    assert "This fact-check has moved to" in pages[f"claims/{OLD}/index.html"]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_desk_speaks_the_site_language(desk: tuple[Any, Any], lang: str) -> None:
    pages = _reader_pages(_pages(desk, lang))
    for path, text in pages.items():
        body = re.sub(r'href="[^"]*"', "", text.split("\n---\n", 1)[-1])
        found = [m for m in ENGLISH if m in body]
        assert found == [], f"{lang} {path}: {found}"
    words = i18n.words(lang)
    page = pages[f"claims/{CLAIM}.md"]
    assert words.gettext("Right of reply") in page
    assert words.gettext("Reviewed by") in pages["_generated/review-rule.md"]
    feed = json.loads(pages["feeds/feed.json"])
    (item,) = [i for i in feed["items"] if i["url"].endswith(f"/claims/{CLAIM}/")]
    assert item["content_text"].startswith(
        words.gettext(
            "Retracted on %(date)s: %(note)s Last ruling: %(ruling)s",
            date="2026-12-08",
            note="n",
            ruling="",
        ).rstrip()
    )
    redirect = pages[f"claims/{OLD}/index.html"]
    assert f'<html lang="{lang}" dir="{words.direction}">' in redirect


@pytest.mark.parametrize("lang", ["en", "de", "ar"])
def test_contributor_text_stays_text_inside_translated_sentences(
    desk: tuple[Any, Any], lang: str
) -> None:
    pages = _reader_pages(_pages(desk, lang))
    page = pages[f"claims/{CLAIM}.md"].split("\n---\n", 1)[-1]  # ClaimReview's data is raw
    assert "<b>" not in page and "&lt;b&gt;Əliyeva&lt;/b&gt;" in page  # the byline's name
    assert "<i>no</i>" not in page and "&lt;i&gt;no&lt;/i&gt;" in page  # the claimant's answer
    assert "q &#42;x&#42;" in page  # the translation's Markdown is text
    assert "<b>" not in pages["people/index.md"]
