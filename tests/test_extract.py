"""Importing an article: the project's own HTML fixtures, a loopback server, no network."""

from __future__ import annotations

import contextlib
import http.server
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from factsite.check.reference import load_articles
from factsite.commands.article import add_article_command
from factsite.edit.article_files import propose_article_id, render_article_yaml, write_article
from factsite.load import article_kind, extract, headline, page_dates, page_meta
from factsite.load.article_record import Extracted, from_text, summary
from factsite.load.extract import extract_article
from factsite.load.fetch import decode_html, fetch
from factsite.load.files import Layout
from factsite.problems import CATALOGUE, Problem

FIXTURES = Path(__file__).parent / "fixtures" / "articles"
JSONLD_URL = "https://news.example.com/2026/01/06/riverton-night-ferry"
OG_URL = "https://www.example.org/nature/swift-count-mill-bridge"
AZ_URL = "https://xeber.example.com/az/medeniyyet/kitabxana-yay-saatlari"
# What each fixture must yield: (file, address given, title, date and where, language, outlet,
# authors, the id proposed for it).
CASES = [
    (
        "news-jsonld.html",
        JSONLD_URL,
        "Riverton council votes to keep the night ferry running",
        ("2026-01-06", "JSON-LD datePublished"),
        ("en-GB", "JSON-LD inLanguage"),
        "The Example Gazette",
        ("Dana Levi", "Rashad Mammadov"),
        "example-gazette-2026-01-riverton-council-votes-keep",
    ),
    (
        "opengraph-only.html",
        OG_URL,
        "Volunteers count 412 swifts nesting under the old mill bridge",
        ("2026-03-14", "article:published_time"),
        ("en-US", "<html lang>"),
        "Example Weekly",
        ("Ada Fenwick",),
        "example-weekly-2026-03-volunteers-count-412-swifts",
    ),
    (
        "az-news.html",
        AZ_URL,
        "Şəhər kitabxanası yayda gecə saat 22:00-dək açıq olacaq",
        ("2026-02-14", "<time datetime> in the article's header"),  # only a <time> has it
        ("az", "<html lang>"),
        "Nümunə Xəbər",
        (),
        "numune-xeber-2026-02-seher-kitabxanasi-yayda-gece",
    ),
]
# Text of the page around the article, and of its comments: never in a snapshot.
NOT_ARTICLE_TEXT = [
    "COMMENT-MARKER",
    "Finally some common sense",
    "ADVERTISEMENT",
    "Sponsored",
    "Related stories",
    "Bridge repairs delayed",
    "Subscribe",
    "All rights reserved",
    "Most read",
    "Newsletter",
    "Leave a reply",
    "Əsas səhifə",
    "Çox gözəl",
    "©",
]


def page(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def extracted(name: str, url: str) -> Extracted:
    found = extract_article(page(name), url)
    assert isinstance(found, Extracted), found
    return found


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_fixture_yields_its_metadata(case: tuple) -> None:  # type: ignore[type-arg]
    name, url, title, published, language, outlet, authors, _ = case
    found = extracted(name, url)
    assert found.title == title
    assert (found.published, found.found_in["published"]) == published
    assert (found.language, found.found_in["language"]) == language
    assert found.outlet == outlet
    assert found.authors == authors
    assert found.url == url
    assert found.text.splitlines()[0] == title  # claims quote headlines too


@pytest.mark.parametrize("name", [c[0] for c in CASES])
def test_each_fixture_yields_the_article_text_alone(name: str, update_goldens: bool) -> None:
    url = next(c[1] for c in CASES if c[0] == name)
    text = extracted(name, url).text + "\n"
    golden = FIXTURES / name.replace(".html", ".expected.txt")
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "differs; --update-goldens"
    for words in NOT_ARTICLE_TEXT:
        assert words not in text
    for line in text.splitlines():
        assert line == " ".join(line.split())  # one paragraph a line, whitespace collapsed


def test_the_json_ld_page_says_where_each_value_came_from() -> None:
    found = extracted("news-jsonld.html", "https://news.example.com/riverton?utm_source=feed")
    assert found.url == JSONLD_URL  # the canonical address, not the one with tracking
    assert found.found_in == {
        "title": "the page's <h1>, as its JSON-LD headline",
        "url": "canonical link",
        "outlet": "JSON-LD publisher",
        "outlet_url": "JSON-LD publisher url",
        "published": "JSON-LD datePublished",  # not dateModified (2026-01-07)
        "language": "JSON-LD inLanguage",  # over <html lang="en">
        "authors": "JSON-LD author",
    }
    shown = summary(found)
    assert "published  2026-01-06  (JSON-LD datePublished)" in shown
    assert "authors    Dana Levi; Rashad Mammadov" in shown
    assert "8 paragraphs" in shown


def _page(head: str) -> page_meta.Page:
    from trafilatura.utils import load_html

    tree = load_html(f"<!DOCTYPE html>{head}<body><p>x</p><p>y</p></body></html>")
    assert tree is not None
    return page_meta.read_page(tree)


LD = '<script type="application/ld+json">{}</script>'


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<html lang="HE">', ("he", "<html lang>")),
        ('<html><meta property="og:locale" content="he_IL">', ("he-IL", "og:locale")),
        (
            '<html><meta http-equiv="Content-Language" content="az">',
            ("az", "<meta http-equiv=content-language>"),
        ),
        (
            '<html lang="en">'
            + LD.format('{"@type": "NewsArticle", "inLanguage": {"alternateName": "he"}}'),
            ("he", "JSON-LD inLanguage"),
        ),
    ],
)
def test_the_language_is_what_the_page_says(head: str, expected: tuple[str, str]) -> None:
    assert page_meta.language(_page(head)) == expected


