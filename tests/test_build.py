"""`factsite build` (commands/build.py, publish/build.py): a real `mkdocs build --strict` of the
repository's content, checked in the output (slow); and, with a stand-in engine, the swap of a
fresh build into site/ (fast)."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, copy_project, render_root, run_factsite
from factsite.check.project import check_project
from factsite.cli import main
from factsite.publish import build as publish_build
from factsite.publish import search
from factsite.publish.build import build_site
from factsite.publish.engine import build_argv
from factsite.publish.swap import Journal, Remover, recover, swap


@pytest.mark.slow
def test_every_claim_has_a_page_with_one_claimreview(built_site: Path) -> None:
    """And a MediaReview beside it on a check of a photo or a video."""
    project = check_project(REPO)
    for claim in project.claims:
        html = (built_site / "claims" / claim["id"] / "index.html").read_text()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        reviews = [json.loads(b) for b in blocks]
        types = ["ClaimReview"] + ["MediaReview"] * bool(claim.get("media"))
        assert [r["@type"] for r in reviews] == types, claim["id"]
        assert reviews[0]["claimReviewed"] == claim["claim"]
        if claim.get("media"):
            media = reviews[1]
            assert media["originalMediaContextDescription"] == claim["media"]["original_context"]


@pytest.mark.slow
def test_site_has_the_expected_pages(built_site: Path) -> None:
    for page in (
        "index.html",
        "methodology/index.html",
        "corrections/index.html",
        "about/index.html",
        "suggest/index.html",
        "data/index.html",
        "articles/ynet-2026-01-azerbaijan-gaza/index.html",
        "claims/index.html",
        "verdicts/index.html",
        "topics/index.html",
        "claimants/index.html",
        "feeds/atom.xml",
        "feeds/feed.json",
        "data/claims.json",
        "data/claims.csv",
        "data/claimreview.json",
        "data/claim.schema.json",
        "pagefind/pagefind-entry.json",  # the search index (publish/search.py)
    ):
        assert (built_site / page).is_file(), page


@pytest.mark.slow
def test_claim_pages_are_not_in_the_navigation(built_site: Path) -> None:
    """Every page carries the whole nav: a claim in it would grow every page with the site."""
    about = (built_site / "about" / "index.html").read_text()
    assert "../methodology/" in about  # the nav is there
    assert "claims/embassy-tel-aviv-march-2023" not in about


@pytest.mark.slow
def test_no_request_to_another_origin_in_the_html(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        for attr in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert not re.search(r"\.(css|js|woff2?|png|svg|jpg)(\?|$)", attr), (page, attr)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
        # Material's repository widget: its script asks api.github.com for stars and releases
        assert 'data-md-component="source"' not in html, page


@pytest.mark.slow
def test_failed_build_keeps_previous_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    first = run_factsite(root, "build")
    assert first.returncode == 0
    size, files = publish_build.site_size(root / "site")
    assert f"build: the site is {size / 1e6:,.1f} MB in {files:,} files\n" in first.stderr
    before = (root / "site" / "index.html").read_bytes()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - About us: about.md", "  - About us: missing-page.md")
    )
    result = run_factsite(root, "build")
    assert result.returncode == 1
    assert "previous site/ is unchanged" in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert not list(root.glob(".site-build-*"))


def _local(site_url: str, url: str, built_site: Path) -> Path:
    assert url.startswith(site_url), url
    return built_site / url.removeprefix(site_url)


def test_every_claim_page_shares_its_card_and_its_oembed_document(built_site: Path) -> None:
    from conftest import site_of

    site_url = site_of(REPO).url
    for claim in check_project(REPO).claims:
        html = (built_site / "claims" / claim["id"] / "index.html").read_text()
        metas = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
        card = _local(site_url, metas["og:image"], built_site)
        assert card.read_bytes().startswith(b"\x89PNG"), card
        assert (metas["og:image:width"], metas["og:image:height"]) == ("1200", "630")
        assert metas["og:image:alt"] and metas["twitter:card"] == "summary_large_image"
        [link] = re.findall(
            r'<link rel="alternate oembed" type="application/json\+oembed" '
            r'href="([^"]+)"',
            html,
        )
        oembed = json.loads(_local(site_url, link, built_site).read_text())
        assert oembed["type"] == "rich" and oembed["version"] == "1.0"
        embed = _local(site_url, oembed["html"].split('src="')[1].split('"')[0], built_site)
        page = embed.read_text()
        assert "<script" not in page
        assert html_lib.escape(claim["ruling"]) in page


@pytest.mark.slow
def test_every_page_shares_an_image_and_its_language(built_site: Path) -> None:
    """Open Graph and Twitter tags with an image on every page of the site, not only the
    checks': the home page, listings, hand-written pages, the annotated article, the 404. A
    check shows its own card; every other page the site's."""
    from conftest import site_of

    site = site_of(REPO)
    skipped = ("embed.html",)  # the embeds: noindex, for iframes, not for sharing
    pages = [
        p
        for p in sorted(built_site.rglob("*.html"))
        if p.name not in skipped
        and p.parent.name != "embed"
        and "pagefind" not in p.parts
        and 'http-equiv="refresh"' not in p.read_text()  # a renamed check's old address
    ]
    assert len(pages) > 40
    kinds = set()
    for page in pages:
        html = page.read_text()
        metas = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
        where = page.relative_to(built_site).as_posix()
        assert metas["og:locale"] == site.language, where
        # X reads og:title and og:description where twitter:title and :description are
        # missing: each is said once
        assert metas["og:title"] and "twitter:title" not in metas, where
        assert "twitter:description" not in metas, where
        assert metas["twitter:card"] == "summary_large_image", where
        image = html_lib.unescape(metas["og:image"])
        assert metas["twitter:image"] == metas["og:image"], where
        assert _local(site.url, image, built_site).read_bytes().startswith(b"\x89PNG"), where
        assert metas["og:image:alt"], where
        kinds.add(image.rsplit("/", 1)[-1] == "_site.png")
        if where.startswith("claims/") and where.count("/") == 2 and where != "claims/index.html":
            assert image == site.url + f"cards/{page.parent.name}.png"
    assert kinds == {True, False}  # the site's card and the checks' own
    home = (built_site / "index.html").read_text()
    assert '<meta property="og:url" content="' + site.url + '">' in home


