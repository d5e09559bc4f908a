"""load/history.py and render/history.py: each claim file's history from one `git log`, shown
on its page; absent outside a checkout, deterministic, and escaped."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, git, render_root, site_of
from factsite.load import history
from factsite.load.history import Change, parse_log, read_history
from factsite.render.history import SHOWN, commit_url, history_html

HOSTILE = '<script>alert(1)</script> *x* [y](javascript:z) {{ 7*7 }} "q"'
X = "claims/a/x.yaml"


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A checkout whose claims were added, edited, renamed and deleted over four days."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    _write(root, X, "id: x\n")
    _write(root, "claims/a/y.yaml", "id: y\nabout: a file long enough to be seen as renamed\n")
    _write(root, "claims/a/gone.yaml", "id: gone\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Add x, y and gone", date="2026-11-01T10:00:00+00:00")
    _write(root, X, "id: x\nedited: yes\n")
    _write(root, "README.md", "not a claim\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", HOSTILE, date="2026-11-02T10:00:00+00:00")
    (root / "claims/b").mkdir()
    git(root, "mv", "claims/a/y.yaml", "claims/b/z.yaml")
    git(root, "rm", "-q", "claims/a/gone.yaml")
    git(root, "commit", "-q", "-m", "Move y to z", date="2026-11-03T10:00:00+00:00")
    git(root, "commit", "-q", "--allow-empty", "-m", "Nothing", date="2026-11-04T10:00:00+00:00")
    return root


def _subjects(changes: list[Change]) -> list[tuple[str, str]]:
    return [(c.date, c.subject) for c in changes]


def test_one_log_gives_every_claim_files_history(repo: Path) -> None:
    found = read_history(repo)
    assert _subjects(found[X]) == [
        ("2026-11-02", " ".join(HOSTILE.split())),
        ("2026-11-01", "Add x, y and gone"),
    ]
    # the renamed file keeps the history of its old name
    assert _subjects(found["claims/b/z.yaml"]) == [
        ("2026-11-03", "Move y to z"),
        ("2026-11-01", "Add x, y and gone"),
    ]
    assert "claims/a/y.yaml" not in found and "README.md" not in found
    sha = git(repo, "rev-parse", "HEAD~1").strip()
    assert found["claims/b/z.yaml"][0].sha == sha and len(sha) == 40
    assert read_history(repo) == found  # the same history, the same value


def test_history_outside_a_checkout_is_none(tmp_path: Path) -> None:
    assert read_history(tmp_path) is None and history.head(tmp_path) is None
    git(tmp_path, "init", "-q")  # a checkout without a commit
    assert read_history(tmp_path) is None and history.head(tmp_path) is None


def test_without_git_or_on_a_timeout_there_is_no_history(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    assert read_history(repo) is None and history.head(repo) is None
    monkeypatch.undo()

    def slow(*args: object, **kwargs: object) -> None:
        raise subprocess.TimeoutExpired("git", history.TIMEOUT_SECONDS)

    monkeypatch.setattr(history.subprocess, "run", slow)
    assert read_history(repo) is None


def test_a_shallow_clone_has_no_history(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", repo.as_uri(), str(clone))
    assert history.head(clone) is not None and history.head(clone).startswith("true ")
    assert read_history(clone) is None  # its one commit would seem to add every file


def test_a_project_in_a_folder_of_the_repository(repo: Path) -> None:
    site = repo / "site"
    _write(site, "claims/c/w.yaml", "id: w\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Add the site's first claim")
    assert _subjects(read_history(site)["claims/c/w.yaml"]) == [
        ("2026-11-28", "Add the site's first claim")
    ]


def test_unexpected_log_output_is_skipped() -> None:
    sha, blob = "a" * 40, "b" * 40
    raw = f":100644 100644 {'0' * 40} {blob} A"
    out = "\0".join(
        [
            "\x1enot a commit",
            f"\n{raw}",
            "claims/x.yaml",
            f"\x1e{sha} 2026-13 bad date",
            f"\n{raw}",
            "claims/x.yaml",
            f"\x1e{sha} 2026-11-01 fine \x1e{'c' * 40} 2000-01-01 forged",  # one subject
            f"\n{raw}",
            "claims/x.yaml",
            "stray token",
            f":100644 100644 {blob} {blob} R100",  # a rename with one path: cut short
            "claims/y.yaml",
        ]
    )
    fine = Change(
        sha, "2026-11-01", f"fine {'c' * 40} 2000-01-01 forged", None, blob, "claims/x.yaml"
    )
    assert parse_log(out) == {"claims/x.yaml": (fine,)}


# --- the page ---------------------------------------------------------------------------


def _changes(n: int) -> list[Change]:
    return [Change(f"{i:040x}", "2026-11-28", f"Change {i}") for i in range(n, 0, -1)]


def test_the_list_links_each_change_and_escapes_its_subject() -> None:
    site = site_of(Path(__file__).resolve().parent.parent)
    change = Change("b" * 40, "2026-11-02", HOSTILE)
    html = history_html([change], site, X)
    assert f'<a href="{site.repo_url}/commit/{"b" * 40}">' in html
    assert '<time datetime="2026-11-02">2 November 2026</time>' in html
    assert "<script" not in html and "[y]" not in html and "*x*" not in html
    assert "{{" not in html and '"q"' not in html
    assert history_html([], site, X) == ""
    bare = history_html([change], dataclasses.replace(site, repo_url=""), X)
    assert "<a " not in bare and "<code>bbbbbbb</code>" in bare


def test_a_long_history_links_to_the_rest() -> None:
    site = site_of(Path(__file__).resolve().parent.parent)
    html = history_html(_changes(SHOWN + 5), site, X)
    assert html.count("<li>") == SHOWN
    assert f'href="{site.repo_url}/commits/{site.branch}/{X}">5 earlier changes</a>' in html
    gitlab = commit_url("https://gitlab.com/o/r", "c" * 40)
    assert gitlab == "https://gitlab.com/o/r/-/commit/" + "c" * 40


def test_a_checkout_shows_each_claims_history_on_its_page(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Publish the checks")
    report, problems = render_root(root)
    assert problems == "" and report is not None
    for page in (root / "docs" / "claims").glob("*.md"):
        if page.name == "index.md" or page.name.startswith("index-"):
            continue
        text = page.read_text(encoding="utf-8")
        assert "## History of this fact-check" in text, page.name
        assert ">Publish the checks</a>" in text, page.name


def test_a_copy_that_is_no_checkout_has_no_history_section(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    render_root(root)
    page = root / "docs" / "claims" / "embassy-tel-aviv-march-2023.md"
    assert "History of this fact-check" not in page.read_text(encoding="utf-8")


def test_a_subject_cannot_hide_a_commit_or_forge_one(repo: Path) -> None:
    """A subject that holds the log's own separator and a commit header of an earlier day is
    a subject: the commit keeps its file, and no commit of that day appears."""
    forged = f"Edit x \x1e{'a' * 40}\x1f2000-01-01\x1fforged"
    _write(repo, X, "id: x\nedited: twice\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", forged, date="2026-11-05T10:00:00+00:00")
    found = read_history(repo)
    assert found is not None
    assert [c.date for c in found[X]] == ["2026-11-05", "2026-11-02", "2026-11-01"]
    assert all(c.sha != "a" * 40 for changes in found.values() for c in changes)


def test_a_subject_with_terminal_escapes_and_bidi_overrides_is_shown_tamed() -> None:
    site = site_of(Path(__file__).resolve().parent.parent)
    change = Change("c" * 40, "2026-11-02", "fix \x1b[2J\x1b]0;x\x07 \u202egnol")
    html = history_html([change], site, X)
    assert not any(c in html for c in "\x1b\x07")
    # the override is closed right after the subject: the date after it reads as written
    assert "\u202egnol\u202c" in html
