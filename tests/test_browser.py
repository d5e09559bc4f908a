"""The built site in a real browser: navigation, search, the annotated article, ClaimReview
and MediaReview JSON-LD, console and network hygiene, axe-core accessibility in the light and
the dark scheme, phone layout, keyboard focus, print, the share cards and the embed page.

Headless Debian chromium driven by Playwright (no browser download), against the repository's
real claims built by the `built_site` fixture and served on 127.0.0.1. These tests never skip:
without chromium they fail and say how to install it (`make test` does).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from conftest import QuietHandler, serve_folder, site_of
from factsite.publish.preview import Preview
from factsite.render import embed

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
ARTICLE_ID = "ynet-2026-01-azerbaijan-gaza"
ARTICLE = f"articles/{ARTICLE_ID}/"
TRANSPARENCY = ("methodology/", "corrections/", "about/", "suggest/")
CHROMIUM_ARGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


# --- fixtures -----------------------------------------------------------------------------


SENT: list[tuple[str, int]] = []  # (path, body bytes) of every file the test server sent


class _QuietHandler(QuietHandler):
    def copyfile(self, source: Any, outputfile: Any) -> None:
        # Counted here, not from the browser's events: Pagefind's worker fetches files too.
        start = source.tell()
        super().copyfile(source, outputfile)
        SENT.append((urlsplit(self.path).path, source.tell() - start))


@pytest.fixture(scope="module")
def base_url(built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The built site served over HTTP on a free port of 127.0.0.1, under the path of its
    site_url (/factsite/) as GitHub Pages serves it: the 404 page's links are absolute."""
    prefix = urlsplit(site_of(REPO).url).path.strip("/")
    if not prefix:
        with serve_folder(built_site, _QuietHandler) as url:
            yield url
        return
    served = tmp_path_factory.mktemp("served")
    (served / prefix).symlink_to(built_site, target_is_directory=True)
    with serve_folder(served, _QuietHandler) as url:
        yield f"{url}{prefix}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    if not (os.path.isfile(executable) and os.access(executable, os.X_OK)):
        pytest.fail(
            f"chromium not found at {executable}: the browser tests need Debian's chromium "
            "(`make test` installs it, or `sudo apt-get install chromium`; "
            "set FACTSITE_CHROMIUM to use another binary)",
            pytrace=False,
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def _open_page(browser: Browser, *, documents_only: bool = False) -> Iterator[Page]:
    context = browser.new_context(viewport=DESKTOP)
    if documents_only:
        context.route(
            "**/*",
            lambda route: (
                route.continue_() if route.request.resource_type == "document" else route.abort()
            ),
        )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    yield from _open_page(browser)


@pytest.fixture
def bare_page(browser: Browser) -> Iterator[Page]:
    """A page that loads documents only (no CSS, scripts, images): for reading HTML fast."""
    yield from _open_page(browser, documents_only=True)


@pytest.fixture(scope="module")
def claims(built_site: Path) -> list[dict[str, Any]]:
    """The claims as built: the site's open data, checked against its claim pages."""
    data = json.loads((built_site / "data" / "claims.json").read_text(encoding="utf-8"))
    records = data["claims"]
    pages = sorted(
        p.parent.name
        for p in (built_site / "claims").glob("*/index.html")
        if not re.fullmatch(r"index-\d+", p.parent.name)  # the listing's further pages
    )
    assert pages == sorted(c["id"] for c in records), "claim pages differ from data/claims.json"
    assert records, "the site has no claims"
    return records


@pytest.fixture(scope="module")
def scale(built_site: Path) -> list[dict[str, Any]]:
    return json.loads((built_site / "data" / "claims.json").read_text(encoding="utf-8"))["scale"]


def claim_path(claim_id: str) -> str:
    return f"claims/{claim_id}/"


def goto(page: Page, url: str, wait_until: Literal["load", "domcontentloaded"] = "load") -> None:
    response = page.goto(url, wait_until=wait_until)
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


def links(page: Page) -> list[str]:
    """Absolute URLs (without fragment) of every link on the page."""
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    return [h.split("#", 1)[0] for h in hrefs]


def showcase_claim(claims: list[dict[str, Any]]) -> dict[str, Any]:
    """The claim used for single-page checks: the one with the most text (ruling and
    analysis), so that layout problems show."""
    return max(claims, key=lambda c: (len(c["ruling"]) + len(c["analysis"]), c["id"]))


# --- 1. home page -------------------------------------------------------------------------


def test_home_page_chart_latest_and_links(
    page: Page,
    bare_page: Page,
    base_url: str,
    claims: list[dict[str, Any]],
    scale: list[dict[str, Any]],
) -> None:
    goto(page, base_url)
    assert page.title().endswith("Claim by Claim")  # the publication's name, not the software's
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("h1")).not_to_be_empty()
    # the sections as tabs, on every page: the same four here as on a claim page
    tabs = page.locator(".md-tabs__link")
    expect(tabs).to_have_text(["Home", "Fact-checks", "The article", "About"])

    chart = page.locator("table.fs-chart")
    expect(chart).to_have_count(1)
    expect(chart.locator("caption")).to_contain_text(f"{len(claims)} claims")
    rows = chart.locator("tbody tr")
    expect(rows).to_have_count(len(scale))
    for i, verdict in enumerate(scale):
        row = rows.nth(i)
        expect(row.locator("th")).to_contain_text(verdict["label"])
        n = sum(1 for c in claims if c["verdict"]["id"] == verdict["id"])
        expect(row.locator("td.fs-chart__n")).to_have_text(str(n))

    # the newest checks as tiles, the newest (by the check's own dates) featured first
    tiles = page.locator("ul.fs-tiles li.fs-tile")
    expect(tiles).to_have_count(min(10, len(claims)))
    newest = max(
        claims, key=lambda c: (c.get("updated") or c["published"], c["published"], c["id"])
    )
    expect(page.locator("ul.fs-tiles--featured .fs-tile__claim a")).to_have_text(newest["claim"])
    expect(tiles.first.locator(".fs-tile__verdict")).to_contain_text(newest["verdict"]["label"])

    home_links = set(links(page))
    for target in (*TRANSPARENCY, ARTICLE):
        assert urljoin(base_url, target) in home_links, f"no link from home to {target}"

    # Every claim within two clicks: links on home, plus links on the pages home links to.
    reachable = set(home_links)
    for url in sorted(home_links):
        if url.startswith(base_url) and url.endswith("/") and url != base_url:
            goto(bare_page, url, "domcontentloaded")
            reachable |= set(links(bare_page))
    missing = [c["id"] for c in claims if urljoin(base_url, claim_path(c["id"])) not in reachable]
    assert not missing, f"claims not reachable in two clicks from home: {missing}"


