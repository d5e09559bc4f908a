"""Read an article page's own metadata: JSON-LD, OpenGraph and <meta> tags, microdata, the
visible <h1>s and <title>, <html lang>, next-page links.

Each reader returns a value together with where it was found (`Found`), so that the user, and
the comments of the article file, can say where a title or a date came from. Structured
metadata is preferred to trafilatura's heuristics because the outlet wrote it for machines;
the extractor falls back to trafilatura and htmldate only where the page says nothing.

Pure functions over an lxml tree; no factsite imports.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

if TYPE_CHECKING:  # lxml comes with trafilatura; only its type is named here
    from lxml.html import HtmlElement

Found = tuple[str, str]  # (value, where it was found)

# schema.org types of an article (lowercase). trafilatura keeps a similar private list.
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "backgroundnewsarticle",
        "reviewnewsarticle",
        "askpublicnewsarticle",
        "satiricalarticle",
        "blogposting",
        "liveblogposting",
        "socialmediaposting",
        "scholarlyarticle",
        "techarticle",
        "report",
    }
)
_MAX_DEPTH = 6  # @graph inside a list inside @graph is real; deeper nesting is not metadata
_SPACE = re.compile(r"\s+")
# What YAML cannot hold (it refuses these in a file) and the C0/C1 controls the loader refuses.
_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Page:
    article: dict[str, Any] | None  # the first JSON-LD object of an article type
    ld_types: frozenset[str]  # every JSON-LD @type on the page, lowercase
    meta: dict[str, str]  # <meta> property/name/itemprop/http-equiv (lowercase) -> content
    lang: str | None  # <html lang>
    canonical: str | None  # <link rel=canonical href>, as written
    h1s: tuple[str, ...] = ()  # the visible <h1> headlines, ruby annotations left out
    # each <h1>'s parts as its markup sets them apart (<br>, <span>, <small>...): a kicker
    # ("Einheit der Woche") and the headline proper; aligned with `h1s`
    h1_parts: tuple[tuple[str, ...], ...] = ()
    title_tag: str | None = None  # <title>
    itemprops: Mapping[str, str] = field(default_factory=dict)  # microdata on other elements
    times: tuple[str, ...] = ()  # <time datetime> inside <article> or <header>, in order
    next_pages: tuple[str, ...] = ()  # <link rel=next> and <a rel=next> addresses, as written


def clean(value: Any) -> str | None:
    """Text with its whitespace collapsed and unprintable characters dropped, or None for
    anything that is not non-empty text."""
    if not isinstance(value, str):
        return None
    text = _UNPRINTABLE.sub("", _SPACE.sub(" ", value)).strip()
    return text or None


def read_page(tree: HtmlElement) -> Page:
    """What the page says about itself; where a key is given twice, the first one counts."""
    objects = _json_ld(tree)
    types = frozenset(t for obj in objects for t in _types(obj))
    article = next((obj for obj in objects if _types(obj) & ARTICLE_TYPES), None)
    meta: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        key = key or element.get("http-equiv")
        content = clean(element.get("content"))
        if key and content:
            meta.setdefault(key.strip().lower(), content)
    root = tree.getroottree().getroot()
    lang = clean(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))
    canonical = next(
        (
            clean(link.get("href"))
            for link in tree.iter("link")
            if "canonical" in (link.get("rel") or "").lower().split() and clean(link.get("href"))
        ),
        None,
    )
    headings = [v for v in map(_heading, tree.iter("h1")) if v[0]]
    return Page(
        article,
        types,
        meta,
        lang,
        canonical,
        h1s=tuple(h for h, _ in headings),
        h1_parts=tuple(parts for _, parts in headings),
        title_tag=next((clean(t.text_content()) for t in tree.iter("title")), None),
        itemprops=_itemprops(tree),
        times=tuple(_header_times(tree)),
        next_pages=tuple(_next_pages(tree)),
    )


# Elements that run on inside a line of text; any other element in a headline sets its text
# apart ("<small>Einheit der Woche</small><br>Lagen-Pyramide mit GA2"), as a kicker's <span>
_INLINE = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd"}
    | {"mark", "q", "ruby", "s", "samp", "strong", "sub", "sup", "time", "u", "var", "wbr"}
)
_APART = "\0"  # where the markup sets two parts of a headline apart
_SPACELESS = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"  # CJK: no spaces between words
# two letters or digits of a script written with spaces, set apart by the markup alone
_GLUED = re.compile(rf"(?<=[^\W{_SPACELESS}]){_APART}+(?=[^\W{_SPACELESS}])")


def _heading(element: HtmlElement) -> tuple[str | None, tuple[str, ...]]:
    """An <h1>'s text as a reader sees it, without ruby readings (<rt>, <rp>) or scripts, and
    its parts as the markup sets them apart. Where two parts meet without a space between two
    letters, the reader sees a line break or a gap, so the text has a space there."""
    pieces: list[str] = []

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("rt", "rp", "script", "style"):
            pieces.append(node.tail or "" if node is not element else "")
            return
        apart = node is not element and node.tag not in _INLINE
        pieces.append((_APART if apart else "") + (node.text or ""))
        for child in node:
            walk(child)
        pieces.append((_APART if apart else "") + (node.tail or "" if node is not element else ""))

    walk(element)
    marked = "".join(pieces)
    parts = tuple(p for p in (clean(t) for t in marked.split(_APART)) if p and _has_word(p))
    return clean(_GLUED.sub(" ", marked).replace(_APART, "")), parts


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def _itemprops(tree: HtmlElement) -> dict[str, str]:
    """Microdata dates on elements other than <meta>: <time itemprop=datePublished datetime>."""
    found: dict[str, str] = {}
    for element in tree.xpath("//*[@itemprop][not(self::meta)]"):
        value = clean(element.get("datetime") or element.get("content"))
        if value:
            found.setdefault(element.get("itemprop").strip().lower(), value)
    for element in tree.xpath("//*[@itemtype]"):  # an article marked up with microdata
        if "article" in (element.get("itemtype") or "").lower():
            found.setdefault("itemtype", element.get("itemtype"))
    return found


def _header_times(tree: HtmlElement) -> list[str]:
    xpath = "//article//time[@datetime] | //header//time[@datetime]"
    return [v for v in (clean(t.get("datetime")) for t in tree.xpath(xpath)) if v]


def _next_pages(tree: HtmlElement) -> list[str]:
    links = tree.xpath("//link[@rel][@href] | //a[@rel][@href]")
    return [
        href
        for link in links
        if "next" in (link.get("rel") or "").lower().split() and (href := clean(link.get("href")))
    ]


def _json_ld(tree: HtmlElement) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the other sources still count
        found.extend(_objects(data, 0))
    return found


def _objects(data: Any, depth: int) -> list[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return []
    if isinstance(data, list):
        return [obj for item in data for obj in _objects(item, depth + 1)]
    if not isinstance(data, dict):
        return []
    return [data, *_objects(data.get("@graph"), depth + 1)]


def _types(obj: dict[str, Any]) -> set[str]:
    raw = obj.get("@type")
    names = raw if isinstance(raw, list) else [raw]
    # "NewsArticle", "schema:NewsArticle" and "https://schema.org/NewsArticle" are one type
    return {re.split(r"[/:#]", n)[-1].lower() for n in names if isinstance(n, str)}


def _name(value: Any) -> str | None:
    """A JSON-LD value that names something: text, or an object's name."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = value[0] if value else None
    name = clean(value)
    return None if name is None or name.lower().startswith("http") else name


