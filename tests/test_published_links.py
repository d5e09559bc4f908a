"""Nothing outside the project is published: symbolic links under docs/ (and the theme's
custom_dir) that lead outside are refused, located, before the engine runs (check/pages.py)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import copy_project, run_factsite
from factsite.check.pages import links_outside
from factsite.load.files import Layout

MARK = "published-from-outside-the-project\n"


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(MARK, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("link", "target"),
    [
        ("docs/leak.txt", "../../outside/secret.txt"),  # a file
        ("docs/leak-folder", "../../outside"),  # a folder
        ("docs/leak-abs.txt", "ABSOLUTE"),  # an absolute link
    ],
)
def test_a_link_outside_the_project_is_refused(leaky: Path, link: str, target: str) -> None:
    target = str(leaky.parent / "outside" / "secret.txt") if target == "ABSOLUTE" else target
    os.symlink(target, leaky / link)
    result = run_factsite(leaky, "validate")
    assert result.returncode == 1
    expected = (
        f"{link}:1:1: error[file-outside-repo] the symbolic link {link} points to {target!r}, "
        "outside the project, which would be published"
    )
    assert expected in result.stdout, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_build_refuses_before_the_engine_runs_and_keeps_the_site(leaky: Path) -> None:
    assert run_factsite(leaky, "build").returncode == 0
    before = sorted(p.relative_to(leaky / "site") for p in (leaky / "site").rglob("*"))
    os.symlink("../../outside/secret.txt", leaky / "docs" / "leak.txt")
    os.symlink("../../outside", leaky / "overrides-leak")  # not published: not refused
    result = run_factsite(leaky, "build")
    assert result.returncode == 1, result.stderr
    assert "docs/leak.txt:1:1: error[file-outside-repo]" in result.stdout
    after = sorted(p.relative_to(leaky / "site") for p in (leaky / "site").rglob("*"))
    assert after == before
    leaked = [
        p
        for p in (leaky / "site").rglob("*")
        if p.is_file() and MARK in p.read_text(errors="replace")
    ]
    assert leaked == []


def test_a_link_inside_the_project_is_fine(leaky: Path) -> None:
    os.symlink("../verdicts.yaml", leaky / "docs" / "verdicts-copy.yaml")
    result = run_factsite(leaky, "validate")
    assert "file-outside-repo" not in result.stdout, result.stdout


def test_a_pipe_in_docs_or_claims_is_a_problem_not_a_hang(leaky: Path) -> None:
    os.mkfifo(leaky / "docs" / "pipe.md")
    os.mkfifo(leaky / "claims" / "ynet-2026-01-azerbaijan-gaza" / "pipe.yaml")
    result = run_factsite(leaky, "validate")  # run_factsite's timeout ends a hang as a failure
    assert result.returncode == 1
    for path in ("docs/pipe.md", "claims/ynet-2026-01-azerbaijan-gaza/pipe.yaml"):
        assert f"{path}:1:1: error[file-unreadable] not a regular file" in result.stdout, (
            result.stdout
        )


def test_a_round_of_serve_looks_at_the_changed_paths_and_the_generated_folders(
    leaky: Path,
) -> None:
    """A preview's round (check/pages.links_outside with `changed`) finds a link among the
    paths its watcher reported, or where the renderer writes, without walking docs/."""
    layout = Layout(leaky)
    (leaky / "docs" / "deep" / "er").mkdir(parents=True)
    os.symlink("../../../../outside/secret.txt", leaky / "docs" / "deep" / "er" / "leak.txt")
    assert links_outside(layout, None, []) == []  # not among the changes: the next build's
    found = links_outside(layout, None, ["docs/deep/er/leak.txt"])
    assert [(p.path, p.code) for p in found] == [("docs/deep/er/leak.txt", "file-outside-repo")]
    assert found == links_outside(layout, None)  # what the whole walk finds
    shutil.rmtree(leaky / "docs" / "claims", ignore_errors=True)
    os.symlink("../../outside", leaky / "docs" / "claims")  # where the renderer writes
    found = links_outside(layout, None, [])
    assert [(p.path, p.code) for p in found] == [("docs/claims", "file-outside-repo")]


def test_a_pipe_that_is_no_page_is_found_too(leaky: Path) -> None:
    """The walk of docs/ (check/pages._scan) finds a special file wherever it is: a pipe
    among the static files is no page, which only that walk looks at."""
    (leaky / "docs" / "assets" / "deep").mkdir(parents=True, exist_ok=True)
    os.mkfifo(leaky / "docs" / "assets" / "deep" / "data.bin")
    found = links_outside(Layout(leaky), None)
    assert [(p.path, p.code) for p in found] == [("docs/assets/deep/data.bin", "file-unreadable")]