# --- 2. search ----------------------------------------------------------------------------


SEARCH_BUNDLE = "/pagefind/"  # where Pagefind's script and index live (publish/search.py)


def search_word(claims: list[dict[str, Any]]) -> tuple[str, dict[str, Any]]:
    """A word of one claim's ruling that as few other claims contain as possible (so common
    words never win), longest first."""
    texts = {
        c["id"]: " ".join((c["claim"], c["quote"], c["ruling"], c["analysis"])).lower()
        for c in claims
    }
    best: tuple[int, int, str, str] | None = None
    for claim in sorted(claims, key=lambda c: c["id"]):
        for word in set(re.findall(r"\b[A-Za-z]{6,}\b", claim["ruling"])):
            w = word.lower()
            pattern = re.compile(rf"\b{w}\b")
            others = sum(1 for cid, t in texts.items() if cid != claim["id"] and pattern.search(t))
            key = (others, -len(w), w, claim["id"])
            if best is None or key < best:
                best = key
    assert best is not None, "no claim ruling has a searchable word"
    by_id = {c["id"]: c for c in claims}
    return best[2], by_id[best[3]]


def open_search(page: Page, *, key: bool = False) -> None:
    """Open the search dialog with its header button, or with "/" from the keyboard."""
    button = page.locator("#fs-search-open")
    expect(button).to_be_visible()  # at phone width too: it is in the header bar
    if key:
        page.keyboard.press("/")
    else:
        button.click()
    expect(page.locator("dialog#fs-search")).to_be_visible()
    expect(page.locator("#fs-search-q")).to_be_focused()


def search(page: Page, word: str, *, key: bool = False) -> None:
    """Open search and type `word`, as a reader does, and wait for the results."""
    open_search(page, key=key)
    page.keyboard.type(word)
    expect(page.locator(".fs-search__result").first).to_be_visible()


