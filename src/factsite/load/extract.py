"""Extract an article to check from its web page: main text and metadata, or a problem.

The main text comes from trafilatura (comments left out, precision favoured: a snapshot that
holds a menu or a comment would let a "quote" be found that the article never printed), one
paragraph a line, the line breaks inside a paragraph joined. The metadata comes from what the
page wrote for machines (JSON-LD, OpenGraph, microdata, <html lang>), then guesses: htmldate's
markup search for the date (never its text search: with it, "© 2026" becomes a publication
date), the text itself for the language, the host name for the outlet.

Only a page that is not an article, or cannot be read, is refused with a problem. A value that
is a guess is imported all the same, said loudly, and recorded as unconfirmed in the article
file, which `factsite validate` refuses until a person has confirmed it. Nothing here raises on
what a page contains.

The pieces: fetch (the HTML), page_meta (what the page says about itself), headline (title and
outlet name), page_dates (the date), article_kind (article or not), text_language,
boilerplate (lines that are not the article's), standfirst (the lead paragraph), set_apart (a
box of facts, the line saying where the article first appeared) and
article_record (the `Extracted` value, the user's options, the text route);
edit/article_files.py writes the files and commands/article.py is `factsite article add`.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

from factsite.load import (
    article_kind,
    boilerplate,
    headline,
    page_dates,
    page_meta,
    set_apart,
    standfirst,
)
from factsite.load.article_record import LANGUAGE, Extracted, snapshot_lines, split_authors
from factsite.load.text_language import text_language
from factsite.problems import Problem

MIN_TEXT_CHARS = 200  # below this, besides the headline, a page is a teaser or a list of links
MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024  # the loader's cap on a snapshot
_ESCAPE = (
    "; if it is an article, import it with --is-article (its metadata is read as usual), or "
    "copy its text into a file and import that with --text FILE --url URL --title ... "
    "--outlet ... --published ... --language ..."
)
_BLOCKS = frozenset({"p", "head", "item", "quote", "row", "code"})  # trafilatura's paragraphs
# Bylines that name nobody: a CMS's placeholders.
_NOBODY = frozenset({"no author", "unknown", "admin", "administrator", "anonymous", "redaktion"})


def _main_text(html: str, url: str) -> Any:
    import trafilatura  # 0.2 s to import: only when a page is read

    # favor_precision: trafilatura's stricter filter for teasers, related links and boxes.
    # Measured on tests/fixtures/corpus (35 articles): precision keeps boilerplate on 9 pages
    # and the whole text on 27, its default 10 and 28, favor_recall 12 and 28; a lost passage
    # is not worth the boxes, which boilerplate.py's rules then take out.
    # include_tables: a figure in a table is quoted like a sentence; with_metadata: its title,
    # site name and author as fallbacks. Its date is not used (see markup_date).
    return trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=True,
    )


def _read(html: str, url: str) -> tuple[page_meta.Page | None, Any, Any]:
    from trafilatura.utils import load_html

    tree = load_html(html) if html.strip() else None
    if tree is None:
        return None, None, None
    return page_meta.read_page(tree), _main_text(html, url), tree


def broken_installation(exc: ImportError) -> str:
    """What to do when a module of the extraction chain (trafilatura, jusText, lxml's HTML
    cleaner) cannot be imported: an installation made by an old pip, or one package removed."""
    why = " ".join(str(exc).split()).rstrip(".")  # one line, whatever the module says
    return (
        f"factsite's installation is broken, not the page: {why}. Reinstall it with a current "
        "pip: python -m pip install --upgrade pip, then python -m pip install --force-reinstall "
        "-r requirements.txt (or reinstall factsite as you installed it)"
    )


def paragraphs(doc: Any) -> list[str]:
    """The main text, one paragraph a line: a line break inside a paragraph (<br>, which
    trafilatura keeps as <lb/>) is a space, as the reader's eye takes it."""
    body = getattr(doc, "body", None)
    if body is None:
        return snapshot_lines(getattr(doc, "text", None) or "")
    lines: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            inner = [e for e in child.iter() if e is not child and e.tag in _BLOCKS]
            if child.tag in _BLOCKS and not inner:
                for br in child.iter("lb"):
                    br.tail = " " + (br.tail or "")
                cells = child.iter("cell") if child.tag == "row" else [child]
                lines.append(" ".join("".join(c.itertext()) for c in cells))
            else:
                walk(child)

    walk(body)
    found = snapshot_lines("\n".join(lines)) or snapshot_lines(getattr(doc, "text", None) or "")
    return [line for line in found if any(ch.isalnum() for ch in line)]  # not a lone U+200B


