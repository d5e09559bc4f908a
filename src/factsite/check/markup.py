"""Contributor Markdown judged on the HTML it produces, not on patterns in its text.

The analysis of a claim is Markdown on purpose. Python-Markdown reads links in many places: inline
links, reference definitions inside block quotes and list items, footnotes, autolinks, attribute
lists, raw HTML... A pattern over the input misses some of them, so this check converts the text
exactly as the claim page carries it (render/sources.analysis_markdown: escaped, citations
linked) with every extension that can make a link or set an attribute, and reads the HTML that
comes out: every URL-bearing attribute holds an absolute http(s) URL (rules.url_problem), a
mailto: address or an anchor of the page (`#...`); no element carries an event handler or a
style, and no element loads anything (images, frames, objects) or runs anything. Relative links
to other pages are refused too: a claim page links to other pages only through what factsite
writes, which MkDocs checks. A refused value is located in the claim file at the text that made
it, or at the start of the field when no text matches.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from html.parser import HTMLParser

import markdown

from factsite.check.rules import url_problem
from factsite.load.document import Document
from factsite.problems import Problem
from factsite.render.sources import analysis_markdown

# Every extension of Python-Markdown and pymdown-extensions that can make a link, an element or
# an attribute from plain text; the site's own mkdocs.yml enables a subset of these. Snippets
# (which read files) are refused by their marker instead (rules.markdown_problems).
EXTENSIONS: tuple[str, ...] = (
    "extra",  # abbr, attr_list, def_list, fenced_code, footnotes, md_in_html, tables
    "admonition",
    "sane_lists",
    "pymdownx.magiclink",
)
# Inline patterns that only wrap text in emphasis or line breaks. The link patterns run first
# (by priority) and read the whole text before these do, so they cannot make or hide a link: the
# check leaves them out, for a third less time and the same links (tests/test_markup.py compares
# with the whole converter).
WRAPPING_PATTERNS = ("em_strong", "em_strong2", "not_strong", "linebreak", "delimiter")

# Attributes whose value a browser follows or loads as a URL (HTML and SVG).
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "background",
        "longdesc", "lowsrc", "dynsrc", "ping", "manifest", "codebase", "archive", "profile",
        "usemap", "icon", "xlink:href", "xml:base", "itemtype", "classid",
    }
)  # fmt: skip
# Elements that load or run something, or change the page around them.
REFUSED_ELEMENTS = frozenset(
    {
        "img", "picture", "source", "video", "audio", "track", "iframe", "frame", "frameset",
        "object", "embed", "applet", "script", "style", "link", "meta", "base", "form",
        "input", "button", "select", "textarea", "svg", "math", "template", "noscript",
        "portal", "dialog",
    }
)  # fmt: skip
REFUSED_ATTRIBUTES = frozenset({"style", "srcdoc", "http-equiv", "is", "popover"})
_ALIGN = re.compile(r"text-align: (left|right|center);")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# What a browser strips from a URL before reading its scheme (the URL standard): C0 controls and
# spaces around it, tabs and newlines anywhere.
_STRIP = "".join(chr(c) for c in range(0x21))


def scheme_of(url: str) -> str | None:
    """The scheme a browser would read in `url` (lower case), or None for a relative URL."""
    cleaned = re.sub(r"[\t\n\r]", "", url.strip(_STRIP))
    m = _SCHEME.match(cleaned)
    return m.group(1).lower() if m else None


def link_problem(url: str) -> str | None:
    """Why `url` may not be a link target of contributor Markdown, or None."""
    if url.startswith("#") and url.isprintable() and not re.search(r"\s", url):
        return None
    scheme = scheme_of(url)
    if scheme == "mailto" and url.isprintable():
        return None
    if url_problem(url) is None:
        return None
    if scheme:
        return (
            f"uses the scheme {scheme}:; only http(s) URLs, mailto: and the page's own "
            "anchors (#...) are allowed"
        )
    return "is not an absolute http(s) URL, a mailto: address or an anchor (#...)"


class _Audit(HTMLParser):
    """Collects (value, why) for each refused element and attribute of an HTML fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in REFUSED_ELEMENTS:
            why = (
                "images are not allowed (they load from another site)"
                if tag in {"img", "picture", "source"}
                else f"the element <{tag}> is not allowed"
            )
            self.found.append((dict(attrs).get("src") or f"<{tag}", why))
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(
                    (value or name, f"the attribute {name!r} (a script) is not allowed")
                )
            elif name == "style" and tag in {"th", "td"} and _ALIGN.fullmatch(value):
                continue  # the tables extension aligns a column this way
            elif name in REFUSED_ATTRIBUTES:
                self.found.append((value or name, f"the attribute {name!r} is not allowed"))
            elif name in URL_ATTRIBUTES:
                urls = value.split(",") if name in {"srcset", "ping", "archive"} else [value]
                for url in urls:
                    url = url.strip().split(" ")[0] if name == "srcset" else url
                    why = link_problem(url)
                    if why:
                        self.found.append(
                            (url.strip(), f"the link target {url.strip()[:60]!r} {why}")
                        )

    handle_startendtag = handle_starttag


