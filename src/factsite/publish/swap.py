"""Put a freshly built site in the place of site/, and repair what a killed build left.

The engine builds into a fresh folder beside site/ (`.site-build-<pid>-*`), never into site/.
On success, two renames: site/ to `.site-old-<pid>-site`, then the new folder to site/; the old
site is renamed once more, into the build's now free name, and removed. So, at every moment a
build can be killed:
- site/ is the previous complete site or the new complete one, except between the two renames
  (microseconds), when it does not exist and `.site-old-<pid>-site` is the previous site;
- a `.site-old-*` folder is always a complete site: it is removed only under another name.
Linux's renameat2(RENAME_EXCHANGE) would close that gap, but Python does not offer it, and
site/ must stay a real folder (GitHub Pages' upload action reads it), not a symlink to switch.

`recover` runs first in every render, build, serve and clean, under the project's lock: it puts
a `.site-old-*` back when site/ is missing, then removes the temporary folders of runs that are
no longer alive (`.site-build-*`, `.site-old-*`, and `.site-shards-*` of older versions). The
lock is the record of liveness: every run that builds holds it, and so do the processes it
starts, so beside the project's own site/ every such folder is a dead run's. Only a site
folder outside the project (`--site-dir`), whose parent other projects may share, falls back
to the pid in each name; pids are reused (in a container, from 1), so there a folder may
outlive its run.

A build after a change swaps nothing: it moves the few files it made into site/ and removes
those it no longer makes, through a `Journal` (`.site-undo-<pid>-site`): before each step, a
line saying what it does; each replaced or removed file kept there as a hard link. Closing the
journal deletes it; a run killed before that leaves it, and `recover` undoes every step it
names, newest first, so site/ is again the previous complete site. Touching only what changed
spares the 60,000 links and deletes of a swap (seconds to a minute at 10,000 claims).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from factsite.publish.pause import pause

BUILD_PREFIX, SHARDS_PREFIX, OLD_PREFIX = ".site-build-", ".site-shards-", ".site-old-"
UNDO_PREFIX = ".site-undo-"
_LEFTOVER = re.compile(r"\.site-(?:build|shards|old|undo)-(?:(\d+)(?:-(.*))?|.*)")
_STEPS = "journal"  # in an undo folder: one JSON line per step, written before the step
_KEPT = "kept"  # in an undo folder: the files replaced or removed, as they were


def temp_prefix(prefix: str) -> str:
    """The start of this process's temporary folder names: `prefix` and the pid."""
    return f"{prefix}{os.getpid()}-"


def build_folder(beside: Path) -> Path:
    """A new, empty folder with a build's name beside the folder `beside` (on its disk, so
    that its files can be renamed there; recover removes it if the run is killed). Raises
    OSError."""
    beside.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=temp_prefix(BUILD_PREFIX), dir=beside.parent))


class Remover:
    """Removes previous sites in threads, so that a preview shows the new site without
    waiting for the disk to forget the old one (28 to 48 s for 60,000 files at 10,000 claims
    on a busy disk). Each folder has a name of its own (a build's), so removals never meet;
    one cut short by the end of the process is finished by the next run's recover()."""

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []

    def remove(self, folder: Path) -> None:
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(
            target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True}, daemon=True
        )
        thread.start()
        self._threads.append(thread)

    def wait(self) -> None:
        for thread in self._threads:
            thread.join()
        self._threads = []


def swap(new: Path, site_dir: Path, remover: Remover | None = None) -> None:
    """Put the complete site `new` in the place of site_dir (see the module's docstring);
    the previous site is removed now, or by `remover` meanwhile."""
    if not site_dir.exists():
        new.rename(site_dir)
        return
    old = site_dir.with_name(f"{OLD_PREFIX}{os.getpid()}-{site_dir.name}")
    site_dir.rename(old)
    pause("swap")  # a test kills the build here, where site/ does not exist
    try:
        new.rename(site_dir)
    except OSError:
        old.rename(site_dir)  # the previous site stays where it was
        raise
    old.rename(new)  # a name that is never put back: removing it may be cut short
    if remover is not None:
        remover.remove(new)
    else:
        shutil.rmtree(new, ignore_errors=True)


@dataclass
class Recovery:
    restored: str | None = None  # the site folder put back from .site-old-*
    undone: str | None = None  # the site folder whose half-made changes were undone
    removed: list[str] = field(default_factory=list)


