"""Killed and concurrent runs, with real processes: nothing is lost and nothing is mixed.

A build (or a render) of a changed project is killed with SIGKILL at one point of its work: the
test-only hook FACTSITE_TEST_PAUSE stops it exactly there (publish/pause.py), or the test waits
until mkdocs is writing. Then site/ must be the previous complete site, byte for byte, and the
next build must repair docs/, leave no temporary file or folder, and give exactly the site that a
build of the changed project gives. Two builds started at once must give that same site.
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import TODAY, copy_project, run_factsite
from factsite.problems import Problem
from factsite.publish import lock
from factsite.publish.write import MANIFEST

pytestmark = pytest.mark.slow  # every test here builds the site at least twice

CHANGED = "claims/ynet-2026-01-azerbaijan-gaza/embassy-tel-aviv-march-2023.yaml"
REMOVED = "claims/ynet-2026-01-azerbaijan-gaza/increasing-fuel-deliveries.yaml"


def change(root: Path) -> None:
    """A new ruling for one claim (its page, card, listings, feeds and data change) and one
    claim fewer (its pages must go)."""
    path = root / CHANGED
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ruling: >-\n  ", "ruling: >-\n  Changed. ", 1), encoding="utf-8")
    (root / REMOVED).unlink()


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under `folder` and a digest of its bytes; the manifest by its list of files
    (it also records the times at which pages were drawn)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            rel = path.relative_to(folder).as_posix()
            data = path.read_bytes()
            if rel == MANIFEST:
                data = json.dumps(json.loads(data)["files"]).encode()
            out[rel] = hashlib.sha256(data).hexdigest()
    return out


def leftovers(root: Path) -> list[str]:
    found = [p.name for p in root.iterdir() if p.name.startswith(".site-")]
    found += [p.relative_to(root).as_posix() for p in (root / "docs").rglob(".tmp-*")]
    return found + [p.name for p in (root / ".factsite-cache").glob(".tmp-*")]


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built: site/ is the previous complete site of every test."""
    root = copy_project(tmp_path_factory.mktemp("before") / "project")
    assert run_factsite(root, "build").returncode == 0
    return root


