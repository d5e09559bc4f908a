"""load/history.py: each claim file's history from one `git log`, for the rules that compare a
check's dates with git; absent outside a checkout, deterministic. Pages never show it: a
reader's page gives the dated notes of the claim file and links to the file's history on the
repository's host (commit subjects are the desk's words, not the publication's)."""

from __future__ import annotations

import dataclasses
import gzip
import subprocess
from pathlib import Path

import pytest

from conftest import copy_project, git, render_root, run_factsite, site_of
from factsite.load import history
from factsite.load.history import Change, parse_log, read_history
from factsite.render.claim_page import history_link
from factsite.render.i18n import english

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

SUBJECT = "Desk note zqxj: tidy the wording of the claim files"


def _committed(tmp_path: Path) -> tuple[Path, str]:
    root = copy_project(tmp_path / "project")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", SUBJECT)
    sha = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
    ).stdout.strip()
    return root, sha


def test_a_page_links_to_its_files_history_and_shows_no_commit(tmp_path: Path) -> None:
    root, sha = _committed(tmp_path)
    report, problems = render_root(root)
    assert problems == "" and report is not None
    site = site_of(root)
    for page in (root / "docs").rglob("*"):
        if page.is_file() and page.suffix in {".md", ".json", ".xml", ".csv"}:
            text = page.read_text(encoding="utf-8")
            assert "zqxj" not in text and sha[:12] not in text, page
    claim = (root / "docs" / "claims" / "embassy-tel-aviv-march-2023.md").read_text("utf-8")
    history = f"{site.repo_url}/commits/{site.branch}/claims/ynet-2026-01-azerbaijan-gaza/"
    assert f'href="{history}embassy-tel-aviv-march-2023.yaml"' in claim
    assert "History of this fact-check" not in claim


def test_the_history_link_follows_the_host_and_needs_a_repository() -> None:
    site = site_of(Path(__file__).resolve().parent.parent)
    gitlab = dataclasses.replace(site, repo_url="https://gitlab.com/o/r")
    assert 'href="https://gitlab.com/o/r/-/commits/main/claims/a/x.yaml"' in history_link(
        gitlab, X, english()
    )
    assert history_link(dataclasses.replace(site, repo_url=""), X, english()) == ""


@pytest.mark.slow
def test_no_commit_reaches_a_built_page_or_the_search_index(tmp_path: Path) -> None:
    """The built site of a checkout, its pages and Pagefind's index fragments (gzip), hold
    neither the commit's subject nor its hash."""
    root, sha = _committed(tmp_path)
    result = run_factsite(root, "build")
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    assert fragments
    for path in [*site.rglob("*.html"), *fragments]:
        data = path.read_bytes()
        if path.suffix == ".pf_fragment":
            data = gzip.decompress(data)
        text = data.decode("utf-8", "replace")
        assert "zqxj" not in text and sha[:12] not in text, path


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
