"""check/continuity.py, render/retraction.py and render/redirects.py: a published check never
silently disappears. Real git histories in a temporary repository; the publishing branch is
`main`, as in mkdocs.yml."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, problem_lines, render_clean, run_factsite, site_of
from factsite.render.pages import contents

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")

REL = "claims/ynet-2026-01-azerbaijan-gaza"
KEEP = ("embassy-tel-aviv-march-2023", "predominantly-shia-muslim-country")
OLD = "embassy-tel-aviv-march-2023"
NEW = "embassy-opening-tel-aviv"


def git(root: Path, *args: str, day: str = "2026-11-28") -> str:
    when = f"{day}T12:00:00+00:00"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    cmd = ["git", "-C", str(root), "-c", "user.name=Test", "-c", "user.email=t@example.org"]
    return subprocess.run([*cmd, *args], env=env, capture_output=True, text=True, check=True).stdout


def commit(root: Path, day: str, message: str = "change") -> None:
    git(root, "add", "-A", day=day)
    git(root, "commit", "-q", "-m", message, day=day)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two of the project's checks, published on main on 2026-11-28."""
    root = copy_project(tmp_path / "project", claims=False)
    (root / REL).mkdir(parents=True)
    for name in KEEP:
        shutil.copy(Path(__file__).parent.parent / REL / f"{name}.yaml", root / REL)
    git(root, "init", "-q", "-b", "main")
    commit(root, "2026-11-28", "two checks")
    return root


def rename(root: Path, *, redirect: bool) -> None:
    """OLD becomes NEW: the file moved, its id changed, and (if `redirect`) OLD listed."""
    git(root, "mv", f"{REL}/{OLD}.yaml", f"{REL}/{NEW}.yaml")
    path = root / REL / f"{NEW}.yaml"
    text = path.read_text(encoding="utf-8").replace(f"id: {OLD}\n", f"id: {NEW}\n", 1)
    if redirect:
        text = text.replace(f"id: {NEW}\n", f"id: {NEW}\nredirect_from: [{OLD}]\n", 1)
    path.write_text(text, encoding="utf-8")


def test_a_deleted_published_check_is_refused(repo: Path) -> None:
    (repo / REL / f"{OLD}.yaml").unlink()
    expected = (
        f"{REL}/{OLD}.yaml:1:1: error[published-deleted] the published check '{OLD}' was "
        "deleted (last in the history on 2026-11-28): restore the file; to withdraw it, add an "
        "`updates` entry of type `retraction` with the reason; to rename it, list "
        f"'{OLD}' under `redirect_from` in the new file"
    )
    assert problem_lines(repo) == [expected]  # not yet committed
    commit(repo, "2026-12-07", "drop a check")
    assert problem_lines(repo) == [expected]  # committed on main: still refused


def test_a_check_that_never_reached_main_may_go(repo: Path) -> None:
    git(repo, "switch", "-q", "-c", "claim/draft")
    shutil.copy(
        Path(__file__).parent.parent / REL / "no-anti-israel-protests-in-baku.yaml", repo / REL
    )
    commit(repo, "2026-12-07", "a draft")
    (repo / REL / "no-anti-israel-protests-in-baku.yaml").unlink()
    commit(repo, "2026-12-07", "not this one after all")
    assert problem_lines(repo) == []
    # merged (not squashed) into main, the branch's commits are in main's history, but main's
    # own line never held the file: it was never published
    git(repo, "switch", "-q", "main")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge", "claim/draft", day="2026-12-07")
    assert problem_lines(repo) == []


def test_a_rename_without_redirect_is_refused(repo: Path) -> None:
    rename(repo, redirect=False)
    found = problem_lines(repo)
    assert [p.split(" error[")[1].split("]")[0] for p in found] == ["published-deleted"]
    commit(repo, "2026-12-07", "rename")  # git now sees a rename: the new file is told
    (found,) = problem_lines(repo)
    assert found.startswith(f"{REL}/{NEW}.yaml:2:5: error[renamed-without-redirect] $.id: ")
    assert f"add `redirect_from: [{OLD}]`" in found


