"""`python -m factsite.publish.dirty_engine ARGS…`: MkDocs with ARGS (publish/engine.py builds
them: a strict dirty build) into a folder whose files are hard links to the published site's
(publish/incremental.py).

Two things stand between MkDocs' dirty mode and a strict build that cannot harm site/:
- MkDocs warns on every dirty build that navigation may be inaccurate, and `--strict` turns
  that warning into a failed build. factsite rebuilds every page whose output could depend on
  another page (incremental.py says which), so that warning is dropped, and with it the note
  that the folder holds stale files (the kept ones); every other message passes.
- MkDocs writes pages and copies files by opening the destination for writing, which would
  write through a hard link into the published site. Here every such write first removes the
  destination, so it lands in a new file of the folder being built, and site/ stays as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable
from typing import Any

from factsite.publish.engine import run_in_process

# What MkDocs says of every dirty build, true of its dirty builds but not of these.
DIRTY_NOTES = ("A 'dirty' build is being performed", "The directory contains stale files")


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_NOTES)


def _unlinking(write: Callable[..., None]) -> Callable[..., None]:
    """`write(source_or_content, output_path)` on a new file, never through a link."""

    def guarded(what: Any, output_path: str) -> None:
        # nothing there yet, or a folder (MkDocs' own to handle): nothing to remove
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            os.unlink(output_path)
        try:
            write(what, output_path)
        except OSError as e:  # name the file, as engine_log.py needs to report it
            if e.filename is not None:
                raise
            raise OSError(e.errno, e.strerror, output_path) from None

    return guarded


def main(argv: list[str]) -> int:
    from mkdocs import utils

    utils.write_file = _unlinking(utils.write_file)
    utils.copy_file = _unlinking(utils.copy_file)
    logging.getLogger("mkdocs.commands.build").addFilter(_DropDirtyWarning())
    return run_in_process(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