@pytest.mark.slow
def test_robots_txt_names_the_sitemap(built_site: Path) -> None:
    from conftest import site_of

    robots = (built_site / "robots.txt").read_text().splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {site_of(REPO).url}sitemap.xml" in robots
    assert (built_site / "sitemap.xml").is_file()


# ---------------------------------------------------------------------------------------------
# A stand-in engine: what build_site does around it, without a real build


def _engine(monkeypatch: pytest.MonkeyPatch, returncode: int) -> list[tuple[list[str], Path]]:
    """Replace the engine's process and its build in this one; each writes index.html into
    the folder being built. Returns the calls."""
    calls: list[tuple[list[str], Path]] = []

    def engine(argv: list[str], root: Path, building: Path, site: str) -> tuple[bool, Any]:
        calls.append((argv, root))
        out = Path(argv[argv.index("--site-dir") + 1])
        (out / "index.html").write_text(f"build {len(calls)}", encoding="utf-8")
        return returncode == 0, None

    monkeypatch.setattr(publish_build, "_engine", engine)

    def in_process(root: Path, building: Path, site: str, *rest: Any) -> tuple[bool, Any]:
        # the engine driven in this process (publish/pages.py), as its command line above
        return engine(["--site-dir", str(building)], root, building, site)

    monkeypatch.setattr(publish_build, "in_process", in_process)

    def index(site_dir: Path, **_: Any) -> None:  # Pagefind's bundle, a stand-in
        (site_dir / search.BUNDLE).mkdir()
        (site_dir / search.BUNDLE / search.ENTRY).write_text("{}", encoding="utf-8")

    monkeypatch.setattr(search, "index_site", index)
    return calls


