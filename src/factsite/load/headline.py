"""An article's headline, and its outlet's name, from the several places a page states them.

A page says its headline up to five times: JSON-LD `headline`, `og:title`, `twitter:title`,
`<title>` and the visible `<h1>`. The metadata versions often carry the outlet's name or a
date ("... | DW | 19.01.2020", "NEWS WEB EASY|..."), which is stripped when it matches the
site (its name in the metadata or its host name). The visible headline wins when it agrees
with one of them, since that is what readers saw (less a kicker the <h1> sets apart above it,
"Einheit der Woche", when the metadata has the headline alone or after the kicker); a headline
no second source agrees with is a guess the user is asked to confirm.

Pure functions over `page_meta.Page`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from urllib.parse import urlsplit

from factsite.load.page_meta import Page, clean, ld_text, outlet

# Separators between a headline and the outlet's name: spaced dashes, bars, colons and
# chevrons; a colon before a space ("...: Stadt Ahlen"); bars and full-width colons without
# spaces; a dash or underscore between two CJK characters.
_CJK = "\u3000-\u9fff\uac00-\ud7af\uff00-\uffef"
SEPARATOR = re.compile(
    rf"\s+[-–—|:·•»›/]\s+|:\s+|\s*[|｜•]\s*|\s*：\s*|\s+[-–—]$|(?<=[{_CJK}])[-_](?=[{_CJK}])"
)
_DATE_LIKE = re.compile(r"[\d\s./-]{6,}")
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_TRAILER = re.compile(r"\s*(?:[-–—|:：·•»/｜]|[(（\[【])")
AGREE = 0.9  # difflib ratio above which two headlines are one with a typo or a quote mark


def _compact(text: str) -> set[str]:
    """A name without spaces, punctuation or case, in the ways a host name may spell it."""
    low = text.casefold()
    forms = {low, low.translate(_GERMAN)}
    folded = {unicodedata.normalize("NFKD", f).encode("ascii", "ignore").decode() for f in forms}
    return {c for c in (re.sub(r"[\W_]+", "", f) for f in forms | folded) if c}


def site_names(page: Page, url: str) -> list[str]:
    """What the site calls itself: its names in the metadata and its host name."""
    host = re.sub(r"^(?:www\d*|m|amp)\.", "", (urlsplit(url).hostname or "").lower())
    names = [page.meta.get(k) for k in ("og:site_name", "application-name", "twitter:site")]
    named = outlet(page)
    return [n.lstrip("@") for n in (named and named[0], *names) if n] + [host, host.split(".")[0]]


# A Chinese outlet's name, which no host name spells: 新华网, 人民日报, 半月谈 after a dash
_CJK_OUTLET = re.compile(rf"[{_CJK}]{{1,8}}(?:网|报|社|台|频道|新闻|网站|谈)")


def _is_site(segment: str, names: list[str]) -> bool:
    if not clean(segment) or _DATE_LIKE.fullmatch(segment.strip()):
        return True  # a dangling separator, or a date such as 19.01.2020
    return bool(_CJK_OUTLET.fullmatch(segment.strip())) or _names_one(segment, names)


def _names_one(segment: str, names: list[str]) -> bool:
    """Whether `segment` spells one of `names`, in the ways a host name may spell it."""
    mine = _compact(segment)
    for name in names:
        for theirs in _compact(name):
            for c in mine:
                short, long = sorted((c, theirs), key=len)
                # one inside the other, and not a site name inside a headline ("TINE" in "TINE
                # Fotballskole viktig for barneidretten")
                if c == theirs or (
                    len(short) >= 4
                    and short in long
                    and (len(long) <= len(short) + 8 or not long.replace(short, ""))
                ):  # "Netz Für Alle Netz Für Alle": a name twice is the name
                    return True
    return False


def _words(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


def strip_site(title: str, names: list[str]) -> tuple[str, list[str]]:
    """`title` without the site names and dates before or after it; and what was removed."""
    removed: list[str] = []
    while True:
        cuts = list(SEPARATOR.finditer(title))
        if not cuts:
            return title, removed
        last, first = cuts[-1], cuts[0]
        if _is_site(title[last.end() :], names) and _words(title[: last.start()]):
            removed.append(title[last.end() :].strip())
            title = title[: last.start()].strip()
        elif _is_site(title[: first.start()], names) and _words(title[first.end() :]):
            removed.append(title[: first.start()].strip())
            title = title[first.end() :].strip()
        else:
            return title, [r for r in removed if clean(r) and not _DATE_LIKE.fullmatch(r)]


def _stripped(title: str, where: str, names: list[str]) -> tuple[str, str]:
    """The headline in `title`, and where it was found, saying what was cut from it."""
    text = strip_site(title, names)[0]
    if text == title:
        return text, where
    return text, f"{where}, less {title.replace(text, '', 1).strip()!r}"


def agree(a: str, b: str) -> bool:
    """One headline in two places: the same but for a typo or a quotation mark, or the second
    the first with something after a separator or a bracket (": новости, фото 2018",
    "（写真＝ロイター）：日本経済新聞"), which the visible headline leaves out."""
    x, y = a.casefold(), b.casefold()
    if y.startswith(x) and len(x) >= 4 and _TRAILER.match(y[len(x) :]):
        return True
    return x == y or difflib.SequenceMatcher(None, x, y, autojunk=False).ratio() >= AGREE


def _kicker(parts: tuple[str, ...]) -> str | None:
    """The kicker of an <h1> set in two parts, a short label over the headline proper
    ("Einheit der Woche" / "Lagen-Pyramide mit GA2"), or None."""
    return parts[0] if len(parts) == 2 and len(parts[0]) < len(parts[1]) else None


def _after(kicker: str, rest: str, stated: str) -> bool:
    """Whether `stated` is the kicker, a separator and the headline ("Klimaschutz: Bohren, bis
    es heiß wird"), as metadata often joins them."""
    x, k, y = rest.casefold(), kicker.casefold(), stated.casefold()
    return y.endswith(x) and y[: -len(x)].rstrip(" :|-–—·•»/").strip() == k


def headline(page: Page, url: str) -> tuple[str, str, bool] | None:
    """(headline, where it was found, confirmed by a second source), or None."""
    names = site_names(page, url)
    stated = [
        (ld_text(page.article.get("headline")) if page.article else None, "JSON-LD headline"),
        (page.meta.get("og:title"), "og:title"),
        (page.meta.get("twitter:title"), "twitter:title"),
        (page.title_tag, "<title>"),
    ]
    metas = [_stripped(t, where, names) for t, where in stated if t]
    split = page.h1_parts or ((),) * len(page.h1s)  # a Page made without them: no parts
    for h1, parts in list(zip(page.h1s, split, strict=True))[:3]:
        kicker = _kicker(parts)
        for text, where in metas if kicker else ():
            if agree(parts[1], text) or _after(kicker, parts[1], text):
                return parts[1], f"the page's <h1> less its kicker {kicker!r}, as its {where}", True
        for text, where in metas:
            if agree(h1, text):
                return h1, f"the page's <h1>, as its {where}", True
    if not metas:
        return (page.h1s[0], "the page's <h1> alone", False) if page.h1s else None
    text, where = metas[0]
    # A headline cut at a quote mark ("... califica a Biden de ") is the start of another
    others = [(t, w) for t, w in metas[1:] if t.startswith(text) or text.startswith(t)]
    longer = max(others, key=lambda o: len(o[0]), default=None)
    if longer and len(longer[0]) > len(text) and text.rstrip()[-1:] not in ".?!":
        text, where = longer
    confirmed = bool(others) or any(agree(text, t) for t, _ in metas if t != text)
    return text, where, confirmed


def outlet_name(page: Page, url: str) -> tuple[str, str, bool] | None:
    """(the outlet's name as it writes it, where it was found, confirmed), or None.

    JSON-LD's publisher is the outlet's own statement. An `og:site_name` is confirmed by the
    <title> carrying it or by the address ("Yle Uutiset" in "... | Yle Uutiset | yle.fi");
    one that matches neither is a section or a slogan ("Política" on correiobraziliense.com.br)
    and only a guess. A host-like name ("lastampa.it") gives way to the name the <title> ends
    with ("La Stampa"), and with no name in the metadata that ending is the name."""
    named = outlet(page)
    host = re.sub(r"^(?:www\d*|m|amp)\.", "", (urlsplit(url).hostname or "").lower())
    _, affixes = strip_site(page.title_tag or "", site_names(page, url))
    site = page.meta.get("og:site_name")
    if named and named[1] == "JSON-LD publisher":
        # the publisher may be the company ("Ediciones EL PAÍS S.L."): the site's own name,
        # when the <title> or the address bears it out, is the outlet's ("EL PAÍS")
        if (
            site
            and site != named[0]
            and not _HOST_LIKE.fullmatch(site)
            and _borne_out(site, host, affixes)
        ):
            return site, "og:site_name", True
        return named[0], named[1], True
    written = next((a for a in affixes if not _HOST_LIKE.fullmatch(a)), None)
    if named is None or _HOST_LIKE.fullmatch(named[0]):
        ending = written or (affixes[0] if affixes else None)
        if ending and (named is None or ending != named[0]):
            where = "the end of the page's <title>"
            if named or _borne_out(ending, host, []):
                return ending, where, True
            return ending, where + ", which the address does not bear out", False
        return (named[0], named[1], True) if named else None
    if _borne_out(named[0], host, affixes):
        return named[0], named[1], True
    return named[0], f"{named[1]}, which neither the <title> nor the address bears out", False


_HOST_LIKE = re.compile(r"[\w-]+(?:\.[\w-]+)+")


def _borne_out(name: str, host: str, affixes: list[str]) -> bool:
    return name in affixes or _names_one(name, [host, host.split(".")[0], *affixes])