def test_an_article_inside_a_json_ld_graph_is_found() -> None:
    graph = (
        '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "X"}, '
        '{"@type": ["schema:NewsArticle"], "headline": " A  headline ", '
        '"datePublished": "2026-02-03T23:59:00-05:00", "author": "Ann Example", '
        '"publisher": {"@type": "Organization", "name": "Example Post"}}]}'
    )
    page = _page("<html>" + LD.format(graph))
    assert headline.headline(page, "https://www.example.com/a") == (
        "A headline",
        "JSON-LD headline",
        False,  # no second source on this page
    )
    # as dated there (its own day, not UTC's), and in no doubt
    assert page_dates.published(page) == ("2026-02-03", "JSON-LD datePublished", None)
    assert page_meta.authors(page) == (("Ann Example",), "JSON-LD author")
    assert page_meta.outlet(page) == ("Example Post", "JSON-LD publisher")
    # a WebSite beside an article is no refusal
    assert article_kind.refusal(page, "https://www.example.com/") is None


def test_a_homepage_is_refused_as_not_an_article() -> None:
    found = extract_article(page("homepage.html"), "https://www.example.com/")
    assert isinstance(found, Problem)
    assert found.code == "not-an-article"
    assert "og:type 'website'" in found.message
    assert "--is-article" in found.message  # the way around it


def test_a_page_of_links_that_says_nothing_is_refused_for_its_little_text() -> None:
    html = page("homepage.html").replace('<meta property="og:type" content="website">', "")
    found = extract_article(html, "https://www.example.com/")
    assert isinstance(found, Problem)
    assert found.code == "not-an-article"
    assert "the address is a site's home page" in found.message
    # at an address shaped like an article's, the little text is the reason
    found = extract_article(html, "https://www.example.com/2026/01/all-the-news-today")
    assert isinstance(found, Problem)
    assert found.code == "not-an-article"
    assert "homepage or a list of links" in found.message


def test_a_wrongly_refused_page_is_imported_with_is_article() -> None:
    html = page("news-jsonld.html")
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta property="og:type"[^>]*>|<link rel="canonical"[^>]*>', "", html)
    html = re.sub(r"<time[^>]*>", "<time>", html)
    url = "https://news.example.com/riverton"
    refused = extract_article(html, url)
    assert isinstance(refused, Problem), refused
    assert refused.code == "not-an-article"
    found = extract_article(html, url, is_article=True)
    assert isinstance(found, Extracted), found
    assert found.title == "Riverton council votes to keep the night ferry running"
    assert found.language == "en"  # the metadata is read as usual: <html lang>
    assert found.outlet == "The Example Gazette"