def _leftovers(root: Path) -> list[Path]:
    return sorted(root.glob(".site-*"))


def test_a_build_is_swapped_into_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    (root / "site").mkdir()
    (root / "site" / "stale.html").write_text("old")
    calls = _engine(monkeypatch, 0)
    assert bool(build_site(root, Path("site"), jobs=4)) is True  # no config given: never sharded
    ((argv, cwd),) = calls
    tmp = Path(argv[argv.index("--site-dir") + 1])
    assert argv == build_argv(root.resolve() / "mkdocs.yml", tmp)  # absolute paths only
    assert cwd == root.resolve() and tmp.parent == root.resolve()
    # a clean build, and its search index (the stand-in of publish/search.py)
    assert sorted(p.name for p in (root / "site").iterdir()) == ["index.html", search.BUNDLE]
    assert _leftovers(root) == []


def test_a_failed_build_leaves_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_project(tmp_path / "project")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("old")
    _engine(monkeypatch, 1)
    assert bool(build_site(root, Path("site"))) is False
    assert (root / "site" / "index.html").read_text() == "old"
    assert _leftovers(root) == []


def test_a_site_dir_elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    out = tmp_path / "elsewhere" / "public"
    _engine(monkeypatch, 0)
    assert bool(build_site(root, out)) is True
    assert (out / "index.html").read_text() == "build 1"
    assert not (root / "site").exists() and list(out.parent.glob(".site-*")) == []


def test_build_command_says_the_previous_site_is_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    _engine(monkeypatch, 0)
    assert main(["--root", str(root), "build"]) == 0
    _engine(monkeypatch, 1)
    assert main(["--root", str(root), "build"]) == 1
    err = capsys.readouterr().err
    assert err.endswith("build: failed (see above); the previous site/ is unchanged\n")
    assert (root / "site" / "index.html").read_text() == "build 1"
    report, problems = render_root(root)  # build rendered docs/ first, as render does
    assert problems == "" and report is not None and report.written == []


def test_a_failed_search_index_fails_the_build_and_keeps_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_project(tmp_path / "project")
    _engine(monkeypatch, 0)
    assert bool(build_site(root, Path("site"))) is True
    failed = "search: pagefind failed: boom"
    monkeypatch.setattr(search, "index_site", lambda site, **_: failed)
    assert bool(build_site(root, Path("site"))) is False
    assert "search: pagefind failed: boom" in capsys.readouterr().err
    assert (root / "site" / "index.html").read_text() == "build 1"
    assert _leftovers(root) == []


