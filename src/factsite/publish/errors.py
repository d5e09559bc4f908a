"""A file that cannot be written, as a problem: which file, and why in the system's words."""

from __future__ import annotations

import errno

from factsite.problems import Problem

_WHAT_TO_DO = {
    errno.ENOSPC: "free some space and run again",
    errno.EDQUOT: "free some space (the disk quota is used up) and run again",
    errno.EACCES: "make it writable and run again",
    errno.EPERM: "make it writable and run again",
    errno.EROFS: "run factsite where the project can be written",
}


def write_problem(rel: str, exc: OSError) -> Problem:
    """`write-failed` at `rel` (the file or folder, relative to the project) for `exc`."""
    why = exc.strerror or str(exc) or type(exc).__name__
    what = _WHAT_TO_DO.get(exc.errno or 0, "check the file and its folder, then run again")
    return Problem(
        rel, 1, 1, "write-failed", f"cannot write it: {why[:1].lower()}{why[1:]}; {what}"
    )
