"""Extract an article to check from its web page: main text and metadata, or a problem.

The main text comes from trafilatura (comments left out, precision favoured: a snapshot that
holds a menu or a comment would let a "quote" be found that the article never printed). The
metadata comes from what the page wrote for machines (JSON-LD, OpenGraph, <html lang>; see
page_meta), then trafilatura's guesses, and the date from htmldate's markup search only: with
its text search, htmldate and trafilatura turn "© 2026" into a publication date. A page that is
not an article, or whose text or title cannot be found, is refused with a problem; nothing here
raises on what a page contains.

The pieces: fetch (the HTML), page_meta (what the page says about itself), article_record (the
`Extracted` value, the user's options, the text route); publish/article_files.py writes the
files and commands/article.py is `factsite article add`.
"""

from __future__ import annotations

from typing import Any

from factsite.load import page_meta
from factsite.load.article_record import (
    LANGUAGE,
    Extracted,
    snapshot_lines,
    split_authors,
)
from factsite.problems import Problem

MIN_TEXT_CHARS = 200  # below this, besides the headline, a page is a teaser or a list of links
MAX_TEXT_FILE_BYTES = 2 * 1024 * 1024  # the loader's cap on a snapshot
_ESCAPE = (
    "; if it is an article, copy its text into a file and import that with "
    "--text FILE --url URL --title ... --outlet ... --published ... --language ..."
)


def _main_text(html: str, url: str) -> Any:
    import trafilatura  # 0.2 s to import: only when a page is read

    # with_metadata gives trafilatura's title, site name and author as fallbacks. Its date is
    # not used: it comes from an extensive text search that invents dates on non-articles.
    return trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
    )


def _read(html: str, url: str) -> tuple[page_meta.Page | None, Any]:
    from trafilatura.utils import load_html

    tree = load_html(html) if html.strip() else None
    if tree is None:
        return None, None
    return page_meta.read_page(tree), _main_text(html, url)


def broken_installation(exc: ImportError) -> str:
    """What to do when a module of the extraction chain (trafilatura, jusText, lxml's HTML
    cleaner) cannot be imported: an installation made by an old pip, or one package removed."""
    why = " ".join(str(exc).split()).rstrip(".")  # one line, whatever the module says
    return (
        f"factsite's installation is broken, not the page: {why}. Reinstall it with a current "
        "pip: python -m pip install --upgrade pip, then python -m pip install --force-reinstall "
        "-r requirements.txt (or reinstall factsite as you installed it)"
    )


def extract_article(html: str, url: str) -> Extracted | Problem:
    """The article in `html`, published at `url`, or the reason it cannot be imported."""
    if not page_meta.http_url(url):
        why = "is not an absolute http(s) address: give the article's address"
        return Problem(url, 1, 1, "bad-url", f"{url!r} {why}")
    try:
        return _extract(html, url)
    except ImportError as exc:  # the extraction chain is not installed whole: not the page's fault
        return Problem(url, 1, 1, "broken-installation", broken_installation(exc))
    except Exception as exc:  # third-party heuristics on any input: a refusal, not a traceback
        why = f"the page could not be read ({type(exc).__name__}: {exc})"
        return Problem(url, 1, 1, "no-article-text", why)


def _extract(html: str, url: str) -> Extracted | Problem:
    page, doc = _read(html, url)
    if page is None:
        why = "this is not an HTML page, or it is empty: save the article page itself as HTML"
        return Problem(url, 1, 1, "no-article-text", why)
    declared = page_meta.declared_type(page)
    if declared:
        why = f"the page says it is not an article ({declared}): open the article itself"
        return Problem(url, 1, 1, "not-an-article", why + _ESCAPE)
    title = page_meta.title(page) or _found(doc and doc.title, "the page's <title> or <h1>")
    lines = snapshot_lines((doc and doc.text) or "")
    if title and not any(line.casefold() == title[0].casefold() for line in lines[:3]):
        lines.insert(0, title[0])  # claims quote headlines: the snapshot must hold it
    body = sum(len(line) for line in lines if not title or line != title[0])
    if body < MIN_TEXT_CHARS:
        if page_meta.declares_article(page):
            why = (
                f"only {body} characters of article text found: the text may be behind a "
                "paywall or drawn by JavaScript; save the page from the browser once the "
                "article shows"
            )
            return Problem(url, 1, 1, "no-article-text", why + _ESCAPE)
        why = f"only {body} characters of running text: this looks like a homepage or a list"
        return Problem(url, 1, 1, "not-an-article", why + " of links, not an article" + _ESCAPE)
    if title is None:
        why = "no headline found (JSON-LD headline, og:title, <title>, <h1>)"
        return Problem(url, 1, 1, "no-title", why + _ESCAPE)
    return _assemble(html, url, page, doc, title, "\n".join(lines))


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


def _guessed_outlet(doc: Any, notes: list[str]) -> tuple[str, str] | None:
    guess = _found(doc and doc.sitename, "guessed from the page's title or address")
    if guess:
        notes.append(f"the outlet name {guess[0]!r} is a guess: check it, or give --outlet")
    return guess


def _language(page: page_meta.Page, notes: list[str]) -> tuple[str, str] | None:
    language = page_meta.language(page)
    if language and not LANGUAGE.fullmatch(language[0]):
        notes.append(f"the page's language {language[0]!r} ({language[1]}) is not a BCP 47 tag")
        return None
    return language


def _byline(doc: Any) -> tuple[tuple[str, ...], str] | None:
    names = split_authors(doc and doc.author)
    return (names, "trafilatura: the page's byline") if names else None


def _markup_date(
    html: str, url: str, page: page_meta.Page, notes: list[str]
) -> tuple[str, str] | None:
    found = page_meta.markup_date(html, url, page)
    changed = page_meta.modified(page)
    if found is None and changed:
        notes.append(f"the page gives only the date it was changed ({changed}), not published")
    return found


def _assemble(
    html: str, url: str, page: page_meta.Page, doc: Any, title: tuple[str, str], text: str
) -> Extracted:
    notes: list[str] = []
    address = _article_url(page, url, notes)
    home = "/".join(address[0].split("/")[:3]) + "/"
    found = {
        "title": title,
        "url": address,
        "outlet": page_meta.outlet(page) or _guessed_outlet(doc, notes),
        "outlet_url": page_meta.outlet_url(page) or (home, "the article's address"),
        "published": page_meta.published(page) or _markup_date(html, address[0], page, notes),
        "language": _language(page, notes),
    }
    authors = page_meta.authors(page) or _byline(doc)
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
        notes=tuple(notes),
    )
