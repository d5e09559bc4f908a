"""An article's lead paragraph (standfirst), which trafilatura leaves out when the page sets it
apart from the body ("En annerledes sesong med TINE Fotballskole ...").

Claims are made in the subheading as well as in the body, so the snapshot must hold it. The
page's description (JSON-LD, OpenGraph, <meta name=description>) says which paragraph it is,
and only a paragraph a reader sees is taken: the smallest element of the <body> whose text
holds the description's start, and never an element much longer than the description (a whole
container). Measured on tests/fixtures/corpus: four articles lacked their lead and now hold it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from factsite.load.page_meta import Page, clean, ld_text

if TYPE_CHECKING:
    from lxml.html import HtmlElement

KEY_CHARS = 50  # the description's start that identifies its paragraph
MIN_CHARS = 40  # a shorter description is a slogan or a teaser, not a standfirst
_VISIBLE = (
    "//body//*[not(self::script or self::style or self::noscript or self::template "
    "or ancestor::script or ancestor::style or ancestor::noscript or ancestor::template)]"
)


_QUOTES = str.maketrans("’‘“”", "''\"\"")


def _fold(text: str) -> str:
    """Case and curly quotes aside: a description writes "you're" where the page has "you’re"."""
    return text.translate(_QUOTES).casefold()


def description(page: Page) -> str | None:
    for value in (
        ld_text(page.article.get("description")) if page.article else None,
        page.meta.get("og:description"),
        page.meta.get("description"),
        page.meta.get("twitter:description"),
    ):
        if value and len(value) >= MIN_CHARS:
            return value
    return None


def standfirst(tree: HtmlElement, page: Page, lines: list[str]) -> str | None:
    """The lead paragraph the page shows and `lines` lack, or None."""
    said = description(page)
    if said is None:
        return None
    key = _fold(said.rstrip(" .…")[:KEY_CHARS])
    if any(key in _fold(line) for line in lines):
        return None
    best: str | None = None
    visible = tree.xpath(_VISIBLE)
    for element in visible:
        text = clean(element.text_content())
        if not text or key not in _fold(text) or len(text) > 2 * len(said) + 200:
            continue
        if best is None or len(text) < len(best):
            best = text
    if best is None:  # broken markup (<h2>...</h3>) nests the rest of the page in its element
        pieces = (clean(p) for e in visible for p in (e.text, *(c.tail for c in e)))
        best = next((p for p in pieces if p and key in _fold(p)), None)
    return best