def extract_article(html: str, url: str, *, is_article: bool = False) -> Extracted | Problem:
    """The article in `html`, published at `url`, or the reason it cannot be imported.
    `is_article` overrides a refusal of the page as not an article."""
    if not page_meta.http_url(url):
        why = "is not an absolute http(s) address: give the article's address"
        return Problem(url, 1, 1, "bad-url", f"{url!r} {why}")
    try:
        return _extract(html, url, is_article)
    except ImportError as exc:  # the extraction chain is not installed whole: not the page's fault
        return Problem(url, 1, 1, "broken-installation", broken_installation(exc))
    except Exception as exc:  # third-party heuristics on any input: a refusal, not a traceback
        why = f"the page could not be read ({type(exc).__name__}: {exc})"
        return Problem(url, 1, 1, "no-article-text", why)


def _extract(html: str, url: str, is_article: bool) -> Extracted | Problem:
    page, doc, tree = _read(html, url)
    if page is None:
        why = "this is not an HTML page, or it is empty: save the article page itself as HTML"
        return Problem(url, 1, 1, "no-article-text", why)
    refused = None if is_article else article_kind.refusal(page, url)
    if refused:
        return Problem(url, 1, 1, "not-an-article", refused + _ESCAPE)
    title = _title(page, doc, url)
    lines, dropped = boilerplate.drop_boilerplate(paragraphs(doc))
    if title and not any(line.casefold() == title[0].casefold() for line in lines[:3]):
        lines.insert(0, title[0])  # claims quote headlines: the snapshot must hold it
    # the body alone decides whether there is an article: a paywall shows the lead too
    body = sum(len(line) for line in lines if not title or line != title[0])
    lead = standfirst.standfirst(tree, page, lines)
    if lead:  # the subheading, which trafilatura left out: claims are made there too
        lines.insert(1 if title else 0, lead)
    top = (1 if title else 0) + (1 if lead else 0)  # a box with nothing after it: the top
    boxes = set_apart.place_boxes(tree, lines, top)
    first = set_apart.republication(tree, lines)
    if first:  # where the article first appeared: after the text, as most pages say it
        lines.append(first)
    if body < MIN_TEXT_CHARS and not (is_article and body):
        if article_kind.declares_article(page):
            why = (
                f"only {body} characters of article text found: the text may be behind a "
                "paywall or drawn by JavaScript; save the page from the browser once the "
                "article shows"
            )
            return Problem(url, 1, 1, "no-article-text", why + _ESCAPE)
        why = f"only {body} characters of running text: this looks like a homepage or a list"
        return Problem(url, 1, 1, "not-an-article", why + " of links, not an article" + _ESCAPE)
    listed = None if is_article or page.article else article_kind.listing(lines)
    if listed:
        return Problem(url, 1, 1, "not-an-article", f"the text is {listed}" + _ESCAPE)
    if title is None:
        why = "no headline found (JSON-LD headline, og:title, <title>, <h1>)"
        return Problem(url, 1, 1, "no-title", why + _ESCAPE)
    found = _assemble(html, url, page, doc, title, lines)
    notes = [f"left out of the text, as not the article's: {', '.join(dropped)}"] if dropped else []
    if lead:
        notes.append("the lead paragraph, set apart on the page, is the text's second line")
    if boxes:
        where = ", ".join(str(i + 1) for i in boxes)
        notes.append(f"a box of text set in the article's body is the text's line {where}")
    if first:
        notes.append(
            f"the page says the article appeared elsewhere first ({first!r}, the text's last "
            "line): check the claims against the original too"
        )
    return dataclasses.replace(found, notes=(*found.notes, *notes))


def _title(page: page_meta.Page, doc: Any, url: str) -> tuple[str, str, bool] | None:
    title = headline.headline(page, url)
    read = page_meta.clean(doc and doc.title)  # trafilatura's reading of <title> and <h1>
    rest = title[0][len(read) :] if title and read and title[0].startswith(read) else ""
    # a <title> alone, with an ending trafilatura took for the site's name
    if read and (title is None or (title[1] == "<title>" and headline.SEPARATOR.match(rest))):
        return read, "trafilatura: the page's <title> or <h1>", False
    return title


def _found(value: Any, where: str) -> tuple[str, str] | None:
    text = page_meta.clean(value)
    return (text, where) if text else None


def _article_url(page: page_meta.Page, url: str, notes: list[str]) -> tuple[str, str]:
    canonical = page_meta.canonical(page, url)
    if canonical and page_meta.same_site(canonical[0], url):
        return canonical
    if canonical:
        notes.append(
            f"the page names {canonical[0]} as the original ({canonical[1]}): it may be a "
            "copy of another outlet's article; the address given is recorded"
        )
    return url, "the address given"


_LABELS = {"published": "publication date", "outlet": "outlet's name"}


