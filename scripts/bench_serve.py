"""Edit-to-preview latency: `factsite serve` next to plain `mkdocs serve` on the same tree.

A server is started on a free port of 127.0.0.1 and asked for a claim's page until it answers;
then a file is saved and the page is asked for, every 50 ms, until the save shows, as many
times as asked. Each figure is the time from a save to the first answer that shows it.
scripts/bench.py calls `serve_latency`; the edited file is put back afterwards, and the server
stopped (SIGINT, as a person's Ctrl-C).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

POLL_S = 0.05


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:  # noqa: S310 - our own loopback
            return r.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return None


def _until(url: str, ok: Callable[[str], bool], timeout: float, proc: subprocess.Popen) -> float:
    """Seconds until `url` answers with a body `ok` accepts (the server must keep running)."""
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if proc.poll() is not None:
            raise SystemExit(f"bench: the server stopped ({proc.returncode}) before {url} served")
        body = _get(url)
        if body is not None and ok(body):
            return time.perf_counter() - t0
        time.sleep(POLL_S)
    raise SystemExit(f"bench: {url} did not serve what was expected within {timeout:.0f} s")


def _done(log: Path, line: str | None, rounds: int, timeout: float) -> None:
    """Wait until the server's log holds `rounds` lines starting with `line`."""
    t0 = time.perf_counter()
    while line is not None and time.perf_counter() - t0 < timeout:
        said = log.read_text("utf-8", "replace").splitlines()
        if sum(x.startswith(line) for x in said) >= rounds:
            return
        time.sleep(POLL_S)


def serve_latency(
    cmd: list[str],
    cwd: Path,
    url: str,
    edit: Path,
    change: Callable[[str, str], str],
    marker: str,
    env: dict[str, str],
    timeout: float = 900,
    saves: int = 1,
    done: str | None = None,
) -> dict[str, Any]:
    """{"start_s": until the page first served, "edit_s": from the first save until the page
    showed it, "saves_s": the same for each of `saves` saves, one after another}. `change`
    gives the file's text with a marker in it (the marker and the save's number). `done`:
    the line the server prints when a round is over (`factsite serve` shows the saved page
    before it makes the pages that list it): each save after the first waits for the last
    round's."""
    original = edit.read_text("utf-8")
    log = cwd / ".bench-serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **env}, stdout=out, stderr=out)
    try:
        start = _until(url, lambda body: marker not in body, timeout, proc)
        seen = []
        for k in range(saves):
            time.sleep(1.0)  # let the server settle (its watcher armed)
            _done(log, done, k, timeout)  # and its last round done, when it says so
            mark = f"{marker} {k}"
            edit.write_text(change(original, mark), "utf-8")
            seen.append(_until(url, lambda body, mark=mark: mark in body, timeout, proc))
        return {"start_s": start, "edit_s": seen[0], "saves_s": seen}
    finally:
        edit.write_text(original, "utf-8")
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.unlink(missing_ok=True)
