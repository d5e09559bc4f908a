"""Load: each claim file's history, from git, when the project is a git checkout.

One `git log` over claims/ gives every commit that changed a claim file, newest first, with the
files it changed; renames within claims/ are followed, so a moved claim keeps its past. Merges
are skipped (their changes are the merged commits'). Anything that goes wrong means no history,
never a problem: git missing, a folder that is not a checkout, a shallow clone (whose oldest
commit would seem to add every file), an error or a timeout. The claim pages then have none.

The same history gives the same value: commits, dates and subjects as git stores them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from factsite.load.files import CLAIMS_DIR

TIMEOUT_SECONDS = 20
_RECORD = "\x1e"  # starts each commit in the log: no path, date or hash holds it
_FORMAT = f"--format={_RECORD}%H%x00%as%x00%s"
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")  # SHA-1 or SHA-256
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Change:
    """One commit that changed a claim file."""

    sha: str
    date: str  # the author date, YYYY-MM-DD
    subject: str  # the first line of the commit message, as its author wrote it


History = dict[str, list[Change]]  # claim file path (as Project.claim_paths) -> newest first


def _git(root: Path, *args: str) -> str | None:
    """The output of `git ARGS` run in `root`, or None if it failed in any way."""
    executable = shutil.which("git")
    if executable is None:
        return None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            [executable, "-c", "core.quotePath=false", "-c", "log.showSignature=false", *args],
            cwd=root,
            env=env,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def head(root: Path) -> str | None:
    """What the history depends on besides the files: the commit checked out and whether the
    clone is shallow (`git rev-parse`), or None outside a checkout. Part of the render's key."""
    out = _git(root, "rev-parse", "--is-shallow-repository", "HEAD")
    return " ".join(out.split()) if out else None


def read_history(root: Path, folder: str = CLAIMS_DIR) -> History:
    """{claim file path: its changes, newest first} from one `git log`; {} when there is none."""
    state = head(root)
    if state is None or not state.startswith("false "):
        return {}  # not a checkout, or a shallow one whose history is cut short
    out = _git(
        root,
        "-c",
        "i18n.logOutputEncoding=UTF-8",
        "log",
        _FORMAT,
        "--name-status",
        "-M",
        "--relative",  # paths relative to the project, which may be a folder of the repository
        "--no-color",
        "--",
        folder,
    )
    return {} if out is None else parse_log(out)


def parse_log(out: str) -> History:
    """The history in the output of read_history's `git log`, renames followed."""
    history: History = {}
    current: dict[str, str] = {}  # an older name -> the path the file has now
    for record in out.split(_RECORD)[1:]:
        lines = record.split("\n")
        fields = lines[0].split("\x00")
        if len(fields) != 3 or not _SHA.match(fields[0]) or not _DATE.match(fields[1]):
            continue  # not a commit as the format writes it: skipped, never guessed at
        change = Change(fields[0], fields[1], " ".join(fields[2].split()))
        for line in lines[1:]:
            status, *paths = line.split("\t")
            if not paths:
                continue
            if status.startswith("R") and len(paths) == 2:
                old, new = paths
                now = current.get(new, new)
                current[old] = now  # older commits name the file by its old path
            else:
                now = current.get(paths[-1], paths[-1])
            changes = history.setdefault(now, [])
            if not changes or changes[-1] != change:
                changes.append(change)
    return history
