"""`factsite upgrade`: bring what a newer factsite's template changes into the files `init` wrote.

`init` keeps what it wrote in .factsite/init.json (render/site_template.py's record). For each
file, three texts: the site's own (edits and all), the record's (the base), and what this
factsite writes with the same settings. A file the newsroom never edited takes the new text;
an edited one is merged three ways (edit/merge.py), keeping the edits; where both changed
the same lines the file gets git's conflict markers and the command fails, naming it. Nothing
is overwritten silently, and `--dry-run` shows the changes without writing. The record then
holds the new texts, the base of the next upgrade.
"""

from __future__ import annotations

import difflib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from factsite import __version__
from factsite.commands.options import Options
from factsite.edit.merge import Merged, merge3
from factsite.publish.write import atomic_write
from factsite.render.site_template import (
    NOT_RECORDED,
    RECORD,
    Settings,
    record_text,
    settings_of,
    site_files,
)


@dataclass(frozen=True)
class Change:
    path: str
    action: str  # updated, merged, conflict, added, kept: what happens to the file
    text: str | None  # the file's new text; None: left as it is
    why: str = ""


def upgrade(opts: Options) -> int:
    """0 upgraded (or nothing to do), 1 conflicts left in files, 2 no record or no merge."""
    root = opts.root
    record = _read_record(root / RECORD)
    if isinstance(record, str):
        print(f"factsite upgrade: error: {record}", file=sys.stderr)
        return 2
    # The settings init recorded, the factsite line of requirements.txt included: which
    # factsite the site installs is the newsroom's choice (that line is how it upgrades).
    settings, base, made_by = record
    site = site_files(settings)
    new = {k: v for k, v in site.items() if k not in NOT_RECORDED}
    changes = []
    for path in sorted(set(new) | set(base)):
        change = _change(root, path, base.get(path), new.get(path), made_by)
        if isinstance(change, str):
            print(f"factsite upgrade: error: {path}: {change}", file=sys.stderr)
            return 2
        if change is not None:
            changes.append(change)
    for change in changes:
        print(f"{change.action:<8} {change.path}{f'  ({change.why})' if change.why else ''}")
        if opts.dry_run and change.text is not None:
            sys.stdout.writelines(_diff(root, change))
    if opts.dry_run:
        print(f"upgrade: {len(changes)} file(s) would change; nothing written (--dry-run)")
        return 0
    for change in changes:
        if change.text is not None:
            (root / change.path).parent.mkdir(parents=True, exist_ok=True)
            atomic_write(root / change.path, change.text.encode("utf-8"))
    atomic_write(root / RECORD, record_text(settings, site).encode("utf-8"))
    conflicts = [c.path for c in changes if c.action == "conflict"]
    print(f"upgrade: from factsite {made_by} to {__version__}, {len(changes)} file(s) changed")
    if conflicts:
        print(
            f"factsite upgrade: {len(conflicts)} file(s) with conflicts, marked <<<<<<< and "
            f">>>>>>> as git marks them: {', '.join(conflicts)}; keep what is right in each, "
            "remove the markers, then factsite validate",
            file=sys.stderr,
        )
        return 1
    return 0


def _read_record(path: Path) -> tuple[Settings, dict[str, str], str] | str:
    if not path.is_file():
        return (
            f"no {RECORD}: this site was made before factsite recorded what init wrote, or it "
            "is not a site. Compare your files with a new `factsite init` into a scratch folder"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
        made_by = str(data["factsite"])
        settings = settings_of(data)
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise TypeError("files")
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return f"{RECORD} is not a record that factsite wrote ({type(exc).__name__}: {exc})"
    return settings, files, made_by


def _change(
    root: Path, path: str, base: str | None, theirs: str | None, made_by: str
) -> Change | str | None:
    """What happens to one file; None: nothing."""
    if theirs == base:
        return None  # the template did not change it: whatever the site has stays
    file = root / path
    ours = file.read_text(encoding="utf-8") if file.is_file() else None
    if theirs is None:
        return Change(path, "kept", None, "factsite no longer writes it; yours to keep or remove")
    if ours is None:
        if base is None:
            return Change(path, "added", theirs)
        return Change(path, "kept", None, "removed here; the template changed it, not restored")
    if ours == theirs:
        return None
    if ours == base:
        return Change(path, "updated", theirs)
    labels = ("this site", f"factsite {made_by}", f"factsite {__version__}")
    merged = merge3(ours, base or "", theirs, labels)
    if not isinstance(merged, Merged):
        return merged
    if merged.conflicts:
        return Change(path, "conflict", merged.text, f"{merged.conflicts} conflict(s)")
    return Change(path, "merged", merged.text, "your edits kept")


def _diff(root: Path, change: Change) -> list[str]:
    file = root / change.path
    old = file.read_text(encoding="utf-8") if file.is_file() else ""
    return list(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            (change.text or "").splitlines(keepends=True),
            f"a/{change.path}",
            f"b/{change.path}",
        )
    )
