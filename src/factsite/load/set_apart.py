"""Text of the article that the page sets apart from its paragraphs, which trafilatura leaves
out: a box of facts written straight into the article's body ("La firme Bayer, propriétaire de
Monsanto, a été condamnée ..." on lopinion.fr), and the line that says where the article first
appeared ("This post originally appeared on Grist." above the body on salon.com).

Claims are made in a box of facts as in the body, and a republished article is checked against
its original, so the snapshot must hold both. Each rule takes only text a reader sees, never
an element that holds paragraphs trafilatura read (a container), and names the corpus page it
was written for (tests/fixtures/corpus); the corpus test fails if one adds a line the text must
not hold. Pure functions over an lxml tree.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from factsite.load.page_meta import clean

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# The article's body as the page marks it: microdata, or the class names CMSs give it
# ("article_body" on lopinion.fr, "article-body", "articleBody", "entry-content").
_BODY = (
    "//*[@itemprop='articleBody' or re:test(@class, "
    r"'(^|\s)(article[_-]?body|article__body|articlebody|entry-content|post-content)(\s|$)', 'i')]"
)
_NS = {"re": "http://exslt.org/regular-expressions"}
_BLOCKS = frozenset({"p", "div", "section", "aside", "ul", "ol", "table", "blockquote", "figure"})
_BLOCKS |= {f"h{n}" for n in range(1, 7)}
# what a caption's box, a list or a table holds: not a box of running text
_NOT_PROSE = frozenset({"img", "picture", "figcaption", "video", "iframe", "br", "li", "td", "dd"})
_CAPTION = re.compile(r"caption|credit|legend", re.I)
MIN_BOX_CHARS = 120  # shorter: a label, a credit, a button or a product's slogan
MAX_BOXES = 2
MAX_BOX_CHARS = 2000  # longer: not a box
MAX_LINK_SHARE = 0.2  # a box of facts is written, not a list of links
KEY_CHARS = 50  # the start of a block that identifies it among the lines
_SENTENCE_END = re.compile(r"[.!?。！？؟…»”\"')]\s*$")

# "This post originally appeared on Grist." in the languages of the corpus and their neighbours
_REPUBLISHED = re.compile(
    r"(?:originally|first) (?:appeared|published|ran|posted)\b|"
    r"(?:erschien|erschienen) (?:zuerst|ursprünglich)|zuerst erschienen|"
    r"(?:publié|paru)e? (?:initialement|originellement|à l'origine|d'abord)|"
    r"initialement (?:publié|paru)|"
    r"publicad[oa] originalmente|originalmente publicad[oa]|apareci[óo] originalmente|"
    r"pubblicat[oa] (?:originariamente|originalmente|per la prima volta)",
    re.I,
)
MAX_NOTE_CHARS = 300  # a line saying where the article appeared, not a paragraph mentioning it


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(str.maketrans("’‘“”", "''\"\""))).casefold()


def _held(text: str, lines: list[str]) -> bool:
    key = _fold(text)[:KEY_CHARS]
    return any(key in _fold(line) for line in lines)


_SEEN = ".//text()[not(ancestor::rt or ancestor::rp or ancestor::script or ancestor::style)]"


def _reader_text(element: HtmlElement) -> str | None:
    """The text a reader sees: no script, and no ruby readings (<rt>) beside the words."""
    if element.xpath("ancestor-or-self::*[self::script or self::style or self::noscript]"):
        return None
    return clean("".join(element.xpath(_SEEN)))


def _line_of(text: str, lines: list[str]) -> int | None:
    key = _fold(text)[:KEY_CHARS]
    return next((i for i, line in enumerate(lines) if key in _fold(line)), None)


def _following(box: HtmlElement, lines: list[str]) -> int | None:
    """The line of the first text after `box` on the page that `lines` hold: where it goes."""
    for sibling in box.itersiblings():
        text = _reader_text(sibling) if isinstance(sibling.tag, str) else None
        if text and (i := _line_of(text, lines)) is not None:
            return i
    return None


def place_boxes(tree: HtmlElement, lines: list[str], default: int) -> list[int]:
    """Insert the boxes of `facts_boxes` into `lines` where the page has them: before the line
    that follows each on the page, else at `default`. Returns the lines' new positions."""
    placed: list[int] = []
    for box, element in _boxes(tree, lines):
        at = _following(element, lines)
        at = default if at is None else at
        lines.insert(at, box)
        placed = [p + 1 if p >= at else p for p in placed] + [at]
    return sorted(placed)


def facts_boxes(tree: HtmlElement, lines: list[str]) -> list[str]:
    """Blocks of running text directly in the article's body that `lines` lack, in page order:
    an element with no paragraph inside it (not a container), of MIN_BOX_CHARS to
    MAX_BOX_CHARS, ending as a sentence ends, and not mostly links."""
    return [box for box, _ in _boxes(tree, lines)]


def _boxes(tree: HtmlElement, lines: list[str]) -> list[tuple[str, HtmlElement]]:
    bodies = tree.xpath(_BODY, namespaces=_NS)
    if len(bodies) != 1:  # none, or a page of several posts: no body to complete
        return []
    found: list[tuple[str, HtmlElement]] = []
    for child in bodies[0]:
        if not isinstance(child.tag, str) or child.tag not in _BLOCKS:
            continue
        inner = {e.tag for e in child.iterdescendants() if isinstance(e.tag, str)}
        if inner & (_BLOCKS | _NOT_PROSE) or _CAPTION.search(child.get("class") or ""):
            continue
        text = _reader_text(child)
        if not text or not MIN_BOX_CHARS <= len(text) <= MAX_BOX_CHARS:
            continue
        links = sum(len(clean(a.text_content()) or "") for a in child.iter("a"))
        if links > MAX_LINK_SHARE * len(text) or not _SENTENCE_END.search(text):
            continue
        if not _held(text, lines + [box for box, _ in found]):
            found.append((text, child))
    return found if len(found) <= MAX_BOXES else []  # more: not boxes but a body misread


def republication(tree: HtmlElement, lines: list[str]) -> str | None:
    """The line that says where the article first appeared, when `lines` lack it: the
    smallest visible element whose whole text says so, at most MAX_NOTE_CHARS long."""
    best: str | None = None
    for element in tree.xpath("//body//*[self::p or self::div or self::span or self::em]"):
        text = _reader_text(element)
        if not text or len(text) > MAX_NOTE_CHARS or not _REPUBLISHED.search(text):
            continue
        if best is None or len(text) < len(best):
            best = text
    return None if best is None or _held(best, lines) else best
