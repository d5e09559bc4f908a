"""Load: the claim files' history, from git, when the project is a git checkout.

The one reader of git. One `git log` over claims/ gives every commit that changed a claim file,
newest first, with the file's blobs before and after it; renames within claims/ are followed,
so a moved claim keeps its past, and a deleted file keeps its entry. The claim pages show it
(render/history.py), the rule against backdating reads it (check/backdating.py) and so does the
rule that a published check never silently disappears (check/continuity.py, which also asks
`on_branch` whether a deleted file was ever published); one run reads it once. File versions are
read through one `git cat-file --batch` (Versions).

Merges are skipped (their changes are the merged commits'). Anything that goes wrong means no
history, never a problem: git missing, a folder that is not a checkout, a shallow clone (whose
oldest commit would seem to add every file), an error or a timeout.

The log is read by position: git separates every field with NUL, which no subject or path can
hold, so a commit subject or a file name never passes for another commit or another file.
The same history gives the same value: commits, dates and subjects as git stores them.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from factsite.load.files import CLAIMS_DIR

TIMEOUT_SECONDS = 60
_HEADER = "\x1e"  # starts each commit's line in the log (NUL-separated, read by position)
_FORMAT = f"--format={_HEADER}%H %as %s"
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")  # SHA-1 or SHA-256
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NO_BLOB = re.compile(r"^0+$")


@dataclass(frozen=True)
class Change:
    """One commit that changed a claim file."""

    sha: str
    date: str  # the author date, YYYY-MM-DD
    subject: str  # the first line of the commit message, as its author wrote it
    before: str | None = None  # the file's blob before the commit; None: the commit added it
    after: str | None = None  # its blob after
    path: str = ""  # the file's path after the commit: an older name, if it was renamed since


History = dict[str, tuple[Change, ...]]  # claim file path (as Project.claim_paths) -> newest first


_CONFIG = ("core.quotePath=false", "i18n.logOutputEncoding=UTF-8", "log.showSignature=false")


def _argv(root: Path, *args: str) -> list[str] | None:
    """git's argv for `root`, or None without git."""
    git = shutil.which("git")
    config = [arg for setting in _CONFIG for arg in ("-c", setting)]
    return None if git is None else [git, "-C", str(root), *config, *args]


def _env() -> dict[str, str]:
    """The environment without the variables that point git elsewhere (GIT_DIR, set in hooks):
    the history is the one of the folder read."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    return {**env, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0"}


def _git(root: Path, *args: str) -> str | None:
    """The output of `git ARGS` run in `root`, or None if it failed in any way."""
    argv = _argv(root, *args)
    if argv is None:
        return None
    try:
        done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
            argv, env=_env(), capture_output=True, timeout=TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def head(root: Path) -> str | None:
    """What the history depends on besides the files: whether the clone is shallow and the
    commit checked out (`git rev-parse`), or None outside a checkout. Part of the caches' keys:
    a new commit changes the history (the pages) and can make a clean project's dates wrong."""
    out = _git(root, "rev-parse", "--is-shallow-repository", "HEAD")
    return " ".join(out.split()) if out else None


def tracked(root: Path, path: str) -> bool:
    """Whether git tracks any file at `path` (relative to root): False outside a checkout."""
    return bool(_git(root, "ls-files", "-z", "--", path))


def unavailable(root: Path) -> str | None:
    """Why there is no history to read, in a few words, or None when there is one: what the
    rules that need it (check/backdating.py) report instead of passing silently."""
    if shutil.which("git") is None:
        return "git is not installed"
    state = head(root)
    if state is None:
        return "the site is not a git checkout with a commit"
    if not state.startswith("false "):
        return "the clone is shallow (a workflow's checkout needs fetch-depth: 0)"
    return None


def read_history(root: Path, folder: str = CLAIMS_DIR) -> History | None:
    """{claim file path: its changes, newest first} from one `git log`; None when there is
    none to read (not a checkout, a shallow one, no git, git failed)."""
    state = head(root)
    if state is None or not state.startswith("false "):
        return None
    found = _read(str(root.resolve()), folder, state)
    return None if found is None else dict(found)


