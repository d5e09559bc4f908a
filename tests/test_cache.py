"""publish/cache.py: an unchanged project skips the check and the render; any change is a miss."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

import factsite.render as render_pkg
from conftest import copy_project, git, rendered
from factsite.check import project
from factsite.check.site_config import load_config
from factsite.commands import render as render_cmd
from factsite.commands import validate as validate_cmd
from factsite.commands.options import Options
from factsite.digest import file_digest
from factsite.load.files import Layout
from factsite.publish import cache
from factsite.publish.write import MANIFEST
from factsite.render import listings, render_site

CLAIM = "claims/ynet-2026-01-azerbaijan-gaza/embassy-tel-aviv-march-2023.yaml"


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project whose files count as old enough to be cached."""
    monkeypatch.setattr(cache, "_now_ns", lambda: time.time_ns() + 60 * 10**9)
    monkeypatch.delenv("FACTSITE_CACHE", raising=False)
    return copy_project(tmp_path / "project")


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The roots actually checked (not read back from the cache)."""
    seen: list[Path] = []
    real = validate_cmd.check_project

    def spy(root: Path, *args: Any, **kwargs: Any) -> project.Project:
        seen.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(validate_cmd, "check_project", spy)
    return seen


def _same(a: project.Project, b: project.Project) -> None:
    assert (a.claims, a.claim_paths, a.topics, a.scale, a.problems) == (
        b.claims,
        b.claim_paths,
        b.topics,
        b.scale,
        b.problems,
    )
    assert a.articles == b.articles


def _rewrite(path: Path, text: str) -> None:
    """Write `text` and give the file a new mtime even on a coarse clock."""
    path.write_text(text, encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_007))


def test_unchanged_project_is_read_back(root: Path, checks: list[Path]) -> None:
    first = validate_cmd.checked_project(root)
    second = validate_cmd.checked_project(root)
    assert len(checks) == 1 and first.problems == []
    _same(first, second)


@pytest.mark.parametrize(
    "change",
    [
        "edit-same-size",
        "touch",
        "new-claim",
        "remove-claim",
        "snapshot",
        "topics",
        "verdicts",
        "schema",
        "today",
    ],
)
def test_any_change_is_a_miss(
    root: Path, checks: list[Path], change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    validate_cmd.checked_project(root)
    claim = root / CLAIM
    text = claim.read_text(encoding="utf-8")
    if change == "edit-same-size":
        _rewrite(claim, text.replace("2023", "2022", 1))
    elif change == "touch":
        _rewrite(claim, text)
    elif change == "new-claim":
        copy = claim.with_name("copy.yaml")
        _rewrite(copy, text.replace("id: embassy-tel-aviv-march-2023", "id: copy"))
    elif change == "remove-claim":
        claim.unlink()
    elif change == "snapshot":
        snap = root / "articles" / "ynet-2026-01-azerbaijan-gaza.txt"
        _rewrite(snap, snap.read_text(encoding="utf-8") + "\n")
    elif change in ("topics", "verdicts"):
        path = root / f"{change}.yaml"
        _rewrite(path, path.read_text(encoding="utf-8") + "# changed\n")
    elif change == "schema":
        path = root / "schema" / "claim.schema.json"
        _rewrite(path, path.read_text(encoding="utf-8") + " ")
    else:
        monkeypatch.setenv("FACTSITE_TODAY", "2026-11-29")
    again = validate_cmd.checked_project(root)
    assert len(checks) == 2
    monkeypatch.setenv("FACTSITE_CACHE", "0")
    _same(again, validate_cmd.checked_project(root))


def test_files_changed_just_now_are_not_trusted(tmp_path: Path) -> None:
    # Within the same clock tick a rewrite may keep mtime and size: like git, wait it out.
    root = copy_project(tmp_path / "project")
    assert cache.project_digest(root) is None


def test_a_symlink_or_problems_are_never_cached(root: Path, checks: list[Path]) -> None:
    (root / "claims" / "link.yaml").symlink_to(root / CLAIM)
    validate_cmd.checked_project(root)
    validate_cmd.checked_project(root)
    (root / "claims" / "link.yaml").unlink()
    (root / "claims" / "bad.yaml").write_text("id: [\n", encoding="utf-8")
    assert validate_cmd.checked_project(root).problems
    assert validate_cmd.checked_project(root).problems
    assert len(checks) == 4
    assert not (root / cache.CACHE_DIR / cache.CHECK_CACHE).exists()


def test_foreign_or_broken_cache_files_are_ignored(root: Path, checks: list[Path]) -> None:
    first = validate_cmd.checked_project(root)
    stored = root / cache.CACHE_DIR / cache.CHECK_CACHE
    header, _, body = stored.read_bytes().partition(b"\n")
    stored.write_bytes(header.replace(b" ", b" x", 1) + b"\n" + body)  # another key
    validate_cmd.checked_project(root)
    stored.write_bytes(stored.read_bytes()[:200])  # truncated
    _same(first, validate_cmd.checked_project(root))
    assert len(checks) == 3
    assert (root / cache.CACHE_DIR / ".gitignore").read_text().splitlines()[-1] == "*"


def test_cache_can_be_turned_off(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTSITE_CACHE", "0")
    report, _ = _render(root)
    assert report is not None and report.written
    assert not (root / cache.CACHE_DIR).exists()


def _render(root: Path) -> tuple[Any, list[Any]]:
    out = render_cmd.render_project(Options(root=root))
    return out.report, out.problems


def _rendered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    real = render_cmd.render_site

    def spy(*args: Any, **kwargs: Any) -> dict[str, str]:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(render_cmd, "render_site", spy)
    return calls


def test_noop_render_renders_nothing(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rendered = _rendered(monkeypatch)
    first, _ = _render(root)
    assert first is not None and first.written and len(rendered) == 1
    docs = root / "docs"
    before = {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}
    second, _ = _render(root)
    assert second is not None and (second.written, second.removed) == ([], [])
    assert second.unchanged == len(first.written) and len(rendered) == 1
    assert {p: p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("damage", ["delete", "edit", "manifest", "site-url"])
def test_damaged_output_or_new_settings_render_again(
    root: Path, damage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = _render(root)
    assert first is not None
    docs = root / "docs"
    page = docs / "claims" / "embassy-tel-aviv-march-2023.md"
    expected = page.read_text(encoding="utf-8")
    if damage == "delete":
        page.unlink()
    elif damage == "edit":
        _rewrite(page, expected.replace("Embassy", "Embasys"))
    elif damage == "manifest":
        (docs / MANIFEST).unlink()
    else:
        monkeypatch.setenv("SITE_URL", "https://example.org/checks/")
    rendered = _rendered(monkeypatch)
    report, _ = _render(root)
    assert report is not None and len(rendered) == 1
    if damage == "site-url":
        assert "https://example.org/checks/" in page.read_text(encoding="utf-8")
    else:
        assert page.read_text(encoding="utf-8") == expected
        assert (docs / MANIFEST).is_file()


def _generated(root: Path) -> dict[str, bytes]:
    """docs/ and the theme's folder, but the manifests (which record when each file was made)."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for folder in ("docs", "overrides")
        for p in (root / folder).rglob("*")
        if p.is_file() and p.name != MANIFEST
    }