def test_an_article_drawn_by_javascript_has_no_text() -> None:
    html = (
        '<html><head><meta property="og:type" content="article"><title>A title</title></head>'
        '<body><div id="app"></div><script>start()</script></body></html>'
    )
    found = extract_article(html, "https://www.example.com/a")
    assert isinstance(found, Problem)
    assert found.code == "no-article-text"
    assert "JavaScript" in found.message


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "\x00\x01\x02",
        "just words",
        "<p>x</p>",
        "<div>" * 5000 + "</div>" * 5000,
        '<html><script type="application/ld+json">' + "[" * 5000 + "</script><p>x</p></html>",
        '<html><script type="application/ld+json">{"@type": 5, "headline": []}</script></html>',
    ],
    ids=["empty", "blank", "binary", "text", "fragment", "deep", "deep-json", "odd-json"],
)
def test_bad_input_is_a_problem_not_an_exception(html: str) -> None:
    found = extract_article(html, "https://www.example.com/a")
    assert isinstance(found, Problem)
    assert found.code in {"no-article-text", "not-an-article", "no-title"}


def test_no_date_is_invented_from_a_copyright_line() -> None:
    html = page("opengraph-only.html")
    for dated in (
        '<meta property="article:published_time" content="2026-03-14T06:00:00Z">',
        " · 14 March 2026",
    ):
        html = html.replace(dated, "")
    found = extracted_html(html)
    # trafilatura alone says 2026-01-01 here, from "© 2026" in the footer
    assert found.published is None
    assert "2026-03-15" in found.notes[0]  # the modification date is not taken for it
    problem = write_article(Path("/nonexistent"), found, None)
    assert isinstance(problem, Problem)
    assert problem.code == "missing-metadata"
    assert "--published YYYY-MM-DD" in problem.message


def extracted_html(html: str, url: str = OG_URL) -> Extracted:
    found = extract_article(html, url)
    assert isinstance(found, Extracted), found
    return found


def test_a_copy_on_another_site_keeps_the_address_given() -> None:
    found = extracted("opengraph-only.html", "https://syndication.example.net/swifts")
    assert found.url == "https://syndication.example.net/swifts"
    assert OG_URL in found.notes[0]


def test_an_address_that_is_not_http_is_refused() -> None:
    found = extract_article(page("news-jsonld.html"), "file:///etc/passwd")
    assert isinstance(found, Problem)
    assert found.code == "bad-url"


def test_the_text_route_takes_the_metadata_as_given() -> None:
    found = from_text(
        "  First  paragraph.\n\n\tSecond paragraph.\x07\n",
        title="A headline",
        url="https://www.example.com/a",
        outlet="Example Daily",
        published="2026-04-01",
        language="he",
        author="A. Writer; B. Writer",
    )
    assert isinstance(found, Extracted)
    assert found.text == "First paragraph.\nSecond paragraph."
    assert found.authors == ("A. Writer", "B. Writer")
    assert set(found.found_in.values()) == {"given"}


@pytest.mark.parametrize(
    ("change", "code", "words"),
    [
        ({"published": None, "language": None}, "missing-metadata", "--published, --language"),
        ({"published": "1 April 2026"}, "bad-date", "YYYY-MM-DD"),
        ({"published": "2026-02-30"}, "bad-date", "YYYY-MM-DD"),
        ({"url": "ftp://example.com/a"}, "bad-url", "http(s)"),
        ({"language": "Hebrew"}, "invalid-value", "BCP 47"),
    ],
)
def test_the_text_route_refuses_what_an_article_file_cannot_hold(
    change: dict[str, str | None], code: str, words: str
) -> None:
    given = {
        "title": "A headline",
        "url": "https://www.example.com/a",
        "outlet": "Example Daily",
        "published": "2026-04-01",
        "language": "he",
    }
    found = from_text("Text.", **(given | change), source="a.txt")  # type: ignore[arg-type]
    assert isinstance(found, Problem)
    assert (found.path, found.code) == ("a.txt", code)
    assert words in found.message