def recover(site_dir: Path, project: Path) -> Recovery:
    """Undo what killed builds left beside site_dir (see the module's docstring); the caller
    holds the lock of `project`."""
    done = Recovery()
    parent = site_dir.parent
    try:
        names = sorted(os.listdir(parent))
        ours = parent.resolve() == project.resolve()  # the lock covers every run here
    except OSError:
        return done
    stale = [n for n in names if (m := _LEFTOVER.fullmatch(n)) and (ours or not _alive(m.group(1)))]
    for name in [n for n in stale if n.startswith(UNDO_PREFIX)]:
        if name.endswith(f"-{site_dir.name}") and (parent / name / _STEPS).is_file():
            undo(parent / name, site_dir)
            done.undone = site_dir.name
    if not site_dir.exists():
        olds = [n for n in stale if n.startswith(OLD_PREFIX) and n.endswith(f"-{site_dir.name}")]
        if olds:
            newest = max(olds, key=lambda n: os.lstat(parent / n).st_mtime_ns)
            (parent / newest).rename(site_dir)
            stale.remove(newest)
            done.restored = site_dir.name
    for name in stale:
        path = parent / name
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
            done.removed.append(name)
    return done


def _alive(pid: str | None) -> bool:
    """Whether the process named in a folder's name still runs (None: an unnamed, old one)."""
    if pid is None:
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # another user's process, or not a pid we can ask about: leave it
    try:  # Linux: a killed process nobody has reaped yet is a zombie, as good as gone
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[:1] != ["Z"]


class Journal:
    """Changes to site_dir that a killed run leaves undoable (the module's docstring). Every
    method raises OSError; on one, the caller calls `undo` (and a run killed meanwhile is
    undone by the next run's recover). Close it once every step is done."""

    def __init__(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.folder = site_dir.with_name(f"{UNDO_PREFIX}{os.getpid()}-{site_dir.name}")
        if self.folder.exists():  # one journal per run and site: a previous one was closed
            shutil.rmtree(self.folder)
        (self.folder / _KEPT).mkdir(parents=True)
        self._steps = os.open(self.folder / _STEPS, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def _step(self, **step: object) -> None:
        os.write(self._steps, (json.dumps(step) + "\n").encode())  # in the kernel before the step

    def _parent(self, rel: str) -> None:
        """rel's folders in site_dir, each one made noted, so that undo removes it."""
        missing = []
        folder = (self.site_dir / rel).parent
        while folder != self.site_dir and not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            self._step(made=folder.relative_to(self.site_dir).as_posix())
            folder.mkdir()

    def put(self, source: Path, rel: str) -> None:
        """The file `source` renamed to rel in site_dir (same file system), the one it
        replaces kept."""
        target = self.site_dir / rel
        self._parent(rel)
        had = target.exists()
        self._step(put=rel, had=had)
        if had:
            kept = self.folder / _KEPT / rel
            kept.parent.mkdir(parents=True, exist_ok=True)
            os.link(target, kept)
        os.replace(source, target)

    def put_all(self, tmp: Path, rels: Iterable[str]) -> None:
        for rel in rels:
            self.put(tmp / rel, rel)

    def remove(self, rel: str) -> None:
        """The file rel of site_dir removed (kept in the journal until it closes)."""
        target = self.site_dir / rel
        if not target.exists():
            return
        self._step(put=rel, had=True)
        kept = self.folder / _KEPT / rel
        kept.parent.mkdir(parents=True, exist_ok=True)
        os.replace(target, kept)

    def close(self) -> None:
        """Every step done: the changes stay."""
        os.close(self._steps)
        os.unlink(self.folder / _STEPS)  # from here on, recover would not undo
        shutil.rmtree(self.folder, ignore_errors=True)

    def undo(self) -> None:
        """Put site_dir back as it was before the first step (after a failed step)."""
        os.close(self._steps)
        undo(self.folder, self.site_dir)


def undo(folder: Path, site_dir: Path) -> None:
    """Undo the steps of the journal in `folder` on site_dir, newest first, then remove
    the folder. A step the run was killed before (written, not done) undoes to nothing."""
    lines = (folder / _STEPS).read_text("utf-8").splitlines()
    steps = []
    for line in lines:
        try:
            steps.append(json.loads(line))
        except ValueError:
            break  # cut short by the kill: its step was not begun
    for step in reversed(steps):
        if "made" in step:
            with contextlib.suppress(OSError):  # not made yet, or holds another file
                (site_dir / step["made"]).rmdir()
            continue
        rel = step["put"]
        kept = folder / _KEPT / rel
        if step["had"]:
            if kept.exists():
                os.replace(kept, site_dir / rel)
        else:
            with contextlib.suppress(FileNotFoundError):  # the step was never done
                (site_dir / rel).unlink()
    shutil.rmtree(folder, ignore_errors=True)
