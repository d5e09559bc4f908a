"""What `factsite serve` watches: the files a render reads and the pages MkDocs builds.

A watchdog Observer (inotify on Linux: one watch per folder, no polling) on exactly these,
never on the whole project (its .venv/, .git/ and site/ are large and none of its business):
- claims/ and articles/ (INPUT_DIRS), recursively;
- the project's root, alone, for the scale, the topics and mkdocs.yml; schema/, alone, for the
  claim schema (INPUT_FILES, CONFIG_FILE);
- locales/ and templates/, the site's own words and templates (LOCALES_DIR, TEMPLATES_DIR);
- docs/, recursively, less what factsite writes there (OWNED_DIRS, OWNED_FILES, MANIFEST and
  the `.tmp-*` files of a write) and dot-files, which MkDocs does not publish: otherwise every
  render would be a change.
Editors' own files (swap files, backups, lock files) are no change either. A file created,
changed or removed is a change, and a move is one at both ends; a folder removed or moved is
one, a folder made is not (the files put in it are: render makes docs/assets/, for one, and
watchdog reports what a folder moved in holds). A watched folder that appears
later (claims/ made after the start, docs/ removed and made again) is watched from the next
`wait` on, and counts as a change itself: the render that follows reads whatever is in it.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path, PurePosixPath

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

from factsite.load.files import DOCS_DIR, INPUT_DIRS, INPUT_FILES, MANIFEST, OWNED_DIRS
from factsite.load.site_config import CONFIG_FILE, LOCALES_DIR, TEMPLATES_DIR
from factsite.publish.write import TMP_PREFIX, owned

FILES = frozenset((*INPUT_FILES, CONFIG_FILE))  # the files render reads, outside INPUT_DIRS
OWN = (LOCALES_DIR, TEMPLATES_DIR)  # a site's own messages and templates (render/i18n.py)
TREES = (*INPUT_DIRS, DOCS_DIR, *OWN)  # watched recursively
ALONE = tuple(sorted({str(PurePosixPath(f).parent) for f in FILES} - {"."}))  # schema/
CHANGES = frozenset(("created", "modified", "deleted", "moved"))  # not opened, closed, attrib
GONE = ("deleted", "moved")  # of a folder: what it held changed
QUIET_S = 0.1  # a change is reported once nothing more happened for this long
MOST_S = 1.0  # ... or this long after the first, if changes keep coming


def watched(rel: str) -> bool:
    """Whether a change to `rel` (relative to the root, with /) can change the site."""
    if rel in FILES:
        return True
    parts = PurePosixPath(rel).parts
    if not parts or _editors(parts[-1]):
        return False
    if parts[0] in INPUT_DIRS:
        return not any(p.startswith(".") for p in parts[1:-1])  # the loader skips those
    if parts[0] in OWN:
        return not any(p.startswith(".") for p in parts[1:])
    if parts[0] != DOCS_DIR:
        return False
    if len(parts) == 1:
        return True  # docs/ itself, made or removed
    page = "/".join(parts[1:])
    return not (
        owned(page)  # what publish/write.py generates (OWNED_DIRS, OWNED_FILES)
        or page in OWNED_DIRS
        or page == MANIFEST
        or any(p.startswith(".") for p in parts[1:])  # .tmp-* too (publish/write.py)
    )


def _editors(name: str) -> bool:
    """An editor's swap, backup or lock file, or a temporary file of publish/write.py."""
    return (
        name.startswith((".#", TMP_PREFIX))
        or name.endswith(("~", ".swp", ".swx"))
        or (name.startswith("#") and name.endswith("#"))
        or name == "4913"  # vim's test of whether it may write in the folder
    )


class Watcher:
    """The inputs of the site, watched from `start()` to `close()`."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._observer: BaseObserver = Observer()
        self._watches: dict[str, ObservedWatch] = {}
        self._changed = threading.Condition()
        self._paths: set[str] = set()
        self._appeared: set[str] = set()  # watched folders made since: to watch
        self._first = self._last = 0.0

    def start(self) -> str | None:
        """Watch; None, or why not (such as the system's limit on watches)."""
        try:
            self._schedule(".", recursive=False)
            for name in (*ALONE, *TREES):
                if (self.root / name).is_dir():
                    self._schedule(name, recursive=name in TREES)
            self._observer.start()
        except OSError as exc:
            return f"cannot watch the project's files: {exc.strerror or exc}"
        return None

    def close(self) -> None:
        if self._observer.is_alive():
            self._observer.stop()
            self._observer.join(timeout=5)

    def wait(self, timeout: float) -> set[str]:
        """The paths changed (relative to the root), once QUIET_S passed without another
        change; an empty set if nothing changed within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._paths and not self._appeared:
                left = deadline - time.monotonic()
                if left <= 0:
                    return set()
                self._changed.wait(left)
            while (left := self._settled() - time.monotonic()) > 0:
                self._changed.wait(left)
            paths, self._paths = self._paths, set()
            appeared, self._appeared = self._appeared, set()
        for name in sorted(appeared):
            if (self.root / name).is_dir():
                self._reschedule(name)
        return paths | appeared

    def waiting(self) -> bool:
        """Whether a change has come since the last `wait` returned."""
        with self._changed:
            return bool(self._paths or self._appeared)

    def _settled(self) -> float:
        return min(self._last + QUIET_S, self._first + MOST_S)

    def _schedule(self, name: str, *, recursive: bool) -> None:
        path = self.root if name == "." else self.root / name
        self._watches[name] = self._observer.schedule(
            _Events(self), os.fspath(path), recursive=recursive
        )

    def _reschedule(self, name: str) -> None:
        """Watch a folder made again (the watch of the one removed ended with it)."""
        old = self._watches.pop(name, None)
        try:
            if old is not None:
                self._observer.unschedule(old)
            self._schedule(name, recursive=name in TREES)
        except (OSError, KeyError):
            pass  # gone again already, or never watched: its next appearance tries again

    def _record(self, event: FileSystemEvent) -> None:
        kind = event.event_type
        if kind not in CHANGES:
            return
        ends = [os.fsdecode(event.src_path), os.fsdecode(getattr(event, "dest_path", "") or "")]
        rels = {r for r in map(self._rel, filter(None, ends)) if r is not None}
        # a folder made or changed is no change: what it holds brings events of its own
        found = {r for r in rels if watched(r)} if not event.is_directory or kind in GONE else set()
        made: set[str] = set()
        if event.is_directory and kind in ("created", "moved"):  # a watched folder appears?
            made = {r for r in rels if r in (*ALONE, *TREES) and (self.root / r).is_dir()}
        if not found and not made:
            return
        now = time.monotonic()
        with self._changed:
            if not self._paths and not self._appeared:
                self._first = now
            self._last = now
            self._paths |= found
            self._appeared |= made
            self._changed.notify_all()

    def _rel(self, path: str) -> str | None:
        try:
            return Path(path).relative_to(self.root).as_posix()
        except ValueError:
            return None


class _Events(FileSystemEventHandler):
    """Hands each event of a watch to the Watcher (on the observer's thread)."""

    def __init__(self, watcher: Watcher) -> None:
        self._watcher = watcher

    def on_any_event(self, event: FileSystemEvent) -> None:
        self._watcher._record(event)
