"""The engine's stderr, passed on as it comes, except the traceback of a write that failed.

MkDocs does not catch an OSError: a full disk or a read-only folder ends its build in forty lines
of its internals. Such a traceback is held back, and when its last line names the file and the
reason (`OSError: [Errno 28] No space left on device: 'src' -> 'dest'`), it becomes one
write-failed problem on that file, named as it will be in the site (site/…, not the temporary
folder). Any other traceback is passed on whole: it is the engine's to explain.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from factsite.problems import Problem
from factsite.publish.errors import write_problem

_FAILED = re.compile(r"\w*Error: \[Errno (\d+)\] [^:]*: '([^']*)'(?: -> '([^']*)')?\s*")
_TRACEBACK = "Traceback (most recent call last):"


def relay(lines: Iterable[str], out: TextIO, *, building: Path, site: str) -> Problem | None:
    """Copy `lines` to `out`; the problem of a failed write, if a traceback ended in one.

    `building` is the folder the engine writes into, which the problem calls `site`.
    """
    held: list[str] = []
    problem = None
    for line in lines:
        if not held and not line.startswith(_TRACEBACK):
            out.write(line)
            out.flush()
            continue
        held.append(line)
        if line.startswith((" ", _TRACEBACK)):
            continue  # the traceback goes on
        failed = _FAILED.fullmatch(line)
        if failed is None:
            out.writelines(held)  # not a failed write: the engine's own to explain
        else:
            number, source, dest = failed.groups()
            path = _named(Path(dest or source), building, site)
            problem = write_problem(path, OSError(int(number), _strerror(int(number))))
        held = []
    out.writelines(held)  # a traceback cut short by the end of the output
    return problem


def _strerror(number: int) -> str:
    import os

    return os.strerror(number) if number in errno.errorcode else f"error {number}"


def _named(path: Path, building: Path, site: str) -> str:
    try:
        return f"{site}/{path.relative_to(building).as_posix()}"
    except ValueError:
        return path.as_posix()
