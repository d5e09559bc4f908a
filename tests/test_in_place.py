"""A preview round builds what a save changed into site/ in place (publish/in_place.py), and the
preview then serves what a clean build makes.

Each test runs `factsite serve`'s rounds in this process (commands/serve.rebuild, the function
a round runs, with the preview server on a loopback port) on a copy of the project, and
compares the result with a clean build of the same inputs (tests/test_incremental.py's).
"""

from __future__ import annotations

import gc
import html
import http.client
import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from factsite.commands.build import Kept
from factsite.commands.options import Options
from factsite.commands.serve import rebuild
from factsite.publish import incremental, swap
from factsite.publish.preview import Preview
from factsite.publish.write import MANIFEST
from test_incremental import _build, _claims, _clean_build, _files, _inodes, edit_claim

CLAIM = "claims/ynet-2026-01-azerbaijan-gaza/embassy-tel-aviv-march-2023.yaml"
PAGE = "claims/embassy-tel-aviv-march-2023/index.html"
RELOAD = re.compile(
    rb'<script src="/\.factsite/livereload\.js" data-epoch="\d+" data-stamp="[0-9a-f]{16}" '
    rb"defer></script>"
)


class Serving:
    """`factsite serve`'s state between rounds, and its server, on a copy of the project."""

    def __init__(self, root: Path) -> None:
        self.opts = Options(root=root, quiet=True)
        self.server = Preview(root / "site", "127.0.0.1", 0)
        self.server.start()
        self.kept = Kept()

    def round(
        self,
        *changes: str,
        search: bool = False,
        shown: Callable[[], None] | None = None,
        more: Callable[[], bool] | None = None,
    ) -> set[str]:
        pages = rebuild(
            self.opts,
            self.server,
            search=search,
            changes=set(changes),
            kept=self.kept,
            shown=shown,
            more=more,
        )
        assert pages is not None
        return pages

    def page(self, path: str) -> bytes:
        """The page as the preview serves it, less the reload script it adds."""
        conn = http.client.HTTPConnection(*self.server.address, timeout=30)
        try:
            conn.request("GET", f"/{path.removesuffix('index.html')}")
            response = conn.getresponse()
            assert response.status == 200
            return RELOAD.sub(b"", response.read())
        finally:
            conn.close()


@pytest.fixture
def serving(project: Path) -> Iterator[Serving]:
    serving = Serving(project)
    try:
        serving.round(search=True)  # the first round: a whole build, indexed
        yield serving
    finally:
        serving.server.close()
        serving.kept.remover.wait()


def _folder(site: Path) -> tuple[int, int]:
    st = os.stat(site)
    return st.st_dev, st.st_ino


def _but_search(files: dict[str, bytes]) -> dict[str, bytes]:
    """A preview keeps the search index of its first build (commands/serve.py)."""
    return {p: b for p, b in files.items() if not p.startswith(f"{incremental.SEARCH_BUNDLE}/")}


@pytest.mark.slow
def test_a_saved_claim_is_served_in_place_as_a_clean_build_makes_it(
    serving: Serving, project: Path, tmp_path: Path
) -> None:
    site = project / "site"
    folder, before = _folder(site), serving.page(PAGE)
    inodes = _inodes(site)
    claim = project / CLAIM
    text = claim.read_text("utf-8")
    new = yaml.safe_load(text)["claim"][:50] + " (saved in the preview)"
    claim.write_text(re.sub(r"(?m)^claim: .*$", f"claim: {new}", text, count=1), "utf-8")

    shown: list[dict[str, int]] = []
    collecting: list[bool] = []

    def seen() -> None:
        shown.append(_inodes(site))
        collecting.append(gc.isenabled())

    pages = serving.round(CLAIM, shown=seen)

    # no collection of cycles among the preview's millions of objects in the middle of the
    # round (0.4 s at 10,000 claims): serve's loop runs it once no change is waiting
    assert collecting == [False, False] and gc.isenabled()

    assert "docs/claims/embassy-tel-aviv-march-2023.md" in pages
    # shown once the claims' own pages are built: no page that includes snippets waited for
    # (a change to a file other than a claim's own, or the render's manifest, which each
    # write changes, builds those again, after), nor the sitemap, made of every page
    first = {p for p, ino in shown[0].items() if inodes.get(p) != ino}
    assert PAGE in first and not {"index.html", "methodology/index.html", "sitemap.xml"} & first
    assert _folder(site) == folder  # updated in place: no new folder swapped in
    after = serving.page(PAGE)
    assert after != before and new in html.unescape(after.decode())
    clean = _clean_build(project, tmp_path / "clean")
    assert after == clean[PAGE]
    assert _but_search(_files(site)) == _but_search(clean)
    # only what the save changed was built: the other claims' pages are the very files
    still = [p for p, ino in _inodes(site).items() if inodes.get(p) == ino]
    assert len(still) > len(inodes) // 2 and PAGE not in still

    # the record the round saved is the one `factsite build` starts from: its pages kept
    inodes = _inodes(site)
    _build(project)
    assert _files(site) == _files(tmp_path / "clean" / "site")
    kept = [p for p, ino in _inodes(site).items() if inodes.get(p) == ino]
    assert len(kept) > len(inodes) // 2


