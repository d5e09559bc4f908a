"""render/sources.py: the numbered sources list of a claim page, in words for readers."""

from __future__ import annotations

import re
from typing import Any

from factsite.check.schemas import _data
from factsite.render import sources


def _source(n: int, stance: str, **extra: str) -> dict[str, Any]:
    return {
        "url": f"https://example.org/{n}",
        "title": f"Title {n}",
        "publisher": f"Publisher {n}",
        "kind": "news-report",
        "stance": stance,
        "note": f"What source {n} shows.",
        **extra,
    }


def test_every_kind_and_relation_of_the_schema_has_words_for_readers() -> None:
    props = _data("claim")["properties"]["sources"]["items"]["properties"]
    assert list(sources.KINDS) == props["kind"]["enum"]
    assert list(sources.RELATIONS) == props["relation"]["enum"]
    assert all(label and label[0].isupper() for label in [*sources.KINDS.values()])


def test_entries_are_numbered_in_page_order_across_the_stance_groups() -> None:
    listed = [_source(1, "context"), _source(2, "supports"), _source(3, "contradicts")]
    html = sources.sources_html(listed)
    assert re.findall(r'id="source-(\d+)">.*?(Title \d)', html) == [
        ("1", "Title 2"),
        ("2", "Title 3"),
        ("3", "Title 1"),
    ]
    assert re.findall(r'<ol class="fs-sources" start="(\d+)">', html) == ["1", "2", "3"]
    assert sources.numbers(listed) == {
        "https://example.org/2": 1,
        "https://example.org/3": 2,
        "https://example.org/1": 3,
    }


def test_kind_relation_and_archive_are_said_in_plain_words() -> None:
    mirror = _source(1, "context", kind="mirror")
    related = _source(2, "supports", relation="same-owner-as-claimant")
    archived = _source(3, "supports", archive_url="https://web.archive.org/web/2026/x")
    html = sources.sources_html([mirror, related, archived])
    assert "Mirror: a copy of another page, not evidence" in html
    assert "Not independent: same owner as the claimant" in html
    # said once for the list, not once a source
    assert html.count("web archive") == 1 and "2 of these sources have no copy" in html
    assert '<a class="fs-source__archive" href="https://web.archive.org/web/2026/x">' in html
    assert "News report" in html


def test_citations_link_to_the_numbered_entry_and_definitions_are_dropped() -> None:
    listed = [_source(1, "context"), _source(2, "supports", publisher='A "quoted" <b>name</b>')]
    analysis = (
        "First fact.[^a] Second fact.[^b][^a]\n\n"
        "[^a]: https://example.org/1\n"
        "[^b]: <https://example.org/2>\n"
    )
    out = sources.analysis_markdown(analysis, listed)
    assert "[^" not in out and "example.org" not in out  # no definition left on the page
    # The supporting source is listed first: entry 1; the context source is entry 2.
    assert out.count('href="#source-2"') == 2 and out.count('href="#source-1"') == 1
    assert (
        'aria-label="Source 1: A &quot;quoted&quot; &lt;b&gt;name&lt;/b&gt;">&#91;1&#93;</a>' in out
    )
    assert out.startswith('First fact.<sup class="fs-cite"><a href="#source-2"')


def test_citations_leave_the_rest_of_the_markdown_as_escape_makes_it() -> None:
    from factsite.render.escape import markdown

    plain = "No citation here, <b>raw</b> & [a link](https://example.org/)."
    assert sources.analysis_markdown(plain, [_source(1, "supports")]) == markdown(plain)
    unknown = "A marker for a page that is not a source.[^x]\n\n[^x]: https://example.org/9\n"
    out = sources.analysis_markdown(unknown, [_source(1, "supports")])
    assert "[^x]" in out and "<sup" not in out  # refused by the validator; never a dead link


def test_link_syntax_in_a_publisher_or_a_reference_cannot_reach_the_citation() -> None:
    import markdown as md

    listed = [_source(1, "supports", publisher="Foo [bar](https://evil.example/) *x*")]
    analysis = "A fact.[^a]\n\n[1]: https://evil.example/ref\n[^a]: https://example.org/1\n"
    html = md.markdown(sources.analysis_markdown(analysis, listed))
    assert 'href="https://evil' not in html and html.count("<a ") == 1  # ours, and only ours
    assert html.endswith('&#42;x&#42;">&#91;1&#93;</a></sup></p>')  # the label stays text