def result_links(page: Page) -> list[str]:
    return page.eval_on_selector_all(".fs-search__result a", "els => els.map(a => a.href)")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_search_finds_claim_by_ruling_word(
    page: Page, base_url: str, claims: list[dict[str, Any]], width: str
) -> None:
    word, claim = search_word(claims)
    page.set_viewport_size(WIDTHS[width])
    goto(page, base_url)
    search(page, word)
    wanted = urljoin(base_url, claim_path(claim["id"]))
    hrefs = result_links(page)
    assert wanted in hrefs, f"searching {word!r} (from the ruling of {claim['id']}) gave {hrefs}"
    hit = page.locator(".fs-search__result").nth(hrefs.index(wanted))
    expect(hit.locator(".fs-badge")).to_contain_text(claim["verdict"]["label"])
    expect(hit.locator(".fs-search__meta")).to_contain_text(claim["claimant"]["name"])
    # the words found are marked (Pagefind stems them: "conditions" for "conditional")
    expect(hit.locator(".fs-search__excerpt mark").first).to_be_visible()
    # the dialog fits the screen: nothing in it reaches past its right edge, at phone width too
    wide = page.evaluate(
        """() => [...document.querySelectorAll('#fs-search *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .map(e => e.tagName + '.' + e.className)"""
    )
    assert wide == [], wide


