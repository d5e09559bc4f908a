"""publish/search.py: Pagefind over built HTML, in parts, and what it finds in other scripts.

The browser tests index pages of their own (no site build) and query them with Pagefind's own
script in headless Chromium, as the search dialog does; the last one builds the repository's
claims cut into several parts and searches them through the dialog.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import copy_project, run_factsite, serve_folder
from factsite.publish import search, search_order
from factsite.publish.parts import part_of
from factsite.render.i18n import typed_forms

PAGE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
</head><body><nav>Navigation words: nowhere</nav><main data-pagefind-body><h1>{title}</h1>
<p>{text}</p><span data-pagefind-filter="verdict">{verdict}</span>{typed}
<span data-pagefind-filter="topic">{verdict} topic</span></main></body></html>"""
# An English page (every factsite page has the site's one language) quoting other scripts,
# as the repository's claims quote Ynet's Hebrew caption and Azerbaijani sources.
PAGES = {
    "az/index.html": (
        "en",
        "Aliyev on the embassy",
        "Prezident İlham Əliyev Azərbaycan Respublikasının səfirliyini açdı, Bakı şəhərində.",
    ),
    "he/index.html": ("en", "The Hebrew caption", "השגרירות נפתחה בתל אביב במרץ 2023."),
    "en/index.html": ("en", "An English page", "The embassy opened in Tel Aviv in March 2023."),
}


def _site(root: Path) -> Path:
    verdicts = ("True", "False", "Half")
    for (rel, (lang, title, text)), verdict in zip(PAGES.items(), verdicts, strict=True):
        # the words as typed without their letters, as the claim page's card gives them
        forms = " ".join(typed_forms(text))
        typed = f'<span data-pagefind-index-attrs="data-typed" data-typed="{forms}"></span>'
        page = PAGE.format(lang=lang, title=title, text=text, verdict=verdict, typed=typed)
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(page, "utf-8")
    (root / "index.html").write_text("<!doctype html><html lang='en'><body></body></html>")
    return root


