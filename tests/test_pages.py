"""publish/pages.py: the engine's own page build, driven through its public API, makes the very
bytes the engine's whole build makes, in one process or several, kept between rebuilds or not.
That nothing in src/ patches the engine or uses a private name of it: tests/test_engine_api.py."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import copy_project, render_root
from factsite.check.project import check_project
from factsite.check.site_config import load_config
from factsite.load.files import OWNED_DIRS, Layout
from factsite.publish import incremental, pages
from factsite.publish.build import build_site
from factsite.publish.engine import ENGINES
from factsite.render.common import updated

EPOCH = "1795824000"  # one build day for the engine's build and ours (sitemap.xml, its .gz)
# One output of every kind a site has: the home page and the methodology (snippets), a claim,
# an article, a topic, a verdict, a claimant, a listing page, a hand-written page, the pages
# the theme renders for the whole site, and static files (a card, an embed, the theme's own)
KINDS = (
    r"index\.html",
    r"methodology/index\.html",
    r"about/index\.html",
    r"claims/[a-z0-9-]+/index\.html",
    r"claims/index\.html",
    r"articles/[a-z0-9-]+/index\.html",
    r"topics/[a-z0-9-]+/index\.html",
    r"verdicts/[a-z0-9-]+/index\.html",
    r"claimants/[a-z0-9-]+/index\.html",
    r"404\.html",
    r"sitemap\.xml",
    r"sitemap\.xml\.gz",
    r"cards/[a-z0-9-]+\.png",
    r"claims/[a-z0-9-]+/embed\.html",
    r"embed/[a-z0-9-]+\.html",
    r"assets/javascripts/bundle\.[0-9a-f]+\.min\.js",
)


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _engine_build(root: Path, engine: str, dest: Path) -> dict[str, bytes]:
    """The engine's own whole build, from its command line."""
    argv = [sys.executable, "-m", engine, "build", "--strict", "--clean", "--site-dir", str(dest)]
    done = subprocess.run(
        [*argv, "--config-file", str(root / "mkdocs.yml")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return _files(dest)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("pages") / "project")
    report, problems = render_root(root)
    assert report is not None, problems
    return root


@pytest.mark.slow
@pytest.mark.parametrize("engine", ENGINES)
def test_pages_of_every_kind_are_the_engines_own_bytes(
    rendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    expected = _engine_build(rendered, engine, tmp_path / "engine")
    sample = [next(p for p in sorted(expected) if re.fullmatch(k, p)) for k in KINDS]

    site = pages.Site(rendered, engine=engine)
    assert site.load_warnings == []
    assert site.build(tmp_path / "sample", sample) == []
    built = _files(tmp_path / "sample")
    for rel in sample:
        assert built[rel] == expected[rel], rel
    # every static file is there too (a build after a change copies those it lacks)
    assert {p for p in built if not p.endswith(".html")} >= {
        p for p in expected if not p.endswith((".html", ".xml", ".gz"))
    }

    # the whole site, its pages shared between two processes forked from this one
    monkeypatch.setattr(pages, "SHARE_MIN", 10)
    (tmp_path / "whole").mkdir()
    assert pages.build_all(site, tmp_path / "whole", 2, linked=OWNED_DIRS) == []
    whole = _files(tmp_path / "whole")
    assert sorted(whole) == sorted(expected)
    assert [p for p in expected if whole[p] != expected[p]] == []


@pytest.mark.slow
def test_a_site_kept_between_rebuilds_builds_what_a_fresh_build_makes(
    rendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config, _ = load_config(Layout(rendered))
    assert config is not None
    loaded = pages.Loaded()
    assert build_site(rendered, Path("site"), config=config.raw, loaded=loaded, search=False)
    kept = loaded.current
    assert kept is not None
    claim = sorted((rendered / "docs" / "claims").glob("[!i]*.md"))[3]
    original = claim.read_text("utf-8")
    try:
        claim.write_text(original + "\nA line added (edited).\n", "utf-8")
        assert build_site(rendered, Path("site"), config=config.raw, loaded=loaded, search=False)
        assert loaded.current is kept  # the same files under docs/: not loaded again
        ours = {k: v for k, v in _files(rendered / "site").items() if not k.startswith("pagefind")}
        assert b"(edited)" in ours[f"claims/{claim.stem}/index.html"]
        expected = _engine_build(rendered, "mkdocs", tmp_path / "engine")
    finally:
        claim.write_text(original, "utf-8")
    assert sorted(ours) == sorted(expected)
    assert [p for p in expected if ours[p] != expected[p]] == []


def _lastmods(sitemap: bytes) -> dict[str, str | None]:
    """{page address: its lastmod, or None} of a sitemap.xml."""
    ns = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    root = ET.fromstring(sitemap)  # noqa: S314 - the engine's own output, not a download
    return {u.findtext(f"{ns}loc") or "": u.findtext(f"{ns}lastmod") for u in root}


@pytest.mark.slow
def test_the_sitemap_dates_each_check_by_its_own_dates_on_every_build_path(
    rendered: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """lastmod is a check's `updated` (else `published`), never the build day; other pages
    give none. A kept site (serve, a build after a change) follows a new date as the engine's
    whole build does."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    config, _ = load_config(Layout(rendered))
    assert config is not None
    project = check_project(rendered)
    loaded = pages.Loaded()
    assert build_site(rendered, Path("site-s"), config=config.raw, loaded=loaded, search=False)
    kept = loaded.current
    dates = _lastmods((rendered / "site-s" / "sitemap.xml").read_bytes())
    checks = {config.site.page_url(f"claims/{c['id']}/"): updated(c) for c in project.claims}
    assert {u: d for u, d in dates.items() if d} == checks
    assert len(dates) > len(checks)  # the other pages are listed, without a date
    assert set(checks.values()) != {time.strftime("%Y-%m-%d", time.gmtime(int(EPOCH)))}

    claim = next(c for c in project.claims if updated(c) != "2026-12-07")
    source = rendered / project.claim_paths[claim["id"]]
    original = source.read_text("utf-8")
    try:  # a correction: the claim file's `updated` moves, and render writes the new dates
        source.write_text(re.sub(r"(?m)^updated: .*$", 'updated: "2026-12-07"', original), "utf-8")
        if "updated:" not in original:
            source.write_text(original + 'updated: "2026-12-07"\n', "utf-8")
        report, problems = render_root(rendered)
        assert report is not None, problems
        assert build_site(rendered, Path("site-s"), config=config.raw, loaded=loaded, search=False)
        assert loaded.current is not kept  # the dates changed: loaded again
        ours = (rendered / "site-s" / "sitemap.xml").read_bytes()
        expected = _engine_build(rendered, "mkdocs", tmp_path / "engine")["sitemap.xml"]
    finally:
        source.write_text(original, "utf-8")
        render_root(rendered)
    assert ours == expected
    assert _lastmods(ours)[config.site.page_url(f"claims/{claim['id']}/")] == "2026-12-07"


@pytest.mark.slow
def test_a_warning_in_a_forked_process_fails_the_build_and_keeps_the_site(
    rendered: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(pages, "SHARE_MIN", 10)
    config, _ = load_config(Layout(rendered))
    assert config is not None
    assert build_site(rendered, Path("site-w"), config=config.raw, jobs=2, search=False)
    before = _files(rendered / "site-w")
    page = sorted((rendered / "docs" / "claims").glob("*.md"))[-1]
    original = page.read_text("utf-8")
    page.write_text(original + "\n[x](missing.md)\n", "utf-8")
    try:
        incremental.forget(rendered)  # no record: a build from nothing, in two processes
        assert not build_site(rendered, Path("site-w"), config=config.raw, jobs=2, search=False)
    finally:
        page.write_text(original, "utf-8")
    err = capsys.readouterr().err
    assert "missing.md" in err and "WARNING" in err
    assert _files(rendered / "site-w") == before
    assert not list(rendered.glob(".site-build-*"))