# Our own citation links (render/sources.analysis_markdown), taken out before _may_link looks.
_CITATION = re.compile(r'<sup class="fs-cite"><a href="#source-[0-9]+" aria-label="[^"<>]*">')
# Without one of these in the escaped text, none of EXTENSIONS can make an element with an
# attribute: links, images, references, footnotes and abbreviations need `[`, attribute lists
# `{`, raw HTML and autolinks `<` (escaped to `&lt;` by the renderer), magic links `://`, `www.`,
# `ftp.` or `@`. A shortcut for speed only (Python-Markdown takes about 3 ms for a 2.6 kB
# analysis); tests/test_markup.py checks it against the converter on generated text.
_MAY_LINK = re.compile(r"[\[\]{<@]|://|www\.|ftp\.", re.I)


def may_link(page_markdown: str) -> bool:
    """False only when the converter cannot make a link, an element or an attribute of it."""
    return bool(_MAY_LINK.search(_CITATION.sub("", page_markdown)))


# Python-Markdown's link processors, by name and priority (markdown/inlinepatterns.py), which
# the check's converter registers again with the same bracket matching, computed faster.
LINK_PROCESSORS = (
    ("reference", 170),
    ("link", 160),
    ("image_link", 150),
    ("image_reference", 140),
    ("short_reference", 130),
    ("short_image_ref", 125),
)
_BRACKET = re.compile(r"[\[\]]")


def bracket_ends(data: str) -> Callable[[int], int | None]:
    """For an index of `data`, the index just past the `]` that closes a bracket opened before
    it, or None: what Python-Markdown 3.11's LinkInlineProcessor computes for every character
    of a paragraph, each time a link in it is replaced. Depth changes only at a bracket, so
    this works on the brackets alone: linear in their number, not in the paragraph's length."""
    at = [m.start() for m in _BRACKET.finditer(data)]
    depth = [0]  # depth[j]: before every index after j brackets (and up to the next one)
    for i in at:
        depth.append(depth[-1] + (1 if data[i] == "[" else -1))
    lower: list[int | None] = [None] * len(depth)  # the next run of lower depth
    stack: list[int] = []
    for k, d in enumerate(depth):
        while stack and d < depth[stack[-1]]:
            lower[stack.pop()] = k
        stack.append(k)

    def end(index: int) -> int | None:
        k = lower[bisect_left(at, index)]
        return None if k is None else at[k - 1] + 1

    return end


class _FastBrackets:
    """Python-Markdown's getText with bracket_ends: the same text, end and flag."""

    _ends_data: str | None = None
    _ends: Callable[[int], int | None]

    def getText(self, data: str, index: int) -> tuple[str, int, bool]:
        if self._ends_data is not data:
            self._ends_data, self._ends = data, bracket_ends(data)
        end = self._ends(index)
        if end is None:
            return data[index:], len(data), False
        return data[index : end - 1], end, True


@lru_cache(maxsize=4)
def _converter(extensions: tuple[str, ...], whole: bool) -> markdown.Markdown:
    converter = markdown.Markdown(extensions=list(extensions))
    if not whole:
        patterns = converter.inlinePatterns
        for name in WRAPPING_PATTERNS:
            patterns.deregister(name, strict=False)
        for name, priority in LINK_PROCESSORS:
            old = patterns[name]
            fast = type(f"Fast{type(old).__name__}", (_FastBrackets, type(old)), {})
            patterns.register(fast(old.pattern, converter), name, priority)
    return converter


def html_of(
    page_markdown: str, extensions: tuple[str, ...] = EXTENSIONS, *, whole: bool = False
) -> str:
    """The HTML Python-Markdown makes of `page_markdown`, with `extensions`: with every inline
    pattern (`whole`), or only those that can make or prevent a link (the check)."""
    converter = _converter(extensions, whole)
    try:
        return converter.reset().convert(page_markdown)
    finally:
        converter.reset()


def refused(html: str) -> list[tuple[str, str]]:
    """(value, why) for each thing in `html` that may not reach a reader's browser."""
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return audit.found


def _offset(text: str, value: str) -> int:
    """Where `value` (as the HTML decoded it) was written in `text`; 0 when nowhere verbatim."""
    for probe in (value, value.strip(), value[:12]):
        if probe and (at := text.find(probe)) >= 0:
            return at
    head = scheme_of(value)
    if head:
        m = re.search(re.escape(head[:3]), text, re.I)
        if m:
            return m.start()
    return 0


def check_analysis_html(doc: Document, field: str = "analysis") -> list[Problem]:
    """A problem for each link, element or attribute that the field's HTML may not carry."""
    data = doc.data
    value = data.get(field) if isinstance(data, dict) else None
    if not isinstance(value, str):
        return []
    sources = data.get("sources")
    # Sources as far as they are well formed (the schema reports the rest): the citations of
    # the page link to them.
    usable = [
        {"url": s["url"], "publisher": str(s.get("publisher", "")), "stance": s.get("stance")}
        for s in (sources if isinstance(sources, list) else [])
        if isinstance(s, dict) and isinstance(s.get("url"), str)
    ]
    page = analysis_markdown(value, usable)
    if not may_link(page):
        return []
    html = html_of(page)
    problems, seen = [], set()
    for bad, why in refused(html):
        if (bad, why) in seen:
            continue
        seen.add((bad, why))
        at = _offset(value, bad)
        if why.startswith("images") and (bang := value.rfind("![", 0, at + 1)) >= 0:
            at = bang  # an image is located at its `![`, as a contributor wrote it
        problems.append(doc.problem_at((field,), at, "unsafe-markdown", f"$.{field}: {why}"))
    return problems