class _Doubts:
    """The values that are guesses: said to the user, recorded as unconfirmed."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.notes: list[str] = []

    def add(self, name: str, value: str, why: str) -> None:
        self.fields.append(name)
        what = _LABELS.get(name, name)
        self.notes.append(f"the {what} {value!r} is a guess ({why}): check it against the page")


def _outlet(page: page_meta.Page, url: str, doc: Any, doubts: _Doubts) -> tuple[str, str]:
    named = headline.outlet_name(page, url)
    if named and named[2]:
        return named[0], named[1]
    if named:  # a name the page gives, which nothing on it bears out
        doubts.add("outlet", named[0], named[1])
        return named[0], named[1]
    guess = _found(doc and doc.sitename, "trafilatura: the page's title or address")
    host = re.sub(r"^(?:www\d*|m)\.", "", urlsplit(url).hostname or "")
    guess = guess or (host, "the host name")
    doubts.add("outlet", guess[0], f"from {guess[1]}; the page does not name its outlet")
    return guess


def _language(page: page_meta.Page, text: str, doubts: _Doubts) -> tuple[str, str] | None:
    declared = page_meta.language(page)
    if declared and not LANGUAGE.fullmatch(declared[0]):
        doubts.notes.append(f"the page's language {declared[0]!r} is not a BCP 47 tag")
        declared = None
    read = text_language(text)
    if declared:
        if read and read[1] and read[0] != declared[0].split("-")[0]:
            why = f"{declared[1]} says so, but the text reads as {read[0]!r}"
            doubts.add("language", declared[0], why)
        return declared
    if read is None:
        return None
    if not read[1]:
        doubts.add("language", read[0], "read from the text, which is short or mixed")
    return read[0], "read from the text (py3langid); the page does not say"


def _published(
    html: str, url: str, page: page_meta.Page, doubts: _Doubts
) -> tuple[str, str] | None:
    stated = page_dates.published(page)
    if stated:
        if stated[2]:
            doubts.add("published", stated[0], f"{stated[1]}: {stated[2]}")
        return stated[0], stated[1]
    changed = page_dates.modified(page)
    guess = page_dates.markup_date(html, url, page)
    if guess:
        doubts.add("published", guess[0], "htmldate, from the page's markup, not a stated date")
    elif guess := page_dates.text_date(html, url, page):
        doubts.add("published", guess[0], "htmldate, from the page's text: no date is stated")
    elif changed:
        why = f"the page gives only the date it was changed ({changed}), not published"
        doubts.notes.append(why)
    return guess


def _authors(page: page_meta.Page, doc: Any) -> tuple[tuple[str, ...], str] | None:
    for found in (page_meta.authors(page), (split_authors(doc and doc.author), "trafilatura")):
        names = tuple(n for n in (found[0] if found else ()) if n.casefold() not in _NOBODY)
        if found and names:
            return names, found[1] if found[1] != "trafilatura" else "trafilatura: the byline"
    return None


def _next_page(page: page_meta.Page, url: str) -> str | None:
    """A link to the next page of this same article (its address with a page number)."""
    here = re.sub(r"\d+", "", urlsplit(url).path).rstrip("/")
    for href in page.next_pages:
        link = urljoin(url, href)
        there = re.sub(r"\d+", "", urlsplit(link).path).rstrip("/")
        if page_meta.same_site(link, url) and link != url and there.startswith(here):
            return link
    return None


def _assemble(
    html: str,
    url: str,
    page: page_meta.Page,
    doc: Any,
    title: tuple[str, str, bool],
    lines: list[str],
) -> Extracted:
    doubts = _Doubts()
    address = _article_url(page, url, doubts.notes)
    if not title[2]:
        doubts.add("title", title[0], f"{title[1]}, which no second headline on the page matches")
    home = "/".join(address[0].split("/")[:3]) + "/"
    text = "\n".join(lines)
    found = {
        "title": title[:2],
        "url": address,
        "outlet": _outlet(page, address[0], doc, doubts),
        "outlet_url": page_meta.outlet_url(page) or (home, "the article's address"),
        "published": _published(html, address[0], page, doubts),
        "language": _language(page, text, doubts),
    }
    following = _next_page(page, url)
    if following:
        doubts.notes.append(
            f"the page links to a next page of the article ({following}): the text holds page "
            "one only; import the whole text with --text if the claims are further on"
        )
    authors = _authors(page, doc)
    value = {k: v[0] if v else None for k, v in found.items()}
    where = {k: v[1] for k, v in found.items() if v}
    return Extracted(
        title=title[0],
        url=address[0],
        text=text,
        outlet=value["outlet"],
        outlet_url=value["outlet_url"],
        published=value["published"],
        language=value["language"],
        authors=authors[0] if authors else (),
        found_in=where | ({"authors": authors[1]} if authors else {}),
        notes=tuple(doubts.notes),
        unconfirmed=tuple(dict.fromkeys(f for f in doubts.fields if value.get(f))),
    )
