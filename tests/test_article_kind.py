"""Article or not (load/article_kind.py): the evidence for and against, and the reason."""

from __future__ import annotations

import pytest
from trafilatura.utils import load_html

from factsite.load import page_meta
from factsite.load.article_kind import evidence, listing, refusal


def page_of(head: str) -> page_meta.Page:
    return page_meta.read_page(load_html(f"<html><head>{head}</head><body><p>x</p></body></html>"))


@pytest.mark.parametrize(
    ("head", "url"),
    [
        ('<meta property="og:type" content="news">', "https://www.example.cn/a/b"),  # issue 29
        ('<meta property="og:type" content="article">', "https://www.example.com/x"),
        ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', "https://e.com/"),
        (  # og:type website, but a stated date and an article's address
            '<meta property="og:type" content="website">'
            '<meta property="article:published_time" content="2020-10-23T10:03:19+02:00">',
            "https://francais.radio.cz/le-ministre-de-la-sante-somme-de-demissionner-869800",
        ),
        ("", "https://www.example.com/2020/02/19/story"),  # a dated address alone
        ("", "https://yle.fi/uutiset/3-11212601"),  # a long id alone
        ("", "http://archiv.krimiblog.de/?p=2895"),  # WordPress's address of a post
    ],
    ids=["og-news", "og-article", "json-ld", "website-but-dated", "dated-path", "long-id", "?p="],
)
def test_what_may_be_an_article_is_not_refused(head: str, url: str) -> None:
    assert refusal(page_of(head), url) is None


@pytest.mark.parametrize(
    ("head", "url", "words"),
    [
        ('<meta property="og:type" content="article">', "https://www.austria.info/", "home page"),
        ("", "https://www.deutschland.de/en", "home page"),
        (
            "<title>蔡健雅_百度百科</title>",
            "https://baike.baidu.com/item/%E8%94%A1",
            "nothing says",
        ),
        ('<meta property="og:type" content="website">', "https://www.example.com/about", "website"),
    ],
    ids=["og-article-at-home", "language-home", "encyclopaedia", "website"],
)
def test_a_page_with_no_evidence_or_a_home_address_is_refused_with_a_reason(
    head: str, url: str, words: str
) -> None:
    why = refusal(page_of(head), url)
    assert why is not None
    assert words in why


def test_the_evidence_is_named() -> None:
    head = '<meta property="og:type" content="news">'
    assert evidence(page_of(head), "https://www.example.cn/2020-02/19/c_1125597921.htm") == (
        ["og:type 'news'", "an address shaped like an article's"],
        [],
    )


def test_a_list_of_entries_is_no_article_but_an_interview_is() -> None:
    entries = ["Termine 2020", "Auch 2020 gibt es wieder Termine."]
    for day in range(1, 5):
        entries += [f"Termin: 0{day}.02.2020, 19 Uhr", "Ort: Marktplatz", "Eintritt: 44,90 €"]
    why = listing(entries)
    assert why is not None
    assert "12 of its 13 lines are fields: Eintritt:, Ort:, Termin:" in why
    interview = ["An interview"] + [
        f"{who}: " + "A long answer that runs on, as answers in interviews do, " * 3
        for who in ("Question", "Answer") * 5
    ]
    assert listing(interview) is None


def test_a_wiki_entry_is_refused_whatever_its_markup_claims() -> None:
    head = (
        '<meta name="generator" content="MediaWiki 1.35.0-wmf.5">'
        '<script type="application/ld+json">{"@type": "Article", "headline": "A technique"}'
        "</script>"
    )
    why = refusal(page_of(head), "https://en.wikipedia.org/wiki/T-distributed")
    assert why is not None
    assert "wiki's entry" in why
