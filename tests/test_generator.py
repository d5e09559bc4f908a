"""factsite as a generator (issue 11): from a wheel, in a fresh virtual environment and an empty
folder, `init` a site with each scale preset, import an article, scaffold a claim, fill the
TODOs, validate and build; then the new site in the browser (axe, nothing off loopback).

The wheel is built from the repository and installed without its dependencies into a new venv
that borrows them from the test environment (a .pth file), so the test needs no download and
still proves that the wheel alone carries the theme, the schemas, the presets and the
templates: the installed factsite must come from the new venv, not from src/.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, TODAY, serve_folder

FIXTURE = REPO / "tests" / "fixtures" / "articles" / "news-jsonld.html"
ARTICLE_URL = "https://news.example.com/2026/01/06/riverton-night-ferry"
SECOND_URL = "https://www.example.org/nature/swift-count-mill-bridge"
PRESETS = ("ordinal", "labels", "conclusion")
VERDICT = {"ordinal": "mostly-true", "labels": "true", "conclusion": "conclusion"}
LABEL = {"ordinal": "Mostly true", "labels": "True", "conclusion": "Correct, with a caveat"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def factsite_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `factsite` of a fresh venv into which only the repository's wheel was installed."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(work), str(REPO)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stderr
    [wheel] = work.glob("factsite-*.whl")
    env = work / "env"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stderr
    # The dependencies, from this environment, after the venv's own site-packages.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    Path(purelib, "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    where = subprocess.run(
        [str(python), "-c", "import factsite; print(factsite.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert where.startswith(str(env)), where  # the wheel's factsite, not the repository's
    return env / "bin" / "factsite"


def _run(factsite: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PYTHONPATH", None)
    return subprocess.run(
        [str(factsite), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout + result.stderr


def _fill_claim(path: Path, preset: str) -> None:
    """Replace the scaffold's TODOs as a contributor would, keeping its first line."""
    text = path.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data |= {
        "claim": "The council voted to keep the night ferry running",
        "claimant": {"name": "The Example Gazette", "type": "Organization"},
        "verdict": VERDICT[preset],
        "ruling": "The council's minutes record the vote; the paper reports it accurately.",
        "analysis": "The minutes of the meeting record the motion and the vote of seven to two, "
        "as the article says. The ferry operator confirmed the new timetable.",
        "sources": [
            {
                "url": "https://council.example.org/minutes/2026-01-05",
                "title": "Minutes of the council meeting of 5 January 2026",
                "publisher": "Riverton town council",
                "kind": "primary-document",
                "date": "2026-01-05",
                "stance": "supports",
                "note": "Records the motion and the vote.",
            },
            {
                "url": "https://ferry.example.net/timetable",
                "title": "Timetable",
                "publisher": "Riverton ferries",
                "kind": "primary-document",
                "stance": "supports",
                "note": "Shows the last crossing at midnight on weekdays.",
            },
        ],
        "topics": ["local-news"],
    }
    if preset == "conclusion":
        data["conclusion"] = LABEL[preset]
    else:
        data.pop("conclusion", None)
    first = text.splitlines()[0]
    path.write_text(first + "\n" + json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _fill_pages(site: Path) -> None:
    for page in (site / "docs").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r"\*\*TODO:\*\*|TODO", "Done:", text), encoding="utf-8")


@pytest.fixture(scope="module", params=PRESETS)
def new_site(
    request: pytest.FixtureRequest, factsite_bin: Path, tmp_path_factory: Any
) -> tuple[str, Path]:
    preset: str = request.param
    work = tmp_path_factory.mktemp(f"site-{preset}")
    _ok(
        _run(
            factsite_bin,
            work,
            "init",
            "checks",
            "--scale",
            preset,
            "--name",
            "Riverton Checks",
            "--url",
            "http://127.0.0.1:8000/",
            "--repo",
            "https://github.com/example/riverton-checks",
        )
    )
    site = work / "checks"
    # A new site previews at once, TODOs and all; validate refuses the TODOs, located.
    _ok(_run(factsite_bin, site, "build"))
    refused = _run(factsite_bin, site, "validate")
    assert refused.returncode == 1 and "docs/about.md:" in refused.stdout
    assert "error[todo-left]" in refused.stdout
    # init never overwrites a file
    # (with the sections the IFCN Code asks for: check/transparency.py)
    ours = "# About\n" + "".join(
        f"\n## {section}\n\nOurs.\n"
        for section in ("Who publishes this site", "Legal status", "How we are funded", "Contact")
    )
    (site / "docs" / "about.md").write_text(ours)
    again = _run(factsite_bin, work, "init", "checks", "--scale", preset)
    assert "kept docs/about.md" in again.stderr
    assert (site / "docs" / "about.md").read_text() == ours

    _ok(_run(factsite_bin, site, "article", "add", "--html", str(FIXTURE), "--url", ARTICLE_URL))
    second = ("--html", str(FIXTURE.with_name("opengraph-only.html")), "--url", SECOND_URL)
    _ok(_run(factsite_bin, site, "article", "add", *second))  # a site of two articles
    (site / "topics.yaml").write_text("local-news: Local news\n", encoding="utf-8")
    ferry = ("--article", "example-gazette-2026-01-riverton-council-votes-keep")
    out = _ok(
        _run(factsite_bin, site, "new", *ferry, "--sentence", "2", "--id", "night-ferry-vote")
    )
    [claim] = (site / "claims").rglob("night-ferry-vote.yaml")
    assert "wrote" in out
    _fill_claim(claim, preset)
    _fill_pages(site)
    assert "0 problem(s)" in _ok(_run(factsite_bin, site, "validate"))
    _ok(_run(factsite_bin, site, "build"))
    return preset, site / "site"


def test_claim_page_has_its_verdict_claimreview_and_sources(new_site: tuple[str, Path]) -> None:
    preset, built = new_site
    html = (built / "claims" / "night-ferry-vote" / "index.html").read_text()
    assert LABEL[preset] in html
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    review = json.loads(block)
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == LABEL[preset]
    if preset == "conclusion":
        assert "ratingValue" not in review["reviewRating"]  # no scale: a name, no number
    else:
        assert isinstance(review["reviewRating"]["ratingValue"], int)
    assert "https://council.example.org/minutes/2026-01-05" in html
    assert (built / "assets" / "factsite.css").is_file()  # the theme, from the wheel
    home = (built / "index.html").read_text()
    assert "Riverton council votes to keep the night ferry running" in home
    # two articles: each has its annotated page, and the home page and the index list both
    annotated = sorted(p.parent.name for p in (built / "articles").glob("*/index.html"))
    assert len(annotated) == 2, annotated
    listing = (built / "articles" / "index.html").read_text()
    for article in annotated:
        assert f"{article}/" in home and f"{article}/" in listing


@pytest.fixture(scope="module")
def served(new_site: tuple[str, Path]) -> Iterator[str]:
    with serve_folder(new_site[1]) as url:
        yield url


@pytest.mark.browser
def test_new_site_passes_axe_and_stays_on_loopback(served: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from test_browser import AXE_TAGS, CHROMIUM_ARGS

    executable = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requests.append(r.url))
            for path in ("", "claims/night-ferry-vote/", "about/"):
                page.goto(served + path, wait_until="networkidle")
                results = (
                    Axe()
                    .run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
                    .response
                )
                assert any(r["id"] == "color-contrast" for r in results["passes"]), path
                bad = [
                    v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")
                ]
                assert bad == [], (path, bad)
        finally:
            browser.close()
    outside = [u for u in requests if not u.startswith(("http://127.0.0.1:", "data:"))]
    assert requests and outside == []