def _ld(page: Page, key: str) -> Any:
    return page.article.get(key) if page.article is not None else None


def ld_text(value: Any) -> str | None:
    """Text from JSON-LD, where some sites escape HTML a second time (`&quot;El 90%&quot;`)."""
    text = clean(value)
    return clean(html.unescape(text)) if text and "&" in text else text


def outlet(page: Page) -> Found | None:
    name = _name(_ld(page, "publisher"))
    if name:
        return name, "JSON-LD publisher"
    site = page.meta.get("og:site_name")
    return (site, "og:site_name") if site else None


def outlet_url(page: Page) -> Found | None:
    publisher = _ld(page, "publisher")
    url = clean(publisher.get("url")) if isinstance(publisher, dict) else None
    return (url, "JSON-LD publisher url") if url and http_url(url) else None


def authors(page: Page) -> tuple[tuple[str, ...], str] | None:
    raw = _ld(page, "author")
    items = raw if isinstance(raw, list) else [raw]
    names = tuple(dict.fromkeys(n for n in map(_name, items) if n))
    if names:
        return names, "JSON-LD author"
    name = page.meta.get("author") or page.meta.get("article:author")
    if name and not name.lower().startswith("http"):
        return tuple(n.strip() for n in name.split(";") if n.strip()), "<meta name=author>"
    return None


def language(page: Page) -> Found | None:
    raw = _ld(page, "inLanguage")
    if isinstance(raw, dict):  # {"@type": "Language", "name": "English", "alternateName": "en"}
        raw = raw.get("alternateName")
    for value, where in (
        (clean(raw), "JSON-LD inLanguage"),
        (page.lang, "<html lang>"),
        (page.meta.get("og:locale"), "og:locale"),
        (page.meta.get("content-language"), "<meta http-equiv=content-language>"),
    ):
        if value:
            primary, _, rest = value.replace("_", "-").partition("-")
            return (primary.lower() + ("-" + rest if rest else "")), where
    return None


def canonical(page: Page, base: str) -> Found | None:
    for value, where in (
        (page.canonical, "canonical link"),
        (page.meta.get("og:url"), "og:url"),
    ):
        if value:
            url = urljoin(base, value)
            if http_url(url):
                return url, where
    return None


def http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not _SPACE.search(url)


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return re.sub(r"^(?:www\d*|m|amp|mobile)\.", "", host)


def same_site(a: str, b: str) -> bool:
    """news.example.com and www.example.com are one site; example.org is another."""
    x, y = _site(a), _site(b)
    return x == y or x.endswith("." + y) or y.endswith("." + x)