@pytest.mark.slow
def test_a_saved_page_under_docs_is_served_in_place(
    serving: Serving, project: Path, tmp_path: Path
) -> None:
    site, page = project / "site", project / "docs" / "about.md"
    folder = _folder(site)
    page.write_text(page.read_text("utf-8") + "\nSaved in the preview.\n", "utf-8")

    assert "docs/about.md" in serving.round("docs/about.md")

    assert _folder(site) == folder
    assert b"Saved in the preview." in serving.page("about/index.html")
    clean = _clean_build(project, tmp_path / "clean")
    assert _but_search(_files(site)) == _but_search(clean)


@pytest.mark.slow
def test_after_another_runs_build_or_a_removal_a_round_builds_as_a_build_does(
    serving: Serving, project: Path, tmp_path: Path
) -> None:
    """The preview's record no longer says what site/ holds (another run built), or a page
    is gone (every link checked again): the round falls back on a build's own path, and
    the site still equals a clean build."""
    site = project / "site"
    edit_claim(project, 0)
    _build(project)  # another run, beside the preview
    edit_claim(project, 1)
    serving.round(_claims(project)[1].relative_to(project).as_posix())
    assert _but_search(_files(site)) == _but_search(_clean_build(project, tmp_path / "a"))

    claims = sorted((project / "claims").rglob("*.yaml"))
    claims[-1].unlink()
    serving.round(claims[-1].relative_to(project).as_posix())
    assert _but_search(_files(site)) == _but_search(_clean_build(project, tmp_path / "b"))


@pytest.mark.slow
def test_a_failed_round_leaves_the_site_as_it_was(serving: Serving, project: Path) -> None:
    site = project / "site"
    files = _files(site)
    page = project / "docs" / "about.md"
    page.write_text(page.read_text("utf-8") + "\n[nowhere](no-such-page.md)\n", "utf-8")

    assert (
        rebuild(
            serving.opts, serving.server, search=False, changes={"docs/about.md"}, kept=serving.kept
        )
        is None
    )
    assert _files(site) == files
    assert serving.kept.record is None  # the next round compares the folders again
    assert not [p for p in os.listdir(project) if p.startswith(".site-build-")]


