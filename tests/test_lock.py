"""One run at a time in a project (publish/lock.py), and what clean keeps for the next run.

The tests that kill real builds, and the one that starts two at once, are in
test_interrupted.py; these are the quick ones.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import copy_project, run_factsite
from factsite.cli import main
from factsite.problems import Problem
from factsite.publish import cache, lock


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_a_second_run_waits_says_so_and_gives_up_with_a_message(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fd = lock.acquire(root)
    assert isinstance(fd, int)
    try:
        monkeypatch.setenv(lock.TIMEOUT_ENV, "1")
        result = run_factsite(root, "render")
    finally:
        lock.release(fd)
    assert result.returncode == 1
    assert f"waiting for another factsite run (pid {os.getpid()}) in this project" in result.stderr
    assert result.stdout.startswith(".factsite-cache/lock:1:1: error[project-busy] another")
    assert not (root / "docs" / "claims").exists()  # it waited, then wrote nothing
    assert run_factsite(root, "render").returncode == 0  # released: the next one runs


def test_the_lock_is_taken_once_and_released(root: Path) -> None:
    first = lock.acquire(root, timeout=0)
    assert isinstance(first, int) and lock.inherited() == (first,)
    second = lock.acquire(root, timeout=0)
    assert isinstance(second, Problem) and second.code == "project-busy"
    lock.release(first)
    assert lock.inherited() == ()
    with lock.project_lock(root, timeout=0) as refused:
        assert refused is None
        assert (root / ".factsite-cache" / "lock").read_text() == f"{os.getpid()}\n"


def test_a_lock_that_cannot_be_created_is_a_write_problem(
    root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def read_only(root: Path) -> Path:
        raise OSError(30, "Read-only file system")  # EROFS: root ignores permission bits

    monkeypatch.setattr(lock, "cache_folder", read_only)
    assert main(["--root", str(root), "render"]) == 1
    assert capsys.readouterr().out == (
        ".factsite-cache/lock:1:1: error[write-failed] cannot write it: read-only file system; "
        "run factsite where the project can be written\n"
    )


def test_a_gitignore_cut_short_is_written_again(root: Path) -> None:
    folder = cache.cache_folder(root)
    ignore = folder / ".gitignore"
    assert ignore.read_text() == cache.GITIGNORE
    ignore.write_text("# factsite's cache")  # a run killed while writing it
    cache.cache_folder(root)
    assert ignore.read_text() == cache.GITIGNORE
    ignore.unlink()
    cache.cache_folder(root)
    assert ignore.read_text().splitlines()[-1] == "*"


def test_clean_removes_what_runs_made_and_left_but_keeps_the_lock(root: Path) -> None:
    assert run_factsite(root, "render").returncode == 0
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("a site")
    dead = root / ".site-build-999999999-x"  # a pid no process has
    dead.mkdir()
    (root / "docs" / "claims" / ".tmp-abcd1234").write_text("partial")
    (root / ".factsite-cache" / "check.bin").write_text("cached")
    hand_written = sorted(p.name for p in (root / "docs").glob("*.md"))

    result = run_factsite(root, "clean")
    assert result.returncode == 0, result.stderr
    assert not (root / "site").exists() and not dead.exists()
    assert not (root / "docs" / "claims").exists()
    assert sorted(p.name for p in (root / "docs").glob("*.md")) == hand_written
    assert sorted(os.listdir(root / ".factsite-cache")) == [".gitignore", "lock"]