def test_a_rename_is_published_with_a_redirect(repo: Path) -> None:
    rename(repo, redirect=True)
    commit(repo, "2026-12-07", "rename")
    pages = render_clean(repo)
    site = site_of(repo)
    target = site.page_url(f"claims/{NEW}/")
    html = contents(pages[f"claims/{OLD}/index.html"])
    assert isinstance(html, str)
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
    assert f'<link rel="canonical" href="{target}">' in html
    assert f"claims/{OLD}.md" not in pages and f"claims/{NEW}.md" in pages
    # the old card, embed and oEmbed keep working: they are the new check's
    for old, new in [
        (f"cards/{OLD}.png", f"cards/{NEW}.png"),
        (f"embed/{OLD}.html", f"embed/{NEW}.html"),
        (f"oembed/{OLD}.json", f"oembed/{NEW}.json"),
    ]:
        assert contents(pages[old]) == contents(pages[new]), old
    embed = contents(pages[f"embed/{OLD}.html"])
    assert isinstance(embed, str) and f'<link rel="canonical" href="{target}">' in embed


def test_a_redirect_cannot_take_a_current_address(repo: Path) -> None:
    path = repo / REL / f"{OLD}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(f"id: {OLD}\n", f"id: {OLD}\nredirect_from: [{KEEP[1]}]\n"), "utf-8"
    )
    (found,) = problem_lines(repo)
    assert found == (
        f"{REL}/{OLD}.yaml:3:17: error[redirect-conflict] $.redirect_from[0]: '{KEEP[1]}' is "
        f"already the address of {REL}/{KEEP[1]}.yaml: a former id must belong to no other check"
    )


def retract(root: Path) -> None:
    path = root / REL / f"{OLD}.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('updated: "2026-12-07"', 'updated: "2026-12-08"', 1)
    text += (
        '  - date: "2026-12-08"\n'
        "    type: retraction\n"
        "    note: >-\n"
        "      Retracted for a test: the check's sources were found to describe another event.\n"
    )
    path.write_text(text, encoding="utf-8")
    commit(root, "2026-12-08", "retract")


def test_a_retraction_is_published(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSITE_TODAY", "2026-12-08")
    retract(repo)
    pages = render_clean(repo)
    page = contents(pages[f"claims/{OLD}.md"])
    assert isinstance(page, str)
    assert '<div class="fs-retracted" role="note">' in page
    assert '<time datetime="2026-12-08">8 December 2026</time>' in page
    assert "Its last verdict, shown below as it was published, was <bdi>Mostly true</bdi>." in page
    assert page.index("fs-retracted") < page.index("fs-card__verdict")  # above the verdict
    # ClaimReview: no rating to count, the last verdict in words, the retraction as correction
    review = json.loads(str(contents(pages["data/claimreview.json"])))["dataFeedElement"]
    (mine,) = [r for r in review if r["url"].endswith(f"/claims/{OLD}/")]
    assert mine["reviewRating"]["alternateName"] == "Retracted (last verdict: Mostly true)"
    assert "ratingValue" not in mine["reviewRating"]
    assert mine["correction"]["@type"] == "CorrectionComment"
    assert mine["correction"]["datePublished"] == "2026-12-08"
    # the feeds and the corrections log
    feed = json.loads(str(contents(pages["feeds/feed.json"])))
    (item,) = [i for i in feed["items"] if i["url"].endswith(f"/claims/{OLD}/")]
    assert item["title"].startswith("Retracted: ")
    assert item["title"].endswith("(last verdict: Mostly true)")
    assert item["content_text"].startswith("Retracted on 2026-12-08: Retracted for a test")
    assert "<title>Retracted: " in str(contents(pages["feeds/atom.xml"]))
    embed = str(contents(pages[f"embed/{OLD}.html"]))  # a page that embedded it says so
    assert "Retracted on 8 December 2026: Retracted for a test" in embed
    assert "<title>Retracted (Mostly true): " in embed
    log = str(contents(pages["_generated/corrections-log.md"]))
    first = log.split('<li class="fs-log__check">')[1]  # the check changed last, first
    assert first.startswith("Retracted (<span class=") and "<strong>Retraction.</strong>" in first


@pytest.mark.slow
def test_the_redirect_page_is_in_the_built_site(repo: Path) -> None:
    rename(repo, redirect=True)
    commit(repo, "2026-12-07", "rename")
    result = run_factsite(repo, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (repo / "site" / "claims" / OLD / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in html and f"claims/{NEW}/" in html
    assert (repo / "site" / "claims" / NEW / "index.html").is_file()
    assert (repo / "site" / "embed" / f"{OLD}.html").is_file()