def test_the_site_size_is_told_and_a_host_limit_warned_of(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.html").write_bytes(b"x" * 1500)
    (tmp_path / "y.png").write_bytes(b"y" * 500)
    assert publish_build.site_size(tmp_path) == (2000, 2)
    assert publish_build.size_note(2_500_000, 1234) == "build: the site is 2.5 MB in 1,234 files"
    near = publish_build.size_note(850_000_000, 40_000)
    assert near.endswith("85% of GitHub Pages' limit of 1 GB; plan for a larger host")
    over = publish_build.size_note(1_200_000_000, 60_000)
    assert over.endswith("over GitHub Pages' limit of 1 GB, which refuses to deploy it")


def test_a_remover_takes_the_previous_site_away_after_the_swap(tmp_path: Path) -> None:
    site, new = tmp_path / "site", tmp_path / ".site-build-1-a"
    for folder, text in ((site, "old"), (new, "new")):
        (folder / "claims" / "x").mkdir(parents=True)
        (folder / "claims" / "x" / "index.html").write_text(text)
    remover = Remover()
    swap(new, site, remover)
    assert (site / "claims" / "x" / "index.html").read_text() == "new"  # in place at once
    remover.wait()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # the old one gone


@pytest.mark.slow
def test_the_site_name_and_description_are_text_in_the_sharing_tags(tmp_path: Path) -> None:
    """mkdocs.yml's words reach the Open Graph tags of every page but a check's escaped."""
    from conftest import site_of

    root = copy_project(tmp_path / "project", claims=False)
    config = root / "mkdocs.yml"
    hostile = 'Checks "quoted" <script>alert(1)</script> & more'
    text = config.read_text("utf-8").replace(
        "site_description: Fact-checks of the news, claim by claim, with every source.",
        f"site_description: '{hostile}'",
    )
    config.write_text(text, "utf-8")
    assert hostile in config.read_text("utf-8")
    result = run_factsite(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    about = (root / "site" / "about" / "index.html").read_text("utf-8")
    # (Material's own <meta name="description"> prints mkdocs.yml's words as they are: the
    # site's owner writes them; the tags factsite adds escape them all the same)
    ours = [line for line in about.splitlines() if re.search(r'"(og|twitter):', line)]
    assert len(ours) > 10 and not [line for line in ours if "<script>" in line]
    metas = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', about))
    assert html_lib.unescape(metas["og:description"]) == hostile
    name = site_of(root).name
    assert html_lib.unescape(metas["og:image:alt"]) == f"{name}: {hostile}"
    assert html_lib.unescape(metas["twitter:image:alt"]) == f"{name}: {hostile}"


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_a_journal_left_by_a_killed_run_is_undone_by_the_next(tmp_path: Path) -> None:
    """Each step of swap.Journal noted before it is done: replaced, added and removed files
    and the folders made for them all come back as they were."""
    site = tmp_path / "site"
    (site / "claims" / "a").mkdir(parents=True)
    (site / "claims" / "a" / "index.html").write_text("old a")
    (site / "claims" / "b.html").write_text("old b")
    before = _files(site)
    new = tmp_path / ".site-build-1-x"
    (new / "claims" / "a").mkdir(parents=True)
    (new / "claims" / "a" / "index.html").write_text("new a")
    (new / "topics" / "t").mkdir(parents=True)
    (new / "topics" / "t" / "index.html").write_text("new t")
    journal = Journal(site)
    journal.put_all(new, ["claims/a/index.html", "topics/t/index.html"])
    journal.remove("claims/b.html")
    assert _files(site) == {"claims/a/index.html": b"new a", "topics/t/index.html": b"new t"}
    # the run is killed here: the journal is never closed
    done = recover(site, tmp_path)
    assert done.undone == "site"
    assert _files(site) == before
    assert not (site / "topics").exists()  # the folder it made is gone too
    assert _leftovers(tmp_path) == []  # the journal and the build folder, as a dead run's


def test_a_closed_journal_keeps_the_changes(tmp_path: Path) -> None:
    site, new = tmp_path / "site", tmp_path / "new"
    site.mkdir()
    new.mkdir()
    (site / "x.html").write_text("old")
    (new / "x.html").write_text("new")
    journal = Journal(site)
    journal.put(new / "x.html", "x.html")
    journal.close()
    assert recover(site, tmp_path).undone is None
    assert _files(site) == {"x.html": b"new"}
    assert _leftovers(tmp_path) == []


def test_a_failed_index_after_a_change_puts_every_page_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A build after a change moves its pages into site/ before it indexes the site they
    make; if the index fails, the pages moved go back: site/ is the previous site."""
    root = copy_project(tmp_path / "project")
    assert run_factsite(root, "build").returncode == 0
    before = _files(root / "site")
    claim = next((root / "claims").rglob("*.yaml"))
    claim.write_text(claim.read_text("utf-8").replace("ruling: >-\n  ", "ruling: >-\n  New. ", 1))
    real = search.index_site

    def index_site(site_dir: Path, **kwargs: Any) -> str:
        real(site_dir, **kwargs)  # the index is made, and then said to have failed
        return "search: pagefind failed: boom"

    monkeypatch.setattr(search, "index_site", index_site)
    assert main(["--root", str(root), "build"]) == 1
    assert "search: pagefind failed: boom" in capsys.readouterr().err
    assert _files(root / "site") == before
    assert _leftovers(root) == []
    monkeypatch.setattr(search, "index_site", real)
    assert main(["--root", str(root), "build"]) == 0
    assert _files(root / "site") != before
