"""A file that cannot be written, as a problem: which file, and why in the system's words."""

from __future__ import annotations

import errno
from pathlib import Path

from factsite.problems import Problem

_WHAT_TO_DO = {
    errno.ENOSPC: "free some space and run again",
    errno.EDQUOT: "free some space (the disk quota is used up) and run again",
    errno.EACCES: "make it writable and run again",
    errno.EPERM: "make it writable and run again",
    errno.EROFS: "run factsite where the project can be written",
}


def placed(root: Path, folder: Path) -> tuple[Path, str]:
    """`folder` (relative to the project `root`, or absolute) made absolute, and as a problem
    names it: relative to the project when inside it."""
    folder = folder if folder.is_absolute() else root / folder
    return folder, folder.relative_to(root).as_posix() if folder.is_relative_to(root) else str(
        folder
    )


def site_write_problem(site_dir: Path, shown: str, exc: OSError) -> Problem:
    """`write-failed` for a write into the site folder `site_dir` (named `shown`): at the file
    the error names when it is in there, else at the folder."""
    name = Path(exc.filename or site_dir)
    rel = name.relative_to(site_dir).as_posix() if name.is_relative_to(site_dir) else ""
    return write_problem(f"{shown}/{rel}".rstrip("/"), exc)


def write_problem(rel: str, exc: OSError) -> Problem:
    """`write-failed` at `rel` (the file or folder, relative to the project) for `exc`."""
    why = exc.strerror or str(exc) or type(exc).__name__
    what = _WHAT_TO_DO.get(exc.errno or 0, "check the file and its folder, then run again")
    return Problem(
        rel, 1, 1, "write-failed", f"cannot write it: {why[:1].lower()}{why[1:]}; {what}"
    )
