"""Is a page an article? The evidence for and against, weighed, with a reason either way.

For: an article type in JSON-LD or microdata, an `og:type` of the article family ("article",
"news", common on Chinese sites, "blog"), a publication date written for machines, an address
shaped like an article's (a date, a long id or a slug of words in its path). Against: an
address that is a site's home page, or a page that calls itself a website, a list or a
profile and shows no evidence for. A page with no evidence at all is refused too, since a
city's information page or an encyclopaedia entry holds running text as well, and so is a
wiki's entry, whatever its markup claims (Wikipedia's JSON-LD calls every entry an Article).
A page refused wrongly is imported with `--is-article`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from factsite.load import page_dates
from factsite.load.page_meta import Page

OG_ARTICLE = frozenset({"article", "news", "blog", "blogposting", "newsarticle"})
NOT_ARTICLE_TYPES = frozenset(
    {"website", "collectionpage", "searchresultspage", "profilepage", "aboutpage", "contactpage"}
)
_DATED_PATH = re.compile(r"(?:^|/)(?:19|20)\d{2}[/-]?(?:0[1-9]|1[0-2])(?:[/-]?\d{2})?(?:/|$|\D)")
_HOME = re.compile(r"[a-z]{2}(?:[-_][a-z]{2})?|index\.\w+|home|start")  # /en, /index.html
_LONG_ID = re.compile(r"\d{5,}")
_QUERY_ID = re.compile(r"(?:^|&)(?:p|id|story|article|artikel|nid|newsid)=\d+(?:&|$)", re.I)
_SLUG_WORDS = re.compile(r"[^\W\d_]+(?:[-_][\w]+){3,}")


def _url_evidence(url: str) -> tuple[bool, bool]:
    """(shaped like an article's address, a site's home page)."""
    address = urlsplit(url)
    path = unquote(address.path)
    parts = [p for p in path.split("/") if p]
    # "/?p=3289" is WordPress's address of a post, not of its home page
    home = not address.query and (
        not parts or (len(parts) == 1 and bool(_HOME.fullmatch(parts[0].lower())))
    )
    shaped = bool(_DATED_PATH.search(path) or _LONG_ID.search(path))
    shaped = shaped or bool(_QUERY_ID.search(address.query))
    shaped = shaped or any(_SLUG_WORDS.search(p) for p in parts)
    return shaped and not home, home


def evidence(page: Page, url: str) -> tuple[list[str], list[str]]:
    """(what says article, what says not), each a short phrase for the user."""
    og_type = (page.meta.get("og:type") or "").lower()
    shaped, home = _url_evidence(url)
    microdata = page.itemprops.get("itemtype", "")
    says = [
        ("an article type in JSON-LD", page.article is not None),
        (f"og:type {og_type!r}", og_type in OG_ARTICLE or og_type.startswith("article")),
        ("an article type in microdata", microdata.lower().endswith("article")),
        ("a publication date written for machines", page_dates.published(page) is not None),
        ("an address shaped like an article's", shaped),
    ]
    declared = sorted(page.ld_types & NOT_ARTICLE_TYPES)
    against = [
        ("the address is a site's home page", home),
        (f"og:type {og_type!r}", bool(og_type) and og_type in ("website", "profile", "book")),
        (f"JSON-LD @type {declared[0]!r}" if declared else "", bool(declared)),
    ]
    return [s for s, ok in says if ok], [s for s, ok in against if ok]


def declares_article(page: Page) -> bool:
    """The outlet's own markup says article (JSON-LD type or og:type of the family)."""
    og_type = (page.meta.get("og:type") or "").lower()
    return page.article is not None or og_type in OG_ARTICLE or og_type.startswith("article")


def refusal(page: Page, url: str) -> str | None:
    """Why the page is not an article, or None when it may be one."""
    wiki = _WIKI.match(page.meta.get("generator", ""))
    if wiki:  # Wikipedia calls its entries Article in JSON-LD, wikis og:type article
        return f"the page is a wiki's entry, not an article (<meta name=generator> {wiki[0]!r})"
    for_it, against = evidence(page, url)
    if page.article is not None:
        return None  # the outlet says so in its structured data; nothing else outweighs that
    if against and (not for_it or "the address is a site's home page" in against):
        shown = ", ".join(for_it) or "nothing else"
        return f"the page says it is not an article ({'; '.join(against)}; for it: {shown})"
    if not for_it:
        return (
            "nothing says this page is an article (no article type in JSON-LD or og:type, no "
            "publication date for machines, an address unlike an article's)"
        )
    return None


_WIKI = re.compile(r"(?:MediaWiki|DokuWiki|MoinMoin|TiddlyWiki|Wiki\.js|XWiki|PmWiki|Confluence)\b")
_FIELD = re.compile(r"[^\W\d_][\w .&/-]{0,24}:\s")  # "Termin: ", "Ort: ", "Eintritt: "
LISTING_LINES = 8  # a listing has at least this many entries' lines


def listing(lines: list[str]) -> str | None:
    """Why the text is a listing rather than an article's, or None: most of its lines are
    fields of entries ("Termin: 21.02.2020, 19 Uhr"). A rule for teasers' headlines (lines
    without a full stop) was tried and dropped: it refused blog posts of short lines among
    trafilatura's test pages."""
    body = lines[1:]  # the headline aside
    fields = [line for line in body if _FIELD.match(line) and len(line) < 120]
    if len(fields) >= LISTING_LINES and len(fields) * 2 >= len(body):
        labels = sorted({line.split(":", 1)[0] for line in fields})[:3]
        return f"a list of entries ({len(fields)} of its {len(body)} lines are fields: " + (
            ", ".join(f"{label}:" for label in labels) + "), not an article"
        )
    return None
