"""No backdating: a claim's dates checked against the git history of its file.

When the project is a git checkout with its full history:

- `published` may not be earlier than the day the file first entered the history (the author
  date of the oldest commit that added it, following renames);
- the date the page shows as updated (`updated`, else `published`) may not be earlier than the
  file's last *change of substance*, and such a change after publication needs an `updates`
  entry dated on or after it.

A change of substance is a commit whose version of the file differs from the version before it
in the claimant, the verdict, the ruling or the analysis (whitespace aside: re-wrapping a
paragraph is not a change), or in its sources' urls and stances (a source added, removed,
replaced, or now read the other way). Titles, publishers, notes, kinds, relations, dates and
archive links of sources, topics and the dates themselves are not: fixing them needs no entry.

The cost is one `git log` for the whole claims folder, whatever its size, listing every commit
that touched it with the blob ids of each file before and after. Versions are read (one `git
cat-file --batch` for all of them) only for commits dated after the day up to which a file's
dates already account for changes; when every date is right, none is.
Outside git, in a shallow clone (whose oldest commit would seem to add every file), for files
not yet committed, or when git is missing, the rule does not apply.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from factsite.load.strict_yaml import parse

_GIT_TIMEOUT = 60
_NO_BLOB = "0" * 40


@dataclass(frozen=True)
class Change:
    """One commit that touched a file: its blobs before and after (before is None: added)."""

    commit: str
    day: str  # author date, YYYY-MM-DD
    before: str | None
    after: str


@dataclass
class FileHistory:
    changes: list[Change] = field(default_factory=list)  # newest first
    added: Change | None = None  # the oldest commit that added the file


@dataclass(frozen=True)
class Substantive:
    commit: str
    day: str
    fields: tuple[str, ...]  # what changed: claimant, verdict, ruling, analysis, sources


def _argv(root: Path, *args: str) -> list[str] | None:
    """git's argv for `root`, or None without git. Repository-pointing variables (GIT_DIR, set
    in hooks) are left out by _env: the history is the one of the folder checked."""
    git = shutil.which("git")
    return None if git is None else [git, "-C", str(root), "-c", "core.quotePath=false", *args]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}


def _git(root: Path, *args: str) -> str | None:
    argv = _argv(root, *args)
    if argv is None:
        return None
    try:
        result = subprocess.run(  # noqa: S603 - git with a fixed argv
            argv,
            capture_output=True,
            check=False,
            timeout=_GIT_TIMEOUT,
            env=_env(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.decode("utf-8", "replace") if result.returncode == 0 else None


def head(root: Path) -> str:
    """The commit checked out at `root` ("" outside git): part of the check cache's key, since
    a new commit can make a clean project's dates wrong."""
    out = _git(root, "rev-parse", "--is-shallow-repository", "HEAD")
    return " ".join(out.split()) if out else ""


def read_history(root: Path, folder: str) -> dict[str, FileHistory] | None:
    """Every file under `folder` (paths relative to `root`) with its commits, newest first;
    None when the rule does not apply (not git, a shallow clone, no git)."""
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    if shallow is None or shallow.strip() != "false":
        return None
    log = _git(
        root,
        *("log", "--format=%x01%H %as", "--raw", "--no-abbrev", "-z", "-M", "--relative"),
        *("--", folder),
    )
    return None if log is None else _parse_log(log)


