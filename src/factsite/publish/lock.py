"""One run at a time in a project: render, build, serve (while it rebuilds) and clean.

The lock is an exclusive flock(2) on .factsite-cache/lock. The kernel releases it when the
process that holds it ends, however it ends (SIGKILL, a cancelled CI job), so a killed run never
leaves a stale lock behind: the file stays, the lock does not. The engine processes a run starts
inherit the lock's descriptor (`inherited()`, passed as pass_fds), so the lock is held until the
last of them exits: an engine orphaned by a killed factsite, still writing into its temporary
folder, keeps the next run waiting instead of racing it.

A second run waits, says so once on stderr, and gives up after FACTSITE_LOCK_TIMEOUT seconds
(600 by default) with a `project-busy` problem. Failing to create the lock file (a read-only
checkout, a full disk) is a `write-failed` problem. Neither raises.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from factsite.problems import Problem
from factsite.publish.cache import CACHE_DIR, cache_folder
from factsite.publish.errors import write_problem

LOCK_FILE = "lock"
TIMEOUT_ENV = "FACTSITE_LOCK_TIMEOUT"
DEFAULT_TIMEOUT = 600.0
POLL_SECONDS = 0.1
_held: list[int] = []  # descriptors of the locks this process holds


def inherited() -> tuple[int, ...]:
    """The descriptors an engine process must inherit, so that it holds the lock too."""
    return tuple(_held)


def _timeout() -> float:
    try:
        return max(0.0, float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def _open(root: Path) -> int | Problem:
    rel = f"{CACHE_DIR}/{LOCK_FILE}"
    try:
        path = cache_folder(root) / LOCK_FILE
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        return write_problem(rel, exc)


def _holder(fd: int) -> str:
    """The pid the holder wrote into the lock file, as text ('?' while it has not yet)."""
    try:
        return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
    except OSError:
        return "?"


def _still_the_file(fd: int, root: Path) -> bool:
    """Whether `fd` is still the file at the lock's path (not one removed while we waited)."""
    try:
        here = os.stat(root / CACHE_DIR / LOCK_FILE, follow_symlinks=False)
    except OSError:
        return False
    st = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (here.st_dev, here.st_ino)


def acquire(root: Path, timeout: float | None = None) -> int | Problem:
    """The descriptor of the project's lock, held, or the problem that kept us from it."""
    wait = _timeout() if timeout is None else timeout
    deadline, said = time.monotonic() + wait, False
    while True:
        fd = _open(root)
        if isinstance(fd, Problem):
            return fd
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                pid = _holder(fd)
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return _busy(pid, wait)
                if not said:
                    said = True
                    print(
                        f"factsite: waiting for another factsite run (pid {pid}) in this "
                        f"project to finish (up to {wait:g} s, {TIMEOUT_ENV})…",
                        file=sys.stderr,
                    )
                time.sleep(POLL_SECONDS)
        if _still_the_file(fd, root):
            break
        os.close(fd)  # the file was replaced while we waited: lock the one that is there now
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    _held.append(fd)
    return fd


def release(fd: int) -> None:
    with contextlib.suppress(ValueError):
        _held.remove(fd)
    os.close(fd)  # closing the last descriptor of the file releases the flock


@contextlib.contextmanager
def project_lock(root: Path, timeout: float | None = None) -> Iterator[Problem | None]:
    """Hold the project's lock for the block: None, or the problem that kept us from it."""
    fd = acquire(root, timeout)
    if isinstance(fd, Problem):
        yield fd
        return
    try:
        yield None
    finally:
        release(fd)


def _busy(pid: str, wait: float) -> Problem:
    why = (
        f"another factsite run (pid {pid}) has been rendering or building in this project for "
        f"more than {wait:g} s: wait for it or stop it, then run again"
    )
    return Problem(f"{CACHE_DIR}/{LOCK_FILE}", 1, 1, "project-busy", why)