def test_an_id_is_proposed_like_the_existing_one() -> None:
    ynet = Extracted(
        title="Azerbaijan won't send soldiers to Gaza peacekeeping force: 'Palestine did not"
        " protect us'",
        url="https://www.ynetnews.com/article/hj11v2pkebg",
        text="",
        outlet="Ynet News",
        published="2026-01-06",
    )
    assert propose_article_id(ynet) == "ynet-2026-01-azerbaijan-wont-send-soldiers"
    hebrew = Extracted(
        title="כותרת",
        url="https://www.example.co.il/x",
        text="",
        outlet="ידיעות",
        published="2026-05-01",
    )
    # the outlet in another script: the host name; the headline's words transliterated
    assert propose_article_id(hebrew) == "example-2026-05-khvtrt"


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_write_article_writes_files_that_the_project_loads(case: tuple, tmp_path: Path) -> None:  # type: ignore[type-arg]
    name, url, *_, proposed = case
    found = extracted(name, url)
    written = write_article(tmp_path, found, None)
    assert written == [tmp_path / f"articles/{proposed}.{ext}" for ext in ("yaml", "txt")]
    articles, problems = load_articles(Layout(tmp_path))
    assert problems == []
    article = articles[proposed]
    assert article.snapshot == found.text + "\n"
    assert article.data["published"] == found.published
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == sorted(
        p.name for p in written
    )  # no temporary file left behind


def test_the_article_file_says_where_each_value_was_found(update_goldens: bool) -> None:
    text = render_article_yaml(extracted("news-jsonld.html", JSONLD_URL), "riverton-ferry")
    golden = FIXTURES / "news-jsonld.expected.yaml"
    if update_goldens:
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), "differs; --update-goldens"
    assert 'published: "2026-01-06"  # JSON-LD datePublished\n' in text


def test_write_article_never_overwrites(tmp_path: Path) -> None:
    found = extracted("news-jsonld.html", JSONLD_URL)
    (tmp_path / "articles").mkdir()
    mine = tmp_path / "articles" / "riverton.txt"
    mine.write_text("my own text\n", encoding="utf-8")
    problem = write_article(tmp_path, found, "riverton")
    assert isinstance(problem, Problem)
    assert (problem.path, problem.code) == ("articles/riverton.txt", "article-exists")
    assert mine.read_text(encoding="utf-8") == "my own text\n"
    assert not (tmp_path / "articles" / "riverton.yaml").exists()
    # a proposed id steps aside instead
    (tmp_path / "articles" / f"{CASES[0][-1]}.txt").write_text("x\n", encoding="utf-8")
    written = write_article(tmp_path, found, None)
    assert isinstance(written, list)
    assert written[0].name == f"{CASES[0][-1]}-2.yaml"
    # and the same article is not imported twice
    again = write_article(tmp_path, found, "another-id")
    assert isinstance(again, Problem)
    assert again.code == "article-exists"
    assert again.path == f"articles/{CASES[0][-1]}-2.yaml"


def test_write_article_refuses_a_bad_id_and_a_too_long_title(tmp_path: Path) -> None:
    found = extracted("news-jsonld.html", JSONLD_URL)
    bad_id = write_article(tmp_path, found, "Not An Id")
    assert isinstance(bad_id, Problem)
    assert bad_id.code == "invalid-value"
    long = Extracted(**{**found.__dict__, "title": "word " * 70})
    too_long = write_article(tmp_path, long, "long")
    assert isinstance(too_long, Problem)
    lines = render_article_yaml(long, "long").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("title: "))
    assert (too_long.path, too_long.line, too_long.col) == ("articles/long.yaml", line, 8)
    assert too_long.code == "invalid-value"
    assert too_long.message.startswith("$.title: ")
    assert not (tmp_path / "articles" / "long.txt").exists()


