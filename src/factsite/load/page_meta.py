"""Read an article page's own metadata: JSON-LD, OpenGraph and <meta> tags, <html lang>.

Each reader returns a value together with where it was found (`Found`), so that the user, and
the comments of the article file, can say where a title or a date came from. Structured
metadata is preferred to trafilatura's heuristics because the outlet wrote it for machines;
the extractor falls back to trafilatura and htmldate only where the page says nothing.

Pure functions over an lxml tree; no factsite imports.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
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
# JSON-LD page types that say "not an article" (a WebPage alone says nothing either way).
NOT_ARTICLE_TYPES = frozenset(
    {"website", "collectionpage", "searchresultspage", "profilepage", "aboutpage", "contactpage"}
)
_MAX_DEPTH = 6  # @graph inside a list inside @graph is real; deeper nesting is not metadata
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
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
    return Page(article, types, meta, lang, canonical)


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


def title(page: Page) -> Found | None:
    for value, where in (
        (clean(_ld(page, "headline")), "JSON-LD headline"),
        (page.meta.get("og:title"), "og:title"),
        (page.meta.get("twitter:title"), "twitter:title"),
    ):
        if value:
            return value, where
    return None


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


def published(page: Page) -> Found | None:
    """The publication date written for machines, as the outlet wrote it (its local date)."""
    candidates = [
        (_ld(page, "datePublished"), "JSON-LD datePublished"),
        (page.meta.get("article:published_time"), "article:published_time"),
        (page.meta.get("og:article:published_time"), "og:article:published_time"),
        (page.meta.get("datepublished"), "itemprop datePublished"),
    ]
    for value, where in candidates:
        date = iso_date(value)
        if date:
            return date, where
    return None


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO 8601 date or date-time, or None (no guessing from other forms)."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    if not match:
        return None
    try:
        return dt.date(*map(int, match.groups())).isoformat()
    except ValueError:
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


def declared_type(page: Page) -> str | None:
    """How the page describes itself when that is not an article, e.g. "og:type 'website'"."""
    if page.article is not None:
        return None
    og_type = page.meta.get("og:type")
    if og_type:
        return None if og_type.lower() == "article" else f"og:type {og_type!r}"
    others = sorted(page.ld_types & NOT_ARTICLE_TYPES)
    return f"JSON-LD @type {others[0]!r}" if others else None


def declares_article(page: Page) -> bool:
    return page.article is not None or (page.meta.get("og:type") or "").lower() == "article"


def http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname) and not _SPACE.search(url)


def modified(page: Page) -> str | None:
    """The date the page says it was last changed, if it says so for machines."""
    for value in (
        _ld(page, "dateModified"),
        page.meta.get("article:modified_time"),
        page.meta.get("og:updated_time"),
    ):
        date = iso_date(value)
        if date:
            return date
    return None


def markup_date(html: str, url: str, page: Page) -> Found | None:
    """htmldate's reading of the page's markup (meta tags, <time>, dated bylines, the URL)."""
    from htmldate import find_date  # with trafilatura's import, only when a page is read

    # extensive_search=False: never free text, where a copyright line or a linked article's
    # date would be taken for this one's (measured: "© 2026" became 2026-01-01).
    date = find_date(html, extensive_search=False, original_date=True, url=url)
    if not date or iso_date(date) != date:
        return None
    # With no publication date, htmldate falls back to the modification date (measured with
    # article:modified_time alone): that is not when the article appeared.
    return None if date == modified(page) else (date, "htmldate: the page's markup")


def _site(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return re.sub(r"^(?:www\d*|m|amp|mobile)\.", "", host)


def same_site(a: str, b: str) -> bool:
    """news.example.com and www.example.com are one site; example.org is another."""
    x, y = _site(a), _site(b)
    return x == y or x.endswith("." + y) or y.endswith("." + x)