def test_the_next_render_makes_again_only_the_pages_a_change_alters(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A render keeps the listing pages and the articles' quoted paragraphs it made (pages.bin);
    the next, in another process, makes again only those a change altered, and writes what a
    render without any cache writes."""
    first, _ = _render(root)
    assert first is not None and (root / cache.CACHE_DIR / cache.PAGES_CACHE).is_file()
    edited = (
        (root / CLAIM)
        .read_text(encoding="utf-8")
        .replace("ruling: >-\n", "ruling: >-\n  Checked again on the day of the ceremony.\n", 1)
    )
    _rewrite(root / CLAIM, edited)
    made: list[str] = []
    quoted: list[str] = []
    real_page, real_quoted = listings._page, render_pkg._quoted

    def page(here: str, *args: Any) -> str:
        made.append(here)
        return real_page(here, *args)

    def quotes(snapshot: str, claims: list[dict[str, Any]]) -> Any:
        quoted.append(snapshot)
        return real_quoted(snapshot, claims)

    monkeypatch.setattr(listings, "_page", page)
    monkeypatch.setattr(render_pkg, "_quoted", quotes)
    second, problems = _render(root)  # a new render.Memo, read back from pages.bin
    assert problems == [] and second is not None
    assert "claims/embassy-tel-aviv-march-2023.md" in second.written
    listed = [p for p in made if "embassy-tel-aviv-march-2023" in (root / "docs" / p).read_text()]
    assert made and made == listed  # only pages that list the claim, not all of them
    assert quoted == []  # no quote changed
    clean = copy_project(tmp_path / "clean")
    (clean / CLAIM).write_text(edited, encoding="utf-8")
    monkeypatch.setenv("FACTSITE_CACHE", "0")
    made.clear()
    third, _ = _render(clean)
    assert third is not None and len(made) > len(listed) and len(quoted) == 1
    assert _generated(root) == _generated(clean)


def test_render_site_is_a_plain_mapping_of_text(root: Path) -> None:
    config, problems = load_config(Layout(root))
    assert config is not None and problems == []
    pages = rendered(render_site(validate_cmd.checked_project(root), config.site))
    assert type(pages) is dict and "data/claims.json" in pages
    assert all(isinstance(v, str) for k, v in pages.items() if not k.startswith("cards/"))


def test_a_new_commit_checks_again_and_changes_no_page(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commit is part of the project's key (the rule against backdating reads git), so the
    next render runs again; no page shows the history, so it writes nothing."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Publish the checks")
    _rewrite(root / CLAIM, (root / CLAIM).read_text(encoding="utf-8") + "# a comment\n")
    first, _ = _render(root)  # the edit is not committed yet
    page = root / "docs" / "claims" / "embassy-tel-aviv-march-2023.md"
    assert first is not None
    rendered = _rendered(monkeypatch)
    git(root, "commit", "-q", "-am", "Say why the embassy changed")
    second, _ = _render(root)
    assert second is not None and len(rendered) == 1 and second.written == []
    assert "Say why the embassy changed" not in page.read_text(encoding="utf-8")
    third, _ = _render(root)  # and then nothing changed: read back
    assert third is not None and third.written == [] and len(rendered) == 1


def test_a_cache_committed_to_git_is_never_read(
    root: Path, checks: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """A pull request can commit .factsite-cache/: a memo in it whose entry gives a claim
    file's digest with clean data would pass that file unchecked. A tracked cache is not read."""
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Publish the checks")
    validate_cmd.checked_project(root)  # leaves the per-file memo (claims.bin)
    memo = cache.load(root, cache.MEMO_CACHE, cache.code_digest())
    rel = CLAIM
    _, data, problems, _ = memo["files"][rel]
    assert problems == []
    broken = (
        (root / CLAIM).read_text(encoding="utf-8").replace("verdict: ", "verdict: nonsense-", 1)
    )
    _rewrite(root / CLAIM, broken)
    # the poisoned entry: the broken file's digest, the clean data, no problem
    memo["files"][rel] = (file_digest(root / CLAIM), data, [], None)
    cache.save(root, cache.MEMO_CACHE, cache.code_digest(), memo)
    (root / cache.CACHE_DIR / cache.CHECK_CACHE).unlink(missing_ok=True)
    poisoned = validate_cmd.checked_project(root)  # not committed: the record is the user's own
    assert poisoned.problems == []  # (which is why it must never come from a commit)
    git(root, "add", "-f", cache.CACHE_DIR)
    git(root, "commit", "-q", "-m", "A pull request that commits the cache")
    checked = validate_cmd.checked_project(root)
    assert [p.code for p in checked.problems if p.path == CLAIM] != []
    assert "is committed to git" in capsys.readouterr().err
