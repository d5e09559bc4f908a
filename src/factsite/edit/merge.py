"""The three-way merge of a file a newsroom may have edited (`factsite upgrade`).

`git merge-file` does it, as git merges a branch: the newsroom's version, the text factsite
wrote before (the base) and the text it writes now. Lines changed on one side only are taken
from that side; lines changed on both sides differently become a conflict, marked as git marks
one, never resolved silently. A site is a git repository, so git is there.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: int  # 0: merged cleanly


def merge3(ours: str, base: str, theirs: str, labels: tuple[str, str, str]) -> Merged | str:
    """The merge of `ours` and `theirs` from `base`, or why it could not be made."""
    git = shutil.which("git")
    if git is None:
        return "git is not installed (a three-way merge needs git merge-file)"
    with tempfile.TemporaryDirectory(prefix="factsite-merge-") as tmp:
        paths = []
        for name, text in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp, name)
            path.write_text(text, encoding="utf-8")
            paths.append(str(path))
        argv = [git, "merge-file", "-p"]
        for label in labels:
            argv += ["-L", label]
        try:
            done = subprocess.run(  # noqa: S603 - fixed arguments, no shell
                [*argv, *paths], capture_output=True, timeout=60, check=False
            )
        except (OSError, subprocess.SubprocessError) as exc:
            return f"git merge-file failed: {exc}"
    if done.returncode < 0 or done.returncode > 127:
        return f"git merge-file failed: {done.stderr.decode('utf-8', 'replace').strip()}"
    return Merged(done.stdout.decode("utf-8"), done.returncode)
