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
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from factsite.publish.pause import pause

BUILD_PREFIX, SHARDS_PREFIX, OLD_PREFIX = ".site-build-", ".site-shards-", ".site-old-"
_LEFTOVER = re.compile(r"\.site-(?:build|shards|old)-(?:(\d+)(?:-(.*))?|.*)")


def temp_prefix(prefix: str) -> str:
    """The start of this process's temporary folder names: `prefix` and the pid."""
    return f"{prefix}{os.getpid()}-"


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
