"""publish/search.py: Pagefind over built HTML, and what it finds in other scripts.

The browser test indexes a few pages of its own (no site build) and queries them with
Pagefind's own script in headless Chromium, as the search dialog does.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import serve_folder
from factsite.publish import search, search_order
from factsite.render.i18n import typed_forms

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav>Navigation words: nowhere</nav><main data-pagefind-body><h1>{title}</h1>
<p>{text}</p><span data-pagefind-filter="verdict">{verdict}</span>{typed}
<span data-pagefind-filter="topic">{verdict} topic</span></main></body></html>"""
# An English page (every factsite page has the site's one language) quoting other scripts,
# as the repository's claims quote Ynet's Hebrew caption and Azerbaijani sources.
PAGES = {
    "az/index.html": (
        "en",
        "Aliyev on the embassy",
        "Prezident İlham Əliyev Azərbaycan Respublikasının səfirliyini açdı, Bakı şəhərində.",
    ),
    "he/index.html": ("en", "The Hebrew caption", "השגרירות נפתחה בתל אביב במרץ 2023."),
    "en/index.html": ("en", "An English page", "The embassy opened in Tel Aviv in March 2023."),
}


def _site(root: Path) -> Path:
    verdicts = ("True", "False", "Half")
    for (rel, (lang, title, text)), verdict in zip(PAGES.items(), verdicts, strict=True):
        # the words as typed without their letters, as the claim page's card gives them
        forms = " ".join(typed_forms(text))
        typed = f'<span data-pagefind-index-attrs="data-typed" data-typed="{forms}"></span>'
        page = PAGE.format(lang=lang, title=title, text=text, verdict=verdict, typed=typed)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(page, "utf-8")
    (root / "index.html").write_text("<!doctype html><html lang='en'><body></body></html>")
    return root


def test_index_site_writes_the_bundle(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    assert search.index_site(site) is None
    entry = json.loads((site / search.BUNDLE / search.ENTRY).read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]  # one index: every page has the site's language
    assert entry["languages"]["en"]["page_count"] == len(PAGES)  # only data-pagefind-body
    assert len(list((site / search.BUNDLE / "filter").glob("*.pf_filter"))) == 2


def test_the_same_site_gives_the_same_index(tmp_path: Path) -> None:
    """Pagefind alone writes filter values in a random order (search_order.py puts them in
    order): then a sharded build could not equal a plain one, nor a rebuild the last build."""
    sites = [_site(tmp_path / name) for name in ("one", "two", "three")]
    bundles = []
    for site in sites:
        assert search.index_site(site) is None
        bundle = site / search.BUNDLE
        bundles.append({p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*.pf_*")})
    assert bundles[0] == bundles[1] == bundles[2]
    assert any(p.parts[0] == "filter" for p in bundles[0])


def test_search_order_reads_back_what_pagefind_wrote() -> None:
    value = ["1.5.2", [["en_c5b7fac", 2083], ["en_84daad2", 37]], [], ["claimant", "date"]]
    assert search_order.decode(search_order.encode(value)) == value
    with pytest.raises(ValueError):
        search_order.decode(b"\xa1\x01\x02")  # a CBOR map: not something Pagefind writes here


def test_index_site_reports_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problem = search.index_site(tmp_path / "empty")
    assert problem is not None and problem.startswith("search: pagefind failed:")
    assert not (tmp_path / "empty" / search.BUNDLE / search.ENTRY).exists()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = _site(tmp_path_factory.mktemp("search") / "site")
    assert search.index_site(site) is None
    with serve_folder(site) as url:
        yield url


FIND = """async words => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = {};
    for (const word of words) {
        const result = await pagefind.search(word);
        found[word] = await Promise.all(result.results.map(async r => (await r.data()).url));
    }
    return found;
}"""


@pytest.mark.browser
def test_hebrew_and_azerbaijani_words_are_found(indexed: str) -> None:
    """Words as written, in any case (Ə/ə, İ/i, ı), and as typed without their letters
    ("azerbaycan", "baki", "eliyev": issue 28): Pagefind 1.5.2 folds none of them (ə and ı
    are letters of their own), so the page gives the index those forms in an attribute
    (render/i18n.typed_forms). Not found: a Hebrew word without its prefix ("שגרירות" for
    "השגרירות"): Hebrew has no stemming."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    words = ["Əliyev", "əliyev", "ƏLİYEV", "Azərbaycan", "səfirliyini", "Bakı", "השגרירות"]
    words += ["azerbaycan", "baki", "eliyev", "seherinde"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page()
            page.goto(indexed + "en/")
            found = page.evaluate(FIND, [*words, "nowhere", "opened"])
        finally:
            browser.close()
    for word in words:
        want = "/he/" if word == "השגרירות" else "/az/"
        assert found[word] == [want], (word, found[word])
    assert found["nowhere"] == []  # <nav> is not indexed, only data-pagefind-body
    assert found["opened"] == ["/en/"]