@pytest.fixture(scope="module")
def after(before: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """What a build of the changed project gives, uninterrupted: docs/ and site/."""
    root = tmp_path_factory.mktemp("after") / "project"
    shutil.copytree(before, root, symlinks=True)
    change(root)
    assert run_factsite(root, "build").returncode == 0
    return {"docs": fingerprint(root / "docs"), "site": fingerprint(root / "site")}


@pytest.fixture
def changed(before: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(before, root, symlinks=True)
    change(root)
    return root


class Run:
    """A factsite process in its own process group, its stderr read as it comes."""

    def __init__(self, root: Path, *args: str, pause: str | None = None) -> None:
        env = {**os.environ, "FACTSITE_TODAY": TODAY, "NO_MKDOCS_2_WARNING": "1"}
        env.pop("FACTSITE_TEST_PAUSE", None)
        if pause:
            env["FACTSITE_TEST_PAUSE"] = pause
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "factsite", "--root", str(root), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            start_new_session=True,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        with self.proc.stderr:
            for line in self.proc.stderr:
                self.lines.put(line)

    def wait(self, timeout: float = 300) -> int:
        code = self.proc.wait(timeout=timeout)
        self.reader.join(timeout=30)  # an orphaned engine may hold the pipe a little longer
        return code

    def wait_for(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=0.1):
                    return
            except queue.Empty:
                assert self.proc.poll() is None, f"the run ended before {text!r}"
        raise AssertionError(f"no {text!r} within {timeout} s")

    def kill(self, *, group: bool = False) -> None:
        if group:  # as a cancelled CI job: every process of the run
            os.killpg(self.proc.pid, signal.SIGKILL)
        else:  # factsite alone: an engine it started lives on, orphaned
            self.proc.kill()
        self.wait(timeout=30)


def wait_until_mkdocs_writes(root: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for folder in root.glob(".site-build-*"):
            if any(folder.rglob("*.html")):
                return
        time.sleep(0.02)
    raise AssertionError("mkdocs wrote nothing")


# (what is killed, how): each a point in the work of a build or a render
KILLS = {
    "build, pages written beside their place": ("build", "stage", False),
    "build, half the pages renamed into docs/": ("build", "write", False),
    "build, mkdocs writing, factsite alone": ("build", None, False),
    "build, mkdocs writing, every process": ("build", None, True),
    "build, the changed pages built, none moved into site/": ("build", "engine", False),
    "render, half the pages renamed into docs/": ("render", "write", True),
}


@pytest.mark.parametrize("kill", KILLS.values(), ids=KILLS.keys())
def test_a_killed_run_leaves_the_previous_site_and_the_next_build_repairs(
    before: Path, changed: Path, after: dict[str, dict[str, str]], kill: tuple
) -> None:
    command, point, group = kill
    previous = fingerprint(before / "site")
    run = Run(changed, command, pause=point)
    if point is None:
        wait_until_mkdocs_writes(changed)
    else:
        run.wait_for(f"paused at {point}")
    run.kill(group=group)
    assert fingerprint(changed / "site") == previous
    left = leftovers(changed)
    if point == "stage":  # the killed run's partial files are there to repair
        assert any("/.tmp-" in name for name in left), left
    elif point == "write":
        docs = fingerprint(changed / "docs")
        assert docs != after["docs"] and docs != fingerprint(before / "docs")
    elif point == "engine":  # the pages the change alters, built, never moved into place
        [built] = changed.glob(".site-build-*")
        made = fingerprint(built)
        assert made and all(after["site"][rel] == digest for rel, digest in made.items())
        assert {rel for rel in made if previous.get(rel) != made[rel]}  # some are new
    else:
        assert any(name.startswith(".site-build-") for name in left), left

    result = run_factsite(changed, "build")
    assert result.returncode == 0, result.stderr
    if point is not None:  # the killed run held the lock; the kernel let it go
        assert "waiting for another factsite run" not in result.stderr
    assert fingerprint(changed / "docs") == after["docs"]
    assert fingerprint(changed / "site") == after["site"]
    assert leftovers(changed) == []


def test_killed_half_way_through_moving_the_changes_the_next_run_undoes_them(
    before: Path, changed: Path, after: dict[str, dict[str, str]]
) -> None:
    """A build after a change moves its pages into site/ one by one (swap.Journal): killed
    after the pages and before the search index, site/ is half new; the next run, whatever
    it is, puts back the previous site, byte for byte."""
    previous = fingerprint(before / "site")
    run = Run(changed, "build", pause="commit")
    run.wait_for("paused at commit")
    run.kill()
    half = fingerprint(changed / "site")
    assert half != previous and half != after["site"]
    assert [p.name for p in changed.glob(".site-undo-*")]

    rendered = run_factsite(changed, "render")
    assert rendered.returncode == 0, rendered.stderr
    assert "site/ was half changed by an interrupted build" in rendered.stderr
    assert fingerprint(changed / "site") == previous
    assert leftovers(changed) == []

    assert run_factsite(changed, "build").returncode == 0
    assert fingerprint(changed / "site") == after["site"]
    assert leftovers(changed) == []


def test_killed_between_the_two_renames_the_next_run_puts_the_site_back(
    before: Path, changed: Path, after: dict[str, dict[str, str]]
) -> None:
    """The one instant site/ does not exist: the previous site is whole under another name.
    (Only a build from nothing swaps folders: without its record, the build cannot reuse.)"""
    previous = fingerprint(before / "site")
    (changed / ".factsite-cache" / "build.bin").unlink()
    run = Run(changed, "build", pause="swap")
    run.wait_for("paused at swap")
    run.kill()
    assert not (changed / "site").exists()
    [old] = changed.glob(".site-old-*")
    assert fingerprint(old) == previous

    rendered = run_factsite(changed, "render")  # any run repairs first, under the lock
    assert rendered.returncode == 0
    assert "site/ was missing after an interrupted build" in rendered.stderr
    assert fingerprint(changed / "site") == previous
    assert leftovers(changed) == []

    assert run_factsite(changed, "build").returncode == 0
    assert fingerprint(changed / "site") == after["site"]


def test_two_builds_at_once_give_the_site_of_one(
    changed: Path, after: dict[str, dict[str, str]]
) -> None:
    runs = [Run(changed, "build"), Run(changed, "build")]
    for run in runs:
        assert run.wait() == 0
    said = []
    for run in runs:
        while not run.lines.empty():
            said.append(run.lines.get())
    assert any("waiting for another factsite run (pid " in line for line in said)
    assert fingerprint(changed / "docs") == after["docs"]
    assert fingerprint(changed / "site") == after["site"]
    assert leftovers(changed) == []


def test_a_lock_held_by_a_killed_process_does_not_block(changed: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from factsite.publish import lock; "
            "lock.acquire(Path(sys.argv[1])); print('held', flush=True); time.sleep(120)",
            str(changed),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    with holder.stdout:
        assert holder.stdout.readline() == "held\n"
    assert isinstance(lock.acquire(changed, timeout=0), Problem)  # held, indeed
    holder.kill()
    holder.wait()
    fd = lock.acquire(changed, timeout=0)
    assert isinstance(fd, int)
    lock.release(fd)
