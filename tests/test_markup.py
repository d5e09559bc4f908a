"""check/markup.py: contributor Markdown judged on the HTML Python-Markdown makes of it.

Every construct that can carry a URL or an attribute is rendered with hostile values; each must
be refused, located at the text that made it. Harmless uses of the same constructs pass.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factsite.check.markup import check_analysis_html, html_of, may_link, refused, scheme_of
from factsite.load.strict_yaml import parse
from factsite.render.escape import markdown

HOSTILE = ["javascript:alert(document.domain)", "data:text/html,x", "vbscript:msgbox(1)"]

# {url} is replaced by each hostile URL. Each line is one Markdown construct able to carry a URL.
CONSTRUCTS = {
    "inline link": "See [r]({url}).",
    "inline link, angle brackets": "See [r](<{url}>).",
    "inline link with title": 'See [r]({url} "t").',
    "reference at line start": "See [r][r1].\n\n[r1]: {url}",
    "reference in a block quote": "> See [r][r1].\n>\n> [r1]: {url}",
    "reference in a nested quote": "> > See [r][r1].\n> >\n> > [r1]: {url}",
    "reference in a list item": "- See [r][r1].\n\n    [r1]: {url}",
    "reference in an ordered list": "1. See [r][r1].\n\n    [r1]: {url}",
    "shortcut reference": "See [r].\n\n[r]: {url}",
    "collapsed reference": "See [r][].\n\n  [r]: {url}",
    # A definition line of its own is a citation, dropped from the page (check/citations.py);
    # inside a quote or a list item it is Markdown's footnote.
    "footnote in a block quote": "Text[^a].\n\n> [^a]: See [x]({url}).",
    "footnote in a list item": "- Text[^a].\n\n    [^a]: See [x]({url}).",
    "attribute list on a link": '[x](https://ok.example/){{: href="{url}" }}',
    "attribute list on a paragraph": 'Para.\n{{: cite="{url}" }}',
    "definition list": "Term\n:   See [x]({url})",
    "table cell": "| a |\n|---|\n| [x]({url}) |",
    "admonition": '!!! note "n"\n    See [x]({url}).',
    "emphasis around a link": "*[x]({url})*",
    "link in a heading": "# [x]({url})",
    "entity-encoded scheme": "[x]({url_entity})",
    "tab inside the scheme": "[x]({url_tab})",
    "leading space in the target": "[x](  {url})",
    "upper-case scheme": "[x]({url_upper})",
}


def _fill(template: str, url: str) -> str:
    scheme, rest = url.split(":", 1)
    return template.format(
        url=url,
        url_entity=f"&#{ord(scheme[0])};{scheme[1:]}:{rest}",
        url_tab=f"{scheme[:2]}\t{scheme[2:]}:{rest}",
        url_upper=url.upper(),
    )


def _claim(analysis: str) -> str:
    body = "\n".join("  " + line if line else "" for line in analysis.split("\n"))
    return f"id: c\nsources: []\nanalysis: |\n{body}\n"


def _problems(analysis: str) -> list[str]:
    return [p.text() for p in check_analysis_html(parse("c.yaml", _claim(analysis)))]


@pytest.mark.parametrize("url", HOSTILE)
@pytest.mark.parametrize("construct", sorted(CONSTRUCTS))
def test_every_construct_with_a_hostile_url_is_refused(construct: str, url: str) -> None:
    analysis = _fill(CONSTRUCTS[construct], url)
    problems = _problems(analysis)
    assert problems, (construct, html_of(markdown(analysis)))
    assert all("error[unsafe-markdown] $.analysis: " in p for p in problems)
    # Located inside the analysis block (line 4 onwards), never at the key.
    assert all(int(p.split(":")[1]) >= 4 for p in problems), problems


@pytest.mark.parametrize(
    "analysis",
    [
        "**Bold**, *em*, `code [x](javascript:alert(1))` and a [link](https://ok.example/a_(b)).",
        "See [the sources](#sources), <https://ok.example/> and <mailto:desk@ok.example>.",
        "> Quoted [r][r1].\n>\n> [r1]: https://ok.example/r",
        "| left | centre |\n|:---|:---:|\n| a | b |",
        "Text[^a].\n\n[^a]: https://ok.example/source",
        "Plain text: nothing to link, 3 < 4 & 5 > 2.",
    ],
)
def test_harmless_markdown_passes(analysis: str) -> None:
    assert _problems(analysis) == []


@pytest.mark.parametrize(
    ("analysis", "why"),
    [
        ("![i](https://x.example/i.png)", "images are not allowed"),
        ('Para.\n{: onclick="alert(1)" }', "the attribute 'onclick' (a script)"),
        ('Para.\n{: style="position:fixed" }', "the attribute 'style'"),
        ("[x](../other-claim/)", "is not an absolute http(s) URL"),
        ("[x](//evil.example/)", "is not an absolute http(s) URL"),
        ("[x](ftp://files.example/)", "uses the scheme ftp:"),
    ],
)
def test_elements_and_attributes_that_load_or_run_are_refused(analysis: str, why: str) -> None:
    (problem,) = _problems(analysis)
    assert why in problem


def test_raw_html_is_text_not_markup() -> None:
    # The renderer escapes `<`: raw HTML shows as text and makes no link.
    for raw in ('<a href="javascript:alert(1)">x</a>', '<img src=x onerror="alert(1)">'):
        assert _problems(raw) == []
        assert "<a " not in html_of(markdown(raw)) and "<img" not in html_of(markdown(raw))


def test_the_issue_reproduction_is_located_at_the_definition() -> None:
    text = _claim("See [r][r1].\n\n> See [r][r1].\n>\n> [r1]: javascript:alert(document.domain)")
    (problem,) = [p.text() for p in check_analysis_html(parse("c.yaml", text))]
    assert problem.startswith("c.yaml:8:11: error[unsafe-markdown] $.analysis: the link target")
    assert "'javascript:alert(document.domain)' uses the scheme javascript:" in problem


@pytest.mark.parametrize(
    ("url", "scheme"),
    [
        ("javascript:x", "javascript"),
        (" \x01JaVa\tScRiPt:x", "javascript"),
        ("java\nscript:x", "javascript"),
        ("/a:b", None),
        ("#a:b", None),
        ("https://x", "https"),
    ],
)
def test_scheme_as_a_browser_reads_it(url: str, scheme: str | None) -> None:
    assert scheme_of(url) == scheme


PIECES = [
    *"ab :/.@[](){}<>!*_`#-=|~^&\n\t\"'",
    *["\n\n", "> ", "- ", "1. ", "    ", "[^a]", "[^a]: ", "{: ", "www.", "ftp.", "://"],
    *["javascript:", "https://x.example", "mailto:", "*[", "!!! note\n    ", "&#106;"],
]


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_shortcut_never_skips_a_link(value: str) -> None:
    page = markdown(value)
    html = html_of(page)
    if not may_link(page):
        # No URL at all (class and id attributes of admonitions and headings are harmless).
        assert not re.search(r"\s(href|src|cite|action)=", html), (value, html)
        assert refused(html) == [], (value, html)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]ab ")), max_size=60))
def test_bracket_ends_equal_python_markdowns(data: str) -> None:
    from markdown.inlinepatterns import LinkInlineProcessor

    from factsite.check.markup import bracket_ends

    # the library's own computation, for every index, is the oracle
    expected = LinkInlineProcessor._findBracketEnds(data)
    end = bracket_ends(data)
    assert [end(i) for i in range(len(data) + 1)] == expected


EMPHASIS = [*PIECES, "**", "*", "_", "  \n", "~~", "==", "^^"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(EMPHASIS), max_size=40).map("".join))
def test_the_checks_converter_finds_the_links_the_whole_converter_makes(value: str) -> None:
    # Without the emphasis and line-break patterns, and with the faster bracket matching: the
    # same URLs and the same refusals as Python-Markdown with every pattern.
    page = markdown(value)
    fast, whole = html_of(page), html_of(page, whole=True)
    urls = re.compile(r'\s(?:href|src|cite|action)="([^"]*)"')
    assert urls.findall(fast) == urls.findall(whole), (value, fast, whole)
    assert refused(fast) == refused(whole)
