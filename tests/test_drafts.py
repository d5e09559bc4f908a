"""Drafts and the preview of unpublishable claim files (check/policy.py, render/preview.py,
commands/render.py's preview, commands/serve.py, publish/preview.py): `factsite serve` shows a
draft or a broken file with its problems while the rest of the site updates; validate, render
and build refuse them, and nothing of them reaches the listings, feeds, data or search."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import frontmatter
import pytest

from conftest import copy_project, run_main
from factsite.commands import serve
from factsite.commands.options import Options
from factsite.commands.render import render_project
from factsite.publish.preview import Preview

REL = "claims/ynet-2026-01-azerbaijan-gaza"
DRAFT = "embassy-tel-aviv-march-2023"
BROKEN = "predominantly-shia-muslim-country"
EDITED = "longtime-ally-of-israel-and-turkey"


def make_draft(root: Path) -> None:
    path = root / REL / f"{DRAFT}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"id: {DRAFT}\n", f"id: {DRAFT}\ndraft: true\n", 1), "utf-8")


def make_broken(root: Path) -> None:
    path = root / REL / f"{BROKEN}.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'verdict: "true"\n' in text
    path.write_text(text.replace('verdict: "true"\n', 'verdict: "ture"\n', 1), "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    make_draft(root)
    return root


def test_validate_render_and_build_refuse_a_draft(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    result = run_main(capsys, project, "validate")
    assert result.returncode == 1
    assert (
        f"{REL}/{DRAFT}.yaml:3:8: error[draft] $.draft: a draft is not published: remove "
        "`draft: true` when the check is ready (`factsite serve` previews it meanwhile)"
    ) in result.stdout
    rendered = run_main(capsys, project, "render")
    assert rendered.returncode == 1 and "render: nothing written" in rendered.stderr
    assert not (project / "docs" / "claims").exists()
    built = run_main(capsys, project, "build")
    assert built.returncode == 1 and not (project / "site").exists()


def test_the_preview_shows_the_draft_and_the_broken_file_and_publishes_neither(
    project: Path,
) -> None:
    make_broken(project)
    out = render_project(Options(root=project), preview=True)
    assert out.report is not None
    assert sorted({p.code for p in out.problems}) == ["draft", "unknown-verdict"]
    docs = project / "docs"
    # the draft: its whole page, as it will look, under a notice naming its problem
    draft = frontmatter.loads((docs / "claims" / f"{DRAFT}.md").read_text("utf-8"))
    assert draft.metadata["factsite_preview"] is True
    assert "claim_review" not in draft.metadata and "og" not in draft.metadata
    assert '<div class="fs-preview" role="alert">' in draft.content
    assert "<strong>draft</strong> $.draft: a draft is not published" in draft.content
    assert '<h2 id="in-brief">In brief</h2>' in draft.content
    # the broken file: what could be read of it, as text, and its problems
    broken = (docs / "claims" / f"{BROKEN}.md").read_text("utf-8")
    assert "a claim file with problems" in broken
    assert "<strong>unknown-verdict</strong>" in broken and "<pre>ture</pre>" in broken
    # neither reaches the listings, the feeds, the data or ClaimReview
    for rel in (
        "claims/index.md",
        "verdicts/mostly-true.md",
        "feeds/atom.xml",
        "feeds/feed.json",
        "data/claims.json",
        "data/claims.csv",
        "data/claimreview.json",
        "_generated/featured.md",
        "_generated/latest-checks.md",
    ):
        text = (docs / rel).read_text("utf-8")
        assert f"claims/{DRAFT}" not in text and f"claims/{BROKEN}" not in text, rel
        assert f'"{DRAFT}"' not in text and f'"{BROKEN}"' not in text, rel
    # the rest of the site is there as always
    assert (docs / "claims" / f"{EDITED}.md").is_file()
    # a render that is not a preview then writes nothing, and leaves no clean record behind
    assert render_project(Options(root=project)).report is None


def test_serve_previews_the_draft_while_the_rest_of_the_site_updates(project: Path) -> None:
    server = Preview(project / "site", "127.0.0.1", 0)
    server.start()
    try:
        opts = Options(root=project, quiet=True)
        assert serve.rebuild(opts, server, search=False) is not None
        site = project / "site"
        page = (site / "claims" / DRAFT / "index.html").read_text("utf-8")
        assert "Not published." in page and "data-pagefind-body" not in page
        assert '<meta name="robots" content="noindex">' in page
        assert "application/ld+json" not in page  # no ClaimReview for a draft
        assert "data-pagefind-body" in (site / "claims" / EDITED / "index.html").read_text()
        # an edit elsewhere, and a file broken meanwhile: the edit shows, the break is previewed
        path = project / REL / f"{EDITED}.yaml"
        path.write_text(
            path.read_text("utf-8").replace("Both halves hold up.", "Both halves hold up well."),
            "utf-8",
        )
        make_broken(project)
        assert serve.rebuild(opts, server, search=False) is not None
        assert "Both halves hold up well." in (site / "claims" / EDITED / "index.html").read_text()
        assert "<pre>ture</pre>" in (site / "claims" / BROKEN / "index.html").read_text("utf-8")
        # the banner's data: every problem, from the preview server only
        with urllib.request.urlopen(f"{server.url}.factsite/problems", timeout=10) as response:  # noqa: S310 - loopback
            data = json.loads(response.read())
        problems = data["problems"]
        assert sorted(p["code"] for p in problems) == ["draft", "unknown-verdict"]
        # the banner's own words, from the catalogue in the site's language
        assert data["banner"] == {
            "title": "Not published: 2 problems. factsite validate and build refuse them.",
            "lang": "en",
            "dir": "ltr",
        }
        assert {p["path"] for p in problems} == {f"{REL}/{DRAFT}.yaml", f"{REL}/{BROKEN}.yaml"}
        # nothing of the drafts in the built site's feeds or data
        for rel in ("feeds/feed.json", "data/claims.json", "data/claimreview.json"):
            text = (site / rel).read_text("utf-8")
            assert DRAFT not in text and BROKEN not in text, rel
    finally:
        server.close()
