"""An article page's publication date: what the outlet wrote for machines, then a guess.

The order is the order of trust. JSON-LD `datePublished`, OpenGraph `article:published_time`,
microdata `datePublished` (on a `<meta>` or a `<time>`), Dublin Core and the other `<meta>`
dates the outlet wrote for machines, then the `<time datetime>` of the article's header: each
is the outlet's own statement. Only then htmldate, reading the markup only (never free text,
where "© 2026" becomes a date), and what it finds is a guess the user is told to check. A
modification date is never taken for a publication date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

from factsite.load.page_meta import Found, Page, ld_text

# <meta> names outlets put their publication date in (lowercase), after OpenGraph's own.
_META_DATES = (
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "date",
    "pubdate",
    "publishdate",
    "publish-date",
    "article.published",
    "sailthru.date",
    "parsely-pub-date",
)
_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})(?:$|[T\s])")
_YMD = re.compile(r"\s*(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_DMY = re.compile(r"\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_ISO_UTC = re.compile(r"T((\d{2}):\d{2})(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00)\s*$")
# Hours (UTC) outside which a time in UTC is another day where many outlets are. Measured on
# 200 of trafilatura's pages whose dates are annotated: (5, 20) flags all 5 dates off by a day
# this way and 16 right ones; (6, 16) flagged 25 right ones, (4, 22) missed 2 wrong ones.
UTC_SAME_DAY = (5, 20)
_RFC_2822 = re.compile(r"\s*(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\b")


def iso_date(value: Any) -> str | None:
    """YYYY-MM-DD from an ISO 8601 date or date-time, or None (no guessing from other forms)."""
    match = _ISO_DATE.match(value) if isinstance(value, str) else None
    return _real(*map(int, match.groups())) if match else None


def _real(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def machine_date(value: Any, near: str | None = None) -> tuple[str, str | None] | None:
    """(YYYY-MM-DD, why it is in doubt or None) from a date written for machines, in the forms
    outlets use: ISO 8601, RFC 2822 ("Wed, 04 May 2022 02:41:00 GMT"), 2022/05/10 and
    10/05/2022. A day and a month that could be swapped are read day first, unless the other
    reading is `near` (the page's modification date). A time in UTC near midnight may fall on
    another day where the outlet is (El Deber's "04 May 2022 02:41 GMT" is 3 May in Bolivia)."""
    if not isinstance(value, str):
        return None
    date = iso_date(value)
    if date:
        utc = _ISO_UTC.search(value)
        return date, _near_midnight(int(utc.group(2)), utc.group(1)) if utc else None
    if _RFC_2822.match(value):
        parsed = email.utils.parsedate_tz(value.strip())
        date = _real(*parsed[:3]) if parsed else None
        if not date or parsed is None:
            return None
        at = f"{parsed[3]:02d}:{parsed[4]:02d}"
        return date, _near_midnight(parsed[3], at) if parsed[9] == 0 else None
    if match := _YMD.match(value):
        date = _real(*map(int, match.groups()))
        return (date, None) if date else None
    if match := _DMY.match(value):
        day, month, year = map(int, match.groups())
        swapped = _real(year, day, month)
        date = _real(year, month, day)
        if date and swapped and date != swapped:
            if swapped == near and date != near:
                return swapped, None
            return date, None if date == near else "its day and month may be swapped"
        return (date or swapped, None) if date or swapped else None
    return None


def _near_midnight(hour: int, at: str) -> str | None:
    if UTC_SAME_DAY[0] <= hour < UTC_SAME_DAY[1]:
        return None
    return f"stated in UTC, at {at}: where the outlet is, it may be the day before or after"


def modified(page: Page) -> str | None:
    """The date the page says it was last changed, if it says so for machines."""
    for value in (
        _ld(page, "dateModified"),
        page.meta.get("article:modified_time"),
        page.meta.get("og:updated_time"),
        page.meta.get("last-modified"),
        page.itemprops.get("datemodified"),
    ):
        date = machine_date(value)
        if date:
            return date[0]
    return None


def _ld(page: Page, key: str) -> Any:
    return ld_text(page.article.get(key)) if page.article is not None else None


def published(page: Page) -> tuple[str, str, str | None] | None:
    """(date, where, why it is in doubt or None): the publication date the outlet wrote for
    machines, as it wrote it (its local date), or None."""
    changed = modified(page)
    candidates = [
        (_ld(page, "datePublished"), "JSON-LD datePublished"),
        (page.meta.get("article:published_time"), "article:published_time"),
        (page.itemprops.get("datepublished"), "microdata datePublished"),
    ]
    candidates += [(page.meta.get(name), f"<meta {name}>") for name in _META_DATES]
    candidates += [(time, "<time datetime> in the article's header") for time in page.times[:1]]
    for value, where in candidates:
        date = machine_date(value, near=changed)
        if date:
            return date[0], where, date[1]
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


def text_date(html: str, url: str, page: Page) -> Found | None:
    """htmldate's search of the page's text, the last resort for a page that states no date
    in its markup: a guess, always to be checked. A year alone (htmldate gives it as 1
    January: "© 2026" becomes 2026-01-01) and the modification date are not taken."""
    from htmldate import find_date

    date = find_date(html, extensive_search=True, original_date=True, url=url)
    if not date or iso_date(date) != date or date.endswith("-01-01") or date == modified(page):
        return None
    return date, "htmldate: a date in the page's text"
