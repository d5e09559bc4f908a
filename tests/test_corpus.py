"""The article import on real saved pages nobody on this project wrote (tests/fixtures/corpus).

Each page of `pages.yaml` carries what a person reading it expects: for an article its title,
outlet's name, publication date, language, a few passages the text must hold and a few it
must not; for a page that is no article, that it is refused. `test_page` checks one page
against all of it; what the import still gets wrong on a page is listed under its `known` key
with the reason, so a fix (or a regression) fails the test until the list says so.
`test_figures` counts the whole corpus and compares the counts with the table in the corpus
README (`--update-goldens` rewrites it): the figures the README gives are the figures the
code makes.
"""

from __future__ import annotations

import functools
import gzip
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml

from factsite.load.article_record import Extracted, missing_metadata
from factsite.load.extract import extract_article
from factsite.load.fetch import decode_html
from factsite.problems import Problem

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
PAGES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "pages.yaml").read_text(encoding="utf-8"))
ARTICLE_CHECKS = ("imported", "title", "outlet", "published", "language", "complete", "clean")
_SPACE = re.compile(r"\s+")


def _norm(text: str) -> str:
    # NFKC and folded quotes: "l’évaluation" and "l'évaluation" are the same words
    text = unicodedata.normalize("NFKC", text).translate(str.maketrans("’‘“”«»", '\'\'""""'))
    return _SPACE.sub(" ", text).strip().casefold()


@functools.cache
def imported(name: str) -> Extracted | Problem:
    """What the import makes of the page `name`: an article or the reason it is refused."""
    page = next(p for p in PAGES if p["file"] == name)
    html = decode_html(gzip.decompress((CORPUS / name).read_bytes()))
    found = extract_article(html, page["url"])
    if isinstance(found, Extracted):
        return missing_metadata(found, page["url"]) or found
    return found


def outcome(page: dict[str, Any]) -> dict[str, bool]:
    """Which checks the import passes on `page` (for a non-article: only `refused`)."""
    found = imported(page["file"])
    if page["kind"] != "article":
        return {"refused": isinstance(found, Problem) and found.code == "not-an-article"}
    if not isinstance(found, Extracted):
        return dict.fromkeys(ARTICLE_CHECKS, False)
    text = _norm(found.text)
    return {
        "imported": True,
        "title": _norm(found.title) == _norm(page["title"]),
        "outlet": _norm(found.outlet or "") == _norm(page["outlet"]),
        "published": found.published == page["published"],
        "language": (found.language or "").split("-")[0] == page["language"],
        "complete": all(_norm(s) in text for s in page["with"]),
        "clean": not any(_norm(s) in text for s in page["without"]),
    }


@pytest.mark.parametrize("page", PAGES, ids=[p["file"].removesuffix(".html.gz") for p in PAGES])
def test_page(page: dict[str, Any]) -> None:
    found = imported(page["file"])
    failed = sorted(check for check, ok in outcome(page).items() if not ok)
    known = sorted(page.get("known", {}))
    shown = found.text() if isinstance(found, Problem) else (found.title, found.published)
    assert failed == known, f"{page['file']}: {shown}"
    if isinstance(found, Problem):  # a refusal is a located problem with a reason, never empty
        assert found.code in ("not-an-article", "no-article-text", "missing-metadata")
        assert len(found.message) > 20


def figures() -> str:
    """The corpus figures as the README's table rows."""
    articles = [outcome(p) for p in PAGES if p["kind"] == "article"]
    others = [outcome(p) for p in PAGES if p["kind"] != "article"]
    languages = {p["language"] for p in PAGES if p["kind"] == "article"}
    n = len(articles)
    found = [(p, imported(p["file"])) for p in PAGES if p["kind"] == "article"]
    doubted = [p for p, f in found if isinstance(f, Extracted) and f.unconfirmed]
    unflagged = [  # the dangerous case: a wrong value that nobody is asked to check
        p
        for p, f in found
        if isinstance(f, Extracted)
        and any(
            not outcome(p)[check] and check not in f.unconfirmed
            for check in ("title", "outlet", "published")
        )
    ]

    def count(check: str) -> int:
        return sum(o[check] for o in articles)

    rows = [
        ("articles imported in one step", f"{count('imported')} of {n}"),
        ("titles right", f"{count('title')} of {n}"),
        ("outlet names right", f"{count('outlet')} of {n}"),
        ("publication dates right", f"{count('published')} of {n}"),
        ("languages right", f"{count('language')} of {n}"),
        ("text complete (every expected passage)", f"{count('complete')} of {n}"),
        ("pages keeping boilerplate", f"{n - count('clean')} of {n}"),
        ("non-articles refused", f"{sum(o['refused'] for o in others)} of {len(others)}"),
        ("articles imported with a guess marked unconfirmed", f"{len(doubted)} of {n}"),
        ("wrong title, outlet or date not marked unconfirmed", f"{len(unflagged)} of {n}"),
    ]
    head = f"{n} articles in {len(languages)} languages, {len(others)} pages that are no article"
    head += "\n\n"
    table = "| figure | now |\n|---|---:|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows)
    return head + table


def test_figures(update_goldens: bool) -> None:
    readme = CORPUS / "README.md"
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- figures:start -->\n", "<!-- figures:end -->"
    before, rest = text.split(start)
    _, after = rest.split(end)
    measured = figures()
    if update_goldens:
        readme.write_text(before + start + measured + end + after, encoding="utf-8")
    assert rest.split(end)[0] == measured or update_goldens


def test_corpus_is_what_the_readme_promises() -> None:
    articles = [p for p in PAGES if p["kind"] == "article"]
    assert len(articles) >= 30
    assert len({p["language"] for p in articles}) >= 8
    assert sorted(p["file"] for p in PAGES) == sorted(p.name for p in CORPUS.glob("*.html.gz"))
    assert sum(p.stat().st_size for p in CORPUS.glob("*.html.gz")) < 3 * 1024 * 1024