def test_search_from_the_keyboard(page: Page, base_url: str, claims: list[dict[str, Any]]) -> None:
    """ "/" opens search, Escape closes it and gives focus back; typed words, then Enter, lead to
    the first result; the arrow keys move between the field and the results."""
    word, _ = search_word(claims)
    goto(page, urljoin(base_url, "about/"))
    dialog = page.locator("dialog#fs-search")
    open_search(page, key=True)
    assert dialog.get_attribute("aria-modal") == "true"
    title = page.locator("#" + (dialog.get_attribute("aria-labelledby") or "none"))
    expect(title).to_have_text("Search the fact-checks")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.locator("#fs-search-open")).to_be_focused()

    page.keyboard.press("Enter")  # the button has the focus: Enter opens it again
    expect(page.locator("#fs-search-q")).to_be_focused()
    page.keyboard.type(word)
    expect(page.locator(".fs-search__result").first).to_be_visible()
    page.keyboard.press("ArrowDown")
    first = result_links(page)[0]
    assert page.evaluate("document.activeElement.href") == first
    page.keyboard.press("ArrowUp")
    expect(page.locator("#fs-search-q")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(first)


def test_search_filters_by_verdict_topic_and_article(
    page: Page, base_url: str, claims: list[dict[str, Any]], built_site: Path
) -> None:
    goto(page, base_url)
    open_search(page)
    page.locator(".fs-search__filters summary").click()  # their values load only now
    topics = yaml_topics(built_site)
    for name, wanted in (
        ("verdict", {c["verdict"]["label"] for c in claims}),
        ("topic", {topics[t] for c in claims for t in c["topics"]}),
        ("article", {c["article"]["title"] for c in claims}),
    ):
        select = page.locator(f"select[data-filter='{name}']")
        expect(select.locator("option").nth(1)).to_be_attached()  # filled once Pagefind loaded
        values = set(select.locator("option").evaluate_all("os => os.map(o => o.value)"))
        assert values - {""} == wanted, name
    verdict = max(claims, key=lambda c: sum(x["verdict"] == c["verdict"] for x in claims))
    label = verdict["verdict"]["label"]
    page.locator("select[data-filter='verdict']").select_option(label)  # no words: all of them
    n = sum(1 for c in claims if c["verdict"]["label"] == label)
    expect(page.locator("#fs-search-status")).to_have_text(f"{n} results")
    badges = page.locator(".fs-search__result .fs-badge")
    expect(badges).to_have_count(min(n, 10))
    for text in badges.all_text_contents():
        assert label in text


def yaml_topics(built_site: Path) -> dict[str, str]:
    """Topic slugs to the labels the claim pages show, from the project's topics.yaml."""
    data = yaml.safe_load((built_site.parent / "topics.yaml").read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def test_search_finds_hebrew_text(page: Page, base_url: str, claims: list[dict[str, Any]]) -> None:
    """A Hebrew quote on an English page (one index per <html lang>: the whole site is one)."""
    claim = next(c for c in claims if re.search(r"[\u0590-\u05ff]{4,}", c["quote"]))
    word = max(re.findall(r"[\u0590-\u05ff]{4,}", claim["quote"]), key=len)
    goto(page, base_url)
    search(page, word)
    assert urljoin(base_url, claim_path(claim["id"])) in result_links(page), word


def test_serve_preview_says_where_search_works(
    page: Page, base_url: str, claims: list[dict[str, Any]]
) -> None:
    """A site without its Pagefind index (a plain `mkdocs serve` or `mkdocs build` after
    `factsite render`, which still builds it: ENGINES.md) says where search works."""
    page.route("**/pagefind/**", lambda route: route.fulfill(status=404, body="Not found"))
    goto(page, base_url)
    open_search(page)
    expect(page.locator("#fs-search-status")).to_contain_text("factsite build")


def test_a_preview_reloads_the_open_pages_whose_file_changed(
    browser: Browser, tmp_path: Path
) -> None:
    """factsite serve's reload script (theme/livereload.js) in a real browser: a round shows
    the saved check's page first and builds the rest after (commands/serve.py), and each open
    tab reloads once, when its own page changed."""
    site = tmp_path / "site"
    (site / "b").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><p id=t>first A</p></body></html>")
    (site / "b" / "index.html").write_text("<html><body><p id=t>first B</p></body></html>")
    server = Preview(site, "127.0.0.1", 0)
    server.start()
    context = browser.new_context()
    try:
        a, b = context.new_page(), context.new_page()
        a.goto(server.url)
        b.goto(server.url + "b/")
        for tab in (a, b):  # a mark that a reload would lose
            tab.wait_for_load_state("load")  # the script asks even after a reload: no race
            tab.evaluate("window.fsMark = 1")
        (site / "index.html").write_text("<html><body><p id=t>saved A</p></body></html>")
        server.reload()
        expect(a.locator("#t")).to_have_text("saved A")
        b.wait_for_timeout(1500)  # the tab whose page did not change stays as it was
        assert b.evaluate("window.fsMark") == 1
        (site / "b" / "index.html").write_text("<html><body><p id=t>saved B</p></body></html>")
        server.reload()
        expect(b.locator("#t")).to_have_text("saved B")
        assert b.evaluate("window.fsMark") is None
    finally:
        context.close()
        server.close()


# --- 3. the annotated article -------------------------------------------------------------


def test_highlight_leads_to_claim_page(
    page: Page, base_url: str, claims: list[dict[str, Any]]
) -> None:
    goto(page, urljoin(base_url, ARTICLE))
    highlights = page.locator("a.fs-hl")
    hrefs = set(highlights.evaluate_all("els => els.map(a => a.href)"))
    by_url = {urljoin(base_url, claim_path(c["id"])): c for c in claims}
    article_claims = {u for u, c in by_url.items() if c["article"]["id"] == ARTICLE_ID}
    assert hrefs == article_claims, "highlights do not link exactly the article's claims"

    target = highlights.nth(highlights.count() // 2)
    url = target.evaluate("a => a.href")
    # Click the middle of the highlight's first line: a highlight that wraps has a bounding
    # box whose centre may lie on another passage.
    where = target.evaluate(
        """a => { const box = a.getBoundingClientRect(), line = a.getClientRects()[0];
                  return {x: line.left - box.left + line.width / 2,
                          y: line.top - box.top + line.height / 2}; }"""
    )
    target.click(position=where)
    page.wait_for_url(url)
    claim = by_url[url]
    expect(page.locator("h1")).to_have_text(f"{claim['claim']} — {claim['verdict']['label']}")
    expect(page.locator(".fs-card .fs-badge")).to_contain_text(claim["verdict"]["label"])


# --- 4. ClaimReview and MediaReview JSON-LD -------------------------------------------------


READ_JSON_LD = """async paths => Promise.all(paths.map(async path => {
    const response = await fetch(path);
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    const scripts = [...doc.querySelectorAll('script[type="application/ld+json"]')];
    const h1 = doc.querySelector("h1");
    let blocks = [], error = null;
    try { blocks = scripts.map(s => JSON.parse(s.textContent)); }
    catch (e) { error = String(e); }
    const reviews = blocks.filter(b => b["@type"] === "ClaimReview");
    return {path, status: response.status, scripts: scripts.length, error,
            data: reviews.length === 1 ? reviews[0] : null,
            media: blocks.filter(b => b["@type"] === "MediaReview"),
            h1: h1 ? h1.textContent.trim() : null};
}))"""


def test_claimreview_json_ld_on_every_claim_page(
    page: Page, base_url: str, claims: list[dict[str, Any]]
) -> None:
    # One page fetches and parses every claim page in the browser: fast for any number of
    # claims, and the JSON-LD goes through the browser's own HTML parser and JSON.parse.
    goto(page, base_url)
    by_path = {claim_path(c["id"]): c for c in claims}
    pages = page.evaluate(READ_JSON_LD, [urljoin(base_url, p) for p in by_path])
    assert len(pages) == len(claims)
    problems: list[str] = []
    for found, (path, claim) in zip(pages, by_path.items(), strict=True):
        # a ClaimReview on every page; a MediaReview beside it on a check of a photo or video
        wanted = 1 + bool(claim.get("media"))
        if (
            found["status"] != 200
            or found["scripts"] != wanted
            or found["error"]
            or not found["data"]
            or len(found["media"]) != wanted - 1
        ):
            problems.append(
                f"{path}: HTTP {found['status']}, {found['scripts']} JSON-LD scripts "
                f"({len(found['media'])} MediaReview), parse error {found['error']}"
            )
            continue
        for media in found["media"]:
            if media.get("url") != found["data"].get("url") or not media.get(
                "mediaAuthenticityCategory", ""
            ).startswith("https://schema.org/"):
                problems.append(f"{path}: MediaReview {media}")
        data, h1 = found["data"], found["h1"]
        rating = data.get("reviewRating", {})
        item = data.get("itemReviewed", {})
        checks = {
            "@type is ClaimReview": data.get("@type") == "ClaimReview",
            "@context is schema.org": data.get("@context") == "https://schema.org",
            # the headline states the claim and its verdict
            "claimReviewed and the verdict make the page's headline": h1
            == f"{data.get('claimReviewed')} — {rating.get('alternateName')}"
            and data.get("claimReviewed") == claim["claim"],
            "claimReviewed at most 75 characters": len(data.get("claimReviewed", "")) <= 75,
            "reviewRating.alternateName is the verdict": rating.get("alternateName")
            == claim["verdict"]["label"],
            "url is absolute and ends with the claim path": bool(
                re.match(r"https?://[^/]+/", data.get("url", ""))
            )
            and data["url"].endswith(path),
            "author.name": bool(data.get("author", {}).get("name")),
            "datePublished": bool(data.get("datePublished")),
            "itemReviewed is a Claim": item.get("@type") == "Claim",
            "itemReviewed.author.name": bool(item.get("author", {}).get("name")),
            # the claim's date only when it is known, never an estimate (issue 30)
            "itemReviewed.datePublished exactly when the date is known": bool(
                item.get("datePublished")
            )
            != bool(claim.get("claim_date_estimated")),
            "itemReviewed appearance": bool(item.get("appearance") or item.get("firstAppearance")),
        }
        if claim["verdict"]["rating"] is not None:
            best, worst, value = (
                rating.get("bestRating"),
                rating.get("worstRating"),
                rating.get("ratingValue"),
            )
            checks |= {
                "ratingValue is the verdict's rating": value == claim["verdict"]["rating"],
                "worstRating >= 1": isinstance(worst, int) and worst >= 1,
                "worstRating <= ratingValue <= bestRating": isinstance(best, int)
                and isinstance(worst, int)
                and isinstance(value, int)
                and worst <= value <= best,
            }
        else:
            checks["no ratingValue for a verdict off the scale"] = "ratingValue" not in rating
        problems += [f"{path}: {name}" for name, ok in checks.items() if not ok]
    assert not problems, "ClaimReview problems:\n" + "\n".join(problems)


# --- 5. console errors and requests -------------------------------------------------------


def test_no_console_errors_and_no_outside_requests(
    page: Page, base_url: str, claims: list[dict[str, Any]]
) -> None:
    errors: list[str] = []
    requests: list[str] = []
    failures: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.status}: {r.failure}"))
    page.on(
        "response", lambda r: failures.append(f"{r.url}: {r.status}") if r.status >= 400 else None
    )

    claim = showcase_claim(claims)
    for path in ("", ARTICLE, claim_path(claim["id"]), "claims/", "verdicts/", "topics/"):
        goto(page, urljoin(base_url, path))
        page.wait_for_load_state("networkidle")  # leaving early would abort requests
    viewed = list(requests)
    word, _ = search_word(claims)
    search(page, word)
    page.wait_for_load_state("networkidle")

    searched = requests[len(viewed) :]
    assert [u for u in viewed if SEARCH_BUNDLE in u] == [], "a page view fetched search data"
    assert any(SEARCH_BUNDLE in u for u in searched), "search never loaded Pagefind"
    assert not any("search_index.json" in u for u in requests), "Material's index was fetched"
    outside = sorted({u for u in requests if urlsplit(u).hostname != "127.0.0.1"})
    assert not outside, f"requests leaving 127.0.0.1: {outside}"
    assert not errors, f"console errors: {errors}"
    assert not failures, f"failed requests: {failures}"


# At 10,000 claims a first search fetches about 220 kB (BENCHMARKS.md), the target 300 kB;
# most of it is Pagefind's code (its script and WebAssembly), the same at any size.
FIRST_SEARCH_BYTES = 200_000


def test_a_page_view_fetches_no_search_data_and_a_first_search_little(
    browser: Browser, base_url: str, claims: list[dict[str, Any]]
) -> None:
    context = browser.new_context(viewport=DESKTOP)  # a fresh profile: nothing cached
    try:
        page = context.new_page()
        word, claim = search_word(claims)
        SENT.clear()
        goto(page, urljoin(base_url, claim_path(claim["id"])))
        page.wait_for_load_state("networkidle")
        viewed = list(SENT)
        search(page, word)
        page.wait_for_load_state("networkidle")
        searched = SENT[len(viewed) :]
    finally:
        context.close()
    # paths as the server saw them, under the site's own path (/factsite/pagefind/...)
    assert [p for p, _ in viewed if SEARCH_BUNDLE in p] == [], viewed
    sent = sum(n for _, n in searched)
    assert all(SEARCH_BUNDLE in p for p, _ in searched), searched
    assert 0 < sent < FIRST_SEARCH_BYTES, f"a first search fetched {sent} bytes: {searched}"


# --- 6. axe-core --------------------------------------------------------------------------


def _axe_report(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
    return "\n".join(lines)


def key_pages(claims: list[dict[str, Any]]) -> dict[str, str]:
    """A page of every kind a reader meets (issue 30): home, the annotated article, a claim, a
    listing, a hand-written page, and the page of an address that does not exist."""
    return {
        "home": "",
        "article": ARTICLE,
        "claim": claim_path(showcase_claim(claims)["id"]),
        "listing": "claims/",
        "about": "about/",
        "404": "404.html",
    }


def scheme(page: Page) -> str:
    return str(page.evaluate("document.body.dataset.mdColorScheme"))


def switch_to_dark(page: Page) -> None:
    """Press the palette toggle in the header, as a reader does; Material remembers it."""
    assert scheme(page) == "default"
    toggle = page.locator('label[for="__palette_1"]')
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("title", "Switch to the dark scheme")
    expect(page.locator("#__palette_1")).to_have_attribute(
        "aria-label", "Switch to the light scheme"
    )
    toggle.click()
    assert scheme(page) == "slate"
    expect(page.locator('label[for="__palette_0"]')).to_be_visible()  # and the way back


@pytest.mark.parametrize(
    ("width", "colours"),
    [("desktop", "light"), ("phone", "light"), ("desktop", "dark"), ("phone", "dark")],
)
def test_axe_no_serious_violations(
    browser: Browser, base_url: str, claims: list[dict[str, Any]], width: str, colours: str
) -> None:
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    axe = Axe()
    found: dict[str, list[dict[str, Any]]] = {}
    word, _ = search_word(claims)
    try:
        if colours == "dark":
            goto(page, base_url)
            switch_to_dark(page)
        for name, path in key_pages(claims).items():
            goto(page, urljoin(base_url, path))
            assert scheme(page) == ("slate" if colours == "dark" else "default"), name
            for state in ("", ", search open"):
                if state:  # the dialog with its results, filters and focus in the field
                    search(page, word)
                results = axe.run(
                    page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}}
                ).response
                # the scan really ran: axe checked rules like colour contrast on this page
                assert any(r["id"] == "color-contrast" for r in results["passes"]), name
                # not a WCAG-tagged rule, so asked for by name: Material's search had none
                named = axe.run(
                    page, options={"runOnly": {"type": "rule", "values": ["aria-dialog-name"]}}
                ).response
                assert named["violations"] == [], f"{name}{state}: a dialog has no name"
                assert bool(named["passes"]) == bool(state), f"{name}{state}: {named['passes']}"
                bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
                if bad:
                    found[name + state] = bad
    finally:
        context.close()
    assert not found, "axe violations (serious or critical):\n" + "\n".join(
        f"{name} ({width}, {colours}):\n{_axe_report(v)}" for name, v in found.items()
    )


# --- 7. screenshots and phone layout ------------------------------------------------------


# Pages checked for horizontal scroll without a screenshot: the listings and their tables.
LAYOUT_ONLY = ("claims/", "verdicts/", "topics/", "claimants/", "methodology/", "corrections/")


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_screenshots_and_no_horizontal_scroll(
    browser: Browser, base_url: str, claims: list[dict[str, Any]], width: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=WIDTHS[width])
    page = context.new_page()
    overflowing: dict[str, Any] = {}
    try:
        shots = key_pages(claims)
        for name, path in {**shots, **{p: p for p in LAYOUT_ONLY}}.items():
            goto(page, urljoin(base_url, path))
            if name in shots:
                shot = SCREENSHOTS / f"{name}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                assert shot.stat().st_size > 10_000, f"{shot} is suspiciously small"
            sizes = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
            if sizes[0] > sizes[1]:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('body *')]
                        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                        .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
                )
                overflowing[name] = (sizes, wide)
    finally:
        context.close()
    assert not overflowing, f"horizontal scroll at {width} width: {overflowing}"