def _parse_log(log: str) -> dict[str, FileHistory]:
    files: dict[str, FileHistory] = {}
    alias: dict[str, str] = {}  # a path in an older commit -> the file's path now
    for chunk in log.split("\x01")[1:]:
        header, _, rest = chunk.partition("\0")
        commit, _, day = header.strip().partition(" ")
        tokens = [t.strip("\n") for t in rest.split("\0")]
        tokens = [t for t in tokens if t]
        i = 0
        while i < len(tokens):
            fields = tokens[i].split()
            status = fields[-1] if fields else ""
            before, after = (fields[2], fields[3]) if len(fields) >= 5 else (_NO_BLOB, _NO_BLOB)
            if status.startswith(("R", "C")):
                old, new = tokens[i + 1], tokens[i + 2] if i + 2 < len(tokens) else ""
                i += 3
                now = alias.get(new, new)
                alias[old] = now
            else:
                old = new = tokens[i + 1] if i + 1 < len(tokens) else ""
                i += 2
                now = alias.get(new, new)
            if status == "D" or not now:
                continue
            history = files.setdefault(now, FileHistory())
            change = Change(commit, day, None if before == _NO_BLOB else before, after)
            history.changes.append(change)
            if status == "A":
                history.added = change  # older ones come later: the oldest add wins
    return files


def substance(data: Any) -> dict[str, Any] | None:
    """What a change of substance changes, from a file's parsed data (None: unreadable)."""
    if not isinstance(data, dict):
        return None

    def words(value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    sources = data.get("sources")
    return {
        "claimant": data.get("claimant"),
        "verdict": data.get("verdict"),
        "ruling": words(data.get("ruling")),
        "analysis": words(data.get("analysis")),
        "sources": [
            (s.get("url"), s.get("stance")) if isinstance(s, dict) else s
            for s in (sources if isinstance(sources, list) else [])
        ],
    }


class _Blobs:
    """`git cat-file --batch`, one process for every version read, each parsed once."""

    def __init__(self, root: Path) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.root = root
        self.seen: dict[str, dict[str, Any] | None] = {}

    def substance(self, blob: str) -> dict[str, Any] | None:
        if blob not in self.seen:
            text = self._read(blob)
            self.seen[blob] = None if text is None else substance(parse("", text).data)
        return self.seen[blob]

    def _read(self, blob: str) -> str | None:
        if self.proc is None:
            argv = _argv(self.root, "cat-file", "--batch")
            if argv is None:
                return None
            self.proc = subprocess.Popen(  # noqa: S603 - git with a fixed argv
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
            )
        stdin, stdout = self.proc.stdin, self.proc.stdout
        if stdin is None or stdout is None:
            return None
        stdin.write(blob.encode() + b"\n")
        stdin.flush()
        return _answer(stdout)

    def close(self) -> None:
        if self.proc is None:
            return
        for pipe in (self.proc.stdin, self.proc.stdout):  # end of input: git exits
            if pipe is not None:
                pipe.close()
        try:
            self.proc.wait(timeout=_GIT_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _answer(stdout: IO[bytes]) -> str | None:
    head_line = stdout.readline().split()
    if len(head_line) != 3 or head_line[1] != b"blob":
        return None  # "<sha> missing"
    body = stdout.read(int(head_line[2]) + 1)[:-1]  # the content, then a newline
    return body.decode("utf-8", "replace")


def last_substantive(
    root: Path, histories: dict[str, FileHistory], after: dict[str, str]
) -> dict[str, Substantive]:
    """For each file, its newest change of substance dated after `after[path]`, if any.

    A change on or before that day cannot make the file's dates wrong (backdating.py gives
    the day), so it is never read: a project whose dates are right reads no version at all,
    and a file with a single commit (its add) never does.
    """
    found: dict[str, Substantive] = {}
    blobs = _Blobs(root)
    try:
        for path, history in histories.items():
            since = after.get(path, "")
            for change in history.changes:
                if change.before is None:
                    break  # the add: no change of substance before it
                if change.day <= since:
                    continue
                old, new = blobs.substance(change.before), blobs.substance(change.after)
                if old != new:
                    before, now = old or {}, new or {}
                    keys = sorted(before.keys() | now.keys())
                    what = tuple(k for k in keys if before.get(k) != now.get(k))
                    found[path] = Substantive(change.commit, change.day, what)
                    break
    except (OSError, ValueError, subprocess.SubprocessError):
        pass  # git went away mid-way: what was found stands
    finally:
        blobs.close()
    return found