@functools.lru_cache(maxsize=4)
def _read(root: str, folder: str, state: str) -> History | None:
    """The log for one commit checked out (`state`): read once per run, whoever asks."""
    out = _git(
        Path(root),
        *("log", _FORMAT, "--raw", "--no-abbrev", "-z", "-M", "--no-color"),
        "--relative",  # paths relative to the project, which may be a folder of the repository
        *("--", folder),
    )
    return None if out is None else parse_log(out)


def parse_log(out: str) -> History:
    """The history in the output of `git log --raw -z` as _read runs it, renames followed.

    Tokens come in order: a commit's header (_HEADER, sha, date, subject), then for each file
    a raw line (":modes blobs status") and its one path, or two for a rename or a copy. A
    header or raw line that is not as the format writes it is skipped, never guessed at; so is
    everything up to the next header after a malformed one.
    """
    history: dict[str, list[Change]] = {}
    current: dict[str, str] = {}  # an older name -> the path the file has now
    tokens, i, commit = out.split("\0"), 0, None
    while i < len(tokens):
        token = tokens[i].lstrip("\n")
        i += 1
        if token.startswith(_HEADER):
            sha, _, rest = token[1:].partition(" ")
            date, _, subject = rest.partition(" ")
            good = _SHA.match(sha) and _DATE.match(date)
            commit = (sha, date, " ".join(subject.split())) if good else None
            continue
        fields = token[1:].split() if token.startswith(":") else []
        if len(fields) != 5:
            continue  # not a raw line: a stray token (a header's subject cannot hold a NUL)
        status, paths = fields[4], 2 if fields[4][:1] in ("R", "C") else 1
        names, i = tokens[i : i + paths], i + paths
        if commit is None or len(names) != paths or status == "D":
            continue
        if status.startswith("R"):
            current[names[0]] = current.get(names[1], names[1])  # older commits: old name
        now = current.get(names[-1], names[-1])
        before = None if _NO_BLOB.match(fields[2]) else fields[2]
        changes = history.setdefault(now, [])
        if not changes or changes[-1].sha != commit[0]:
            changes.append(Change(*commit, before=before, after=fields[3], path=names[-1]))
    return {path: tuple(changes) for path, changes in history.items()}


def on_branch(root: Path, branch: str, paths: list[str]) -> set[str] | None:
    """Of `paths` (relative to the project), those that a commit of the publishing branch ever
    changed: `origin/BRANCH` where a clone has it (CI fetches it), else `BRANCH`. None when
    neither ref exists or git failed: the caller then cannot tell a published file from one
    that only a branch under review held, and counts every file as published."""
    for ref in (f"origin/{branch}", branch):
        if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is None:
            continue
        # The branch's own line (--first-parent, merges against their first parent): a file
        # added and removed inside a merged pull request was never on the published branch.
        out = _git(
            root,
            *("log", ref, "--first-parent", "-m", "--format=", "--name-only", "-z"),
            *("--relative", "--", *paths),
        )
        return None if out is None else {p.strip("\n") for p in out.split("\0")} & set(paths)
    return None


def added(changes: tuple[Change, ...]) -> Change | None:
    """The oldest change that added the file (it may have been deleted and added again)."""
    return next((c for c in reversed(changes) if c.before is None), None)


class Versions:
    """Versions of files by blob id, through one `git cat-file --batch` for all of them."""

    def __init__(self, root: Path) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.root = root

    def text(self, blob: str) -> str | None:
        """The file as it was in that blob, or None (gone, or git failed)."""
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
            self.proc.wait(timeout=TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _answer(stdout: IO[bytes]) -> str | None:
    head_line = stdout.readline().split()
    if len(head_line) != 3 or head_line[1] != b"blob":
        return None  # "<sha> missing"
    body = stdout.read(int(head_line[2]) + 1)[:-1]  # the content, then a newline
    return body.decode("utf-8", "replace")