# --- 8. keyboard --------------------------------------------------------------------------


def test_keyboard_skip_link_and_visible_focus(
    page: Page, base_url: str, claims: list[dict[str, Any]]
) -> None:
    goto(page, urljoin(base_url, claim_path(showcase_claim(claims)["id"])))
    page.keyboard.press("Tab")
    skip = page.locator("a.md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_contain_text("Skip to content")
    outline = skip.evaluate(
        "a => getComputedStyle(a).outlineStyle + ' ' + getComputedStyle(a).outlineWidth"
    )
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline

    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        """() => { const a = document.activeElement;
                   const s = getComputedStyle(a);
                   const first = document.querySelector('.md-content .fs-dateline a[href]');
                   return {first: a === first, text: a.textContent, tag: a.tagName,
                           outline: s.outlineStyle, width: s.outlineWidth}; }"""
    )
    # skipping lands after the h1: the next Tab reaches the byline's first link (who checked it)
    assert focused["first"] and focused["tag"] == "A", focused
    assert focused["outline"] != "none" and focused["width"] != "0px", focused


# --- 9. print -------------------------------------------------------------------------------


def pdf_text(pdf: Path) -> str:
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.fail(
            "pdftotext not found: the print test reads Chromium's PDF with it "
            "(`make test` installs poppler-utils, or `sudo apt-get install poppler-utils`)",
            pytrace=False,
        )
    # -raw: in the order drawn, and a line that ends on a URL's hyphen keeps it
    done = subprocess.run(
        [tool, "-raw", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode("utf-8")


def _squeezed(value: str) -> str:
    """Text without white space: a long URL breaks across lines on paper."""
    return re.sub(r"\s+", "", value)


PRINT_HIDDEN = (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".fs-embed")


@pytest.mark.parametrize("colours", ["light", "dark"])
def test_a_printed_claim_page_shows_verdict_ruling_and_source_urls(
    page: Page, base_url: str, claims: list[dict[str, Any]], colours: str, tmp_path: Path
) -> None:
    claim = showcase_claim(claims)
    goto(page, urljoin(base_url, claim_path(claim["id"])))
    if colours == "dark":
        switch_to_dark(page)
    page.emulate_media(media="print")
    for selector in PRINT_HIDDEN:
        shown = page.locator(selector).evaluate_all(
            "els => els.filter(e => getComputedStyle(e).display !== 'none').length"
        )
        assert shown == 0, f"{selector} is printed"
    # dark text on white paper, whichever scheme the reader chose
    ink = page.locator(".md-typeset p").first.evaluate("e => getComputedStyle(e).color")
    assert ink in ("rgba(0, 0, 0, 0.87)", "rgb(0, 0, 0)"), ink

    pdf = tmp_path / "claim.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")
    printed = pdf_text(pdf)
    flat = _squeezed(printed)
    assert claim["verdict"]["label"] in printed
    assert _squeezed(claim["ruling"]) in flat
    urls = [u for s in claim["sources"] for u in (s["url"], s.get("archive_url")) if u]
    missing = [u for u in urls if _squeezed(u) not in flat]
    assert not missing, f"source URLs not written out on paper: {missing}"
    for absent in ("Embed this fact-check", "Suggest a claim", "Skip to content"):
        assert absent not in printed, absent


# --- 10. share cards ------------------------------------------------------------------------


READ_CARDS = """async paths => Promise.all(paths.map(async path => {
    const html = await (await fetch(path)).text();
    const doc = new DOMParser().parseFromString(html, "text/html");
    const meta = p => doc.querySelector(`meta[property="${p}"]`)?.getAttribute("content");
    return {path, image: meta("og:image"), url: meta("og:url"), alt: meta("og:image:alt"),
            width: meta("og:image:width"), height: meta("og:image:height"),
            twitter: doc.querySelector('meta[name="twitter:card"]')?.getAttribute("content")};
}))"""
OPEN_IMAGES = """async srcs => Promise.all(srcs.map(src => new Promise(done => {
    const img = new Image();
    img.onload = () => done({src, width: img.naturalWidth, height: img.naturalHeight});
    img.onerror = () => done({src, width: 0, height: 0});
    img.src = src;
})))"""


def test_every_claims_card_resolves_and_opens_as_a_1200_by_630_png(
    page: Page, base_url: str, claims: list[dict[str, Any]], built_site: Path
) -> None:
    goto(page, base_url)
    paths = [urljoin(base_url, claim_path(c["id"])) for c in claims]
    metas = page.evaluate(READ_CARDS, paths)
    local = []
    for meta, claim in zip(metas, claims, strict=True):
        assert meta["image"] and meta["url"], meta
        # og:image is absolute on the public site: the same path under the served copy
        site_root = meta["url"].removesuffix(claim_path(claim["id"]))
        rel = meta["image"].removeprefix(site_root)
        assert rel == f"cards/{claim['id']}.png", meta
        assert (built_site / rel).is_file(), rel
        assert (meta["width"], meta["height"], meta["twitter"]) == (
            "1200",
            "630",
            "summary_large_image",
        )
        assert meta["alt"] and claim["verdict"]["label"] in meta["alt"], meta
        local.append(urljoin(base_url, rel))
    opened = page.evaluate(OPEN_IMAGES, local)
    wrong = [o for o in opened if (o["width"], o["height"]) != (1200, 630)]
    assert not wrong, f"cards that do not open as 1200×630 images: {wrong}"

    # one card on its own, as a platform fetches it: a PNG, kept as a screenshot
    claim = showcase_claim(claims)
    card = urljoin(base_url, f"cards/{claim['id']}.png")
    page.set_viewport_size({"width": 1200, "height": 630})
    response = page.goto(card)
    assert response is not None and response.ok
    assert response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"card-{claim['id']}.png"))


