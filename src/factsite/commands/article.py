"""`factsite article add`: import an article to check, from a URL, a saved page or plain text.

load/extract.py reads the page (trafilatura, htmldate, what the page says about itself);
edit/article_files.py writes articles/<id>.yaml and its text snapshot, never over a file.
"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.edit.article_files import valid_article_id, write_article
from factsite.load.article_record import Extracted, from_text, missing_metadata, summary, with_given
from factsite.load.extract import MAX_TEXT_FILE_BYTES, extract_article
from factsite.load.fetch import MAX_PAGE_BYTES, decode_html, fetch, read_capped
from factsite.load.files import Layout
from factsite.problems import Problem


def article(opts: Options) -> int:
    """`factsite article add`; 0 written, 1 refused (nothing written), 2 usage or not a site."""
    if not_a_site(Layout(opts.root)):
        return 2
    return add_article_command(
        opts.root,
        url=opts.url,
        html_file=opts.html_file,
        text_file=opts.text_file,
        article_id=opts.article_id,
        title=opts.title,
        outlet=opts.outlet,
        published=opts.published,
        language=opts.language,
        author=opts.author,
        is_article=opts.is_article,
    )


def _usage(
    url: str | None, html_file: Path | None, text_file: Path | None, article_id: str | None
) -> str | None:
    """What is wrong with the command line, if anything (said on stderr, exit 2)."""
    if (html_file is not None and text_file is not None) or not (url or html_file or text_file):
        return "give one of: --url URL, --html FILE --url URL, --text FILE --url URL ..."
    if html_file is not None and url is None:
        return "--html FILE needs --url URL, the article's address (a saved page may not say it)"
    if article_id is not None and not valid_article_id(article_id):
        return (
            f"--id {article_id!r}: use lowercase words joined by hyphens, at most 80 characters, "
            "and not `index` (the name of the articles' listing)"
        )
    return None


def _from_text_file(
    path: Path, url: str | None, given: dict[str, str | None]
) -> Extracted | Problem:
    raw = read_capped(path, MAX_TEXT_FILE_BYTES)
    if isinstance(raw, Problem):
        return raw
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        why = f"byte {exc.start} is not UTF-8: save the text as UTF-8"
        return Problem(str(path), 1, 1, "file-encoding", why)
    return from_text(text, url=url, source=str(path), **given)


def _from_page(
    url: str, html_file: Path | None, given: dict[str, str | None], is_article: bool
) -> Extracted | Problem:
    source = str(html_file) if html_file is not None else url
    html = fetch(url) if html_file is None else read_capped(html_file, MAX_PAGE_BYTES)
    if isinstance(html, Problem):
        return html
    text = html if isinstance(html, str) else decode_html(html)
    found = extract_article(text, url, is_article=is_article)
    if isinstance(found, Problem):
        return dataclasses.replace(found, path=source)  # the file the user named
    return with_given(found, source, **given)


def add_article_command(
    root: Path,
    *,
    url: str | None = None,
    html_file: Path | None = None,
    text_file: Path | None = None,
    article_id: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    published: str | None = None,
    language: str | None = None,
    author: str | None = None,
    is_article: bool = False,
) -> int:
    """Import an article into root/articles/: 0 written, 1 refused (nothing written), 2 usage.

    Problems go to stdout as `path:line:col: error[code] message`; what was found, and a wrong
    command line, to stderr.
    """
    given = {"title": title, "outlet": outlet, "published": published, "language": language}
    given["author"] = author
    usage = _usage(url, html_file, text_file, article_id)
    if usage is not None:
        print(f"factsite article add: error: {usage}", file=sys.stderr)
        return 2
    if text_file is not None:
        found = _from_text_file(text_file, url, given)
    else:
        # _usage saw to it that url is set
        found = _from_page(url or "", html_file, given, is_article)
    if isinstance(found, Extracted):
        print(summary(found), end="")
        found = missing_metadata(found, str(text_file or html_file or url)) or found
    written = found if isinstance(found, Problem) else write_article(root, found, article_id)
    if isinstance(written, Problem):
        print(written.text())
        return 1
    names = [p.relative_to(root).as_posix() for p in written]
    print(f"wrote {' and '.join(names)}")
    article = written[0].stem
    check = f"  1. Check the values in {names[0]} against the page.\n"
    if isinstance(found, Extracted) and found.unconfirmed:
        guessed = ", ".join(found.unconfirmed)
        check = (
            f"  1. Check the values in {names[0]} against the page, above all the guessed "
            f"ones ({guessed}), then delete its `unconfirmed:` line: until then validate "
            "refuses the article.\n"
        )
    print(
        "Next steps:\n"
        + check
        + f"  2. Check {names[1]}: quotes are checked against this text, a paragraph a line.\n"
        f"  3. List its sentences: factsite new --article {article} --list\n"
        f"  4. Scaffold a claim: factsite new --article {article} --sentence N"
    )
    return 0