def test_a_declared_charset_is_used() -> None:
    raw = '<html><head><meta charset="iso-8859-1"></head><body>café</body></html>'
    assert "café" in decode_html(raw.encode("iso-8859-1"))
    assert "café" in decode_html(raw.encode("utf-8"), "utf-8")


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes]]] = {}

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(1.5)
        if self.path == "/to-ftp":
            self.send_response(302)
            self.send_header("Location", "ftp://example.com/file")
            self.end_headers()
            return
        status, kind, body = self.routes.get(self.path, (404, "text/html", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # the client may give up on purpose (size cap, timeout)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass  # keep the test output clean


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    html = (FIXTURES / "news-jsonld.html").read_bytes()
    _Handler.routes = {
        "/news": (200, "text/html; charset=utf-8", html),
        "/slow": (200, "text/html", html),
        "/report.pdf": (200, "application/pdf", b"%PDF-1.7"),
        "/gone": (410, "text/html", b"gone"),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


def test_fetch_gets_the_page(server: str) -> None:
    html = fetch(f"{server}/news")
    assert isinstance(html, str)
    assert "Riverton council votes" in html


@pytest.mark.parametrize(
    ("path", "kwargs", "words"),
    [
        ("/gone", {}, "answered 410"),
        ("/report.pdf", {}, "serves application/pdf, not a web page"),
        ("/news", {"limit": 1000}, "larger than"),
        ("/slow", {"timeout": 0.3}, "timed out"),
        ("/to-ftp", {}, "not http(s), was refused"),
    ],
)
def test_fetch_failures_are_problems(server: str, path: str, kwargs: dict, words: str) -> None:  # type: ignore[type-arg]
    found = fetch(f"{server}{path}", **kwargs)
    assert isinstance(found, Problem)
    assert found.code == "fetch-failed"
    assert words in found.message
    assert "--html FILE --url URL" in found.message


def test_fetch_reports_a_server_that_is_not_there() -> None:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago refuses connections
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    found = fetch(f"http://127.0.0.1:{port}/news", timeout=2)
    assert isinstance(found, Problem)
    assert (found.code, "could not reach the server" in found.message) == ("fetch-failed", True)
    assert fetch("file:///etc/passwd").code == "bad-url"  # type: ignore[union-attr]


def test_the_url_route_writes_the_article(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = add_article_command(tmp_path, url=f"{server}/news", article_id="riverton")
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")  # success goes to stdout
    # the canonical link is on another host than the loopback: the address given is kept
    assert "published  2026-01-06  (JSON-LD datePublished)" in out
    assert "wrote articles/riverton.yaml and articles/riverton.txt" in out
    assert load_articles(Layout(tmp_path))[1] == []


def test_the_html_route_and_its_refusals(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = FIXTURES / "news-jsonld.html"
    assert (
        add_article_command(tmp_path, html_file=html, url=JSONLD_URL, published="2026-01-05") == 0
    )
    out, err = capsys.readouterr()
    assert err == ""  # success goes to stdout
    assert "published  2026-01-05  (given)" in out  # an option wins over the page
    assert add_article_command(tmp_path, html_file=html, url=JSONLD_URL) == 1
    out, _ = capsys.readouterr()
    problem = "articles/example-gazette-2026-01-riverton-council-votes-keep.yaml:1:1"
    assert out.splitlines()[-1].startswith(problem)  # after what was found on the page
    assert "error[article-exists]" in out
    home = FIXTURES / "homepage.html"
    assert add_article_command(tmp_path, html_file=home, url="https://www.example.com/") == 1
    out, _ = capsys.readouterr()
    assert out.startswith(f"{home}:1:1: error[not-an-article] ")
    assert add_article_command(tmp_path, html_file=html) == 2  # --html needs --url
    out, err = capsys.readouterr()
    assert (out, err.startswith("factsite article add: error: --html FILE needs --url")) == (
        "",
        True,
    )
    assert add_article_command(tmp_path, html_file=html, url=JSONLD_URL, article_id="No") == 2
    assert "--id 'No'" in capsys.readouterr().err


def test_the_text_route_of_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "copied.txt"
    text.write_text("A headline\nThe first paragraph of the article.\n", encoding="utf-8")
    given = {"title": "A headline", "outlet": "Example Daily", "language": "en"}
    url = "https://www.example.com/2026/04/headline"
    assert add_article_command(tmp_path, text_file=text, url=url, **given) == 1
    assert "--published" in capsys.readouterr().out  # what is missing, and how to give it
    code = add_article_command(tmp_path, text_file=text, url=url, published="2026-04-01", **given)
    assert code == 0
    written = tmp_path / "articles" / "example-daily-2026-04-headline.txt"
    assert (
        written.read_text(encoding="utf-8") == "A headline\nThe first paragraph of the article.\n"
    )
    assert add_article_command(tmp_path) == 2
    assert add_article_command(tmp_path, text_file=text, html_file=text, url=url) == 2


def test_every_code_used_here_is_in_the_catalogue() -> None:
    import ast

    codes: set[str] = set()
    modules = ("load/extract", "load/fetch", "load/page_meta", "load/article_record")
    for module in (*modules, "edit/article_files", "commands/article"):
        path = Path(__file__).parent.parent / "src" / "factsite" / f"{module}.py"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            code = None
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem":
                code = node.args[3] if len(node.args) > 3 else None
            elif isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "_CODES":
                code = node.value
            if code is not None:
                codes |= {c.value for c in ast.walk(code) if isinstance(c, ast.Constant)}
    assert {"not-an-article", "fetch-failed", "file-unreadable", "bad-date"} <= codes
    assert codes - {"url", "outlet_url", "published"} <= set(CATALOGUE)


def test_a_failure_inside_the_libraries_is_a_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug in a heuristic")

    monkeypatch.setattr(page_dates, "markup_date", broken)
    html = page("opengraph-only.html").replace("article:published_time", "x")
    found = extract_article(html, OG_URL)
    assert isinstance(found, Problem)
    assert found.code == "no-article-text"
    assert "RuntimeError: a bug in a heuristic" in found.message


def test_a_failed_write_is_a_problem_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    found = extracted("news-jsonld.html", JSONLD_URL)
    real_fsync, calls = os.fsync, []

    def full_disk(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second of the two files does not fit
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", full_disk)
    problem = write_article(tmp_path, found, "riverton")
    assert isinstance(problem, Problem)
    assert (problem.code, problem.message) == ("write-failed", "No space left on device")
    assert sorted((tmp_path / "articles").iterdir()) == []  # nothing written, nothing half-left


def test_a_missing_package_of_the_extraction_chain_is_a_broken_installation() -> None:
    """As an installation by pip 23 is without lxml_html_clean: lxml.html.clean, which jusText
    imports for trafilatura, cannot be imported. The page is not to blame; the fix is given."""
    script = (
        "import sys\n"
        "sys.modules['lxml_html_clean'] = None\n"  # None in sys.modules: the import fails
        "sys.modules['lxml.html.clean'] = None\n"
        "from factsite.load.extract import extract_article\n"
        "html = open(sys.argv[1], encoding='utf-8').read()\n"
        "found = extract_article(html, sys.argv[2])\n"
        "print(found.text())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURES / "news-jsonld.html"), JSONLD_URL],
        capture_output=True,
        text=True,
        check=True,
    )
    [line] = done.stdout.splitlines()  # one line, as every problem
    assert line.startswith(f"{JSONLD_URL}:1:1: error[broken-installation] ")
    assert "lxml" in line and "python -m pip install --upgrade pip" in line
    assert "broken-installation" in CATALOGUE


def test_the_extraction_chain_imports_in_this_installation() -> None:
    """lxml_html_clean is a direct dependency (pyproject.toml), so every pip installs it."""
    import justext  # noqa: F401 - the import is the test
    import lxml_html_clean  # noqa: F401


def test_a_broken_installation_is_one_line_whatever_the_module_says() -> None:
    from factsite.load.extract import broken_installation

    said = ImportError("lxml.html.clean module is now a separate project.\nInstall it directly.")
    why = broken_installation(said)
    assert "\n" not in why and "project. Install it directly. Reinstall" in why


def test_a_guess_is_recorded_unconfirmed_and_validate_refuses_it_until_confirmed(
    tmp_path: Path,
) -> None:
    # No JSON-LD, no og:site_name, no published_time: the outlet is the host name, a guess;
    # the date comes from htmldate's reading of the markup, a guess too.
    html = page("news-jsonld.html")
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta property="og:site_name"[^>]*>|<time[^>]*>', "", html)
    found = extract_article(html, JSONLD_URL)
    assert isinstance(found, Extracted), found
    assert "outlet" in found.unconfirmed
    assert any("is a guess" in note for note in found.notes)
    assert "UNCONFIRMED" in summary(found)
    written = write_article(tmp_path, found, "riverton")
    assert isinstance(written, list), written
    text = written[0].read_text(encoding="utf-8")
    line = next(i for i, s in enumerate(text.splitlines(), 1) if s.startswith("unconfirmed:"))
    _, problems = load_articles(Layout(tmp_path))
    assert [(p.path, p.line, p.code) for p in problems] == [
        ("articles/riverton.yaml", line, "unconfirmed-value")
    ]
    assert "outlet" in problems[0].message
    # a guessed date: the message says how to keep an estimate the page cannot confirm
    estimate = "published_estimated: true" in problems[0].message
    assert estimate == ("published" in found.unconfirmed)
    # a person checks the values against the page and deletes the line: one edit
    written[0].write_text(text.replace(text.splitlines()[line - 1] + "\n", ""), encoding="utf-8")
    articles, problems = load_articles(Layout(tmp_path))
    assert problems == []
    assert "riverton" in articles


def test_is_article_on_the_command_line_imports_a_refused_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from factsite.cli import main

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    html = page("news-jsonld.html")
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    html = re.sub(r'<meta property="og:type"[^>]*>|<link rel="canonical"[^>]*>', "", html)
    html = re.sub(r"<time[^>]*>", "<time>", html)  # nothing says article: refused
    saved = tmp_path / "saved.html"
    saved.write_text(html, encoding="utf-8")
    argv = ["--root", str(tmp_path), "article", "add", "--html", str(saved)]
    argv += ["--url", "https://news.example.com/riverton", "--id", "riverton"]
    assert main(argv) == 1
    assert "error[not-an-article]" in capsys.readouterr().out
    assert main([*argv, "--is-article"]) == 0
    assert (tmp_path / "articles" / "riverton.yaml").is_file()
    said = capsys.readouterr()
    err = said.out + said.err  # what was found, on stdout since a success goes there
    # with no date stated, htmldate's reading of the markup is a guess, said three times
    assert "published  2026-01-06  (htmldate: the page's markup)  UNCONFIRMED" in err
    assert "check: the publication date '2026-01-06' is a guess" in err
    assert "above all the guessed ones (published), then delete its `unconfirmed:` line" in err


def test_line_breaks_inside_a_paragraph_are_joined() -> None:
    html = page("opengraph-only.html").replace(
        "<p>", "<p>Seit dem Frühjahr zählen<br>Freiwillige die Vögel<br/>am Fluss. ", 1
    )
    found = extracted_html(html)
    assert "Seit dem Frühjahr zählen Freiwillige die Vögel am Fluss." in found.text
    assert not any(line.startswith(("Freiwillige", "am Fluss")) for line in found.text.split("\n"))


@pytest.mark.parametrize(
    ("link", "warned"),
    [
        ('<link rel="next" href="/nature/swift-count-mill-bridge?page=2">', True),
        ('<link rel="next" href="/nature/swift-count-mill-bridge/2">', True),
        ('<a rel="next" href="/nature/another-story">Next story</a>', False),  # the next post
        (
            '<link rel="next" href="https://elsewhere.example.net/nature/swift-count-mill-bridge/2">',
            False,
        ),
    ],
)
def test_a_next_page_of_the_same_article_is_warned_about(link: str, warned: bool) -> None:
    found = extracted_html(page("opengraph-only.html").replace("</head>", link + "</head>"))
    assert any("next page of the article" in note for note in found.notes) is warned


def test_a_lead_paragraph_set_apart_from_the_body_is_kept() -> None:
    lead = "Volunteers counted the swifts nesting under the old mill bridge for a week in May."
    said = "A record number of nests this summer, the birdwatching club says."
    html = page("opengraph-only.html").replace(said, lead)  # og:description names the lead
    # set apart: in the header, outside the <article> trafilatura reads
    html = html.replace("<body>", f'<body><header><p class="standfirst">{lead}</p></header>', 1)
    found = extracted_html(html)
    lines = found.text.split("\n")
    assert lines[1] == lead
    assert lines.count(lead) == 1
    assert any("lead paragraph" in note for note in found.notes)
    hidden = html.replace(f'<p class="standfirst">{lead}</p>', "")  # in the metadata only
    assert lead not in extracted_html(hidden).text


def test_a_paywalled_page_is_not_an_article_text_for_its_lead_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lead = "Volunteers counted the swifts nesting under the old mill bridge for a week in May, " * 3
    html = (
        '<html><head><meta property="og:type" content="article">'
        f'<meta property="og:description" content="{lead}"><title>Swifts</title></head>'
        f'<body><header><h1>Swifts</h1><p class="standfirst">{lead}</p></header>'
        "<article><p>Subscribe to read on.</p></article></body></html>"
    )
    # what trafilatura keeps of a paywalled page: the teaser's end, not the lead
    monkeypatch.setattr(extract, "paragraphs", lambda doc: ["Subscribe to read on."])
    found = extract_article(html, "https://www.example.com/2026/05/swifts")
    assert isinstance(found, Problem)
    assert found.code == "no-article-text"