# --- 11. the embed page ---------------------------------------------------------------------


@pytest.mark.parametrize("width", [320, embed.WIDTH])
def test_embed_page_is_accessible_self_contained_and_fits(
    browser: Browser, base_url: str, claims: list[dict[str, Any]], width: int
) -> None:
    claim = max(claims, key=lambda c: (len(c["ruling"]), c["id"]))  # the fullest brief
    url = urljoin(base_url, embed.embed_path(claim["id"]))
    # the frame as the snippet sizes it: 560 wide, or squeezed into a phone's column (with
    # "(estimated)" after a date taken from the article's estimated one)
    height = embed.embed_height(claim, estimated=claim["claim_date_estimated"])
    icon = urljoin(url, "../../assets/images/favicon.png")  # the site's favicon, no 404
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    try:
        goto(page, url)
        page.wait_for_load_state("networkidle")
        assert sorted(requests) == sorted([url, icon]), f"the embed page asked for {requests}"
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        fits = "e => e.scrollHeight <= e.clientHeight"
        assert page.locator("main").evaluate(fits)  # the page never scrolls as a whole
        if width == embed.WIDTH:  # at full width the brief is shown whole
            assert page.locator(".brief").evaluate(fits)
        box = page.get_by_role("link").bounding_box()  # the way to the full check, in view
        assert box and box["y"] + box["height"] <= height
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert not results.response["violations"], _axe_report(results.response["violations"])
        assert any(r["id"] == "color-contrast" for r in results.response["passes"])
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"embed-{claim['id']}-{width}.png"))
    finally:
        context.close()