def test_index_site_writes_the_bundle(tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    assert search.index_site(site) is None
    entry = json.loads((site / search.BUNDLE / search.ENTRY).read_text("utf-8"))
    assert list(entry["languages"]) == ["en"]  # one index: every page has the site's language
    assert entry["languages"]["en"]["page_count"] == len(PAGES)  # only data-pagefind-body
    assert len(list((site / search.BUNDLE / "filter").glob("*.pf_filter"))) == 2
    # one part: the layout of a site without parts, and a list with nothing to merge
    parts = json.loads((site / search.BUNDLE / search.PARTS).read_text("utf-8"))
    assert parts == {"parts": 1, "merge": [], "main_weight": search.MAIN_WEIGHT}
    assert not list((site / search.BUNDLE).glob("part-*"))


# --- the parts ---------------------------------------------------------------------------


def test_claim_of_names_the_claim_pages_only() -> None:
    assert search.claim_of("claims/embassy-tel-aviv/index.html") == "embassy-tel-aviv"
    assert search.claim_of("claims/embassy-tel-aviv.html") == "embassy-tel-aviv"  # no dir URLs
    for page in ("claims/index.html", "claims/index-2/index.html", "claims/index-12.html"):
        assert search.claim_of(page) is None, page  # the listing of every check, page by page
    for page in ("index.html", "topics/energy/index.html", "claims/x/embed.html"):
        assert search.claim_of(page) is None, page


def _pages(claims: int) -> list[str]:
    others = ["index.html", "about/index.html", "claims/index.html", "claims/index-2/index.html"]
    return [*others, *(f"claims/claim-{i}/index.html" for i in range(claims))]


def test_a_site_of_up_to_one_part_of_claims_has_one_bundle() -> None:
    plan = search.layout(_pages(15), 2000)
    assert plan == search.Layout(1, {"pagefind": sorted(_pages(15))})
    assert search.layout(_pages(2000), 2000).parts == 1
    assert search.layout(_pages(2001), 2000).parts == 2
    assert search.layout(_pages(10_000), 2000).parts == 5
    assert search.part_count(10_000) == 3 and search.part_count(0) == 1  # parts of 3,500


def test_the_claims_are_cut_by_their_ids_and_the_other_pages_stay_in_the_main_bundle() -> None:
    plan = search.layout(_pages(100), 30)
    assert plan.parts == 4
    assert next(iter(plan.bundles)) == "pagefind"  # main first: it holds Pagefind's script
    assert plan.bundles["pagefind"] == sorted(_pages(0))
    for bundle, pages in list(plan.bundles.items())[1:]:
        part = int(bundle.removeprefix("pagefind/part-"))
        assert pages and all(part_of(search.claim_of(p) or "", 4) == part for p in pages)
    assert sum(map(len, plan.bundles.values())) == len(_pages(100))
    # a new claim (as many parts) leaves every other claim in its bundle
    grown = search.layout([*_pages(100), "claims/a-new-one/index.html"], 30)
    where = {p: b for b, ps in grown.bundles.items() for p in ps}
    assert all(where[p] == b for b, ps in plan.bundles.items() for p in ps)


def test_the_part_size_can_be_lowered_for_tests(monkeypatch: pytest.MonkeyPatch) -> None:
    assert search.part_size() == search.PART_SIZE
    monkeypatch.setenv(search.PART_SIZE_ENV, "6")
    assert search.part_size() == 6
    for bad in ("0", "-3", "six", ""):
        monkeypatch.setenv(search.PART_SIZE_ENV, bad)
        assert search.part_size() == search.PART_SIZE, bad


def _claim_site(root: Path, claims: int) -> Path:
    """A site of `claims` claim pages (each its own word and a verdict filter) and a home."""
    words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"]
    for i in range(claims):
        page = PAGE.format(
            lang="en",
            title=f"Claim {i}",
            text=f"{words[i % len(words)]}word{i} shared",
            typed="",
            verdict=("True", "False")[i % 2],
        )
        (root / f"claims/claim-{i}/index.html").parent.mkdir(parents=True, exist_ok=True)
        (root / f"claims/claim-{i}/index.html").write_text(page, "utf-8")
    home = PAGE.format(lang="en", title="Home", text="shared home", typed="", verdict="None")
    (root / "index.html").write_text(home, "utf-8")
    return root


def _bundle_files(site: Path) -> dict[str, bytes]:
    bundle = site / search.BUNDLE
    return {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }


def test_each_part_is_its_own_bundle_and_the_list_names_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(search.PART_SIZE_ENV, "4")
    site = _claim_site(tmp_path / "site", 12)
    assert search.index_site(site) is None
    listing = json.loads((site / search.BUNDLE / search.PARTS).read_text("utf-8"))
    plan = search.layout(search.site_pages(site), 4)
    merge = [f"{b[len('pagefind/') :]}/" for b in plan.bundles][1:]
    assert listing == {"parts": 3, "merge": merge, "main_weight": search.MAIN_WEIGHT}
    counts = {}
    for bundle, pages in plan.bundles.items():
        entry = json.loads((site / bundle / search.ENTRY).read_text("utf-8"))
        counts[bundle] = entry["languages"]["en"]["page_count"]
        assert counts[bundle] == len(pages)
    assert counts["pagefind"] == 1 and sum(counts.values()) == 13


def test_a_changed_page_indexes_its_part_again_and_keeps_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a change the parts whose pages are as they were are the previous site's files
    (hard links: the same inodes), the part of the changed page is made again, and the whole
    bundle equals the one an index from nothing makes."""
    monkeypatch.setenv(search.PART_SIZE_ENV, "4")
    old = _claim_site(tmp_path / "old", 12)
    assert search.index_site(old) is None
    files = [p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()]
    new = tmp_path / "new"
    shutil.copytree(old, new, ignore=shutil.ignore_patterns(search.BUNDLE))
    changed = "claims/claim-5/index.html"
    (new / changed).write_text((new / changed).read_text("utf-8").replace("shared", "edited"))
    assert search.index_site(new, previous=search.Previous(old, files)) is None
    mine = f"pagefind/part-{part_of('claim-5', 3)}/"
    for path in (new / search.BUNDLE).rglob("*"):
        rel = path.relative_to(new).as_posix()
        if path.is_file() and rel not in (f"pagefind/{search.PARTS}", f"pagefind/{search.KEYS}"):
            kept = (old / rel).exists() and (old / rel).stat().st_ino == path.stat().st_ino
            assert kept == (not rel.startswith(mine)), rel
    clean = tmp_path / "clean"
    shutil.copytree(new, clean, ignore=shutil.ignore_patterns(search.BUNDLE))
    assert search.index_site(clean) is None
    assert _bundle_files(new) == _bundle_files(clean)


def test_a_bundle_older_than_its_pages_is_made_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A preview changes pages and keeps its first search index (commands/serve.py): the
    build after it finds the bundles whose pages are not those they were made from, though
    the pages are as the previous site has them, and makes those again."""
    monkeypatch.setenv(search.PART_SIZE_ENV, "4")
    old = _claim_site(tmp_path / "old", 12)
    assert search.index_site(old) is None
    page = old / "claims/claim-7/index.html"
    page.write_text(page.read_text("utf-8").replace("shared", "previewed"), "utf-8")
    files = [p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()]
    new = tmp_path / "new"
    shutil.copytree(old, new, ignore=shutil.ignore_patterns(search.BUNDLE))
    assert search.index_site(new, previous=search.Previous(old, files)) is None
    clean = tmp_path / "clean"
    shutil.copytree(new, clean, ignore=shutil.ignore_patterns(search.BUNDLE))
    assert search.index_site(clean) is None
    assert _bundle_files(new) == _bundle_files(clean)
    mine = f"pagefind/part-{part_of('claim-7', 3)}/{search.ENTRY}"
    assert (new / mine).stat().st_ino != (old / mine).stat().st_ino


def test_another_number_of_parts_indexes_every_part_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every claim moves to another part; the main bundle, whose pages are the same, is kept."""
    monkeypatch.setenv(search.PART_SIZE_ENV, "4")
    old = _claim_site(tmp_path / "old", 12)
    assert search.index_site(old) is None
    files = [p.relative_to(old).as_posix() for p in old.rglob("*") if p.is_file()]
    new = _claim_site(tmp_path / "new", 13)  # a 13th claim: 4 parts
    assert search.index_site(new, previous=search.Previous(old, files)) is None
    inodes = {p.stat().st_ino for p in (old / search.BUNDLE).rglob("*") if p.is_file()}
    parts = {p.stat().st_ino for p in (new / search.BUNDLE).glob("part-*/**/*") if p.is_file()}
    assert parts and not inodes & parts
    entry = search.BUNDLE + "/" + search.ENTRY
    assert (new / entry).stat().st_ino == (old / entry).stat().st_ino
    assert json.loads((new / search.BUNDLE / search.PARTS).read_text("utf-8"))["parts"] == 4


def test_the_same_site_gives_the_same_index(tmp_path: Path) -> None:
    """Pagefind alone writes filter values in a random order (search_order.py puts them in
    order): then a sharded build could not equal a plain one, nor a rebuild the last build."""
    sites = [_site(tmp_path / name) for name in ("one", "two", "three")]
    bundles = []
    for site in sites:
        assert search.index_site(site) is None
        bundle = site / search.BUNDLE
        bundles.append({p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*.pf_*")})
    assert bundles[0] == bundles[1] == bundles[2]
    assert any(p.parts[0] == "filter" for p in bundles[0])


def test_search_order_reads_back_what_pagefind_wrote() -> None:
    value = ["1.5.2", [["en_c5b7fac", 2083], ["en_84daad2", 37]], [], ["claimant", "date"]]
    assert search_order.decode(search_order.encode(value)) == value
    with pytest.raises(ValueError):
        search_order.decode(b"\xa1\x01\x02")  # a CBOR map: not something Pagefind writes here


def test_index_site_reports_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    problem = search.index_site(tmp_path / "empty")
    assert problem is not None and problem.startswith("search: pagefind failed:")
    assert not (tmp_path / "empty" / search.BUNDLE / search.ENTRY).exists()


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = _site(tmp_path_factory.mktemp("search") / "site")
    assert search.index_site(site) is None
    with serve_folder(site) as url:
        yield url


FIND = """async words => {
    const pagefind = await import("/pagefind/pagefind.js");
    const found = {};
    for (const word of words) {
        const result = await pagefind.search(word);
        found[word] = await Promise.all(result.results.map(async r => (await r.data()).url));
    }
    return found;
}"""


@pytest.mark.browser
def test_hebrew_and_azerbaijani_words_are_found(indexed: str) -> None:
    """Words as written, in any case (Ə/ə, İ/i, ı), and as typed without their letters
    ("azerbaycan", "baki", "eliyev": issue 28): Pagefind 1.5.2 folds none of them (ə and ı
    are letters of their own), so the page gives the index those forms in an attribute
    (render/i18n.typed_forms). Not found: a Hebrew word without its prefix ("שגרירות" for
    "השגרירות"): Hebrew has no stemming."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    words = ["Əliyev", "əliyev", "ƏLİYEV", "Azərbaycan", "səfirliyini", "Bakı", "השגרירות"]
    words += ["azerbaycan", "baki", "eliyev", "seherinde"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page()
            page.goto(indexed + "en/")
            found = page.evaluate(FIND, [*words, "nowhere", "opened"])
        finally:
            browser.close()
    for word in words:
        want = "/he/" if word == "השגרירות" else "/az/"
        assert found[word] == [want], (word, found[word])
    assert found["nowhere"] == []  # <nav> is not indexed, only data-pagefind-body
    assert found["opened"] == ["/en/"]


# --- a built site in several parts, in the browser -----------------------------------------

PREFIX = "factsite"  # the repository's site_url path, as GitHub Pages serves it


@pytest.fixture(scope="module")
def parted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The repository's claims built with 6 claims a part (21 claims: 4 parts), and the same
    site indexed as one bundle, served side by side: (base URL, the parted site)."""
    base = tmp_path_factory.mktemp("parted")
    root = copy_project(base / "project")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(search.PART_SIZE_ENV, "6")
        built = run_factsite(root, "build")
        assert built.returncode == 0, built.stdout + built.stderr
    site = root / "site"
    served = base / "served"
    (served / PREFIX).mkdir(parents=True)
    (served / PREFIX / "parted").symlink_to(site, target_is_directory=True)
    whole = served / PREFIX / "whole"
    shutil.copytree(site, whole, ignore=shutil.ignore_patterns(search.BUNDLE))
    assert search.index_site(whole) is None  # the default size: one bundle
    with serve_folder(served) as url:
        yield f"{url}{PREFIX}/", site


class _Body(HTMLParser):
    """The text of a page's data-pagefind-body element but its data-pagefind-ignore parts:
    the words Pagefind indexes of the page."""

    VOID = frozenset({"br", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []  # the elements open inside the body: "body", "ignore" or ""
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag in self.VOID or not (self.open or "data-pagefind-body" in names):
            return
        self.open.append("ignore" if "data-pagefind-ignore" in names else "")

    def handle_endtag(self, tag: str) -> None:
        if self.open and tag not in self.VOID:
            self.open.pop()

    def handle_data(self, data: str) -> None:
        if self.open and "ignore" not in self.open:
            self.text.append(data)


def _indexed_text(html: str) -> str:
    body = _Body()
    body.feed(html)
    return " ".join(body.text)


def _claims(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "data" / "claims.json").read_text("utf-8"))["claims"]


# Pagefind's own script over one site: each word's result URLs, every filter's counts, and
# the pages of each verdict, with the parts merged as the search dialog merges them.
EVERYTHING = """async ([bundle, root, words, verdicts]) => {
    const pagefind = await import(bundle + "pagefind.js");
    await pagefind.options({ baseUrl: root, noWorker: true });
    await pagefind.init();
    const listed = await (await fetch(bundle + "factsite-parts.json")).json();
    for (const part of listed.merge) await pagefind.mergeIndex(bundle + part, { baseUrl: root });
    const urls = async (found) =>
        (await Promise.all(found.results.map(async (r) => (await r.data()).url))).sort();
    const filters = await pagefind.filters();
    const out = { parts: listed.merge.length, words: {}, verdicts: {}, filters };
    for (const word of words) out.words[word] = await urls(await pagefind.search(word));
    for (const v of verdicts) {
        out.verdicts[v] = await urls(await pagefind.search(null, { filters: { verdict: v } }));
    }
    return out;
}"""


@pytest.mark.browser
def test_a_site_in_parts_finds_what_one_index_finds(parted: tuple[str, Path]) -> None:
    """The four parts merged find every page one bundle finds, for every word of the claims'
    rulings (the order may differ: Pagefind scores each part by its own statistics), and give
    the same filters and the same pages for each verdict. What they find more is Pagefind's
    fallback in a part without the word (search.py's docstring): pages that hold a shorter
    word the searched one starts with, never the word itself."""
    from playwright.sync_api import sync_playwright

    url, site = parted
    claims = _claims(site)
    words = sorted({w.lower() for c in claims for w in re.findall(r"[A-Za-z]{5,}", c["ruling"])})
    verdicts = sorted({c["verdict"]["label"] for c in claims})
    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    found = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page()
            page.goto(url + "parted/")
            for name in ("parted", "whole"):
                args = [f"/{PREFIX}/{name}/pagefind/", f"/{PREFIX}/{name}/", words, verdicts]
                found[name] = json.loads(
                    json.dumps(page.evaluate(EVERYTHING, args)).replace(f"/{name}/", "/")
                )
        finally:
            browser.close()
    parted, whole = found["parted"], found["whole"]
    assert parted["parts"] == 4 and whole["parts"] == 0
    assert parted["filters"] == whole["filters"] and parted["filters"]["verdict"]
    assert parted["verdicts"] == whole["verdicts"]
    assert sum(map(len, whole["verdicts"].values())) == len(claims)
    same = 0
    for word in words:
        assert whole["words"][word], word  # every word is found somewhere
        assert set(whole["words"][word]) <= set(parted["words"][word]), word
        for extra in set(parted["words"][word]) - set(whole["words"][word]):
            html = (site / extra.removeprefix(f"/{PREFIX}/") / "index.html").read_text("utf-8")
            assert not re.search(rf"\b{word}", _indexed_text(html).lower()), (word, extra)
        same += parted["words"][word] == whole["words"][word]
    assert same, "no word gave the same pages"


@pytest.mark.browser
def test_the_dialog_finds_a_claim_of_every_part(parted: tuple[str, Path]) -> None:
    """The reader's search dialog (theme/assets/factsite-search.js) merges the parts: a word
    of one claim only finds that claim, whichever part holds it, and a verdict chosen alone
    lists that verdict's claims of every part."""
    from playwright.sync_api import expect, sync_playwright

    url, site = parted
    claims = _claims(site)
    texts = {
        c["id"]: " ".join((c["claim"], c["quote"], c["ruling"], c["analysis"])).lower()
        for c in claims
    }
    plan = search.layout(search.site_pages(site), 6)
    assert plan.parts == 4 and len(plan.bundles) == 5
    chosen = {}  # a part's bundle → (a word, the claim only it finds)
    for bundle, pages in list(plan.bundles.items())[1:]:
        for page in pages:
            cid = search.claim_of(page) or ""
            for word in sorted(set(re.findall(r"[a-z]{7,}", texts[cid]))):
                if not any(
                    re.search(rf"\b{word}", t) for other, t in texts.items() if other != cid
                ):
                    chosen[bundle] = (word, cid)
                    break
            if bundle in chosen:
                break
    assert len(chosen) == 4, chosen
    label = claims[0]["verdict"]["label"]
    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page()
            page.goto(url + "parted/about/")
            page.locator("#fs-search-open").click()
            for word, cid in chosen.values():
                page.locator("#fs-search-q").fill(word)
                link = page.locator(f".fs-search__result a[href$='/parted/claims/{cid}/']")
                expect(link).to_have_count(1)
            page.locator("#fs-search-q").fill("")
            page.locator(".fs-search__filters summary").click()
            page.locator("select[data-filter='verdict']").select_option(label)
            n = sum(c["verdict"]["label"] == label for c in claims)
            expect(page.locator("#fs-search-status")).to_have_text(
                f"{n} results" if n > 1 else "1 result"
            )
        finally:
            browser.close()


def _pagefind(site: Path, out: Path) -> dict[Path, bytes]:
    """Pagefind's own command over every page of `site`: the bundle's files, put in order."""
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out)],
        check=True,
        capture_output=True,
    )
    assert search_order.fix_order(out) is None
    return {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_the_pages_reduced_give_the_bundle_the_whole_pages_give(
    built_site: Path, tmp_path: Path
) -> None:
    """Pagefind may be given each page less Material's chrome (search.reduced), which it does
    not index: the bundle must be the one Pagefind makes of the whole pages, byte for byte."""
    pages = search.site_pages(built_site)
    whole, less = tmp_path / "whole", tmp_path / "reduced"
    for page in pages:
        html = (built_site / page).read_bytes()
        reduced = search.reduced(html)
        assert reduced is not None and len(reduced) < len(html) * 0.8  # the theme's shape
        for folder, text in ((whole, html), (less, reduced)):
            (folder / page).parent.mkdir(parents=True, exist_ok=True)
            (folder / page).write_bytes(text)
    made = _pagefind(whole, tmp_path / "out-whole")
    assert len(made) > 20
    assert _pagefind(less, tmp_path / "out-reduced") == made


def test_a_bundle_staged_in_memory_or_on_disk_is_the_same_and_nothing_is_left(
    built_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """index_bundle stages the pages reduced in memory (search.RAM) where it can, as hard links
    on the disk otherwise: the same pages and fragments (Pagefind numbers the pages in the
    order a folder lists them, which differs between a tmpfs and ext4: search.py). A folder in
    memory that a killed run left (nobody holds its lock) is removed; one another run holds
    is not."""
    import fcntl

    pages = search.site_pages(built_site)
    ram = tmp_path / "ram"
    left, busy = ram / f"{search.RAM_PREFIX}left", ram / f"{search.RAM_PREFIX}busy"
    (left / "claims").mkdir(parents=True)
    busy.mkdir()
    held = os.open(busy, os.O_RDONLY)
    fcntl.flock(held, fcntl.LOCK_EX)
    staged: list[tuple[Path, bool]] = []
    real = search._stage

    def spy(site_dir: Path, pages: list[str], stage: Path, *, reduce: bool) -> None:
        staged.append((stage, reduce))
        real(site_dir, pages, stage, reduce=reduce)

    monkeypatch.setattr(search, "_stage", spy)
    try:
        monkeypatch.setattr(search, "RAM", ram)
        assert search.index_bundle(built_site, pages, tmp_path / "in-memory") is None
        assert sorted(p.name for p in ram.iterdir()) == [busy.name]  # its own is gone too
        monkeypatch.setattr(search, "RAM", tmp_path / "no-tmpfs")
        assert search.index_bundle(built_site, pages, tmp_path / "on-disk") is None
        monkeypatch.setattr(search, "RAM", ram)

        def fails(path: Any) -> Any:
            raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "statvfs", fails)  # a tmpfs that cannot say its room
        assert search.index_bundle(built_site, pages, tmp_path / "fallen-back") is None
    finally:
        os.close(held)
    disk = (built_site.parent, False)
    assert [(s.parent, r) for s, r in staged] == [(ram, True), disk, disk]
    assert not any(s.exists() for s, _ in staged)
    outs = (tmp_path / "in-memory", tmp_path / "on-disk", tmp_path / "fallen-back")
    fragments = [sorted(p.name for p in (out / "fragment").iterdir()) for out in outs]
    assert fragments[0] == fragments[1] == fragments[2] and len(fragments[0]) == len(pages)
    counts = [json.loads((out / search.ENTRY).read_text("utf-8"))["languages"] for out in outs]
    assert counts[0]["en"]["page_count"] == counts[1]["en"]["page_count"] == len(pages)


def test_a_page_of_another_shape_is_given_whole() -> None:
    page = b"<html><head></head><body><main data-pagefind-body>x</main></body></html>"
    assert search.reduced(page) is None
    twice = b"<html><body><div data-pagefind-body>a</div><div data-pagefind-body>b</article>"
    assert search.reduced(twice) is None
    theme = b'<html lang="en"><head><title>t</title></head><body class="x"><nav>n</nav>'
    theme += b"<article><div data-pagefind-body><h1>t</h1></div></article><footer>f</footer>"
    assert search.reduced(theme) == (
        b'<html lang="en"><head><title>t</title></head><body class="x">'
        b"<div data-pagefind-body><h1>t</h1></div></article></body></html>"
    )