@pytest.mark.slow
def test_a_round_whose_moves_fail_half_way_puts_back_those_it_made(
    serving: Serving, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages a round built are moved into site/ through a journal: when a move fails (a
    full disk, a file taken away), the ones already moved go back, and no journal is left."""
    site = project / "site"
    files = _files(site)
    edit_claim(project, 0)
    real, calls = swap.Journal.put, []

    def put(self: swap.Journal, source: Path, rel: str) -> None:
        calls.append(rel)
        if len(calls) == 3:
            raise OSError(28, "No space left on device", str(site / rel))
        real(self, source, rel)

    monkeypatch.setattr(swap.Journal, "put", put)
    assert (
        rebuild(
            serving.opts,
            serving.server,
            search=False,
            changes={_claims(project)[0].relative_to(project).as_posix()},
            kept=serving.kept,
        )
        is None
    )
    assert len(calls) == 3  # two moved, then the failure
    assert _files(site) == files
    assert not [p for p in os.listdir(project) if p.startswith(".site-")]


def _docs(root: Path) -> dict[str, bytes]:
    """docs/ less the manifest (it records when each drawn file was written)."""
    return {p: b for p, b in _files(root / "docs").items() if p != MANIFEST}


@pytest.mark.slow
def test_rounds_that_move_a_claim_between_listings_equal_a_clean_build(
    serving: Serving, project: Path, tmp_path: Path
) -> None:
    """A round reuses what the last one made (render.Memo: each claim's files, each listing
    page, each article's quotes; the check's memo; the write's record of docs/): after a save
    that changes a verdict, then the topics, then the claimant, the listings, feeds and
    exports in docs/ and site/ are those a clean build makes. Output with a cache must equal
    output without."""
    claim = project / CLAIM
    edits = [
        (r"(?m)^verdict: .*$", "verdict: half-true"),
        (r"(?m)^topics: .*$", "topics: [energy]"),
        (r"(?m)^claimant:\n  name: .*$", "claimant:\n  name: Ilham Aliyev"),
    ]
    exports = project / "docs" / "data" / "claims.json"
    listing = project / "site" / "claims" / "index.html"
    for k, (pattern, new) in enumerate(edits):
        text, n = re.subn(pattern, new, claim.read_text("utf-8"), count=1)
        assert n == 1
        claim.write_text(text, "utf-8")
        before = exports.read_bytes(), listing.read_bytes(), (project / "site" / PAGE).read_bytes()
        seen: list[tuple[bytes, bytes, bytes]] = []

        def shown(seen: list[tuple[bytes, bytes, bytes]] = seen) -> None:
            page = (project / "site" / PAGE).read_bytes()
            seen.append((exports.read_bytes(), listing.read_bytes(), page))

        # the check's page is shown first; then the pages that list it, and the exports,
        # which no page shows, are made and built, and the preview told again
        serving.round(CLAIM, shown=shown)
        after = exports.read_bytes(), listing.read_bytes(), (project / "site" / PAGE).read_bytes()
        assert after[2] != before[2] and after[0] != before[0]
        assert seen == [(before[0], before[1], after[2]), after]  # its page alone, then the rest
        clean_root = tmp_path / f"clean-{k}"
        clean = _clean_build(project, clean_root)
        assert _docs(project) == _docs(clean_root)
        assert _but_search(_files(project / "site")) == _but_search(clean)


@pytest.mark.slow
def test_a_change_that_comes_during_a_round_takes_the_rest_of_it_to_the_next(
    serving: Serving, project: Path, tmp_path: Path
) -> None:
    """A save that comes while a round runs does not wait for the pages that list the last
    one: once the saved check's page is shown, the round leaves the listings, the feeds and
    exports and their build to the next round, which makes them for both saves; after a
    round that has nothing waiting, docs/ and site/ are those of a clean build."""
    claim = project / CLAIM
    exports = project / "docs" / "data" / "claims.json"
    listing = project / "site" / "claims" / "index.html"

    def save(pattern: str, new: str) -> None:
        text, n = re.subn(pattern, new, claim.read_text("utf-8"), count=1)
        assert n == 1
        claim.write_text(text, "utf-8")

    before = exports.read_bytes(), listing.read_bytes(), (project / "site" / PAGE).read_bytes()
    folder = _folder(project / "site")  # each round in place: no whole build swapped in
    save(r"(?m)^verdict: .*$", "verdict: half-true")
    shown = lambda: None  # noqa: E731 - the preview's reload: a round that shows the page first
    serving.round(CLAIM, shown=shown, more=lambda: True)  # a change waits once it is shown
    assert (project / "site" / PAGE).read_bytes() != before[2]  # the saved check: shown
    assert (exports.read_bytes(), listing.read_bytes()) == before[:2]  # the rest: left

    def comes(at: int) -> Callable[[], bool]:
        """A change that comes before the round's `at`-th question: once the listings are
        made (2), once they are written (3)."""
        asked: list[bool] = []

        def more() -> bool:
            asked.append(True)
            return len(asked) >= at

        return more

    save(r"(?m)^topics: .*$", "topics: [energy]")
    serving.round(CLAIM, shown=shown, more=comes(2))  # made, not written
    assert (exports.read_bytes(), listing.read_bytes()) == before[:2]
    save(r"(?m)^topics: .*$", "topics: [energy, diplomacy]")
    serving.round(CLAIM, shown=shown, more=comes(3))  # written, not built
    assert exports.read_bytes() != before[0] and listing.read_bytes() == before[1]
    assert serving.kept.late  # written into docs/, to be built by the next round
    assert serving.kept.record and serving.kept.record.holds(project / "docs", project / "site")
    assert _folder(project / "site") == folder
    save(r"(?m)^claimant:\n  name: .*$", "claimant:\n  name: Ilham Aliyev")
    serving.round(CLAIM, shown=shown, more=lambda: False)
    assert not serving.kept.late and _folder(project / "site") == folder
    clean_root = tmp_path / "clean"
    clean = _clean_build(project, clean_root)
    assert _docs(project) == _docs(clean_root)
    assert _but_search(_files(project / "site")) == _but_search(clean)
